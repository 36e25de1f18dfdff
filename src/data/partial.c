/* partial: the merge state of a profile, its JSON, and the merge. */
#include "data/partial.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/num.h"
#include "data/qsketch.h"
#include "ext/jsondoc.h"

_Static_assert(COLSTATS_RUNS_CAP <= QSKETCH_EXACT_CAP,
	       "a counted column must fit an exact sketch");

/* --- from data ------------------------------------------------------------- */

int partial_prepare(struct profile *p, const struct profile *bins_ref,
		    struct mg_error *err)
{
	p->partial = 1;
	p->parts = 1;
	for (size_t i = 0; i < p->ncols; i++) {
		struct colstats *c = &p->cols[i];
		const struct colstats *r;
		struct qsview runs;
		size_t n = 0;
		const double *v = NULL;
		int counted;

		if (c->type != COL_NUMBER)
			continue;
		counted = colstats_runs(c, &runs);
		if (!counted)
			v = colstats_sorted_values(c, &n);
		c->sketch = xmalloc(sizeof(*c->sketch));
		qsketch_init(c->sketch);
		/* a counted column has at most QSKETCH_EXACT_CAP distinct
		 * values: its pairs are the exact sketch */
		for (size_t k = 0; counted && k < runs.n; k++)
			qsketch_add(c->sketch, runs.v[k], runs.w[k]);
		if (v)
			qsketch_from_sorted(c->sketch, v, n);
		if (!bins_ref)
			continue;
		r = profile_column(bins_ref, c->name);
		if (!r || r->type != COL_NUMBER || !r->has_hist)
			return mg_errorf(err, MG_EXIT_INPUT, bins_ref->path, 0, 0,
					 "--bins-from: column '%s' is not a number column with a histogram here",
					 c->name);
		free(c->hist_edges);
		free(c->hist_counts);
		c->hist_nedges = r->hist_nedges;
		c->hist_edges = xmalloc((r->hist_nedges + 1) * sizeof(double));
		c->hist_counts = xcalloc(r->hist_nedges + 1, sizeof(uint64_t));
		memcpy(c->hist_edges, r->hist_edges, r->hist_nedges * sizeof(double));
		if (counted)
			qsview_bin_counts(&runs, c->hist_edges, c->hist_nedges,
					  c->hist_counts);
		else
			colstats_bin_counts_sorted(v, n, c->hist_edges,
						   c->hist_nedges, c->hist_counts);
		c->has_hist = 1;
		c->hist_frozen = 1;
	}
	return 0;
}

/* --- merging ---------------------------------------------------------------- */

static int same_bins(const struct colstats *a, const struct colstats *b)
{
	if (a->hist_frozen != b->hist_frozen)
		return 0;
	if (!a->hist_frozen)
		return 1;
	if (a->hist_nedges != b->hist_nedges)
		return 0;
	for (size_t i = 0; i < a->hist_nedges; i++)
		if (a->hist_edges[i] != b->hist_edges[i])
			return 0;
	return 1;
}

