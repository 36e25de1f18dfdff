/* data: the `data:` policy section (SPEC section 4): datasets, their checks
 * (row count, nulls, schema, per-column rules) and drift against a
 * reference CSV or a frozen reference profile.  This file parses (strictly,
 * with file:line:col) and frees; data_eval.c evaluates.
 * Decisions are documented in doc/data-checks.md. */
#define _POSIX_C_SOURCE 200809L
#include "data/data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/data_eval.h"
#include "data/dataset.h"
#include "data/drift.h"
#include "data/profile.h"

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

/* The thresholds of the data section: a row count, a share or ratio of
 * rows (high side only), a drift statistic, a drift p-value. */
static const struct pol_bounds count_keys = {"min", "gt", "max", "lt", 0,
					     INFINITY};
static const struct pol_bounds ratio_keys = {NULL, NULL, "max", "lt", 0, 1};
static const struct pol_bounds newcat_keys = {NULL, NULL, "max_share",
					      "lt_share", 0, 1};
static const struct pol_bounds stat_keys = {NULL, NULL, "max", "lt", 0,
					    INFINITY};
static const struct pol_bounds pvalue_keys = {"min_pvalue", "gt_pvalue", NULL,
					      NULL, 0, 1};

/* `key: {max|lt: ratio, warn: {...}}`: a ratio from 0 to 1, high side. */
static int get_fraction(struct pol_ctx *c, const struct ynode *map,
			const char *key, const struct pol_bounds *k,
			struct bound *out)
{
	struct bound lo;

	return pol_get_range(c, map, key, k, &lo, out);
}

static int get_fraction_max(struct pol_ctx *c, const struct ynode *map,
			    const char *key, struct bound *out)
{
	return get_fraction(c, map, key, &ratio_keys, out);
}

static int parse_type(struct pol_ctx *c, const struct ynode *n,
		      enum ctype *out)
{
	static const char *const types[] = {"number", "string", NULL};
	char hb[MG_HINT_SIZE];

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
	return pol_err(c, n, "unknown column type '%s'%s", n->str,
		       mg_did_you_mean(hb, sizeof(hb), mg_suggest(n->str, types),
				       ": use 'number' or 'string'"));
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
	static const char *const keys[] = {"type", "min", "max", "gt", "lt",
					   "warn", "null_ratio", "allowed",
					   "unique", "new_categories", NULL};
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
	if (pol_get_bounds(c, m, &pol_bounds_range, where, &r->min, &r->max) < 0)
		rc = -1;
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
	if (get_fraction(c, m, "new_categories", &newcat_keys, &r->newcat_max) < 0)
		rc = -1;
	else if (bound_is_set(&r->newcat_max) && !ds->ref)
		rc = pol_err(c, ynode_get(m, "new_categories"),
			     "%s: 'new_categories' needs a 'reference' to compare with",
			     where);
	if (rc == 0)
		ds->ngates += (size_t)((r->type != CT_ANY && !had_type) +
				       bound_is_set(&r->min) + bound_is_set(&r->max) +
				       bound_is_set(&r->null_max) +
					 (r->allowed != NULL) + r->unique +
				       bound_is_set(&r->newcat_max));
	return rc;
}

