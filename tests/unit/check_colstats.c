#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "data/colstats.h"
#include "data/drift.h"
#include "data/qsketch.h"
#include "suites.h"
#include "common/util.h"

static struct csv_nulls NL;

static void add_all(struct colstats *c, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		colstats_add(c, &NL, cells[i], strlen(cells[i]));
}

#define ADD(c, ...)                                                        \
	do {                                                               \
		static const char *const cells_[] = {__VA_ARGS__};         \
		add_all(c, cells_, sizeof(cells_) / sizeof(cells_[0]));    \
	} while (0)

static int close_rel(double got, double want, double rel)
{
	if (got == want)
		return 1;
	return fabs(got - want) <= rel * fabs(want);
}

START_TEST(test_numbers_by_hand)
{
	struct colstats c;
	int approx;
	size_t n;
	const double *v;

	csv_nulls_init(&NL, NULL);
	colstats_init(&c, "x", 1, 0);
	ADD(&c, "4", "NA", "2", " ", "8", "6", "2");
	ck_assert_int_eq(c.type, COL_NUMBER);
	ck_assert_uint_eq(c.count, 5);
	ck_assert_uint_eq(c.nulls, 2);
	/* with values kept, the moments are ready before colstats_finish too */
	ck_assert(close_rel(colstats_mean(&c), 4.4, 1e-15));
	colstats_finish(&c, 0);
	ck_assert(c.min == 2 && c.max == 8);
	/* mean 22/5 = 4.4; deviations -0.4,-2.4,3.6,1.6,-2.4: squares sum 27.2;
	 * var (ddof 1) 6.8 */
	ck_assert(close_rel(colstats_mean(&c), 4.4, 1e-15));
	ck_assert(close_rel(colstats_std(&c), sqrt(6.8), 1e-15));
	ck_assert(close_rel(colstats_var_pop(&c), 27.2 / 5, 1e-15));
	ck_assert_int_eq(colstats_distinct(&c, &approx), 4);
	ck_assert_int_eq(approx, 0);
	v = colstats_sorted_values(&c, &n);
	ck_assert_uint_eq(n, 5);
	ck_assert(v[0] == 2 && v[1] == 2 && v[2] == 4 && v[3] == 6 && v[4] == 8);
	colstats_release(&c);
}
END_TEST

START_TEST(test_quantile_type7)
{
	/* numpy.quantile([1, 2, 3, 4], q): h = 3q */
	static const double x[] = {1, 2, 3, 4};
	ck_assert(num_quantile7(x, 4, 0) == 1);
	ck_assert(num_quantile7(x, 4, 1) == 4);
	ck_assert(num_quantile7(x, 4, 0.5) == 2.5);
	ck_assert(num_quantile7(x, 4, 0.25) == 1.75);
	ck_assert(num_quantile7(x, 4, 0.75) == 3.25);
	ck_assert(isnan(num_quantile7(x, 0, 0.5)));
	{
		/* ties: a == b gives exactly the tied value, never one ulp off
		 * (lo*(1-t) + hi*t would give 56.81999999999999 here) */
		static const double t[] = {1, 56.82, 56.82, 56.82, 100};
		ck_assert(num_quantile7(t, 5, 0.3) == 56.82);
		ck_assert(num_quantile7(t, 5, 0.7) == 56.82);
	}
	{
		/* t >= 0.5 goes through b - (b-a)(1-t) (numpy's _lerp):
		 * h = 0.9 * 1 = 0.9 between 0.1 and 0.7 */
		static const double y[] = {0.1, 0.7};
		double want = 0.7 - (0.7 - 0.1) * (1 - 0.9);
		ck_assert(num_quantile7(y, 2, 0.9) == want);
		want = 0.1 + (0.7 - 0.1) * 0.1;
		ck_assert(num_quantile7(y, 2, 0.1) == want);
	}
	{
		static const double one[] = {7};
		ck_assert(num_quantile7(one, 1, 0.3) == 7);
	}
}
END_TEST

