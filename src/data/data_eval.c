/* data: the `data:` policy section (SPEC section 4): datasets, their checks
 * (row count, nulls, schema, per-column rules) and drift against a
 * reference CSV or a frozen reference profile.  Parsing validates strictly
 * with file:line:col; evaluation reads each dataset once (the reference in
 * parallel) and turns every check into a gate with a stable id.
 * Decisions are documented in doc/data-checks.md. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/datapair.h"
#include "data/drift.h"
#include "common/jsonw.h"
#include "data/profile.h"
#include "data/data.h"

enum ctype { CT_ANY, CT_NUMBER, CT_STRING };

struct pos {
	int line, col;
};

struct col_rule {
	char *name;
	struct pos at;
	enum ctype type;
	struct pos type_at;
	struct bound min, max;
	struct bound null_max;
	const char **allowed; /* NULL-terminated copies */
	size_t nallowed;
	struct pos allowed_at;
	int unique;
	struct pos unique_at;
};

struct drift_rule {
	char *column;   /* NULL for the dataset default */
	char *method;
	int pvalue;     /* threshold is a min_pvalue, else a max */
	double threshold;
	enum gate_severity sev;
	struct pos at;
};

struct dataset {
	char *name;
	char *path_raw, *path;    /* as written, and resolved */
	char *ref_raw, *ref;      /* NULL when no reference */
	struct pos at, path_at, ref_at;
	char **nulls;             /* NULL = the default list */
	size_t nnulls;
	char delim;               /* 0 = by file name */
	int skip_bad;
	enum gate_severity sev;
	struct bound rc_min, rc_max;
	struct bound null_max;
	char **required;
	size_t nrequired;
	struct pos required_at;
	int allow_extra;          /* default 1 */
	struct pos extra_at;
	int has_extra;
	struct col_rule *cols;
	size_t ncols;
	/* drift */
	int has_drift;
	struct pos drift_at;
	int has_default;          /* a default method with a threshold */
	struct drift_rule def;
	unsigned bins;
	size_t min_rows;
	char **exclude;
	size_t nexclude;
	struct drift_rule *dcols;
	size_t ndcols;
	size_t ngates;            /* gates this dataset declares */
};

struct data_policy {
	struct dataset *v;
	size_t n;
};

static struct pos pos_of(const struct ynode *n)
{
	struct pos p = {n ? n->line : 0, n ? n->col : 0};
	return p;
}

