/* Unit tests of the `data:` policy section: strict parsing with positions,
 * and evaluation on small CSV files whose expected numbers are worked out
 * by hand in the comments. */
#define _POSIX_C_SOURCE 200809L
#include "suites.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "run/run.h"
#include "testutil.h"

struct fixture {
	char *dir;
	struct mg_diags d;
	struct policy *p;
	struct gate_list gates;
};

/* Write the files (name, text pairs, NULL-terminated) and load the policy
 * `p.yml` among them. */
static void setup(struct fixture *f, const char *policy, ...)
{
	va_list ap;
	const char *name;
	char *path;

	memset(f, 0, sizeof(*f));
	f->dir = tu_tempdir();
	va_start(ap, policy);
	while ((name = va_arg(ap, const char *))) {
		free(tu_write(f->dir, name, va_arg(ap, const char *)));
	}
	va_end(ap);
	path = tu_write(f->dir, "p.yml", policy);
	mg_diags_init(&f->d);
	f->p = run_policy_load(path, NULL, &f->d);
	free(path);
	gates_init(&f->gates);
}

static void evaluate(struct fixture *f)
{
	struct mg_error err;
	struct eval_ctx ctx = {0};

	ck_assert_msg(f->p != NULL, "policy did not load: %s",
		      f->d.n ? f->d.v[0].msg : "?");
	ck_assert_int_eq(run_evaluate(f->p, &ctx, &f->gates, &err), 0);
}

static void teardown(struct fixture *f)
{
	gates_release(&f->gates);
	policy_free(f->p);
	mg_diags_release(&f->d);
	tu_rmrf(f->dir);
	free(f->dir);
}

static const struct gate_result *gate(const struct fixture *f, const char *id)
{
	const struct gate_result *g = gates_find(&f->gates, id);

	ck_assert_msg(g != NULL, "no gate %s", id);
	return g;
}

/* The first diagnostic must be at line:col and contain `text`. */
static void expect_error(const char *policy, int line, int col, const char *text)
{
	struct fixture f;

	setup(&f, policy, NULL);
	ck_assert_msg(f.p == NULL, "policy loaded but should not: %s", policy);
	ck_assert_uint_ge(f.d.n, 1);
	ck_assert_msg(strstr(f.d.v[0].msg, text) != NULL, "message '%s' lacks '%s'",
		      f.d.v[0].msg, text);
	ck_assert_int_eq(f.d.v[0].code, MG_EXIT_USAGE);
	if (line)
		ck_assert_msg(f.d.v[0].line == line && f.d.v[0].col == col,
			      "'%s' at %d:%d, expected %d:%d", f.d.v[0].msg,
			      f.d.v[0].line, f.d.v[0].col, line, col);
	teardown(&f);
}

#define HEAD "version: 1\ndata:\n  - name: c\n    path: d.csv\n"

