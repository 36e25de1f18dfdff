/* pol: helpers for policy section parsers.  A parser validates its subtree
 * with these getters; every problem goes to the context's diagnostics with
 * file:line:col.  This module owns no policy state: the loader (policy.c)
 * and the sections (section.h) own what they parse. */
#ifndef MLGATE_POL_H
#define MLGATE_POL_H

#include <stddef.h>

#include "common/util.h"
#include "core/gate.h"
#include "ext/yamltree.h"

/* One parse of one policy: the file named in messages (also the base for
 * relative paths; "-" for stdin), the diagnostics every problem goes to, and
 * what the top level declares that a section may need to know. */
struct pol_ctx {
	const char *file;
	struct mg_diags *d;
	int has_metrics;  /* a metrics file is set (`metrics:` or --metrics) */
	int has_baseline; /* a baseline is set (a path or a registry) */
	const struct ynode *root; /* the whole policy, for positions */
};

int pol_err(struct pol_ctx *c, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Node must be of `kind`; otherwise an error naming `what`.  0 or -1. */
int pol_expect(struct pol_ctx *c, const struct ynode *n, enum ynode_kind kind,
	       const char *what);
/* Every key of `map` must be in `allowed` (NULL-terminated); unknown keys
 * get a "did you mean" hint.  Returns the number of unknown keys. */
int pol_check_keys(struct pol_ctx *c, const struct ynode *map,
		   const char *const *allowed, const char *where);
/* Typed getters: the key may be absent (returns 0, *present = 0); a present
 * key of the wrong type is an error (-1). */
int pol_get_number(struct pol_ctx *c, const struct ynode *map, const char *key,
		   double *out, int *present);
int pol_get_string(struct pol_ctx *c, const struct ynode *map, const char *key,
		   const char **out);
int pol_get_bool(struct pol_ctx *c, const struct ynode *map, const char *key,
		 int *out, int *present);
/* A list of strings; *out is a NULL-terminated array the caller frees
 * (pointers into the tree), *n its length. */
int pol_get_string_list(struct pol_ctx *c, const struct ynode *map,
			const char *key, const char **out[], size_t *n);
/* A number as a bound: when `key` is present, *out gets `op`, the value and
 * the key's position; when absent, *out is unset (OP_NONE). */
int pol_get_bound(struct pol_ctx *c, const struct ynode *map, const char *key,
		  enum gate_op op, struct bound *out);
/* The keys of a threshold: an inclusive and a strict one for the low side
 * (min, gt) and for the high side (max, lt), NULL where the gate has no
 * such bound; every value (of the failing bounds and the warn levels) must
 * lie in [lo, hi]. */
struct pol_bounds {
	const char *min, *gt, *max, *lt;
	double lo, hi;
};
/* min, gt, max, lt on any number. */
extern const struct pol_bounds pol_bounds_range;

/* The thresholds mapping `m` declares with the keys of `k` (beside other
 * keys the caller checks): *lo gets the low side, *hi the high side, each
 * with the level of `warn: {...}` on that side.  Refused with the key's
 * position: both keys of one side (min with gt), a value outside [k->lo,
 * k->hi], an empty interval (min > max, gt >= lt, ...) of the failing
 * bounds or of the warn levels, a warn level that is not tighter than the
 * failing bound on its side (it could never warn), and an empty or unknown
 * `warn`.  Nothing declared leaves both unset.  0 or -1. */
int pol_get_bounds(struct pol_ctx *c, const struct ynode *m,
		   const struct pol_bounds *k, const char *where,
		   struct bound *lo, struct bound *hi);
/* `key: {min, gt, max, lt, warn}` -- the keys of `k` (NULL: any number)
 * and nothing else, at least one of them: pol_get_bounds on the mapping. */
int pol_get_range(struct pol_ctx *c, const struct ynode *map, const char *key,
		  const struct pol_bounds *k, struct bound *lo,
		  struct bound *hi);
/* "'min', 'gt', 'max' or 'lt'": the keys of `k`, for messages. */
const char *pol_bounds_text(const struct pol_bounds *k, char *buf, size_t size);
/* `severity: error|warn` (absent = error). */
int pol_get_severity(struct pol_ctx *c, const struct ynode *map,
		     enum gate_severity *out);

/* A path written in the policy, resolved relative to the policy's folder;
 * one outside the workspace (trust_confine) is also an error, at the
 * position of the scalar that names it. */
char *pol_path(const struct pol_ctx *c, const char *rel);

#endif
