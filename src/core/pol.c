/* pol: the helpers every policy section parser uses -- typed getters, key
 * checks and errors with the policy file's positions, all reported into one
 * diagnostics list.  Below the policy loader and below every section. */
#define _POSIX_C_SOURCE 200809L
#include "core/pol.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/trust.h"

#define PATH_MAX_MSG 1200

int pol_err(struct pol_ctx *c, const struct ynode *at, const char *fmt, ...)
{
	struct mg_error e;
	va_list ap;

	va_start(ap, fmt);
	mg_verrorf(&e, MG_EXIT_USAGE, c->file, at ? at->line : 0,
		   at ? at->col : 0, fmt, ap);
	va_end(ap);
	mg_diags_add(c->d, &e);
	return -1;
}

static const char *kind_word(enum ynode_kind k)
{
	return k == Y_MAP ? "a mapping" : k == Y_SEQ ? "a list" : "a scalar";
}

int pol_expect(struct pol_ctx *c, const struct ynode *n, enum ynode_kind kind,
	       const char *what)
{
	if (n && n->kind == kind)
		return 0;
	return pol_err(c, n, "%s must be %s, not %s", what, kind_word(kind),
		       ynode_kind_name(n));
}

int pol_check_keys(struct pol_ctx *c, const struct ynode *map,
		   const char *const *allowed, const char *where)
{
	int bad = 0;

	if (!map || map->kind != Y_MAP)
		return 0;
	for (size_t i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->str;
		char hb[MG_HINT_SIZE];
		size_t j;

		for (j = 0; allowed[j]; j++)
			if (strcmp(allowed[j], k) == 0)
				break;
		if (allowed[j])
			continue;
		bad++;
		pol_err(c, map->keys[i], "unknown key '%s' in %s%s", k, where,
			mg_did_you_mean(hb, sizeof(hb), mg_suggest(k, allowed), ""));
	}
	return bad;
}

/* Does the decimal text `s` (a number mg_parse_double accepted) name a
 * non-zero value that a double cannot hold -- read as 0 or as a
 * subnormal with lost digits (strtod's ERANGE)?  A threshold of 1e-400
 * must not quietly become 0. */
static int number_underflows(const char *s)
{
	const char *p = s;
	int nonzero = 0;
	double d;

	for (; *p && *p != 'e' && *p != 'E'; p++)
		if (*p >= '1' && *p <= '9')
			nonzero = 1;
	if (!nonzero)
		return 0;
	errno = 0;
	d = strtod(s, NULL);
	return d == 0 || (errno == ERANGE && fabs(d) < 1);
}

int pol_get_number(struct pol_ctx *c, const struct ynode *map, const char *key,
		   double *out, int *present)
{
	const struct ynode *n = ynode_get(map, key);

	if (present)
		*present = n != NULL;
	if (!n)
		return 0;
	if (ynode_number(n, out) == 0) {
		if (number_underflows(n->str))
			return pol_err(c, n,
				       "'%s' is out of range: %s is too small for a double (it would read as %g)",
				       key, n->str, *out);
		return 0;
	}
	if (ynode_is_null(n))
		return pol_err(c, n, "'%s' is not set (null): choose a number", key);
	if (ynode_is_nonfinite(n))
		return pol_err(c, n, "'%s' must be a finite number, not '%s'",
			       key, n->str);
	if (n->kind == Y_SCALAR && n->plain && n->len &&
	    strchr("+-.0123456789", n->str[0])) {
		char *end;
		double d = strtod(n->str, &end);
		if (*end == '\0' && isinf(d))
			return pol_err(c, n, "'%s' is out of range: %s does not fit in a double",
				       key, n->str);
	}
	if (n->kind == Y_SCALAR && !n->plain) {
		double d;
		if (mg_parse_double(n->str, n->len, &d) == 0)
			return pol_err(c, n,
				       "'%s' must be a number, not the quoted string \"%s\"",
				       key, n->str);
	}
	return pol_err(c, n, "'%s' must be a number, not %s", key,
		       ynode_kind_name(n));
}