START_TEST(test_parse_errors)
{
	expect_error(HEAD "    row_cont: {min: 1}\n", 5, 5,
		     "unknown key 'row_cont' in a 'data' entry (did you mean 'row_count'?)");
	expect_error(HEAD "    row_count: 5\n", 5, 16, "'row_count' must be a mapping");
	expect_error(HEAD "    row_count: {min: 10, max: 5}\n", 5, 22, "min 10 and max 5 leave no value that passes");
	expect_error(HEAD "    columns:\n      age: {min: 10, max: 5}\n", 6, 18,
		     "column 'age': min 10 and max 5 leave no value that passes");
	expect_error(HEAD "    columns:\n      age: {type: numbr}\n", 6, 19,
		     "unknown column type 'numbr' (did you mean 'number'?)");
	expect_error(HEAD "    columns:\n      age: {mni: 3}\n", 6, 13,
		     "unknown key 'mni' in column 'age' (did you mean 'min'?)");
	expect_error(HEAD "    null_ratio: {max: 1.5}\n", 5, 23, "'max' must be from 0 to 1, not 1.5");
	expect_error(HEAD "    null_ratio: {max: \"0.5\"}\n", 5, 23, "not the quoted string");
	expect_error(HEAD "    drift: {method: psi, max: 0.2}\n", 5, 12,
		     "'drift' needs a 'reference'");
	expect_error(HEAD "    reference: r.csv\n    drift: {method: kss, max: 0.2}\n", 6, 21,
		     "unknown drift method 'kss' (did you mean 'ks'?)");
	expect_error(HEAD "    reference: r.csv\n    drift: {method: psi, min_pvalue: 0.05}\n", 6, 38,
		     "'psi' has no p-value");
	expect_error(HEAD "    reference: r.csv\n    drift: {method: ks, max: 0.1, min_pvalue: 0.05}\n",
		     6, 47, "bound the statistic (max, lt) or its p-value (min_pvalue, gt_pvalue), not both");
	expect_error(HEAD "    reference: r.csv\n    drift: {method: ks, max: 0.1, bins: 1}\n", 6, 41,
		     "'bins' must be a whole number from 2 to 1000");
	expect_error(HEAD "    reference: r.csv\n    drift: {bins: 5}\n", 6, 12,
		     "'drift' declares no gate");
	expect_error(HEAD "    reference: r.csv\n    drift:\n      method: psi\n      max: 0.2\n"
		     "      exclude: [a]\n      columns:\n        a: {max: 0.1}\n", 11, 9,
		     "column 'a' is both in 'exclude' and in 'drift.columns'");
	expect_error(HEAD "    reference: r.csv\n    drift:\n      method: psi\n      max: 0.2\n"
		     "      columns:\n        a: {method: ks}\n", 10, 12,
		     "drift method 'ks' needs a threshold: 'max' or 'lt' (the statistic), 'min_pvalue' or 'gt_pvalue'");
	expect_error(HEAD "    schema: {from: reference}\n", 5, 20,
		     "'schema: {from: reference}' needs a 'reference'");
	expect_error(HEAD "    reference: r.csv\n    schema: {from: data}\n", 6, 20,
		     "'schema.from' must be 'reference', not 'data'");
	expect_error(HEAD "    columns:\n      p: {new_categories: {max_share: 0.1}}\n", 6, 27,
		     "column 'p': 'new_categories' needs a 'reference'");
	expect_error(HEAD "    reference: r.csv\n    drift: {share: {max: 1.5}}\n", 6, 26,
		     "'share': 'max' must be from 0 to 1, not 1.5");
	expect_error(HEAD "    reference: r.csv\n    drift: {method: ks, max: 0.1, ks_method: exakt}\n",
		     6, 46, "'ks_method' must be auto, exact or asymp, not 'exakt'");
	/* a failed column rule, then another that fails early (no double free) */
	expect_error(HEAD "    reference: r.csv\n    drift:\n      columns:\n"
		     "        a: {method: ks}\n        b: {method: nope, max: 1}\n", 8, 12,
		     "drift method 'ks' needs a threshold: 'max' or 'lt' (the statistic), 'min_pvalue' or 'gt_pvalue'");
	expect_error(HEAD "    on_bad_rows: ignore\n", 5, 18, "'on_bad_rows' must be 'error' or 'skip'");
	expect_error(HEAD "    delimiter: ';;'\n    row_count: {min: 1}\n", 5, 16,
		     "'delimiter' must be one character");
	expect_error(HEAD "    schema: {allow_extra: false}\n", 5, 27, "'allow_extra: false' needs 'required'");
	expect_error(HEAD "    row_count: {min: 1}\n  - name: c\n    path: e.csv\n    row_count: {min: 1}\n", 6, 11,
		     "dataset name 'c' is used twice");
	expect_error("version: 1\ndata:\n  - path: d.csv\n    row_count: {min: 1}\n", 3, 5,
		     "needs a 'name'");
	expect_error(HEAD, 3, 5, "dataset 'c' declares no checks");
	expect_error("version: 1\ndata: {name: c}\n", 2, 7, "'data' must be a list");
	/* an entry that failed (no name) before a good one */
	expect_error("version: 1\ndata:\n  - path: d.csv\n  - name: c\n    path: d.csv\n"
		     "    row_count: {min: 1}\n", 3, 5, "needs a 'name'");
	expect_error(HEAD "    row_count: {min: 1}\n    columns:\n      a: {allowed: []}\n", 7, 20,
		     "'allowed' is empty");
}
END_TEST

START_TEST(test_parse_counts_gates)
{
	struct fixture f;

	setup(&f, HEAD "    reference: r.csv\n    row_count: {min: 1, max: 9}\n"
		  "    null_ratio: {max: 0.5}\n"
		  "    schema: {required: [a, b], allow_extra: false, types: {a: number}}\n"
		  "    columns:\n      a: {min: 0, unique: true}\n      b: {allowed: [x, y]}\n"
		  "    drift:\n      method: psi\n      max: 0.2\n      columns:\n"
		  "        a: {method: ks, min_pvalue: 0.01}\n", NULL);
	ck_assert_msg(f.p != NULL, "%s", f.d.n ? f.d.v[0].msg : "");
	/* row_count 2, null_ratio 1, required 1, allow_extra 1, a.type 1,
	 * a.min 1, a.unique 1, b.allowed 1, drift default 1, drift a 1,
	 * schema.reference 1 */
	ck_assert_uint_eq(f.p->ngates, 12);
	teardown(&f);
}
END_TEST

