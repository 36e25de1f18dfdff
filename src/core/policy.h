/* policy: loads and validates a `version: 1` policy file (SPEC section 4).
 * Strict: unknown keys, wrong types, duplicate keys, contradictory
 * thresholds and unset ${VAR}s are errors with file:line:col, collected all
 * at once so `mlgate lint` can show every problem.  Each top-level section
 * other than the model gates is parsed by the module that evaluates it
 * (sections.h), with the helpers declared below. */
#ifndef MLGATE_POLICY_H
#define MLGATE_POLICY_H

#include <stddef.h>

#include "core/gate.h"
#include "common/util.h"
#include "core/pol.h"
#include "ext/yamltree.h"

#define POLICY_MAX_BYTES (4u << 20)
/* At most this many entries in `model:` and in `waivers:` (checks that pair
 * entries stay fast; real policies have tens). */
#define POLICY_MAX_ENTRIES 10000

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

struct data_policy;
struct predictions_policy;
struct artifacts_policy;
struct latency_policy;
struct promote_policy;
struct registry_baseline;

struct policy {
	char *path;          /* as given ("-" for stdin) */
	char *text;          /* the bytes read, for provenance hashes */
	size_t text_len;
	struct ynode *root;
	char *name;
	char *metrics_path;  /* resolved relative to the policy; NULL if none */
	int metrics_line, metrics_col;
	char *baseline_path; /* likewise */
	struct registry_baseline *baseline_registry; /* baseline: {mlflow: ...} */
	struct metric_rule *rules;
	size_t nrules;
	struct waiver *waivers;
	size_t nwaivers;
	/* sections owned by their modules */
	struct data_policy *data;
	struct predictions_policy *predictions;
	struct artifacts_policy *artifacts;
	struct latency_policy *latency;
	struct promote_policy *promote;
	/* how many gates the policy declares, over all sections */
	size_t ngates;
};

struct policy_opts {
	const char *metrics;   /* --metrics: replaces `metrics:` */
	const char *baseline;  /* --baseline */
	const char *const *sets; /* --set KEY=VALUE */
	size_t nsets;
	int allow_no_gates;    /* `mlgate promote`: a policy may declare only promotion */
};

/* Load and validate.  Returns the policy, or NULL with every problem added
 * to `d` (codes: 2 for policy problems, 3 when the file cannot be read). */
struct policy *policy_load(const char *path, const struct policy_opts *o,
			   struct mg_diags *d);
/* The same for a policy already in memory (`len` bytes, not necessarily
 * NUL-terminated); `name` stands for the file in messages and is the base
 * for relative paths.  Used by the fuzz targets. */
struct policy *policy_load_buffer(const char *text, size_t len,
				  const char *name, const struct policy_opts *o,
				  struct mg_diags *d);
void policy_free(struct policy *p);

/* Resolve a path written in the policy (relative to the policy's folder). */
char *policy_path(const struct policy *p, const char *rel);

#endif
