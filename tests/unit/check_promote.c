/* Promotion's building blocks: encodings, secret scrubbing, backoff, error
 * messages, auth from the environment, retries against the loopback
 * registry (with a recording sleep, so no test waits on a clock), the
 * registry baseline document, and policy validation. */
#define _POSIX_C_SOURCE 200809L
#include "suites.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ext/http.h"
#include "ext/jsondoc.h"
#include "registry/mlflow.h"
#include "core/policy.h"
#include "registry/promote.h"
#include "run/run.h"
#include "testserver.h"
#include "testutil.h"
#include "common/util.h"

static const char *const mlflow_env[] = {
	"MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME",
	"MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_INSECURE_TLS",
	"MLFLOW_TRACKING_SERVER_CERT_PATH", NULL,
};

static void clear_env(void)
{
	for (size_t i = 0; mlflow_env[i]; i++)
		unsetenv(mlflow_env[i]);
}

START_TEST(test_base64_rfc4648)
{
	/* RFC 4648 section 10 */
	const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	const char *out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};

	for (size_t i = 0; i < 7; i++) {
		char *b = mf_base64(in[i], strlen(in[i]));
		ck_assert_str_eq(b, out[i]);
		free(b);
	}
}
END_TEST

START_TEST(test_urlencode)
{
	struct sbuf sb;

	sbuf_init(&sb, 0);
	mf_urlencode(&sb, "a b/c&d=\xc3\xa9~_.-Z9");
	ck_assert_str_eq(sbuf_str(&sb), "a%20b%2Fc%26d%3D%C3%A9~_.-Z9");
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_scrub_longest_first)
{
	struct mf_session s;
	char *t;

	mf_session_init(&s);
	mf_add_secret(&s, "abc");
	mf_add_secret(&s, "abcdef");
	mf_add_secret(&s, "");
	mf_add_secret(&s, NULL);
	ck_assert_uint_eq(s.nsecrets, 2);
	t = mf_scrub(&s, "xabcdefy abc ab");
	ck_assert_str_eq(t, "x***y *** ab");
	free(t);
	t = mf_scrub(&s, NULL);
	ck_assert_str_eq(t, "");
	free(t);
	mf_session_release(&s);
}
END_TEST

START_TEST(test_backoff_bounds)
{
	struct mf_session s;

	mf_session_init(&s);
	s.backoff_ms = 100;
	s.max_wait_ms = 1000;
	for (int round = 0; round < 50; round++) {
		/* equal jitter: between half and all of 100 * 2^(attempt-1) */
		double w1 = mf_backoff_ms(&s, 1, -1), w2 = mf_backoff_ms(&s, 2, -1),
		       w3 = mf_backoff_ms(&s, 3, -1), w9 = mf_backoff_ms(&s, 9, -1);
		ck_assert(w1 >= 50 && w1 <= 100);
		ck_assert(w2 >= 100 && w2 <= 200);
		ck_assert(w3 >= 200 && w3 <= 400);
		ck_assert(w9 >= 500 && w9 <= 1000); /* 25600 capped at 1000 */
	}
	/* the server's Retry-After wins, but is capped too */
	ck_assert(mf_backoff_ms(&s, 1, 200) == 200);
	ck_assert(mf_backoff_ms(&s, 1, 0) == 0);
	ck_assert(mf_backoff_ms(&s, 1, 5000) == 1000);
	mf_session_release(&s);
}
END_TEST

