#include "data/drift.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/colstats.h"
#include "data/qsketch.h"
#include "data/ksdist.h"
#include "common/jsonw.h"

/* new categories listed in a drift result's JSON */
#define DRIFT_SHOW_NEW 100
#include "common/ksum.h"
#include "common/num.h"
#include "common/trust.h"
#include "common/util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

void drift_bin_counts(const double *edges, size_t nedges, const double *x,
		      size_t n, int sorted, double *counts)
{
	size_t lo = 0;

	if (!sorted) {
		for (size_t i = 0; i < n; i++)
			counts[num_bin(edges, nedges, x[i])] += 1.0;
		return;
	}
	/* sorted: bin j holds (edges[j - 1], edges[j]], found by bisection */
	for (size_t j = 0; j < nedges; j++) {
		size_t hi = num_upper(x, lo, n, edges[j]);
		counts[j] += (double)(hi - lo);
		lo = hi;
	}
	counts[nedges] += (double)(n - lo);
}

static double total(const double *v, size_t n)
{
	double s = 0.0;

	for (size_t i = 0; i < n; i++)
		s += v[i];
	return s;
}

double drift_psi(const double *ref, const double *cur, size_t nbins)
{
	double tr = total(ref, nbins), tc = total(cur, nbins);
	struct ksum s = {0, 0};

	if (!(tr > 0) || !(tc > 0) || nbins == 0)
		return NAN;
	for (size_t i = 0; i < nbins; i++) {
		double r = ref[i] / tr, c = cur[i] / tc;

		if (r == 0.0)
			r = DRIFT_PSI_FLOOR;
		if (c == 0.0)
			c = DRIFT_PSI_FLOOR;
		ksum_add(&s, (c - r) * log(c / r));
	}
	return ksum_get(&s);
}

/* scipy.special.rel_entr for the arguments it meets here (y >= x / 2). */
static double rel_entr(double x, double y)
{
	if (x > 0 && y > 0)
		return x * log(x / y);
	return 0.0;
}

double drift_jensenshannon(const double *ref, const double *cur, size_t nbins)
{
	double tr = total(ref, nbins), tc = total(cur, nbins), js;
	struct ksum left = {0, 0}, right = {0, 0};

	if (!(tr > 0) || !(tc > 0) || nbins == 0)
		return NAN;
	for (size_t i = 0; i < nbins; i++) {
		double p = ref[i] / tr, q = cur[i] / tc, m = (p + q) / 2.0;

		ksum_add(&left, rel_entr(p, m));
		ksum_add(&right, rel_entr(q, m));
	}
	js = ksum_get(&left) + ksum_get(&right);
	/* The divergence is >= 0; rounding can leave -1e-17 for identical
	 * distributions, where scipy returns NaN.  That is 0, not an error. */
	if (js < 0)
		js = 0;
	return sqrt(js / 2.0);
}

int drift_chi2(const double *ref, const double *cur, size_t nbins,
	       double *stat, double *pvalue)
{
	double tr = total(ref, nbins), tc = total(cur, nbins), n = tr + tc;
	struct ksum s = {0, 0};
	size_t k = 0;

	*stat = *pvalue = NAN;
	if (!(tr > 0) || !(tc > 0) || nbins == 0)
		return -1;
	/* The 2 x K contingency table of both rows over the bins.  A bin empty
	 * on both sides has expected counts 0 (scipy refuses the table);
	 * it carries no information and is left out, which is the test on
	 * the table without that column. */
	for (size_t i = 0; i < nbins; i++) {
		double col = ref[i] + cur[i], er, ec, dr, dc;

		if (!(col > 0))
			continue;
		k++;
		er = tr * col / n;
		ec = tc * col / n;
		dr = ref[i] - er;
		dc = cur[i] - ec;
		ksum_add(&s, dr * dr / er);
		ksum_add(&s, dc * dc / ec);
	}
	/* one non-empty bin: observed equals expected; scipy's dof = 0 case */
	if (k < 2) {
		*stat = 0.0;
		*pvalue = 1.0;
		return 0;
	}
	*stat = ksum_get(&s);
	*pvalue = drift_chi2_sf(*stat, (double)(k - 1));
	return 0;
}

