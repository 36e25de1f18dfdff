/* Drift statistics against numbers computed independently: by hand on tiny
 * inputs, and by numpy/scipy (tests/gen/gen_drift_expected.py wrote
 * tests/fixtures/drift/expected.json and the CSV pairs beside it).
 *
 * Tolerances: bin edges and counts must be identical (the edges are the
 * point of numpy's _lerp); every statistic within 1e-9 relative of scipy's
 * (an expected 0 within 1e-15 absolute), and the KS statistic exactly.
 * p-values are held to the same 1e-9 (SPEC section 7): the chi-squared
 * series converge to full double precision, the exact KS distributions
 * are computed as scipy computes them (the lattice recursion and the
 * reflection sum round alike), and kstwo's approximations (Pelz-Good,
 * Smirnov's formula) are evaluated in double-precision logs within about
 * 1e-11 of scipy's double-double ones; expected values go down to
 * 1e-259. */
#define _POSIX_C_SOURCE 200809L
#include <check.h>

#include "common/num.h"
#include "suites.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/drift.h"
#include "data/ksdist.h"
#include "ext/jsondoc.h"
#include "common/util.h"

#define REL_TOL 1e-9

static const char *fixture_dir(void)
{
	const char *r = getenv("MLGATE_FIXTURES");
	return r && r[0] ? r : "tests/fixtures";
}

static int close_to(double got, double want)
{
	if (want == 0)
		return fabs(got) <= 1e-15;
	return fabs(got - want) <= REL_TOL * fabs(want);
}

