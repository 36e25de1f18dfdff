/* Unit tests of the policy helpers: thresholds (min/gt/max/lt with a warn
 * level), how gates judge them, and numbers that do not fit a double. */
#define _POSIX_C_SOURCE 200809L
#include "suites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pol.h"
#include "ext/yamltree.h"

struct fx {
	struct ynode *root;
	struct mg_diags d;
	struct pol_ctx c;
};

static void fx_open(struct fx *f, const char *yaml)
{
	struct mg_error e;

	memset(f, 0, sizeof(*f));
	f->root = yaml_parse(yaml, strlen(yaml), "p.yml", 2, &e);
	ck_assert_ptr_nonnull(f->root);
	mg_diags_init(&f->d);
	f->c.file = "p.yml";
	f->c.d = &f->d;
	f->c.root = f->root;
}

static void fx_close(struct fx *f)
{
	ynode_free(f->root);
	mg_diags_release(&f->d);
}

/* pol_get_bounds on the whole document; the first diagnostic in *msg. */
static int bounds(struct fx *f, const char *yaml, struct bound *lo,
		  struct bound *hi, char *msg, size_t size)
{
	int rc;

	fx_open(f, yaml);
	rc = pol_get_bounds(&f->c, f->root, &pol_bounds_range, "'x'", lo, hi);
	if (msg)
		snprintf(msg, size, "%d:%d: %s", f->d.n ? f->d.v[0].line : 0,
			 f->d.n ? f->d.v[0].col : 0, f->d.n ? f->d.v[0].msg : "");
	return rc;
}

/* The error a document gets, as "LINE:COL: MESSAGE". */
static void refused(const char *yaml, const char *want)
{
	struct fx f;
	struct bound lo, hi;
	char msg[1200];

	ck_assert_int_eq(bounds(&f, yaml, &lo, &hi, msg, sizeof(msg)), -1);
	ck_assert_uint_ge(f.d.n, 1);
	ck_assert_int_eq(f.d.v[0].code, MG_EXIT_USAGE);
	ck_assert_msg(strstr(msg, want), "got '%s', want '%s'", msg, want);
	fx_close(&f);
}

START_TEST(test_bounds_read)
{
	struct fx f;
	struct bound lo, hi;

	ck_assert_int_eq(bounds(&f, "gt: 0.85\nmax: 1\nwarn: {min: 0.9, lt: 0.99}\n",
				&lo, &hi, NULL, 0), 0);
	ck_assert_uint_eq(f.d.n, 0);
	ck_assert_int_eq(lo.op, OP_GT);
	ck_assert(lo.value == 0.85);
	ck_assert_str_eq(lo.key, "gt");
	ck_assert_int_eq(lo.line, 1);
	ck_assert_int_eq(lo.warn_op, OP_GE);
	ck_assert(lo.warn == 0.9);
	ck_assert_str_eq(lo.warn_key, "min");
	ck_assert_int_eq(lo.warn_line, 3);
	ck_assert_int_eq(hi.op, OP_LE);
	ck_assert(hi.value == 1);
	ck_assert_int_eq(hi.warn_op, OP_LT);
	ck_assert(hi.warn == 0.99);
	ck_assert_str_eq(bound_name(&lo), "gt");
	ck_assert_str_eq(bound_name(&hi), "max");
	fx_close(&f);

	/* a warn level alone: named and placed by its own key */
	ck_assert_int_eq(bounds(&f, "warn:\n  max: 0.5\n", &lo, &hi, NULL, 0), 0);
	ck_assert(!bound_is_set(&lo));
	ck_assert(bound_is_set(&hi));
	ck_assert_int_eq(hi.op, OP_NONE);
	ck_assert_str_eq(bound_name(&hi), "max");
	ck_assert(bound_value(&hi) == 0.5);
	ck_assert_int_eq(hi.line, 2);
	ck_assert_int_eq(hi.col, 8);
	fx_close(&f);

	/* nothing declared: both unset, no error */
	ck_assert_int_eq(bounds(&f, "other: 1\n", &lo, &hi, NULL, 0), 0);
	ck_assert(!bound_is_set(&lo) && !bound_is_set(&hi));
	fx_close(&f);

	/* equal bounds that leave one value: min 3, max 3 */
	ck_assert_int_eq(bounds(&f, "min: 3\nmax: 3\n", &lo, &hi, NULL, 0), 0);
	fx_close(&f);
	/* a warn level as tight as the failing one but strict warns at it */
	ck_assert_int_eq(bounds(&f, "min: 0.8\nwarn: {gt: 0.8}\n", &lo, &hi, NULL, 0), 0);
	fx_close(&f);
}
END_TEST