/* The first index >= i (i < n) whose value is above x, in ascending v:
 * a step at a time while the values differ (most columns), doubling the
 * stride over a run of ties (a column of few distinct values is crossed
 * in O(distinct log n) steps, not O(n)). */
static size_t past(const double *v, size_t i, size_t n, double x)
{
	size_t lo, hi, step = 1;

	for (int k = 0; k < 4; k++) {
		if (i >= n || v[i] > x)
			return i;
		i++;
	}
	/* v[i - 1] <= x: gallop to a bound above x, then bisect */
	lo = i;
	while (i + step <= n && v[i + step - 1] <= x) {
		lo = i + step;
		step *= 2;
	}
	hi = i + step <= n ? i + step - 1 : n;
	return num_upper(v, lo, hi, x); /* v[lo - 1] <= x */
}

/* KS and Wasserstein-1 together, over a reference of na ascending values
 * with integer weights wa (NULL: weight 1 each) adding up to n, and nb
 * ascending current values with weights wb adding up to m: one walk over
 * the distinct values of the merged sample. */
static void ksw_core(const double *a, const uint64_t *wa, size_t na,
		     uint64_t n, const double *b, const uint64_t *wb,
		     size_t nb, uint64_t m, double *ks, double *w)
{
	uint64_t g, ka, kb, lcm, h = 0, i = 0, j = 0;
	size_t ia = 0, jb = 0;
	double d = 0.0, prev;
	struct ksum s = {0, 0};
	int exact;

	*ks = *w = NAN;
	if (n == 0 || m == 0 || na == 0 || nb == 0)
		return;
	/* D is a multiple of 1/lcm(n, m): |i/n - j/m| = |i*ka - j*kb| / lcm.
	 * Maximising the integer numerator and dividing once gives the
	 * correctly rounded D, as scipy's ks_2samp reports it (it rounds its
	 * float maximum to h/lcm); the float differences could disagree
	 * with that in the last bit. */
	g = ksdist_gcd(n, m);
	ka = m / g;
	kb = n / g;
	exact = ka <= UINT64_MAX / n;
	lcm = exact ? (uint64_t)n * ka : 0;
	/* W integrates |F_a - F_b| between consecutive values of the merged
	 * sample (scipy's _cdf_distance with p = 1).  KS: sup |F_a - F_b| is
	 * reached just after some sample value: step over every value equal
	 * to the smallest pending one on both sides (ties), then compare the
	 * two ECDFs there (searchsorted side="right"); once a side is
	 * exhausted the difference only shrinks. */
	prev = a[0] < b[0] ? a[0] : b[0];
	while (ia < na || jb < nb) {
		int both = ia < na && jb < nb;
		double x;

		if (jb >= nb || (ia < na && a[ia] <= b[jb]))
			x = a[ia];
		else
			x = b[jb];
		if (x != prev)
			ksum_add(&s, fabs((double)i / (double)n -
					  (double)j / (double)m) * (x - prev));
		if (wa) {
			while (ia < na && a[ia] <= x)
				i += wa[ia++];
		} else {
			size_t e = past(a, ia, na, x);
			i += e - ia;
			ia = e;
		}
		if (wb) {
			while (jb < nb && b[jb] <= x)
				j += wb[jb++];
		} else {
			jb = past(b, jb, nb, x);
			j = jb;
		}
		prev = x;
		if (!both)
			continue;
		if (exact) {
			uint64_t u = i * ka, v = j * kb;
			uint64_t diff = u > v ? u - v : v - u;
			if (diff > h)
				h = diff;
		} else {
			double diff = fabs((double)i / (double)n - (double)j / (double)m);
			if (diff > d)
				d = diff;
		}
	}
	*ks = exact ? (double)h / (double)lcm : d;
	*w = ksum_get(&s);
}

double drift_ks(const double *a, size_t n, const double *b, size_t m)
{
	double ks, w;
	ksw_core(a, NULL, n, n, b, NULL, m, m, &ks, &w);
	return ks;
}