#define ck_close(got, want) \
	ck_assert_msg(close_to((got), (want)), "%s = %.17g, expected %.17g", \
		      #got, (double)(got), (double)(want))

/* ----- by hand ----- */

START_TEST(test_quantile_lerp)
{
	const double x[] = {1, 2, 2, 3, 10};
	/* h = 4 * 0.3 = 1.2 -> x1 + (x2 - x1) * 0.2 = 2 exactly (a == b) */
	ck_assert(num_quantile7(x, 5, 0.3) == 2.0);
	/* h = 3.5 -> 3 + 7 * 0.5 = 6.5 */
	ck_assert(num_quantile7(x, 5, 0.875) == 6.5);
	ck_assert(num_quantile7(x, 5, 0.0) == 1.0);
	ck_assert(num_quantile7(x, 5, 1.0) == 10.0);
	ck_assert(isnan(num_quantile7(x, 0, 0.5)));
	/* t >= 0.5 interpolates from the upper end: b - (b - a) * (1 - t),
	 * which differs from a + (b - a) * t here in the last bit */
	{
		const double y[] = {0.1, 0.7};
		double t = 0.7, want = 0.7 - (0.7 - 0.1) * (1 - t);
		ck_assert(num_quantile7(y, 2, 0.7) == want);
	}
}
END_TEST

START_TEST(test_edges_and_bins)
{
	/* ten values, k = 4: quantiles at .25 .5 .75 of 1..10 are 3.25, 5.5,
	 * 7.75; with all-equal data the edges collapse to one */
	const double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	const double c[] = {4, 4, 4, 4};
	double e[9], counts[4] = {0};
	size_t n = num_edges(x, 10, 4, e);

	ck_assert_uint_eq(n, 3);
	ck_assert(e[0] == 3.25 && e[1] == 5.5 && e[2] == 7.75);
	ck_assert_uint_eq(num_edges(c, 4, 10, e), 1);
	ck_assert(e[0] == 4);
	ck_assert_uint_eq(num_edges(x, 0, 10, e), 0);
	/* side=left: a value equal to an edge goes below it */
	e[0] = 2;
	e[1] = 5;
	ck_assert_uint_eq(num_bin(e, 2, 2.0), 0);
	ck_assert_uint_eq(num_bin(e, 2, 2.0000001), 1);
	ck_assert_uint_eq(num_bin(e, 2, 5.0), 1);
	ck_assert_uint_eq(num_bin(e, 2, 99), 2);
	ck_assert_uint_eq(num_bin(e, 2, -99), 0);
	drift_bin_counts(e, 2, x, 10, 1, counts);
	ck_assert(counts[0] == 2 && counts[1] == 3 && counts[2] == 5);
	memset(counts, 0, sizeof(counts));
	{
		const double u[] = {9, 1, 5, 2, 6};
		drift_bin_counts(e, 2, u, 5, 0, counts);
		ck_assert(counts[0] == 2 && counts[1] == 1 && counts[2] == 2);
	}
}
END_TEST

START_TEST(test_psi_by_hand)
{
	const double r[] = {5, 5}, c[] = {8, 2}, c0[] = {10, 0};
	/* 0.3 ln 1.6 - 0.3 ln 0.4 = 0.3 ln 4 */
	ck_close(drift_psi(r, c, 2), 0.3 * log(4.0));
	/* a zero proportion becomes 0.0001, not renormalised */
	ck_close(drift_psi(r, c0, 2),
		 0.5 * log(1.0 / 0.5) + (0.0001 - 0.5) * log(0.0001 / 0.5));
	ck_assert(drift_psi(r, r, 2) == 0.0);
	{
		const double z[] = {0, 0};
		ck_assert(isnan(drift_psi(r, z, 2)));
		ck_assert(isnan(drift_psi(z, r, 2)));
	}
}
END_TEST

START_TEST(test_js_by_hand)
{
	const double p[] = {1, 0}, q[] = {0, 3}, h[] = {1, 1};
	/* disjoint: divergence ln 2, distance sqrt(ln 2) */
	ck_close(drift_jensenshannon(p, q, 2), sqrt(log(2.0)));
	ck_assert(drift_jensenshannon(h, h, 2) == 0.0);
	/* p = (1, 0), q = (.5, .5): m = (.75, .25);
	 * KL(p||m) = ln(4/3), KL(q||m) = .5 ln(2/3) + .5 ln 2 */
	ck_close(drift_jensenshannon(p, h, 2),
		 sqrt((log(4.0 / 3.0) + 0.5 * log(2.0 / 3.0) + 0.5 * log(2.0)) / 2));
}
END_TEST

START_TEST(test_chi2_by_hand)
{
	const double r[] = {10, 10, 0}, c[] = {15, 5, 4};
	double s, p;

	/* the 2 x 3 table: row totals 20 and 24, N = 44, bin totals 25 15 4;
	 * for two rows (o - e)^2/e over both = (r tc - c tr)^2 / (col tr tc):
	 * (240-300)^2/12000 + (240-100)^2/7200 + (0-80)^2/1920
	 * = 0.3 + 49/18 + 10/3; dof 2 and chi2.sf(x, 2) = exp(-x/2).  The
	 * bin the reference never saw counts. */
	ck_assert_int_eq(drift_chi2(r, c, 3, &s, &p), 0);
	ck_close(s, 0.3 + 49.0 / 18.0 + 10.0 / 3.0);
	ck_close(p, exp(-s / 2));
	/* a bin empty on both sides is left out: same table, dof still 2 */
	{
		const double r0[] = {10, 0, 10, 0}, c0[] = {15, 0, 5, 4};
		double s0, p0;
		ck_assert_int_eq(drift_chi2(r0, c0, 4, &s0, &p0), 0);
		ck_close(s0, s);
		ck_close(p0, p);
	}
	/* symmetric in the two sides */
	{
		double s1, p1;
		ck_assert_int_eq(drift_chi2(c, r, 3, &s1, &p1), 0);
		ck_close(s1, s);
	}
	/* chi2.sf(x, 1) = erfc(sqrt(x / 2)) */
	ck_close(drift_chi2_sf(5.0, 1), erfc(sqrt(2.5)));
	ck_close(drift_chi2_sf(0.01, 1), erfc(sqrt(0.005)));
	ck_close(drift_chi2_sf(60.0, 1), erfc(sqrt(30.0)));
	ck_close(drift_chi2_sf(700.0, 2), exp(-350.0));
	/* chi2.sf(x, 4) = exp(-x/2) (1 + x/2) */
	ck_close(drift_chi2_sf(3.0, 4), exp(-1.5) * 2.5);
	ck_assert(drift_chi2_sf(0.0, 3) == 1.0);
	ck_assert(isnan(drift_chi2_sf(1.0, 0)));
	{
		const double one[] = {7}, other[] = {3}, z[] = {0, 0};
		/* one bin: observed equals expected, scipy's dof 0: p = 1 */
		ck_assert_int_eq(drift_chi2(one, other, 1, &s, &p), 0);
		ck_assert(s == 0.0 && p == 1.0);
		/* an empty side: undefined */
		ck_assert_int_eq(drift_chi2(one, z, 1, &s, &p), -1);
		ck_assert(isnan(s) && isnan(p));
	}
}
END_TEST

/* Long runs of ties (the walk gallops over them) and unique values (it
 * steps): KS, Wasserstein and the sorted bin counts against a brute force
 * that evaluates both ECDFs by counting at every distinct value.  KS is
 * a ratio of counts (to 1e-15); W sums the same terms in another way
 * (to 1e-12 relative); bin counts are integers (exact). */
static size_t count_le(const double *v, size_t n, double x)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += v[i] <= x;
	return k;
}