static char **dup_list(const char **v, size_t n)
{
	char **out = xcalloc(n + 1, sizeof(char *));

	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* ----- parsing ----- */

static int get_fraction_max(struct pol_ctx *c, const struct ynode *map,
			    const char *key, struct bound *out)
{
	static const char *const keys[] = {"max", NULL};
	const struct ynode *n = ynode_get(map, key);
	char where[64];
	struct bound b;

	memset(out, 0, sizeof(*out));
	if (!n)
		return 0;
	snprintf(where, sizeof(where), "'%s'", key);
	if (pol_expect(c, n, Y_MAP, where) < 0)
		return -1;
	if (pol_check_keys(c, n, keys, where))
		return -1;
	if (pol_get_bound(c, n, "max", OP_LE, &b) < 0)
		return -1;
	if (!bound_is_set(&b))
		return pol_err(c, n, "%s needs 'max'", where);
	if (b.value < 0 || b.value > 1)
		return pol_err(c, ynode_get(n, "max"),
			       "%s max must be a ratio from 0 to 1, not %g", where,
			       b.value);
	*out = b;
	return 0;
}

static int parse_type(struct pol_ctx *c, const struct ynode *n,
		      enum ctype *out)
{
	static const char *const types[] = {"number", "string", NULL};
	const char *hint;

	if (n->kind == Y_SCALAR && strcmp(n->str, "number") == 0) {
		*out = CT_NUMBER;
		return 0;
	}
	if (n->kind == Y_SCALAR && strcmp(n->str, "string") == 0) {
		*out = CT_STRING;
		return 0;
	}
	if (n->kind != Y_SCALAR)
		return pol_err(c, n, "a column type must be 'number' or 'string', not %s",
			       ynode_kind_name(n));
	hint = mg_suggest(n->str, types);
	if (hint)
		return pol_err(c, n, "unknown column type '%s' (did you mean '%s'?)",
			       n->str, hint);
	return pol_err(c, n, "unknown column type '%s': use 'number' or 'string'",
		       n->str);
}

static struct col_rule *col_rule_for(struct dataset *ds, const char *name,
				     const struct ynode *at)
{
	for (size_t i = 0; i < ds->ncols; i++)
		if (strcmp(ds->cols[i].name, name) == 0)
			return &ds->cols[i];
	ds->cols = xrealloc(ds->cols, (ds->ncols + 1) * sizeof(*ds->cols));
	memset(&ds->cols[ds->ncols], 0, sizeof(*ds->cols));
	ds->cols[ds->ncols].name = xstrdup(name);
	ds->cols[ds->ncols].at = pos_of(at);
	return &ds->cols[ds->ncols++];
}

static int parse_column(struct pol_ctx *c, struct dataset *ds,
			const struct ynode *key, const struct ynode *m)
{
	static const char *const keys[] = {"type", "min", "max", "null_ratio",
					   "allowed", "unique", NULL};
	struct col_rule *r;
	const struct ynode *n;
	char where[300];
	int rc = 0, present, had_type;

	snprintf(where, sizeof(where), "column '%s'", key->str);
	if (pol_expect(c, m, Y_MAP, where) < 0)
		return -1;
	if (m->n == 0)
		return pol_err(c, m, "%s declares no checks", where);
	if (pol_check_keys(c, m, keys, where))
		rc = -1;
	r = col_rule_for(ds, key->str, key);
	had_type = r->type != CT_ANY; /* from schema.types, counted there */
	if ((n = ynode_get(m, "type"))) {
		enum ctype t;
		if (parse_type(c, n, &t) < 0)
			rc = -1;
		else if (r->type != CT_ANY && r->type != t)
			rc = pol_err(c, n, "%s: type '%s' contradicts schema.types",
				     where, n->str);
		else {
			r->type = t;
			r->type_at = pos_of(n);
		}
	}
	if (pol_get_bound(c, m, "min", OP_GE, &r->min) < 0 ||
	    pol_get_bound(c, m, "max", OP_LE, &r->max) < 0)
		rc = -1;
	else if (bound_is_set(&r->min) && bound_is_set(&r->max) &&
		 r->min.value > r->max.value)
		rc = pol_err(c, ynode_get(m, "min"), "%s: min %g is greater than max %g",
			     where, r->min.value, r->max.value);
	if (get_fraction_max(c, m, "null_ratio", &r->null_max) < 0)
		rc = -1;
	if (pol_get_string_list(c, m, "allowed", &r->allowed, &r->nallowed) < 0)
		rc = -1;
	else if (r->allowed && r->nallowed == 0)
		rc = pol_err(c, ynode_get(m, "allowed"),
			     "%s: 'allowed' is empty (no value could pass)", where);
	r->allowed_at = pos_of(ynode_get(m, "allowed"));
	if (pol_get_bool(c, m, "unique", &r->unique, &present) < 0)
		rc = -1;
	r->unique_at = pos_of(ynode_get(m, "unique"));
	if (rc == 0)
		ds->ngates += (size_t)((r->type != CT_ANY && !had_type) +
				       bound_is_set(&r->min) + bound_is_set(&r->max) +
				       bound_is_set(&r->null_max) +
					 (r->allowed != NULL) + r->unique);
	return rc;
}

static int parse_schema(struct pol_ctx *c, struct dataset *ds,
			const struct ynode *m)
{
	static const char *const keys[] = {"required", "allow_extra", "types", NULL};
	const char **req = NULL;
	const struct ynode *t;
	int rc = 0;

	if (pol_expect(c, m, Y_MAP, "'schema'") < 0)
		return -1;
	if (pol_check_keys(c, m, keys, "'schema'"))
		rc = -1;
	if (pol_get_string_list(c, m, "required", &req, &ds->nrequired) < 0)
		rc = -1;
	if (req) {
		ds->required = dup_list(req, ds->nrequired);
		ds->required_at = pos_of(ynode_get(m, "required"));
		free(req);
		if (ds->nrequired == 0)
			rc = pol_err(c, ynode_get(m, "required"),
				     "'required' is empty: list the columns the data must have");
		else
			ds->ngates++;
	}
	if (pol_get_bool(c, m, "allow_extra", &ds->allow_extra, &ds->has_extra) < 0)
		rc = -1;
	ds->extra_at = pos_of(ynode_get(m, "allow_extra"));
	if (ds->has_extra && !ds->allow_extra) {
		if (!ds->required)
			rc = pol_err(c, ynode_get(m, "allow_extra"),
				     "'allow_extra: false' needs 'required' (the columns that are allowed)");
		else
			ds->ngates++;
	}
	if (!ds->has_extra)
		ds->allow_extra = 1;
	if ((t = ynode_get(m, "types"))) {
		if (pol_expect(c, t, Y_MAP, "'schema.types'") < 0)
			return -1;
		for (size_t i = 0; i < t->n; i++) {
			enum ctype ty;
			struct col_rule *r;

			if (parse_type(c, t->items[i], &ty) < 0) {
				rc = -1;
				continue;
			}
			r = col_rule_for(ds, t->keys[i]->str, t->keys[i]);
			r->type = ty;
			r->type_at = pos_of(t->items[i]);
			ds->ngates++;
		}
	}
	return rc;
}

static int parse_drift_rule(struct pol_ctx *c, const struct ynode *m,
			    const char *where, const struct drift_rule *inherit,
			    struct drift_rule *r)
{
	const char *method = NULL;
	const struct ynode *mn = ynode_get(m, "method");
	int has_max, has_p, rc = 0;
	double max = 0, minp = 0;

	if (pol_get_string(c, m, "method", &method) < 0)
		return -1;
	if (method && !drift_method_known(method)) {
		const char *hint = mg_suggest(method, drift_methods);
		if (hint)
			return pol_err(c, mn, "%s: unknown drift method '%s' (did you mean '%s'?)",
				       where, method, hint);
		return pol_err(c, mn,
			       "%s: unknown drift method '%s' (psi, ks, wasserstein, wasserstein_norm, jensenshannon, chi2)",
			       where, method);
	}
	if (pol_get_number(c, m, "max", &max, &has_max) < 0)
		rc = -1;
	if (pol_get_number(c, m, "min_pvalue", &minp, &has_p) < 0)
		rc = -1;
	if (pol_get_severity(c, m, &r->sev) < 0)
		rc = -1;
	if (rc)
		return -1;
	if (!ynode_get(m, "severity") && inherit)
		r->sev = inherit->sev;
	if (has_max && has_p)
		return pol_err(c, ynode_get(m, "min_pvalue"),
			       "%s: choose 'max' or 'min_pvalue', not both", where);
	r->method = xstrdup(method ? method :
			    inherit && inherit->method ? inherit->method : "psi");
	r->at = pos_of(m);
	if (has_max || has_p) {
		r->pvalue = has_p;
		r->threshold = has_p ? minp : max;
		r->at = pos_of(ynode_get(m, has_p ? "min_pvalue" : "max"));
	} else if (inherit && inherit->method &&
		   strcmp(inherit->method, r->method) == 0) {
		r->pvalue = inherit->pvalue;
		r->threshold = inherit->threshold;
	} else {
		return pol_err(c, m, "%s: drift method '%s' needs 'max' or 'min_pvalue'",
			       where, r->method);
	}
	if (r->pvalue && !drift_method_has_pvalue(r->method))
		return pol_err(c, ynode_get(m, "min_pvalue") ? ynode_get(m, "min_pvalue") : m,
			       "%s: '%s' has no p-value; use 'max' (min_pvalue is for ks and chi2)",
			       where, r->method);
	if (r->pvalue && (r->threshold < 0 || r->threshold > 1))
		return pol_err(c, ynode_get(m, "min_pvalue"),
			       "%s: min_pvalue must be from 0 to 1, not %g", where,
			       r->threshold);
	if (!r->pvalue && r->threshold < 0)
		return pol_err(c, ynode_get(m, "max"),
			       "%s: max must not be negative (a drift statistic is >= 0), not %g",
			       where, r->threshold);
	return 0;
}

static int get_count(struct pol_ctx *c, const struct ynode *m, const char *key,
		     double lo, double hi, double *out, int *present)
{
	if (pol_get_number(c, m, key, out, present) < 0)
		return -1;
	if (*present && (*out != floor(*out) || *out < lo || *out > hi))
		return pol_err(c, ynode_get(m, key),
			       "'%s' must be a whole number from %g to %g, not %g",
			       key, lo, hi, *out);
	return 0;
}

static int parse_drift(struct pol_ctx *c, struct dataset *ds,
		       const struct ynode *m)
{
	static const char *const keys[] = {"method", "max", "min_pvalue", "bins",
					   "min_rows", "exclude", "columns",
					   "severity", NULL};
	static const char *const ckeys[] = {"method", "max", "min_pvalue",
					    "severity", NULL};
	const struct ynode *cols;
	const char **ex = NULL;
	double v;
	int present, rc = 0;

	if (pol_expect(c, m, Y_MAP, "'drift'") < 0)
		return -1;
	ds->has_drift = 1;
	ds->drift_at = pos_of(m);
	if (pol_check_keys(c, m, keys, "'drift'"))
		rc = -1;
	ds->bins = DRIFT_DEFAULT_BINS;
	if (get_count(c, m, "bins", 2, DRIFT_MAX_BINS, &v, &present) < 0)
		rc = -1;
	else if (present)
		ds->bins = (unsigned)v;
	ds->min_rows = 30;
	if (get_count(c, m, "min_rows", 1, 1e15, &v, &present) < 0)
		rc = -1;
	else if (present)
		ds->min_rows = (size_t)v;
	if (pol_get_string_list(c, m, "exclude", &ex, &ds->nexclude) < 0)
		rc = -1;
	if (ex) {
		ds->exclude = dup_list(ex, ds->nexclude);
		free(ex);
	}
	if (rc)
		return -1;
	/* the default rule: only when a threshold (or a method) is given */
	if (ynode_get(m, "max") || ynode_get(m, "min_pvalue") ||
	    ynode_get(m, "method")) {
		if (parse_drift_rule(c, m, "'drift'", NULL, &ds->def) < 0)
			return -1;
		ds->has_default = 1;
		ds->ngates++; /* at least one: the columns are known at run time */
	} else {
		if (pol_get_severity(c, m, &ds->def.sev) < 0)
			return -1;
		if (!ynode_get(m, "severity"))
			ds->def.sev = ds->sev;
	}
	if (ds->has_default && !ynode_get(m, "severity"))
		ds->def.sev = ds->sev;
	cols = ynode_get(m, "columns");
	if (cols) {
		if (pol_expect(c, cols, Y_MAP, "'drift.columns'") < 0)
			return -1;
		ds->dcols = xcalloc(cols->n + 1, sizeof(*ds->dcols));
		for (size_t i = 0; i < cols->n; i++) {
			const char *name = cols->keys[i]->str;
			struct drift_rule *r = &ds->dcols[ds->ndcols];
			char where[300];

			snprintf(where, sizeof(where), "drift of column '%s'", name);
			for (size_t j = 0; j < ds->nexclude; j++)
				if (strcmp(ds->exclude[j], name) == 0)
					rc = pol_err(c, cols->keys[i],
						     "column '%s' is both in 'exclude' and in 'drift.columns'",
						     name);
			if (pol_expect(c, cols->items[i], Y_MAP, where) < 0 ||
			    pol_check_keys(c, cols->items[i], ckeys, where)) {
				rc = -1;
				continue;
			}
			if (parse_drift_rule(c, cols->items[i], where,
					     ds->has_default ? &ds->def : NULL, r) < 0) {
				/* the slot is reused by the next column */
				free(r->method);
				memset(r, 0, sizeof(*r));
				rc = -1;
				continue;
			}
			if (!ynode_get(cols->items[i], "severity"))
				r->sev = ds->def.sev;
			r->column = xstrdup(name);
			if (!ds->has_default)
				r->at = pos_of(cols->keys[i]);
			ds->ndcols++;
			ds->ngates++;
		}
	}
	if (rc == 0 && !ds->has_default && ds->ndcols == 0)
		return pol_err(c, m,
			       "'drift' declares no gate: set 'method' with 'max' or 'min_pvalue', or per-column rules");
	return rc;
}

static int parse_nulls(struct pol_ctx *c, struct dataset *ds,
		       const struct ynode *m)
{
	const char **v = NULL;

	if (pol_get_string_list(c, m, "null_values", &v, &ds->nnulls) < 0)
		return -1;
	if (!v)
		return 0;
	if (ds->nnulls > CSV_MAX_NULL_TOKENS) {
		free(v);
		return pol_err(c, ynode_get(m, "null_values"),
			       "'null_values' has %zu tokens; at most %d", ds->nnulls,
			       CSV_MAX_NULL_TOKENS);
	}
	ds->nulls = dup_list(v, ds->nnulls);
	free(v);
	return 0;
}

static int parse_delimiter(struct pol_ctx *c, struct dataset *ds,
			   const struct ynode *m)
{
	const char *s = NULL;
	const struct ynode *n = ynode_get(m, "delimiter");

	if (pol_get_string(c, m, "delimiter", &s) < 0)
		return -1;
	if (!s)
		return 0;
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0)
		s = "\t";
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		return pol_err(c, n,
			       "'delimiter' must be one character other than a quote or newline (or 'tab'), not \"%s\"",
			       n->str);
	ds->delim = s[0];
	return 0;
}

