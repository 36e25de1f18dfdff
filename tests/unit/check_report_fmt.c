/* report_fmt's numbers for people: rep_people never shows two numbers
 * equal or the wrong way round, and rep_people_message puts its forms
 * into the messages the gate code writes.  The expected strings are
 * worked out by hand from printf's %g (round to N significant digits,
 * trailing zeros dropped, an exponent below 1e-4). */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/gate.h"
#include "report/report_fmt.h"
#include "suites.h"

/* rep_people on two numbers; the digits it used in *digits. */
static void two(double a, double b, const char *want_a, const char *want_b, int want_digits)
{
	double v[2] = {a, b};
	char out[2][REP_NUM_MAX];
	int d = rep_people(v, 2, 4, out);

	ck_assert_str_eq(out[0], want_a);
	ck_assert_str_eq(out[1], want_b);
	ck_assert_int_eq(d, want_digits);
}

START_TEST(test_people_four_digits)
{
	/* far apart: 4 significant digits */
	two(0.024800548585513463, 0.2, "0.0248", "0.2", 4);
	two(0.8733123, 0.85, "0.8733", "0.85", 4);
	two(4.9878357480541885e-08, 0.01, "4.988e-08", "0.01", 4);
	two(57.91234, 50, "57.91", "50", 4);
}
END_TEST

START_TEST(test_people_never_flips)
{
	/* the case: 0.9190559 passed ">= 0.919056" -- the threshold
	 * was 0.91905589; 4 to 7 digits show them equal, 8 tell them apart */
	two(0.9190559, 0.91905589, "0.9190559", "0.91905589", 8);
	/* the other way round keeps the other order */
	two(0.91905589, 0.9190559, "0.91905589", "0.9190559", 8);
	/* 4 digits would round both to 0.2 */
	two(0.2000001, 0.2, "0.2000001", "0.2", 7);
	/* 0.1 + 0.2 is not 0.3: only 17 digits tell */
	two(0.1 + 0.2, 0.3, "0.30000000000000004", "0.29999999999999999", 17);
	/* %.4g shows a latency of 50.004 ms as 50 */
	two(50.004, 50, "50.004", "50", 5);
}
END_TEST

START_TEST(test_people_equal)
{
	two(18, 18, "18", "18", 4);
	two(0.85, 0.85, "0.85", "0.85", 4);
	two(0.123456789, 0.123456789, "0.1235", "0.1235", 4);
	two(0, 0, "0", "0", 4);
}
END_TEST

START_TEST(test_people_negative)
{
	two(-0.50001, -0.5, "-0.50001", "-0.5", 5);
	two(-0.5, -0.50001, "-0.5", "-0.50001", 5);
	two(-1234.5678, 2, "-1235", "2", 4);
	two(-3e-9, 3e-9, "-3e-09", "3e-09", 4);
}
END_TEST

START_TEST(test_people_exponents)
{
	two(6.02214076e23, 6.0221e23, "6.02214e+23", "6.0221e+23", 6);
	two(1.00004e-300, 1e-300, "1.00004e-300", "1e-300", 6);
	two(1e300, 1e-300, "1e+300", "1e-300", 4);
	two(0.00012345, 0.0001234, "0.00012345", "0.0001234", 5);
	two(0, 1e-20, "0", "1e-20", 4);
}
END_TEST

START_TEST(test_people_integers)
{
	/* an integer part keeps all its digits: no 1.235e+05 for 123456 */
	two(400, 300, "400", "300", 4);
	two(123456, 100000, "123456", "100000", 4);
	two(123456.7, 123457, "123456.7", "123457", 7);
	/* %.4g and %.5g would round 99999.5 to 1e+05 */
	two(99999.5, 100000, "99999.5", "100000", 4);
	two(1234567.25, 0, "1234567", "0", 4);
}
END_TEST

START_TEST(test_people_not_finite)
{
	two(NAN, 0.5, "nan", "0.5", 4);
	two(0.123456, NAN, "0.1235", "nan", 4);
	two(INFINITY, -INFINITY, "inf", "-inf", 4);
	two(INFINITY, 1e308, "inf", "1e+308", 4);
}
END_TEST

