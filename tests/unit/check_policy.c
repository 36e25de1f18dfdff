/* Unit tests of the policy loader, model gates and the text/JSON reports. */
#define _POSIX_C_SOURCE 200809L
#include "suites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ext/jsondoc.h"
#include "core/modelgates.h"
#include "core/policy.h"
#include "report/report.h"
#include "run/run.h"
#include "testutil.h"

/* The parsed `model:` section of a policy. */
#define RULES(p) ((const struct modelgates *)policy_section((p), &modelgates_section))

static struct policy *load(const char *text, struct mg_diags *d,
			   const struct policy_opts *o, char **dir_out)
{
	char *dir = tu_tempdir();
	char *path = tu_write(dir, "p.yml", text);
	struct policy *p;

	mg_diags_init(d);
	p = run_policy_load(path, o, d);
	free(path);
	*dir_out = dir;
	return p;
}

static void done(struct policy *p, struct mg_diags *d, char *dir)
{
	policy_free(p);
	mg_diags_release(d);
	tu_rmrf(dir);
	free(dir);
}

START_TEST(test_policy_rules)
{
	struct mg_diags d;
	char *dir;
	struct policy *p = load("version: 1\nname: n\nmetrics: r/m.json\nbaseline: b.json\n"
				"model:\n  - metric: f1\n    min: 0.8\n    max: 1\n"
				"  - metric: loss\n    max: 0.3\n    severity: warn\n"
				"  - metric: f1\n    baseline: {max_drop: 0.01, max_rise_pct: 5}\n",
				&d, NULL, &dir);
	char *expect;

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(RULES(p)->nrules, 3);
	ck_assert_uint_eq(p->ngates, 5);
	ck_assert_str_eq(p->name, "n");
	expect = xasprintf("%s/r/m.json", dir);
	ck_assert_str_eq(p->metrics_path, expect); /* relative to the policy */
	free(expect);
	ck_assert(bound_is_set(&RULES(p)->rules[0].min) && bound_is_set(&RULES(p)->rules[0].max));
	ck_assert_int_eq(RULES(p)->rules[1].severity, SEV_WARN);
	ck_assert(bound_is_set(&RULES(p)->rules[2].cmp[MC_MAX_DROP]) && RULES(p)->rules[2].cmp[MC_MAX_DROP].value == 0.01);
	ck_assert(bound_is_set(&RULES(p)->rules[2].cmp[MC_MAX_RISE_PCT]) && RULES(p)->rules[2].cmp[MC_MAX_RISE_PCT].value == 5);
	ck_assert_int_eq(RULES(p)->rules[0].min.line, 7);
	done(p, &d, dir);
}
END_TEST

START_TEST(test_policy_env)
{
	struct mg_diags d;
	char *dir;
	struct policy *p;

	setenv("MLGATE_ALLOWED_ENV", "MLG_T_*", 1);
	setenv("MLG_T_MIN", "0.75", 1);
	setenv("MLG_T_EMPTY", "", 1);
	unsetenv("MLG_T_UNSET");
	p = load("version: 1\nmetrics: ${MLG_T_UNSET:-m}.json\nname: \"a${MLG_T_EMPTY:-b}c\"\n"
		 "model:\n  - metric: f1\n    min: ${MLG_T_MIN}\n", &d, NULL, &dir);
	ck_assert_ptr_nonnull(p);
	ck_assert(RULES(p)->rules[0].min.value == 0.75);
	ck_assert_str_eq(p->name, "abc"); /* empty counts as unset with a default */
	ck_assert(strstr(p->metrics_path, "/m.json") != NULL);
	done(p, &d, dir);

	p = load("version: 1\nmetrics: ${MLG_T_UNSET}\nmodel:\n  - metric: f1\n    min: 1\n",
		 &d, NULL, &dir);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(d.v[0].line, 2);
	ck_assert_int_eq(d.v[0].col, 10);
	ck_assert(strstr(d.v[0].msg, "'MLG_T_UNSET' is not set") != NULL);
	done(p, &d, dir);
}
END_TEST

