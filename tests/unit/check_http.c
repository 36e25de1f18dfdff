/* http.c against a real server on 127.0.0.1 (tests/servers/mlflow_server.py). */
#include "suites.h"
#include <stdlib.h>
#include <string.h>

#include "ext/http.h"
#include "ext/jsondoc.h"
#include "testserver.h"
#include "common/util.h"

static struct test_server srv;

static void setup(void)
{
	ck_assert_int_eq(http_global_init(), 0);
	ts_start(&srv, NULL);
}

static void teardown(void)
{
	ts_stop(&srv);
	http_global_cleanup();
}

static void req_init(struct http_request *rq, const char *method, const char *url)
{
	memset(rq, 0, sizeof(*rq));
	rq->method = method;
	rq->url = url;
	rq->connect_timeout_ms = 2000;
	rq->timeout_ms = 5000;
}

/* The echo endpoint's view of the request, parsed. */
static struct jval *echo_of(const struct http_response *res)
{
	struct jval *v = jv_parse(res->body, res->body_len, "echo", 3, NULL);
	ck_assert_ptr_nonnull(v);
	return v;
}

START_TEST(test_get_with_headers)
{
	struct http_request rq;
	struct http_response res;
	const char *hdrs[] = {"X-Probe: one", "Accept: application/json", NULL};
	char *url = ts_url(&srv, "/test/echo?a=1");
	struct jval *v, *h;

	req_init(&rq, "GET", url);
	rq.headers = hdrs;
	ck_assert_int_eq(http_perform(&rq, &res), 0);
	ck_assert_int_eq(res.status, 200);
	ck_assert_str_eq(res.content_type, "application/json");
	ck_assert_int_eq(res.truncated, 0);
	ck_assert_ptr_null(res.retry_after);
	ck_assert(res.elapsed_ms >= 0);
	v = echo_of(&res);
	ck_assert_str_eq(jv_string(jv_get(v, "method")), "GET");
	ck_assert_str_eq(jv_string(jv_get(v, "query")), "a=1");
	h = jv_get(v, "headers");
	ck_assert_str_eq(jv_string(jv_get(h, "x-probe")), "one");
	ck_assert_str_eq(jv_string(jv_get(h, "user-agent")), "mlgate/" MLGATE_VERSION);
	jv_free(v);
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_delete_carries_a_json_body)
{
	/* MLflow's DELETE endpoints take their fields in a JSON body. */
	struct http_request rq;
	struct http_response res;
	const char *hdrs[] = {"Content-Type: application/json", NULL};
	const char *body = "{\"name\":\"m\",\"alias\":\"champion\"}";
	char *url = ts_url(&srv, "/test/echo");
	struct jval *v;

	req_init(&rq, "DELETE", url);
	rq.headers = hdrs;
	rq.body = body;
	rq.body_len = strlen(body);
	ck_assert_int_eq(http_perform(&rq, &res), 0);
	ck_assert_int_eq(res.status, 200);
	v = echo_of(&res);
	ck_assert_str_eq(jv_string(jv_get(v, "method")), "DELETE");
	ck_assert_str_eq(jv_string(jv_get(v, "body")), body);
	ck_assert_str_eq(jv_string(jv_get(jv_get(v, "headers"), "content-type")), "application/json");
	jv_free(v);
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_post_body_with_nul_free_length)
{
	/* body_len, not strlen, decides what is sent */
	struct http_request rq;
	struct http_response res;
	char *url = ts_url(&srv, "/test/echo");
	struct jval *v;

	req_init(&rq, "POST", url);
	rq.body = "abcdef";
	rq.body_len = 3;
	ck_assert_int_eq(http_perform(&rq, &res), 0);
	v = echo_of(&res);
	ck_assert_str_eq(jv_string(jv_get(v, "method")), "POST");
	ck_assert_str_eq(jv_string(jv_get(v, "body")), "abc");
	jv_free(v);
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_body_capped)
{
	struct http_request rq;
	struct http_response res;
	char *url = ts_url(&srv, "/test/big?n=50000");

	req_init(&rq, "GET", url);
	rq.max_response = 100;
	ck_assert_int_eq(http_perform(&rq, &res), 0);
	ck_assert_int_eq(res.status, 200);
	ck_assert_int_eq(res.truncated, 1);
	ck_assert_uint_eq(res.body_len, 100);
	ck_assert_uint_eq(strlen(res.body), 100);
	http_response_release(&res);
	free(url);

	/* exactly the cap is not truncated */
	url = ts_url(&srv, "/test/big?n=100");
	req_init(&rq, "GET", url);
	rq.max_response = 100;
	ck_assert_int_eq(http_perform(&rq, &res), 0);
	ck_assert_int_eq(res.truncated, 0);
	ck_assert_uint_eq(res.body_len, 100);
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_status_and_retry_after)
{
	struct http_request rq;
	struct http_response res;
	char *url = ts_url(&srv, "/test/status?code=429&retry_after=7&body=slow%20down");

	req_init(&rq, "GET", url);
	ck_assert_int_eq(http_perform(&rq, &res), 0);
	ck_assert_int_eq(res.status, 429);
	ck_assert_str_eq(res.retry_after, "7");
	ck_assert_str_eq(res.body, "slow down");
	ck_assert_str_eq(res.content_type, "text/plain");
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_timeout)
{
	struct http_request rq;
	struct http_response res;
	char *url = ts_url(&srv, "/test/slow?ms=3000");

	req_init(&rq, "GET", url);
	rq.timeout_ms = 200;
	ck_assert_int_eq(http_perform(&rq, &res), -1);
	ck_assert_int_eq(res.status, 0);
	ck_assert_msg(strstr(res.error, "imed out") != NULL, "error: %s", res.error);
	ck_assert_int_eq(res.not_sent, 0); /* the server got it: not blindly retryable */
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_connection_refused)
{
	struct http_request rq;
	struct http_response res;
	char *url = xasprintf("http://127.0.0.1:%d/x", ts_closed_port());

	req_init(&rq, "GET", url);
	ck_assert_int_eq(http_perform(&rq, &res), -1);
	ck_assert_int_eq(res.status, 0);
	ck_assert(res.error[0] != '\0');
	ck_assert_int_eq(res.not_sent, 1);
	ck_assert_ptr_nonnull(res.body); /* releasable in every case */
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_truncated_transfer)
{
	/* Content-Length 100, 10 bytes, then the connection closes */
	struct http_request rq;
	struct http_response res;
	char *url = ts_url(&srv, "/test/truncate");

	req_init(&rq, "GET", url);
	ck_assert_int_eq(http_perform(&rq, &res), -1);
	ck_assert_int_eq(res.status, 0);
	ck_assert_msg(strstr(res.error, "truncated") != NULL, "error: %s", res.error);
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_redirect_not_followed_by_default)
{
	struct http_request rq;
	struct http_response res;
	char *target = ts_url(&srv, "/test/echo");
	char *path = xasprintf("/test/redirect?to=%s", target);
	char *url = ts_url(&srv, path);

	req_init(&rq, "GET", url);
	ck_assert_int_eq(http_perform(&rq, &res), 0);
	ck_assert_int_eq(res.status, 302);
	ck_assert_int_eq(ts_count(&srv), 1); /* the target was never asked */
	http_response_release(&res);
	free(url);
	free(path);
	free(target);
}
END_TEST