static void error_of(long status, const char *ctype, const char *body, int truncated,
		     const char *want)
{
	struct http_response res;
	char buf[512];

	memset(&res, 0, sizeof(res));
	res.status = status;
	res.content_type = (char *)ctype;
	res.body = (char *)body;
	res.body_len = strlen(body);
	res.truncated = truncated;
	mf_response_error(&res, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
}

START_TEST(test_response_error_text)
{
	char big[1000];

	error_of(400, "application/json",
		 "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Registered model alias x not found.\"}",
		 0, "HTTP 400: INVALID_PARAMETER_VALUE: Registered model alias x not found.");
	error_of(404, "text/html; charset=utf-8",
		 "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n",
		 0, "HTTP 404: 404 Not Found Not Found");
	error_of(403, "text/plain", "Permission denied", 0, "HTTP 403: Permission denied");
	error_of(503, NULL, "", 0, "HTTP 503");
	/* control characters never reach a terminal */
	error_of(500, "text/plain", "bad\x1b[31mred\tline\r\nnext", 0, "HTTP 500: bad [31mred line next");
	/* JSON without error_code/message: shown as text */
	error_of(502, "application/json", "[1,2]", 0, "HTTP 502: [1,2]");
	/* a truncated JSON body is not parsed; its first bytes are shown */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	{
		struct http_response res;
		char buf[512];

		memset(&res, 0, sizeof(res));
		res.status = 500;
		res.body = big;
		res.body_len = strlen(big);
		mf_response_error(&res, buf, sizeof(buf));
		ck_assert_uint_eq(strlen(buf), strlen("HTTP 500: ") + 300 + 3);
		ck_assert(strcmp(buf + strlen(buf) - 3, "...") == 0);
	}
	error_of(302, "text/html", "", 0,
		 "HTTP 302: a redirect, not followed (mlgate never sends credentials to another "
		 "address); use the final URL");
}
END_TEST

START_TEST(test_auth_from_environment)
{
	struct mf_session s;
	struct mf_registry r;
	char warn[512];
	struct mg_error why = {0};
	char *t, *home, *mlflow_dir, *cred;

	clear_env();
	home = tu_tempdir();
	setenv("HOME", home, 1); /* no credentials file */
	mf_session_init(&s);
	/* no URI at all */
	ck_assert_int_eq(mf_registry_init(&r, &s, NULL, warn, sizeof(warn), &why), -1);
	ck_assert(strstr(why.msg, "MLFLOW_TRACKING_URI") != NULL);

	/* token only: bearer */
	setenv("MLFLOW_TRACKING_URI", "https://mlflow.example.com/", 1);
	setenv("MLFLOW_TRACKING_TOKEN", "tok-123456", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, NULL, warn, sizeof(warn), &why), 0);
	ck_assert_str_eq(r.auth_kind, "bearer");
	ck_assert_str_eq(r.auth, "Authorization: Bearer tok-123456");
	ck_assert_str_eq(r.base, "https://mlflow.example.com");
	ck_assert_str_eq(warn, "");
	mf_registry_release(&r);

	/* both: basic wins (Python client's rule), with a warning */
	setenv("MLFLOW_TRACKING_USERNAME", "admin", 1);
	setenv("MLFLOW_TRACKING_PASSWORD", "password", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, NULL, warn, sizeof(warn), &why), 0);
	ck_assert_str_eq(r.auth_kind, "basic");
	/* the reference's wire log: admin:password */
	ck_assert_str_eq(r.auth, "Authorization: Basic YWRtaW46cGFzc3dvcmQ=");
	ck_assert(strstr(warn, "MLFLOW_TRACKING_TOKEN is ignored") != NULL);
	mf_registry_release(&r);
	t = mf_scrub(&s, "tok-123456 password YWRtaW46cGFzc3dvcmQ= admin");
	ck_assert_str_eq(t, "*** *** *** admin");
	free(t);
	/* echoed lower-cased, upper-cased or escaped: still hidden */
	t = mf_scrub(&s, "TOK-123456 tok\\u002d123456 tok%2D123456 PASSWORD ywrtaw46cgfzc3dvcmq=");
	ck_assert_str_eq(t, "*** *** *** *** ***");
	free(t);

	/* a user without a password: not basic; the token is used */
	unsetenv("MLFLOW_TRACKING_PASSWORD");
	ck_assert_int_eq(mf_registry_init(&r, &s, NULL, warn, sizeof(warn), &why), 0);
	ck_assert_str_eq(r.auth_kind, "bearer");
	ck_assert(strstr(warn, "without MLFLOW_TRACKING_PASSWORD") != NULL);
	mf_registry_release(&r);

	/* TLS settings: MLflow's spellings only; insecure for the tracking
	 * server's origin only, with a warning */
	setenv("MLFLOW_TRACKING_INSECURE_TLS", "yes", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, NULL, warn, sizeof(warn), &why), -1);
	ck_assert(strstr(why.msg, "must be true or false") != NULL);
	ck_assert_int_eq(s.insecure_tls, 0);
	setenv("MLFLOW_TRACKING_INSECURE_TLS", "FALSE", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, NULL, warn, sizeof(warn), &why), 0);
	ck_assert_int_eq(s.insecure_tls, 0);
	mf_registry_release(&r);
	setenv("MLFLOW_TRACKING_INSECURE_TLS", "True", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, NULL, warn, sizeof(warn), &why), 0);
	ck_assert_int_eq(s.insecure_tls, 1);
	ck_assert_str_eq(s.insecure_origin, "https://mlflow.example.com");
	ck_assert(strstr(warn, "the TLS certificate of https://mlflow.example.com is not verified") != NULL);
	mf_registry_release(&r);
	setenv("MLFLOW_TRACKING_SERVER_CERT_PATH", "/x/ca.pem", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, NULL, warn, sizeof(warn), &why), -1);
	ck_assert(strstr(why.msg, "exclude each other") != NULL);
	mf_session_release(&s);

	/* a token over plain http: a warning unless the server is local */
	clear_env();
	mf_session_init(&s);
	setenv("MLFLOW_TRACKING_TOKEN", "tok-123456", 1);
	setenv("MLFLOW_TRACKING_URI", "http://reg.example:5000", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, "http://reg.example:5000", warn, sizeof(warn),
					  &why), 0);
	ck_assert(strstr(warn, "credentials go over plain http:// to http://reg.example:5000") != NULL);
	mf_registry_release(&r);
	setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, "http://127.0.0.1:5000", warn, sizeof(warn),
					  &why), 0);
	ck_assert_str_eq(warn, "");
	mf_registry_release(&r);
	mf_session_release(&s);

	/* credentials in the URI: never shown */
	clear_env();
	mf_session_init(&s);
	ck_assert_int_eq(mf_registry_init(&r, &s, "http://bob:hunter2-long@reg.local:5000/mlflow",
					  warn, sizeof(warn), &why), 0);
	ck_assert_str_eq(r.shown_base, "http://***@reg.local:5000/mlflow");
	ck_assert_str_eq(r.auth_kind, "none");
	t = mf_scrub(&s, "hunter2-long");
	ck_assert_str_eq(t, "***");
	free(t);
	mf_registry_release(&r);
	/* not an http(s) URI */
	ck_assert_int_eq(mf_registry_init(&r, &s, "databricks://profile", warn, sizeof(warn), &why), -1);
	ck_assert(strstr(why.msg, "not an http:// or https:// URL") != NULL);
	mf_session_release(&s);

	/* ~/.mlflow/credentials: each of user and password falls back to
	 * it, the environment winning */
	mlflow_dir = xasprintf("%s/.mlflow", home);
	ck_assert_int_eq(mkdir(mlflow_dir, 0700), 0);
	cred = tu_write(mlflow_dir, "credentials",
			"[default]\nmlflow_tracking_username = wrong\n"
			"[mlflow]\n# a comment\nmlflow_tracking_username = carol\n"
			"mlflow_tracking_password: file-pass-9876 \r\n");
	mf_session_init(&s);
	setenv("MLFLOW_TRACKING_URI", "http://h", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, "http://h", warn, sizeof(warn), &why), 0);
	/* base64("carol:file-pass-9876"), by `printf carol:file-pass-9876 | base64` */
	ck_assert_str_eq(r.auth, "Authorization: Basic Y2Fyb2w6ZmlsZS1wYXNzLTk4NzY=");
	t = mf_scrub(&s, "file-pass-9876");
	ck_assert_str_eq(t, "***");
	free(t);
	mf_registry_release(&r);
	setenv("MLFLOW_TRACKING_USERNAME", "dave", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, "http://h", warn, sizeof(warn), &why), 0);
	/* printf dave:file-pass-9876 | base64 */
	ck_assert_str_eq(r.auth, "Authorization: Basic ZGF2ZTpmaWxlLXBhc3MtOTg3Ng==");
	mf_registry_release(&r);
	/* credentials are bound to MLFLOW_TRACKING_URI's origin: another
	 * host, or the same host on another port or scheme, gets none */
	setenv("MLFLOW_TRACKING_TOKEN", "tok-bound-4242", 1);
	ck_assert_int_eq(mf_registry_init(&r, &s, "http://attacker.example", warn, sizeof(warn),
					  &why), 0);
	ck_assert_ptr_null(r.auth);
	ck_assert_str_eq(r.auth_kind, "none");
	ck_assert(strstr(warn, "sending no credentials") != NULL);
	mf_registry_release(&r);
	ck_assert_int_eq(mf_registry_init(&r, &s, "http://h:8080", warn, sizeof(warn), &why), 0);
	ck_assert_ptr_null(r.auth);
	mf_registry_release(&r);
	ck_assert_int_eq(mf_registry_init(&r, &s, "https://h", warn, sizeof(warn), &why), 0);
	ck_assert_ptr_null(r.auth);
	mf_registry_release(&r);
	ck_assert_int_eq(mf_registry_init(&r, &s, "HTTP://H:80/api", warn, sizeof(warn), &why), 0);
	ck_assert_ptr_nonnull(r.auth); /* same origin, spelled otherwise */
	mf_registry_release(&r);
	mf_session_release(&s);
	clear_env();
	free(cred);
	free(mlflow_dir);
	tu_rmrf(home);
	free(home);
}
END_TEST

