/* section: one top-level policy section (`model:`, `data:`, ...) behind one
 * const ops table.  The loader (policy.c) iterates the table it is given and
 * owns the parsed objects; each section owns the parsed form it returns and
 * the gates it appends.  The concrete table lives in run/sections.c. */
#ifndef MLGATE_SECTION_H
#define MLGATE_SECTION_H

#include <stddef.h>

#include "core/gate.h"
#include "core/pol.h"

struct jval;

/* What a section reads besides its own parsed form: the documents the run
 * core loaded for it (section_ops.needs says which). */
struct eval_ctx {
	const char *policy_file;     /* the policy, for messages */
	const struct jval *metrics;  /* NULL when it could not be loaded */
	const char *metrics_error;   /* why not ("file:line: msg"), or NULL */
	const struct jval *baseline; /* NULL when not loaded */
	const char *baseline_skip;   /* baseline NULL on purpose (a first
				      * promotion, `if_missing: skip`): why,
				      * for the skipped gates */
};

/* Inputs a section needs the run core to load (section_ops.needs). */
enum section_need {
	SECTION_NEEDS_METRICS = 1u << 0,
	SECTION_NEEDS_BASELINE = 1u << 1,
};

struct section_ops {
	const char *key; /* the top-level policy key */
	/* Validate `n` (the value under `key`) into c->d.  Sets *out to the
	 * parsed form (also on failure, when there is something to free) and
	 * *ngates to the number of gates it declares.  0 or -1. */
	int (*parse)(struct pol_ctx *c, const struct ynode *n, void **out,
		     size_t *ngates);
	/* Which of enum section_need the parsed form needs; NULL = none. */
	unsigned (*needs)(const void *sec);
	/* Append gate results.  -1 only for a failure that stops the whole
	 * run (err set); a gate that cannot be evaluated is a gate with status
	 * error.  NULL for a section without gates. */
	int (*evaluate)(const void *sec, const struct eval_ctx *ctx,
			struct gate_list *gates, struct mg_error *err);
	void (*free)(void *sec);
};

/* The sections one loader knows, in evaluation order. */
struct section_table {
	const struct section_ops *const *sections; /* NULL-terminated */
	/* parses `baseline:` when it is a mapping (a registry baseline);
	 * NULL = `baseline:` must be a path */
	const struct section_ops *baseline;
	/* parses `metrics:` when it is a mapping (metrics from a registry
	 * run); NULL = `metrics:` must be a path */
	const struct section_ops *metrics;
};

#endif