START_TEST(test_redirect_to_other_host_drops_credentials)
{
	/* 127.0.0.1 -> localhost is another host name for curl: when asked to
	 * follow, the Authorization header must stay behind. */
	struct http_request rq;
	struct http_response res;
	const char *hdrs[] = {"Authorization: Bearer s3cr3t-token", NULL};
	char *target = xasprintf("http://localhost:%d/test/echo", srv.port);
	char *path = xasprintf("/test/redirect?to=%s", target);
	char *url = ts_url(&srv, path);
	struct jval *v;

	req_init(&rq, "GET", url);
	rq.headers = hdrs;
	rq.follow_redirects = 1;
	ck_assert_int_eq(http_perform(&rq, &res), 0);
	ck_assert_int_eq(res.status, 200);
	v = echo_of(&res);
	ck_assert_ptr_null(jv_get(jv_get(v, "headers"), "authorization"));
	jv_free(v);
	http_response_release(&res);
	free(url);
	free(path);
	free(target);
}
END_TEST

START_TEST(test_only_http_and_https)
{
	struct http_request rq;
	struct http_response res;
	char *path, *url;

	req_init(&rq, "GET", "file:///etc/hostname");
	ck_assert_int_eq(http_perform(&rq, &res), -1);
	http_response_release(&res);

	/* nor through a redirect */
	path = xasprintf("/test/redirect?to=%s", "file:///etc/hostname");
	url = ts_url(&srv, path);
	req_init(&rq, "GET", url);
	rq.follow_redirects = 1;
	ck_assert_int_eq(http_perform(&rq, &res), -1);
	ck_assert_int_eq(res.status, 0);
	http_response_release(&res);
	free(url);
	free(path);

	req_init(&rq, "GET", "");
	ck_assert_int_eq(http_perform(&rq, &res), -1);
	http_response_release(&res);
}
END_TEST