int partial_merge(struct profile *a, const struct profile *b,
		  const char *bpath, struct mg_error *err)
{
	if (!b->partial)
		return mg_errorf(err, MG_EXIT_INPUT, bpath, 0, 0,
				 "not a partial profile (make one with mlgate profile --partial)");
	if (a->ncols != b->ncols)
		return mg_errorf(err, MG_EXIT_INPUT, bpath, 0, 0,
				 "cannot merge: %zu columns, the first partial has %zu",
				 b->ncols, a->ncols);
	for (size_t i = 0; i < a->ncols; i++) {
		const struct colstats *x = &a->cols[i], *y = &b->cols[i];

		if (strcmp(x->name, y->name) != 0)
			return mg_errorf(err, MG_EXIT_INPUT, bpath, 0, 0,
					 "cannot merge: column %zu is '%s', the first partial has '%s'",
					 i + 1, y->name, x->name);
		/* an all-null column is a number only vacuously */
		if (x->type != y->type && x->count && y->count)
			return mg_errorf(err, MG_EXIT_INPUT, bpath, 0, 0,
					 "cannot merge: column '%s' holds %s here and %s in the first partial",
					 y->name, y->type == COL_NUMBER ? "numbers" : "strings",
					 x->type == COL_NUMBER ? "numbers" : "strings");
		if (x->type == COL_NUMBER && y->type == COL_NUMBER &&
		    x->count && y->count && !same_bins(x, y))
			return mg_errorf(err, MG_EXIT_INPUT, bpath, 0, 0,
					 "cannot merge: column '%s' has other histogram bins than the first partial (bins are fixed with --bins-from, the same for every part)",
					 y->name);
	}
	for (size_t i = 0; i < a->ncols; i++) {
		struct colstats *x = &a->cols[i];
		const struct colstats *y = &b->cols[i];
		int frozen = x->count ? x->hist_frozen : y->hist_frozen;
		struct qsketch *xs = x->sketch;

		x->sketch = NULL;
		colstats_merge(x, y);
		x->sketch = xs;
		x->hist_frozen = frozen;
		if (x->type != COL_NUMBER) {
			if (x->sketch)
				qsketch_release(x->sketch);
			free(x->sketch);
			x->sketch = NULL;
			continue;
		}
		if (!x->sketch) {
			x->sketch = xmalloc(sizeof(*x->sketch));
			qsketch_init(x->sketch);
		}
		if (y->sketch)
			qsketch_merge(x->sketch, y->sketch);
	}
	a->rows += b->rows;
	if (!a->first_bad_line)
		a->first_bad_line = b->first_bad_line;
	a->bad_rows += b->bad_rows;
	a->parts += b->parts;
	return 0;
}

void partial_finish(struct profile *p)
{
	static const double q[5] = {0.05, 0.25, 0.5, 0.75, 0.95};

	for (size_t i = 0; i < p->ncols; i++) {
		struct colstats *c = &p->cols[i];
		struct qsview v;
		int approx;

		if (c->type != COL_NUMBER || !c->sketch)
			continue;
		qsketch_normalize(c->sketch);
		qsketch_view(c->sketch, &v);
		for (int k = 0; k < 5; k++)
			c->q_loaded[k] = qsview_quantile7(&v, q[k]);
		c->distinct_loaded = qsketch_distinct(c->sketch, &approx);
		c->distinct_loaded_approx = approx;
		if (!c->hist_frozen) {
			free(c->hist_edges);
			free(c->hist_counts);
			c->hist_edges = xmalloc(PARTIAL_HIST_BINS * sizeof(double));
			c->hist_nedges = qsview_edges(&v, PARTIAL_HIST_BINS, c->hist_edges);
			c->hist_counts = xcalloc(c->hist_nedges + 1, sizeof(uint64_t));
			qsview_bin_counts(&v, c->hist_edges, c->hist_nedges,
					  c->hist_counts);
			c->has_hist = 1;
		}
		qsview_release(&v);
	}
}

/* --- JSON ------------------------------------------------------------------ */

/* A compact array (one line, however the document is indented). */
static void raw_doubles(struct jsonw *w, const double *v, size_t n)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw c;

	jw_init(&c, &sb, 0);
	jw_arr_open(&c);
	for (size_t i = 0; i < n; i++)
		jw_num(&c, v[i]);
	jw_arr_close(&c);
	jw_raw(w, sbuf_str(&sb));
	sbuf_release(&sb);
}

static void raw_counts(struct jsonw *w, const uint64_t *v, size_t n)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addc(&sb, '[');
	for (size_t i = 0; i < n; i++)
		sbuf_addf(&sb, "%s%llu", i ? "," : "", (unsigned long long)v[i]);
	sbuf_addc(&sb, ']');
	jw_raw(w, sbuf_str(&sb));
	sbuf_release(&sb);
}

/* HyperLogLog registers as one character each, '0' + rank. */
static void write_hll(struct jsonw *w, const unsigned char *reg)
{
	char *s = xmalloc(COLSTATS_HLL_REGS + 1);

	for (size_t i = 0; i < COLSTATS_HLL_REGS; i++)
		s[i] = (char)('0' + reg[i]);
	s[COLSTATS_HLL_REGS] = '\0';
	jw_kstr(w, "hll", s);
	free(s);
}

static int read_hll(const struct jval *o, unsigned char *reg)
{
	const struct jval *h = jv_get(o, "hll");
	const char *s;

	if (!h || jv_type(h) != J_STRING)
		return -1;
	s = jv_string(h);
	if (strlen(s) != COLSTATS_HLL_REGS)
		return -1;
	for (size_t i = 0; i < COLSTATS_HLL_REGS; i++) {
		if (s[i] < '0' || s[i] > '0' + COLSTATS_HLL_MAX_RANK)
			return -1;
		reg[i] = (unsigned char)(s[i] - '0');
	}
	return 0;
}