static int parse_dataset(struct pol_ctx *c, const struct ynode *m,
			 struct dataset *ds)
{
	static const char *const keys[] = {"name", "path", "reference",
					   "null_values", "delimiter",
					   "on_bad_rows", "row_count",
					   "null_ratio", "schema", "columns",
					   "drift", "severity", NULL};
	const char *name = NULL, *path = NULL, *ref = NULL, *bad = NULL;
	const struct ynode *n;
	int rc = 0;

	ds->at = pos_of(m);
	if (pol_expect(c, m, Y_MAP, "a 'data' entry") < 0)
		return -1;
	if (pol_check_keys(c, m, keys, "a 'data' entry"))
		rc = -1;
	if (pol_get_string(c, m, "name", &name) < 0 ||
	    pol_get_string(c, m, "path", &path) < 0 ||
	    pol_get_string(c, m, "reference", &ref) < 0 ||
	    pol_get_string(c, m, "on_bad_rows", &bad) < 0)
		return -1;
	if (!name)
		return pol_err(c, m, "a 'data' entry needs a 'name'");
	for (const char *q = name; *q; q++)
		if (!(*q == '_' || *q == '-' || (*q >= 'a' && *q <= 'z') ||
		      (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')))
			return pol_err(c, ynode_get(m, "name"),
				       "dataset name '%s' may hold only letters, digits, '_' and '-' (it is part of gate ids)",
				       name);
	if (!name[0])
		return pol_err(c, ynode_get(m, "name"), "dataset name is empty");
	ds->name = xstrdup(name);
	if (!path || !path[0])
		return pol_err(c, path ? ynode_get(m, "path") : m,
			       "dataset '%s' needs a 'path'", name);
	ds->path_raw = xstrdup(path);
	ds->path = pol_path(c, path);
	ds->path_at = pos_of(ynode_get(m, "path"));
	if (ref) {
		if (!ref[0])
			return pol_err(c, ynode_get(m, "reference"), "'reference' is empty");
		ds->ref_raw = xstrdup(ref);
		ds->ref = pol_path(c, ref);
		ds->ref_at = pos_of(ynode_get(m, "reference"));
	}
	if (pol_get_severity(c, m, &ds->sev) < 0)
		rc = -1;
	if (bad) {
		if (strcmp(bad, "skip") == 0)
			ds->skip_bad = 1;
		else if (strcmp(bad, "error") != 0)
			rc = pol_err(c, ynode_get(m, "on_bad_rows"),
				     "'on_bad_rows' must be 'error' or 'skip', not '%s'", bad);
	}
	if (parse_nulls(c, ds, m) < 0 || parse_delimiter(c, ds, m) < 0)
		rc = -1;
	if (pol_get_range(c, m, "row_count", &ds->rc_min, &ds->rc_max) < 0) {
		rc = -1;
	} else if ((n = ynode_get(m, "row_count"))) {
		if ((bound_is_set(&ds->rc_min) && ds->rc_min.value < 0) ||
		    (bound_is_set(&ds->rc_max) && ds->rc_max.value < 0))
			rc = pol_err(c, n, "'row_count' must not be negative");
		ds->ngates += (size_t)(bound_is_set(&ds->rc_min) +
				       bound_is_set(&ds->rc_max));
	}
	if (get_fraction_max(c, m, "null_ratio", &ds->null_max) < 0)
		rc = -1;
	else if (bound_is_set(&ds->null_max))
		ds->ngates++;
	if ((n = ynode_get(m, "schema")) && parse_schema(c, ds, n) < 0)
		rc = -1;
	if ((n = ynode_get(m, "columns"))) {
		if (pol_expect(c, n, Y_MAP, "'columns'") < 0)
			rc = -1;
		else
			for (size_t i = 0; i < n->n; i++)
				if (parse_column(c, ds, n->keys[i], n->items[i]) < 0)
					rc = -1;
	}
	if ((n = ynode_get(m, "drift"))) {
		if (parse_drift(c, ds, n) < 0)
			rc = -1;
		else if (!ds->ref)
			rc = pol_err(c, n, "'drift' needs a 'reference' to compare with");
	} else if (ds->ref) {
		rc = pol_err(c, ynode_get(m, "reference"),
			     "'reference' is set but there is no 'drift' section to use it");
	}
	if (rc == 0 && ds->ngates == 0)
		return pol_err(c, m, "dataset '%s' declares no checks", name);
	return rc;
}

static int data_parse(struct pol_ctx *c, const struct ynode *n, void **out,
		      size_t *ngates)
{
	struct data_policy *dp;
	int rc = 0, stdin_uses = 0;

	if (pol_expect(c, n, Y_SEQ, "'data'") < 0)
		return -1;
	if (n->n == 0)
		return pol_err(c, n, "'data' is an empty list");
	dp = xcalloc(1, sizeof(*dp));
	dp->v = xcalloc(n->n, sizeof(*dp->v));
	*out = dp;
	for (size_t i = 0; i < n->n; i++) {
		struct dataset *ds = &dp->v[dp->n++];

		if (parse_dataset(c, n->items[i], ds) < 0) {
			rc = -1;
			continue;
		}
		for (size_t j = 0; j + 1 < dp->n; j++)
			if (dp->v[j].name && strcmp(dp->v[j].name, ds->name) == 0)
				rc = pol_err(c, ynode_get(n->items[i], "name"),
					     "dataset name '%s' is used twice", ds->name);
		stdin_uses += strcmp(ds->path_raw, "-") == 0;
		stdin_uses += ds->ref_raw && strcmp(ds->ref_raw, "-") == 0;
		if (stdin_uses > 1 || (stdin_uses && strcmp(c->file, "-") == 0))
			rc = pol_err(c, n->items[i],
				     "standard input ('-') can be read only once (the policy%s)",
				     strcmp(c->file, "-") == 0 ? " came from it" : " names it twice");
	}
	for (size_t i = 0; i < dp->n; i++)
		*ngates += dp->v[i].ngates;
	return rc;
}

static void data_free(void *sec)
{
	struct data_policy *dp = sec;

	if (!dp)
		return;
	for (size_t i = 0; i < dp->n; i++) {
		struct dataset *ds = &dp->v[i];

		free(ds->name);
		free(ds->path_raw);
		free(ds->path);
		free(ds->ref_raw);
		free(ds->ref);
		free_list(ds->nulls, ds->nnulls);
		free_list(ds->required, ds->nrequired);
		for (size_t j = 0; j < ds->ncols; j++) {
			free(ds->cols[j].name);
			free(ds->cols[j].allowed);
		}
		free(ds->cols);
		free(ds->def.method);
		free_list(ds->exclude, ds->nexclude);
		for (size_t j = 0; j < ds->ndcols; j++) {
			free(ds->dcols[j].column);
			free(ds->dcols[j].method);
		}
		free(ds->dcols);
	}
	free(dp->v);
	free(dp);
}

/* ----- evaluation ----- */

static struct gate_result *dgate(struct gate_list *gl, const struct dataset *ds,
				 const char *column, const char *suffix,
				 const char *kind, struct pos at,
				 enum gate_severity sev)
{
	char *id = column ? xasprintf("data.%s.%s.%s", ds->name, column, suffix)
			  : xasprintf("data.%s.%s", ds->name, suffix);
	struct gate_result *g = gates_add(gl, id, kind);

	free(id);
	gate_set_str(&g->dataset, ds->name);
	gate_set_str(&g->column, column);
	gate_set_str(&g->target, ds->path_raw);
	g->severity = sev;
	g->line = at.line;
	g->col = at.col;
	return g;
}

static struct pos bound_pos(const struct bound *b)
{
	struct pos p = {b->line, b->col};
	return p;
}

/* Judge value against a bound and say so: "<what> = v <= max t". */
static void judge(struct gate_result *g, const char *what, double value,
		  const struct bound *b)
{
	gate_judge_bound(g, b, value, what, b->op == OP_GE ? "min" : "max");
}

static int in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static const char *type_name(enum col_type t)
{
	return t == COL_NUMBER ? "number" : "string";
}

#define SHOW_VALUES 10

/* One entry of a details list: {"value": "...", "count": n}, the first
 * SHOW_VALUES only. */
static void show_value(struct jsonw *w, size_t *shown, const char *p,
		       size_t len, uint64_t count)
{
	if ((*shown)++ >= SHOW_VALUES)
		return;
	jw_obj_open(w);
	jw_key(w, "value");
	jw_strn(w, p, len);
	if (count)
		jw_kint(w, "count", (long long)count);
	jw_obj_close(w);
}

static void show_number(struct jsonw *w, size_t *shown, double v,
			uint64_t count)
{
	char b[40];

	mg_fmt_double(b, sizeof(b), v);
	show_value(w, shown, b, strlen(b), count);
}

static int cmp_dbl(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/* ----- exact unique/allowed past the category cap: a second pass ----- */

/* A set of byte strings (open addressing, FNV-1a; the text lives in one
 * arena, length-prefixed), for exact uniqueness of any number of values. */
struct strset {
	uint64_t *hash; /* 0 = empty slot */
	size_t *off;
	size_t cap, n;
	char *arena;
	size_t alen, acap;
};

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h | 1;
}

static int strset_add(struct strset *s, const char *p, size_t n);

static void strset_grow(struct strset *s)
{
	struct strset old = *s;

	s->cap = old.cap ? old.cap * 2 : 1024;
	s->hash = xcalloc(s->cap, sizeof(*s->hash));
	s->off = xcalloc(s->cap, sizeof(*s->off));
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++) {
		size_t at, j;
		if (!old.hash[i])
			continue;
		for (j = old.hash[i] & (s->cap - 1); s->hash[j]; j = (j + 1) & (s->cap - 1))
			;
		at = j;
		s->hash[at] = old.hash[i];
		s->off[at] = old.off[i];
		s->n++;
	}
	free(old.hash);
	free(old.off);
}

/* 1 when p[0..n) was new, 0 when it was there already. */
static int strset_add(struct strset *s, const char *p, size_t n)
{
	uint64_t h = fnv1a(p, n);
	size_t j;

	if ((s->n + 1) * 4 > s->cap * 3)
		strset_grow(s);
	for (j = h & (s->cap - 1); s->hash[j]; j = (j + 1) & (s->cap - 1)) {
		size_t len;
		if (s->hash[j] != h)
			continue;
		memcpy(&len, s->arena + s->off[j], sizeof(len));
		if (len == n && memcmp(s->arena + s->off[j] + sizeof(len), p, n) == 0)
			return 0;
	}
	s->arena = xgrow(s->arena, &s->acap, s->alen + sizeof(n) + n, 1);
	memcpy(s->arena + s->alen, &n, sizeof(n));
	memcpy(s->arena + s->alen + sizeof(n), p, n);
	s->hash[j] = h;
	s->off[j] = s->alen;
	s->alen += sizeof(n) + n;
	s->n++;
	return 1;
}

static void strset_release(struct strset *s)
{
	free(s->hash);
	free(s->off);
	free(s->arena);
	memset(s, 0, sizeof(*s));
}

struct recheck {
	const struct col_rule *r;
	struct csv_nulls nl;
	size_t col;           /* index of the column in the header */
	int found;
	struct strset seen;   /* unique */
	double dups, bad;     /* repeated cells, cells not allowed */
	struct jsonw w;       /* details: the first values found */
	struct sbuf sb;
	size_t shown;
};

static int recheck_header(void *ctx, const char *const *names, size_t n,
			  struct mg_error *err)
{
	struct recheck *k = ctx;

	(void)err;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], k->r->name) == 0) {
			k->col = i;
			k->found = 1;
		}
	return 0;
}