START_TEST(test_edges_and_bins)
{
	/* 1..10 and many ties: deciles of {1,1,1,1,1,1,2,3,4,5} */
	static const double s[] = {1, 1, 1, 1, 1, 1, 2, 3, 4, 5};
	double e[9];
	uint64_t counts[10];
	size_t ne = num_edges(s, 10, 10, e);
	/* h = 0.9i: q.1..q.5 fall within the ones (h <= 4.5 < 5) -> 1;
	 * q.6: h=5.4 -> 1 + 0.4 = 1.4; q.7: h=6.3 -> 2.3; q.8: 7.2 -> 3.2;
	 * q.9: 8.1 -> 4.1 */
	ck_assert_uint_eq(ne, 5);
	ck_assert(e[0] == 1);
	ck_assert(close_rel(e[1], 1.4, 1e-15));
	ck_assert(close_rel(e[2], 2.3, 1e-15));
	ck_assert(close_rel(e[3], 3.2, 1e-15));
	ck_assert(close_rel(e[4], 4.1, 1e-15));
	/* bin = number of edges strictly below x: the ones sit in bin 0 */
	ck_assert_uint_eq(num_bin(e, ne, 1), 0);
	ck_assert_uint_eq(num_bin(e, ne, 0), 0);
	ck_assert_uint_eq(num_bin(e, ne, 1.0000001), 1);
	ck_assert_uint_eq(num_bin(e, ne, 2), 2);
	ck_assert_uint_eq(num_bin(e, ne, 5), 5);
	colstats_bin_counts_sorted(s, 10, e, ne, counts);
	ck_assert_uint_eq(counts[0], 6);
	ck_assert_uint_eq(counts[1], 0);
	ck_assert_uint_eq(counts[2], 1);
	ck_assert_uint_eq(counts[3], 1);
	ck_assert_uint_eq(counts[4], 1);
	ck_assert_uint_eq(counts[5], 1);
}
END_TEST

START_TEST(test_type_flip_and_strings)
{
	struct colstats c;
	int approx;
	size_t idx[10], k;
	const char *s;
	size_t n;
	uint64_t cnt;

	csv_nulls_init(&NL, NULL);
	colstats_init(&c, "x", 1, 1); /* track_text: exact after the flip */
	ADD(&c, "1", "1.0", "0x10", "1", "", "b", "b", "b");
	ck_assert_int_eq(c.type, COL_STRING);
	ck_assert_uint_eq(c.count, 7);
	ck_assert_uint_eq(c.nulls, 1);
	ck_assert(c.text_complete);
	ck_assert_int_eq(colstats_distinct(&c, &approx), 4); /* 1, 1.0, 0x10, b */
	k = colstats_top(&c, idx, 10);
	ck_assert_uint_eq(k, 4);
	colstats_category(&c, idx[0], &s, &n, &cnt);
	ck_assert(n == 1 && s[0] == 'b' && cnt == 3);
	colstats_category(&c, idx[1], &s, &n, &cnt);
	ck_assert(n == 1 && s[0] == '1' && cnt == 2);
	colstats_category(&c, idx[2], &s, &n, &cnt); /* ties by byte order */
	ck_assert(n == 4 && memcmp(s, "0x10", 4) == 0 && cnt == 1);
	ck_assert_uint_eq(colstats_category_count(&c, "1.0", 3), 1);
	ck_assert_uint_eq(colstats_category_count(&c, "zz", 2), 0);
	colstats_release(&c);

	/* without track_text the column says its text is incomplete */
	colstats_init(&c, "x", 1, 0);
	ADD(&c, "1", "x");
	ck_assert_int_eq(c.type, COL_STRING);
	ck_assert(!c.text_complete);
	ck_assert_int_eq(colstats_distinct(&c, &approx), -1);
	colstats_release(&c);
	/* but a column that is string from its first value is complete */
	colstats_init(&c, "x", 1, 0);
	ADD(&c, "x", "1");
	ck_assert(c.text_complete);
	colstats_release(&c);
}
END_TEST

START_TEST(test_distinct_cap)
{
	struct colstats c;
	char buf[32];
	int approx;
	int64_t d;

	csv_nulls_init(&NL, NULL);
	colstats_init(&c, "id", 0, 0);
	for (int i = 0; i < 50000; i++) {
		int len = snprintf(buf, sizeof(buf), "C%09d", i);
		colstats_add(&c, &NL, buf, (size_t)len);
	}
	ck_assert(c.cats_truncated);
	ck_assert_uint_eq(colstats_ncategories(&c), COLSTATS_DISTINCT_CAP);
	d = colstats_distinct(&c, &approx);
	ck_assert_int_eq(approx, 1);
	/* HyperLogLog with 2^14 registers: standard error ~0.8%; allow 4% */
	ck_assert_msg(d > 48000 && d < 52000, "estimate %lld", (long long)d);
	colstats_release(&c);
}
END_TEST

