/* http: the HTTP client (libcurl; the only module that sees <curl/curl.h>).
 * One blocking request at a time per call; safe to call from several
 * threads once http_global_init has run.  Response bodies are capped. */
#ifndef MLGATE_HTTP_H
#define MLGATE_HTTP_H

#include <stddef.h>

struct http_request {
	const char *method;          /* "GET", "POST", "DELETE", ... */
	const char *url;
	const char *const *headers;  /* "Name: value" strings, NULL-terminated, or NULL */
	const char *body;            /* may be NULL */
	size_t body_len;
	long connect_timeout_ms;     /* 0 = 10 s */
	long timeout_ms;             /* whole request; 0 = 30 s */
	int insecure_tls;            /* skip certificate verification */
	const char *ca_path;         /* CA bundle, or NULL */
	size_t max_response;         /* bytes of body kept; 0 = 1 MiB */
	int follow_redirects;        /* 0: a redirect is returned as is */
};

struct http_response {
	long status;        /* HTTP status; 0 when no response arrived */
	char *body;         /* NUL-terminated, at most max_response bytes */
	size_t body_len;
	int truncated;      /* the body was longer than max_response */
	char *content_type; /* or NULL */
	char *retry_after;  /* Retry-After header value, or NULL */
	char *link;         /* Link header value (RFC 8288 pagination), or NULL */
	char *next_page;    /* X-Next-Page header value (GitLab), or NULL */
	double elapsed_ms;
	long new_connections; /* connections this request opened (0: reused) */
	char error[256];    /* transport error when status == 0 */
	int not_sent;       /* transport error before the request went out
			     * (no connection, TLS handshake): any method is
			     * safe to retry */
};

/* Once per process, before any thread calls http_perform.  0 or -1. */
int http_global_init(void);
void http_global_cleanup(void);

/* Perform one request.  Returns 0 when a response arrived (whatever its
 * status), -1 on a transport failure (connection refused, timeout, TLS,
 * truncated transfer) with res->error set.  Release res in both cases. */
int http_perform(const struct http_request *req, struct http_response *res);
void http_response_release(struct http_response *res);

/* A client: one easy handle kept across requests, so that libcurl keeps
 * the connection open between them (HTTP keep-alive).  One thread at a
 * time per client.  NULL when libcurl cannot make a handle. */
struct http_client;
struct http_client *http_client_new(void);
void http_client_free(struct http_client *c);
/* As http_perform, on the client's handle. */
int http_client_perform(struct http_client *c, const struct http_request *req,
			struct http_response *res);

/* A Retry-After value (delta-seconds or an HTTP date) as milliseconds
 * from now; -1 when absent or unreadable.  A date in the past gives 0. */
long http_retry_after_ms(const char *value);

/* Whether two absolute URLs have the same origin: scheme, host (case
 * ignored) and port (the scheme's default when absent), as libcurl parses
 * them.  0 when either cannot be parsed. */
int http_same_origin(const char *a, const char *b);

/* Whether `url` is plain http:// to a host other than the loopback
 * (localhost, 127.0.0.0/8, ::1): a credential sent there can be read on
 * the way.  0 for https, loopback and URLs that cannot be parsed. */
int http_plain_remote(const char *url);

/* "libcurl X.Y.Z" of the library loaded at run time. */
const char *mlgate_http_version(void);

#endif
