/* http: one blocking request at a time per easy handle (a client keeps
 * its handle, and so its connections, across requests).  Defaults are the safe ones:
 * redirects returned as they are (a Location on another host must not get
 * our Authorization header), TLS verified, only http/https, bounded time
 * and a bounded body. */
#define _POSIX_C_SOURCE 200809L
#include "ext/http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/util.h"

#define HTTP_DEFAULT_CONNECT_MS 10000L
#define HTTP_DEFAULT_TIMEOUT_MS 30000L
#define HTTP_DEFAULT_MAX_RESPONSE ((size_t)1 << 20)
#define HTTP_MAX_REDIRECTS 5L

const char *mlgate_http_version(void)
{
	static char buf[64];
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);

	snprintf(buf, sizeof(buf), "libcurl %s", v && v->version ? v->version : "?");
	return buf;
}

int http_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void http_global_cleanup(void)
{
	curl_global_cleanup();
}

struct sink {
	struct http_response *res;
	struct sbuf body;
	size_t max;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct sink *s = userp;
	size_t n = size * nmemb, room;

	room = s->body.len < s->max ? s->max - s->body.len : 0;
	if (n > room) {
		/* Keep what fits, then stop the transfer: the rest is not
		 * wanted, and draining it would let a server hold us. */
		sbuf_add(&s->body, data, room);
		s->res->truncated = 1;
		return 0;
	}
	sbuf_add(&s->body, data, n);
	return n;
}

static int header_is(const char *line, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && line[k] == ':' && strncasecmp(line, name, k) == 0;
}

static char *header_value(const char *line, size_t n, size_t namelen)
{
	const char *v = line + namelen + 1, *end = line + n;

	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

static void forget_headers(struct http_response *res)
{
	free(res->retry_after);
	free(res->link);
	free(res->next_page);
	res->retry_after = res->link = res->next_page = NULL;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userp)
{
	struct sink *s = userp;
	size_t n = size * nmemb;

	/* A new status line starts a new response (1xx, redirects): forget
	 * the headers of the previous one. */
	if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		forget_headers(s->res);
	} else if (header_is(line, n, "Retry-After")) {
		free(s->res->retry_after);
		s->res->retry_after = header_value(line, n, strlen("Retry-After"));
	} else if (header_is(line, n, "Link")) {
		free(s->res->link);
		s->res->link = header_value(line, n, strlen("Link"));
	} else if (header_is(line, n, "X-Next-Page")) {
		free(s->res->next_page);
		s->res->next_page = header_value(line, n, strlen("X-Next-Page"));
	}
	return n;
}

static void set_error(struct http_response *res, CURLcode rc, const char *detail)
{
	const char *what = detail && *detail ? detail : curl_easy_strerror(rc);
	size_t n;

	snprintf(res->error, sizeof(res->error), "%s", what);
	n = strlen(res->error);
	while (n && (res->error[n - 1] == '\n' || res->error[n - 1] == '\r'))
		res->error[--n] = '\0';
}

static int set_protocols(CURL *h)
{
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0: the _STR forms */
	if (curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK)
		return -1;
	if (curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK)
		return -1;
#else
	if (curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK)
		return -1;
	if (curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK)
		return -1;
#endif
	return 0;
}

/* Did any byte of the request leave?  Before the pre-transfer point the
 * server cannot have acted on it. */
static int request_started(CURL *h, CURLcode rc)
{
	curl_off_t pre = 0;

	if (rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY ||
	    rc == CURLE_COULDNT_CONNECT || rc == CURLE_UNSUPPORTED_PROTOCOL ||
	    rc == CURLE_URL_MALFORMAT)
		return 0;
	if (curl_easy_getinfo(h, CURLINFO_PRETRANSFER_TIME_T, &pre) != CURLE_OK)
		return 1;
	return pre > 0;
}