const char *const drift_ks_methods[] = {"auto", "exact", "asymp", NULL};

int drift_ks_method_parse(const char *s, enum drift_ks_method *out)
{
	for (int i = 0; drift_ks_methods[i]; i++)
		if (strcmp(s, drift_ks_methods[i]) == 0) {
			*out = (enum drift_ks_method)i;
			return 0;
		}
	return -1;
}

double drift_ks_pvalue(double d, size_t n, size_t m,
		       enum drift_ks_method method, int *exact)
{
	double big, small, en;
	int ok = 0;

	if (exact)
		*exact = 0;
	if (n == 0 || m == 0 || !isfinite(d))
		return NAN;
	/* scipy's ks_2samp: 'auto' is exact up to 10,000 values a side;
	 * 'exact' turns to the asymptotic one when lcm(n, m) nears 2^31 */
	if (method == DRIFT_KS_AUTO) {
		method = (n > m ? n : m) <= DRIFT_KS_AUTO_MAX_N ? DRIFT_KS_EXACT
							       : DRIFT_KS_ASYMP;
	} else if (method == DRIFT_KS_EXACT) {
		uint64_t g = ksdist_gcd(n, m);
		if ((double)(n / g) >= 2147483647.0 / (double)(m / g))
			method = DRIFT_KS_ASYMP;
	}
	if (method == DRIFT_KS_EXACT) {
		uint64_t g = ksdist_gcd(n, m), lcm = (uint64_t)(n / g) * m;
		double p = ksdist_2samp_exact(n, m, (uint64_t)nearbyint(d * (double)lcm),
					      &ok);
		if (ok) {
			if (exact)
				*exact = 1;
			return p;
		}
		/* where the exact computation gives up: as scipy, asymp */
	}
	big = (double)(n > m ? n : m);
	small = (double)(n > m ? m : n);
	en = nearbyint(big * small / (big + small)); /* np.round: half to even */
	if (!(en >= 1))
		return NAN;
	return ksdist_kstwo_sf(d, (uint64_t)en);
}

double drift_wasserstein(const double *a, size_t n, const double *b, size_t m)
{
	double ks, w;
	ksw_core(a, NULL, n, n, b, NULL, m, m, &ks, &w);
	return w;
}

double drift_pop_std(const double *x, size_t n)
{
	return drift_pop_std_weighted(x, NULL, n, n);
}

double drift_pop_std_weighted(const double *x, const uint64_t *w, size_t nx,
			      uint64_t n)
{
	struct ksum s = {0, 0}, v = {0, 0};
	double mean;

	if (n == 0)
		return NAN;
	/* a value of weight k is added k times: the sums of the values one
	 * by one, to the last bit */
	for (size_t i = 0; i < nx; i++)
		for (uint64_t k = w ? w[i] : 1; k; k--)
			ksum_add(&s, x[i]);
	mean = ksum_get(&s) / (double)n;
	for (size_t i = 0; i < nx; i++) {
		double d = (x[i] - mean) * (x[i] - mean);
		for (uint64_t k = w ? w[i] : 1; k; k--)
			ksum_add(&v, d);
	}
	return sqrt(ksum_get(&v) / (double)n);
}

double drift_wasserstein_norm(double w, double ref_std)
{
	if (!isfinite(w) || !isfinite(ref_std))
		return NAN;
	return w / (ref_std > DRIFT_STD_FLOOR ? ref_std : DRIFT_STD_FLOOR);
}

/* ----- special functions ----- */

