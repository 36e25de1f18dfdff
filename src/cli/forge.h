/* forge: the REST client `mlgate comment` and `mlgate check-run` share --
 * which forge (GitHub or GitLab) from the CI's variables, its API origin
 * and token, one JSON request at a time, and messages with the token
 * masked.  The token goes only to the configured API origin: redirects are
 * not followed, and it never goes over plain http to a remote host. */
#ifndef MLGATE_FORGE_H
#define MLGATE_FORGE_H

#include "ext/http.h"
#include "ext/jsondoc.h"

struct forge {
	int gitlab;
	const char *cmd;   /* "comment" | "check-run": the messages' prefix */
	const char *name;  /* "GitHub" | "GitLab" */
	const char *token;
	const char *repo;  /* GitHub's OWNER/NAME, GitLab's project id */
	char *api;         /* base URL, no trailing '/' */
	char *auth;        /* the header carrying the token */
};

/* Print "mlgate: CMD: MSG" with the token masked and controls escaped;
 * returns `code`. */
int forge_error(const struct forge *f, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A decimal number > 0 without sign or spaces, or 0. */
long forge_positive(const char *s);

/* The event payload GitHub writes to $GITHUB_EVENT_PATH, or NULL. */
struct jval *forge_event(void);

/* Fill `f` (zeroed, with f->cmd set) from GitHub Actions' variables
 * (GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY) or GitLab CI's
 * (GITLAB_TOKEN or CI_JOB_TOKEN, CI_API_V4_URL, CI_PROJECT_ID).  0, or the
 * exit code after printing why (2: something is missing or malformed). */
int forge_github(struct forge *f);
int forge_gitlab(struct forge *f);

/* Refuse plain http to a remote host and start the HTTP client.  0 or the
 * exit code after printing why. */
int forge_open(const struct forge *f);

/* One request with the token, JSON in and out.  0 when a response
 * arrived (any status), else the exit code after printing the transport
 * error.  Release res in both cases. */
int forge_send(const struct forge *f, const char *method, const char *url,
	       const char *body, struct http_response *res);
/* Print "METHOD URL: FORGE answered STATUS: BODY..." and return 3. */
int forge_refused(const struct forge *f, const char *method, const char *url,
		  const struct http_response *res);
/* forge_send, then 0 when the status is `want` (want 0: any 2xx), else
 * forge_refused's code. */
int forge_call(const struct forge *f, const char *method, const char *url,
	       const char *body, long want, struct http_response *res);

/* The URL of rel="next" in a Link header, or NULL (caller frees). */
char *forge_link_next(const char *link);

void forge_release(struct forge *f);

#endif