void partial_write_header(struct jsonw *w, const struct profile *p)
{
	jw_key(w, "partial");
	jw_obj_open(w);
	jw_kint(w, "version", PARTIAL_VERSION);
	jw_kint(w, "parts", (long long)p->parts);
	jw_kint(w, "sketch_k", QSKETCH_K);
	jw_kint(w, "exact_cap", QSKETCH_EXACT_CAP);
	jw_obj_close(w);
}

int partial_load_header(const char *path, const struct jval *doc,
			struct profile *p, struct mg_error *err)
{
	const struct jval *h = jv_get(doc, "partial");
	double v, parts, k, cap;

	if (!h)
		return 0;
	if (jv_type(h) != J_OBJECT || jv_get_number(h, "version", &v))
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "'partial' must be an object with a 'version'");
	if (v != PARTIAL_VERSION)
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "partial profile format version %g; this mlgate reads version %d",
				 v, PARTIAL_VERSION);
	if (jv_get_number(h, "parts", &parts) || parts < 1 ||
	    parts != floor(parts) || parts > 9007199254740992.0 ||
	    jv_get_number(h, "sketch_k", &k) || jv_get_number(h, "exact_cap", &cap))
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "'partial' needs 'parts', 'sketch_k' and 'exact_cap'");
	if (k != QSKETCH_K || cap != QSKETCH_EXACT_CAP)
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "the sketch size (sketch_k %g, exact_cap %g) is not this mlgate's (%d, %d)",
				 k, cap, QSKETCH_K, QSKETCH_EXACT_CAP);
	p->partial = 1;
	p->parts = (uint64_t)parts;
	return 0;
}

static void write_sketch(struct jsonw *w, const struct qsketch *s)
{
	jw_key(w, "sketch");
	jw_obj_open(w);
	jw_kbool(w, "exact", s->exact);
	jw_kint(w, "n", (long long)s->n);
	jw_kint(w, "error", (long long)s->err);
	if (s->exact) {
		jw_key(w, "values");
		raw_doubles(w, s->val, s->npairs);
		jw_key(w, "counts");
		raw_counts(w, s->cnt, s->npairs);
	} else {
		jw_key(w, "levels");
		jw_arr_open(w);
		for (int h = 0; h < s->nlevels; h++)
			raw_doubles(w, s->lv[h], s->lvn[h]);
		jw_arr_close(w);
		write_hll(w, s->hll);
	}
	jw_obj_close(w);
}

void partial_write_column(struct jsonw *w, const struct colstats *c)
{
	const unsigned char *reg;

	if (c->type == COL_NUMBER) {
		double mean = c->nnum ? colstats_mean(c) : NAN;

		jw_key(w, "moments");
		jw_obj_open(w);
		jw_kint(w, "n", (long long)c->nnum);
		if (c->nnum) {
			jw_knum(w, "mean", mean);
			jw_knum(w, "m2", c->m2);
			jw_kint(w, "m2_exp", c->m2_exp);
		}
		jw_obj_close(w);
		jw_kbool(w, "hist_frozen", c->hist_frozen);
		if (c->sketch) {
			/* beside the quantiles and bins computed from it */
			jw_knum(w, "sketch_rank_error", qsketch_rank_error(c->sketch));
			write_sketch(w, c->sketch);
		}
		return;
	}
	reg = colstats_hll_registers(c);
	if (c->cats_truncated && reg)
		write_hll(w, reg);
}

static int bad(struct mg_error *err, const char *path, const struct colstats *c,
	       const char *what)
{
	return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "column '%s': %s",
			 c->name, what);
}

static int read_doubles(const struct jval *a, double **out, size_t *n)
{
	size_t i;

	if (!a || jv_type(a) != J_ARRAY)
		return -1;
	*n = jv_size(a);
	*out = xmalloc((*n + 1) * sizeof(double));
	i = 0;
	for (const struct jval *x = jv_at(a, 0); x; x = jv_next(x)) {
		if (jv_type(x) != J_NUMBER || !isfinite(jv_number(x)))
			return -1;
		(*out)[i++] = jv_number(x);
	}
	return 0;
}

