/* policy: loads and validates a `version: 1` policy file (SPEC section 4).
 * Strict: unknown keys, wrong types, duplicate keys, contradictory
 * thresholds and unset ${VAR}s are errors with file:line:col, collected all
 * at once so `mlgate lint` can show every problem.  The loader owns the top
 * level (version, name, metrics, baseline path, waivers); every other key
 * is a section from the table it is given (section.h), which owns its part. */
#ifndef MLGATE_POLICY_H
#define MLGATE_POLICY_H

#include <stddef.h>

#include "common/util.h"
#include "core/gate.h"
#include "core/pol.h"
#include "core/section.h"
#include "ext/yamltree.h"

#define POLICY_MAX_BYTES (4u << 20)
/* At most this many entries in `model:` and in `waivers:` (checks that pair
 * entries stay fast; real policies have tens). */
#define POLICY_MAX_ENTRIES 10000

struct policy {
	char *path;          /* as given ("-" for stdin) */
	char *text;          /* the bytes read, for provenance hashes */
	size_t text_len;
	struct ynode *root;
	char *name;
	char *metrics_path;  /* resolved relative to the policy; NULL if none */
	int metrics_line, metrics_col;
	char *baseline_path; /* likewise */
	struct waiver *waivers;
	size_t nwaivers;
	/* the sections, one opaque slot per table entry (NULL when absent) */
	const struct section_table *table;
	void **sec;
	size_t nsec;
	void *baseline_sec;  /* `baseline:` as a mapping (table->baseline) */
	void *metrics_sec;   /* `metrics:` as a mapping (table->metrics) */
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

/* Load and validate with the sections of `t`.  Returns the policy, or NULL
 * with every problem added to `d` (codes: 2 for policy problems, 3 when the
 * file cannot be read). */
struct policy *policy_load(const char *path, const struct section_table *t,
			   const struct policy_opts *o, struct mg_diags *d);
/* The same for a policy already in memory (`len` bytes, not necessarily
 * NUL-terminated); `name` stands for the file in messages and is the base
 * for relative paths.  Used by the fuzz targets. */
struct policy *policy_load_buffer(const char *text, size_t len,
				  const char *name,
				  const struct section_table *t,
				  const struct policy_opts *o,
				  struct mg_diags *d);
void policy_free(struct policy *p);

/* The parsed form of the section `ops` (a table entry or the table's
 * baseline), or NULL when the policy does not have it. */
const void *policy_section(const struct policy *p, const struct section_ops *ops);

/* Resolve a path written in the policy (relative to the policy's folder). */
char *policy_path(const struct policy *p, const char *rel);

#endif
