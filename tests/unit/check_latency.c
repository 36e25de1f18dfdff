/* Latency probes through the policy seam: commands that succeed, fail,
 * alternate, do not exist or hang; HTTP endpoints on a loopback server
 * (tests/servers/latency_server.py) that answer, fail, refuse or never
 * answer.  No assertion depends on how long anything took, except that a
 * `sleep 5` with a 0.2 s timeout is reported as a timeout. */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/policy.h"
#include "run/run.h"
#include "suites.h"
#include "testserver.h"
#include "testutil.h"
#include "common/util.h"

struct lt_run {
	char *dir;
	struct policy *p;
	struct mg_diags d;
	struct gate_list gates;
};

/* Load a policy (text) in a fresh directory and evaluate its latency
 * section.  Returns 0, or -1 when the policy was refused. */
static int run_policy(struct lt_run *r, const char *text)
{
	char *path;
	struct mg_error err;
	struct eval_ctx no_inputs = {0};

	memset(r, 0, sizeof(*r));
	r->dir = tu_tempdir();
	path = tu_write(r->dir, "policy.yml", text);
	mg_diags_init(&r->d);
	gates_init(&r->gates);
	r->p = run_policy_load(path, NULL, &r->d);
	free(path);
	if (!r->p)
		return -1;
	ck_assert_int_eq(run_evaluate(r->p, &no_inputs, &r->gates, &err), 0);
	return 0;
}

static void run_done(struct lt_run *r)
{
	gates_release(&r->gates);
	policy_free(r->p);
	mg_diags_release(&r->d);
	tu_rmrf(r->dir);
	free(r->dir);
}

static const struct gate_result *gate(const struct lt_run *r, const char *id)
{
	const struct gate_result *g = gates_find(&r->gates, id);

	ck_assert_msg(g != NULL, "no gate %s", id);
	return g;
}

