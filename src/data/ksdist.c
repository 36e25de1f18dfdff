#include "data/ksdist.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "common/util.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#ifndef M_LN2
#define M_LN2 0.69314718055994530942
#endif

/* cephes' MINLOG: exp() of anything below it is 0 in double */
#define KS_MINLOG (-708.3964185322641)

uint64_t ksdist_gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* ----- two samples ----- */

/* n == m: by the reflection principle, P(D >= h/n) =
 * 2 sum_{k >= 1} (-1)^(k-1) C(2n, n - kh) / C(2n, n).  With
 * A_k = C(2n, n - (k+1)h) / C(2n, n - kh) = prod_{j<h} (n - kh - j) /
 * (n + kh + j + 1), the sum is A_0 (1 - A_1 (1 - A_2 (1 - ...))), evaluated
 * from the inside out.  The operations are scipy's, in scipy's order:
 * for small h the result rounds to just above 1, where scipy gives up on
 * the exact value, and mlgate must give up on the same inputs. */
static double square_outside(uint64_t n, uint64_t h)
{
	double p = 0.0;

	for (int64_t k = (int64_t)(n / h); k >= 0; k--) {
		double a = 1.0;
		int64_t kh = k * (int64_t)h, nn = (int64_t)n;

		for (int64_t j = 0; j < (int64_t)h; j++)
			a = (double)(nn - kh - j) * a / (double)(nn + kh + j + 1);
		p = a * (1.0 - p);
	}
	return 2.0 * p;
}

/* The lattice paths from (0, 0) to (m, n) (m >= n) in unit steps; a
 * point (i, j) is outside when |i/m - j/n| >= h/lcm, that is
 * |i ng - j mg| >= h.  q(i, j), the share of the paths to (i, j) that
 * touched an outside point, is 1 outside and
 * (i q(i-1, j) + j q(i, j-1)) / (i + j) inside (the last step came from
 * the left with probability i/(i+j)).  Every q is a probability, so there
 * is neither overflow nor cancellation; one column is kept. */
static double lattice_outside(uint64_t m, uint64_t n, uint64_t g, uint64_t h)
{
	const int64_t mg = (int64_t)(m / g), ng = (int64_t)(n / g);
	const int64_t hh = (int64_t)h, nn = (int64_t)n;
	double *a = xcalloc(n + 1, sizeof(double)), q;
	int64_t plo = 0, phi = -1;

	for (int64_t i = 0; i <= (int64_t)m; i++) {
		int64_t lo = ng * i - hh, jlo, jhi;

		/* inside: (ng i - h) / mg < j < (ng i + h) / mg */
		jlo = lo < 0 ? 0 : lo / mg + 1;
		jhi = (ng * i + hh + mg - 1) / mg - 1;
		if (jhi > nn)
			jhi = nn;
		if (jlo > jhi) {
			/* every path crosses this column outside */
			free(a);
			return 1.0;
		}
		for (int64_t j = jlo; j <= jhi; j++) {
			double left, below;

			if (i == 0) {
				a[j] = 0.0;
				continue;
			}
			left = j >= plo && j <= phi ? a[j] : 1.0;
			below = j > jlo ? a[j - 1] : 1.0; /* weight 0 when j == 0 */
			/* in this order and with a division, as scipy, so that
			 * both round alike */
			a[j] = ((double)i * left + (double)j * below) /
			       (double)(i + j);
		}
		plo = jlo;
		phi = jhi;
	}
	q = a[n];
	free(a);
	return q;
}

double ksdist_2samp_exact(uint64_t n, uint64_t m, uint64_t h, int *ok)
{
	uint64_t g, lcm;
	double p, cells;

	*ok = 0;
	if (n == 0 || m == 0)
		return NAN;
	if (n > m) {
		uint64_t t = n;
		n = m;
		m = t;
	}
	g = ksdist_gcd(n, m);
	if (m / g > (UINT64_C(1) << 53) / n)
		return NAN;
	lcm = (m / g) * n;
	if (h > lcm)
		return NAN;
	if (h == 0) {
		*ok = 1;
		return 1.0;
	}
	if (n == m) {
		p = square_outside(n, h);
	} else {
		/* the work: m + 1 columns of about 2h/mg + 1 inside points */
		cells = ((double)m + 1) * fmin((double)n + 1,
					       2.0 * (double)h / (double)(m / g) + 2.0);
		if (cells > KSDIST_MAX_CELLS)
			return NAN;
		p = lattice_outside(m, n, g, h);
	}
	if (!(p >= 0.0 && p <= 1.0))
		return NAN;
	*ok = 1;
	return p;
}

