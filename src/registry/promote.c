/* promote: parsing of `promote:` and `baseline: {mlflow: ...}`, the
 * registry baseline, and the promotion sequence after a pass.  Values from
 * the policy arrive with ${VAR} already expanded (ynode->str); anything
 * this module shows uses the text as written (ynode->raw), so that a
 * secret from the environment is never printed. */
#define _POSIX_C_SOURCE 200809L
#include "registry/promote.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ext/http.h"
#include "ext/jsondoc.h"
#include "registry/mlflow.h"
#include "common/sha256.h"

#define PROMOTE_MAX_RETRIES 10
#define ALIAS_MAX 255
#define TAG_KEY_MAX 250
#define TAG_VALUE_MAX 5000
/* An env value this short in a URL or body is an id, not a secret; hiding
 * every "7" in every message would make them unreadable. */
#define SECRET_MIN_LEN 8

struct tag {
	char *key, *value;
};

struct header {
	char *name, *value, *raw;
	int sensitive;
};

struct promote_policy {
	double timeout_s, connect_timeout_s, backoff_s;
	int retries;
	/* mlflow: */
	int has_mlflow;
	char *tracking_uri; /* NULL: $MLFLOW_TRACKING_URI */
	char *model, *version, *alias, *stage;
	int archive_existing;
	struct tag *tags;
	size_t ntags;
	/* webhook: */
	int has_webhook;
	char *wh_url, *wh_url_raw, *wh_method, *wh_body, *wh_body_raw;
	struct header *wh_headers;
	size_t nwh_headers;
	long *wh_expect;
	size_t nwh_expect;
	int wh_idempotent;
};

struct registry_baseline {
	char *model, *alias, *tracking_uri;
	int line, col;
	char *compared_version; /* set when the baseline was read */
};

static const char *const provenance_keys[] = {
	"mlgate.status", "mlgate.version", "mlgate.policy_sha256", "mlgate.metrics_sha256", NULL,
};

/* ----- parsing ----- */

static const char *raw_of(const struct ynode *n)
{
	return n && n->raw ? n->raw : n && n->str ? n->str : "";
}

static int get_req_string(struct pol_ctx *c, const struct ynode *map, const char *key,
			  const char *where, const char **out)
{
	const struct ynode *n = ynode_get(map, key);

	*out = NULL;
	if (!n)
		return pol_err(c, map, "%s needs '%s'", where, key);
	if (pol_get_string(c, map, key, out) < 0)
		return -1;
	if (!**out)
		return pol_err(c, n, "'%s' in %s is empty%s", key, where,
			       strchr(raw_of(n), '$') ? " (after expanding variables)" : "");
	return 0;
}

static int is_http_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