/* merge(half1, half2) == whole, for numbers and strings */
START_TEST(test_merge_halves)
{
	struct colstats whole, a, b;
	char buf[64];
	unsigned long long seed = 7;
	int approx_w, approx_a;
	size_t nw, na;
	const double *vw, *va;

	csv_nulls_init(&NL, NULL);
	colstats_init(&whole, "x", 1, 0);
	colstats_init(&a, "x", 1, 0);
	colstats_init(&b, "x", 1, 0);
	for (int i = 0; i < 20001; i++) {
		int len;
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		if (seed % 17 == 0)
			len = snprintf(buf, sizeof(buf), "NA");
		else
			len = snprintf(buf, sizeof(buf), "%.2f",
				       (double)(seed >> 40) / 1000.0 - 5000);
		colstats_add(&whole, &NL, buf, (size_t)len);
		colstats_add(i < 7000 ? &a : &b, &NL, buf, (size_t)len);
	}
	colstats_merge(&a, &b);
	colstats_finish(&a, 0);
	colstats_finish(&whole, 0);
	ck_assert_uint_eq(a.count, whole.count);
	ck_assert_uint_eq(a.nulls, whole.nulls);
	ck_assert(a.min == whole.min && a.max == whole.max);
	ck_assert(close_rel(colstats_mean(&a), colstats_mean(&whole), 1e-12));
	ck_assert(close_rel(colstats_std(&a), colstats_std(&whole), 1e-12));
	ck_assert_int_eq(colstats_distinct(&a, &approx_a),
			 colstats_distinct(&whole, &approx_w));
	va = colstats_sorted_values(&a, &na);
	vw = colstats_sorted_values(&whole, &nw);
	ck_assert_uint_eq(na, nw);
	ck_assert(memcmp(va, vw, na * sizeof(double)) == 0);
	colstats_hist(&a, 10);
	colstats_hist(&whole, 10);
	ck_assert_uint_eq(a.hist_nedges, whole.hist_nedges);
	for (size_t i = 0; i <= a.hist_nedges; i++)
		ck_assert_uint_eq(a.hist_counts[i], whole.hist_counts[i]);
	colstats_release(&whole);
	colstats_release(&a);
	colstats_release(&b);

	/* streaming moments (no values): Welford per part, Chan to combine */
	colstats_init(&whole, "x", 0, 0);
	colstats_init(&a, "x", 0, 0);
	colstats_init(&b, "x", 0, 0);
	for (int i = 0; i < 1001; i++) {
		int len = snprintf(buf, sizeof(buf), "%d.5", (i * 7919) % 1000);
		colstats_add(&whole, &NL, buf, (size_t)len);
		colstats_add(i < 400 ? &a : &b, &NL, buf, (size_t)len);
	}
	colstats_merge(&a, &b);
	ck_assert(a.min == 0.5 && a.max == 999.5);
	ck_assert(a.min == whole.min && a.max == whole.max);
	/* 1001 values: (i*7919) mod 1000 for i < 1001 covers 0..999 once
	 * plus 0 again (i = 1000): mean = (499500 + 0)/1001 + 0.5 */
	ck_assert(close_rel(colstats_mean(&a), 499500.0 / 1001 + 0.5, 1e-13));
	ck_assert(close_rel(colstats_mean(&a), colstats_mean(&whole), 1e-13));
	ck_assert(close_rel(colstats_std(&a), colstats_std(&whole), 1e-12));
	ck_assert_int_eq(colstats_distinct(&a, &approx_a), -1); /* unknown without values */
	colstats_release(&whole);
	colstats_release(&a);
	colstats_release(&b);

	/* strings, one side past the cap */
	colstats_init(&whole, "s", 0, 0);
	colstats_init(&a, "s", 0, 0);
	colstats_init(&b, "s", 0, 0);
	for (int i = 0; i < 30000; i++) {
		int len = snprintf(buf, sizeof(buf), "v%d", i < 20000 ? i : i % 50);
		colstats_add(&whole, &NL, buf, (size_t)len);
		colstats_add(i < 20000 ? &a : &b, &NL, buf, (size_t)len);
	}
	colstats_merge(&a, &b);
	ck_assert_uint_eq(a.count, whole.count);
	ck_assert(a.cats_truncated && whole.cats_truncated);
	ck_assert_int_eq(colstats_distinct(&a, &approx_a),
			 colstats_distinct(&whole, &approx_w));
	ck_assert(approx_a && approx_w);
	/* v0..v49 were seen first, so their counts are exact on both */
	ck_assert_uint_eq(colstats_category_count(&a, "v7", 2), 201);
	ck_assert_uint_eq(colstats_category_count(&whole, "v7", 2), 201);
	colstats_release(&whole);
	colstats_release(&a);
	colstats_release(&b);

	/* number + string = string; text incomplete unless tracked */
	colstats_init(&a, "m", 1, 0);
	colstats_init(&b, "m", 1, 0);
	ADD(&a, "1", "2");
	ADD(&b, "x");
	colstats_merge(&a, &b);
	ck_assert_int_eq(a.type, COL_STRING);
	ck_assert_uint_eq(a.count, 3);
	ck_assert(!a.text_complete);
	colstats_release(&a);
	colstats_release(&b);
}
END_TEST