START_TEST(test_people_three)
{
	/* value, threshold and baseline of a baseline gate, pairwise */
	double v[3] = {0.87331, 0.8622, 0.87329};
	char out[3][REP_NUM_MAX];

	ck_assert_int_eq(rep_people(v, 3, 4, out), 5);
	ck_assert_str_eq(out[0], "0.87331");
	ck_assert_str_eq(out[1], "0.8622");
	ck_assert_str_eq(out[2], "0.87329");
	ck_assert_int_eq(rep_people(v, 1, 4, out), 4);
	ck_assert_str_eq(out[0], "0.8733");
}
END_TEST

static struct gate_list gl;

static void setup(void)
{
	gates_init(&gl);
}

static void teardown(void)
{
	gates_release(&gl);
}

static char *people(const struct gate_result *g)
{
	struct sbuf sb = SBUF_INIT;

	rep_people_message(&sb, g);
	return sbuf_detach(&sb);
}

#define CHECK_PEOPLE(g, want)                    \
	do {                                     \
		char *got_ = people(g);          \
		ck_assert_str_eq(got_, want);    \
		free(got_);                      \
	} while (0)

/* Messages as the gate code writes them (gate_judge_bound and
 * gate_judge_describe, with the value as mg_fmt_double or %.4g). */
START_TEST(test_message_judged)
{
	struct bound max = {OP_LE, 0.2, 1, 1, NULL, OP_NONE, 0, 0, 0, NULL};
	struct bound min = {OP_GE, 300, 1, 1, NULL, OP_NONE, 0, 0, 0, NULL};
	struct gate_result *g;

	g = gates_add(&gl, "data.d.age.drift.psi", "drift");
	gate_judge_bound(g, &max, 0.024800548585513463, "psi of 'age'");
	ck_assert_str_eq(g->message, "psi of 'age' = 0.024800548585513463 <= max 0.2");
	CHECK_PEOPLE(g, "psi of 'age' = 0.0248 <= max 0.2");
	/* the tail's numbers are left alone, even one equal to the value */
	g = gates_add(&gl, "data.d.row_count.min", "row_count");
	gate_judge_describe(g, &min, 400, "row count = 400", "", " (n 600 vs 400)");
	CHECK_PEOPLE(g, "row count = 400 >= min 300 (n 600 vs 400)");
	/* a latency as latency_gates writes it: %.4g hides the 0.004 */
	max.value = 50;
	g = gates_add(&gl, "latency.slow.p95_ms", "latency");
	gate_judge_describe(g, &max, 50.004, "slow: p95_ms = 50 ms", " ms", " (3 runs)");
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_str_eq(g->message, "slow: p95_ms = 50 ms > max 50 ms (3 runs)");
	CHECK_PEOPLE(g, "slow: p95_ms = 50.004 ms > max 50 ms (3 runs)");
	/* digits inside a word ("p95") are not numbers */
	min.value = 95;
	g = gates_add(&gl, "model.p95.min", "metric");
	gate_judge_describe(g, &min, 95.00001, "p95 = 95", "", "");
	CHECK_PEOPLE(g, "p95 = 95.00001 >= min 95");
}
END_TEST

START_TEST(test_message_warn_level)
{
	/* passes the failing max 0.3, misses the warn level 0.2 by 1e-7 */
	struct bound b = {OP_LE, 0.3, 1, 1, NULL, OP_LE, 0.2, 2, 1, NULL};
	struct gate_result *g = gates_add(&gl, "model.log_loss.max", "metric");

	gate_judge_bound(g, &b, 0.2000001, "log_loss");
	ck_assert_int_eq(g->status, GS_WARN);
	ck_assert_str_eq(g->message, "log_loss = 0.2000001 > warn max 0.2");
	CHECK_PEOPLE(g, "log_loss = 0.2000001 > warn max 0.2");
	g = gates_add(&gl, "model.loss.max", "metric");
	gate_judge_bound(g, &b, 0.2123456789, "loss");
	CHECK_PEOPLE(g, "loss = 0.2123 > warn max 0.2");
}
END_TEST