/* ----- against the loopback registry ----- */

struct waits {
	double ms[16];
	int n;
};

static void record_sleep(double ms, void *arg)
{
	struct waits *w = arg;

	if (w->n < 16)
		w->ms[w->n] = ms;
	w->n++;
}

static struct test_server srv;

static void srv_teardown(void)
{
	ts_stop(&srv);
	http_global_cleanup();
}

static void session_for_test(struct mf_session *s, struct waits *w)
{
	mf_session_init(s);
	s->connect_ms = 2000;
	s->timeout_ms = 5000;
	s->retries = 3;
	s->backoff_ms = 100;
	s->sleep_ms = record_sleep;
	s->sleep_arg = w;
	memset(w, 0, sizeof(*w));
}

static int call(struct mf_session *s, const char *url, enum mf_retry retry,
		struct mg_error *err)
{
	struct mf_call c;

	memset(&c, 0, sizeof(c));
	c.step = "t";
	c.method = "GET";
	c.url = url;
	c.shown_url = url;
	c.retry = retry;
	return mf_call(s, &c, NULL, err);
}

START_TEST(test_retry_after_honoured)
{
	const char *args[] = {"--fault", "{\"path\": \"/test/echo\", \"kind\": \"status\", \"status\": 429, "
			      "\"retry_after\": \"2\", \"times\": 1}", NULL};
	struct mf_session s;
	struct waits w;
	char *url, *trail;
	struct mg_error why = {0};

	ck_assert_int_eq(http_global_init(), 0);
	ts_start(&srv, args);
	session_for_test(&s, &w);
	url = ts_url(&srv, "/test/echo");
	ck_assert_int_eq(call(&s, url, MF_RETRY_UNSENT_ONLY, &why), 0);
	ck_assert_int_eq(w.n, 1);
	ck_assert(w.ms[0] == 2000); /* the server's 2 s, not the 50..100 ms backoff */
	ck_assert_int_eq(ts_count(&srv), 2);
	trail = mf_trail_json(&s);
	ck_assert_msg(strstr(trail, "\"status\":200,\"attempts\":2,\"ok\":true") != NULL, "%s", trail);
	free(trail);
	free(url);
	mf_session_release(&s);
}
END_TEST