START_TEST(test_policy_set)
{
	struct mg_diags d;
	char *dir;
	const char *sets[] = {"model.f1.max=0.99", "name=renamed", "metrics=other.json"};
	struct policy_opts o;
	struct policy *p;

	memset(&o, 0, sizeof(o));
	o.sets = sets;
	o.nsets = 3;
	/* two entries for f1: the override goes to the one that has `max` */
	p = load("version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\n"
		 "  - metric: f1\n    max: 0.9\n", &d, &o, &dir);
	ck_assert_ptr_nonnull(p);
	ck_assert(RULES(p)->rules[0].min.value == 0.5 && !bound_is_set(&RULES(p)->rules[0].max));
	ck_assert(RULES(p)->rules[1].max.value == 0.99);
	ck_assert_str_eq(p->name, "renamed");
	ck_assert(strstr(p->metrics_path, "other.json") != NULL);
	done(p, &d, dir);
}
END_TEST

START_TEST(test_policy_errors_collected)
{
	struct mg_diags d;
	char *dir;
	struct policy *p = load("version: 1\nmetrics: m.json\nmodel:\n"
				"  - metric: f1\n    min: 0.9\n    max: 0.1\n"
				"  - metric: f1\n    min: 0.3\n"
				"  - metrc: x\n    min: 1\n"
				"  - metric: y\n    baseline: {max_drop: -1}\n", &d, NULL, &dir);

	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.n, 4); /* the invalid rule y is not also blamed for the missing baseline */
	ck_assert(strstr(d.v[0].msg, "min 0.9 and max 0.1 leave no value that passes") != NULL);
	ck_assert(strstr(d.v[1].msg, "unknown key 'metrc'") != NULL);
	ck_assert(strstr(d.v[1].msg, "did you mean 'metric'") != NULL);
	ck_assert(strstr(d.v[2].msg, "needs 'metric'") != NULL);
	ck_assert(strstr(d.v[3].msg, "'max_drop' must not be negative") != NULL);
	ck_assert_int_eq(d.max_code, MG_EXIT_USAGE);
	done(p, &d, dir);
}
END_TEST

START_TEST(test_policy_same_threshold_twice)
{
	struct mg_diags d;
	char *dir;
	struct policy *p = load("version: 1\nmetrics: m.json\nmodel:\n"
				"  - metric: f1\n    min: 0.9\n  - metric: f1\n    min: 0.8\n",
				&d, NULL, &dir);
	ck_assert_ptr_null(p);
	ck_assert(strstr(d.v[0].msg, "same threshold declared twice") != NULL);
	done(p, &d, dir);
}
END_TEST

/* Model gates on hand-computed values: thresholds from baselines. */
START_TEST(test_model_gates)
{
	struct mg_diags d;
	struct mg_error err;
	char *dir;
	struct policy *p = load("version: 1\nmetrics: m.json\nbaseline: b.json\nmodel:\n"
				"  - metric: acc\n    baseline: {max_drop_pct: 2}\n"
				"  - metric: loss\n    baseline: {max_rise: 0.05}\n"
				"  - metric: neg\n    baseline: {max_drop_pct: 10}\n",
				&d, NULL, &dir);
	const char *mt = "{\"acc\": 0.882, \"loss\": 0.36, \"neg\": -1.05}";
	const char *bt = "{\"acc\": 0.9, \"loss\": 0.3, \"neg\": -1.0}";
	struct jval *m = jv_parse(mt, strlen(mt), "m", 3, &err);
	struct jval *b = jv_parse(bt, strlen(bt), "b", 3, &err);
	struct gate_list gl;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(b);
	gates_init(&gl);
	{
		struct eval_ctx ctx = {0};
		ctx.metrics = m;
		ctx.baseline = b;
		modelgates_evaluate(RULES(p), &ctx, &gl);
	}
	ck_assert_uint_eq(gl.n, 3);
	/* 0.9 - 2% of 0.9 = 0.882: the candidate sits exactly on it */
	ck_assert_str_eq(gl.v[0].id, "model.acc.baseline.max_drop_pct");
	ck_assert_double_eq_tol(gl.v[0].threshold, 0.882, 1e-15);
	ck_assert_double_eq(gl.v[0].baseline, 0.9);
	/* 0.3 + 0.05 = 0.35 < 0.36 */
	ck_assert_double_eq_tol(gl.v[1].threshold, 0.35, 1e-15);
	ck_assert_int_eq(gl.v[1].status, GS_FAIL);
	/* a negative baseline: 10% of |-1.0| below it is -1.1, and -1.05 passes */
	ck_assert_double_eq_tol(gl.v[2].threshold, -1.1, 1e-15);
	ck_assert_int_eq(gl.v[2].status, GS_PASS);
	gates_release(&gl);
	jv_free(m);
	jv_free(b);
	done(p, &d, dir);
}
END_TEST