static int parse_schema(struct pol_ctx *c, struct dataset *ds,
			const struct ynode *m)
{
	static const char *const keys[] = {"required", "allow_extra", "types",
					   "from", NULL};
	const char **req = NULL, *from = NULL;
	const struct ynode *t;
	int rc = 0;

	if (pol_expect(c, m, Y_MAP, "'schema'") < 0)
		return -1;
	if (pol_check_keys(c, m, keys, "'schema'"))
		rc = -1;
	if (pol_get_string(c, m, "from", &from) < 0) {
		rc = -1;
	} else if (from) {
		if (strcmp(from, "reference") != 0)
			rc = pol_err(c, ynode_get(m, "from"),
				     "'schema.from' must be 'reference', not '%s'", from);
		else if (!ds->ref)
			rc = pol_err(c, ynode_get(m, "from"),
				     "'schema: {from: reference}' needs a 'reference'");
		ds->from_ref = 1;
		ds->from_at = pos_of(ynode_get(m, "from"));
	}
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
		if (!ds->required && !ds->ref)
			rc = pol_err(c, ynode_get(m, "allow_extra"),
				     "'allow_extra: false' needs 'required' or a 'reference' (the columns that are allowed)");
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

/* The first value of a key of `k` in `m` (or in its `warn`), or NULL. */
static const struct ynode *has_any(const struct ynode *m,
				   const struct pol_bounds *k)
{
	const char *keys[] = {k->min, k->gt, k->max, k->lt};
	const struct ynode *w = ynode_get(m, "warn"), *n;

	for (size_t i = 0; i < 4; i++) {
		if (!keys[i])
			continue;
		if ((n = ynode_get(m, keys[i])))
			return n;
		if (w && w->kind == Y_MAP && (n = ynode_get(w, keys[i])))
			return n;
	}
	return NULL;
}

static int parse_drift_rule(struct pol_ctx *c, const struct ynode *m,
			    const char *where, const struct drift_rule *inherit,
			    int psi_default, struct drift_rule *r)
{
	const char *method = NULL;
	const struct ynode *mn = ynode_get(m, "method");
	const struct ynode *has_max, *has_p;
	struct bound lo, hi;
	int rc = 0;

	const char *ksm = NULL;

	if (pol_get_string(c, m, "method", &method) < 0 ||
	    pol_get_string(c, m, "ks_method", &ksm) < 0)
		return -1;
	r->ks = inherit ? inherit->ks : DRIFT_KS_AUTO;
	if (ksm && drift_ks_method_parse(ksm, &r->ks) < 0)
		return pol_err(c, ynode_get(m, "ks_method"),
			       "%s: 'ks_method' must be auto, exact or asymp, not '%s'",
			       where, ksm);
	if (method && !drift_method_known(method)) {
		char hb[MG_HINT_SIZE];
		return pol_err(c, mn, "%s: unknown drift method '%s'%s", where,
			       method, drift_method_hint(hb, sizeof(hb), method));
	}
	has_max = has_any(m, &stat_keys);
	has_p = has_any(m, &pvalue_keys);
	if (has_max && has_p)
		return pol_err(c, has_p,
			       "%s: bound the statistic (max, lt) or its p-value (min_pvalue, gt_pvalue), not both",
			       where);
	if (pol_get_bounds(c, m, has_p ? &pvalue_keys : &stat_keys, where,
			   has_p ? &r->b : &lo, has_p ? &hi : &r->b) < 0)
		rc = -1;
	if (pol_get_severity(c, m, &r->sev) < 0)
		rc = -1;
	if (rc)
		return -1;
	if (!ynode_get(m, "severity") && inherit)
		r->sev = inherit->sev;
	r->method = xstrdup(method ? method :
			    inherit && inherit->method ? inherit->method : "psi");
	r->at = pos_of(m);
	if (has_max || has_p) {
		r->pvalue = has_p != NULL;
		r->at.line = r->b.line;
		r->at.col = r->b.col;
	} else if (inherit && inherit->method &&
		   strcmp(inherit->method, r->method) == 0) {
		r->pvalue = inherit->pvalue;
		r->b = inherit->b;
	} else if (psi_default && !method) {
		/* `drift: {share: ...}` alone: PSI with its rule of thumb */
		r->pvalue = 0;
		r->b.op = OP_LE;
		r->b.value = DATA_DRIFT_DEFAULT_PSI_MAX;
	} else {
		return pol_err(c, m, "%s: drift method '%s' needs a threshold: 'max' or 'lt' (the statistic), 'min_pvalue' or 'gt_pvalue'",
			       where, r->method);
	}
	if (r->pvalue && !drift_method_has_pvalue(r->method))
		return pol_err(c, has_p ? has_p : m,
			       "%s: '%s' has no p-value; use 'max' or 'lt' (min_pvalue and gt_pvalue are for ks and chi2)",
			       where, r->method);
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
	static const char *const keys[] = {"method", "max", "lt", "min_pvalue",
					   "gt_pvalue", "warn", "bins",
					   "min_rows", "exclude", "columns",
					   "severity", "ks_method", "share",
					   "new_categories", NULL};
	static const char *const ckeys[] = {"method", "max", "lt", "min_pvalue",
					    "gt_pvalue", "warn", "severity",
					    "ks_method", NULL};
	const struct ynode *cols;
	const char **ex = NULL;
	enum gate_severity dsev;
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
	if (get_fraction_max(c, m, "share", &ds->share_max) < 0)
		rc = -1;
	if (get_fraction(c, m, "new_categories", &newcat_keys, &ds->newcat_max) < 0)
		rc = -1;
	ds->newcat_at = pos_of(ynode_get(m, "new_categories"));
	if (rc)
		return -1;
	ds->ngates += (size_t)(bound_is_set(&ds->share_max) +
			       bound_is_set(&ds->newcat_max));
	/* the default rule: when a threshold, a method or a share is given */
	if (has_any(m, &stat_keys) || has_any(m, &pvalue_keys) ||
	    ynode_get(m, "warn") || ynode_get(m, "method") ||
	    bound_is_set(&ds->share_max)) {
		if (parse_drift_rule(c, m, "'drift'", NULL,
				     bound_is_set(&ds->share_max), &ds->def) < 0)
			return -1;
		ds->has_default = 1;
		ds->ngates++; /* at least one: the columns are known at run time */
	} else {
		const char *ksm = NULL;

		if (pol_get_string(c, m, "ks_method", &ksm) < 0)
			return -1;
		if (ksm && drift_ks_method_parse(ksm, &ds->def.ks) < 0)
			return pol_err(c, ynode_get(m, "ks_method"),
				       "'drift': 'ks_method' must be auto, exact or asymp, not '%s'",
				       ksm);
		if (pol_get_severity(c, m, &ds->def.sev) < 0)
			return -1;
		if (!ynode_get(m, "severity"))
			ds->def.sev = ds->sev;
	}
	dsev = ds->def.sev;
	if (ds->has_default && !ynode_get(m, "severity")) {
		dsev = ds->sev;
		/* under a share, one drifted column is a warning: the share decides */
		ds->def.sev = bound_is_set(&ds->share_max) ? SEV_WARN : ds->sev;
	}
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
					     ds->has_default ? &ds->def : NULL, 0, r) < 0) {
				/* the slot is reused by the next column */
				free(r->method);
				memset(r, 0, sizeof(*r));
				rc = -1;
				continue;
			}
			if (!ynode_get(cols->items[i], "severity"))
				r->sev = dsev;
			if (!ynode_get(cols->items[i], "ks_method"))
				r->ks = ds->def.ks;
			r->column = xstrdup(name);
			if (!ds->has_default)
				r->at = pos_of(cols->keys[i]);
			ds->ndcols++;
			ds->ngates++;
		}
	}
	if (rc == 0 && !ds->has_default && ds->ndcols == 0 &&
	    !bound_is_set(&ds->newcat_max))
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
	if (csv_parse_delimiter(s, &ds->delim))
		return pol_err(c, n,
			       "'delimiter' must be one character other than a quote or newline (or 'tab'), not \"%s\"",
			       n->str);
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
	if (pol_get_range(c, m, "row_count", &count_keys, &ds->rc_min,
			  &ds->rc_max) < 0) {
		rc = -1;
	} else if ((n = ynode_get(m, "row_count"))) {
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
	}
	if (ds->ref)
		ds->ngates++; /* schema.reference: its columns and types */
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

const struct section_ops data_section = {
	.key = "data",
	.parse = data_parse,
	.evaluate = data_eval_run,
	.free = data_free,
};
