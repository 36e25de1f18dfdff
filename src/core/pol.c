/* pol: the helpers every policy section parser uses -- typed getters, key
 * checks and errors with the policy file's positions, all reported into one
 * diagnostics list.  Below the policy loader and below every section. */
#define _POSIX_C_SOURCE 200809L
#include "core/pol.h"

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

int pol_get_number(struct pol_ctx *c, const struct ynode *map, const char *key,
		   double *out, int *present)
{
	const struct ynode *n = ynode_get(map, key);

	if (present)
		*present = n != NULL;
	if (!n)
		return 0;
	if (ynode_number(n, out) == 0)
		return 0;
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
		out->line = n->line;
		out->col = n->col;
	}
	return 0;
}

int pol_get_range(struct pol_ctx *c, const struct ynode *map, const char *key,
		  struct bound *min, struct bound *max)
{
	static const char *const keys[] = {"min", "max", NULL};
	const struct ynode *r = ynode_get(map, key);
	char where[128];
	int rc = 0;

	memset(min, 0, sizeof(*min));
	memset(max, 0, sizeof(*max));
	if (!r)
		return 0;
	snprintf(where, sizeof(where), "'%s'", key);
	if (pol_expect(c, r, Y_MAP, where) < 0)
		return -1;
	if (pol_check_keys(c, r, keys, where))
		rc = -1;
	if (pol_get_bound(c, r, "min", OP_GE, min) < 0)
		rc = -1;
	if (pol_get_bound(c, r, "max", OP_LE, max) < 0)
		rc = -1;
	if (rc == 0 && !bound_is_set(min) && !bound_is_set(max))
		return pol_err(c, r, "%s needs 'min' or 'max'", where);
	if (rc == 0 && bound_is_set(min) && bound_is_set(max) &&
	    min->value > max->value)
		return pol_err(c, r, "%s: min %g is greater than max %g", where,
			       min->value, max->value);
	return rc;
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