/* d.csv: 5 rows.  age: 30, 41, (null), 25, 70 -> min 25, max 70, 1 null
 * (ratio 0.2).  plan: basic, pro, gold, pro, (NA) -> 'gold' not allowed (1
 * value), 1 null.  id: 1, 2, 3, 3, 5 -> one duplicate. */
static const char d_csv[] =
	"id,age,plan\n1,30,basic\n2,41,pro\n3,,gold\n3,25,pro\n5,70,NA\n";

START_TEST(test_evaluate_checks)
{
	struct fixture f;
	const struct gate_result *g;
	struct gate_summary s;

	setup(&f, HEAD "    row_count: {min: 6}\n    null_ratio: {max: 0.1}\n"
		  "    schema: {required: [id, age, churn]}\n"
		  "    columns:\n"
		  "      age: {type: number, min: 18, max: 65, null_ratio: {max: 0.25}}\n"
		  "      plan: {allowed: [basic, pro], type: number}\n"
		  "      id: {unique: true}\n",
		  "d.csv", d_csv, NULL);
	evaluate(&f);
	g = gate(&f, "data.c.row_count.min");
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert(g->value == 5 && g->threshold == 6);
	ck_assert_str_eq(g->dataset, "c");
	ck_assert_int_eq(g->line, 5);
	g = gate(&f, "data.c.schema.required");
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_ptr_nonnull(strstr(g->message, "'churn'"));
	ck_assert_int_eq(gate(&f, "data.c.age.type")->status, GS_PASS);
	ck_assert_int_eq(gate(&f, "data.c.plan.type")->status, GS_FAIL);
	g = gate(&f, "data.c.age.min");
	ck_assert(g->status == GS_PASS && g->value == 25);
	g = gate(&f, "data.c.age.max");
	ck_assert(g->status == GS_FAIL && g->value == 70);
	g = gate(&f, "data.c.age.null_ratio.max");
	ck_assert(g->status == GS_PASS && g->value == 0.2);
	/* the dataset-wide ratio covers the other columns: plan 1/5 fails
	 * 0.1, id 0/5 passes; age has its own rule and no second gate */
	g = gate(&f, "data.c.plan.null_ratio.max");
	ck_assert(g->status == GS_FAIL && g->value == 0.2 && g->threshold == 0.1);
	ck_assert_int_eq(gate(&f, "data.c.id.null_ratio.max")->status, GS_PASS);
	g = gate(&f, "data.c.plan.allowed");
	ck_assert(g->status == GS_FAIL && g->value == 1);
	ck_assert_ptr_nonnull(strstr(g->details, "\"gold\""));
	g = gate(&f, "data.c.id.unique");
	ck_assert(g->status == GS_FAIL && g->value == 1);
	ck_assert_str_eq(g->column, "id");
	gates_summarize(&f.gates, &s);
	ck_assert_uint_eq(s.errored, 0);
	ck_assert_int_eq(gates_exit_code(&s, 0, 0), MG_EXIT_FAIL);
	teardown(&f);
}
END_TEST