static int check_alias(struct pol_ctx *c, const struct ynode *n, const char *a)
{
	size_t len = strlen(a);

	if (len == 0)
		return pol_err(c, n, "'alias' is empty");
	if (len > ALIAS_MAX)
		return pol_err(c, n, "alias is longer than %d characters (%zu)", ALIAS_MAX, len);
	for (const char *p = a; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return pol_err(c, n, "alias '%s' may only contain letters, digits, '_' and '-'",
				       raw_of(n));
	if (strcasecmp(a, "latest") == 0)
		return pol_err(c, n, "alias 'latest' is reserved by MLflow (in any case)");
	if (a[0] == 'v' && a[1] && strspn(a + 1, "0123456789") == len - 1)
		return pol_err(c, n, "alias '%s' is reserved by MLflow (v<number> names a version)",
			       raw_of(n));
	return 0;
}

static int parse_tags(struct pol_ctx *c, struct promote_policy *pp, const struct ynode *t)
{
	int rc = 0;

	if (pol_expect(c, t, Y_MAP, "'tags'") < 0)
		return -1;
	pp->tags = xcalloc(t->n + 1, sizeof(*pp->tags));
	for (size_t i = 0; i < t->n; i++) {
		const struct ynode *k = t->keys[i], *v = t->items[i];
		const char *key = k->str;

		if (!*key || strlen(key) > TAG_KEY_MAX) {
			rc = pol_err(c, k, "tag key must be 1 to %d characters", TAG_KEY_MAX);
			continue;
		}
		for (size_t j = 1; provenance_keys[j]; j++)
			if (strcmp(key, provenance_keys[j]) == 0)
				rc = pol_err(c, k, "tag '%s' is set by mlgate itself (provenance)", key);
		if (v->kind != Y_SCALAR || ynode_is_null(v)) {
			rc = pol_err(c, v, "tag '%s' must have a string value, not %s", key,
				     ynode_kind_name(v));
			continue;
		}
		if (strlen(v->str) > TAG_VALUE_MAX) {
			rc = pol_err(c, v, "tag '%s' value is longer than %d characters", key,
				     TAG_VALUE_MAX);
			continue;
		}
		pp->tags[pp->ntags].key = xstrdup(key);
		pp->tags[pp->ntags].value = xstrdup(v->str);
		pp->ntags++;
	}
	return rc;
}

static int parse_mlflow(struct pol_ctx *c, struct promote_policy *pp, const struct ynode *m)
{
	static const char *const keys[] = {"tracking_uri", "model", "version", "alias", "stage",
					   "archive_existing", "tags", NULL};
	static const char *const stages[] = {"None", "Staging", "Production", "Archived"};
	const char *s;
	const struct ynode *n;
	int present, rc = 0;

	if (pol_expect(c, m, Y_MAP, "'promote.mlflow'") < 0)
		return -1;
	if (pol_check_keys(c, m, keys, "'promote.mlflow'"))
		rc = -1;
	pp->has_mlflow = 1;
	if ((n = ynode_get(m, "tracking_uri"))) {
		if (pol_get_string(c, m, "tracking_uri", &s) < 0)
			rc = -1;
		else if (!is_http_url(s))
			rc = pol_err(c, n, "'tracking_uri' must be an http:// or https:// URL, not '%s'",
				     raw_of(n));
		else
			pp->tracking_uri = xstrdup(s);
	}
	if (get_req_string(c, m, "model", "'promote.mlflow'", &s) == 0)
		pp->model = xstrdup(s);
	else
		rc = -1;
	if (get_req_string(c, m, "version", "'promote.mlflow'", &s) == 0) {
		n = ynode_get(m, "version");
		if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 18)
			rc = pol_err(c, n, "'version' must be a model version number such as 3, not '%s'",
				     raw_of(n));
		else
			pp->version = xstrdup(s);
	} else {
		rc = -1;
	}
	if ((n = ynode_get(m, "alias"))) {
		if (pol_get_string(c, m, "alias", &s) < 0 || check_alias(c, n, s) < 0)
			rc = -1;
		else
			pp->alias = xstrdup(s);
	}
	if ((n = ynode_get(m, "stage"))) {
		if (pol_get_string(c, m, "stage", &s) < 0) {
			rc = -1;
		} else {
			for (size_t i = 0; i < 4; i++)
				if (strcasecmp(s, stages[i]) == 0)
					pp->stage = xstrdup(stages[i]);
			if (!pp->stage)
				rc = pol_err(c, n, "stage '%s' is not one of None, Staging, Production, Archived",
					     raw_of(n));
		}
	}
	if (pol_get_bool(c, m, "archive_existing", &pp->archive_existing, &present) < 0) {
		rc = -1;
	} else if (present && pp->archive_existing) {
		n = ynode_get(m, "archive_existing");
		if (!ynode_get(m, "stage"))
			rc = pol_err(c, n, "'archive_existing' needs a 'stage'");
		else if (pp->stage && strcmp(pp->stage, "Staging") != 0 &&
			 strcmp(pp->stage, "Production") != 0)
			rc = pol_err(c, n, "'archive_existing' only works with stage Staging or "
				     "Production (MLflow fails with %s)", pp->stage);
	}
	if ((n = ynode_get(m, "tags")) && parse_tags(c, pp, n) < 0)
		rc = -1;
	if (!ynode_get(m, "alias") && !ynode_get(m, "stage"))
		rc = pol_err(c, m, "'promote.mlflow' needs 'alias' (MLflow 2.3+) or 'stage' "
			     "(legacy stages), or both");
	return rc;
}