static int cmp_dbl(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

START_TEST(test_radix_sort)
{
	size_t n = 100000;
	double *v = xmalloc(n * sizeof(double)), *w = xmalloc(n * sizeof(double));
	unsigned long long seed = 3;
	for (size_t i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		v[i] = ((double)(seed >> 11) / 9007199254740992.0 - 0.5) *
		       pow(10, (double)((seed >> 3) % 40) - 20);
		if (i % 1000 == 0)
			v[i] = 0;
	}
	memcpy(w, v, n * sizeof(double));
	colstats_sort_doubles(v, n);
	for (size_t i = 1; i < n; i++)
		ck_assert(v[i - 1] <= v[i]);
	/* the same order as qsort's, value for value */
	qsort(w, n, sizeof(double), cmp_dbl);
	ck_assert(memcmp(v, w, n * sizeof(double)) == 0);
	/* integers in a small range take the counting path */
	for (size_t i = 0; i < n; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		v[i] = (double)((seed >> 20) % 5000) - 2500;
	}
	memcpy(w, v, n * sizeof(double));
	colstats_sort_doubles(v, n);
	qsort(w, n, sizeof(double), cmp_dbl);
	ck_assert(memcmp(v, w, n * sizeof(double)) == 0);
	ck_assert(v[0] < 0 && v[n - 1] > 0);
	/* decimals with two places (money) are counted at scale 100 and come
	 * back as the very same doubles */
	for (size_t i = 0; i < n; i++) {
		char buf[32];
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		snprintf(buf, sizeof(buf), "%.2f", (double)((seed >> 20) % 200000) / 100.0 - 700);
		v[i] = strtod(buf, NULL);
	}
	memcpy(w, v, n * sizeof(double));
	colstats_sort_doubles(v, n);
	qsort(w, n, sizeof(double), cmp_dbl);
	ck_assert(memcmp(v, w, n * sizeof(double)) == 0);
	/* one value with a third decimal place: scale 1000 */
	v[n / 2] = 0.001;
	memcpy(w, v, n * sizeof(double));
	colstats_sort_doubles(v, n);
	qsort(w, n, sizeof(double), cmp_dbl);
	ck_assert(memcmp(v, w, n * sizeof(double)) == 0);
	/* the in-place radix sort: 300 distinct values that no scale makes
	 * integers, each repeated (equal keys all the way down), both signs,
	 * at sizes around the first and the small-bucket cutoffs */
	for (size_t m = 1024; m <= n; m = m < 1100 ? m + 7 : m * 3) {
		for (size_t i = 0; i < m; i++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			v[i] = ((double)((seed >> 33) % 300) - 150) / 7.0;
		}
		memcpy(w, v, m * sizeof(double));
		colstats_sort_doubles(v, m);
		qsort(w, m, sizeof(double), cmp_dbl);
		ck_assert(memcmp(v, w, m * sizeof(double)) == 0);
	}
	free(v);
	free(w);
}
END_TEST

/* The shapes of two files that broke the profile: a constant column whose
 * summed mean fell below its min, and values near the top of the double
 * range whose sums overflowed.  Both ways of computing the moments (from
 * the values, and streamed without them) and the merge of parts. */
START_TEST(test_constant_and_huge)
{
	const double k = 0.008695652173913044; /* 1/115 */
	struct colstats c, a, b;

	for (int keep = 0; keep <= 1; keep++) {
		colstats_init(&c, "k", keep, 0);
		for (int i = 0; i < 115; i++)
			colstats_add_number(&c, k, NULL, 0);
		colstats_finish(&c, 0);
		ck_assert_msg(colstats_mean(&c) == k, "keep %d: mean %.17g", keep,
			      colstats_mean(&c));
		ck_assert(colstats_std(&c) == 0.0 && colstats_var_pop(&c) == 0.0);
		ck_assert(c.min == k && c.max == k);
		colstats_release(&c);

		/* mean (1e308 + 1.5e308 + 1.7e308)/3 = 1.4e308; deviations
		 * -0.4, 0.1, 0.3 (e308): std sqrt(0.26/2) e308 */
		colstats_init(&c, "h", keep, 0);
		colstats_add_number(&c, 1e308, NULL, 0);
		colstats_add_number(&c, 1.5e308, NULL, 0);
		colstats_add_number(&c, 1.7e308, NULL, 0);
		colstats_finish(&c, 10);
		ck_assert_msg(close_rel(colstats_mean(&c), 1.4e308, 1e-15), "keep %d: mean %g",
			      keep, colstats_mean(&c));
		ck_assert_msg(close_rel(colstats_std(&c), sqrt(0.13) * 1e308, 1e-15),
			      "keep %d: std %g", keep, colstats_std(&c));
		if (keep) {
			for (size_t i = 0; i < c.hist_nedges; i++)
				ck_assert(isfinite(c.hist_edges[i]));
		}
		colstats_release(&c);

		/* both ends: mean 0; the std (sqrt(2) 1.8e308) is beyond a double */
		colstats_init(&c, "m", keep, 0);
		colstats_add_number(&c, DBL_MAX, NULL, 0);
		colstats_add_number(&c, -DBL_MAX, NULL, 0);
		colstats_finish(&c, 0);
		ck_assert(colstats_mean(&c) == 0.0);
		ck_assert(isinf(colstats_std(&c)));
		colstats_release(&c);

		/* -1e300 and 1e300 in two parts: m2 = 2e600 is kept scaled;
		 * std = sqrt(2e600) = sqrt(2) e300 */
		colstats_init(&a, "s", keep, 0);
		colstats_init(&b, "s", keep, 0);
		colstats_add_number(&a, -1e300, NULL, 0);
		colstats_add_number(&a, -1e300, NULL, 0);
		colstats_add_number(&b, 1e300, NULL, 0);
		colstats_add_number(&b, 1e300, NULL, 0);
		colstats_merge(&a, &b);
		colstats_finish(&a, 0);
		ck_assert(colstats_mean(&a) == 0.0);
		/* four values, squares 4e600, ddof 1: sqrt(4e600/3) */
		ck_assert_msg(close_rel(colstats_std(&a), 2e300 / sqrt(3.0), 1e-15),
			      "keep %d: std %g", keep, colstats_std(&a));
		colstats_release(&a);
		colstats_release(&b);
	}
	/* a loaded profile's std past 1e154 (its square overflows) */
	colstats_init(&c, "l", 0, 0);
	c.nnum = c.count = 3;
	colstats_set_std(&c, 3e200);
	ck_assert(close_rel(colstats_std(&c), 3e200, 1e-15));
	colstats_release(&c);
	/* a quantile between the two ends of the range */
	{
		const double v[] = {-DBL_MAX, DBL_MAX};
		ck_assert(num_quantile7(v, 2, 0.5) == 0.0);
		ck_assert(close_rel(num_quantile7(v, 2, 0.25), -DBL_MAX / 2, 1e-15));
		ck_assert(close_rel(num_quantile7(v, 2, 0.75), DBL_MAX / 2, 1e-15));
	}
}
END_TEST

/* Two columns on two quotas of one budget of 640 values: blocks are
 * 640/64 = 10 values, so the budget is never passed and the refusal comes
 * with at most one block (10) of the other quota unused. */
START_TEST(test_values_budget)
{
	struct colstats_budget b;
	struct colstats_quota qa, qb;
	struct colstats a, c;
	size_t kept = 0;
	int refused = 0;

	colstats_budget_init(&b, 640);
	colstats_quota_init(&qa, &b);
	colstats_quota_init(&qb, &b);
	colstats_init(&a, "a", 1, 0);
	colstats_init(&c, "c", 1, 0);
	a.quota = &qa;
	c.quota = &qb;
	for (int i = 0; i < 1000 && !refused; i++) {
		refused = colstats_add_number(i % 3 ? &a : &c, i, NULL, 0);
		kept += !refused;
	}
	ck_assert(refused);
	ck_assert(a.over_budget || c.over_budget);
	ck_assert(kept <= 640 && kept >= 630);
	ck_assert_uint_eq(a.nnum + c.nnum, kept); /* counted or in the array */
	ck_assert_uint_eq(a.count + c.count, kept); /* the refused value is not counted */
	/* numbers not kept (keep_values 0) are never refused */
	colstats_release(&c);
	colstats_init(&c, "s", 0, 0);
	c.quota = &qb;
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(colstats_add_number(&c, i, NULL, 0), 0);
	ck_assert_uint_eq(c.nnum, 1000);
	colstats_release(&a);
	colstats_release(&c);
	/* no quota: no bound */
	colstats_init(&a, "a", 1, 0);
	for (int i = 0; i < 5000; i++)
		ck_assert_int_eq(colstats_add(&a, &NL, "1.5", 3), 0);
	colstats_release(&a);
}
END_TEST

/* --- numbers counted per distinct value (runs) ------------------------------ */

/* n values of few distinct decimals (two places, -5 to 5, skewed, with 0
 * and heavy ties) from a fixed LCG, and `extra` unique values after them */
static double *runs_data(size_t n, size_t extra, unsigned seed)
{
	double *v = xmalloc((n + extra + 1) * sizeof(double));
	uint64_t x = seed;

	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		long k = (long)((x >> 33) % 1001) - 500;
		if ((x >> 20) % 3 == 0)
			k /= 50; /* ties near 0 */
		v[i] = (double)k / 100;
	}
	for (size_t i = 0; i < extra; i++)
		v[n + i] = 1000 + (double)i / 7;
	return v;
}