START_TEST(test_bounds_refused)
{
	refused("min: 0.8\ngt: 0.7\n", "2:5: 'x': 'min' and 'gt' bound the same side; choose one");
	refused("max: 1\nlt: 2\n", "2:5: 'x': 'max' and 'lt' bound the same side");
	refused("min: 0.9\nmax: 0.5\n", "1:6: 'x': min 0.9 and max 0.5 leave no value that passes");
	refused("gt: 3\nmax: 3\n", "1:5: 'x': gt 3 and max 3 leave no value");
	refused("min: 3\nlt: 3\n", "1:6: 'x': min 3 and lt 3 leave no value");
	refused("gt: 2\nlt: 1\n", "leave no value");
	refused("min: 0.85\nwarn: {min: 0.8}\n",
		"2:13: 'x': warn min 0.8 is not tighter than min 0.85, so it could never warn");
	refused("min: 0.85\nwarn: {min: 0.85}\n", "not tighter than min 0.85");
	refused("gt: 0.85\nwarn: {gt: 0.85}\n", "warn gt 0.85 is not tighter than gt 0.85");
	refused("gt: 0.85\nwarn: {min: 0.85}\n", "warn min 0.85 is not tighter than gt 0.85");
	refused("max: 10\nwarn: {max: 12}\n", "warn max 12 is not tighter than max 10");
	refused("lt: 10\nwarn: {lt: 10}\n", "warn lt 10 is not tighter than lt 10");
	refused("warn: {min: 1, gt: 2}\n", "'warn' of 'x': 'min' and 'gt' bound the same side");
	refused("warn: {min: 5, max: 1}\n", "'warn' of 'x': min 5 and max 1 leave no value");
	refused("warn: {}\n", "1:7: 'warn' of 'x' declares no level");
	refused("warn: 0.9\n", "'warn' of 'x' must be a mapping");
	refused("warn: {mni: 0.9}\n", "unknown key 'mni' in 'warn' of 'x' (did you mean 'min'?)");
	refused("warn: {severity: warn}\n", "unknown key 'severity' in 'warn' of 'x'");
	refused("gt: '0.8'\n", "'gt' must be a number, not the quoted string \"0.8\"");
	refused("lt: .nan\n", "'lt' must be a finite number");
}
END_TEST

static const struct pol_bounds ratio = {NULL, NULL, "max", "lt", 0, 1};

/* pol_get_range on `r` of a document: -1 and the message `want`. */
static void range_refused(const char *yaml, const char *want)
{
	struct fx f;
	struct bound lo, hi;

	fx_open(&f, yaml);
	ck_assert_int_eq(pol_get_range(&f.c, f.root, "r", &ratio, &lo, &hi), -1);
	ck_assert_uint_ge(f.d.n, 1);
	ck_assert_str_eq(f.d.v[0].msg, want);
	fx_close(&f);
}

START_TEST(test_bounds_domain)
{
	struct fx f;
	struct bound lo, hi;

	range_refused("r: {lt: 1.5}\n", "'r': 'lt' must be from 0 to 1, not 1.5");
	range_refused("r: {min: 0.5}\n", "unknown key 'min' in 'r'");
	range_refused("r: {warn: {max: -0.1}}\n",
		      "'warn' of 'r': 'max' must be from 0 to 1, not -0.1");
	range_refused("r: {}\n", "'r' needs 'max' or 'lt'");
	range_refused("r: 0.5\n", "'r' must be a mapping, not a number");
	fx_open(&f, "r: {lt: 0.5, warn: {max: 0.25}}\n");
	ck_assert_int_eq(pol_get_range(&f.c, f.root, "r", &ratio, &lo, &hi), 0);
	ck_assert(!bound_is_set(&lo));
	ck_assert_int_eq(hi.op, OP_LT);
	ck_assert_int_eq(hi.warn_op, OP_LE);
	fx_close(&f);
	fx_open(&f, "r: {gt: 1}\n");
	ck_assert_int_eq(pol_get_range(&f.c, f.root, "r", NULL, &lo, &hi), 0);
	ck_assert_int_eq(lo.op, OP_GT);
	fx_close(&f);
}
END_TEST

/* #13: a threshold whose text is not zero must not read as 0 (or as a
 * subnormal that lost its digits); zero itself and small normal numbers
 * are fine. */