int pol_get_string(struct pol_ctx *c, const struct ynode *map, const char *key,
		   const char **out)
{
	const struct ynode *n = ynode_get(map, key);

	if (!n)
		return 0;
	if (n->kind != Y_SCALAR || ynode_is_null(n))
		return pol_err(c, n, "'%s' must be a string, not %s", key,
			       ynode_kind_name(n));
	*out = n->str;
	return 0;
}

int pol_get_bool(struct pol_ctx *c, const struct ynode *map, const char *key,
		 int *out, int *present)
{
	const struct ynode *n = ynode_get(map, key);

	if (present)
		*present = n != NULL;
	if (!n)
		return 0;
	if (ynode_bool(n, out) == 0)
		return 0;
	return pol_err(c, n, "'%s' must be true or false, not %s", key,
		       ynode_kind_name(n));
}

int pol_get_string_list(struct pol_ctx *c, const struct ynode *map,
			const char *key, const char **out[], size_t *n)
{
	const struct ynode *l = ynode_get(map, key);
	const char **v;

	*out = NULL;
	*n = 0;
	if (!l)
		return 0;
	if (l->kind != Y_SEQ)
		return pol_err(c, l, "'%s' must be a list of strings, not %s",
			       key, ynode_kind_name(l));
	v = xcalloc(l->n + 1, sizeof(*v));
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i]->kind != Y_SCALAR) {
			free(v);
			return pol_err(c, l->items[i],
				       "'%s' must be a list of strings; item %zu is %s",
				       key, i + 1, ynode_kind_name(l->items[i]));
		}
		v[i] = l->items[i]->str;
	}
	*out = v;
	*n = l->n;
	return 0;
}

int pol_get_bound(struct pol_ctx *c, const struct ynode *map, const char *key,
		  enum gate_op op, struct bound *out)
{
	int present;

	memset(out, 0, sizeof(*out));
	if (pol_get_number(c, map, key, &out->value, &present) < 0)
		return -1;
	if (present) {
		const struct ynode *n = ynode_get(map, key);
		out->op = op;
		out->key = key;
		out->line = n->line;
		out->col = n->col;
	}
	return 0;
}

const struct pol_bounds pol_bounds_range = {"min", "gt", "max", "lt",
					    -INFINITY, INFINITY};

/* The keys of `k` (and "warn" when `warn`), NULL-terminated. */
static const char *const *bounds_keys(const struct pol_bounds *k,
				      const char *keys[6], int warn)
{
	size_t n = 0;

	if (k->min)
		keys[n++] = k->min;
	if (k->gt)
		keys[n++] = k->gt;
	if (k->max)
		keys[n++] = k->max;
	if (k->lt)
		keys[n++] = k->lt;
	if (warn)
		keys[n++] = "warn";
	keys[n] = NULL;
	return keys;
}