static int has(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

START_TEST(test_command_ok)
{
	struct lt_run r;
	const struct gate_result *g;

	ck_assert_int_eq(run_policy(&r,
		"version: 1\n"
		"latency:\n"
		"  - name: t\n"
		"    command: [\"true\"]\n"
		"    runs: 5\n"
		"    warmup: 0\n"
		"    p95_ms: {max: 600000}\n"
		"    error_rate: {max: 0}\n"), 0);
	ck_assert_uint_eq(r.gates.n, 2);
	g = gate(&r, "latency.t.p95_ms");
	ck_assert_int_eq(g->status, GS_PASS);
	ck_assert(g->value > 0 && isfinite(g->value));
	ck_assert_msg(has(g->details, "\"runs\":5,") && has(g->details, "\"n\":5,") &&
		      has(g->details, "\"errors\":0,") && has(g->details, "\"p50\":") &&
		      has(g->details, "\"p99\":") && has(g->details, "\"mean\":"),
		      "%s", g->details);
	g = gate(&r, "latency.t.error_rate");
	ck_assert_int_eq(g->status, GS_PASS);
	ck_assert(g->value == 0);
	run_done(&r);
}
END_TEST

START_TEST(test_command_errors_are_not_samples)
{
	struct lt_run r;
	const struct gate_result *g;

	/* every other run fails (a counter in a file): warmup is run 1 (fails),
	 * measured runs 2..11, the odd ones fail: 5 of 10 */
	ck_assert_int_eq(run_policy(&r,
		"version: 1\n"
		"latency:\n"
		"  - name: alt\n"
		"    command: 'n=$(cat c 2>/dev/null || echo 0); n=$((n+1)); echo $n > c; [ $((n % 2)) -eq 0 ]'\n"
		"    shell: true\n"
		"    runs: 10\n"
		"    warmup: 1\n"
		"    p50_ms: {max: 600000}\n"
		"    error_rate: {max: 0.4}\n"), 0);
	g = gate(&r, "latency.alt.error_rate");
	ck_assert(g->value == 0.5);
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_msg(has(g->message, "5 of 10 runs failed") && has(g->message, "exit status 1"),
		      "%s", g->message);
	g = gate(&r, "latency.alt.p50_ms");
	ck_assert_int_eq(g->status, GS_PASS);
	ck_assert_msg(has(g->details, "\"n\":5,") && has(g->details, "\"exit_status\":5"),
		      "%s", g->details);
	run_done(&r);

	/* without an error_rate gate, failures make the percentile gate an error */
	ck_assert_int_eq(run_policy(&r,
		"version: 1\n"
		"latency:\n"
		"  - name: alt\n"
		"    command: 'n=$(cat c 2>/dev/null || echo 0); n=$((n+1)); echo $n > c; [ $((n % 2)) -eq 0 ]'\n"
		"    shell: true\n"
		"    runs: 4\n"
		"    p50_ms: {max: 600000}\n"), 0);
	g = gate(&r, "latency.alt.p50_ms");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_msg(has(g->message, "error_rate"), "%s", g->message);
	run_done(&r);

	/* all failing: error, never a pass */
	ck_assert_int_eq(run_policy(&r,
		"version: 1\n"
		"latency:\n"
		"  - name: f\n"
		"    command: [\"false\"]\n"
		"    runs: 3\n"
		"    p50_ms: {max: 600000}\n"
		"    error_rate: {max: 1}\n"), 0);
	ck_assert_int_eq(gate(&r, "latency.f.p50_ms")->status, GS_ERROR);
	g = gate(&r, "latency.f.error_rate");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_msg(has(g->message, "all 3 runs failed"), "%s", g->message);
	run_done(&r);
}
END_TEST

START_TEST(test_command_missing_and_hanging)
{
	struct lt_run r;
	const struct gate_result *g;

	ck_assert_int_eq(run_policy(&r,
		"version: 1\n"
		"latency:\n"
		"  - name: nope\n"
		"    command: [\"mlgate-no-such-program\", \"x\"]\n"
		"    runs: 50\n"
		"    p95_ms: {max: 600000}\n"), 0);
	g = gate(&r, "latency.nope.p95_ms");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_msg(has(g->message, "cannot run 'mlgate-no-such-program'"), "%s", g->message);
	run_done(&r);

	ck_assert_int_eq(run_policy(&r,
		"version: 1\n"
		"latency:\n"
		"  - name: hang\n"
		"    command: [sleep, \"5\"]\n"
		"    timeout_s: 0.2\n"
		"    runs: 100\n"
		"    warmup: 0\n"
		"    p95_ms: {max: 600000}\n"
		"    error_rate: {max: 1}\n"), 0);
	g = gate(&r, "latency.hang.error_rate");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_msg(has(g->message, "timeout after 0.2 s") && has(g->message, "stopped"),
		      "%s", g->message);
	/* the distribution is on the probe's first gate only */
	ck_assert_str_eq(g->details, "{\"distribution_in\":\"latency.hang.p95_ms\"}");
	g = gate(&r, "latency.hang.p95_ms");
	/* it gave up after three timeouts instead of a hundred */
	ck_assert_msg(has(g->details, "\"timeout\":3}"), "%s", g->details);
	run_done(&r);
}
END_TEST

START_TEST(test_policy_refusals)
{
	struct lt_run r;
	const char *bad[] = {
		/* a string command without shell: true */
		"version: 1\nlatency:\n  - name: a\n    command: \"sleep 1\"\n    p95_ms: {max: 1}\n",
		/* both command and http */
		"version: 1\nlatency:\n  - name: a\n    command: [x]\n    http: {url: \"http://127.0.0.1:1/\"}\n    p95_ms: {max: 1}\n",
		/* no threshold */
		"version: 1\nlatency:\n  - name: a\n    command: [x]\n",
		/* runs not a whole number */
		"version: 1\nlatency:\n  - name: a\n    command: [x]\n    runs: 2.5\n    p95_ms: {max: 1}\n",
		/* error rate above 1 */
		"version: 1\nlatency:\n  - name: a\n    command: [x]\n    error_rate: {max: 5}\n",
		/* unknown stat key with a hint */
		"version: 1\nlatency:\n  - name: a\n    command: [x]\n    p95_m: {max: 5}\n",
		/* duplicate names */
		"version: 1\nlatency:\n  - name: a\n    command: [x]\n    p95_ms: {max: 5}\n  - name: a\n    command: [y]\n    p95_ms: {max: 5}\n",
		/* concurrency on a command */
		"version: 1\nlatency:\n  - name: a\n    command: [x]\n    concurrency: 2\n    p95_ms: {max: 5}\n",
		/* timeout zero */
		"version: 1\nlatency:\n  - name: a\n    command: [x]\n    timeout_s: 0\n    p95_ms: {max: 5}\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(run_policy(&r, bad[i]) == -1, "accepted: %s", bad[i]);
		ck_assert_int_eq(r.d.max_code, MG_EXIT_USAGE);
		run_done(&r);
	}
	ck_assert_int_eq(run_policy(&r, bad[5]), -1);
	ck_assert_msg(has(r.d.v[0].msg, "did you mean 'p95_ms'"), "%s", r.d.v[0].msg);
	run_done(&r);
}
END_TEST

/* ----- HTTP, against tests/servers/latency_server.py ----- */

struct lserver {
	pid_t pid;
	int port;
	char *dir, *count;
};

static void ls_start(struct lserver *s, const char *const *extra)
{
	const char *argv[32];
	char *portfile;
	size_t n = 0;
	struct timespec nap = {0, 20 * 1000 * 1000};

	memset(s, 0, sizeof(*s));
	s->dir = tu_tempdir();
	portfile = xasprintf("%s/port", s->dir);
	s->count = xasprintf("%s/count", s->dir);
	argv[n++] = "python3";
	argv[n++] = "tests/servers/latency_server.py";
	argv[n++] = "--port-file";
	argv[n++] = portfile;
	argv[n++] = "--count-file";
	argv[n++] = s->count;
	argv[n++] = "--lifetime";
	argv[n++] = "20";
	for (const char *const *a = extra; a && *a && n < 30; a++)
		argv[n++] = *a;
	argv[n] = NULL;
	s->pid = fork();
	ck_assert_int_ge(s->pid, 0);
	if (s->pid == 0) {
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 500 && !s->port; i++) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			if (fscanf(f, "%d", &s->port) != 1)
				s->port = 0;
			fclose(f);
		}
		if (!s->port)
			nanosleep(&nap, NULL);
	}
	free(portfile);
	ck_assert_msg(s->port > 0, "latency_server.py did not start");
}