START_TEST(test_evaluate_absent_and_unreadable)
{
	struct fixture f;
	const struct gate_result *g;
	struct gate_summary s;

	/* a column the data lacks: one headline names it and every gate on
	 * it fails under it (data that is bad: exit 1, not 3) */
	setup(&f, HEAD "    columns:\n      income: {min: 0, null_ratio: {max: 0.1}}\n",
	      "d.csv", d_csv, NULL);
	evaluate(&f);
	g = gate(&f, "data.c.schema.columns");
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_str_eq(g->message, "column the policy names but the data lacks: 'income'");
	g = gate(&f, "data.c.income.min");
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_str_eq(g->message, "column absent (see data.c.schema.columns)");
	ck_assert_int_eq(gate(&f, "data.c.income.null_ratio.max")->status, GS_FAIL);
	gates_summarize(&f.gates, &s);
	ck_assert_int_eq(gates_exit_code(&s, 0, 0), MG_EXIT_FAIL);
	teardown(&f);

	/* a missing file, a ragged file, a header-only file: errors, never
	 * passes, even for a gate an empty file would satisfy */
	setup(&f, HEAD "    row_count: {max: 100}\n", NULL);
	evaluate(&f);
	g = gate(&f, "data.c.row_count.max");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_ptr_nonnull(strstr(g->message, "cannot read data"));
	teardown(&f);
	setup(&f, HEAD "    row_count: {max: 100}\n", "d.csv", "a,b\n1,2\n3\n", NULL);
	evaluate(&f);
	g = gate(&f, "data.c.row_count.max");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_ptr_nonnull(strstr(g->message, ":3"));
	teardown(&f);
	/* a header-only file was read: it has 0 rows, which fails an
	 * implicit row_count.min of 1; the max it satisfies passes */
	setup(&f, HEAD "    row_count: {max: 100}\n", "d.csv", "a,b\n", NULL);
	evaluate(&f);
	ck_assert_int_eq(gate(&f, "data.c.row_count.max")->status, GS_PASS);
	g = gate(&f, "data.c.row_count.min");
	ck_assert(g->status == GS_FAIL && g->value == 0 && g->threshold == 1);
	teardown(&f);

	/* on_bad_rows: skip counts the ragged row and warns */
	setup(&f, HEAD "    on_bad_rows: skip\n    row_count: {max: 100}\n", "d.csv",
	      "a,b\n1,2\n3\n4,5\n", NULL);
	evaluate(&f);
	g = gate(&f, "data.c.row_count.max");
	ck_assert(g->status == GS_PASS && g->value == 2);
	g = gate(&f, "data.c.bad_rows");
	ck_assert(g->status == GS_WARN && g->value == 1);
	teardown(&f);
}
END_TEST

/* r.csv x: 1 2 3 4 (bins: 2 -> edge at the median 2.5, counts 2 2);
 * d.csv x: 1 1 1 4 -> counts 3 1.  PSI = (.75-.5) ln(.75/.5) +
 * (.25-.5) ln(.25/.5) = .25 ln 3.  KS: F_d - F_r at 1 is .75 - .25 = .5.
 * s (strings) on both sides: a a b b vs a a a a -> b unseen now. */
static const char r_csv[] = "x,s\n1,a\n2,a\n3,b\n4,b\n";
static const char c_csv[] = "x,s\n1,a\n1,a\n1,a\n4,a\n";