START_TEST(test_no_retry_on_4xx)
{
	struct mf_session s;
	struct waits w;
	char *url;
	struct mg_error why = {0};

	ck_assert_int_eq(http_global_init(), 0);
	ts_start(&srv, NULL);
	session_for_test(&s, &w);
	url = ts_url(&srv, "/test/status?code=404&body=gone");
	ck_assert_int_eq(call(&s, url, MF_RETRY_IDEMPOTENT, &why), -1);
	ck_assert_str_eq(why.msg, "HTTP 404: gone");
	ck_assert_int_eq(w.n, 0);
	ck_assert_int_eq(ts_count(&srv), 1);
	free(url);
	mf_session_release(&s);
}
END_TEST

START_TEST(test_5xx_retried_only_when_idempotent)
{
	struct mf_session s;
	struct waits w;
	char *url;
	struct mg_error why = {0};

	ck_assert_int_eq(http_global_init(), 0);
	ts_start(&srv, NULL);
	session_for_test(&s, &w);
	url = ts_url(&srv, "/test/status?code=500&body=boom");
	/* a webhook that may have acted: a 500 is final */
	ck_assert_int_eq(call(&s, url, MF_RETRY_UNSENT_ONLY, &why), -1);
	ck_assert_int_eq(w.n, 0);
	ck_assert_str_eq(why.msg, "HTTP 500: boom");
	/* an idempotent call: 1 + 3 retries, backoff growing */
	ck_assert_int_eq(call(&s, url, MF_RETRY_IDEMPOTENT, &why), -1);
	ck_assert_int_eq(w.n, 3);
	ck_assert(w.ms[0] >= 50 && w.ms[0] <= 100);
	ck_assert(w.ms[1] >= 100 && w.ms[1] <= 200);
	ck_assert(w.ms[2] >= 200 && w.ms[2] <= 400);
	ck_assert_str_eq(why.msg, "HTTP 500: boom (after 4 attempts)");
	ck_assert_int_eq(ts_count(&srv), 5);
	free(url);
	mf_session_release(&s);
}
END_TEST