static int ls_count(const struct lserver *s)
{
	FILE *f = fopen(s->count, "r");
	int n = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%d", &n) != 1)
		n = 0;
	fclose(f);
	return n;
}

static void ls_stop(struct lserver *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	tu_rmrf(s->dir);
	free(s->dir);
	free(s->count);
}

static char *http_policy(int port, const char *extra)
{
	return xasprintf("version: 1\n"
			 "latency:\n"
			 "  - name: api\n"
			 "    http: {url: \"http://127.0.0.1:%d/predict\", method: POST,"
			 " headers: {Content-Type: application/json}, body_file: policy.yml}\n"
			 "%s", port, extra);
}

START_TEST(test_http_ok_with_concurrency)
{
	struct lserver s;
	struct lt_run r;
	char *pol;
	const struct gate_result *g;

	ls_start(&s, NULL);
	pol = http_policy(s.port, "    runs: 12\n    warmup: 2\n    concurrency: 3\n"
			  "    timeout_s: 10\n    p95_ms: {max: 600000}\n"
			  "    error_rate: {max: 0}\n");
	ck_assert_int_eq(run_policy(&r, pol), 0);
	g = gate(&r, "latency.api.p95_ms");
	ck_assert_msg(g->status == GS_PASS, "%s", g->message);
	ck_assert_msg(has(g->details, "\"n\":12,") && has(g->details, "\"concurrency\":3"),
		      "%s", g->details);
	ck_assert_int_eq(gate(&r, "latency.api.error_rate")->status, GS_PASS);
	/* exactly warmup + runs requests */
	ck_assert_int_eq(ls_count(&s), 14);
	run_done(&r);
	free(pol);
	ls_stop(&s);
}
END_TEST