START_TEST(test_ks_w_runs_brute)
{
	enum { NA = 3000, NB = 2200 };
	double *a = xcalloc(NA, sizeof(double)), *b = xcalloc(NB, sizeof(double));
	double *u = xcalloc(NA + NB, sizeof(double));
	unsigned s = 12345u + (unsigned)_i;

	for (size_t i = 0; i < NA; i++) {
		s = s * 1103515245u + 12345u;
		/* _i 0: few distinct values (runs of hundreds); 1: many */
		a[i] = _i == 0 ? (double)((s >> 16) % 7) : (double)((s >> 8) % 100000) / 7.0;
	}
	for (size_t i = 0; i < NB; i++) {
		s = s * 1103515245u + 12345u;
		b[i] = _i == 0 ? (double)((s >> 16) % 9) - 1.0 : (double)((s >> 8) % 90000) / 7.0 + 3.0;
	}
	qsort(a, NA, sizeof(double), num_cmp_double);
	qsort(b, NB, sizeof(double), num_cmp_double);
	memcpy(u, a, NA * sizeof(double));
	memcpy(u + NA, b, NB * sizeof(double));
	qsort(u, NA + NB, sizeof(double), num_cmp_double);
	{
		double d = 0, w = 0;
		for (size_t k = 0; k < NA + NB; k++) {
			double fa = (double)count_le(a, NA, u[k]) / NA;
			double fb = (double)count_le(b, NB, u[k]) / NB;
			if (fabs(fa - fb) > d)
				d = fabs(fa - fb);
			if (k + 1 < NA + NB)
				w += fabs(fa - fb) * (u[k + 1] - u[k]);
		}
		ck_assert(fabs(drift_ks(a, NA, b, NB) - d) <= 1e-15);
		ck_assert(fabs(drift_wasserstein(a, NA, b, NB) - w) <= 1e-12 * w);
	}
	{
		const double e[] = {0.5, 2, 2.5, 4, 3000};
		double counts[6] = {0};
		size_t prev = 0;
		drift_bin_counts(e, 5, a, NA, 1, counts);
		for (size_t j = 0; j <= 5; j++) {
			size_t le = j < 5 ? count_le(a, NA, e[j]) : NA;
			ck_assert(counts[j] == (double)(le - prev));
			prev = le;
		}
	}
	free(a);
	free(b);
	free(u);
}
END_TEST

START_TEST(test_ks_by_hand)
{
	const double a[] = {1, 2, 3}, b[] = {2, 3, 4}, t[] = {1, 1, 2, 2};
	const double u[] = {1, 2};

	ck_close(drift_ks(a, 3, b, 3), 1.0 / 3.0);
	/* ties: F_t jumps by 1/2 at 1 and at 2, F_u by 1/2 too: D = 0 */
	ck_assert(drift_ks(t, 4, u, 2) == 0.0);
	ck_assert(drift_ks(a, 3, a, 3) == 0.0);
	ck_assert(isnan(drift_ks(a, 3, b, 0)));
	/* disjoint: D = 1 */
	{
		const double lo[] = {1, 2}, hi[] = {5, 6, 7};
		ck_assert(drift_ks(lo, 2, hi, 3) == 1.0);
	}
	/* exact p-values by counting orderings: disjoint samples of 2 and 3
	 * (D = 1) are 2 of the C(5, 2) = 10 orderings; of 3 and 3, 2 of 20 */
	{
		int ok;
		ck_close(ksdist_2samp_exact(2, 3, 6, &ok), 0.2);
		ck_assert(ok);
		ck_close(ksdist_2samp_exact(3, 3, 3, &ok), 0.1);
		ck_assert(ok);
		ck_assert(ksdist_2samp_exact(3, 3, 0, &ok) == 1.0 && ok);
		/* D >= 1/3 for 3 and 3: every ordering but the interleaved
		 * ones with |F - G| < 1/3 everywhere, which do not exist */
		ck_close(ksdist_2samp_exact(3, 3, 1, &ok), 1.0);
		ck_assert(isnan(ksdist_2samp_exact(0, 3, 1, &ok)) && !ok);
		/* D = 1 for 2 and 2: aabb and bbaa of the 6 orderings */
		ck_close(ksdist_2samp_exact(2, 2, 2, &ok), 1.0 / 3.0);
	}
	/* the p-value as ks_2samp's methods choose it */
	{
		int ex;
		double p = drift_ks_pvalue(1.0, 2, 3, DRIFT_KS_AUTO, &ex);
		ck_close(p, 0.2);
		ck_assert(ex);
		/* asymp: kstwo.sf(1, round(6/5) = 1) = 0 */
		ck_assert(drift_ks_pvalue(1.0, 2, 3, DRIFT_KS_ASYMP, &ex) == 0.0 && !ex);
		/* n m / (n + m) = 1/2 rounds (half to even) to 0: undefined */
		ck_assert(isnan(drift_ks_pvalue(1.0, 1, 1, DRIFT_KS_ASYMP, &ex)));
		/* auto past 10,000 a side is asymp: kstwo.sf(0.5, n) with
		 * n = round(10001 * 100000 / 110001) = round(9091.7) */
		p = drift_ks_pvalue(0.5, 10001, 100000, DRIFT_KS_AUTO, &ex);
		ck_assert(!ex);
		ck_close(p, ksdist_kstwo_sf(0.5, 9092));
		ck_assert(isnan(drift_ks_pvalue(NAN, 3, 3, DRIFT_KS_AUTO, &ex)));
	}
	/* kstwo by hand: D_1 = max(U, 1 - U), so sf(x, 1) = 2 (1 - x) for
	 * x >= 1/2; for x >= 1 - 1/n, sf = 2 (1 - x)^n (Ruben-Gambino);
	 * below 1/(2n) D_n cannot be */
	ck_close(ksdist_kstwo_sf(0.7, 1), 0.6);
	ck_close(ksdist_kstwo_sf(0.9, 5), 2 * pow(0.1, 5));
	ck_assert(ksdist_kstwo_sf(0.05, 5) == 1.0);
	ck_assert(ksdist_kstwo_sf(1.0, 5) == 0.0);
	ck_assert(isnan(ksdist_kstwo_sf(0.5, 0)));
	/* smirnov(n, x) for x >= 1 - 1/n is (1 - x)^n */
	ck_close(ksdist_smirnov(4, 0.9), pow(0.1, 4));
	/* the Durbin matrix against Ruben-Gambino: P(D_n <= x) =
	 * n!/n^n (2nx - 1)^n for 1/(2n) <= x <= 1/n */
	ck_close(ksdist_durbin_cdf(4, 0.2), 24.0 / 256.0 * pow(0.6, 4));
	{
		const char *const *m = drift_ks_methods;
		enum drift_ks_method k;
		ck_assert_str_eq(m[DRIFT_KS_EXACT], "exact");
		ck_assert_int_eq(drift_ks_method_parse("asymp", &k), 0);
		ck_assert_int_eq(k, DRIFT_KS_ASYMP);
		ck_assert_int_eq(drift_ks_method_parse("Exact", &k), -1);
	}
}
END_TEST

