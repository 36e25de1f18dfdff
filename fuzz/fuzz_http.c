/* fuzz target: HTTP responses from a model registry, end to end through
 * libcurl (http.c) and the MLflow layer (mlflow.c).  A server thread on
 * 127.0.0.1 answers each request with the fuzzer's bytes verbatim.  Input:
 * RESPONSE1 "\n%%\n" RESPONSE2 -- the answer to registered-models/alias,
 * then to runs/get (the baseline metrics of that version's run).
 * Invariants: a call succeeds only with the fields it promised; a failure
 * always says why; the baseline is an object whose metrics are finite
 * numbers or fail the lookup. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "ext/http.h"
#include "ext/jsondoc.h"
#include "core/metrics.h"
#include "registry/mlflow.h"

static int listen_fd = -1, port;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static const uint8_t *resp;
static size_t resp_len;

/* Read the request: headers, then Content-Length bytes of body. */
static void drain(int fd)
{
	char buf[8192];
	size_t have = 0;
	long body = -1;

	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *end;
		if (n <= 0)
			return;
		have += (size_t)n;
		buf[have] = '\0';
		end = strstr(buf, "\r\n\r\n");
		if (end) {
			char *cl = strcasestr(buf, "content-length:");
			body = cl ? atol(cl + 15) : 0;
			body -= (long)(have - (size_t)(end + 4 - buf));
			while (body > 0) {
				n = read(fd, buf, sizeof(buf));
				if (n <= 0)
					break;
				body -= n;
			}
			return;
		}
		if (have == sizeof(buf) - 1)
			return;
	}
}

static void *serve(void *arg)
{
	(void)arg;
	for (;;) {
		int fd = accept(listen_fd, NULL, NULL);
		struct timeval tv = {1, 0};
		uint8_t *copy;
		size_t len;

		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		drain(fd);
		/* a copy: the input is freed once the iteration is over, while a
		 * connection curl gave up on may still be here */
		pthread_mutex_lock(&mu);
		len = resp_len;
		copy = malloc(len ? len : 1);
		if (len)
			memcpy(copy, resp, len);
		pthread_mutex_unlock(&mu);
		for (size_t off = 0; off < len;) {
			ssize_t n = write(fd, copy + off, len - off);
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		free(copy);
		shutdown(fd, SHUT_RDWR);
		close(fd);
	}
	return NULL;
}

static void start_server(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	pthread_t t;
	int one = 1;

	listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (listen_fd < 0 || bind(listen_fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(listen_fd, 16) < 0 ||
	    getsockname(listen_fd, (struct sockaddr *)&a, &len) < 0) {
		perror("fuzz_http: server");
		abort();
	}
	port = ntohs(a.sin_port);
	if (http_global_init() < 0 || pthread_create(&t, NULL, serve, NULL) != 0)
		abort();
	pthread_detach(t);
}

static void answer_with(const uint8_t *p, size_t n)
{
	pthread_mutex_lock(&mu);
	resp = p;
	resp_len = n;
	pthread_mutex_unlock(&mu);
}

static void no_sleep(double ms, void *arg)
{
	(void)ms;
	(void)arg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *second;
	size_t n1 = fuzz_next_part(&p, end, "\n%%\n", 4);
	struct mf_session s;
	struct mf_registry r;
	char uri[64], warn[256], why[1024] = "";
	struct mg_error ferr = {0};
	char *version = NULL, *run_id = NULL;
	struct jval *base;

	if (listen_fd < 0)
		start_server();
	second = p;
	snprintf(uri, sizeof(uri), "http://127.0.0.1:%d", port);
	unsetenv("MLFLOW_TRACKING_TOKEN");
	unsetenv("MLFLOW_TRACKING_USERNAME");
	unsetenv("MLFLOW_TRACKING_PASSWORD");

	mf_session_init(&s);
	s.retries = 0;
	s.connect_ms = 2000;
	s.timeout_ms = 3000;
	s.sleep_ms = no_sleep;
	FUZZ_ASSERT(mf_registry_init(&r, &s, uri, warn, sizeof(warn), &ferr) == 0);
	answer_with(data, n1);
	if (mf_get_alias(&r, "baseline-alias", "churn", "champion", &version,
			 &run_id, &ferr) != 0) {
		FUZZ_ASSERT(ferr.msg[0] != '\0' && !version);
		FUZZ_ASSERT(fuzz_utf8_ok((const unsigned char *)ferr.msg, strlen(ferr.msg)));
		goto out;
	}
	FUZZ_ASSERT(version && run_id);
	answer_with(second, (size_t)(end - second));
	/* the second answer read as a version search and as a registration */
	{
		char *v = NULL;
		ferr.msg[0] = '\0';
		if (mf_latest_version(&r, "latest", "churn", &v, &ferr) == 0)
			FUZZ_ASSERT(v != NULL);
		else
			FUZZ_ASSERT(ferr.msg[0] != '\0' && !v);
		free(v);
		v = NULL;
		ferr.msg[0] = '\0';
		if (mf_find_run_version(&r, "churn", "r1", "s3://b/m", &v, &ferr) == 0)
			FUZZ_ASSERT(v != NULL);
		else
			FUZZ_ASSERT(ferr.msg[0] != '\0' && !v);
		free(v);
		v = NULL;
		ferr.msg[0] = '\0';
		if (mf_create_version(&r, "churn", "s3://b/m", "r1", &v, &ferr) == 0)
			FUZZ_ASSERT(v != NULL && *v);
		else
			FUZZ_ASSERT(ferr.msg[0] != '\0' && !v);
		free(v);
	}
	ferr.msg[0] = '\0';
	base = mf_run_metrics(&r, run_id, &ferr);
	if (!base) {
		FUZZ_ASSERT(ferr.msg[0] != '\0');
	} else {
		FUZZ_ASSERT(jv_type(base) == J_OBJECT);
		for (size_t i = 0; i < jv_size(base); i++) {
			double v;
			if (metrics_number(base, jv_key(jv_at(base, i)), &v, why,
					   sizeof(why)) == 0)
				FUZZ_ASSERT(isfinite(v));
		}
		jv_free(base);
	}
out:
	{
		char *trail = mf_trail_json(&s);
		struct mg_error e;
		struct jval *t = jv_parse(trail, strlen(trail), "trail", 3, &e);
		FUZZ_ASSERT(t != NULL && jv_type(t) == J_ARRAY);
		jv_free(t);
		free(trail);
	}
	answer_with(NULL, 0);
	free(version);
	free(run_id);
	mf_registry_release(&r);
	mf_session_release(&s);
	return 0;
}