long http_retry_after_ms(const char *value)
{
	char *end;
	long long secs;
	time_t when;

	if (!value)
		return -1;
	while (*value == ' ' || *value == '\t')
		value++;
	if (*value >= '0' && *value <= '9') {
		secs = strtoll(value, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (*end)
			return -1;
		return secs > 86400LL * 365 ? 86400L * 365 * 1000 : (long)(secs * 1000);
	}
	when = curl_getdate(value, NULL);
	if (when < 0)
		return -1;
	secs = (long long)(when - time(NULL));
	return secs <= 0 ? 0 : secs > 86400LL * 365 ? 86400L * 365 * 1000 : (long)(secs * 1000);
}

struct http_client {
	CURL *h;
};

struct http_client *http_client_new(void)
{
	struct http_client *c = xcalloc(1, sizeof(*c));

	c->h = curl_easy_init();
	if (!c->h) {
		free(c);
		return NULL;
	}
	return c;
}

void http_client_free(struct http_client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->h);
	free(c);
}

int http_perform(const struct http_request *req, struct http_response *res)
{
	struct http_client *c = http_client_new();
	int rc;

	if (!c) {
		memset(res, 0, sizeof(*res));
		snprintf(res->error, sizeof(res->error), "cannot start an HTTP request");
		return -1;
	}
	rc = http_client_perform(c, req, res);
	http_client_free(c);
	return rc;
}

int http_client_perform(struct http_client *c, const struct http_request *req,
			struct http_response *res)
{
	CURL *h = NULL;
	long conns = 0;
	struct curl_slist *hdrs = NULL, *tmp;
	struct sink sink;
	char errbuf[CURL_ERROR_SIZE];
	const char *method = req->method ? req->method : "GET";
	const char *ctype = NULL;
	CURLcode rc;
	double t0;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&sink, 0, sizeof(sink));
	sink.res = res;
	sink.max = req->max_response ? req->max_response : HTTP_DEFAULT_MAX_RESPONSE;
	sbuf_init(&sink.body, 0);
	errbuf[0] = '\0';
	t0 = mg_now_ms();

	if (!req->url || !*req->url) {
		snprintf(res->error, sizeof(res->error), "no URL");
		goto done;
	}
	/* reset clears the options of the last request, not the connection
	 * cache: the next request to the same origin reuses the connection */
	h = c->h;
	curl_easy_reset(h);
	/* "Expect:" turns off curl's 100-continue wait on larger bodies. */
	tmp = curl_slist_append(hdrs, "Expect:");
	if (!tmp)
		goto oom;
	hdrs = tmp;
	for (const char *const *hp = req->headers; hp && *hp; hp++) {
		tmp = curl_slist_append(hdrs, *hp);
		if (!tmp)
			goto oom;
		hdrs = tmp;
	}

	rc = CURLE_OK;
#define SET(opt, val) do { if (rc == CURLE_OK) rc = curl_easy_setopt(h, opt, val); } while (0)
	SET(CURLOPT_ERRORBUFFER, errbuf);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_URL, req->url);
	SET(CURLOPT_HTTPHEADER, hdrs);
	SET(CURLOPT_USERAGENT, "mlgate/" MLGATE_VERSION);
	SET(CURLOPT_CONNECTTIMEOUT_MS,
	    req->connect_timeout_ms > 0 ? req->connect_timeout_ms : HTTP_DEFAULT_CONNECT_MS);
	SET(CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ? req->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, &sink);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, &sink);
	SET(CURLOPT_FOLLOWLOCATION, req->follow_redirects ? 1L : 0L);
	SET(CURLOPT_MAXREDIRS, HTTP_MAX_REDIRECTS);
	/* Even when following, credentials stay with the original host. */
	SET(CURLOPT_UNRESTRICTED_AUTH, 0L);
	SET(CURLOPT_SSL_VERIFYPEER, req->insecure_tls ? 0L : 1L);
	SET(CURLOPT_SSL_VERIFYHOST, req->insecure_tls ? 0L : 2L);
	if (req->ca_path && *req->ca_path)
		SET(CURLOPT_CAINFO, req->ca_path);
	if (strcmp(method, "GET") == 0 && !req->body) {
		SET(CURLOPT_HTTPGET, 1L);
	} else if (strcmp(method, "HEAD") == 0) {
		SET(CURLOPT_NOBODY, 1L);
	} else {
		/* POSTFIELDS gives every method (DELETE included) a body;
		 * CUSTOMREQUEST then names the method. */
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(req->body ? req->body_len : 0));
		SET(CURLOPT_POSTFIELDS, req->body ? req->body : "");
		if (strcmp(method, "POST") != 0)
			SET(CURLOPT_CUSTOMREQUEST, method);
	}