/* Headers whose value is a credential whatever it looks like. */
static int sensitive_header(const char *name)
{
	static const char *const words[] = {"auth", "token", "secret", "key", "password",
					    "cookie", "signature", "session", NULL};
	char low[128];
	size_t i;

	for (i = 0; name[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	for (i = 0; words[i]; i++)
		if (strstr(low, words[i]))
			return 1;
	return 0;
}

static int parse_webhook(struct pol_ctx *c, struct promote_policy *pp, const struct ynode *w)
{
	static const char *const keys[] = {"url", "method", "headers", "body", "expect_status",
					   "idempotent", NULL};
	static const char *const methods[] = {"POST", "PUT", "PATCH", "GET", "DELETE", NULL};
	const struct ynode *n;
	const char *s;
	int present, rc = 0;

	if (pol_expect(c, w, Y_MAP, "'promote.webhook'") < 0)
		return -1;
	if (pol_check_keys(c, w, keys, "'promote.webhook'"))
		rc = -1;
	pp->has_webhook = 1;
	if (get_req_string(c, w, "url", "'promote.webhook'", &s) == 0) {
		n = ynode_get(w, "url");
		if (!is_http_url(s))
			rc = pol_err(c, n, "webhook 'url' must be an http:// or https:// URL, not '%s'%s",
				     raw_of(n), strchr(raw_of(n), '$') ? " (after expanding variables)" : "");
		else {
			pp->wh_url = xstrdup(s);
			pp->wh_url_raw = xstrdup(raw_of(n));
		}
	} else {
		rc = -1;
	}
	pp->wh_method = xstrdup("POST");
	if ((n = ynode_get(w, "method"))) {
		size_t i;
		if (pol_get_string(c, w, "method", &s) < 0)
			return -1;
		for (i = 0; methods[i]; i++)
			if (strcasecmp(s, methods[i]) == 0)
				break;
		if (!methods[i]) {
			rc = pol_err(c, n, "webhook method '%s' is not one of POST, PUT, PATCH, GET, DELETE",
				     raw_of(n));
		} else {
			free(pp->wh_method);
			pp->wh_method = xstrdup(methods[i]);
		}
	}
	if ((n = ynode_get(w, "headers"))) {
		if (pol_expect(c, n, Y_MAP, "webhook 'headers'") < 0)
			return -1;
		pp->wh_headers = xcalloc(n->n + 1, sizeof(*pp->wh_headers));
		for (size_t i = 0; i < n->n; i++) {
			const struct ynode *k = n->keys[i], *v = n->items[i];
			const char *name = k->str;

			if (!*name || strspn(name, "!#$%&'*+-.^_`|~0123456789"
					     "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != strlen(name)) {
				rc = pol_err(c, k, "'%s' is not a valid HTTP header name", name);
				continue;
			}
			if (v->kind != Y_SCALAR || ynode_is_null(v)) {
				rc = pol_err(c, v, "header '%s' must have a string value, not %s", name,
					     ynode_kind_name(v));
				continue;
			}
			/* a line break would let a value inject headers */
			if (strpbrk(v->str, "\r\n") || strlen(v->str) != v->len) {
				rc = pol_err(c, v, "header '%s' value contains a line break or NUL%s",
					     name, strchr(raw_of(v), '$') ? " (after expanding variables)" : "");
				continue;
			}
			pp->wh_headers[pp->nwh_headers].name = xstrdup(name);
			pp->wh_headers[pp->nwh_headers].value = xstrdup(v->str);
			pp->wh_headers[pp->nwh_headers].raw = xstrdup(raw_of(v));
			pp->wh_headers[pp->nwh_headers].sensitive = sensitive_header(name);
			pp->nwh_headers++;
		}
	}
	if ((n = ynode_get(w, "body"))) {
		if (pol_get_string(c, w, "body", &s) < 0) {
			rc = -1;
		} else {
			pp->wh_body = xstrdup(s);
			pp->wh_body_raw = xstrdup(raw_of(n));
		}
	}
	if ((n = ynode_get(w, "expect_status"))) {
		if (n->kind != Y_SEQ || n->n == 0)
			return pol_err(c, n, "'expect_status' must be a non-empty list of HTTP status codes");
		pp->wh_expect = xcalloc(n->n, sizeof(*pp->wh_expect));
		for (size_t i = 0; i < n->n; i++) {
			double d;
			if (ynode_number(n->items[i], &d) < 0 || d != floor(d) || d < 100 || d > 599) {
				rc = pol_err(c, n->items[i], "'expect_status' item %zu must be an HTTP "
					     "status code (100 to 599)", i + 1);
				continue;
			}
			pp->wh_expect[pp->nwh_expect++] = (long)d;
		}
	}
	if (pol_get_bool(c, w, "idempotent", &pp->wh_idempotent, &present) < 0)
		rc = -1;
	return rc;
}

/* A duration in seconds, in (0, hi], or [0, hi] with allow_zero. */
static int get_seconds(struct pol_ctx *c, const struct ynode *map, const char *key,
		       int allow_zero, double hi, double *out)
{
	int present;
	double d;

	if (pol_get_number(c, map, key, &d, &present) < 0)
		return -1;
	if (!present)
		return 0;
	if (d < 0 || (d == 0 && !allow_zero) || d > hi)
		return pol_err(c, ynode_get(map, key), "'%s' must be %s 0 and at most %g seconds",
			       key, allow_zero ? "at least" : "more than", hi);
	*out = d;
	return 0;
}

static int promote_parse(struct pol_ctx *c, const struct ynode *n, void **out,
			 size_t *ngates)
{
	static const char *const keys[] = {"when", "mlflow", "webhook", "timeout_s",
					   "connect_timeout_s", "retries", "backoff_s", NULL};
	struct promote_policy *pp;
	const struct ynode *k;
	const char *when;
	double d;
	int present, rc = 0;

	if (pol_expect(c, n, Y_MAP, "'promote'") < 0)
		return -1;
	pp = xcalloc(1, sizeof(*pp));
	pp->timeout_s = 30;
	pp->connect_timeout_s = 10;
	pp->retries = 3;
	pp->backoff_s = 1;
	*out = pp;
	*ngates = 0;
	if (pol_check_keys(c, n, keys, "'promote'"))
		rc = -1;
	if ((k = ynode_get(n, "when"))) {
		if (pol_get_string(c, n, "when", &when) < 0)
			rc = -1;
		else if (strcmp(when, "pass") != 0)
			rc = pol_err(c, k, "'when' can only be 'pass' (mlgate promotes only after "
				     "every gate passed), not '%s'", raw_of(k));
	}
	if (get_seconds(c, n, "timeout_s", 0, 3600, &pp->timeout_s) < 0 ||
	    get_seconds(c, n, "connect_timeout_s", 0, 3600, &pp->connect_timeout_s) < 0 ||
	    get_seconds(c, n, "backoff_s", 1, 60, &pp->backoff_s) < 0)
		rc = -1;
	if (pp->connect_timeout_s > pp->timeout_s)
		pp->connect_timeout_s = pp->timeout_s;
	if (pol_get_number(c, n, "retries", &d, &present) < 0) {
		rc = -1;
	} else if (present) {
		if (d != floor(d) || d < 0 || d > PROMOTE_MAX_RETRIES)
			rc = pol_err(c, ynode_get(n, "retries"),
				     "'retries' must be a whole number from 0 to %d", PROMOTE_MAX_RETRIES);
		else
			pp->retries = (int)d;
	}
	if ((k = ynode_get(n, "mlflow")) && parse_mlflow(c, pp, k) < 0)
		rc = -1;
	if ((k = ynode_get(n, "webhook")) && parse_webhook(c, pp, k) < 0)
		rc = -1;
	if (!ynode_get(n, "mlflow") && !ynode_get(n, "webhook"))
		rc = pol_err(c, n, "'promote' needs 'mlflow' or 'webhook' (or both)");
	return rc;
}

static void promote_free(void *sec)
{
	struct promote_policy *pp = sec;

	if (!pp)
		return;
	free(pp->tracking_uri);
	free(pp->model);
	free(pp->version);
	free(pp->alias);
	free(pp->stage);
	for (size_t i = 0; i < pp->ntags; i++) {
		free(pp->tags[i].key);
		free(pp->tags[i].value);
	}
	free(pp->tags);
	free(pp->wh_url);
	free(pp->wh_url_raw);
	free(pp->wh_method);
	free(pp->wh_body);
	free(pp->wh_body_raw);
	for (size_t i = 0; i < pp->nwh_headers; i++) {
		free(pp->wh_headers[i].name);
		if (pp->wh_headers[i].value)
			memset(pp->wh_headers[i].value, 0, strlen(pp->wh_headers[i].value));
		free(pp->wh_headers[i].value);
		free(pp->wh_headers[i].raw);
	}
	free(pp->wh_headers);
	free(pp->wh_expect);
	free(pp);
}

static int registry_baseline_parse(struct pol_ctx *c, const struct ynode *n,
				   void **out, size_t *ngates)
{
	static const char *const top[] = {"mlflow", NULL};
	static const char *const keys[] = {"model", "alias", "tracking_uri", NULL};
	struct registry_baseline *rb;
	const struct ynode *m, *k;
	const char *s;
	int rc = 0;

	if (pol_check_keys(c, n, top, "'baseline'"))
		return -1;
	m = ynode_get(n, "mlflow");
	if (!m)
		return pol_err(c, n, "'baseline' must be a file path or {mlflow: {model, alias}}");
	if (pol_expect(c, m, Y_MAP, "'baseline.mlflow'") < 0)
		return -1;
	rb = xcalloc(1, sizeof(*rb));
	rb->line = m->line;
	rb->col = m->col;
	*out = rb;
	*ngates = 0;
	if (pol_check_keys(c, m, keys, "'baseline.mlflow'"))
		rc = -1;
	if (get_req_string(c, m, "model", "'baseline.mlflow'", &s) == 0)
		rb->model = xstrdup(s);
	else
		rc = -1;
	if (get_req_string(c, m, "alias", "'baseline.mlflow'", &s) == 0) {
		if (check_alias(c, ynode_get(m, "alias"), s) < 0)
			rc = -1;
		else
			rb->alias = xstrdup(s);
	} else {
		rc = -1;
	}
	if ((k = ynode_get(m, "tracking_uri"))) {
		if (pol_get_string(c, m, "tracking_uri", &s) < 0)
			rc = -1;
		else if (!is_http_url(s))
			rc = pol_err(c, k, "'tracking_uri' must be an http:// or https:// URL, not '%s'",
				     raw_of(k));
		else
			rb->tracking_uri = xstrdup(s);
	}
	return rc;
}

static void registry_baseline_free(void *sec)
{
	struct registry_baseline *rb = sec;

	if (!rb)
		return;
	free(rb->model);
	free(rb->alias);
	free(rb->tracking_uri);
	free(rb->compared_version);
	free(rb);
}

const struct section_ops promote_section = {
	.key = "promote",
	.parse = promote_parse,
	.free = promote_free,
};

const struct section_ops registry_baseline_section = {
	.key = "baseline",
	.parse = registry_baseline_parse,
	.free = registry_baseline_free,
};

static const struct promote_policy *promote_of(const struct policy *p)
{
	return policy_section(p, &promote_section);
}

static struct registry_baseline *baseline_of(const struct policy *p)
{
	/* the registry notes which version it compared with */
	return (struct registry_baseline *)policy_section(p, &registry_baseline_section);
}

int promote_configured(const struct policy *p)
{
	return promote_of(p) != NULL;
}

/* ----- running ----- */

static void session_from_policy(struct mf_session *s, const struct promote_policy *pp)
{
	mf_session_init(s);
	if (!pp)
		return;
	s->timeout_ms = (long)(pp->timeout_s * 1000);
	s->connect_ms = (long)(pp->connect_timeout_s * 1000);
	if (s->connect_ms < 1)
		s->connect_ms = 1;
	if (s->timeout_ms < 1)
		s->timeout_ms = 1;
	s->retries = pp->retries;
	s->backoff_ms = pp->backoff_s * 1000;
}

/* One line per warning, each once: check reads the baseline, then
 * promotes, and both meet the same registry. */
static void add_warning(struct sbuf *warnings, const char *warn)
{
	const char *s = sbuf_str(warnings);
	size_t n = strlen(warn);

	if (!warn[0])
		return;
	for (const char *q = strstr(s, warn); q; q = strstr(q + 1, warn))
		if ((q == s || q[-1] == '\n') && q[n] == '\n')
			return;
	sbuf_addf(warnings, "%s\n", warn);
}

static int http_ready(void)
{
	static int done;

	if (!done && http_global_init() == 0)
		done = 1;
	return done ? 0 : -1;
}

struct jval *registry_baseline_load(const struct policy *p, struct sbuf *warnings,
				    struct mg_error *err)
{
	struct registry_baseline *rb = baseline_of(p);
	struct mf_session s;
	struct mf_registry r;
	struct jval *doc = NULL;
	char warn[512];
	struct mg_error why = {0};
	char *version = NULL, *run_id = NULL;

	if (!rb) {
		mg_errorf(err, MG_EXIT_INPUT, p->path, 0, 0, "the policy has no registry baseline");
		return NULL;
	}
	session_from_policy(&s, promote_of(p));
	if (http_ready() < 0) {
		mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "cannot initialise libcurl");
		goto done;
	}
	if (mf_registry_init(&r, &s, rb->tracking_uri, warn, sizeof(warn), &why) < 0)
		goto done;
	add_warning(warnings, warn);
	if (mf_get_alias(&r, "baseline-alias", rb->model, rb->alias, &version, &run_id, &why) == 0) {
		if (!*run_id) {
			mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "version %s has no run, so no metrics to compare with",
				 version);
		} else {
			doc = mf_run_metrics(&r, run_id, &why);
			if (doc) {
				free(rb->compared_version);
				rb->compared_version = xstrdup(version);
			}
		}
	}
	mf_registry_release(&r);
done:
	if (!doc)
		mg_errorf(err, MG_EXIT_INPUT, p->path, rb->line, rb->col,
			  "registry baseline (alias '%s' of model '%s'): %s", rb->alias, rb->model, why.msg);
	free(version);
	free(run_id);
	mf_session_release(&s);
	return doc;
}

/* Every ${NAME} or ${NAME:-default} in `raw`: its value is a secret when
 * long enough to be one. */
static void add_env_secrets(struct mf_session *s, const char *raw, int any_length)
{
	for (const char *p = raw ? strstr(raw, "${") : NULL; p; p = strstr(p + 2, "${")) {
		size_t n = strcspn(p + 2, ":}");
		char *name = xstrndup(p + 2, n);
		const char *v = getenv(name);

		if (v && (any_length || strlen(v) >= SECRET_MIN_LEN))
			mf_add_secret(s, v);
		free(name);
	}
}

static int hash_file(const char *path, char hex[65], struct mg_error *err)
{
	struct mg_error e;
	size_t len;
	char *data = mg_read_file(path, (size_t)1 << 30, &len, &e);

	if (!data) {
		return mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0,
				 "cannot hash the metrics file for the provenance tag: %.900s",
				 e.msg);
	}
	sha256_hex(data, len, hex);
	free(data);
	return 0;
}