START_TEST(test_refused_is_retried_even_when_unsafe)
{
	struct mf_session s;
	struct waits w;
	struct mg_error why = {0};
	char *url = xasprintf("http://127.0.0.1:%d/x", ts_closed_port());

	ck_assert_int_eq(http_global_init(), 0);
	session_for_test(&s, &w);
	s.retries = 2;
	/* never sent, so even a non-idempotent call may go again */
	ck_assert_int_eq(call(&s, url, MF_RETRY_UNSENT_ONLY, &why), -1);
	ck_assert_int_eq(w.n, 2);
	ck_assert(strstr(why.msg, "(after 3 attempts)") != NULL);
	free(url);
	mf_session_release(&s);
	http_global_cleanup();
}
END_TEST

START_TEST(test_run_metrics_document)
{
	char *dir = tu_tempdir();
	char *state = tu_write(dir, "state.json",
			       "{\"models\": {}, \"runs\": {\"r1\": {\"metrics\": "
			       "{\"f1_score\": 0.875, \"latency_ms.p95\": 41.5, \"loss\": NaN}}, "
			       "\"r2\": {}}}");
	const char *args[] = {"--state", state, NULL};
	struct mf_session s;
	struct mf_registry r;
	struct waits w;
	struct jval *doc;
	char warn[256], *uri;
	struct mg_error why = {0};
	double v;

	clear_env();
	ck_assert_int_eq(http_global_init(), 0);
	ts_start(&srv, args);
	session_for_test(&s, &w);
	uri = ts_url(&srv, "");
	ck_assert_int_eq(mf_registry_init(&r, &s, uri, warn, sizeof(warn), &why), 0);
	doc = mf_run_metrics(&r, "r1", &why);
	ck_assert_msg(doc != NULL, "%s", why.msg);
	ck_assert_int_eq(jv_get_number(doc, "f1_score", &v), 0);
	ck_assert(v == 0.875);
	ck_assert_int_eq(jv_get_number(doc, "latency_ms.p95", &v), 0);
	ck_assert(v == 41.5);
	/* NaN stays non-finite, so a gate on it fails closed */
	ck_assert_int_eq(jv_type(jv_get(doc, "loss")), J_NONFINITE);
	jv_free(doc);
	/* a run without metrics (the server omits the empty list) */
	doc = mf_run_metrics(&r, "r2", &why);
	ck_assert_ptr_nonnull(doc);
	ck_assert_uint_eq(jv_size(doc), 0);
	jv_free(doc);
	ck_assert_ptr_null(mf_run_metrics(&r, "nope", &why));
	ck_assert(strstr(why.msg, "HTTP 404: RESOURCE_DOES_NOT_EXIST") != NULL);
	mf_registry_release(&r);
	mf_session_release(&s);
	free(uri);
	free(state);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

/* ----- policy validation ----- */

static struct policy *load(const char *text, struct mg_diags *d, char **dir_out)
{
	char *dir = tu_tempdir(), *path = tu_write(dir, "p.yml", text);
	struct policy_opts po;
	struct policy *p;

	memset(&po, 0, sizeof(po));
	po.allow_no_gates = 1;
	mg_diags_init(d);
	p = run_policy_load(path, &po, d);
	free(path);
	*dir_out = dir;
	return p;
}

START_TEST(test_policy_errors_never_show_env_values)
{
	struct mg_diags d;
	struct policy *p;
	char *dir;
	int saw = 0;

	setenv("SECRET_VER", "s3cr3t-value-xyz", 1);
	setenv("SECRET_HOOK", "ftp://user:s3cr3t-hook@x", 1);
	p = load("version: 1\npromote:\n  mlflow: {model: m, version: \"${SECRET_VER}\", alias: a}\n"
		 "  webhook: {url: \"${SECRET_HOOK}\"}\n", &d, &dir);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(d.n, 2);
	for (size_t i = 0; i < d.n; i++) {
		ck_assert_msg(strstr(d.v[i].msg, "s3cr3t") == NULL, "%s", d.v[i].msg);
		saw += strstr(d.v[i].msg, "${SECRET_VER}") != NULL;
		saw += strstr(d.v[i].msg, "${SECRET_HOOK}") != NULL;
	}
	ck_assert_int_eq(saw, 2);
	mg_diags_release(&d);
	tu_rmrf(dir);
	free(dir);
	unsetenv("SECRET_VER");
	unsetenv("SECRET_HOOK");
}
END_TEST

START_TEST(test_policy_valid_and_required)
{
	struct mg_diags d;
	struct policy *p;
	char *dir;

	p = load("version: 1\npromote:\n  mlflow: {model: m, version: 12, stage: staging, "
		 "archive_existing: true, tags: {a: b}}\n  webhook:\n    url: https://h/x\n"
		 "    headers: {Authorization: Bearer t}\n    expect_status: [200, 202]\n"
		 "  timeout_s: 2.5\n  retries: 0\n", &d, &dir);
	ck_assert_msg(p != NULL, "%s", d.n ? d.v[0].msg : "");
	ck_assert_int_eq(promote_configured(p), 1);
	policy_free(p);
	mg_diags_release(&d);
	tu_rmrf(dir);
	free(dir);

	/* neither alias nor stage; neither mlflow nor webhook; header injection */
	p = load("version: 1\npromote:\n  mlflow: {model: m, version: 1}\n", &d, &dir);
	ck_assert_ptr_null(p);
	ck_assert(strstr(d.v[0].msg, "needs 'alias'") != NULL);
	mg_diags_release(&d);
	tu_rmrf(dir);
	free(dir);
	p = load("version: 1\npromote: {retries: 1}\n", &d, &dir);
	ck_assert_ptr_null(p);
	ck_assert(strstr(d.v[0].msg, "needs 'mlflow' or 'webhook'") != NULL);
	mg_diags_release(&d);
	tu_rmrf(dir);
	free(dir);
	p = load("version: 1\npromote:\n  webhook: {url: \"http://h/\", headers: {X-A: \"a\\r\\nX-B: b\"}}\n",
		 &d, &dir);
	ck_assert_ptr_null(p);
	ck_assert(strstr(d.v[0].msg, "line break") != NULL);
	mg_diags_release(&d);
	tu_rmrf(dir);
	free(dir);
	p = load("version: 1\nbaseline: {mlflow: {model: m}}\nmodel: [{metric: f, baseline: {max_drop: 1}}]\n",
		 &d, &dir);
	ck_assert_ptr_null(p);
	ck_assert(strstr(d.v[0].msg, "needs 'alias'") != NULL);
	mg_diags_release(&d);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

Suite *suite_promote(void)
{
	Suite *s = suite_create("promote");
	TCase *tc = tcase_create("pieces");

	tcase_add_test(tc, test_base64_rfc4648);
	tcase_add_test(tc, test_urlencode);
	tcase_add_test(tc, test_scrub_longest_first);
	tcase_add_test(tc, test_backoff_bounds);
	tcase_add_test(tc, test_response_error_text);
	tcase_add_test(tc, test_auth_from_environment);
	tcase_add_test(tc, test_policy_errors_never_show_env_values);
	tcase_add_test(tc, test_policy_valid_and_required);
	suite_add_tcase(s, tc);
	tc = tcase_create("loopback");
	tcase_add_checked_fixture(tc, NULL, srv_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_retry_after_honoured);
	tcase_add_test(tc, test_no_retry_on_4xx);
	tcase_add_test(tc, test_5xx_retried_only_when_idempotent);
	tcase_add_test(tc, test_refused_is_retried_even_when_unsafe);
	tcase_add_test(tc, test_run_metrics_document);
	suite_add_tcase(s, tc);
	return s;
}
