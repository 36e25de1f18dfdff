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
#include "common/trust.h"
#include "data/data_recheck.h"
#include "data/datapair.h"
#include "data/drift.h"
#include "data/profile.h"
#include "data/qsketch.h"

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
	gate_judge_bound(g, b, value, what);
}

/* A gate on bound `b` with id "...PREFIX<name of b>" (PREFIX may be ""),
 * its threshold taken from `b`. */
static struct gate_result *bgate(struct gate_list *gl, const struct dataset *ds,
				 const char *column, const char *prefix,
				 const char *kind, const struct bound *b)
{
	char suffix[96];
	struct gate_result *g;

	snprintf(suffix, sizeof(suffix), "%s%s", prefix, bound_name(b));
	g = dgate(gl, ds, column, suffix, kind, bound_pos(b), ds->sev);
	gate_set_bound(g, b);
	return g;
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
		size_t na = 0;
		struct qsview vc;
		double *al;

		if (colstats_value_counts(c, &vc)) {
			sbuf_release(&sb);
			gate_error(g, "the values of '%s' were not kept", r->name);
			return;
		}
		al = xcalloc(r->nallowed + 1, sizeof(double));
		for (size_t i = 0; i < r->nallowed; i++)
			if (mg_parse_double(r->allowed[i], strlen(r->allowed[i]), &al[na]) == 0)
				na++;
		qsort(al, na, sizeof(double), num_cmp_double);
		for (size_t i = 0; i < vc.n; i++)
			if (!bsearch(&vc.v[i], al, na, sizeof(double), num_cmp_double)) {
				bad += (double)vc.w[i];
				nbadvals++;
				show_number(&w, &shown, vc.v[i], vc.w[i]);
			}
		free(al);
		qsview_release(&vc);
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
	else if (first_bad) {
		struct sbuf eg = SBUF_INIT;

		trust_echo(&eg, first_bad, first_len);
		gate_message(g, "%.0f value%s of '%s' not allowed (%zu distinct, e.g. '%s')",
			     bad, bad == 1 ? "" : "s", r->name, nbadvals,
			     sbuf_str(&eg));
		sbuf_release(&eg);
	}
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
		struct qsview vc;

		if (colstats_value_counts(c, &vc)) {
			sbuf_release(&sb);
			gate_error(g, "the values of '%s' were not kept", r->name);
			return;
		}
		for (size_t i = 0; i < vc.n; i++)
			if (vc.w[i] > 1) {
				dups += (double)(vc.w[i] - 1);
				show_number(&w, &shown, vc.v[i], vc.w[i]);
			}
		qsview_release(&vc);
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

/* One dataset being evaluated.  `err` says why nothing could be evaluated
 * (the data could not be read: every gate is an error); `dep` why every
 * gate fails with its headline (the data has no rows). */
struct dctx {
	struct gate_list *gl;
	const struct dataset *ds;
	struct profile *cur;
	struct profile *ref;      /* NULL when there is none or it was not read */
	const char *referr;       /* why the reference could not be read */
	const struct csv_options *opts;
	const char *err;
	const char *dep;
};

/* Settle g when its dataset could not be judged: an error for `err`, a
 * failure for `dep` (data that is bad).  1 when it did. */
static int settle(struct gate_result *g, const char *err, const char *dep)
{
	if (err) {
		gate_error(g, "%s", err);
		return 1;
	}
	if (dep) {
		gate_verdict(g, 0);
		gate_message(g, "%s", dep);
		return 1;
	}
	return 0;
}

static int has_values(const struct colstats *c)
{
	return c && c->count > 0;
}

/* The gate that names a missing column (the headline of its gates). */
static const char *absent_headline(const struct dctx *x, const char *name)
{
	if (in_list(x->ds->required, x->ds->nrequired, name))
		return "schema.required";
	if (x->ref && profile_column(x->ref, name))
		return "schema.reference";
	return "schema.columns";
}

/* Why the gates on `name` fail before judging it, in buf, or NULL. */
static const char *column_dep(const struct dctx *x, const char *name,
			      char *buf, size_t size)
{
	if (x->dep)
		return x->dep;
	if (profile_column(x->cur, name))
		return NULL;
	snprintf(buf, size, "column absent (see data.%s.%s)", x->ds->name,
		 absent_headline(x, name));
	return buf;
}

/* "number in the reference, string now", or NULL when the type held (or
 * a side has no values to tell). */
static const char *type_change(const struct dctx *x, const char *name,
			       char *buf, size_t size)
{
	struct colstats *rc = x->ref ? profile_column(x->ref, name) : NULL;
	struct colstats *cc = profile_column(x->cur, name);

	if (!has_values(rc) || !has_values(cc) || rc->type == cc->type)
		return NULL;
	snprintf(buf, size, "%s in the reference, %s now", type_name(rc->type),
		 type_name(cc->type));
	return buf;
}

/* Gates of one column rule. */
static void eval_column(const struct dctx *x, const struct col_rule *r)
{
	const struct dataset *ds = x->ds;
	struct gate_list *gl = x->gl;
	struct colstats *c = profile_column(x->cur, r->name);
	char absent[600];
	const char *dep = column_dep(x, r->name, absent, sizeof(absent));
	const char *err = x->err;
	struct gate_result *g;

	if (r->type != CT_ANY) {
		enum col_type want = r->type == CT_NUMBER ? COL_NUMBER : COL_STRING;

		g = dgate(gl, ds, r->name, "type", "type", r->type_at, ds->sev);
		if (settle(g, err, dep))
			;
		else if (c->count == 0) {
			gate_verdict(g, 0);
			gate_message(g, "column '%s' has no non-null values (type unknown, expected %s)",
				     r->name, type_name(want));
		} else {
			char tb[100];
			const char *tc = type_change(x, r->name, tb, sizeof(tb));

			gate_verdict(g, c->type == want);
			if (c->type != want && tc)
				gate_message(g, "column '%s' is %s, expected %s (%s)",
					     r->name, type_name(c->type),
					     type_name(want), tc);
			else
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
		g = bgate(gl, ds, r->name, "", hi ? "max" : "min", b);
		if (settle(g, err, dep))
			;
		else if (c->count == 0) {
			gate_verdict(g, 0);
			gate_message(g, "column '%s' has no non-null values", r->name);
		} else if (c->type != COL_NUMBER) {
			gate_verdict(g, 0);
			gate_message(g, "column '%s' holds strings: '%s' needs numbers",
				     r->name, hi ? "max" : "min");
		} else {
			char what[300];
			snprintf(what, sizeof(what), "%s of '%s'", hi ? "max" : "min", r->name);
			judge(g, what, hi ? c->max : c->min, b);
		}
	}
	if (bound_is_set(&r->null_max)) {
		g = bgate(gl, ds, r->name, "null_ratio.", "null_ratio",
			  &r->null_max);
		if (!settle(g, err, dep)) {
			char what[300];
			snprintf(what, sizeof(what), "null ratio of '%s'", r->name);
			judge(g, what, (double)c->nulls / (double)x->cur->rows,
			      &r->null_max);
		}
	}
	if (r->allowed) {
		g = dgate(gl, ds, r->name, "allowed", "allowed", r->allowed_at, ds->sev);
		if (!settle(g, err, dep)) {
			if (PARTIAL_TEXT(c))
				data_recheck_strings(g, ds, r, x->opts, 0);
			else
				eval_allowed(g, r, c);
		}
	}
	if (r->unique) {
		g = dgate(gl, ds, r->name, "unique", "unique", r->unique_at, ds->sev);
		if (!settle(g, err, dep)) {
			if (PARTIAL_TEXT(c))
				data_recheck_strings(g, ds, r, x->opts, 1);
			else
				eval_unique(g, r, c);
		}
	}
}

/* `schema: {from: reference}`: a type gate for every reference column and
 * an `allowed` gate for each string column with few values, unless the
 * policy declares its own. */
static void eval_from_reference(const struct dctx *x)
{
	const struct dataset *ds = x->ds;

	for (size_t i = 0; x->ref && i < x->ref->ncols; i++) {
		struct colstats *rc = &x->ref->cols[i];
		const struct col_rule *own = NULL;
		struct col_rule r;
		size_t nc = colstats_ncategories(rc);

		for (size_t j = 0; j < ds->ncols; j++)
			if (strcmp(ds->cols[j].name, rc->name) == 0)
				own = &ds->cols[j];
		memset(&r, 0, sizeof(r));
		r.name = rc->name;
		r.at = r.type_at = r.allowed_at = ds->from_at;
		if (has_values(rc) && !(own && own->type != CT_ANY))
			r.type = rc->type == COL_NUMBER ? CT_NUMBER : CT_STRING;
		if (has_values(rc) && rc->type == COL_STRING && !rc->cats_truncated &&
		    nc > 0 && nc <= DATA_FROM_REF_MAX_ALLOWED && !(own && own->allowed)) {
			char **al = xcalloc(nc + 1, sizeof(char *));

			for (size_t k = 0; k < nc; k++) {
				const char *p;
				size_t len;
				uint64_t cnt;

				colstats_category(rc, k, &p, &len, &cnt);
				al[k] = xstrndup(p, len);
			}
			r.allowed = (const char **)al;
			r.nallowed = nc;
		}
		if (r.type != CT_ANY || r.allowed)
			eval_column(x, &r);
		for (size_t k = 0; k < r.nallowed; k++)
			free((char *)r.allowed[k]);
		free(r.allowed);
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

static void drift_gate(const struct dctx *x, const char *column,
		       const struct drift_rule *r, const char *err)
{
	const struct dataset *ds = x->ds;
	char suffix[64], why[600] = "", vb[40], absent[600];
	const char *dep;
	struct colstats *rc = NULL, *cc = NULL;
	struct drift_result res;
	struct gate_result *g;
	double value;

	snprintf(suffix, sizeof(suffix), "drift.%s", r->method);
	g = dgate(x->gl, ds, column, suffix, "drift", r->at, r->sev);
	gate_set_str(&g->method, r->method);
	gate_set_bound(g, &r->b);
	dep = column_dep(x, column, absent, sizeof(absent));
	/* failing before judging is the dataset's failure, not a drift a
	 * share may tolerate: the dataset's severity */
	if (dep)
		g->severity = ds->sev;
	if (settle(g, err, dep))
		return;
	cc = profile_column(x->cur, column);
	rc = profile_column(x->ref, column);
	if (!rc) {
		gate_error(g, "column '%s' is not in '%s'", column, ds->ref_raw);
		return;
	}
	if (type_change(x, column, why, sizeof(why))) {
		g->severity = ds->sev;
		gate_verdict(g, 0);
		gate_message(g, "drift of '%s' not computed: %s", column, why);
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
	if (drift_colstats_ks(rc, cc, ds->bins, r->ks, &res, why, sizeof(why)) < 0) {
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
		struct sbuf lhs = SBUF_INIT, tail = SBUF_INIT;

		value = drift_result_value(&res, r->method, r->pvalue);
		mg_fmt_double(vb, sizeof(vb), value);
		sbuf_addf(&lhs, "%s%s of '%s' = %s", r->method,
			  r->pvalue ? " p-value" : "", column, vb);
		sbuf_addf(&tail, " (n %zu vs %zu)%s", res.n_ref, res.n_cur,
			  res.nnew ? "; new categories: " : "");
		{
			size_t shown = 0;

			for (size_t k = 0; k < res.nnew; k++)
				trust_echo_item(&tail, &shown, res.new_cats[k], NULL);
			trust_echo_more(&tail, shown);
		}
		drift_approx_note(&res, r->method, &tail);
		gate_judge_describe(g, &r->b, value, sbuf_str(&lhs), "",
				    sbuf_str(&tail));
		if (g->status == GS_ERROR)
			gate_error(g, "%s of '%s' is undefined (%zu bins)", r->method,
				   column, res.nbins);
		sbuf_release(&lhs);
		sbuf_release(&tail);
	}
	drift_result_release(&res);
}

/* The columns the default drift rule left out, and why. */
struct skipped {
	struct sbuf text, json;
	size_t n;
};

static void skip_column(struct skipped *s, const char *name, const char *why)
{
	struct jsonw w;

	if (s->n < 10)
		sbuf_addf(&s->text, "%s'%s' (%s)", s->n ? ", " : "", name, why);
	jw_init(&w, &s->json, 0);
	if (s->n)
		sbuf_adds(&s->json, ",");
	jw_obj_open(&w);
	jw_kstr(&w, "column", name);
	jw_kstr(&w, "reason", why);
	jw_obj_close(&w);
	s->n++;
}

/* The default rule for a column: the section's, or for strings under a
 * numbers-only method chi2 at DATA_DRIFT_STRING_MIN_PVALUE. */
static const struct drift_rule *default_rule_for(const struct dctx *x,
						 const char *name,
						 struct drift_rule *tmp)
{
	const struct dataset *ds = x->ds;
	struct colstats *rc = profile_column(x->ref, name);

	if (!drift_method_numeric_only(ds->def.method) || !has_values(rc) ||
	    rc->type != COL_STRING)
		return &ds->def;
	*tmp = ds->def;
	tmp->method = (char *)"chi2";
	tmp->pvalue = 1;
	memset(&tmp->b, 0, sizeof(tmp->b));
	tmp->b.op = OP_GE;
	tmp->b.value = DATA_DRIFT_STRING_MIN_PVALUE;
	tmp->b.key = "min_pvalue";
	return tmp;
}

/* drift.share: the share of checked columns (judged drift gates from
 * gate index `from` on) that drifted. */
static void eval_share(const struct dctx *x, size_t from, const char *err)
{
	const struct dataset *ds = x->ds;
	struct gate_result *g;
	struct sbuf names = SBUF_INIT, lhs = SBUF_INIT, tail = SBUF_INIT;
	size_t checked = 0, drifted = 0, errors = 0;
	char vb[40];
	double share;

	for (size_t i = from; i < x->gl->n; i++) {
		const struct gate_result *d = &x->gl->v[i];

		if (!d->column || strcmp(d->kind, "drift") != 0)
			continue;
		if (d->status == GS_ERROR) {
			errors++;
			continue;
		}
		if (!isfinite(d->value))
			continue; /* failed before judging: reported by its headline */
		checked++;
		if (d->status == GS_FAIL || d->status == GS_WARN) {
			if (drifted < 5)
				sbuf_addf(&names, "%s'%s'", drifted ? ", " : "", d->column);
			drifted++;
		}
	}
	g = bgate(x->gl, ds, NULL, "drift.share.", "drift", &ds->share_max);
	gate_set_str(&g->method, "share");
	if (settle(g, err, x->dep))
		goto out;
	if (errors) {
		gate_error(g, "%zu column%s could not be checked for drift", errors,
			   errors == 1 ? "" : "s");
		goto out;
	}
	if (checked == 0) {
		gate_verdict(g, 0);
		gate_message(g, "no column was checked for drift");
		goto out;
	}
	share = (double)drifted / (double)checked;
	mg_fmt_double(vb, sizeof(vb), share);
	sbuf_addf(&lhs, "share of drifted columns = %s", vb);
	sbuf_addf(&tail, " (%zu of %zu%s%s%s)", drifted, checked,
		  drifted ? ": " : "", sbuf_str(&names), drifted > 5 ? ", ..." : "");
	gate_judge_describe(g, &ds->share_max, share, sbuf_str(&lhs), "",
			    sbuf_str(&tail));
	g->details = xasprintf("{\"checked\":%zu,\"drifted\":%zu}", checked, drifted);
out:
	sbuf_release(&names);
	sbuf_release(&lhs);
	sbuf_release(&tail);
}

static void eval_drift(const struct dctx *x, const char *err)
{
	const struct dataset *ds = x->ds;
	struct profile *cur = x->cur, *ref = x->ref;
	struct skipped sk = {SBUF_INIT, SBUF_INIT, 0};
	size_t made = 0, from = x->gl->n;

	/* named columns first, in policy order: each must exist */
	for (size_t i = 0; i < ds->ndcols; i++)
		drift_gate(x, ds->dcols[i].column, &ds->dcols[i], err);
	if (!ds->has_default)
		goto share;
	if (err || x->dep) {
		struct gate_result *g = dgate(x->gl, ds, NULL, "drift", "drift",
					      ds->def.at, ds->def.sev);
		gate_set_str(&g->method, ds->def.method);
		settle(g, err, x->dep);
		goto share;
	}
	/* then the default for every column the two sides share, and for
	 * every reference column the data lacks (it fails) */
	for (size_t i = 0; i < cur->ncols; i++) {
		const char *name = cur->cols[i].name;
		struct drift_rule tmp;

		if (drift_rule_for(ds, name) != &ds->def)
			continue;
		if (in_list(ds->exclude, ds->nexclude, name)) {
			skip_column(&sk, name, "excluded");
			continue;
		}
		if (!profile_column(ref, name)) {
			skip_column(&sk, name, "not in the reference");
			continue;
		}
		drift_gate(x, name, default_rule_for(x, name, &tmp), NULL);
		made++;
	}
	for (size_t i = 0; i < ref->ncols; i++) {
		const char *name = ref->cols[i].name;
		struct drift_rule tmp;

		if (profile_column(cur, name) || drift_rule_for(ds, name) != &ds->def)
			continue;
		if (in_list(ds->exclude, ds->nexclude, name)) {
			skip_column(&sk, name, "excluded");
			continue;
		}
		drift_gate(x, name, default_rule_for(x, name, &tmp), NULL);
		made++;
	}
	if (made == 0 && ds->ndcols == 0) {
		struct gate_result *g = dgate(x->gl, ds, NULL, "drift", "drift",
					      ds->def.at, ds->def.sev);
		gate_set_str(&g->method, ds->def.method);
		gate_error(g, "'%s' and '%s' share no column to compare",
			   ds->path_raw, ds->ref_raw);
	}
	if (sk.n) {
		struct gate_result *g = dgate(x->gl, ds, NULL, "drift.not_checked",
					      "drift", ds->def.at, SEV_WARN);

		g->value = (double)sk.n;
		gate_verdict(g, 1);
		gate_message(g, "%zu column%s not checked for drift: %s%s", sk.n,
			     sk.n == 1 ? "" : "s", sbuf_str(&sk.text),
			     sk.n > 10 ? ", ..." : "");
		g->details = xasprintf("{\"not_checked\":[%s]}", sbuf_str(&sk.json));
	}
share:
	if (bound_is_set(&ds->share_max))
		eval_share(x, from, err);
	sbuf_release(&sk.text);
	sbuf_release(&sk.json);
}

/* new_categories.max_share on one column: the share of the current
 * non-null values whose category the reference never saw. */
static void newcat_gate(const struct dctx *x, const char *name,
			const struct bound *b, struct pos at, const char *err)
{
	const struct dataset *ds = x->ds;
	struct colstats *rc = x->ref ? profile_column(x->ref, name) : NULL;
	struct colstats *cc = profile_column(x->cur, name);
	struct gate_result *g;
	struct sbuf names = SBUF_INIT, lhs = SBUF_INIT, tail = SBUF_INIT;
	char absent[600], why[100], vb[40];
	size_t nnew = 0;
	double rows = 0, share;

	g = bgate(x->gl, ds, name, "new_categories.", "new_categories", b);
	g->line = at.line;
	g->col = at.col;
	if (settle(g, err, column_dep(x, name, absent, sizeof(absent))))
		goto out;
	if (!rc) {
		gate_error(g, "column '%s' is not in '%s'", name, ds->ref_raw);
		goto out;
	}
	if (type_change(x, name, why, sizeof(why))) {
		gate_verdict(g, 0);
		gate_message(g, "new categories of '%s' not computed: %s", name, why);
		goto out;
	}
	if (cc->type != COL_STRING || rc->type != COL_STRING) {
		gate_error(g, "'new_categories' applies to string columns; '%s' holds numbers",
			   name);
		goto out;
	}
	if (PARTIAL_TEXT(cc) || rc->cats_truncated) {
		gate_error(g, "column '%s' has more distinct values than mlgate counts (%s)",
			   name, PARTIAL_TEXT(cc) ? ds->path_raw : ds->ref_raw);
		goto out;
	}
	if (cc->count == 0) {
		gate_verdict(g, 0);
		gate_message(g, "column '%s' has no non-null values", name);
		goto out;
	}
	for (size_t i = 0; i < colstats_ncategories(cc); i++) {
		const char *p;
		size_t len;
		uint64_t cnt;

		colstats_category(cc, i, &p, &len, &cnt);
		if (colstats_category_count(rc, p, len) > 0)
			continue;
		if (nnew < 5)
			sbuf_addf(&names, "%s'%.*s'", nnew ? ", " : "",
				  (int)(len > 40 ? 40 : len), p);
		nnew++;
		rows += (double)cnt;
	}
	share = rows / (double)cc->count;
	mg_fmt_double(vb, sizeof(vb), share);
	sbuf_addf(&lhs, "share of '%s' in new categories = %s", name, vb);
	sbuf_addf(&tail, " (%.0f of %llu values%s%s%s)", rows,
		  (unsigned long long)cc->count, nnew ? ": " : "", sbuf_str(&names),
		  nnew > 5 ? ", ..." : "");
	gate_judge_describe(g, b, share, sbuf_str(&lhs), "", sbuf_str(&tail));
	g->details = xasprintf("{\"new_rows\":%.0f,\"n_current\":%llu,\"new_categories\":%zu}",
			       rows, (unsigned long long)cc->count, nnew);
out:
	sbuf_release(&names);
	sbuf_release(&lhs);
	sbuf_release(&tail);
}

static void eval_newcats(const struct dctx *x, const char *err)
{
	const struct dataset *ds = x->ds;

	for (size_t i = 0; i < ds->ncols; i++)
		if (bound_is_set(&ds->cols[i].newcat_max))
			newcat_gate(x, ds->cols[i].name, &ds->cols[i].newcat_max,
				    bound_pos(&ds->cols[i].newcat_max), err);
	if (!bound_is_set(&ds->newcat_max))
		return;
	if (err || x->dep) {
		struct gate_result *g = dgate(x->gl, ds, NULL, "new_categories.max_share",
					      "new_categories", ds->newcat_at, ds->sev);
		settle(g, err, x->dep);
		return;
	}
	/* every string column of the reference (not excluded, not declared) */
	for (size_t i = 0; i < x->ref->ncols; i++) {
		const struct colstats *rc = &x->ref->cols[i];
		int own = 0;

		for (size_t j = 0; j < ds->ncols; j++)
			own |= bound_is_set(&ds->cols[j].newcat_max) &&
			       strcmp(ds->cols[j].name, rc->name) == 0;
		if (own || rc->type != COL_STRING || !has_values(rc) ||
		    in_list(ds->exclude, ds->nexclude, rc->name))
			continue;
		newcat_gate(x, rc->name, &ds->newcat_max, ds->newcat_at, NULL);
	}
}

static int needs_values(const struct dataset *ds)
{
	if (ds->has_drift || ds->ref)
		return 1;
	for (size_t i = 0; i < ds->ncols; i++)
		if (ds->cols[i].unique || ds->cols[i].allowed)
			return 1;
	return 0;
}

/* The columns the dataset's gates read, into *names (borrowed from ds;
 * free the array): 0 when they need every column -- a reference (schema
 * and drift compare all shared columns), a dataset-wide null_ratio,
 * allow_extra: false, schema from the reference -- else 1.  A Parquet
 * file then decodes only those column chunks. */
static int needed_columns(const struct dataset *ds, const char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	if (ds->ref || ds->has_drift || ds->from_ref || bound_is_set(&ds->null_max) ||
	    (ds->has_extra && !ds->allow_extra))
		return 0;
	*names = xcalloc(ds->nrequired + ds->ncols + 1, sizeof(char *));
	for (size_t i = 0; i < ds->nrequired; i++)
		(*names)[(*n)++] = ds->required[i];
	for (size_t i = 0; i < ds->ncols; i++)
		(*names)[(*n)++] = ds->cols[i].name;
	return 1;
}

/* schema.required (extra = 0: required columns missing from the data) or
 * schema.allow_extra (extra = 1: data columns neither required, declared
 * nor in the reference).  The value is how many; 0 passes.  With a
 * reference and no `allow_extra`, new columns only warn. */
static void eval_schema(const struct dctx *x, int extra)
{
	const struct dataset *ds = x->ds;
	const struct profile *cur = x->cur;
	struct gate_result *g;
	struct sbuf names = SBUF_INIT;
	enum gate_severity sev = ds->sev;
	size_t n = 0;

	if (extra && !ds->has_extra)
		sev = SEV_WARN;
	g = dgate(x->gl, ds, NULL, extra ? "schema.allow_extra" : "schema.required",
		  "schema", extra ? (ds->has_extra ? ds->extra_at : ds->ref_at)
				  : ds->required_at, sev);
	g->threshold = 0;
	g->op = OP_LE;
	if (settle(g, x->err, NULL))
		return;
	if (extra && ds->ref && !x->ref) {
		gate_error(g, "%s", x->referr);
		return;
	}
	for (size_t i = 0; i < (extra ? cur->ncols : ds->nrequired); i++) {
		const char *name = extra ? cur->cols[i].name : ds->required[i];
		int ok;

		if (extra) {
			ok = in_list(ds->required, ds->nrequired, name) ||
			     (x->ref && profile_column(x->ref, name));
			for (size_t j = 0; !ok && j < ds->ncols; j++)
				ok = strcmp(ds->cols[j].name, name) == 0;
		} else {
			ok = profile_column(cur, name) != NULL;
		}
		if (ok)
			continue;
		trust_echo_item(&names, &n, name, NULL);
	}
	trust_echo_more(&names, n);
	g->value = (double)n;
	gate_verdict(g, n == 0);
	if (n && extra && x->ref)
		gate_message(g, "column%s new in the current data (not in the reference): %s",
			     n == 1 ? "" : "s", sbuf_str(&names));
	else if (n && extra)
		gate_message(g, "column%s not in the schema: %s", n == 1 ? "" : "s",
			     sbuf_str(&names));
	else if (n)
		gate_message(g, "missing required column%s: %s", n == 1 ? "" : "s",
			     sbuf_str(&names));
	else if (extra)
		gate_message(g, "no columns beyond the %s", x->ref ? "reference" : "schema");
	else
		gate_message(g, "all %zu required columns present", ds->nrequired);
	sbuf_release(&names);
}

/* schema.reference: the reference's columns and types are the contract.
 * The value is how many columns are absent or changed type; 0 passes. */
static void eval_schema_reference(const struct dctx *x)
{
	const struct dataset *ds = x->ds;
	struct gate_result *g;
	struct sbuf absent = SBUF_INIT, changed = SBUF_INIT;
	size_t na = 0, nc = 0;

	g = dgate(x->gl, ds, NULL, "schema.reference", "schema", ds->ref_at, ds->sev);
	g->threshold = 0;
	g->op = OP_LE;
	if (settle(g, x->err, NULL))
		return;
	if (!x->ref) {
		gate_error(g, "%s", x->referr);
		return;
	}
	for (size_t i = 0; i < x->ref->ncols; i++) {
		const char *name = x->ref->cols[i].name;
		char why[100];

		if (!profile_column(x->cur, name)) {
			trust_echo_item(&absent, &na, name, NULL);
		} else if (type_change(x, name, why, sizeof(why))) {
			char tail[110];

			snprintf(tail, sizeof(tail), " (%s)", why);
			trust_echo_item(&changed, &nc, name, tail);
		}
	}
	trust_echo_more(&absent, na);
	trust_echo_more(&changed, nc);
	g->value = (double)(na + nc);
	gate_verdict(g, na + nc == 0);
	if (na + nc == 0)
		gate_message(g, "%zu reference column%s present, types unchanged",
			     x->ref->ncols, x->ref->ncols == 1 ? "" : "s");
	else
		gate_message(g, "%s%s%s%s%s",
			     na ? (na == 1 ? "reference column absent: " :
				  "reference columns absent: ") : "",
			     sbuf_str(&absent), na && nc ? "; " : "",
			     nc ? "type changed: " : "", sbuf_str(&changed));
	sbuf_release(&absent);
	sbuf_release(&changed);
}

/* schema.columns: the columns the policy names (columns:, drift.columns)
 * that neither `required` nor the reference covers and the data lacks.
 * Only when there are some: present columns are judged by their gates. */
static void eval_schema_columns(const struct dctx *x)
{
	const struct dataset *ds = x->ds;
	struct gate_result *g;
	struct sbuf names = SBUF_INIT;
	size_t n = 0;

	for (size_t k = 0; !x->err && k < ds->ncols + ds->ndcols; k++) {
		const char *name = k < ds->ncols ? ds->cols[k].name
						 : ds->dcols[k - ds->ncols].column;
		int dup = 0;

		for (size_t j = 0; j < k && j < ds->ncols; j++)
			dup |= strcmp(ds->cols[j].name, name) == 0;
		if (dup || profile_column(x->cur, name) ||
		    strcmp(absent_headline(x, name), "schema.columns") != 0)
			continue;
		sbuf_addf(&names, "%s'%s'", n++ ? ", " : "", name);
	}
	if (n) {
		g = dgate(x->gl, ds, NULL, "schema.columns", "schema", ds->at, ds->sev);
		g->threshold = 0;
		g->op = OP_LE;
		g->value = (double)n;
		gate_verdict(g, 0);
		gate_message(g, "column%s the policy names but the data lacks: %s",
			     n == 1 ? "" : "s", sbuf_str(&names));
	}
	sbuf_release(&names);
}

static void eval_dataset(struct gate_list *gl, const struct dataset *ds)
{
	struct data_side cur, ref;
	struct csv_options opts;
	char curfail[1400] = "", reffail[1400] = "", depbuf[300], ebuf[1300];
	struct dctx x;
	struct gate_result *g;
	int implicit_min;
	size_t from;
	const char **want;

	memset(&cur, 0, sizeof(cur));
	memset(&ref, 0, sizeof(ref));
	memset(&x, 0, sizeof(x));
	cur.path = ds->path;
	cur.confine = ref.confine = 1;
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
	opts.columns_set = needed_columns(ds, &want, &opts.ncolumns);
	opts.columns = want;
	data_read_pair(&cur, &ref, &opts, ds->delim != 0);
	from = gl->n;
	x.gl = gl;
	x.ds = ds;
	x.cur = &cur.prof;
	x.opts = &opts;
	if (!cur.ok) {
		mg_error_format(&cur.err, ebuf, sizeof(ebuf));
		snprintf(curfail, sizeof(curfail), "cannot read data: %s", ebuf);
		x.err = curfail;
	} else if (cur.prof.rows == 0) {
		snprintf(depbuf, sizeof(depbuf), "0 rows (see data.%s.row_count.min)",
			 ds->name);
		x.dep = depbuf;
	}
	if (ds->ref && ref.ok && ref.prof.rows == 0) {
		snprintf(reffail, sizeof(reffail), "the reference '%s' has a header but no data rows",
			 ds->ref_raw);
		x.referr = reffail;
	} else if (ds->ref && !ref.ok) {
		mg_error_format(&ref.err, ebuf, sizeof(ebuf));
		snprintf(reffail, sizeof(reffail), "cannot read the reference: %s", ebuf);
		x.referr = reffail;
	} else if (ds->ref) {
		x.ref = &ref.prof;
	}

	/* an empty dataset fails even without row_count: min 1 */
	implicit_min = !bound_is_set(&ds->rc_min) && x.dep;
	for (int hi = 0; hi < 2; hi++) {
		struct bound one = {OP_GE, 1, ds->at.line, ds->at.col, "min",
				    OP_NONE, 0, 0, 0, NULL};
		const struct bound *b = hi ? &ds->rc_max : &ds->rc_min;

		if (!hi && implicit_min)
			b = &one;
		if (!bound_is_set(b))
			continue;
		g = bgate(gl, ds, NULL, "row_count.", "row_count", b);
		if (!settle(g, x.err, NULL))
			judge(g, "row count", (double)cur.prof.rows, b);
	}
	if (ds->skip_bad) {
		g = dgate(gl, ds, NULL, "bad_rows", "bad_rows", ds->at, SEV_WARN);
		g->threshold = 0;
		g->op = OP_LE;
		if (!settle(g, x.err, NULL)) {
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
	/* the headlines of missing columns first, then the gates under them */
	if (ds->required)
		eval_schema(&x, 0);
	if (ds->ref)
		eval_schema_reference(&x);
	eval_schema_columns(&x);
	if ((ds->has_extra && !ds->allow_extra) || (x.ref && !ds->has_extra))
		eval_schema(&x, 1);
	for (size_t i = 0; i < ds->ncols; i++)
		eval_column(&x, &ds->cols[i]);
	if (ds->from_ref) {
		if (x.ref || x.err)
			eval_from_reference(&x);
		else {
			g = dgate(gl, ds, NULL, "schema.from", "schema", ds->from_at, ds->sev);
			gate_error(g, "%s", x.referr);
		}
	}
	if (bound_is_set(&ds->null_max)) {
		if (x.err || x.dep) {
			g = bgate(gl, ds, NULL, "null_ratio.", "null_ratio",
				  &ds->null_max);
			settle(g, x.err, x.dep);
		}
		for (size_t i = 0; !x.err && !x.dep && i < cur.prof.ncols; i++) {
			const struct colstats *c = &cur.prof.cols[i];
			char what[300];
			int own = 0;

			for (size_t j = 0; j < ds->ncols; j++)
				own |= bound_is_set(&ds->cols[j].null_max) &&
				       strcmp(ds->cols[j].name, c->name) == 0;
			if (own)
				continue;
			g = bgate(gl, ds, c->name, "null_ratio.", "null_ratio",
				  &ds->null_max);
			snprintf(what, sizeof(what), "null ratio of '%s'", c->name);
			judge(g, what, (double)c->nulls / (double)cur.prof.rows,
			      &ds->null_max);
		}
	}
	if (ds->ref) {
		const char *derr = x.err ? x.err : x.ref ? NULL : x.referr;

		if (ds->has_drift)
			eval_drift(&x, derr);
		eval_newcats(&x, derr);
	}
	free(want);
	fileset_note_gates(&cur.files, gl, from, "files");
	fileset_note_gates(&ref.files, gl, from, "reference_files");
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