static int recheck_row(void *ctx, const struct csv_row *row,
		       struct mg_error *err)
{
	struct recheck *k = ctx;
	const struct csv_cell *c;

	(void)err;
	if (!k->found || k->col >= row->n)
		return 0;
	c = &row->cells[k->col];
	if (csv_is_null(&k->nl, c->p, c->n))
		return 0;
	if (k->r->unique) {
		if (!strset_add(&k->seen, c->p, c->n)) {
			k->dups += 1;
			show_value(&k->w, &k->shown, c->p, c->n, 0);
		}
		return 0;
	}
	for (size_t i = 0; i < k->r->nallowed; i++)
		if (strlen(k->r->allowed[i]) == c->n &&
		    memcmp(k->r->allowed[i], c->p, c->n) == 0)
			return 0;
	k->bad += 1;
	show_value(&k->w, &k->shown, c->p, c->n, 0);
	return 0;
}

/* Count repeated (unique) or disallowed (allowed) cells of a string column
 * exactly by reading the file again; the category counts stop at the cap.
 * Judges g.  Standard input cannot be read twice: an error. */
static void recheck_strings(struct gate_result *g, const struct dataset *ds,
			    const struct col_rule *r,
			    const struct csv_options *opts, int unique)
{
	struct col_rule one = *r;
	struct recheck k;
	struct mg_error err;
	char ebuf[1200];

	if (strcmp(ds->path, "-") == 0) {
		gate_error(g, "'%s' has more than %d distinct values: checking '%s' exactly needs a second pass, and standard input cannot be read twice",
			   r->name, COLSTATS_DISTINCT_CAP, unique ? "unique" : "allowed");
		return;
	}
	memset(&k, 0, sizeof(k));
	one.unique = unique;
	k.r = &one;
	csv_nulls_init(&k.nl, opts);
	jw_init(&k.w, &k.sb, 0);
	jw_obj_open(&k.w);
	jw_key(&k.w, unique ? "duplicated" : "not_allowed");
	jw_arr_open(&k.w);
	if (csv_read_file(ds->path, opts, recheck_header, recheck_row, &k, NULL, &err) < 0) {
		mg_error_format(&err, ebuf, sizeof(ebuf));
		gate_error(g, "cannot read data again: %s", ebuf);
	} else {
		double v = unique ? k.dups : k.bad;

		g->value = v;
		gate_verdict(g, v == 0);
		if (unique && v == 0)
			gate_message(g, "the %zu values of '%s' are unique", k.seen.n,
				     r->name);
		else if (unique)
			gate_message(g, "%.0f duplicate value%s in '%s'", v,
				     v == 1 ? "" : "s", r->name);
		else
			gate_message(g, "%.0f value%s of '%s' not allowed", v,
				     v == 1 ? "" : "s", r->name);
	}
	jw_arr_close(&k.w);
	jw_kbool(&k.w, "second_pass", 1);
	jw_obj_close(&k.w);
	free(g->details);
	g->details = sbuf_detach(&k.sb);
	strset_release(&k.seen);
}