#undef SET
	if (rc == CURLE_OK && set_protocols(h) < 0)
		rc = CURLE_UNSUPPORTED_PROTOCOL;
	if (rc != CURLE_OK) {
		set_error(res, rc, errbuf);
		goto done;
	}

	rc = curl_easy_perform(h);
	res->elapsed_ms = mg_now_ms() - t0;
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && res->truncated)) {
		if (rc == CURLE_PARTIAL_FILE)
			snprintf(res->error, sizeof(res->error),
				 "truncated transfer: the connection closed before the whole body arrived");
		else
			set_error(res, rc, errbuf);
		res->status = 0;
		res->not_sent = !request_started(h, rc);
		goto done;
	}
	if (curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &conns) == CURLE_OK)
		res->new_connections = conns;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &res->status);
	if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ctype) == CURLE_OK && ctype)
		res->content_type = xstrdup(ctype);
	if (res->status == 0) {
		snprintf(res->error, sizeof(res->error), "no HTTP response");
		goto done;
	}
	ret = 0;
	goto done;
oom:
	snprintf(res->error, sizeof(res->error), "out of memory");
done:
	if (ret < 0) {
		forget_headers(res);
		if (!res->error[0])
			snprintf(res->error, sizeof(res->error), "request failed");
	}
	if (!res->elapsed_ms)
		res->elapsed_ms = mg_now_ms() - t0;
	res->body_len = sink.body.len;
	res->body = sbuf_detach(&sink.body);
	/* the handle must not keep pointers to this frame (error buffer,
	 * sink, header list) once we return */
	if (h)
		curl_easy_reset(h);
	curl_slist_free_all(hdrs);
	return ret;
}

void http_response_release(struct http_response *res)
{
	if (!res)
		return;
	free(res->body);
	free(res->content_type);
	forget_headers(res);
	res->body = res->content_type = NULL;
	res->body_len = 0;
}

/* Scheme, host (lower case) and port (the default one when absent) of an
 * absolute http(s) URL, by libcurl's own parser so that the answer is about
 * the host curl would connect to.  0 or -1. */
static int url_origin(const char *url, char **scheme, char **host, char **port)
{
	CURLU *u = curl_url();
	int rc = -1;

	*scheme = *host = *port = NULL;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT) != CURLUE_OK)
		goto out;
	for (char *p = *host; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p | 0x20);
	rc = 0;
out:
	if (rc < 0) {
		curl_free(*scheme);
		curl_free(*host);
		curl_free(*port);
		*scheme = *host = *port = NULL;
	}
	curl_url_cleanup(u);
	return rc;
}

int http_same_origin(const char *a, const char *b)
{
	char *sa, *ha, *pa, *sb, *hb, *pb;
	int same = 0;

	if (url_origin(a, &sa, &ha, &pa) < 0)
		return 0;
	if (url_origin(b, &sb, &hb, &pb) == 0) {
		same = strcasecmp(sa, sb) == 0 && strcmp(ha, hb) == 0 && strcmp(pa, pb) == 0;
		curl_free(sb);
		curl_free(hb);
		curl_free(pb);
	}
	curl_free(sa);
	curl_free(ha);
	curl_free(pa);
	return same;
}

/* localhost, ::1 or an IPv4 literal in 127.0.0.0/8 (not "127.0.0.1.nip.io") */
static int loopback_host(const char *h)
{
	int dots = 0;

	if (strcmp(h, "localhost") == 0 || strcmp(h, "[::1]") == 0 || strcmp(h, "::1") == 0)
		return 1;
	if (strncmp(h, "127.", 4) != 0)
		return 0;
	for (const char *p = h; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p < '0' || *p > '9')
			return 0;
	}
	return dots == 3;
}

int http_plain_remote(const char *url)
{
	char *scheme, *host, *port;
	int plain;

	if (url_origin(url, &scheme, &host, &port) < 0)
		return 0;
	plain = strcasecmp(scheme, "http") == 0 && !loopback_host(host);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	return plain;
}