static int same_uri(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

struct step_result {
	char what[1200];
	int failed;
	struct sbuf *warnings;
};

static int fail_step(struct step_result *sr, const char *step, const char *why)
{
	snprintf(sr->what, sizeof(sr->what), "%s: %s", step, why);
	sr->failed = 1;
	return -1;
}

static int promote_mlflow(const struct policy *p, const struct run_result *run,
			  struct mf_session *s, struct step_result *sr)
{
	const struct promote_policy *pp = promote_of(p);
	const struct registry_baseline *rb = baseline_of(p);
	struct mf_registry r, rbase;
	char warn[512], policy_hex[65], metrics_hex[65];
	struct mg_error why = {0};
	char *status = NULL, *run_id = NULL, *now = NULL, *now_run = NULL;
	const char *tag_status;
	int rc = -1, have_base = 0, x;

	memset(&rbase, 0, sizeof(rbase));
	if (mf_registry_init(&r, s, pp->tracking_uri, warn, sizeof(warn), &why) < 0)
		return fail_step(sr, "mlflow", why.msg);
	add_warning(sr->warnings, warn);

	/* 1. the version exists and is ready */
	x = mf_get_version(&r, pp->model, pp->version, &status, &run_id, &why);
	if (x < 0) {
		fail_step(sr, "check version", why.msg);
		goto done;
	}
	if (x == 0 && strcmp(status, "READY") != 0) {
		mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "version %s of model '%s' is %s, not READY", pp->version,
			 pp->model, *status ? status : "of unknown status");
		fail_step(sr, "check version", why.msg);
		goto done;
	}

	/* 2. provenance first: a version the alias points at always says
	 * which gate let it through */
	sha256_hex(p->text ? p->text : "", p->text ? p->text_len : 0, policy_hex);
	tag_status = run->gates && run->gates->n ? "passed" : "unchecked";
	for (size_t i = 0; i < pp->ntags; i++)
		if (strcmp(pp->tags[i].key, "mlgate.status") == 0)
			tag_status = pp->tags[i].value;
	if (mf_set_tag(&r, pp->model, pp->version, "mlgate.status", tag_status, &why) < 0 ||
	    mf_set_tag(&r, pp->model, pp->version, "mlgate.version", MLGATE_VERSION, &why) < 0 ||
	    mf_set_tag(&r, pp->model, pp->version, "mlgate.policy_sha256", policy_hex, &why) < 0) {
		fail_step(sr, "set tag", why.msg);
		goto done;
	}
	if (p->metrics_path && strcmp(p->metrics_path, "-") != 0) {
		if (hash_file(p->metrics_path, metrics_hex, &why) < 0 ||
		    mf_set_tag(&r, pp->model, pp->version, "mlgate.metrics_sha256", metrics_hex, &why) < 0) {
			fail_step(sr, "set tag", why.msg);
			goto done;
		}
	}
	for (size_t i = 0; i < pp->ntags; i++) {
		if (strcmp(pp->tags[i].key, "mlgate.status") == 0)
			continue;
		if (mf_set_tag(&r, pp->model, pp->version, pp->tags[i].key, pp->tags[i].value, &why) < 0) {
			fail_step(sr, "set tag", why.msg);
			goto done;
		}
	}

	/* 3. the guard: the baseline alias still points at what was compared */
	if (rb && rb->compared_version) {
		struct mf_registry *gr = &r;
		/* the alias lives where the baseline was read: another
		 * registry when the two tracking URIs differ (NULL stands for
		 * $MLFLOW_TRACKING_URI on both sides) */
		if (!same_uri(rb->tracking_uri, pp->tracking_uri)) {
			if (mf_registry_init(&rbase, s, rb->tracking_uri, warn, sizeof(warn), &why) < 0) {
				fail_step(sr, "baseline guard", why.msg);
				goto done;
			}
			have_base = 1;
			gr = &rbase;
		}
		x = mf_get_alias(gr, "baseline-guard", rb->model, rb->alias, &now, &now_run, &why);
		if (x < 0) {
			fail_step(sr, "baseline guard", why.msg);
			goto done;
		}
		if (x == 0 && strcmp(now, rb->compared_version) != 0) {
			mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "alias '%s' of model '%s' now points at version %s, "
				 "not version %s that the gates compared with; nothing was moved",
				 rb->alias, rb->model, now, rb->compared_version);
			fail_step(sr, "baseline moved", why.msg);
			goto done;
		}
	}

	/* 4. the moves */
	if (pp->stage && mf_transition_stage(&r, pp->model, pp->version, pp->stage,
					     pp->archive_existing, &why) < 0) {
		fail_step(sr, "transition stage", why.msg);
		goto done;
	}
	if (pp->alias && mf_set_alias(&r, pp->model, pp->alias, pp->version, &why) < 0) {
		fail_step(sr, "set alias", why.msg);
		goto done;
	}
	rc = 0;