/* `allowed`: the number of non-null cells outside the list (0 passes), from
 * the sorted values or the complete category counts (past the cap the
 * caller uses recheck_strings). */
static void eval_allowed(struct gate_result *g, const struct col_rule *r,
			 struct colstats *c)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;
	double bad = 0;
	size_t shown = 0, nbadvals = 0, first_len = 0;
	const char *first_bad = NULL;

	g->threshold = 0;
	g->op = OP_LE;
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_key(&w, "not_allowed");
	jw_arr_open(&w);
	if (c->type == COL_NUMBER && c->count > 0) {
		/* numbers compare as numbers: allowed: [1, 2] matches "1.0" */
		size_t n = 0, na = 0;
		const double *v = colstats_sorted_values(c, &n);
		double *al = xcalloc(r->nallowed + 1, sizeof(double));

		if (!v || n != c->count) {
			free(al);
			sbuf_release(&sb);
			gate_error(g, "the values of '%s' were not kept", r->name);
			return;
		}
		for (size_t i = 0; i < r->nallowed; i++)
			if (mg_parse_double(r->allowed[i], strlen(r->allowed[i]), &al[na]) == 0)
				na++;
		qsort(al, na, sizeof(double), cmp_dbl);
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j < n && v[j] == v[i])
				j++;
			if (!bsearch(&v[i], al, na, sizeof(double), cmp_dbl)) {
				bad += (double)(j - i);
				nbadvals++;
				show_number(&w, &shown, v[i], j - i);
			}
			i = j;
		}
		free(al);
	} else {
		size_t nc = colstats_ncategories(c);

		for (size_t i = 0; i < nc; i++) {
			const char *p;
			size_t len, k;
			uint64_t cnt;

			colstats_category(c, i, &p, &len, &cnt);
			for (k = 0; k < r->nallowed; k++)
				if (strlen(r->allowed[k]) == len &&
				    memcmp(r->allowed[k], p, len) == 0)
					break;
			if (k < r->nallowed)
				continue;
			if (!first_bad) {
				first_bad = p;
				first_len = len;
			}
			bad += (double)cnt;
			nbadvals++;
			show_value(&w, &shown, p, len, cnt);
		}
	}
	jw_arr_close(&w);
	jw_kint(&w, "distinct_not_allowed", (long long)nbadvals);
	jw_obj_close(&w);
	g->details = sbuf_detach(&sb);
	g->value = bad;
	gate_verdict(g, bad == 0);
	if (bad == 0)
		gate_message(g, "every value of '%s' is allowed", r->name);
	else if (first_bad)
		gate_message(g, "%.0f value%s of '%s' not allowed (%zu distinct, e.g. '%.*s')",
			     bad, bad == 1 ? "" : "s", r->name, nbadvals,
			     (int)(first_len > 40 ? 40 : first_len), first_bad);
	else
		gate_message(g, "%.0f value%s of '%s' not allowed (%zu distinct)",
			     bad, bad == 1 ? "" : "s",
			     r->name, nbadvals);
}

