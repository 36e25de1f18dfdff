/* Unit tests of the gate core: YAML tree, JSON documents, metric lookup,
 * gate judgement, waivers, exit codes, model gates. */
#include "suites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/gate.h"
#include "ext/jsondoc.h"
#include "core/metrics.h"
#include "ext/yamltree.h"

static struct ynode *y(const char *text, struct mg_error *err)
{
	return yaml_parse(text, strlen(text), "t.yml", MG_EXIT_USAGE, err);
}

START_TEST(test_yaml_positions)
{
	struct mg_error err;
	struct ynode *r = y("a: 1\nb:\n  - x\n  - 'y'\n", &err);
	struct ynode *b;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, Y_MAP);
	b = ynode_get(r, "b");
	ck_assert_int_eq(b->kind, Y_SEQ);
	ck_assert_uint_eq(b->n, 2);
	ck_assert_int_eq(b->items[1]->line, 4);
	ck_assert_int_eq(b->items[1]->col, 5);
	ck_assert_int_eq(b->items[0]->plain, 1);
	ck_assert_int_eq(b->items[1]->plain, 0); /* quoted: never a number */
	ynode_free(r);
}
END_TEST

START_TEST(test_yaml_scalars)
{
	struct mg_error err;
	struct ynode *r = y("n: 0.5\ns: '0.5'\nz: ~\nt: True\ni: .inf\nh: 0x10\n", &err);
	double d;
	int b;

	ck_assert_int_eq(ynode_number(ynode_get(r, "n"), &d), 0);
	ck_assert(d == 0.5);
	ck_assert_int_eq(ynode_number(ynode_get(r, "s"), &d), -1);
	ck_assert(ynode_is_null(ynode_get(r, "z")));
	ck_assert_int_eq(ynode_bool(ynode_get(r, "t"), &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(ynode_number(ynode_get(r, "i"), &d), -1);
	ck_assert(ynode_is_nonfinite(ynode_get(r, "i")));
	ck_assert_int_eq(ynode_number(ynode_get(r, "h"), &d), -1);
	ynode_free(r);
}
END_TEST

START_TEST(test_yaml_refusals)
{
	struct mg_error err;

	ck_assert_ptr_null(y("a: &x 1\nb: *x\n", &err));
	ck_assert(strstr(err.msg, "aliases") != NULL);
	ck_assert_int_eq(err.line, 2);
	ck_assert_ptr_null(y("a: 1\na: 2\n", &err));
	ck_assert_str_eq(err.msg, "duplicate key 'a'");
	ck_assert_int_eq(err.line, 2);
	ck_assert_int_eq(err.col, 1);
	ck_assert_ptr_null(y("? [a]\n: 1\n", &err));
	ck_assert_ptr_null(y("a: 1\n---\nb: 2\n", &err));
	ck_assert(strstr(err.msg, "more than one") != NULL);
	ck_assert_int_eq(err.code, MG_EXIT_USAGE);
}
END_TEST

START_TEST(test_yaml_depth_bound)
{
	struct sbuf sb = SBUF_INIT;
	struct mg_error err;
	struct ynode *r;

	for (int i = 0; i < 200; i++)
		sbuf_addc(&sb, '[');
	for (int i = 0; i < 200; i++)
		sbuf_addc(&sb, ']');
	r = y(sbuf_str(&sb), &err);
	ck_assert_ptr_null(r);
	ck_assert(strstr(err.msg, "nested too deeply") != NULL);
	sbuf_release(&sb);
}
END_TEST

static struct jval *j(const char *text, struct mg_error *err)
{
	return jv_parse(text, strlen(text), "m.json", MG_EXIT_INPUT, err);
}

START_TEST(test_json_nonfinite_and_dups)
{
	struct mg_error err;
	struct jval *d = j("{\"a\": NaN, \"b\": -Infinity, \"s\": \"NaN\", \"c\": [Infinity]}", &err);
	double v;
	char why[200];

	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(jv_type(jv_get(d, "a")), J_NONFINITE);
	ck_assert_int_eq(jv_type(jv_get(d, "s")), J_STRING); /* a string stays a string */
	ck_assert_int_eq(metrics_number(d, "b", &v, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "is -Infinity (not a finite number)");
	ck_assert_int_eq(metrics_number(d, "c.0", &v, why, sizeof(why)), -1);
	jv_free(d);

	ck_assert_ptr_null(j("{\"a\": 1, \"b\": {\"x\": 1, \"x\": 2}}", &err));
	ck_assert(strstr(err.msg, "duplicate key 'x'") != NULL);
	ck_assert_ptr_null(j("{\"a\": 1} trailing", &err));
	ck_assert_ptr_null(j("  \n", &err));
	ck_assert_str_eq(err.msg, "file is empty");
	ck_assert_ptr_null(j("{\n  \"a\": tru\n}", &err));
	ck_assert_int_eq(err.line, 2);
	ck_assert_int_eq(err.code, MG_EXIT_INPUT);
}
END_TEST

START_TEST(test_metric_paths)
{
	struct mg_error err;
	struct jval *d = j("{\"eval\": {\"f1\": 0.8, \"per\": [1, 2.5]}, \"a.b\": 3, \"x/y\": {\"~k\": 4}}", &err);
	double v;
	char why[200];

	ck_assert_int_eq(metrics_number(d, "eval.f1", &v, why, sizeof(why)), 0);
	ck_assert(v == 0.8);
	ck_assert_int_eq(metrics_number(d, "/eval/per/1", &v, why, sizeof(why)), 0);
	ck_assert(v == 2.5);
	ck_assert_int_eq(metrics_number(d, "eval.per.1", &v, why, sizeof(why)), 0);
	ck_assert(v == 2.5);
	ck_assert_int_eq(metrics_number(d, "/a.b", &v, why, sizeof(why)), 0);
	ck_assert(v == 3);
	ck_assert_int_eq(metrics_number(d, "a.b", &v, why, sizeof(why)), 0); /* flat key fallback */
	ck_assert_int_eq(metrics_number(d, "/x~1y/~0k", &v, why, sizeof(why)), 0);
	ck_assert(v == 4);
	ck_assert_int_eq(metrics_number(d, "eval.per.01", &v, why, sizeof(why)), -1);
	ck_assert_int_eq(metrics_number(d, "eval.per.2", &v, why, sizeof(why)), -1);
	ck_assert_int_eq(metrics_number(d, "eval", &v, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "is an object, not a number");
	ck_assert_int_eq(metrics_number(d, "eval.f2", &v, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "is absent ('eval' has no 'f2')");
	jv_free(d);
}
END_TEST

START_TEST(test_gate_judge)
{
	struct gate_list l;
	struct gate_result *g;

	gates_init(&l);
	g = gates_add(&l, "a", "metric");
	g->op = OP_GE;
	g->threshold = 0.5;
	gate_judge(g, 0.5);
	ck_assert_int_eq(g->status, GS_PASS); /* the threshold itself passes */
	gate_judge(g, 0.49);
	ck_assert_int_eq(g->status, GS_FAIL);
	gate_judge(g, NAN);
	ck_assert_int_eq(g->status, GS_ERROR);
	g->severity = SEV_WARN;
	gate_judge(g, 0.1);
	ck_assert_int_eq(g->status, GS_WARN);
	g->threshold = NAN;
	gate_judge(g, 0.9);
	ck_assert_int_eq(g->status, GS_ERROR); /* no threshold: not a pass */
	gates_release(&l);
}
END_TEST

START_TEST(test_exit_codes)
{
	struct gate_summary s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(gates_exit_code(&s, 0, 0), MG_EXIT_INPUT); /* nothing checked */
	s.passed = 3;
	ck_assert_int_eq(gates_exit_code(&s, 0, 0), 0);
	s.warned = 1;
	ck_assert_int_eq(gates_exit_code(&s, 0, 0), 0);
	ck_assert_int_eq(gates_exit_code(&s, 1, 0), 1);
	ck_assert_int_eq(gates_exit_code(&s, 0, 3), 3);
	s.failed = 1;
	ck_assert_int_eq(gates_exit_code(&s, 0, 3), 1);
	s.errored = 1;
	ck_assert_int_eq(gates_exit_code(&s, 0, 3), 3);
	ck_assert_str_eq(gates_verdict(&s), "error");
	memset(&s, 0, sizeof(s));
	s.waived = 1;
	ck_assert_int_eq(gates_exit_code(&s, 0, 0), 0);
}
END_TEST

START_TEST(test_waivers)
{
	struct gate_list l;
	struct waiver w[3];
	struct gate_result *g;

	memset(w, 0, sizeof(w));
	gates_init(&l);
	g = gates_add(&l, "data.c.income.drift.ks", "drift");
	g->status = GS_FAIL;
	g = gates_add(&l, "data.c.age.drift.psi", "drift");
	g->status = GS_ERROR;
	g = gates_add(&l, "model.f1.min", "metric");
	g->status = GS_FAIL;
	w[0].pattern = (char *)"data.c.*.drift.*";
	memcpy(w[0].until, "2026-01-31", 11);
	w[0].reason = (char *)"refresh";
	w[1].pattern = (char *)"model.f1.min";
	memcpy(w[1].until, "2025-12-31", 11);
	w[1].reason = (char *)"old";
	w[2].pattern = (char *)"nothing.*";
	memcpy(w[2].until, "2026-12-31", 11);
	w[2].reason = (char *)"stale";
	gates_apply_waivers(&l, w, 3, "2026-01-31");
	ck_assert_int_eq(l.v[0].status, GS_WAIVED);
	ck_assert_str_eq(l.v[0].waiver, "refresh");
	ck_assert_int_eq(l.v[1].status, GS_ERROR); /* errors are never waived */
	ck_assert_int_eq(l.v[2].status, GS_FAIL);  /* expired */
	ck_assert_uint_eq(l.n, 5);
	ck_assert_str_eq(l.v[3].id, "waiver.model.f1.min");
	ck_assert(strstr(l.v[3].message, "expired on 2025-12-31") != NULL);
	ck_assert_str_eq(l.v[4].id, "waiver.nothing.*");
	ck_assert_int_eq(l.v[4].status, GS_WARN);
	gates_release(&l);
}
END_TEST

Suite *suite_core(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_yaml_positions);
	tcase_add_test(tc, test_yaml_scalars);
	tcase_add_test(tc, test_yaml_refusals);
	tcase_add_test(tc, test_yaml_depth_bound);
	tcase_add_test(tc, test_json_nonfinite_and_dups);
	tcase_add_test(tc, test_metric_paths);
	tcase_add_test(tc, test_gate_judge);
	tcase_add_test(tc, test_exit_codes);
	tcase_add_test(tc, test_waivers);
	suite_add_tcase(s, tc);
	return s;
}