double drift_gammaincc(double a, double x)
{
	double lax;

	if (isnan(a) || isnan(x) || !(a > 0) || x < 0)
		return NAN;
	if (x == 0)
		return 1.0;
	if (isinf(x))
		return 0.0;
	lax = a * log(x) - x - num_lgamma(a);
	if (x < a + 1.0) {
		/* P(a, x) by its power series; Q = 1 - P >= about 0.4 here */
		double ap = a, del = 1.0 / a, sum = del;

		for (int i = 0; i < 100000; i++) {
			ap += 1.0;
			del *= x / ap;
			sum += del;
			if (fabs(del) < fabs(sum) * DBL_EPSILON * 0.25)
				break;
		}
		return 1.0 - sum * exp(lax);
	}
	{
		/* Q(a, x) by its continued fraction (modified Lentz) */
		const double tiny = DBL_MIN / DBL_EPSILON;
		double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;

		for (int i = 1; i < 100000; i++) {
			double an = -i * (i - a), del;

			b += 2.0;
			d = an * d + b;
			if (fabs(d) < tiny)
				d = tiny;
			c = b + an / c;
			if (fabs(c) < tiny)
				c = tiny;
			d = 1.0 / d;
			del = d * c;
			h *= del;
			if (fabs(del - 1.0) < DBL_EPSILON * 0.5)
				break;
		}
		return exp(lax) * h;
	}
}

double drift_chi2_sf(double x, double dof)
{
	if (isnan(x) || !(dof > 0))
		return NAN;
	if (x <= 0)
		return 1.0;
	return drift_gammaincc(dof / 2.0, x / 2.0);
}

/* ----- one column, both sides ----- */

const char *const drift_methods[] = {"psi", "ks", "wasserstein",
				     "wasserstein_norm", "jensenshannon",
				     "chi2", NULL};

int drift_method_known(const char *m)
{
	for (size_t i = 0; drift_methods[i]; i++)
		if (strcmp(drift_methods[i], m) == 0)
			return 1;
	return 0;
}

const char *drift_method_hint(char *buf, size_t size, const char *m)
{
	struct sbuf list = SBUF_INIT;

	if (mg_did_you_mean(buf, size, mg_suggest(m, drift_methods), NULL))
		return buf;
	for (size_t i = 0; drift_methods[i]; i++)
		sbuf_addf(&list, "%s%s", i ? ", " : " (", drift_methods[i]);
	snprintf(buf, size, "%s)", sbuf_str(&list));
	sbuf_release(&list);
	return buf;
}

int drift_method_has_pvalue(const char *m)
{
	return strcmp(m, "ks") == 0 || strcmp(m, "chi2") == 0;
}

int drift_method_numeric_only(const char *m)
{
	return strcmp(m, "ks") == 0 || strncmp(m, "wasserstein", 11) == 0;
}

double drift_result_value(const struct drift_result *r, const char *m,
			  int pvalue)
{
	if (strcmp(m, "psi") == 0)
		return pvalue ? NAN : r->psi;
	if (strcmp(m, "jensenshannon") == 0)
		return pvalue ? NAN : r->js;
	if (strcmp(m, "chi2") == 0)
		return pvalue ? r->chi2_p : r->chi2;
	if (!r->has_raw)
		return NAN;
	if (strcmp(m, "ks") == 0)
		return pvalue ? r->ks_p : r->ks;
	if (strcmp(m, "wasserstein") == 0)
		return pvalue ? NAN : r->w;
	if (strcmp(m, "wasserstein_norm") == 0)
		return pvalue ? NAN : r->w_norm;
	return NAN;
}

void drift_result_release(struct drift_result *r)
{
	for (size_t i = 0; r->cats && i < r->nbins; i++)
		free(r->cats[i]);
	free(r->cats);
	for (size_t i = 0; i < r->nnew; i++)
		free(r->new_cats[i]);
	free(r->new_cats);
	free(r->edges);
	free(r->ref_counts);
	free(r->cur_counts);
	memset(r, 0, sizeof(*r));
}

struct catref {
	const char *name;
	double count;
	int side;
};

static int cmp_catref(const void *pa, const void *pb)
{
	const struct catref *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	return c ? c : a->side - b->side;
}