/* ----- one sample ----- */

/* log(k!) - k log k + k, the small remainder of Stirling's formula,
 * without the cancellation of lgamma(k + 1) - k log k for large k. */
static double stirling_rest(double k)
{
	double r;

	if (k < 1)
		return 0.0;
	if (k < 30)
		return num_lgamma(k + 1) - k * log(k) + k;
	r = 1.0 / (k * k);
	return 0.5 * log(2 * M_PI * k) +
	       (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r * (1.0 / 1680 -
								r / 1188)))) / k;
}

double ksdist_smirnov(uint64_t n, double x)
{
	double nd = (double)n, p, e, alpha, fl, sum, sf;
	uint64_t nxfl, nterms;
	double base;

	if (!(n > 0 && x >= 0.0 && x <= 1.0))
		return NAN;
	if (n == 1)
		return 1.0 - x;
	if (x == 0.0)
		return 1.0;
	if (x == 1.0)
		return 0.0;
	/* n x exactly, as p + e, and its integer part */
	p = nd * x;
	e = fma(nd, x, -p);
	fl = floor(p);
	if (p == fl && e < 0)
		fl -= 1;
	alpha = (p - fl) + e;
	if (alpha >= 1.0) {
		fl += 1;
		alpha = 0.0;
	}
	nxfl = (uint64_t)fl;
	if (nxfl == 0 || (nxfl == 1 && alpha == 0.0))
		return 1.0 - x * pow(1.0 + x, nd - 1); /* x <= 1/n */
	if (-2 * nd * x * x < KS_MINLOG)
		return 0.0;
	if (nxfl >= n - 1)
		return pow(1.0 - x, nd);
	if (n > 1000000) {
		/* scipy's approximation past a million: exp(-(6nx+1)^2/(18n)) */
		double logp = -pow(6.0 * nd * x + 1, 2) / 18.0 / nd;
		return logp < -M_LN2 ? exp(logp) : 1.0 + expm1(logp);
	}
	/* Birnbaum and Tingey: P(D+ >= x) = x sum_{v=0}^{n-nxfl-1} C(n, v)
	 * (x + v/n)^(v-1) (1 - x - v/n)^(n-v), every term positive.  In logs,
	 * with k! = exp(stirling_rest(k)) k^k e^-k, the large parts cancel
	 * analytically: log term_v = rest(n) - rest(v) - rest(u)
	 * + v log1p(nx/v) - log((nx + v)/n) + u log((u - nx)/u), u = n - v. */
	nterms = n - nxfl;
	base = stirling_rest(nd);
	sum = exp(nd * log1p(-x) - log(x));
	for (uint64_t v = 1; v < nterms; v++) {
		double vd = (double)v, u = nd - vd, lu, t;

		if (p / u < 0.5)
			lu = log1p(-p / u);
		else
			lu = log(((u - p) - e) / u);
		t = exp(base - stirling_rest(vd) - stirling_rest(u) +
			vd * log1p(p / vd) - log((p + vd) / nd) + u * lu);
		sum += t;
		/* stop when the rest cannot matter (scipy's rule) */
		if (t != 0.0) {
			if (4.0 * (double)(nterms - v) * t < DBL_EPSILON * sum &&
			    v != nterms - 1)
				break;
		} else if (v > n / 2) {
			break;
		}
	}
	sf = x * sum;
	return sf < 0 ? 0 : sf > 1 ? 1 : sf;
}

/* C = A B for m x m matrices (row-major) */
static void matmul(const double *a, const double *b, double *c, int m)
{
	for (int i = 0; i < m; i++) {
		double *ci = c + (size_t)i * m;

		memset(ci, 0, (size_t)m * sizeof(double));
		for (int k = 0; k < m; k++) {
			double aik = a[(size_t)i * m + k];
			const double *bk = b + (size_t)k * m;

			if (aik == 0.0)
				continue;
			for (int j = 0; j < m; j++)
				ci[j] += aik * bk[j];
		}
	}
}