/* Add v[lo..hi) to c; one_by_one: the column leaves the counted form at
 * its first value (colstats_sorted_values writes it out). */
static void runs_fill(struct colstats *c, const double *v, size_t lo,
		      size_t hi, int one_by_one)
{
	for (size_t i = lo; i < hi; i++) {
		size_t k;
		ck_assert_int_eq(colstats_add_number(c, v[i], NULL, 0), 0);
		if (one_by_one && i == lo)
			colstats_sorted_values(c, &k);
	}
}

static int same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* a (counted) and b (one by one) hold the same values: every statistic
 * the profile and drift take from them is the same double */
static void runs_same(struct colstats *a, struct colstats *b)
{
	struct qsview r;
	size_t n;
	const double *v;
	int ax, bx;

	ck_assert_int_eq(colstats_runs(a, &r), 1);
	ck_assert_int_eq(colstats_runs(b, &r) , 0);
	ck_assert(same_double(a->min, b->min) && same_double(a->max, b->max));
	ck_assert(same_double(a->mean, b->mean));
	ck_assert(same_double(a->m2, b->m2) && a->m2_exp == b->m2_exp);
	ck_assert(same_double(colstats_std(a), colstats_std(b)));
	ck_assert_int_eq(colstats_distinct(a, &ax), colstats_distinct(b, &bx));
	ck_assert(a->has_hist && b->has_hist);
	ck_assert_uint_eq(a->hist_nedges, b->hist_nedges);
	for (size_t i = 0; i < a->hist_nedges; i++)
		ck_assert(same_double(a->hist_edges[i], b->hist_edges[i]));
	for (size_t i = 0; i <= a->hist_nedges; i++)
		ck_assert_uint_eq(a->hist_counts[i], b->hist_counts[i]);
	colstats_runs(a, &r);
	v = colstats_sorted_values(b, &n);
	ck_assert_uint_eq(r.total, n);
	for (int q = 0; q <= 20; q++)
		ck_assert(same_double(qsview_quantile7(&r, q / 20.0),
				      num_quantile7(v, n, q / 20.0)));
}