static int categorical(const struct drift_side *ref,
		       const struct drift_side *cur, struct drift_result *out,
		       char *why, size_t whylen)
{
	size_t n = ref->ncats + cur->ncats, nb = 0;
	struct catref *all;

	if (ref->cats_truncated || cur->cats_truncated) {
		snprintf(why, whylen,
			 "too many distinct values in the %s data for categorical drift (it needs every category; exclude the column)",
			 ref->cats_truncated ? "reference" : "current");
		return -1;
	}
	all = xcalloc(n ? n : 1, sizeof(*all));
	for (size_t i = 0; i < ref->ncats; i++)
		all[i] = (struct catref){ref->cats[i], ref->cat_counts[i], 0};
	for (size_t i = 0; i < cur->ncats; i++)
		all[ref->ncats + i] = (struct catref){cur->cats[i], cur->cat_counts[i], 1};
	/* the union in byte order, so reports are stable and diffable */
	qsort(all, n, sizeof(*all), cmp_catref);
	out->cats = xcalloc(n ? n : 1, sizeof(char *));
	out->ref_counts = xcalloc(n ? n : 1, sizeof(double));
	out->cur_counts = xcalloc(n ? n : 1, sizeof(double));
	for (size_t i = 0; i < n; i++) {
		if (nb == 0 || strcmp(out->cats[nb - 1], all[i].name) != 0)
			out->cats[nb++] = xstrdup(all[i].name);
		if (all[i].side)
			out->cur_counts[nb - 1] += all[i].count;
		else
			out->ref_counts[nb - 1] += all[i].count;
	}
	out->nbins = nb;
	out->new_cats = xcalloc(nb ? nb : 1, sizeof(char *));
	for (size_t i = 0; i < nb; i++)
		if (out->ref_counts[i] == 0 && out->cur_counts[i] > 0)
			out->new_cats[out->nnew++] = xstrdup(out->cats[i]);
	free(all);
	return 0;
}

/* Entries of a side's sorted values: distinct values with weights, or
 * the values one by one. */
static size_t side_entries(const struct drift_side *s)
{
	return s->sorted_w ? s->sorted_n : s->n;
}

/* Add the side's values per bin of edges to counts (nedges + 1). */
static void side_bins(const struct drift_side *s, const double *edges,
		      size_t nedges, double *counts)
{
	if (!s->sorted_w) {
		drift_bin_counts(edges, nedges, s->sorted, s->n, 1, counts);
		return;
	}
	/* at most COLSTATS_RUNS_CAP entries: each one's bin by bisection
	 * (counts below 2^53 add exactly) */
	for (size_t i = 0; i < s->sorted_n; i++)
		counts[num_bin(edges, nedges, s->sorted[i])] += (double)s->sorted_w[i];
}

static int numeric(const struct drift_side *ref, const struct drift_side *cur,
		   unsigned bins, enum drift_ks_method ks,
		   struct drift_result *out, char *why, size_t whylen)
{
	size_t ne;