done:
	free(status);
	free(run_id);
	free(now);
	free(now_run);
	if (have_base)
		mf_registry_release(&rbase);
	mf_registry_release(&r);
	return rc;
}

static int promote_webhook(const struct promote_policy *pp, struct mf_session *s,
			   struct step_result *sr)
{
	const char **hdrs = xcalloc(pp->nwh_headers + 2, sizeof(*hdrs));
	const char **shown = xcalloc(pp->nwh_headers + 2, sizeof(*shown));
	char **own = xcalloc(2 * pp->nwh_headers + 2, sizeof(*own));
	size_t k = 0, nown = 0;
	int have_ctype = 0, rc;
	struct mf_call c;
	struct mg_error why = {0};

	for (size_t i = 0; i < pp->nwh_headers; i++) {
		const struct header *h = &pp->wh_headers[i];
		if (strcasecmp(h->name, "Content-Type") == 0)
			have_ctype = 1;
		hdrs[k] = own[nown++] = xasprintf("%s: %s", h->name, h->value);
		shown[k] = own[nown++] = h->sensitive ? xasprintf("%s: ***", h->name)
						      : xasprintf("%s: %s", h->name, h->raw);
		k++;
	}
	if (pp->wh_body && !have_ctype) {
		hdrs[k] = shown[k] = "Content-Type: application/json";
		k++;
	}
	memset(&c, 0, sizeof(c));
	c.step = "webhook";
	c.method = pp->wh_method;
	c.url = pp->wh_url;
	/* as written: ${VAR} stays unexpanded, so no secret is shown */
	c.shown_url = pp->wh_url_raw;
	c.headers = hdrs;
	c.shown_headers = shown;
	c.body = pp->wh_body;
	c.shown_body = pp->wh_body_raw;
	c.retry = pp->wh_idempotent ? MF_RETRY_IDEMPOTENT : MF_RETRY_UNSENT_ONLY;
	c.expect = pp->wh_expect;
	c.nexpect = pp->nwh_expect;
	rc = mf_call(s, &c, NULL, &why);
	if (rc < 0)
		fail_step(sr, "webhook", why.msg);
	for (size_t i = 0; i < nown; i++) {
		memset(own[i], 0, strlen(own[i]));
		free(own[i]);
	}
	free(own);
	free(hdrs);
	free(shown);
	return rc < 0 ? -1 : 0;
}

