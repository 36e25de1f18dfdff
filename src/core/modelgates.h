/* modelgates: the `model:` section -- thresholds on metrics.json values and
 * comparisons with the production baseline.  It owns the parsed rules; the
 * metrics and baseline documents arrive in the evaluation context, loaded
 * by the run core. */
#ifndef MLGATE_MODELGATES_H
#define MLGATE_MODELGATES_H

#include <stddef.h>

#include "core/gate.h"
#include "core/section.h"

/* A metric gate from `model:` (one entry may declare several thresholds). */
struct metric_rule {
	char *metric;   /* dot path or JSON Pointer */
	enum gate_severity severity;
	int has_min, has_max;
	double min, max;
	/* baseline comparisons; has_* flags say which are set */
	int has_max_drop, has_max_drop_pct, has_max_rise, has_max_rise_pct;
	double max_drop, max_drop_pct, max_rise, max_rise_pct;
	/* positions of the entry and of each threshold, for reports */
	int line, col;
	int min_line, max_line, drop_line, drop_pct_line, rise_line, rise_pct_line;
	char *description;
};

/* The parsed `model:` section. */
struct modelgates {
	struct metric_rule *rules;
	size_t nrules;
};

extern const struct section_ops modelgates_section;

/* Append one gate per threshold of every rule.  ctx->baseline may be NULL
 * when no rule compares with it; ctx->metrics may be NULL when the metrics
 * file could not be loaded (ctx->metrics_error says why), and then every
 * gate is an error. */
void modelgates_evaluate(const struct modelgates *m, const struct eval_ctx *ctx,
			 struct gate_list *gates);

#endif