	if (cur->n > 0 && !cur->sorted) {
		snprintf(why, whylen, "the current data has no raw values");
		return -1;
	}
	if (ref->sorted || ref->n == 0) {
		out->edges = xcalloc(bins, sizeof(double));
		if (ref->sorted_w) {
			struct qsview rv = {(double *)ref->sorted,
					    (uint64_t *)ref->sorted_w,
					    ref->sorted_n, ref->n};
			ne = qsview_edges(&rv, bins, out->edges);
		} else {
			ne = num_edges(ref->sorted, ref->n, bins, out->edges);
		}
		out->nbins = ne + 1;
		out->ref_counts = xcalloc(ne + 1, sizeof(double));
		side_bins(ref, out->edges, ne, out->ref_counts);
	} else {
		if (!ref->hist_counts) {
			snprintf(why, whylen, "the reference has neither raw values nor a histogram");
			return -1;
		}
		if (bins != DRIFT_DEFAULT_BINS) {
			snprintf(why, whylen,
				 "the frozen reference profile fixes %d quantile bins; %u bins need the reference data",
				 DRIFT_DEFAULT_BINS, bins);
			return -1;
		}
		ne = ref->hist_nedges;
		out->frozen = 1;
		out->nbins = ne + 1;
		out->edges = xcalloc(ne + 1, sizeof(double));
		if (ne)
			memcpy(out->edges, ref->hist_edges, ne * sizeof(double));
		out->ref_counts = xcalloc(ne + 1, sizeof(double));
		memcpy(out->ref_counts, ref->hist_counts, (ne + 1) * sizeof(double));
	}
	out->cur_counts = xcalloc(ne + 1, sizeof(double));
	side_bins(cur, out->edges, ne, out->cur_counts);
	out->hist_approx = !ref->sorted && ref->hist_approx;
	if (!ref->sorted && ref->n > 0 && ref->sk_values && cur->n > 0) {
		/* a partial profile: the distribution from its sketch */
		double lo = ref->sk_values[0], hi = ref->sk_values[ref->sk_n - 1];
		out->has_raw = 1;
		out->sketch = 1;
		out->rank_error = ref->rank_error;
		ksw_core(ref->sk_values, ref->sk_weights, ref->sk_n, ref->n,
			 cur->sorted, cur->sorted_w, side_entries(cur), cur->n,
			 &out->ks, &out->w);
		out->ks_p = drift_ks_pvalue(out->ks, ref->n, cur->n, ks,
					    &out->ks_exact);
		out->w_norm = drift_wasserstein_norm(out->w, ref->pop_std);
		if (cur->sorted[0] < lo)
			lo = cur->sorted[0];
		if (cur->sorted[side_entries(cur) - 1] > hi)
			hi = cur->sorted[side_entries(cur) - 1];
		out->w_error = ref->rank_error * (hi - lo);
	} else if (ref->sorted || ref->n == 0) {
		out->has_raw = 1;
		ksw_core(ref->sorted, ref->sorted_w, side_entries(ref), ref->n,
			 cur->sorted, cur->sorted_w, side_entries(cur), cur->n,
			 &out->ks, &out->w);
		out->ks_p = drift_ks_pvalue(out->ks, ref->n, cur->n, ks,
					    &out->ks_exact);
		out->w_norm = drift_wasserstein_norm(
			out->w, drift_pop_std_weighted(ref->sorted, ref->sorted_w,
						       side_entries(ref), ref->n));
	}
	return 0;
}

int drift_compute(const struct drift_side *ref, const struct drift_side *cur,
		  unsigned bins, enum drift_ks_method ks,
		  struct drift_result *out, char *why, size_t whylen)
{
	int num;

	memset(out, 0, sizeof(*out));
	out->psi = out->js = out->chi2 = out->chi2_p = NAN;
	out->ks = out->ks_p = out->w = out->w_norm = NAN;
	out->rank_error = out->w_error = NAN;
	out->n_ref = ref->n;
	out->n_cur = cur->n;
	/* an all-null column is a number only vacuously: it takes the type
	 * of the other side */
	if (ref->n == 0 && cur->n > 0)
		num = cur->numeric;
	else if (cur->n == 0)
		num = ref->numeric;
	else if (ref->numeric != cur->numeric) {
		snprintf(why, whylen,
			 "the column holds %s in the reference but %s in the current data",
			 ref->numeric ? "numbers" : "strings",
			 cur->numeric ? "numbers" : "strings");
		return -1;
	} else
		num = ref->numeric;
	out->numeric = num;
	if (num && (bins < 2 || bins > DRIFT_MAX_BINS)) {
		snprintf(why, whylen, "bins must be from 2 to %d, not %u",
			 DRIFT_MAX_BINS, bins);
		return -1;
	}
	if (num ? numeric(ref, cur, bins, ks, out, why, whylen)
		: categorical(ref, cur, out, why, whylen))
		return -1;
	out->psi = drift_psi(out->ref_counts, out->cur_counts, out->nbins);
	out->js = drift_jensenshannon(out->ref_counts, out->cur_counts, out->nbins);
	drift_chi2(out->ref_counts, out->cur_counts, out->nbins, &out->chi2,
		   &out->chi2_p);
	return 0;
}

static void write_counts(struct jsonw *w, const char *key, const double *v,
			 size_t n)
{
	jw_key(w, key);
	jw_arr_open(w);
	for (size_t i = 0; i < n; i++)
		jw_num(w, v[i]);
	jw_arr_close(w);
}