int promote_run(const struct policy *p, const struct run_result *r,
		int dry_run, struct sbuf *plan, struct sbuf *warnings,
		struct promotion_result *out)
{
	const struct promote_policy *pp = promote_of(p);
	struct mf_session s;
	struct step_result sr;
	struct sbuf msg;
	int rc = 0;

	memset(&sr, 0, sizeof(sr));
	sr.warnings = warnings;
	out->ok = 0;
	out->dry_run = dry_run;
	if (!pp) {
		out->message = xstrdup("the policy has no 'promote' section");
		return -1;
	}
	session_from_policy(&s, pp);
	for (size_t i = 0; i < pp->nwh_headers; i++) {
		if (pp->wh_headers[i].sensitive)
			mf_add_secret(&s, pp->wh_headers[i].value);
		add_env_secrets(&s, pp->wh_headers[i].raw, pp->wh_headers[i].sensitive);
	}
	if (pp->has_webhook) {
		add_env_secrets(&s, pp->wh_url_raw, 0);
		add_env_secrets(&s, pp->wh_body_raw, 0);
	}
	if (dry_run) {
		s.dry_run = 1;
		s.plan = plan;
		sbuf_adds(plan, "dry run: the requests promotion would send (nothing is sent)\n");
	} else if (http_ready() < 0) {
		out->message = xstrdup("cannot initialise libcurl");
		mf_session_release(&s);
		return -1;
	}
	if (pp->has_mlflow)
		rc = promote_mlflow(p, r, &s, &sr);
	if (rc == 0 && pp->has_webhook)
		rc = promote_webhook(pp, &s, &sr);

	sbuf_init(&msg, 0);
	if (rc < 0) {
		sbuf_adds(&msg, sr.what);
	} else if (dry_run) {
		sbuf_addf(&msg, "%zu request%s printed, none sent", s.ntrail, s.ntrail == 1 ? "" : "s");
	} else {
		if (pp->has_mlflow) {
			sbuf_addf(&msg, "model '%s' version %s", pp->model, pp->version);
			if (pp->alias)
				sbuf_addf(&msg, ": alias '%s'", pp->alias);
			if (pp->stage)
				sbuf_addf(&msg, "%s stage %s", pp->alias ? "," : ":", pp->stage);
		}
		if (pp->has_webhook)
			sbuf_addf(&msg, "%swebhook accepted", pp->has_mlflow ? "; " : "");
	}
	{
		char *clean = mf_scrub(&s, sbuf_str(&msg));
		out->message = clean;
	}
	sbuf_release(&msg);
	out->details = mf_trail_json(&s);
	out->ok = rc == 0;
	mf_session_release(&s);
	return rc < 0 ? -1 : 0;
}
