/* modelgates: the `model:` section -- thresholds on metrics.json values and
 * comparisons with the production baseline.  It owns the parsed rules; the
 * metrics and baseline documents arrive in the evaluation context, loaded
 * by the run core. */
#ifndef MLGATE_MODELGATES_H
#define MLGATE_MODELGATES_H

#include <stddef.h>

#include "core/gate.h"
#include "core/section.h"

/* The baseline comparisons a model gate may declare, in report order. */
enum metric_cmp {
	MC_MAX_DROP, MC_MAX_DROP_PCT, MC_MAX_RISE, MC_MAX_RISE_PCT, MC_N
};

/* A metric gate from `model:` (one entry may declare several thresholds). */
struct metric_rule {
	char *metric;   /* dot path or JSON Pointer */
	enum gate_severity severity;
	struct bound min, max; /* on the value itself: the low side (min or gt)
				* and the high side (max or lt), warn levels
				* included */
	/* baseline comparisons: value is the amount allowed, op how the value
	 * compares with the threshold derived from the baseline */
	struct bound cmp[MC_N];
	int line, col;  /* the entry, for reports */
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