START_TEST(test_wasserstein_by_hand)
{
	const double a[] = {0, 1, 3}, b[] = {5, 6, 8}, c[] = {0, 0, 4};
	const double one[] = {2};

	ck_close(drift_wasserstein(a, 3, b, 3), 5.0); /* a shifted by 5 */
	ck_close(drift_wasserstein(b, 3, a, 3), 5.0);
	/* |F_a - F_c|: on [0,1) 2/3-1/3, [1,3) 2/3-2/3, [3,4) 1-2/3 -> 1/3+0+1/3 */
	ck_close(drift_wasserstein(a, 3, c, 3), 2.0 / 3.0);
	ck_close(drift_wasserstein(a, 3, one, 1), (2.0 + 1.0 + 1.0) / 3.0);
	ck_assert(drift_wasserstein(a, 3, a, 3) == 0.0);
	ck_assert(isnan(drift_wasserstein(a, 3, b, 0)));
	/* population std of 0,1,3: mean 4/3, var (16+1+25)/27 = 42/27 */
	ck_close(drift_pop_std(a, 3), sqrt(42.0 / 27.0));
	ck_close(drift_wasserstein_norm(5.0, 2.0), 2.5);
	ck_close(drift_wasserstein_norm(5.0, 0.0), 5000.0);
}
END_TEST

/* drift_compute: one column, both sides, with the decisions of
 * doc/data-checks.md (type adoption, mismatches, frozen bins). */
