/* report_bins: reading a drift gate's bins from its details, and capping
 * them for a chart.  Expected values worked out by hand in the comments. */
#include <check.h>
#include <math.h>
#include <string.h>

#include "report/report_bins.h"
#include "suites.h"

START_TEST(test_read_numeric_and_categories)
{
	struct rep_bins b;
	struct sbuf s = SBUF_INIT;

	ck_assert_int_eq(rep_bins_parse("{\"frozen_reference\":true,\"bins\":{\"edges\":[10,20.5],"
					"\"reference_counts\":[1,2,3],\"current_counts\":[0,0,4]}}", &b), 0);
	ck_assert_uint_eq(b.n, 3);
	ck_assert(b.nref == 6 && b.ncur == 4 && b.frozen && !b.cats);
	for (size_t i = 0; i < 3; i++) {
		rep_bin_name(&s, &b, i);
		sbuf_addc(&s, ';');
	}
	ck_assert_str_eq(sbuf_str(&s), "≤ 10;(10, 20.5];> 20.5;");
	sbuf_release(&s);
	rep_bins_release(&b);

	ck_assert_int_eq(rep_bins_parse("{\"bins\":{\"categories\":[\"a|b\",\"\"],"
					"\"reference_counts\":[1,0],\"current_counts\":[2,5]}}", &b), 0);
	ck_assert(b.n == 2 && b.cats && !b.edges && !b.frozen && b.ncur == 7);
	rep_bin_name(&s, &b, 0);
	ck_assert_str_eq(sbuf_str(&s), "a|b");
	sbuf_release(&s);
	rep_bins_release(&b);

	ck_assert_int_eq(rep_bins_parse("{\"bins\":{\"edges\":[],\"reference_counts\":[3],"
					"\"current_counts\":[1]}}", &b), 0);
	rep_bin_name(&s, &b, 0);
	ck_assert_str_eq(sbuf_str(&s), "all values");
	sbuf_release(&s);
	rep_bins_release(&b);
}
END_TEST

START_TEST(test_read_refuses_malformed)
{
	static const char *const bad[] = {
		NULL, "", "[]", "{}", "{\"bins\":[]}",
		"{\"bins\":{\"edges\":[1],\"reference_counts\":[1,2],\"current_counts\":[1]}}",
		"{\"bins\":{\"edges\":[1],\"reference_counts\":[1,-2],\"current_counts\":[1,1]}}",
		"{\"bins\":{\"edges\":[2,1],\"reference_counts\":[1,1,1],\"current_counts\":[1,1,1]}}",
		"{\"bins\":{\"edges\":[1,1],\"reference_counts\":[1,1,1],\"current_counts\":[1,1,1]}}",
		"{\"bins\":{\"edges\":[1,2],\"reference_counts\":[1,1],\"current_counts\":[1,1]}}",
		"{\"bins\":{\"reference_counts\":[1,1],\"current_counts\":[1,1]}}",
		"{\"bins\":{\"edges\":[1],\"categories\":[\"a\",\"b\"],\"reference_counts\":[1,1],\"current_counts\":[1,1]}}",
		"{\"bins\":{\"categories\":[\"a\",2],\"reference_counts\":[1,1],\"current_counts\":[1,1]}}",
		"{\"bins\":{\"categories\":[\"a\"],\"reference_counts\":[1,1],\"current_counts\":[1,1]}}",
		"{\"bins\":{\"edges\":[1],\"reference_counts\":[1,\"2\"],\"current_counts\":[1,1]}}",
		"{\"bins\":{\"edges\":[],\"reference_counts\":[],\"current_counts\":[]}}",
	};
	struct rep_bins b;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(rep_bins_parse(bad[i], &b) == -1, "accepted %s", bad[i] ? bad[i] : "NULL");
		rep_bins_release(&b);
	}
}
END_TEST

START_TEST(test_cap_numeric_merges_neighbours)
{
	struct rep_bins b, c;

	/* 7 bins, edges 1..6, capped at 3: runs of ceil(7/3) = 3 bins, so
	 * bins {0,1,2} {3,4,5} {6}: edges 3 and 6; counts 1+2+3, 4+5+6, 7 */
	ck_assert_int_eq(rep_bins_parse("{\"bins\":{\"edges\":[1,2,3,4,5,6],"
					"\"reference_counts\":[1,2,3,4,5,6,7],"
					"\"current_counts\":[7,0,0,0,0,0,1]}}", &b), 0);
	rep_bins_cap(&b, 3, &c);
	ck_assert_uint_eq(c.n, 3);
	ck_assert(c.edges[0] == 3 && c.edges[1] == 6);
	ck_assert(c.ref[0] == 6 && c.ref[1] == 15 && c.ref[2] == 7);
	ck_assert(c.cur[0] == 7 && c.cur[1] == 0 && c.cur[2] == 1);
	ck_assert(c.nref == 28 && c.ncur == 8);
	rep_bins_release(&c);
	/* few enough: a copy */
	rep_bins_cap(&b, 7, &c);
	ck_assert(c.n == 7 && c.edges[5] == 6 && c.ref[6] == 7);
	rep_bins_release(&c);
	rep_bins_release(&b);
}
END_TEST

START_TEST(test_cap_categories_keeps_the_largest)
{
	struct rep_bins b, c;

	/* shares (ref of 10, cur of 10): a .1/.1, b .4/0, c 0/.3, d .2/.2,
	 * e .3/.4; the larger of each: .1 .4 .3 .2 .4.  Capped at 3, the two
	 * largest are b and e (a tie, both kept), in their order; a + c + d
	 * sum to 3 (reference) and 6 (current) */
	ck_assert_int_eq(rep_bins_parse("{\"bins\":{\"categories\":[\"a\",\"b\",\"c\",\"d\",\"e\"],"
					"\"reference_counts\":[1,4,0,2,3],"
					"\"current_counts\":[1,0,3,2,4]}}", &b), 0);
	rep_bins_cap(&b, 3, &c);
	ck_assert_uint_eq(c.n, 3);
	ck_assert_str_eq(c.cats[0], "b");
	ck_assert_str_eq(c.cats[1], "e");
	ck_assert_str_eq(c.cats[2], "3 others");
	ck_assert(c.ref[0] == 4 && c.ref[1] == 3 && c.ref[2] == 3);
	ck_assert(c.cur[0] == 0 && c.cur[1] == 4 && c.cur[2] == 6);
	rep_bins_release(&c);
	rep_bins_release(&b);
}
END_TEST

START_TEST(test_nice_ceil)
{
	/* 1, 2, 2.5, 5 or 10 times a power of ten, to 1e-12 relative */
	static const double in[] = {0.0983, 0.75, 0.2, 0.21, 0.3, 0, 37};
	static const double want[] = {0.1, 1, 0.2, 0.25, 0.5, 1, 50};

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		ck_assert_msg(fabs(rep_nice_ceil(in[i]) - want[i]) <= 1e-12 * want[i],
			      "nice_ceil(%g) = %.17g", in[i], rep_nice_ceil(in[i]));
	ck_assert(rep_share(1, 0) == 0 && rep_share(1, 4) == 0.25);
}
END_TEST

Suite *suite_report_bins(void)
{
	Suite *s = suite_create("report_bins");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_read_numeric_and_categories);
	tcase_add_test(tc, test_read_refuses_malformed);
	tcase_add_test(tc, test_cap_numeric_merges_neighbours);
	tcase_add_test(tc, test_cap_categories_keeps_the_largest);
	tcase_add_test(tc, test_nice_ceil);
	suite_add_tcase(s, tc);
	return s;
}