static int load_sketch(const struct jval *o, struct qsketch *s)
{
	const struct jval *ex = jv_get(o, "exact");
	double n, e;
	size_t i;
	int h;

	if (jv_type(o) != J_OBJECT || !ex || jv_type(ex) != J_BOOL ||
	    jv_get_number(o, "n", &n) || n < 0 || n != floor(n) ||
	    n > 9007199254740992.0 || jv_get_number(o, "error", &e) || e < 0 ||
	    e != floor(e) || e > n)
		return -1;
	s->n = (uint64_t)n;
	s->err = (uint64_t)e;
	s->exact = jv_bool(ex);
	if (s->exact) {
		const struct jval *c = jv_get(o, "counts");
		if (read_doubles(jv_get(o, "values"), &s->val, &s->npairs) ||
		    !c || jv_type(c) != J_ARRAY || jv_size(c) != s->npairs)
			return -1;
		s->cappairs = s->npairs;
		s->cnt = xmalloc((s->npairs + 1) * sizeof(uint64_t));
		i = 0;
		for (const struct jval *x = jv_at(c, 0); x; x = jv_next(x)) {
			double d = jv_type(x) == J_NUMBER ? jv_number(x) : -1;
			if (d < 1 || d != floor(d) || d > 9007199254740992.0)
				return -1;
			s->cnt[i++] = (uint64_t)d;
		}
	} else {
		const struct jval *lv = jv_get(o, "levels");
		if (!lv || jv_type(lv) != J_ARRAY || jv_size(lv) > 54)
			return -1;
		s->nlevels = (int)jv_size(lv);
		h = 0;
		for (const struct jval *x = jv_at(lv, 0); x; x = jv_next(x), h++) {
			if (read_doubles(x, &s->lv[h], &s->lvn[h]))
				return -1;
			s->lvcap[h] = s->lvn[h] + 1;
		}
		s->hll = xcalloc(COLSTATS_HLL_REGS, 1);
		if (read_hll(o, s->hll))
			return -1;
	}
	return qsketch_check(s);
}

int partial_load_column(const char *path, const struct jval *o,
			struct colstats *c, struct mg_error *err)
{
	if (c->type == COL_NUMBER) {
		const struct jval *m = jv_get(o, "moments"), *hf = jv_get(o, "hist_frozen");
		const struct jval *sk = jv_get(o, "sketch");
		double n, m2, e;

		if (!m || jv_type(m) != J_OBJECT || jv_get_number(m, "n", &n) ||
		    n != (double)c->count)
			return bad(err, path, c, "'moments' must hold 'n', the count");
		if (c->count &&
		    (jv_get_number(m, "mean", &c->mean) ||
		     jv_get_number(m, "m2", &m2) || m2 < 0 ||
		     jv_get_number(m, "m2_exp", &e) || e < 0 || e > 1000 ||
		     e != floor(e) || !(c->mean >= c->min && c->mean <= c->max)))
			return bad(err, path, c,
				   "'moments' must hold a mean within [min, max], m2 >= 0 and an integer m2_exp");
		if (c->count) {
			c->m2 = m2;
			c->m2_exp = (int)e;
			c->moments_stale = 0;
		}
		if (!hf || jv_type(hf) != J_BOOL)
			return bad(err, path, c, "'hist_frozen' must be true or false");
		c->hist_frozen = jv_bool(hf);
		c->sketch = xmalloc(sizeof(*c->sketch));
		qsketch_init(c->sketch);
		if (!sk || load_sketch(sk, c->sketch) || c->sketch->n != c->count)
			return bad(err, path, c,
				   "'sketch' is missing or inconsistent (its weights must add up to the count)");
		if (c->count && c->sketch->exact &&
		    (c->sketch->val[0] != c->min ||
		     c->sketch->val[c->sketch->npairs - 1] != c->max))
			return bad(err, path, c, "the sketch's values do not span [min, max]");
		return 0;
	}
	if (c->cats_truncated) {
		unsigned char *reg = xcalloc(COLSTATS_HLL_REGS, 1);
		int rc = read_hll(o, reg);
		if (rc == 0)
			colstats_merge_hll(c, reg);
		free(reg);
		if (rc)
			return bad(err, path, c,
				   "a truncated column of a partial profile needs its 'hll' registers");
	}
	return 0;
}