START_TEST(test_compute_column)
{
	const double r[] = {1, 2, 3, 4}, c[] = {1, 1, 1, 4};
	const char *rc[] = {"b", "a"}, *cc[] = {"c", "a"};
	const double rn[] = {3, 1}, cn[] = {2, 2};
	const double fe[] = {2.5}, fh[] = {2, 2};
	struct drift_side ref = {0}, cur = {0};
	struct drift_result res;
	char why[300];

	/* numbers, 2 bins: edge 2.5, counts 2 2 vs 3 1 */
	ref.numeric = cur.numeric = 1;
	ref.n = 4, ref.sorted = r;
	cur.n = 4, cur.sorted = c;
	ck_assert_int_eq(drift_compute(&ref, &cur, 2, DRIFT_KS_AUTO, &res, why, sizeof(why)), 0);
	ck_assert(res.numeric && res.has_raw && res.nbins == 2 && res.edges[0] == 2.5);
	ck_assert(res.ref_counts[0] == 2 && res.cur_counts[0] == 3);
	ck_close(res.psi, 0.25 * log(3.0));
	ck_assert(res.ks == 0.5);
	ck_assert(drift_result_value(&res, "ks", 0) == 0.5);
	ck_assert(drift_result_value(&res, "ks", 1) == res.ks_p);
	ck_assert(isnan(drift_result_value(&res, "psi", 1)));
	drift_result_release(&res);

	/* a frozen reference: its own bins, no KS; other bin counts refused */
	ref.sorted = NULL;
	ref.hist_edges = fe, ref.hist_counts = fh, ref.hist_nedges = 1;
	ck_assert_int_eq(drift_compute(&ref, &cur, 10, DRIFT_KS_AUTO, &res, why, sizeof(why)), 0);
	ck_assert(res.frozen && !res.has_raw && res.nbins == 2);
	ck_close(res.psi, 0.25 * log(3.0));
	ck_assert(isnan(drift_result_value(&res, "ks", 0)));
	drift_result_release(&res);
	ck_assert_int_eq(drift_compute(&ref, &cur, 5, DRIFT_KS_AUTO, &res, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "frozen reference profile fixes 10"));
	drift_result_release(&res);

	/* strings: union in byte order, 'c' only now */
	memset(&ref, 0, sizeof(ref));
	memset(&cur, 0, sizeof(cur));
	ref.n = 4, ref.cats = rc, ref.cat_counts = rn, ref.ncats = 2;
	cur.n = 4, cur.cats = cc, cur.cat_counts = cn, cur.ncats = 2;
	ck_assert_int_eq(drift_compute(&ref, &cur, 10, DRIFT_KS_AUTO, &res, why, sizeof(why)), 0);
	ck_assert(!res.numeric && res.nbins == 3);
	ck_assert_str_eq(res.cats[0], "a");
	ck_assert_str_eq(res.cats[1], "b");
	ck_assert_str_eq(res.cats[2], "c");
	ck_assert(res.ref_counts[0] == 1 && res.ref_counts[1] == 3 && res.ref_counts[2] == 0);
	ck_assert(res.cur_counts[0] == 2 && res.cur_counts[1] == 0 && res.cur_counts[2] == 2);
	ck_assert_uint_eq(res.nnew, 1);
	ck_assert_str_eq(res.new_cats[0], "c");
	/* tr = tc = 4, bin totals 3 3 2: (4-8)^2/48 + 12^2/48 + 8^2/32 =
	 * 1/3 + 3 + 2, the new 'c' counting; dof 2 */
	ck_close(res.chi2, 16.0 / 3.0);
	ck_close(res.chi2_p, exp(-8.0 / 3.0));
	drift_result_release(&res);
	ref.cats_truncated = 1;
	ck_assert_int_eq(drift_compute(&ref, &cur, 10, DRIFT_KS_AUTO, &res, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "too many distinct values in the reference"));
	drift_result_release(&res);

	/* number against string: refused; an all-null side takes the other type */
	ref.cats_truncated = 0;
	cur.numeric = 1, cur.sorted = c;
	ck_assert_int_eq(drift_compute(&ref, &cur, 10, DRIFT_KS_AUTO, &res, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "strings in the reference but numbers"));
	drift_result_release(&res);
	cur.n = 0, cur.ncats = 0, cur.sorted = NULL;
	ck_assert_int_eq(drift_compute(&ref, &cur, 10, DRIFT_KS_AUTO, &res, why, sizeof(why)), 0);
	ck_assert(!res.numeric && isnan(res.psi));
	drift_result_release(&res);
}
END_TEST

/* ----- against numpy/scipy ----- */

struct column {
	char *name;
	int numeric;
	double *num;   /* non-null numbers, sorted */
	char **str;    /* non-null strings */
	size_t n, cap;
};

struct table {
	struct column *cols;
	size_t ncols;
};

static int is_null(const char *s)
{
	return s[0] == '\0' || strcmp(s, "NA") == 0;
}

/* The generator writes plain CSV (no quoting, LF): split on commas. */
static void load_table(const char *file, struct table *t, const int *numeric)
{
	char *path = xasprintf("%s/drift/%s", fixture_dir(), file);
	size_t len;
	struct mg_error err;
	char *text = mg_read_file(path, 64u << 20, &len, &err), *line, *save;
	size_t row = 0;

	ck_assert_msg(text != NULL, "cannot read %s", path);
	memset(t, 0, sizeof(*t));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), row++) {
		size_t c = 0;
		char *p = line;

		for (;;) {
			char *comma = strchr(p, ',');
			if (comma)
				*comma = '\0';
			if (row == 0) {
				t->cols = xrealloc(t->cols, (c + 1) * sizeof(*t->cols));
				memset(&t->cols[c], 0, sizeof(t->cols[c]));
				t->cols[c].name = xstrdup(p);
				t->ncols = c + 1;
			} else if (!is_null(p)) {
				struct column *col = &t->cols[c];
				if (numeric[c]) {
					size_t cap = col->cap;
					col->num = xgrow(col->num, &cap, col->n + 1, sizeof(double));
					col->cap = cap;
					ck_assert_int_eq(mg_parse_double(p, strlen(p), &col->num[col->n]), 0);
				} else {
					size_t cap = col->cap;
					col->str = xgrow(col->str, &cap, col->n + 1, sizeof(char *));
					col->cap = cap;
					col->str[col->n] = xstrdup(p);
				}
				col->n++;
			}
			c++;
			if (!comma)
				break;
			p = comma + 1;
		}
	}
	for (size_t c = 0; c < t->ncols; c++) {
		t->cols[c].numeric = numeric[c];
		if (numeric[c] && t->cols[c].n)
			qsort(t->cols[c].num, t->cols[c].n, sizeof(double), num_cmp_double);
	}
	free(text);
	free(path);
}