static void drift_same(struct colstats *r1, struct colstats *c1,
		       struct colstats *r2, struct colstats *c2)
{
	struct drift_result a, b;
	char why[256];

	ck_assert_int_eq(drift_colstats(r1, c1, 10, &a, why, sizeof(why)), 0);
	ck_assert_int_eq(drift_colstats(r2, c2, 10, &b, why, sizeof(why)), 0);
	ck_assert(a.ks > 0 && a.w > 0); /* the two samples differ */
	ck_assert(same_double(a.ks, b.ks) && same_double(a.ks_p, b.ks_p));
	ck_assert(same_double(a.w, b.w) && same_double(a.w_norm, b.w_norm));
	ck_assert(same_double(a.psi, b.psi) && same_double(a.js, b.js));
	ck_assert(same_double(a.chi2, b.chi2));
	ck_assert_uint_eq(a.nbins, b.nbins);
	for (size_t i = 0; i < a.nbins; i++)
		ck_assert(a.ref_counts[i] == b.ref_counts[i] &&
			  a.cur_counts[i] == b.cur_counts[i]);
	drift_result_release(&a);
	drift_result_release(&b);
}

START_TEST(test_runs_equal_values)
{
	enum { N = 20000 };
	double *v = runs_data(N, 0, 7), *u = runs_data(N / 2, 0, 11);
	struct colstats a, b, ca, cb;

	colstats_init(&a, "x", 1, 0);
	colstats_init(&b, "x", 1, 0);
	runs_fill(&a, v, 0, N, 0);
	runs_fill(&b, v, 0, N, 1);
	colstats_finish(&a, 10);
	colstats_finish(&b, 10);
	runs_same(&a, &b);
	/* drift: counted on both sides, on one side, on neither */
	for (size_t i = 0; i < N / 2; i++)
		u[i] += 0.25;
	colstats_init(&ca, "x", 1, 0);
	colstats_init(&cb, "x", 1, 0);
	runs_fill(&ca, u, 0, N / 2, 0);
	runs_fill(&cb, u, 0, N / 2, 1);
	colstats_finish(&ca, 0);
	colstats_finish(&cb, 0);
	drift_same(&a, &ca, &b, &cb);
	drift_same(&a, &cb, &b, &cb);
	drift_same(&b, &ca, &b, &cb);
	colstats_release(&a);
	colstats_release(&b);
	colstats_release(&ca);
	colstats_release(&cb);
	/* long runs (leaves of the pairwise sums inside one run, of lengths
	 * 128 and 127 and cut by run ends): four values of 3,001 to 12,004
	 * copies, the big one in the middle */
	{
		static const double vals[4] = {0.1, 1e6 + 0.3, 0.7, -2.2};
		enum { L = 30010 };
		double *x = xmalloc(L * sizeof(double));
		for (size_t i = 0; i < L; i++)
			x[i] = vals[i % 10 < 4 ? 0 : i % 10 < 7 ? 1 : i % 10 < 9 ? 2 : 3];
		colstats_init(&a, "x", 1, 0);
		colstats_init(&b, "x", 1, 0);
		runs_fill(&a, x, 0, L, 0);
		runs_fill(&b, x, 0, L, 1);
		free(x);
		colstats_finish(&a, 10);
		colstats_finish(&b, 10);
		runs_same(&a, &b);
		colstats_release(&a);
		colstats_release(&b);
	}
	free(v);
	free(u);
}
END_TEST