/* A category from the data, as a JSON string cut to TRUST_ECHO_MAX bytes. */
static void write_echo(struct jsonw *w, const char *s)
{
	struct sbuf one = SBUF_INIT;

	trust_echo(&one, s, strlen(s));
	jw_strn(w, sbuf_str(&one), one.len);
	sbuf_release(&one);
}

void drift_result_write_json(const struct drift_result *r, const char *name,
			     const char *method, struct jsonw *w)
{
	jw_obj_open(w);
	if (name)
		jw_kstr(w, "name", name);
	if (method)
		jw_kstr(w, "method", method);
	jw_kstr(w, "type", r->numeric ? "number" : "string");
	jw_kint(w, "n_reference", (long long)r->n_ref);
	jw_kint(w, "n_current", (long long)r->n_cur);
	jw_knum(w, "psi", r->psi);
	if (r->has_raw) {
		jw_knum(w, "ks", r->ks);
		jw_knum(w, "ks_pvalue", r->ks_p);
		if (isfinite(r->ks_p))
			jw_kstr(w, "ks_pvalue_method", r->ks_exact ? "exact" : "asymp");
		jw_knum(w, "wasserstein", r->w);
		jw_knum(w, "wasserstein_norm", r->w_norm);
	}
	jw_knum(w, "jensenshannon", r->js);
	jw_knum(w, "chi2", r->chi2);
	jw_knum(w, "chi2_pvalue", r->chi2_p);
	if (!r->numeric) {
		/* categories come from the data: at most DRIFT_SHOW_NEW of
		 * them, each cut to TRUST_ECHO_MAX bytes, and the count */
		jw_key(w, "new_categories");
		jw_arr_open(w);
		for (size_t i = 0; i < r->nnew && i < DRIFT_SHOW_NEW; i++)
			write_echo(w, r->new_cats[i]);
		jw_arr_close(w);
		if (r->nnew > DRIFT_SHOW_NEW)
			jw_kint(w, "new_categories_more", (long long)(r->nnew - DRIFT_SHOW_NEW));
	}
	if (r->frozen)
		jw_kbool(w, "frozen_reference", 1);
	if (r->sketch || r->hist_approx) {
		/* from a partial profile's sketch: say how far off it may be */
		jw_key(w, "reference_sketch");
		jw_obj_open(w);
		jw_kbool(w, "exact", r->sketch ? r->rank_error == 0 : 0);
		if (r->sketch) {
			jw_knum(w, "rank_error", r->rank_error);
			jw_knum(w, "ks_error", r->rank_error);
			jw_knum(w, "wasserstein_error", r->w_error);
		}
		jw_kbool(w, "bins_approximate", r->hist_approx);
		jw_obj_close(w);
	}
	jw_key(w, "bins");
	jw_obj_open(w);
	if (r->numeric) {
		write_counts(w, "edges", r->edges, r->nbins ? r->nbins - 1 : 0);
	} else {
		jw_key(w, "categories");
		jw_arr_open(w);
		for (size_t i = 0; i < r->nbins; i++)
			write_echo(w, r->cats[i]); /* every bin, each label bounded */
		jw_arr_close(w);
	}
	write_counts(w, "reference_counts", r->ref_counts, r->nbins);
	write_counts(w, "current_counts", r->cur_counts, r->nbins);
	jw_obj_close(w);
	jw_obj_close(w);
}

/* A bound for people: two significant digits, rounded up so that it is
 * still a bound. */
static void fmt_bound(char *buf, size_t size, double v)
{
	if (v > 0 && isfinite(v)) {
		double unit = pow(10, floor(log10(v)) - 1);
		v = ceil(v / unit * (1 - 1e-12)) * unit;
	}
	snprintf(buf, size, "%.2g", v);
}

void drift_approx_note(const struct drift_result *r, const char *method,
		       struct sbuf *out)
{
	char b[40];