static void free_table(struct table *t)
{
	for (size_t c = 0; c < t->ncols; c++) {
		for (size_t i = 0; t->cols[c].str && i < t->cols[c].n; i++)
			free(t->cols[c].str[i]);
		free(t->cols[c].str);
		free(t->cols[c].num);
		free(t->cols[c].name);
	}
	free(t->cols);
}

static void expect_stat(const struct jval *col, const char *key, double got,
			const char *where)
{
	const struct jval *v = jv_get(col, key);

	ck_assert_msg(v != NULL, "%s: no %s in expected.json", where, key);
	if (jv_type(v) == J_NULL) {
		ck_assert_msg(isnan(got), "%s %s = %.17g, expected undefined (NaN)",
			      where, key, got);
		return;
	}
	ck_assert_msg(close_to(got, jv_number(v)), "%s %s = %.17g, expected %.17g",
		      where, key, got, jv_number(v));
}

static void expect_counts(const struct jval *col, const char *key,
			  const double *got, size_t n, const char *where)
{
	const struct jval *v = jv_get(col, key);

	ck_assert_uint_eq(jv_size(v), n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(got[i] == jv_number(jv_at(v, i)),
			      "%s %s[%zu] = %g, expected %g", where, key, i,
			      got[i], jv_number(jv_at(v, i)));
}

static void check_numeric(const struct jval *col, const struct column *r,
			  const struct column *c, unsigned k, const char *where)
{
	double edges[DRIFT_MAX_BINS], *rc, *cc, s, p;
	size_t ne = num_edges(r->num, r->n, k, edges);
	const struct jval *je = jv_get(col, "edges");

	ck_assert_uint_eq(ne, jv_size(je));
	for (size_t i = 0; i < ne; i++)
		ck_assert_msg(edges[i] == jv_number(jv_at(je, i)),
			      "%s edge %zu = %.17g, numpy %.17g", where, i,
			      edges[i], jv_number(jv_at(je, i)));
	rc = xcalloc(ne + 1, sizeof(double));
	cc = xcalloc(ne + 1, sizeof(double));
	drift_bin_counts(edges, ne, r->num, r->n, 1, rc);
	drift_bin_counts(edges, ne, c->num, c->n, 1, cc);
	expect_counts(col, "reference_counts", rc, ne + 1, where);
	expect_counts(col, "current_counts", cc, ne + 1, where);
	if (r->n == 0) {
		/* no reference quantiles: everything undefined */
		ck_assert(isnan(drift_psi(rc, cc, ne + 1)));
	} else {
		expect_stat(col, "psi", drift_psi(rc, cc, ne + 1), where);
		expect_stat(col, "jensenshannon", drift_jensenshannon(rc, cc, ne + 1), where);
		drift_chi2(rc, cc, ne + 1, &s, &p);
		expect_stat(col, "chi2", s, where);
		expect_stat(col, "chi2_pvalue", p, where);
	}
	s = drift_ks(r->num, r->n, c->num, c->n);
	expect_stat(col, "ks", s, where);
	/* D is h / lcm(n, m) correctly rounded, as scipy's exact mode
	 * reports it: equal to the last bit.  In 'asymp' scipy reports the
	 * float difference of the two ECDF values (each in [0, 1], rounded:
	 * within 2 DBL_EPSILON absolute); mlgate keeps the correctly rounded
	 * one */
	if (r->n && c->n) {
		double want = jv_number(jv_get(col, "ks"));
		int exact = strcmp(jv_string(jv_get(col, "ks_pvalue_method")), "exact") == 0;
		ck_assert_msg(exact ? s == want : fabs(s - want) <= 2 * DBL_EPSILON,
			      "%s ks = %.17g, scipy %.17g", where, s, want);
	}
	{
		static const char *const key[] = {"ks_pvalue", "ks_pvalue_exact",
						  "ks_pvalue_asymp"};
		int ex;
		for (int m = 0; m < 3; m++)
			expect_stat(col, key[m],
				    drift_ks_pvalue(s, r->n, c->n,
						    (enum drift_ks_method)m, &ex),
				    where);
		if (r->n && c->n) {
			drift_ks_pvalue(s, r->n, c->n, DRIFT_KS_AUTO, &ex);
			ck_assert_msg(strcmp(ex ? "exact" : "asymp",
					     jv_string(jv_get(col, "ks_pvalue_method"))) == 0,
				      "%s: auto used %s", where, ex ? "exact" : "asymp");
		}
	}
	s = drift_wasserstein(r->num, r->n, c->num, c->n);
	expect_stat(col, "wasserstein", s, where);
	expect_stat(col, "wasserstein_norm",
		    drift_wasserstein_norm(s, drift_pop_std(r->num, r->n)), where);
	/* binning unsorted input gives the same counts */
	if (c->n > 2) {
		double *u = xmalloc(c->n * sizeof(double)), *uc = xcalloc(ne + 1, sizeof(double));
		for (size_t i = 0; i < c->n; i++)
			u[i] = c->num[c->n - 1 - i]; /* descending */
		drift_bin_counts(edges, ne, u, c->n, 0, uc);
		expect_counts(col, "current_counts", uc, ne + 1, where);
		free(u);
		free(uc);
	}
	free(rc);
	free(cc);
}

static void check_categorical(const struct jval *col, const struct column *r,
			      const struct column *c, const char *where)
{
	const struct jval *cats = jv_get(col, "categories");
	size_t nb = jv_size(cats);
	double *rc = xcalloc(nb + 1, sizeof(double)), *cc = xcalloc(nb + 1, sizeof(double));
	double s, p;

	/* count by the expected category list; every value must be in it */
	for (int side = 0; side < 2; side++) {
		const struct column *x = side ? c : r;
		double *cnt = side ? cc : rc;
		for (size_t i = 0; i < x->n; i++) {
			size_t j;
			for (j = 0; j < nb; j++)
				if (strcmp(x->str[i], jv_string(jv_at(cats, j))) == 0)
					break;
			ck_assert_msg(j < nb, "%s: '%s' not in categories", where, x->str[i]);
			cnt[j] += 1;
		}
	}
	expect_counts(col, "reference_counts", rc, nb, where);
	expect_counts(col, "current_counts", cc, nb, where);
	expect_stat(col, "psi", drift_psi(rc, cc, nb), where);
	expect_stat(col, "jensenshannon", drift_jensenshannon(rc, cc, nb), where);
	drift_chi2(rc, cc, nb, &s, &p);
	expect_stat(col, "chi2", s, where);
	expect_stat(col, "chi2_pvalue", p, where);
	free(rc);
	free(cc);
}

static struct jval *load_expected(void)
{
	char *path = xasprintf("%s/drift/expected.json", fixture_dir());
	size_t len;
	struct mg_error err;
	char *text = mg_read_file(path, 16u << 20, &len, &err);
	struct jval *doc;

	ck_assert_msg(text != NULL, "cannot read %s", path);
	doc = jv_parse(text, len, path, 3, &err);
	ck_assert_msg(doc != NULL, "%s: %s", path, err.msg);
	free(text);
	free(path);
	return doc;
}

START_TEST(test_against_scipy)
{
	struct jval *doc = load_expected();
	const struct jval *cases = jv_get(doc, "cases");
	size_t ncols_checked = 0;

	ck_assert_uint_ge(jv_size(cases), 5);
	for (size_t i = 0; i < jv_size(cases); i++) {
		const struct jval *cs = jv_at(cases, i), *cols = jv_get(cs, "columns");
		int numeric[64];
		struct table r, c;
		unsigned k = (unsigned)jv_number(jv_get(cs, "bins"));

		ck_assert_uint_le(jv_size(cols), 64);
		for (size_t j = 0; j < jv_size(cols); j++)
			numeric[j] = strcmp(jv_string(jv_get(jv_at(cols, j), "type")), "number") == 0;
		load_table(jv_string(jv_get(cs, "reference")), &r, numeric);
		load_table(jv_string(jv_get(cs, "current")), &c, numeric);
		ck_assert_uint_eq(r.ncols, jv_size(cols));
		for (size_t j = 0; j < jv_size(cols); j++) {
			const struct jval *col = jv_at(cols, j);
			char where[128];

			snprintf(where, sizeof(where), "%s.%s",
				 jv_string(jv_get(cs, "name")), r.cols[j].name);
			ck_assert_str_eq(r.cols[j].name, jv_string(jv_get(col, "name")));
			ck_assert_uint_eq(r.cols[j].n, (size_t)jv_number(jv_get(col, "n_reference")));
			ck_assert_uint_eq(c.cols[j].n, (size_t)jv_number(jv_get(col, "n_current")));
			if (numeric[j])
				check_numeric(col, &r.cols[j], &c.cols[j], k, where);
			else
				check_categorical(col, &r.cols[j], &c.cols[j], where);
			ncols_checked++;
		}
		free_table(&r);
		free_table(&c);
	}
	ck_assert_uint_ge(ncols_checked, 15);
	jv_free(doc);
}
END_TEST

START_TEST(test_special_functions_against_scipy)
{
	struct jval *doc = load_expected();
	const struct jval *ks = jv_get(doc, "kstwo_sf"), *c2 = jv_get(doc, "chi2_sf");
	const struct jval *sm = jv_get(doc, "smirnov"), *ex = jv_get(doc, "ks_exact");

	ck_assert_uint_ge(jv_size(ks), 100);
	for (size_t i = 0; i < jv_size(ks); i++) {
		double x = jv_number(jv_at(jv_at(ks, i), 0));
		uint64_t n = (uint64_t)jv_number(jv_at(jv_at(ks, i), 1));
		double want = jv_number(jv_at(jv_at(ks, i), 2)), got = ksdist_kstwo_sf(x, n);
		ck_assert_msg(close_to(got, want), "kstwo.sf(%.17g, %llu) = %.17g, scipy %.17g",
			      x, (unsigned long long)n, got, want);
	}
	ck_assert_uint_ge(jv_size(sm), 10);
	for (size_t i = 0; i < jv_size(sm); i++) {
		uint64_t n = (uint64_t)jv_number(jv_at(jv_at(sm, i), 0));
		double x = jv_number(jv_at(jv_at(sm, i), 1));
		double want = jv_number(jv_at(jv_at(sm, i), 2)), got = ksdist_smirnov(n, x);
		ck_assert_msg(close_to(got, want), "smirnov(%llu, %g) = %.17g, scipy %.17g",
			      (unsigned long long)n, x, got, want);
	}
	ck_assert_uint_ge(jv_size(ex), 40);
	for (size_t i = 0; i < jv_size(ex); i++) {
		const struct jval *e = jv_at(ex, i);
		uint64_t n = (uint64_t)jv_number(jv_at(e, 0)), m = (uint64_t)jv_number(jv_at(e, 1));
		uint64_t h = (uint64_t)jv_number(jv_at(e, 2));
		double want = jv_number(jv_at(e, 3)), got;
		int ok;

		got = ksdist_2samp_exact(n, m, h, &ok);
		if (want >= 0 && want <= 1) {
			ck_assert_msg(ok && close_to(got, want),
				      "exact(%llu, %llu, h %llu) = %.17g, scipy %.17g",
				      (unsigned long long)n, (unsigned long long)m,
				      (unsigned long long)h, got, want);
		} else {
			/* scipy gives up on this one: so must mlgate */
			ck_assert_msg(!ok, "exact(%llu, %llu, h %llu) did not give up",
				      (unsigned long long)n, (unsigned long long)m,
				      (unsigned long long)h);
		}
	}
	ck_assert_uint_ge(jv_size(c2), 10);
	for (size_t i = 0; i < jv_size(c2); i++) {
		double x = jv_number(jv_at(jv_at(c2, i), 0));
		double d = jv_number(jv_at(jv_at(c2, i), 1));
		double want = jv_number(jv_at(jv_at(c2, i), 2));
		ck_assert_msg(close_to(drift_chi2_sf(x, d), want),
			      "chi2.sf(%g, %g) = %.17g, scipy %.17g", x, d,
			      drift_chi2_sf(x, d), want);
	}
	jv_free(doc);
}
END_TEST

START_TEST(test_method_hint)
{
	char hb[MG_HINT_SIZE];

	ck_assert_str_eq(drift_method_hint(hb, sizeof(hb), "kss"),
			 " (did you mean 'ks'?)");
	ck_assert_str_eq(drift_method_hint(hb, sizeof(hb), "qqqqqqqq"),
			 " (psi, ks, wasserstein, wasserstein_norm, jensenshannon, chi2)");
}
END_TEST

Suite *suite_drift(void)
{
	Suite *s = suite_create("drift");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_quantile_lerp);
	tcase_add_test(tc, test_edges_and_bins);
	tcase_add_test(tc, test_psi_by_hand);
	tcase_add_test(tc, test_js_by_hand);
	tcase_add_test(tc, test_chi2_by_hand);
	tcase_add_test(tc, test_ks_by_hand);
	tcase_add_loop_test(tc, test_ks_w_runs_brute, 0, 2);
	tcase_add_test(tc, test_wasserstein_by_hand);
	tcase_add_test(tc, test_compute_column);
	tcase_add_test(tc, test_against_scipy);
	tcase_add_test(tc, test_special_functions_against_scipy);
	tcase_add_test(tc, test_method_hint);
	/* the scipy comparison reads 600 kB of CSV: room for sanitizers on a
	 * busy machine */
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
