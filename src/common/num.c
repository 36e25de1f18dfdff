/* lgamma_r (POSIX extension in glibc) */
#define _DEFAULT_SOURCE
#include "common/num.h"

#include <math.h>

double num_lgamma(double x)
{
	int sign;

	return lgamma_r(x, &sign);
}

size_t num_upper(const double *v, size_t lo, size_t hi, double x)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int num_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double num_lerp7(double a, double b, double t)
{
	double diff = b - a;

	/* a and b near opposite ends of the double range: in halves (the
	 * value lies between them, so it is finite) */
	if (!isfinite(diff)) {
		diff = b / 2 - a / 2;
		return 2 * (t >= 0.5 ? b / 2 - diff * (1 - t) : a / 2 + diff * t);
	}
	/* numpy's _lerp: exact at both ends and when a == b */
	return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

double num_quantile7(const double *x, size_t n, double q)
{
	double h, fl;
	size_t lo;

	if (n == 0 || !(q >= 0 && q <= 1))
		return NAN;
	h = (double)(n - 1) * q;
	if (h >= (double)(n - 1))
		return x[n - 1];
	fl = floor(h);
	lo = (size_t)fl;
	return num_lerp7(x[lo], x[lo + 1], h - fl);
}

size_t num_edges(const double *sorted, size_t n, size_t k, double *edges)
{
	size_t m = 0;

	if (n == 0)
		return 0;
	for (size_t i = 1; i < k; i++) {
		double e = num_quantile7(sorted, n, (double)i / (double)k);
		if (m == 0 || e != edges[m - 1])
			edges[m++] = e;
	}
	return m;
}

size_t num_bin(const double *edges, size_t nedges, double x)
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

int num_parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int shift = 0;

	if (!s || !*s)
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	switch (*s) {
	case 'K': shift = 10; s++; break;
	case 'M': shift = 20; s++; break;
	case 'G': shift = 30; s++; break;
	case 'T': shift = 40; s++; break;
	default: break;
	}
	if (*s || v == 0 || v > (UINT64_MAX >> shift))
		return -1;
	*out = v << shift;
	return 0;
}