/* The baseline gate's message (modelgates.c): the value and baseline as
 * mg_fmt_double, the difference %+.6g, the threshold %.6g. */
static struct gate_result *baseline_gate(double value, double base, double t)
{
	struct gate_result *g = gates_add(&gl, "model.f1.baseline.max_drop", "baseline");
	char vb[40], bb[40];

	g->value = value;
	g->baseline = base;
	g->threshold = t;
	g->op = OP_GE;
	gate_judge(g, value);
	mg_fmt_double(vb, sizeof(vb), value);
	mg_fmt_double(bb, sizeof(bb), base);
	gate_message(g, "f1 = %s vs baseline %s (%+.6g); must be >= %.6g", vb, bb,
		     value - base, t);
	return g;
}

START_TEST(test_message_baseline)
{
	struct gate_result *g;

	/* the case: it passed, and read like a failure */
	g = baseline_gate(0.9190559, 0.93, 0.91905589);
	ck_assert_int_eq(g->status, GS_PASS);
	ck_assert_str_eq(g->message,
			 "f1 = 0.9190559 vs baseline 0.93 (-0.0109441); must be >= 0.919056");
	CHECK_PEOPLE(g, "f1 = 0.9190559 vs baseline 0.93 (-0.01094); must be >= 0.91905589");
	g = baseline_gate(0.873312345, 0.8722, 0.8622);
	CHECK_PEOPLE(g, "f1 = 0.8733 vs baseline 0.8722 (+0.001112); must be >= 0.8622");
	/* all three equal: each printed alike, the difference "+0" */
	g = baseline_gate(0.8, 0.8, 0.8);
	CHECK_PEOPLE(g, "f1 = 0.8 vs baseline 0.8 (+0); must be >= 0.8");
	g = baseline_gate(-0.25000001, -0.25, -0.3);
	CHECK_PEOPLE(g, "f1 = -0.25000001 vs baseline -0.25 (-1e-08); must be >= -0.3");
}
END_TEST

START_TEST(test_message_unchanged)
{
	struct gate_result *g;

	/* no value */
	g = gates_add(&gl, "model.f1.min", "metric");
	gate_error(g, "metric 'f1' is absent from m.json (0.123456789 nearby)");
	CHECK_PEOPLE(g, "metric 'f1' is absent from m.json (0.123456789 nearby)");
	/* a value the message does not show */
	g = gates_add(&gl, "artifact.x.max", "artifact");
	g->value = 12.3456789;
	g->threshold = 10;
	g->op = OP_LE;
	gate_message(g, "x = 12345678 bytes > max 10.0 MB");
	CHECK_PEOPLE(g, "x = 12345678 bytes > max 10.0 MB");
	/* versions and words are not numbers */
	g->value = 1.2;
	gate_message(g, "v1.2.3 is 1.2x, 1.2.3");
	CHECK_PEOPLE(g, "v1.2.3 is 1.2x, 1.2.3");
}
END_TEST

Suite *suite_report_fmt(void)
{
	Suite *s = suite_create("report_fmt");
	TCase *tc = tcase_create("people");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_people_four_digits);
	tcase_add_test(tc, test_people_never_flips);
	tcase_add_test(tc, test_people_equal);
	tcase_add_test(tc, test_people_negative);
	tcase_add_test(tc, test_people_exponents);
	tcase_add_test(tc, test_people_integers);
	tcase_add_test(tc, test_people_not_finite);
	tcase_add_test(tc, test_people_three);
	tcase_add_test(tc, test_message_judged);
	tcase_add_test(tc, test_message_warn_level);
	tcase_add_test(tc, test_message_baseline);
	tcase_add_test(tc, test_message_unchanged);
	suite_add_tcase(s, tc);
	return s;
}