START_TEST(test_origins)
{
	ck_assert(http_same_origin("https://Reg.example:443/a", "https://reg.example/b?x"));
	ck_assert(http_same_origin("http://reg.example/", "http://reg.example:80"));
	ck_assert(!http_same_origin("https://reg.example", "https://reg.example:8443"));
	ck_assert(!http_same_origin("https://reg.example", "http://reg.example"));
	ck_assert(!http_same_origin("https://reg.example", "https://reg.example.evil.test"));
	/* userinfo is not the host */
	ck_assert(!http_same_origin("https://reg.example@evil.test/", "https://reg.example/"));
	ck_assert(!http_same_origin("not a url", "not a url"));

	ck_assert(http_plain_remote("http://reg.example:5000/mlflow"));
	ck_assert(http_plain_remote("HTTP://10.0.0.7/"));
	ck_assert(http_plain_remote("http://localhost.evil.test/"));
	ck_assert(http_plain_remote("http://127.0.0.1.nip.io/"));
	ck_assert(!http_plain_remote("https://reg.example/"));
	ck_assert(!http_plain_remote("http://localhost:5000/"));
	ck_assert(!http_plain_remote("http://127.0.0.1:5000/"));
	ck_assert(!http_plain_remote("http://127.1.2.3/"));
	ck_assert(!http_plain_remote("http://[::1]:8080/"));
}
END_TEST

START_TEST(test_tls_failure_is_a_transport_error)
{
	/* https to a plain-HTTP server: the handshake fails, whatever the
	 * verification setting; a clear -1, not a crash or a status. */
	struct http_request rq;
	struct http_response res;
	char *url = xasprintf("https://127.0.0.1:%d/test/echo", srv.port);

	req_init(&rq, "GET", url);
	rq.ca_path = "/nonexistent/ca.pem";
	ck_assert_int_eq(http_perform(&rq, &res), -1);
	ck_assert_int_eq(res.status, 0);
	ck_assert(res.error[0] != '\0');
	http_response_release(&res);
	free(url);
}
END_TEST

START_TEST(test_retry_after_values)
{
	ck_assert_int_eq(http_retry_after_ms("7"), 7000);
	ck_assert_int_eq(http_retry_after_ms(" 0 "), 0);
	ck_assert_int_eq(http_retry_after_ms(NULL), -1);
	ck_assert_int_eq(http_retry_after_ms("soon"), -1);
	ck_assert_int_eq(http_retry_after_ms("5s"), -1);
	/* an HTTP date long past means "now" */
	ck_assert_int_eq(http_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT"), 0);
}
END_TEST

Suite *suite_http(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("loopback");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_get_with_headers);
	tcase_add_test(tc, test_delete_carries_a_json_body);
	tcase_add_test(tc, test_post_body_with_nul_free_length);
	tcase_add_test(tc, test_body_capped);
	tcase_add_test(tc, test_status_and_retry_after);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_connection_refused);
	tcase_add_test(tc, test_truncated_transfer);
	tcase_add_test(tc, test_redirect_not_followed_by_default);
	tcase_add_test(tc, test_redirect_to_other_host_drops_credentials);
	tcase_add_test(tc, test_only_http_and_https);
	tcase_add_test(tc, test_tls_failure_is_a_transport_error);
	tcase_add_test(tc, test_origins);
	suite_add_tcase(s, tc);
	tc = tcase_create("values");
	tcase_add_test(tc, test_retry_after_values);
	suite_add_tcase(s, tc);
	return s;
}