const char *pol_bounds_text(const struct pol_bounds *k, char *buf, size_t size)
{
	const char *keys[6];
	size_t n, len = 0;

	bounds_keys(k, keys, 0);
	buf[0] = '\0';
	for (n = 0; keys[n]; n++)
		;
	for (size_t i = 0; i < n && len < size; i++) {
		int w = snprintf(buf + len, size - len, "%s'%s'",
				 i == 0 ? "" : i + 1 == n ? " or " : ", ", keys[i]);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

/* Read one side (an inclusive and a strict key) of `m` into *b. */
static int get_side(struct pol_ctx *c, const struct ynode *m, const char *incl,
		    const char *strict, enum gate_op op_incl,
		    enum gate_op op_strict, const char *where, struct bound *b)
{
	struct bound i = {0}, x = {0};

	memset(b, 0, sizeof(*b));
	if ((incl && pol_get_bound(c, m, incl, op_incl, &i) < 0) |
	    (strict && pol_get_bound(c, m, strict, op_strict, &x) < 0))
		return -1;
	if (bound_is_set(&i) && bound_is_set(&x))
		return pol_err(c, ynode_get(m, strict),
			       "%s: '%s' and '%s' bound the same side; choose one",
			       where, incl, strict);
	*b = bound_is_set(&i) ? i : x;
	b->key = bound_is_set(&i) ? incl : bound_is_set(&x) ? strict : NULL;
	return 0;
}

static int check_domain(struct pol_ctx *c, const struct ynode *m,
			const struct pol_bounds *k, const struct bound *b,
			const char *where)
{
	if (!bound_is_set(b) || (b->value >= k->lo && b->value <= k->hi))
		return 0;
	if (k->hi == INFINITY && k->lo == 0)
		return pol_err(c, ynode_get(m, b->key),
			       "%s: '%s' must not be negative, not %g", where,
			       b->key, b->value);
	if (k->hi == INFINITY)
		return pol_err(c, ynode_get(m, b->key),
			       "%s: '%s' must not be less than %g, not %g", where,
			       b->key, k->lo, b->value);
	return pol_err(c, ynode_get(m, b->key),
		       "%s: '%s' must be from %g to %g, not %g", where, b->key,
		       k->lo, k->hi, b->value);
}

/* Is there no value with lo and hi both holding? */
static int interval_empty(const struct bound *lo, const struct bound *hi)
{
	if (!bound_is_set(lo) || !bound_is_set(hi))
		return 0;
	if (lo->op == OP_GE && hi->op == OP_LE)
		return lo->value > hi->value;
	return lo->value >= hi->value;
}

/* Could a value pass `fail` and still miss `warn` (same side; `low` for
 * the min/gt side)?  If not, the warn level never fires. */
static int warn_reachable(const struct bound *fail, const struct bound *warn,
			  int low)
{
	double f = fail->value, w = warn->value;
	int incl_fail = fail->op == OP_GE || fail->op == OP_LE;
	int strict_warn = warn->op == OP_GT || warn->op == OP_LT;

	if (!low) {
		f = -f;
		w = -w;
	}
	return w > f || (w == f && incl_fail && strict_warn);
}

int pol_get_bounds(struct pol_ctx *c, const struct ynode *m,
		   const struct pol_bounds *k, const char *where,
		   struct bound *lo, struct bound *hi)
{
	const struct ynode *w = ynode_get(m, "warn");
	struct bound wlo = {0}, whi = {0};
	int rc = 0;

	memset(lo, 0, sizeof(*lo));
	memset(hi, 0, sizeof(*hi));
	if (get_side(c, m, k->min, k->gt, OP_GE, OP_GT, where, lo) < 0 ||
	    get_side(c, m, k->max, k->lt, OP_LE, OP_LT, where, hi) < 0)
		return -1;
	if (check_domain(c, m, k, lo, where) < 0 ||
	    check_domain(c, m, k, hi, where) < 0)
		return -1;
	if (interval_empty(lo, hi))
		return pol_err(c, ynode_get(m, lo->key),
			       "%s: %s %g and %s %g leave no value that passes",
			       where, lo->key, lo->value, hi->key, hi->value);
	if (w) {
		const char *keys[6];
		char wwhere[160];

		snprintf(wwhere, sizeof(wwhere), "'warn' of %s", where);
		bounds_keys(k, keys, 0);
		if (pol_expect(c, w, Y_MAP, wwhere) < 0)
			return -1;
		if (pol_check_keys(c, w, keys, wwhere))
			return -1;
		if (get_side(c, w, k->min, k->gt, OP_GE, OP_GT, wwhere, &wlo) < 0 ||
		    get_side(c, w, k->max, k->lt, OP_LE, OP_LT, wwhere, &whi) < 0 ||
		    check_domain(c, w, k, &wlo, wwhere) < 0 ||
		    check_domain(c, w, k, &whi, wwhere) < 0)
			return -1;
		if (!bound_is_set(&wlo) && !bound_is_set(&whi))
			return pol_err(c, w, "%s declares no level", wwhere);
		if (interval_empty(&wlo, &whi))
			return pol_err(c, ynode_get(w, wlo.key),
				       "%s: %s %g and %s %g leave no value that passes",
				       wwhere, wlo.key, wlo.value, whi.key, whi.value);
		if (bound_is_set(&wlo) && bound_is_set(lo) &&
		    !warn_reachable(lo, &wlo, 1))
			rc = pol_err(c, ynode_get(w, wlo.key),
				     "%s: warn %s %g is not tighter than %s %g, so it could never warn",
				     where, wlo.key, wlo.value, lo->key, lo->value);
		if (bound_is_set(&whi) && bound_is_set(hi) &&
		    !warn_reachable(hi, &whi, 0))
			rc = pol_err(c, ynode_get(w, whi.key),
				     "%s: warn %s %g is not tighter than %s %g, so it could never warn",
				     where, whi.key, whi.value, hi->key, hi->value);
		if (rc)
			return rc;
	}
	for (int s = 0; s < 2; s++) {
		struct bound *b = s ? hi : lo;
		const struct bound *v = s ? &whi : &wlo;

		if (!bound_is_set(v))
			continue;
		b->warn_op = v->op;
		b->warn = v->value;
		b->warn_line = v->line;
		b->warn_col = v->col;
		b->warn_key = v->key;
		if (b->op == OP_NONE) {
			b->line = v->line;
			b->col = v->col;
		}
	}
	return 0;
}

int pol_get_range(struct pol_ctx *c, const struct ynode *map, const char *key,
		  const struct pol_bounds *k, struct bound *lo,
		  struct bound *hi)
{
	const struct ynode *r = ynode_get(map, key);
	const char *keys[6];
	char where[128], list[64];

	memset(lo, 0, sizeof(*lo));
	memset(hi, 0, sizeof(*hi));
	if (!r)
		return 0;
	if (!k)
		k = &pol_bounds_range;
	snprintf(where, sizeof(where), "'%s'", key);
	if (pol_expect(c, r, Y_MAP, where) < 0)
		return -1;
	if (pol_check_keys(c, r, bounds_keys(k, keys, 1), where))
		return -1;
	if (pol_get_bounds(c, r, k, where, lo, hi) < 0)
		return -1;
	if (!bound_is_set(lo) && !bound_is_set(hi))
		return pol_err(c, r, "%s needs %s", where,
			       pol_bounds_text(k, list, sizeof(list)));
	return 0;
}

int pol_get_severity(struct pol_ctx *c, const struct ynode *map,
		     enum gate_severity *out)
{
	const struct ynode *n = ynode_get(map, "severity");

	*out = SEV_ERROR;
	if (!n)
		return 0;
	if (n->kind == Y_SCALAR && strcmp(n->str, "error") == 0)
		return 0;
	if (n->kind == Y_SCALAR &&
	    (strcmp(n->str, "warn") == 0 || strcmp(n->str, "warning") == 0)) {
		*out = SEV_WARN;
		return 0;
	}
	return pol_err(c, n, "'severity' must be 'error' or 'warn', not '%s'",
		       n->kind == Y_SCALAR ? n->str : ynode_kind_name(n));
}

/* The first scalar of the tree written as `s` (where a path came from). */
static const struct ynode *find_scalar(const struct ynode *n, const char *s)
{
	if (!n)
		return NULL;
	if (n->kind == Y_SCALAR)
		return strcmp(n->str, s) == 0 ? n : NULL;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *f = find_scalar(n->items[i], s);
		if (f)
			return f;
	}
	return NULL;
}

char *pol_path(const struct pol_ctx *c, const char *rel)
{
	char *path = mg_path_relative_to(c->file, rel);
	char why[PATH_MAX_MSG];

	/* every file a policy names is confined to the workspace (trust.h):
	 * a policy from a pull request must not read the runner's files */
	if (strcmp(path, "-") != 0)
		trust_note_input(path);
	if (strcmp(path, "-") != 0 && trust_confine(path, why, sizeof(why)) < 0) {
		const struct ynode *at = find_scalar(c->root, rel);
		mg_diag(c->d, MG_EXIT_USAGE, c->file, at ? at->line : 0,
			at ? at->col : 0, "path %s", why);
	}
	return path;
}