/* At most COLSTATS_RUNS_CAP distinct values stay counted; one more and
 * the column holds every value one by one. */
START_TEST(test_runs_cap)
{
	size_t n = 2 * COLSTATS_RUNS_CAP + 1, k;
	double *v = xmalloc(n * sizeof(double)), *s;
	const double *got;
	struct colstats c;
	struct qsview r;

	for (size_t i = 0; i < n - 1; i++)
		v[i] = (double)(i % COLSTATS_RUNS_CAP) * -0.5;
	v[n - 1] = 0.25; /* the cap's first value past it */
	colstats_init(&c, "x", 1, 0);
	runs_fill(&c, v, 0, n - 1, 0);
	ck_assert_int_eq(colstats_runs(&c, &r), 1);
	ck_assert_uint_eq(r.n, COLSTATS_RUNS_CAP);
	ck_assert_uint_eq(r.total, n - 1);
	ck_assert_int_eq(colstats_add(&c, &NL, "-0", 2), 0); /* -0 is 0: counted */
	ck_assert_int_eq(colstats_runs(&c, &r), 1);
	ck_assert_uint_eq(r.n, COLSTATS_RUNS_CAP);
	runs_fill(&c, v, n - 1, n, 0);
	ck_assert_int_eq(colstats_runs(&c, &r), 0);
	got = colstats_sorted_values(&c, &k);
	ck_assert_uint_eq(k, n + 1);
	s = xmalloc((n + 1) * sizeof(double));
	memcpy(s, v, n * sizeof(double));
	s[n] = 0;
	for (size_t i = 0; i <= n; i++)
		if (s[i] == 0)
			s[i] = 0.0; /* 0 * -0.5 is -0, kept as 0 */
	qsort(s, n + 1, sizeof(double), num_cmp_double);
	ck_assert(memcmp(got, s, (n + 1) * sizeof(double)) == 0);
	colstats_release(&c);
	free(s);
	free(v);
}
END_TEST

/* Values whose bits all hash to one stretch of the table (found here by
 * search with the table's multiplier, as an adversary could) make the
 * column spill at the probe bound instead of probing on: 100 distinct
 * values, far below the cap, end up one by one, with every value kept. */
START_TEST(test_runs_probe_bound)
{
	enum { K = 100, REPEAT = 3 };
	double v[K], s[K * REPEAT];
	const double *got;
	struct colstats c, o;
	struct qsview r;
	size_t k = 0, n;

	for (uint64_t x = 1; k < K; x++) {
		double d = (double)x;
		uint64_t u;
		memcpy(&u, &d, sizeof(u));
		if ((u * 0x9E3779B97F4A7C15ULL) >> 56 == 0) /* slot 0 of 256 */
			v[k++] = d;
	}
	for (int rep = 0; rep < REPEAT; rep++)
		memcpy(s + rep * K, v, sizeof(v));
	colstats_init(&c, "x", 1, 0);
	colstats_init(&o, "x", 1, 0);
	runs_fill(&c, s, 0, K * REPEAT, 0);
	runs_fill(&o, s, 0, K * REPEAT, 1);
	ck_assert_int_eq(colstats_runs(&c, &r), 0); /* spilled */
	colstats_finish(&c, 10);
	colstats_finish(&o, 10);
	ck_assert(same_double(c.mean, o.mean) && same_double(c.m2, o.m2));
	got = colstats_sorted_values(&c, &n);
	ck_assert_uint_eq(n, K * REPEAT);
	qsort(s, n, sizeof(double), num_cmp_double);
	ck_assert(memcmp(got, s, n * sizeof(double)) == 0);
	colstats_release(&c);
	colstats_release(&o);
	/* the same number of distinct values spread out stays counted */
	colstats_init(&c, "x", 1, 0);
	for (size_t i = 0; i < K * REPEAT; i++)
		colstats_add_number(&c, (double)(i % K), NULL, 0);
	ck_assert_int_eq(colstats_runs(&c, &r), 1);
	ck_assert_uint_eq(r.n, K);
	colstats_release(&c);
}
END_TEST

/* Merging halves in every pairing of forms gives the column read whole,
 * bit for bit, including a merge that passes the cap. */
