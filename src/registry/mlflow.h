/* mlflow: promotion's HTTP layer.  A session sends calls with retries,
 * exponential backoff and jitter, keeps a trail of every request (a JSON
 * array for the report), scrubs known secrets from everything it shows,
 * and in a dry run writes each request into the plan instead of sending
 * it.  On top of it, the few MLflow REST 2.0 model-registry operations
 * promotion needs.  It prints nothing. */
#ifndef MLGATE_MLFLOW_H
#define MLGATE_MLFLOW_H

#include <stddef.h>
#include <stdio.h>

#include "ext/http.h"
#include "common/util.h"

struct jval;

struct mf_session {
	long connect_ms, timeout_ms;
	int retries;           /* extra attempts after the first */
	double backoff_ms;     /* the first wait; doubles after each retry */
	double max_wait_ms;    /* cap on one wait, Retry-After included */
	int insecure_tls;      /* for calls to insecure_origin only */
	char *insecure_origin;
	char *ca_path;
	int dry_run;           /* add to `plan`, send nothing */
	struct sbuf *plan;     /* the dry-run requests, as text (or NULL) */
	/* How to wait; tests replace it so that no test waits on a clock. */
	void (*sleep_ms)(double ms, void *arg);
	void *sleep_arg;
	unsigned rng;          /* jitter */
	struct sbuf trail;     /* JSON array items, comma-separated */
	size_t ntrail;
	/* the last answer: its HTTP status (0: none arrived) and MLflow's
	 * error_code when it gave one ("" otherwise) */
	long last_status;
	char last_code[64];
	char **secrets;        /* never shown: replaced by *** */
	size_t nsecrets, capsecrets;
};

void mf_session_init(struct mf_session *s);
void mf_session_release(struct mf_session *s);
/* Remember a string that must never appear in anything shown (copied;
 * empty strings ignored). */
void mf_add_secret(struct mf_session *s, const char *secret);
/* `text` with every secret replaced by "***" (caller frees). */
char *mf_scrub(const struct mf_session *s, const char *text);
/* The trail as a JSON array (caller frees). */
char *mf_trail_json(const struct mf_session *s);

/* Which failures may be retried.  Idempotent calls (GET, set alias, set
 * tag, stage transition to the same target) are retried on any transport
 * error, 408, 429 and 5xx; other calls only when the server cannot have
 * acted: the request was never sent, 408, 429 or 503. */
enum mf_retry { MF_RETRY_IDEMPOTENT, MF_RETRY_UNSENT_ONLY };

struct mf_call {
	const char *step;                 /* "set-alias", ... for the trail */
	const char *method;
	const char *url;                  /* sent */
	const char *shown_url;            /* printed and recorded */
	const char *const *headers;       /* sent (NULL-terminated) */
	const char *const *shown_headers; /* printed in a dry run */
	const char *body;                 /* sent, or NULL */
	const char *shown_body;           /* printed in a dry run */
	enum mf_retry retry;
	const long *expect;               /* accepted statuses; NULL = 2xx */
	size_t nexpect;
	int want_json;                    /* the answer must be a JSON object */
};

/* Perform one call.  0: an accepted status (with want_json, *json is the
 * parsed body; caller frees with jv_free).  1: dry run, nothing sent.
 * -1: failed for good; err says why (the registry's own message when it
 * gave one), secrets scrubbed. */
int mf_call(struct mf_session *s, const struct mf_call *c, struct jval **json,
	    struct mg_error *err);

/* The wait before retry number `attempt` (1-based): backoff * 2^(attempt-1)
 * with "equal jitter" (between half and all of it), or the server's
 * Retry-After when it gave one; never more than max_wait_ms. */
double mf_backoff_ms(struct mf_session *s, int attempt, long retry_after_ms);

/* The message to show for an unwanted HTTP answer: "HTTP 400
 * INVALID_PARAMETER_VALUE: ..." from MLflow's JSON error, else the first
 * bytes of the body as plain text (HTML tags dropped, control characters
 * removed).  Not scrubbed. */
void mf_response_error(const struct http_response *res, char *buf, size_t n);

/* ----- MLflow REST 2.0 model registry ----- */

struct mf_registry {
	struct mf_session *s;
	char *base;        /* tracking URI without a trailing '/' */
	char *shown_base;  /* the same without user:password@ */
	char *auth;        /* "Authorization: ..." or NULL */
	const char *auth_kind; /* "bearer", "basic" or "none" */
};