/* Keep a matrix's entries below 2^128, the scale in *e (powers of 2). */
static void rescale(double *a, int m, int *e)
{
	double mx = 0;

	for (int i = 0; i < m * m; i++)
		if (fabs(a[i]) > mx)
			mx = fabs(a[i]);
	if (mx > 0x1p128) {
		for (int i = 0; i < m * m; i++)
			a[i] = ldexp(a[i], -128);
		*e += 128;
	}
}

double ksdist_durbin_cdf(uint64_t n, double x)
{
	double nx = (double)n * x, h, *hm, *r, *t, p, fac;
	int k, m, eh = 0, er = 0, e;
	uint64_t left = n;

	if (!(x >= 0) || n == 0)
		return NAN;
	if (x >= 1.0)
		return 1.0;
	if (nx <= 0.5)
		return 0.0;
	/* x = (k - h)/n with k a positive integer, 0 <= h < 1 */
	k = (int)ceil(nx);
	h = k - nx;
	m = 2 * k - 1;
	hm = xcalloc((size_t)m * m, sizeof(double));
	r = xcalloc((size_t)m * m, sizeof(double));
	t = xcalloc((size_t)m * m, sizeof(double));
	/* H[i][j] = 1/(i-j+1)! below the first superdiagonal, with the
	 * corrections of the first column and the last row */
	for (int i = 0; i < m; i++) {
		fac = 1.0;
		for (int d = 0; d <= i + 1; d++) {
			int j = i + 1 - d;

			if (d > 0)
				fac /= d;
			if (j < m)
				hm[(size_t)i * m + j] = fac;
		}
	}
	fac = 1.0;
	for (int i = 0; i < m; i++) {
		fac /= i + 1; /* 1/(i+1)! */
		hm[(size_t)i * m] -= pow(h, i + 1) * fac;
		hm[(size_t)(m - 1) * m + (m - 1 - i)] -= pow(h, i + 1) * fac;
	}
	if (2 * h - 1 > 0)
		hm[(size_t)(m - 1) * m] += pow(2 * h - 1, m) * fac;
	for (int i = 0; i < m; i++)
		r[(size_t)i * m + i] = 1.0;
	/* H^n by squaring, both factors kept in range */
	while (left > 0) {
		if (left & 1) {
			matmul(r, hm, t, m);
			memcpy(r, t, (size_t)m * m * sizeof(double));
			er += eh;
			rescale(r, m, &er);
		}
		left >>= 1;
		if (!left)
			break;
		matmul(hm, hm, t, m);
		memcpy(hm, t, (size_t)m * m * sizeof(double));
		eh *= 2;
		rescale(hm, m, &eh);
	}
	p = r[(size_t)(k - 1) * m + (k - 1)];
	e = er;
	/* times n!/n^n */
	for (uint64_t i = 1; i <= n; i++) {
		p = (double)i * p / (double)n;
		if (fabs(p) < 0x1p-128) {
			p = ldexp(p, 128);
			e -= 128;
		}
	}
	free(hm);
	free(r);
	free(t);
	p = ldexp(p, e);
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

/* The Pelz-Good expansion of P(D_n <= x) for small n x^2 (as Simard and
 * L'Ecuyer give it): K0 + K1/sqrt(n) + K2/n + K3/n^(3/2) in z = x sqrt(n),
 * over the theta-function series in q = exp(-pi^2 / (8 z^2)).  Returns the
 * survival function 1 - that. */
static double pelz_good_sf(uint64_t n, double x)
{
	const double pi2 = M_PI * M_PI, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
	const double sqrt2pi = sqrt(2 * M_PI), nd = (double)n;
	double z, z2, z3, z4, z6, z7, z8, z10, qlog, q, q2;
	double k0 = 0, k1 = 0, k2 = 0, k3 = 0, x2 = 0, x3 = 0;
	double k1a, k1b, k2a, k2b, k2c, k3a, k3b, k3c, k3d;
	int maxk;

	if (x <= 0.0)
		return 1.0;
	if (x >= 1.0)
		return 0.0;
	z = sqrt(nd) * x;
	z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
	z7 = z6 * z, z8 = z4 * z4, z10 = z8 * z2;
	qlog = -pi2 / 8 / z2;
	if (qlog < -708)
		return 1.0;
	q = exp(qlog);
	k1a = -z2;
	k1b = pi2 / 4;
	k2a = 6 * z6 + 2 * z4;
	k2b = (2 * z4 - 5 * z2) * pi2 / 4;
	k2c = pi4 * (1 - 2 * z2) / 16;
	k3d = pi6 * (5 - 30 * z2) / 64;
	k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
	k3b = pi2 * (135 * z4 - 96 * z6) / 4;
	k3a = -30 * z6 - 90 * z8;
	/* sums over odd m = 2k - 1 of c(m) q^(m^2), largest k first (scipy's
	 * number of terms, far more than double precision needs) */
	maxk = (int)ceil(16 * z / M_PI);
	for (int k = maxk; k >= 1; k--) {
		double mo = 2.0 * k - 1, m2 = mo * mo, m4 = m2 * m2, m6 = m4 * m2;
		double qp = pow(q, 8.0 * k);

		k0 = k0 * qp + 1.0;
		k1 = k1 * qp + (k1a + k1b * m2);
		k2 = k2 * qp + (k2a + k2b * m2 + k2c * m4);
		k3 = k3 * qp + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
	}
	k0 *= q * sqrt2pi / z;
	k1 *= q * sqrt2pi / (6 * z4);
	k2 *= q * sqrt2pi / (72 * z7);
	k3 *= q * sqrt2pi / (6480 * z10);
	/* the sums over all k >= 1 of K2 and K3 */
	q2 = exp(-pi2 / 2 / z2);
	for (int k = maxk; k >= 1; k--) {
		double kk = (double)k * k, qk = pow(q2, kk);

		x2 += kk * qk;
		x3 += (3 * z2 - pi2 * kk) * kk * qk;
	}
	k2 += x2 * pi2 * sqrt2pi / (-36 * z3);
	k3 += x3 * pi2 * sqrt2pi / (216 * z6);
	return (1.0 - k0) - k1 / sqrt(nd) - k2 / nd - k3 / (nd * sqrt(nd));
}

static double clip01(double p)
{
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

double ksdist_kstwo_sf(double x, uint64_t n)
{
	double nd = (double)n, t, nx2, cdf;

	if (isnan(x) || n == 0)
		return NAN;
	if (x >= 1.0)
		return 0.0;
	if (x <= 0.0)
		return 1.0;
	t = nd * x;
	if (t <= 1.0) {
		/* Ruben and Gambino: P(D_n <= x) = n!/n^n (2t - 1)^n */
		if (t <= 0.5)
			return 1.0;
		if (n <= 140) {
			cdf = 1.0;
			for (uint64_t i = 1; i <= n; i++)
				cdf *= (double)i * (1.0 / nd) * (2 * t - 1);
		} else {
			cdf = exp(stirling_rest(nd) - nd + nd * log(2 * t - 1));
		}
		return clip01(1.0 - cdf);
	}
	if (t >= nd - 1)
		return clip01(2 * pow(1.0 - x, nd));
	if (x >= 0.5) /* the two one-sided events are disjoint */
		return clip01(2 * ksdist_smirnov(n, x));
	nx2 = t * x;
	if (n <= 140) {
		/* scipy uses the Durbin matrix up to n x^2 = 0.754693 and
		 * Pomeranz's recursion up to 4: both are exact, the matrix
		 * serves for both here */
		if (nx2 <= 4)
			return clip01(1.0 - ksdist_durbin_cdf(n, x));
		return clip01(2 * ksdist_smirnov(n, x));
	}
	if (nx2 >= 370.0)
		return 0.0;
	if (nx2 >= 2.2)
		return clip01(2 * ksdist_smirnov(n, x));
	if (n <= 100000 && nd * pow(x, 1.5) <= 1.4)
		return clip01(1.0 - ksdist_durbin_cdf(n, x));
	return clip01(pelz_good_sf(n, x));
}