	if (method && drift_method_numeric_only(method)) {
		if (!r->sketch)
			return;
		if (r->rank_error == 0) {
			sbuf_adds(out, "; from the reference's exact value counts");
			return;
		}
		fmt_bound(b, sizeof(b), r->rank_error);
		sbuf_addf(out, "; approximate: sketch rank error <= %s", b);
		if (strncmp(method, "wasserstein", 11) == 0) {
			fmt_bound(b, sizeof(b), r->w_error);
			sbuf_addf(out, " (wasserstein within %s)", b);
		}
		return;
	}
	if (r->hist_approx) {
		fmt_bound(b, sizeof(b), r->rank_error);
		sbuf_addf(out, "; approximate: the reference's bins come from a sketch (rank error <= %s)", b);
	}
}

/* ----- from column statistics ----- */

struct side_buf {
	char **names;
	double *counts;
	size_t n;
	struct qsview view;
};

static void side_of(struct colstats *c, struct drift_side *s,
		    struct side_buf *b)
{
	memset(s, 0, sizeof(*s));
	memset(b, 0, sizeof(*b));
	s->numeric = c->type == COL_NUMBER;
	s->n = (size_t)c->count;
	if (s->numeric) {
		size_t n = 0;
		struct qsview r;

		if (!c->keep_values) {
			/* a frozen or partial profile: histogram, sketch */
		} else if (colstats_runs(c, &r)) {
			if (r.total == s->n) {
				s->sorted = r.v;
				s->sorted_w = r.w;
				s->sorted_n = r.n;
			}
		} else {
			const double *v = colstats_sorted_values(c, &n);
			if (v && n == s->n)
				s->sorted = v;
		}
		if (!s->sorted && c->has_hist) {
			b->counts = xcalloc(c->hist_nedges + 1, sizeof(double));
			for (size_t i = 0; i <= c->hist_nedges; i++)
				b->counts[i] = (double)c->hist_counts[i];
			s->hist_edges = c->hist_edges;
			s->hist_counts = b->counts;
			s->hist_nedges = c->hist_nedges;
		}
		if (!s->sorted && c->sketch && c->sketch->n == c->count) {
			qsketch_view(c->sketch, &b->view);
			s->sk_values = b->view.v;
			s->sk_weights = b->view.w;
			s->sk_n = b->view.n;
			s->rank_error = qsketch_rank_error(c->sketch);
			s->hist_approx = !c->hist_frozen && c->sketch->err > 0;
			s->pop_std = sqrt(colstats_var_pop(c));
		}
		return;
	}
	b->n = colstats_ncategories(c);
	b->names = xcalloc(b->n + 1, sizeof(char *));
	b->counts = xcalloc(b->n + 1, sizeof(double));
	for (size_t i = 0; i < b->n; i++) {
		const char *p;
		size_t len;
		uint64_t cnt;

		colstats_category(c, i, &p, &len, &cnt);
		b->names[i] = xstrndup(p, len);
		b->counts[i] = (double)cnt;
	}
	s->cats = (const char *const *)b->names;
	s->cat_counts = b->counts;
	s->ncats = b->n;
	s->cats_truncated = c->cats_truncated || !c->text_complete;
}

static void side_buf_release(struct side_buf *b)
{
	for (size_t i = 0; b->names && i < b->n; i++)
		free(b->names[i]);
	free(b->names);
	free(b->counts);
	qsview_release(&b->view);
}

int drift_colstats(struct colstats *ref, struct colstats *cur, unsigned bins,
		   struct drift_result *out, char *why, size_t whylen)
{
	return drift_colstats_ks(ref, cur, bins, DRIFT_KS_AUTO, out, why, whylen);
}

int drift_colstats_ks(struct colstats *ref, struct colstats *cur,
		      unsigned bins, enum drift_ks_method ks,
		      struct drift_result *out, char *why, size_t whylen)
{
	struct drift_side rs, cs;
	struct side_buf rb, cb;
	int rc;

	side_of(ref, &rs, &rb);
	side_of(cur, &cs, &cb);
	/* a string column's categories are needed only when it is compared
	 * as strings (an all-null side takes the other side's type) */
	if (rs.numeric != cs.numeric && rs.n == 0 && !cs.numeric)
		rs.numeric = 0;
	rc = drift_compute(&rs, &cs, bins, ks, out, why, whylen);
	side_buf_release(&rb);
	side_buf_release(&cb);
	return rc;
}