START_TEST(test_reports_render)
{
	struct gate_list gl;
	struct gate_result *g;
	struct run_result r;
	struct report_opts o = {0};
	struct sbuf sb = SBUF_INIT;
	struct mg_error err;
	struct jval *doc;

	gates_init(&gl);
	g = gates_add(&gl, "model.f1.min", "metric");
	g->op = OP_GE;
	g->threshold = 0.1 + 0.2; /* 0.30000000000000004 must survive the round trip */
	gate_judge(g, 0.25);
	gate_message(g, "bad \"name\"\n\x1b[31m");
	g = gates_add(&gl, "model.auc.min", "metric");
	g->op = OP_GE;
	g->threshold = 0.5;
	gate_judge(g, 0.9);
	memset(&r, 0, sizeof(r));
	r.policy_path = "p.yml";
	r.gates = &gl;
	gates_summarize(&gl, &r.summary);
	r.exit_code = gates_exit_code(&r.summary, 0, 0);
	r.status = gates_verdict(&r.summary);

	ck_assert_int_eq(report_json.render(&r, &o, &sb), 0);
	doc = jv_parse(sb.buf, sb.len, "report", 3, &err);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(jv_string(jv_get(doc, "status")), "fail");
	ck_assert(jv_number(jv_get(doc, "exit_code")) == 1);
	ck_assert(jv_number(jv_get(jv_get(doc, "summary"), "failed")) == 1);
	ck_assert(jv_number(jv_get(jv_at(jv_get(doc, "gates"), 0), "threshold")) == 0.1 + 0.2);
	ck_assert_str_eq(jv_string(jv_get(jv_at(jv_get(doc, "gates"), 0), "message")),
			 "bad \"name\"\n\x1b[31m");
	jv_free(doc);
	sbuf_release(&sb);

	ck_assert_int_eq(report_text.render(&r, &o, &sb), 0);
	/* failures first, under their group; the pass only counted (the
	 * default lists problems); control characters cannot reach the
	 * terminal */
	ck_assert(strncmp(sb.buf, "model: 1 failed, 1 passed\n  FAIL   f1.min  ", 43) == 0);
	ck_assert(strstr(sb.buf, "auc.min") == NULL);
	ck_assert(strstr(sb.buf, "\n1 passed (--only all lists them)\n") != NULL);
	ck_assert(strstr(sb.buf, "bad \"name\"??[31m") != NULL);
	ck_assert(strstr(sb.buf, "\x1b") == NULL);
	ck_assert(strstr(sb.buf, "FAIL — 1 passed, 1 failed") != NULL);
	sbuf_release(&sb);
	gates_release(&gl);
}
END_TEST

Suite *suite_policy(void)
{
	Suite *s = suite_create("policy");
	TCase *tc = tcase_create("policy");
	tcase_add_test(tc, test_policy_rules);
	tcase_add_test(tc, test_policy_env);
	tcase_add_test(tc, test_policy_set);
	tcase_add_test(tc, test_policy_errors_collected);
	tcase_add_test(tc, test_policy_same_threshold_twice);
	tcase_add_test(tc, test_model_gates);
	tcase_add_test(tc, test_reports_render);
	suite_add_tcase(s, tc);
	return s;
}