START_TEST(test_runs_merge)
{
	enum { N = 9000, EXTRA = COLSTATS_RUNS_CAP };
	double *v = runs_data(N, EXTRA, 3);
	size_t cut = N / 3, all = N + EXTRA;
	struct colstats w;

	colstats_init(&w, "x", 1, 0);
	runs_fill(&w, v, 0, all, 1);
	colstats_finish(&w, 10);
	for (int form = 0; form < 4; form++) {
		struct colstats a, b;
		size_t na, nw;
		const double *va, *vw;

		colstats_init(&a, "x", 1, 0);
		colstats_init(&b, "x", 1, 0);
		/* form 0: both counted, the merge passes the cap; 1: counted
		 * into one by one; 2: one by one into counted; 3: counted
		 * halves under the cap, the rest added after */
		runs_fill(&a, v, 0, cut, form == 1);
		runs_fill(&b, v, cut, form == 3 ? N : all, form == 2);
		colstats_merge(&a, &b);
		if (form == 3) {
			struct qsview r;
			ck_assert_int_eq(colstats_runs(&a, &r), 1);
			ck_assert_uint_eq(r.total, N);
			runs_fill(&a, v, N, all, 0);
		}
		colstats_finish(&a, 10);
		ck_assert(same_double(a.mean, w.mean) && same_double(a.m2, w.m2));
		ck_assert(same_double(a.min, w.min) && same_double(a.max, w.max));
		va = colstats_sorted_values(&a, &na);
		vw = colstats_sorted_values(&w, &nw);
		ck_assert_uint_eq(na, nw);
		ck_assert(memcmp(va, vw, nw * sizeof(double)) == 0);
		ck_assert_uint_eq(a.hist_nedges, w.hist_nedges);
		for (size_t i = 0; i <= a.hist_nedges; i++)
			ck_assert_uint_eq(a.hist_counts[i], w.hist_counts[i]);
		colstats_release(&a);
		colstats_release(&b);
	}
	/* counted halves merged under the cap stay counted and equal the
	 * whole read one by one */
	{
		struct colstats a, b, o;
		colstats_init(&a, "x", 1, 0);
		colstats_init(&b, "x", 1, 0);
		colstats_init(&o, "x", 1, 0);
		runs_fill(&a, v, 0, cut, 0);
		runs_fill(&b, v, cut, N, 0);
		runs_fill(&o, v, 0, N, 1);
		colstats_merge(&a, &b);
		colstats_finish(&a, 10);
		colstats_finish(&o, 10);
		runs_same(&a, &o);
		colstats_release(&a);
		colstats_release(&b);
		colstats_release(&o);
	}
	colstats_release(&w);
	free(v);
}
END_TEST

START_TEST(test_parse_size)
{
	uint64_t v = 0;

	ck_assert_int_eq(num_parse_size("1000", &v), 0);
	ck_assert_uint_eq(v, 1000);
	ck_assert_int_eq(num_parse_size("64K", &v), 0);
	ck_assert_uint_eq(v, 65536);
	ck_assert_int_eq(num_parse_size("3G", &v), 0);
	ck_assert_uint_eq(v, (uint64_t)3 << 30);
	ck_assert_int_eq(num_parse_size("16777215T", &v), 0);
	ck_assert_uint_eq(v, (uint64_t)16777215 << 40);
	ck_assert_int_eq(num_parse_size("16777216T", &v), -1); /* 2^64 */
	ck_assert_int_eq(num_parse_size("18446744073709551615", &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(num_parse_size("18446744073709551616", &v), -1);
	ck_assert_int_eq(num_parse_size("0", &v), -1);
	ck_assert_int_eq(num_parse_size("", &v), -1);
	ck_assert_int_eq(num_parse_size("-5", &v), -1);
	ck_assert_int_eq(num_parse_size("5k", &v), -1);
	ck_assert_int_eq(num_parse_size("5KB", &v), -1);
	ck_assert_int_eq(num_parse_size(" 5", &v), -1);
	ck_assert_int_eq(num_parse_size("K", &v), -1);
}
END_TEST

Suite *suite_colstats(void)
{
	Suite *s = suite_create("colstats");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_numbers_by_hand);
	tcase_add_test(tc, test_quantile_type7);
	tcase_add_test(tc, test_edges_and_bins);
	tcase_add_test(tc, test_type_flip_and_strings);
	tcase_add_test(tc, test_distinct_cap);
	tcase_add_test(tc, test_merge_halves);
	tcase_add_test(tc, test_radix_sort);
	tcase_add_test(tc, test_constant_and_huge);
	tcase_add_test(tc, test_values_budget);
	tcase_add_test(tc, test_parse_size);
	tcase_add_test(tc, test_runs_equal_values);
	tcase_add_test(tc, test_runs_cap);
	tcase_add_test(tc, test_runs_merge);
	tcase_add_test(tc, test_runs_probe_bound);
	suite_add_tcase(s, tc);
	return s;
}