START_TEST(test_http_500_is_an_error_sample)
{
	struct lserver s;
	struct lt_run r;
	char *pol;
	const struct gate_result *g;
	const char *args[] = {"--mode", "status", "--status", "500", NULL};
	const char *every[] = {"--fail-every", "4", NULL};

	ls_start(&s, args);
	pol = http_policy(s.port, "    runs: 4\n    p95_ms: {max: 600000}\n");
	ck_assert_int_eq(run_policy(&r, pol), 0);
	g = gate(&r, "latency.api.p95_ms");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_msg(has(g->message, "HTTP status 500"), "%s", g->message);
	run_done(&r);
	free(pol);
	ls_stop(&s);

	/* requests 4 and 8 of warmup 1 + runs 8 fail: 2 of 8 */
	ls_start(&s, every);
	pol = http_policy(s.port, "    runs: 8\n    p95_ms: {max: 600000}\n"
			  "    error_rate: {max: 0.2}\n");
	ck_assert_int_eq(run_policy(&r, pol), 0);
	g = gate(&r, "latency.api.error_rate");
	ck_assert(g->value == 0.25);
	ck_assert_int_eq(g->status, GS_FAIL);
	ck_assert_int_eq(gate(&r, "latency.api.p95_ms")->status, GS_PASS);
	run_done(&r);
	free(pol);
	ls_stop(&s);
}
END_TEST

START_TEST(test_http_refused_and_never_answering)
{
	struct lserver s;
	struct lt_run r;
	char *pol;
	const struct gate_result *g;
	const char *hang[] = {"--mode", "hang", NULL};

	pol = http_policy(ts_closed_port(), "    runs: 3\n    p95_ms: {max: 600000}\n");
	ck_assert_int_eq(run_policy(&r, pol), 0);
	g = gate(&r, "latency.api.p95_ms");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_msg(has(g->message, "all 3 runs failed"), "%s", g->message);
	ck_assert_msg(has(g->details, "\"transport\":3"), "%s", g->details);
	run_done(&r);
	free(pol);

	ls_start(&s, hang);
	pol = http_policy(s.port, "    runs: 50\n    warmup: 0\n    timeout_s: 0.2\n"
			  "    p95_ms: {max: 600000}\n");
	ck_assert_int_eq(run_policy(&r, pol), 0);
	g = gate(&r, "latency.api.p95_ms");
	ck_assert_int_eq(g->status, GS_ERROR);
	ck_assert_msg(has(g->message, "timeout"), "%s", g->message);
	ck_assert_msg(has(g->details, "\"timeout\":3}"), "%s", g->details);
	ck_assert_int_eq(ls_count(&s), 3);
	run_done(&r);
	free(pol);
	ls_stop(&s);
}
END_TEST

Suite *suite_latency(void)
{
	Suite *s = suite_create("latency");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_command_ok);
	tcase_add_test(tc, test_command_errors_are_not_samples);
	tcase_add_test(tc, test_command_missing_and_hanging);
	tcase_add_test(tc, test_policy_refusals);
	tcase_add_test(tc, test_http_ok_with_concurrency);
	tcase_add_test(tc, test_http_500_is_an_error_sample);
	tcase_add_test(tc, test_http_refused_and_never_answering);
	suite_add_tcase(s, tc);
	return s;
}