START_TEST(test_number_underflow)
{
	static const char *const bad[] = {"1e-400", "-1e-320", "4e-324",
					  "0.000001e-310", "2.2e-310"};
	static const char *const good[] = {"0", "0.0", "-0", "0e-999", "1e-300",
					   "2.2250738585072014e-308"};
	char doc[64];

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct fx f;
		double v;
		int present;

		snprintf(doc, sizeof(doc), "min: %s\n", bad[i]);
		fx_open(&f, doc);
		ck_assert_int_eq(pol_get_number(&f.c, f.root, "min", &v, &present), -1);
		ck_assert_uint_eq(f.d.n, 1);
		ck_assert_int_eq(f.d.v[0].line, 1);
		ck_assert_int_eq(f.d.v[0].col, 6);
		ck_assert_msg(strstr(f.d.v[0].msg, "'min' is out of range") &&
			      strstr(f.d.v[0].msg, "too small for a double"),
			      "%s: %s", bad[i], f.d.v[0].msg);
		fx_close(&f);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		struct fx f;
		double v = -1;
		int present;

		snprintf(doc, sizeof(doc), "min: %s\n", good[i]);
		fx_open(&f, doc);
		ck_assert_msg(pol_get_number(&f.c, f.root, "min", &v, &present) == 0,
			      "%s refused", good[i]);
		ck_assert_double_eq(v, strtod(good[i], NULL));
		fx_close(&f);
	}
}
END_TEST

/* The judge: fail bound first, then the warn level, then pass; strict
 * bounds at the boundary. */
static struct gate_result *judged(struct gate_list *l, const struct bound *b,
				  double v)
{
	struct gate_result *g = gates_add(l, "model.f1.x", "metric");

	gate_judge_bound(g, b, v, "f1");
	return g;
}

START_TEST(test_judge_levels)
{
	struct bound gt = {OP_GT, 0.85, 1, 1, "gt", OP_GE, 0.9, 2, 2, "min"};
	struct bound min = {OP_GE, 0.85, 1, 1, "min", OP_NONE, 0, 0, 0, NULL};
	struct bound warn_only = {OP_NONE, 0, 3, 3, NULL, OP_LT, 0.5, 3, 3, "lt"};
	struct gate_list l;
	struct gate_result *g;

	gates_init(&l);
	/* 180/200 = 0.9 is > 0.85 and at the warn min 0.9: pass */
	g = judged(&l, &gt, 180.0 / 200.0);
	ck_assert_int_eq(g->status, GS_PASS);
	ck_assert(g->threshold == 0.85);
	ck_assert_int_eq(g->op, OP_GT);
	ck_assert_str_eq(g->message, "f1 = 0.9 > gt 0.85");
	/* 0.875 passes gt 0.85 but not the warn min 0.9 */
	g = judged(&l, &gt, 0.875);
	ck_assert_int_eq(g->status, GS_WARN);
	ck_assert(g->threshold == 0.9);
	ck_assert_int_eq(g->op, OP_GE);
	ck_assert_str_eq(g->message, "f1 = 0.875 < warn min 0.9");
	/* exactly at the boundary: gt fails, min passes */
	g = judged(&l, &gt, 0.85);
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert(g->threshold == 0.85);
	ck_assert_str_eq(g->message, "f1 = 0.85 <= gt 0.85");
	g = judged(&l, &min, 0.85);
	ck_assert_int_eq(g->status, GS_PASS);
	ck_assert_str_eq(g->message, "f1 = 0.85 >= min 0.85");
	/* severity warn turns the failing bound into a warning */
	g = gates_add(&l, "model.f1.gt", "metric");
	g->severity = SEV_WARN;
	gate_judge_bound(g, &gt, 0.5, "f1");
	ck_assert_int_eq(g->status, GS_WARN);
	ck_assert(g->threshold == 0.85);
	/* a warn level alone never fails */
	g = judged(&l, &warn_only, 0.7);
	ck_assert_int_eq(g->status, GS_WARN);
	ck_assert_int_eq(g->severity, SEV_WARN);
	ck_assert_str_eq(g->message, "f1 = 0.7 >= warn lt 0.5");
	g = judged(&l, &warn_only, 0.4999);
	ck_assert_int_eq(g->status, GS_PASS);
	ck_assert(g->threshold == 0.5);
	ck_assert_int_eq(g->op, OP_LT);
	/* a non-finite value stays an error, whatever the levels */
	g = judged(&l, &gt, NAN);
	ck_assert_int_eq(g->status, GS_ERROR);
	gates_release(&l);
}
END_TEST

Suite *suite_pol(void)
{
	Suite *s = suite_create("pol");
	TCase *tc = tcase_create("bounds");

	tcase_add_test(tc, test_bounds_read);
	tcase_add_test(tc, test_bounds_refused);
	tcase_add_test(tc, test_bounds_domain);
	tcase_add_test(tc, test_number_underflow);
	tcase_add_test(tc, test_judge_levels);
	suite_add_tcase(s, tc);
	return s;
}
