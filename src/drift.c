#include "drift.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Neumaier's compensated sum: the long sums (Wasserstein over a million
 * values, the reference variance) stay within a few ulps of the exact sum,
 * so they agree with numpy's pairwise summation to far better than 1e-9. */
struct ksum {
	double s, c;
};

static void ksum_add(struct ksum *k, double x)
{
	double t = k->s + x;

	if (fabs(k->s) >= fabs(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

static double ksum_get(const struct ksum *k)
{
	return k->s + k->c;
}

double drift_quantile7(const double *x, size_t n, double q)
{
	double h, fl, t, a, b, d;
	size_t lo, hi;

	if (n == 0 || !(q >= 0.0 && q <= 1.0))
		return NAN;
	h = (double)(n - 1) * q;
	fl = floor(h);
	lo = (size_t)fl;
	if (lo > n - 1)
		lo = n - 1;
	hi = lo + 1 < n ? lo + 1 : n - 1;
	t = h - fl;
	a = x[lo];
	b = x[hi];
	d = b - a;
	/* numpy's _lerp: from the nearer end, so the result is exact (and
	 * monotone) when a == b */
	if (t >= 0.5)
		return b - d * (1.0 - t);
	return a + d * t;
}

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

size_t drift_edges(const double *sorted, size_t n, unsigned k, double *edges)
{
	size_t m = 0;

	if (n == 0 || k < 2)
		return 0;
	for (unsigned i = 1; i < k; i++)
		edges[i - 1] = drift_quantile7(sorted, n, (double)i / (double)k);
	/* as np.unique: sorted, then equal neighbours dropped */
	qsort(edges, k - 1, sizeof(*edges), cmp_double);
	for (size_t i = 0; i < k - 1; i++)
		if (m == 0 || edges[i] != edges[m - 1])
			edges[m++] = edges[i];
	return m;
}

size_t drift_bin_of(const double *edges, size_t nedges, double x)
{
	size_t lo = 0, hi = nedges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (edges[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void drift_bin_counts(const double *edges, size_t nedges, const double *x,
		      size_t n, int sorted, double *counts)
{
	size_t j = 0;

	if (!sorted) {
		for (size_t i = 0; i < n; i++)
			counts[drift_bin_of(edges, nedges, x[i])] += 1.0;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		while (j < nedges && edges[j] < x[i])
			j++;
		counts[j] += 1.0;
	}
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
	double tr = total(ref, nbins), tc = total(cur, nbins);
	struct ksum s = {0, 0};

	*stat = *pvalue = NAN;
	if (!(tr > 0) || !(tc > 0) || nbins == 0)
		return -1;
	for (size_t i = 0; i < nbins; i++) {
		double e = ref[i] / tr * tc, d;

		if (!(e > 0))
			continue;
		d = cur[i] - e;
		ksum_add(&s, d * d / e);
	}
	*stat = ksum_get(&s);
	*pvalue = nbins >= 2 ? drift_chi2_sf(*stat, (double)(nbins - 1)) : NAN;
	return 0;
}

double drift_ks(const double *a, size_t n, const double *b, size_t m)
{
	size_t i = 0, j = 0;
	double d = 0.0;

	if (n == 0 || m == 0)
		return NAN;
	/* sup |F_a - F_b| is reached just after some sample value: step over
	 * every value equal to the smallest pending one on both sides (ties),
	 * then compare the two ECDFs there, as scipy does with
	 * searchsorted(side="right") / n.  Once a side is exhausted the
	 * difference only shrinks. */
	while (i < n && j < m) {
		double x = a[i] < b[j] ? a[i] : b[j], diff;

		while (i < n && a[i] <= x)
			i++;
		while (j < m && b[j] <= x)
			j++;
		diff = fabs((double)i / (double)n - (double)j / (double)m);
		if (diff > d)
			d = diff;
	}
	return d;
}

double drift_ks_pvalue(double d, size_t n, size_t m)
{
	double en;

	if (n == 0 || m == 0 || !isfinite(d))
		return NAN;
	en = sqrt((double)n * (double)m / (double)(n + m));
	return drift_kolmogorov_sf(en * d);
}

double drift_wasserstein(const double *a, size_t n, const double *b, size_t m)
{
	size_t i = 0, j = 0;
	struct ksum s = {0, 0};
	double prev;

	if (n == 0 || m == 0)
		return NAN;
	/* Integrate |F_a - F_b| between consecutive values of the merged
	 * sample (scipy's _cdf_distance with p = 1). */
	prev = a[0] < b[0] ? a[0] : b[0];
	while (i < n || j < m) {
		double x;

		if (j >= m || (i < n && a[i] <= b[j]))
			x = a[i];
		else
			x = b[j];
		if (x != prev)
			ksum_add(&s, fabs((double)i / (double)n -
					  (double)j / (double)m) * (x - prev));
		while (i < n && a[i] <= x)
			i++;
		while (j < m && b[j] <= x)
			j++;
		prev = x;
	}
	return ksum_get(&s);
}

double drift_pop_std(const double *x, size_t n)
{
	struct ksum s = {0, 0}, v = {0, 0};
	double mean;

	if (n == 0)
		return NAN;
	for (size_t i = 0; i < n; i++)
		ksum_add(&s, x[i]);
	mean = ksum_get(&s) / (double)n;
	for (size_t i = 0; i < n; i++)
		ksum_add(&v, (x[i] - mean) * (x[i] - mean));
	return sqrt(ksum_get(&v) / (double)n);
}

double drift_wasserstein_norm(double w, double ref_std)
{
	if (!isfinite(w) || !isfinite(ref_std))
		return NAN;
	return w / (ref_std > DRIFT_STD_FLOOR ? ref_std : DRIFT_STD_FLOOR);
}

/* ----- special functions ----- */

double drift_kolmogorov_sf(double x)
{
	double s = 0.0;

	if (isnan(x))
		return NAN;
	if (x <= 0.0)
		return 1.0;
	if (x < 0.82) {
		/* small x: 1 - cdf with cdf = sqrt(2 pi)/x sum_k
		 * exp(-(2k-1)^2 pi^2 / (8 x^2)); the alternating series for
		 * the sf would need many terms here.  cdf <= 0.74, so no
		 * cancellation in 1 - cdf. */
		double w = -M_PI * M_PI / (8.0 * x * x);

		for (int k = 1; k < 100; k++) {
			double j = 2.0 * k - 1.0, t = exp(w * j * j);

			s += t;
			if (t <= s * DBL_EPSILON * 0.25)
				break;
		}
		return 1.0 - sqrt(2.0 * M_PI) / x * s;
	}
	/* large x: sf = 2 sum_k (-1)^(k-1) exp(-2 k^2 x^2), terms falling
	 * faster than geometrically; at most six matter */
	for (int k = 1; k < 100; k++) {
		double t = exp(-2.0 * k * k * x * x);

		s += (k % 2) ? t : -t;
		if (t <= fabs(s) * DBL_EPSILON * 0.25 || t == 0.0)
			break;
	}
	s *= 2.0;
	return s > 1.0 ? 1.0 : s;
}

double drift_gammaincc(double a, double x)
{
	double lax;

	if (isnan(a) || isnan(x) || !(a > 0) || x < 0)
		return NAN;
	if (x == 0)
		return 1.0;
	if (isinf(x))
		return 0.0;
	lax = a * log(x) - x - lgamma(a);
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