/* `unique`: the number of non-null cells that repeat an earlier value, from
 * the sorted values or the complete category counts. */
static void eval_unique(struct gate_result *g, const struct col_rule *r,
			struct colstats *c)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;
	double dups = 0;
	size_t shown = 0;

	g->threshold = 0;
	g->op = OP_LE;
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_key(&w, "duplicated");
	jw_arr_open(&w);
	if (c->type == COL_NUMBER) {
		size_t n = 0;
		const double *v = c->count ? colstats_sorted_values(c, &n) : NULL;

		if (c->count && (!v || n != c->count)) {
			sbuf_release(&sb);
			gate_error(g, "the values of '%s' were not kept", r->name);
			return;
		}
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j < n && v[j] == v[i])
				j++;
			if (j - i > 1) {
				dups += (double)(j - i - 1);
				show_number(&w, &shown, v[i], j - i);
			}
			i = j;
		}
	} else {
		size_t nc = colstats_ncategories(c);

		for (size_t i = 0; i < nc; i++) {
			const char *p;
			size_t len;
			uint64_t cnt;

			colstats_category(c, i, &p, &len, &cnt);
			if (cnt < 2)
				continue;
			dups += (double)(cnt - 1);
			show_value(&w, &shown, p, len, cnt);
		}
	}
	jw_arr_close(&w);
	jw_obj_close(&w);
	g->details = sbuf_detach(&sb);
	g->value = dups;
	gate_verdict(g, dups == 0);
	if (dups == 0)
		gate_message(g, "the %.0f values of '%s' are unique", (double)c->count, r->name);
	else
		gate_message(g, "%.0f duplicate value%s in '%s' (%zu value%s repeated)",
			     dups, dups == 1 ? "" : "s", r->name, shown,
			     shown == 1 ? "" : "s");
}

/* A string column whose category counts stopped at the cap. */
#define PARTIAL_TEXT(c) \
	((c)->type == COL_STRING && ((c)->cats_truncated || !(c)->text_complete))

/* Gates of one column rule. */
static void eval_column(struct gate_list *gl, const struct dataset *ds,
			const struct col_rule *r, struct profile *cur,
			const struct csv_options *opts, const char *fail)
{
	struct colstats *c = fail ? NULL : profile_column(cur, r->name);
	char absent[600] = "";
	struct gate_result *g;

	if (!fail && !c)
		snprintf(absent, sizeof(absent), "column '%s' is not in '%s'",
			 r->name, ds->path_raw);
	if (!fail && absent[0])
		fail = absent;
	if (r->type != CT_ANY) {
		enum col_type want = r->type == CT_NUMBER ? COL_NUMBER : COL_STRING;

		g = dgate(gl, ds, r->name, "type", "type", r->type_at, ds->sev);
		if (fail)
			gate_error(g, "%s", fail);
		else if (c->count == 0)
			gate_error(g, "column '%s' has no non-null values to check the type of",
				   r->name);
		else {
			gate_verdict(g, c->type == want);
			gate_message(g, "column '%s' is %s%s%s", r->name,
				     type_name(c->type),
				     c->type == want ? "" : ", expected ",
				     c->type == want ? "" : type_name(want));
		}
	}
	for (int hi = 0; hi < 2; hi++) {
		const struct bound *b = hi ? &r->max : &r->min;

		if (!bound_is_set(b))
			continue;
		g = dgate(gl, ds, r->name, hi ? "max" : "min", hi ? "max" : "min",
			  bound_pos(b), ds->sev);
		g->threshold = b->value;
		g->op = b->op;
		if (fail)
			gate_error(g, "%s", fail);
		else if (c->type != COL_NUMBER)
			gate_error(g, "column '%s' holds strings: '%s' needs numbers",
				   r->name, hi ? "max" : "min");
		else if (c->count == 0)
			gate_error(g, "column '%s' has no non-null values", r->name);
		else {
			char what[300];
			snprintf(what, sizeof(what), "%s of '%s'", hi ? "max" : "min", r->name);
			judge(g, what, hi ? c->max : c->min, b);
		}
	}
	if (bound_is_set(&r->null_max)) {
		g = dgate(gl, ds, r->name, "null_ratio.max", "null_ratio",
			  bound_pos(&r->null_max), ds->sev);
		if (fail)
			gate_error(g, "%s", fail);
		else {
			char what[300];
			snprintf(what, sizeof(what), "null ratio of '%s'", r->name);
			judge(g, what, (double)c->nulls / (double)cur->rows,
			      &r->null_max);
		}
	}
	if (r->allowed) {
		g = dgate(gl, ds, r->name, "allowed", "allowed", r->allowed_at, ds->sev);
		if (fail)
			gate_error(g, "%s", fail);
		else
			if (PARTIAL_TEXT(c))
				recheck_strings(g, ds, r, opts, 0);
			else
				eval_allowed(g, r, c);
	}
	if (r->unique) {
		g = dgate(gl, ds, r->name, "unique", "unique", r->unique_at, ds->sev);
		if (fail)
			gate_error(g, "%s", fail);
		else
			if (PARTIAL_TEXT(c))
				recheck_strings(g, ds, r, opts, 1);
			else
				eval_unique(g, r, c);
	}
}