START_TEST(test_evaluate_drift)
{
	struct fixture f;
	const struct gate_result *g;

	setup(&f, HEAD "    reference: r.csv\n    drift:\n      method: psi\n      max: 0.2\n"
		  "      bins: 2\n      min_rows: 4\n      columns:\n"
		  "        x: {method: ks, max: 0.6}\n        s: {method: chi2, min_pvalue: 0.2}\n",
		  "d.csv", c_csv, "r.csv", r_csv, NULL);
	evaluate(&f);
	g = gate(&f, "data.c.x.drift.ks");
	ck_assert_int_eq(g->status, GS_PASS);
	ck_assert(g->value == 0.5);
	ck_assert_str_eq(g->method, "ks");
	ck_assert_int_eq(g->op, OP_LE);
	/* chi2 on s, the 2 x 2 table (2 2 | 4 0): expected (3 1 | 3 1),
	 * 1/3 + 1 + 1/3 + 1 = 8/3, dof 1, p = erfc(sqrt(4/3)) = 0.1025 < 0.2 */
	g = gate(&f, "data.c.s.drift.chi2");
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_msg(fabs(g->value - erfc(sqrt(4.0 / 3.0))) < 1e-15, "p %.17g", g->value);
	ck_assert_int_eq(g->op, OP_GE);
	ck_assert_ptr_nonnull(strstr(g->details, "\"categories\":[\"a\",\"b\"]"));
	ck_assert_ptr_nonnull(strstr(g->details, "\"reference_counts\":[2,2]"));
	ck_assert_ptr_nonnull(strstr(g->details, "\"current_counts\":[4,0]"));
	ck_assert_ptr_nonnull(strstr(g->details, "\"method\":\"chi2\""));
	ck_assert_ptr_null(gates_find(&f.gates, "data.c.x.drift.psi"));
	teardown(&f);

	/* the default method on every shared column: x by PSI with edges
	 * [2.5] and counts [2,2] vs [3,1]; s too */
	setup(&f, HEAD "    reference: r.csv\n    drift: {method: psi, max: 0.2, bins: 2, min_rows: 4}\n",
	      "d.csv", c_csv, "r.csv", r_csv, NULL);
	evaluate(&f);
	g = gate(&f, "data.c.x.drift.psi");
	ck_assert_msg(fabs(g->value - 0.25 * log(3.0)) < 1e-15, "psi %.17g", g->value);
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_ptr_nonnull(strstr(g->details, "\"edges\":[2.5]"));
	ck_assert_ptr_nonnull(strstr(g->details, "\"n_reference\":4"));
	ck_assert_ptr_nonnull(gates_find(&f.gates, "data.c.s.drift.psi"));
	teardown(&f);

	/* fewer than min_rows (default 30): error, with the counts */
	setup(&f, HEAD "    reference: r.csv\n    drift: {method: psi, max: 0.2}\n",
	      "d.csv", c_csv, "r.csv", r_csv, NULL);
	evaluate(&f);
	g = gate(&f, "data.c.x.drift.psi");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_ptr_nonnull(strstr(g->message, "insufficient data: 4 non-null values in the reference, 4 in the current data (min_rows 30)"));
	teardown(&f);

	/* ks on a string column, and a named column absent from both sides
	 * (it fails under schema.columns) */
	setup(&f, HEAD "    reference: r.csv\n    drift:\n      min_rows: 1\n      columns:\n"
		  "        s: {method: ks, max: 0.1}\n        y: {method: psi, max: 0.1}\n",
		  "d.csv", c_csv, "r.csv", r_csv, NULL);
	evaluate(&f);
	g = gate(&f, "data.c.s.drift.ks");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_ptr_nonnull(strstr(g->message, "applies to numbers"));
	g = gate(&f, "data.c.y.drift.psi");
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_str_eq(g->message, "column absent (see data.c.schema.columns)");
	teardown(&f);

	/* an unreadable reference errors the drift gates only */
	setup(&f, HEAD "    reference: nope.csv\n    row_count: {min: 1}\n"
		  "    drift: {method: psi, max: 0.2}\n", "d.csv", c_csv, NULL);
	evaluate(&f);
	ck_assert_int_eq(gate(&f, "data.c.row_count.min")->status, GS_PASS);
	g = gate(&f, "data.c.drift");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_ptr_nonnull(strstr(g->message, "cannot read the reference"));
	teardown(&f);
}
END_TEST

/* Past the 10,000-category cap, unique and allowed on a string column are
 * counted exactly by a second pass over the file: 12,000 ids with id7 once
 * more (1 duplicate); allowed [id1, id2] leaves 12,001 - 2 cells out. */
START_TEST(test_unique_past_the_cap)
{
	struct fixture f;
	const struct gate_result *g;
	struct sbuf csv = SBUF_INIT;

	sbuf_adds(&csv, "id,n\n");
	for (int i = 0; i < 12000; i++)
		sbuf_addf(&csv, "id%d,%d\n", i, i);
	sbuf_adds(&csv, "id7,1\n,2\n");
	setup(&f, HEAD "    columns:\n      id: {unique: true}\n      n: {unique: true}\n",
	      "d.csv", sbuf_str(&csv), NULL);
	evaluate(&f);
	g = gate(&f, "data.c.id.unique");
	ck_assert_msg(g->status == GS_FAIL && g->value == 1, "%s", g->message);
	ck_assert_ptr_nonnull(strstr(g->details, "\"id7\""));
	ck_assert_ptr_nonnull(strstr(g->details, "\"second_pass\":true"));
	/* numbers: 0..11999 plus 1 and 2 again */
	g = gate(&f, "data.c.n.unique");
	ck_assert(g->status == GS_FAIL && g->value == 2);
	teardown(&f);
	setup(&f, HEAD "    columns:\n      id: {allowed: [id1, id2]}\n",
	      "d.csv", sbuf_str(&csv), NULL);
	evaluate(&f);
	g = gate(&f, "data.c.id.allowed");
	ck_assert_msg(g->status == GS_FAIL && g->value == 12001 - 2, "%s", g->message);
	teardown(&f);
	sbuf_release(&csv);
}
END_TEST

Suite *suite_data(void)
{
	Suite *s = suite_create("data");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_parse_counts_gates);
	tcase_add_test(tc, test_evaluate_checks);
	tcase_add_test(tc, test_evaluate_absent_and_unreadable);
	tcase_add_test(tc, test_evaluate_drift);
	tcase_add_test(tc, test_unique_past_the_cap);
	suite_add_tcase(s, tc);
	return s;
}