/* Set up from a tracking URI (NULL: $MLFLOW_TRACKING_URI) and MLflow's own
 * environment: MLFLOW_TRACKING_USERNAME + MLFLOW_TRACKING_PASSWORD (basic;
 * wins when MLFLOW_TRACKING_TOKEN is set too, as in MLflow's Python
 * client; each of the two falls back to ~/.mlflow/credentials as there),
 * MLFLOW_TRACKING_TOKEN (bearer), MLFLOW_TRACKING_INSECURE_TLS,
 * MLFLOW_TRACKING_SERVER_CERT_PATH.  Secrets are added to the session.
 * `warn` gets a warning for the user ("" when none).  0 or -1 with err. */
int mf_registry_init(struct mf_registry *r, struct mf_session *s,
		     const char *tracking_uri, char *warn, size_t warn_size,
		     struct mg_error *err);
void mf_registry_release(struct mf_registry *r);

/* GET model-versions/get: the version's status (READY, ...) and run id
 * (caller frees both; run id may be ""). */
int mf_get_version(struct mf_registry *r, const char *model, const char *version,
		   char **status, char **run_id, struct mg_error *err);
/* GET registered-models/alias: the version the alias points at and its run. */
int mf_get_alias(struct mf_registry *r, const char *step, const char *model,
		 const char *alias, char **version, char **run_id, struct mg_error *err);
int mf_set_tag(struct mf_registry *r, const char *model, const char *version,
	       const char *key, const char *value, struct mg_error *err);
int mf_transition_stage(struct mf_registry *r, const char *model,
			const char *version, const char *stage, int archive,
			struct mg_error *err);
int mf_set_alias(struct mf_registry *r, const char *model, const char *alias,
		 const char *version, struct mg_error *err);
/* GET runs/get: the run's latest metrics as a JSON object document
 * {"name": value, ...} (non-finite values kept as such, so gates on them
 * fail closed).  NULL with err. */
struct jval *mf_run_metrics(struct mf_registry *r, const char *run_id,
			    struct mg_error *err);

/* The same with the step named in the trail; *experiment_id (when not
 * NULL) gets the run's experiment id (caller frees). */
struct jval *mf_run_metrics_as(struct mf_registry *r, const char *step,
			       const char *run_id, char **experiment_id,
			       struct mg_error *err);
/* The best run of the experiment named `experiment`, as search_runs picks
 * it (filter may be NULL; order_by such as "metrics.f1_score DESC"): its
 * id and the experiment's id (caller frees both). */
int mf_best_run(struct mf_registry *r, const char *experiment, const char *filter,
		const char *order_by, char **run_id, char **experiment_id,
		struct mg_error *err);
/* A run's `data.metrics` list ([{key, value}, ...], or NULL for none) as
 * the document mf_run_metrics returns. */
struct jval *mf_metrics_doc(const struct jval *metrics, struct mg_error *err);
/* GET model-versions/get: the whole answer (caller frees with jv_free). */
int mf_get_version_json(struct mf_registry *r, const char *model, const char *version,
			struct jval **answer, struct mg_error *err);

/* Did the last call fail because the thing asked for does not exist?
 * (404 RESOURCE_DOES_NOT_EXIST, or the 400 INVALID_PARAMETER_VALUE MLflow
 * answers for an unknown alias.) */
int mf_last_missing(const struct mf_session *s);

/* GET model-versions/search for the newest version of `model` (highest
 * version number): *version gets it, or "" when the model has none
 * (caller frees). */
int mf_latest_version(struct mf_registry *r, const char *step, const char *model,
		      char **version, struct mg_error *err);

/* ----- registration (model-versions/create from a run) ----- */

/* GET runs/get: the run's artifact root URI (caller frees). */
int mf_run_artifact_uri(struct mf_registry *r, const char *run_id, char **uri,
			struct mg_error *err);
/* GET artifacts/list: how many entries the run has under `path` (0: the
 * artifact is not there). */
int mf_count_artifacts(struct mf_registry *r, const char *run_id, const char *path,
		       size_t *n, struct mg_error *err);
/* GET model-versions/search: the newest version of `model` registered
 * from run `run_id` with source `source` that did not fail registration,
 * or "" (caller frees). */
int mf_find_run_version(struct mf_registry *r, const char *model, const char *run_id,
			const char *source, char **version, struct mg_error *err);
/* POST registered-models/create; an existing model is no error. */
int mf_create_model(struct mf_registry *r, const char *model, struct mg_error *err);
/* POST model-versions/create {name, source, run_id}: the new version's
 * number (caller frees).  Not retried once it may have arrived (a retry
 * could register twice). */
int mf_create_version(struct mf_registry *r, const char *model, const char *source,
		      const char *run_id, char **version, struct mg_error *err);

/* Percent-encode a query-string value (RFC 3986 unreserved kept). */
void mf_urlencode(struct sbuf *out, const char *s);
/* Standard base64 (for basic auth). */
char *mf_base64(const char *s, size_t n);

#endif
