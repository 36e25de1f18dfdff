/* data_eval: evaluation of the `data:` section.  Each dataset is read
 * once (the reference in parallel) and every check becomes a gate with a
 * stable id; unique/allowed past the category cap go to data_recheck.
 * Decisions are documented in doc/data-checks.md. */
#define _POSIX_C_SOURCE 200809L
#include "data/data_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "common/jsonw.h"
#include "data/data_recheck.h"
#include "data/datapair.h"
#include "data/drift.h"
#include "data/profile.h"

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

static void show_number(struct jsonw *w, size_t *shown, double v,
			uint64_t count)
{
	char b[40];

	mg_fmt_double(b, sizeof(b), v);
	data_recheck_show_value(w, shown, b, strlen(b), count);
}

/* `allowed`: the number of non-null cells outside the list (0 passes), from
 * the sorted values or the complete category counts (past the cap the
 * caller uses data_recheck_strings). */
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
		qsort(al, na, sizeof(double), num_cmp_double);
		for (size_t i = 0; i < n;) {
			size_t j = i;
			while (j < n && v[j] == v[i])
				j++;
			if (!bsearch(&v[i], al, na, sizeof(double), num_cmp_double)) {
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
			data_recheck_show_value(&w, &shown, p, len, cnt);
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
			data_recheck_show_value(&w, &shown, p, len, cnt);
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
				data_recheck_strings(g, ds, r, opts, 0);
			else
				eval_allowed(g, r, c);
	}
	if (r->unique) {
		g = dgate(gl, ds, r->name, "unique", "unique", r->unique_at, ds->sev);
		if (fail)
			gate_error(g, "%s", fail);
		else
			if (PARTIAL_TEXT(c))
				data_recheck_strings(g, ds, r, opts, 1);
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

int data_eval_run(const void *sec, const struct eval_ctx *ctx,
		  struct gate_list *gates, struct mg_error *err)
{
	const struct data_policy *dp = sec;

	(void)ctx;
	(void)err;
	for (size_t i = 0; i < dp->n; i++)
		eval_dataset(gates, &dp->v[i]);
	return 0;
}