static const struct drift_rule *drift_rule_for(const struct dataset *ds,
					       const char *column)
{
	for (size_t i = 0; i < ds->ndcols; i++)
		if (strcmp(ds->dcols[i].column, column) == 0)
			return &ds->dcols[i];
	return ds->has_default ? &ds->def : NULL;
}

static void drift_gate(struct gate_list *gl, const struct dataset *ds,
		       const char *column, const struct drift_rule *r,
		       struct profile *ref, struct profile *cur,
		       const char *fail)
{
	char suffix[64], why[600] = "", vb[40], tb[40];
	struct colstats *rc = NULL, *cc = NULL;
	struct drift_result res;
	struct gate_result *g;
	double value;

	snprintf(suffix, sizeof(suffix), "drift.%s", r->method);
	g = dgate(gl, ds, column, suffix, "drift", r->at, r->sev);
	gate_set_str(&g->method, r->method);
	g->threshold = r->threshold;
	g->op = r->pvalue ? OP_GE : OP_LE;
	if (fail) {
		gate_error(g, "%s", fail);
		return;
	}
	cc = profile_column(cur, column);
	rc = profile_column(ref, column);
	if (!cc || !rc) {
		gate_error(g, "column '%s' is not in '%s'", column,
			   !cc ? ds->path_raw : ds->ref_raw);
		return;
	}
	if (rc->count < ds->min_rows || cc->count < ds->min_rows) {
		gate_error(g, "insufficient data: %llu non-null values in the reference, %llu in the current data (min_rows %zu)",
			   (unsigned long long)rc->count,
			   (unsigned long long)cc->count, ds->min_rows);
		g->details = xasprintf("{\"method\":\"%s\",\"n_reference\":%llu,\"n_current\":%llu,\"min_rows\":%zu}",
				       r->method, (unsigned long long)rc->count,
				       (unsigned long long)cc->count, ds->min_rows);
		return;
	}
	if (drift_colstats(rc, cc, ds->bins, &res, why, sizeof(why)) < 0) {
		gate_error(g, "drift of '%s': %s", column, why);
		drift_result_release(&res);
		return;
	}
	{
		struct sbuf sb = SBUF_INIT;
		struct jsonw w;

		jw_init(&w, &sb, 0);
		drift_result_write_json(&res, NULL, r->method, &w);
		g->details = sbuf_detach(&sb);
	}
	if (drift_method_numeric_only(r->method) && !res.numeric) {
		gate_error(g, "'%s' applies to numbers; column '%s' holds strings (use psi, jensenshannon or chi2)",
			   r->method, column);
	} else if (drift_method_numeric_only(r->method) && !res.has_raw) {
		gate_error(g, "'%s' needs the reference's raw values, and '%s' is a frozen profile (it keeps only bins): use psi, jensenshannon or chi2, or a reference CSV",
			   r->method, ds->ref_raw);
	} else {
		struct bound b = {g->op, r->threshold, 0, 0};
		struct sbuf lhs = SBUF_INIT, tail = SBUF_INIT;

		value = drift_result_value(&res, r->method, r->pvalue);
		mg_fmt_double(vb, sizeof(vb), value);
		mg_fmt_double(tb, sizeof(tb), r->threshold);
		sbuf_addf(&lhs, "%s%s of '%s' = %s", r->method,
			  r->pvalue ? " p-value" : "", column, vb);
		sbuf_addf(&tail, " (n %zu vs %zu)%s", res.n_ref, res.n_cur,
			  res.nnew ? "; new categories: " : "");
		for (size_t k = 0; k < res.nnew && k < 5; k++)
			sbuf_addf(&tail, "%s'%s'", k ? ", " : "", res.new_cats[k]);
		if (res.nnew > 5)
			sbuf_addf(&tail, " and %zu more", res.nnew - 5);
		gate_judge_describe(g, &b, value, sbuf_str(&lhs),
				    r->pvalue ? "min_pvalue" : "max", tb,
				    sbuf_str(&tail));
		if (g->status == GS_ERROR)
			gate_error(g, "%s of '%s' is undefined (%zu bins)", r->method,
				   column, res.nbins);
		sbuf_release(&lhs);
		sbuf_release(&tail);
	}
	drift_result_release(&res);
}

static void eval_drift(struct gate_list *gl, const struct dataset *ds,
		       struct profile *ref, struct profile *cur,
		       const char *fail)
{
	size_t made = 0;

	/* named columns first, in policy order: each must exist */
	for (size_t i = 0; i < ds->ndcols; i++)
		drift_gate(gl, ds, ds->dcols[i].column, &ds->dcols[i], ref, cur, fail);
	if (!ds->has_default)
		return;
	if (fail) {
		struct gate_result *g = dgate(gl, ds, NULL, "drift", "drift",
					      ds->def.at, ds->def.sev);
		gate_set_str(&g->method, ds->def.method);
		gate_error(g, "%s", fail);
		return;
	}
	/* then the default for every column the two sides share */
	for (size_t i = 0; i < cur->ncols; i++) {
		const char *name = cur->cols[i].name;

		if (in_list(ds->exclude, ds->nexclude, name) ||
		    drift_rule_for(ds, name) != &ds->def ||
		    !profile_column(ref, name))
			continue;
		drift_gate(gl, ds, name, &ds->def, ref, cur, NULL);
		made++;
	}
	if (made == 0 && ds->ndcols == 0) {
		struct gate_result *g = dgate(gl, ds, NULL, "drift", "drift",
					      ds->def.at, ds->def.sev);
		gate_set_str(&g->method, ds->def.method);
		gate_error(g, "'%s' and '%s' share no column to compare",
			   ds->path_raw, ds->ref_raw);
	}
}

static int needs_values(const struct dataset *ds)
{
	if (ds->has_drift)
		return 1;
	for (size_t i = 0; i < ds->ncols; i++)
		if (ds->cols[i].unique || ds->cols[i].allowed)
			return 1;
	return 0;
}

/* schema.required (extra = 0: required columns missing from the data) or
 * schema.allow_extra (extra = 1: data columns neither required nor
 * declared).  The value is how many; 0 passes. */
static void eval_schema(struct gate_list *gl, const struct dataset *ds,
			const struct profile *cur, const char *fail, int extra)
{
	struct gate_result *g;
	struct sbuf names = SBUF_INIT;
	size_t n = 0;

	g = dgate(gl, ds, NULL, extra ? "schema.allow_extra" : "schema.required",
		  "schema", extra ? ds->extra_at : ds->required_at, ds->sev);
	g->threshold = 0;
	g->op = OP_LE;
	if (fail) {
		gate_error(g, "%s", fail);
		return;
	}
	for (size_t i = 0; i < (extra ? cur->ncols : ds->nrequired); i++) {
		const char *name = extra ? cur->cols[i].name : ds->required[i];
		int ok;

		if (extra) {
			ok = in_list(ds->required, ds->nrequired, name);
			for (size_t j = 0; !ok && j < ds->ncols; j++)
				ok = strcmp(ds->cols[j].name, name) == 0;
		} else {
			ok = profile_column(cur, name) != NULL;
		}
		if (ok)
			continue;
		sbuf_addf(&names, "%s'%s'", n ? ", " : "", name);
		n++;
	}
	g->value = (double)n;
	gate_verdict(g, n == 0);
	if (n && extra)
		gate_message(g, "column%s not in the schema: %s", n == 1 ? "" : "s",
			     sbuf_str(&names));
	else if (n)
		gate_message(g, "missing required column%s: %s", n == 1 ? "" : "s",
			     sbuf_str(&names));
	else if (extra)
		gate_message(g, "no columns beyond the schema");
	else
		gate_message(g, "all %zu required columns present", ds->nrequired);
	sbuf_release(&names);
}

static void eval_dataset(struct gate_list *gl, const struct dataset *ds)
{
	struct data_side cur, ref;
	struct csv_options opts;
	char curfail[1400] = "", reffail[1400] = "", ebuf[1300];
	const char *fail = NULL;
	struct gate_result *g;

	memset(&cur, 0, sizeof(cur));
	memset(&ref, 0, sizeof(ref));
	cur.path = ds->path;
	cur.keep_values = needs_values(ds);
	ref.path = ds->ref;
	ref.reference = 1;
	ref.keep_values = 1;
	csv_options_init(&opts);
	if (ds->delim)
		opts.delimiter = ds->delim;
	opts.skip_bad_rows = ds->skip_bad;
	if (ds->nulls) {
		opts.null_values = (const char *const *)ds->nulls;
		opts.n_null_values = ds->nnulls;
	}
	data_read_pair(&cur, &ref, &opts, ds->delim != 0);
	if (!cur.ok) {
		mg_error_format(&cur.err, ebuf, sizeof(ebuf));
		snprintf(curfail, sizeof(curfail), "cannot read data: %s", ebuf);
		fail = curfail;
	} else if (cur.prof.rows == 0) {
		snprintf(curfail, sizeof(curfail), "'%s' has a header but no data rows",
			 ds->path_raw);
		fail = curfail;
	}

	for (int hi = 0; hi < 2; hi++) {
		const struct bound *b = hi ? &ds->rc_max : &ds->rc_min;

		if (!bound_is_set(b))
			continue;
		g = dgate(gl, ds, NULL, hi ? "row_count.max" : "row_count.min",
			  "row_count", bound_pos(b), ds->sev);
		g->threshold = b->value;
		g->op = b->op;
		if (fail)
			gate_error(g, "%s", fail);
		else
			judge(g, "row count", (double)cur.prof.rows, b);
	}
	if (ds->skip_bad) {
		g = dgate(gl, ds, NULL, "bad_rows", "bad_rows", ds->at, SEV_WARN);
		g->threshold = 0;
		g->op = OP_LE;
		if (fail && cur.ok == 0) {
			gate_error(g, "%s", fail);
		} else {
			g->value = (double)cur.prof.bad_rows;
			gate_verdict(g, cur.prof.bad_rows == 0);
			if (cur.prof.bad_rows)
				gate_message(g, "%llu row%s with the wrong number of fields skipped (first on line %ld)",
					     (unsigned long long)cur.prof.bad_rows,
					     cur.prof.bad_rows == 1 ? "" : "s",
					     cur.prof.first_bad_line);
			else
				gate_message(g, "no rows skipped");
		}
	}
	if (ds->required)
		eval_schema(gl, ds, &cur.prof, fail, 0);
	if (ds->has_extra && !ds->allow_extra)
		eval_schema(gl, ds, &cur.prof, fail, 1);
	for (size_t i = 0; i < ds->ncols; i++)
		eval_column(gl, ds, &ds->cols[i], &cur.prof, &opts, fail);
	if (bound_is_set(&ds->null_max)) {
		if (fail) {
			g = dgate(gl, ds, NULL, "null_ratio.max", "null_ratio",
				  bound_pos(&ds->null_max), ds->sev);
			gate_error(g, "%s", fail);
		}
		for (size_t i = 0; !fail && i < cur.prof.ncols; i++) {
			const struct colstats *c = &cur.prof.cols[i];
			char what[300];
			int own = 0;

			for (size_t j = 0; j < ds->ncols; j++)
				own |= bound_is_set(&ds->cols[j].null_max) &&
				       strcmp(ds->cols[j].name, c->name) == 0;
			if (own)
				continue;
			g = dgate(gl, ds, c->name, "null_ratio.max", "null_ratio",
				  bound_pos(&ds->null_max), ds->sev);
			snprintf(what, sizeof(what), "null ratio of '%s'", c->name);
			judge(g, what, (double)c->nulls / (double)cur.prof.rows,
			      &ds->null_max);
		}
	}
	if (ds->has_drift) {
		const char *dfail = fail;

		if (!dfail && !ref.ok) {
			mg_error_format(&ref.err, ebuf, sizeof(ebuf));
			snprintf(reffail, sizeof(reffail), "cannot read the reference: %s", ebuf);
			dfail = reffail;
		}
		eval_drift(gl, ds, &ref.prof, &cur.prof, dfail);
	}
	data_side_release(&cur);
	data_side_release(&ref);
}

static int data_evaluate(const void *sec, const struct eval_ctx *ctx,
			 struct gate_list *gates, struct mg_error *err)
{
	const struct data_policy *dp = sec;

	(void)ctx;
	(void)err;
	for (size_t i = 0; i < dp->n; i++)
		eval_dataset(gates, &dp->v[i]);
	return 0;
}

const struct section_ops data_section = {
	.key = "data",
	.parse = data_parse,
	.evaluate = data_evaluate,
	.free = data_free,
};
