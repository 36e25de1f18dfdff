/* promote: parsing of `promote:` and `baseline: {mlflow: ...}` (the
 * registry baseline and the promotion sequence are promote_run.c).
 * Values from the policy arrive with ${VAR} already expanded (ynode->str);
 * anything this module shows uses the text as written (ynode->raw), so
 * that a secret from the environment is never printed. */
#define _POSIX_C_SOURCE 200809L
#include "registry/promote.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "registry/promote_policy.h"

#define PROMOTE_MAX_RETRIES 10
#define ALIAS_MAX 255
#define TAG_KEY_MAX 250
#define TAG_VALUE_MAX 5000

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

static int split_model_uri(struct pol_ctx *c, const struct ynode *n, char **model,
			   char **version, char **alias);

/* `promote.mlflow.register`: where the gated run keeps its model. */
static int parse_register(struct pol_ctx *c, struct promote_policy *pp, const struct ynode *g)
{
	static const char *const keys[] = {"artifact_path", "wait_s", NULL};
	const char *s;
	int present, rc = 0;
	double d;

	if (pol_expect(c, g, Y_MAP, "'promote.mlflow.register'") < 0)
		return -1;
	if (pol_check_keys(c, g, keys, "'promote.mlflow.register'"))
		rc = -1;
	if (ynode_get(g, "artifact_path")) {
		if (get_req_string(c, g, "artifact_path", "'promote.mlflow.register'", &s) < 0)
			rc = -1;
		else if (s[0] == '/' || strstr(s, "..") || strchr(s, '?') || strchr(s, '#'))
			rc = pol_err(c, ynode_get(g, "artifact_path"), "'artifact_path' must be a "
				     "path inside the run's artifacts (no leading '/', no '..'), not '%s'",
				     raw_of(ynode_get(g, "artifact_path")));
		else {
			free(pp->artifact_path);
			pp->artifact_path = xstrdup(s);
		}
	}
	if (pol_get_number(c, g, "wait_s", &d, &present) < 0)
		rc = -1;
	else if (present && (!(d >= 0) || d > 3600))
		rc = pol_err(c, ynode_get(g, "wait_s"), "'wait_s' must be from 0 to 3600 seconds");
	else if (present)
		pp->wait_s = d;
	return rc;
}

/* The first unset ${VAR} left in `n` (policy.c defers them under
 * `promote:`), noted once for promotion to report. */
static void note_unset(struct pol_ctx *c, struct promote_policy *pp, const struct ynode *n)
{
	if (n->kind != Y_SCALAR) {
		for (size_t i = 0; i < n->n && !pp->unset; i++)
			note_unset(c, pp, n->items[i]);
		return;
	}
	if (!n->deferred || pp->unset)
		return;
	for (const char *q = strstr(n->raw, "${"); q; q = strstr(q + 2, "${")) {
		size_t len = strcspn(q + 2, ":}");
		char *name = xstrndup(q + 2, len);

		if (!getenv(name) && q[2 + len] == '}')
			pp->unset = xasprintf("environment variable '%s' is not set (%s:%d:%d)",
					      name, c->file, n->line, n->col);
		free(name);
		if (pp->unset)
			return;
	}
	pp->unset = xasprintf("a variable in \"%s\" is not set (%s:%d:%d)", n->raw, c->file,
			      n->line, n->col);
}

static int is_deferred(const struct ynode *n)
{
	return n && n->deferred;
}

static int parse_mlflow(struct pol_ctx *c, struct promote_policy *pp, const struct ynode *m)
{
	static const char *const keys[] = {"tracking_uri", "model", "version", "alias", "stage",
					   "archive_existing", "tags", "register", NULL};
	static const char *const stages[] = {"None", "Staging", "Production", "Archived"};
	const char *s;
	const struct ynode *n;
	int present, rc = 0;

	if (pol_expect(c, m, Y_MAP, "'promote.mlflow'") < 0)
		return -1;
	if (pol_check_keys(c, m, keys, "'promote.mlflow'"))
		rc = -1;
	pp->has_mlflow = 1;
	pp->artifact_path = xstrdup("model");
	pp->wait_s = 60;
	if ((n = ynode_get(m, "tracking_uri"))) {
		if (pol_get_string(c, m, "tracking_uri", &s) < 0)
			rc = -1;
		else if (is_deferred(n))
			; /* promotion fails on it, when it runs */
		else if (!is_http_url(s))
			rc = pol_err(c, n, "'tracking_uri' must be an http:// or https:// URL, not '%s'",
				     raw_of(n));
		else
			pp->tracking_uri = xstrdup(s);
	}
	if (get_req_string(c, m, "model", "'promote.mlflow'", &s) == 0) {
		char *uri_version = NULL;
		pp->model = xstrdup(s);
		if (!is_deferred(ynode_get(m, "model")) && strncmp(s, "models:/", 8) == 0) {
			if (ynode_get(m, "version"))
				rc = pol_err(c, ynode_get(m, "version"), "'%s' names the version already: "
					     "leave out 'version'", raw_of(ynode_get(m, "model")));
			else if (split_model_uri(c, ynode_get(m, "model"), &pp->model, &uri_version,
						 &pp->from_alias) < 0)
				rc = -1;
			else if (uri_version)
				pp->version = uri_version;
			else
				pp->version_kind = PV_ALIAS;
		}
	} else {
		rc = -1;
	}
	if (!pp->version && !pp->from_alias &&
	    get_req_string(c, m, "version", "'promote.mlflow'", &s) == 0)
		pp->version = xstrdup(s);
	else if (!pp->version && !pp->from_alias)
		rc = -1;
	n = ynode_get(m, "version");
	if (!pp->version || is_deferred(n))
		;
	else if (strcmp(pp->version, "latest") == 0)
		pp->version_kind = PV_LATEST;
	else if (strcmp(pp->version, "register") == 0)
		pp->version_kind = PV_REGISTER;
	else if (strspn(pp->version, "0123456789") != strlen(pp->version) ||
		 strlen(pp->version) > 18 || !pp->version[0])
		rc = pol_err(c, n ? n : ynode_get(m, "model"), "'version' must be a model version "
			     "number such as 3, 'latest' or 'register', not '%s'",
			     n ? raw_of(n) : pp->version);
	if (pp->version_kind == PV_REGISTER) {
		const struct ynode *mt = ynode_get(c->root, "metrics");
		if (!mt || mt->kind != Y_MAP)
			rc = pol_err(c, ynode_get(m, "version"), "'version: register' registers the "
				     "gated run: the metrics must come from it ('metrics: {mlflow: "
				     "{experiment: ..., order_by: ...}}' or '{mlflow: {run_id: ...}}')");
	}
	if ((n = ynode_get(m, "register"))) {
		if (pp->version_kind != PV_REGISTER)
			rc = pol_err(c, n, "'register' needs 'version: register'");
		else if (parse_register(c, pp, n) < 0)
			rc = -1;
	}
	if ((n = ynode_get(m, "alias"))) {
		if (pol_get_string(c, m, "alias", &s) < 0 ||
		    (!is_deferred(n) && check_alias(c, n, s) < 0))
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
			if (!pp->stage && is_deferred(n))
				pp->stage = xstrdup(s);
			else if (!pp->stage)
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
		if (!is_deferred(n) && !is_http_url(s))
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
	note_unset(c, pp, n);
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
	free(pp->from_alias);
	free(pp->artifact_path);
	free(pp->unset);
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
	static const char *const keys[] = {"model", "alias", "version", "tracking_uri",
					   "if_missing", NULL};
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
	for (size_t i = 0; i < 2; i++) {
		const char *key = i ? "version" : "alias";
		if (!ynode_get(m, key))
			continue;
		if (get_req_string(c, m, key, "'baseline.mlflow'", &s) < 0)
			rc = -1;
		else if (i == 0 && check_alias(c, ynode_get(m, key), s) < 0)
			rc = -1;
		else if (i && strspn(s, "0123456789") != strlen(s) && strcmp(s, "latest") != 0)
			rc = pol_err(c, ynode_get(m, key), "'version' must be a model version number "
				     "such as 3 or 'latest', not '%s'", raw_of(ynode_get(m, key)));
		else
			*(i ? &rb->version : &rb->alias) = xstrdup(s);
	}
	if (rc == 0 && rb->model &&
	    split_model_uri(c, ynode_get(m, "model"), &rb->model, &rb->version, &rb->alias) < 0)
		rc = -1;
	if (rc == 0 && !!rb->alias == !!rb->version)
		rc = pol_err(c, m, "'baseline.mlflow' needs 'alias' or 'version' (one), or a "
			     "models:/ URI in 'model'");
	if ((k = ynode_get(m, "if_missing"))) {
		if (pol_get_string(c, m, "if_missing", &s) < 0)
			rc = -1;
		else if (strcmp(s, "skip") == 0)
			rb->if_missing_skip = 1;
		else if (strcmp(s, "error") != 0)
			rc = pol_err(c, k, "'if_missing' is 'skip' (a first promotion: the baseline "
				     "gates are skipped) or 'error' (the default), not '%s'", raw_of(k));
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
	free(rb->version);
	free(rb->tracking_uri);
	free(rb->compared_version);
	free(rb);
}

/* `models:/name@alias` or `models:/name/version` in `model`: split into
 * the parts; a plain name is left alone.  0 or -1. */
static int split_model_uri(struct pol_ctx *c, const struct ynode *n, char **model,
			   char **version, char **alias)
{
	const char *s = *model, *rest, *at, *slash;

	if (strncmp(s, "models:/", 8) != 0)
		return 0;
	rest = s + 8;
	at = strrchr(rest, '@');
	slash = strrchr(rest, '/');
	if ((*version || *alias) && (at || slash))
		return pol_err(c, n, "'%s' names a version or alias already: leave out "
			       "'version' and 'alias'", raw_of(n));
	if (at && at > rest && at[1]) {
		*alias = xstrdup(at + 1);
		at = xstrndup(rest, (size_t)(at - rest));
	} else if (slash && slash > rest && slash[1] &&
		   (strspn(slash + 1, "0123456789") == strlen(slash + 1) ||
		    strcmp(slash + 1, "latest") == 0)) {
		*version = xstrdup(slash + 1);
		at = xstrndup(rest, (size_t)(slash - rest));
	} else {
		return pol_err(c, n, "'%s' is not models:/NAME@ALIAS, models:/NAME/VERSION or "
			       "models:/NAME/latest", raw_of(n));
	}
	free(*model);
	*model = (char *)at;
	if (*alias && check_alias(c, n, *alias) < 0)
		return -1;
	return 0;
}

static int registry_metrics_parse(struct pol_ctx *c, const struct ynode *n,
				  void **out, size_t *ngates)
{
	static const char *const top[] = {"mlflow", NULL};
	static const char *const keys[] = {"tracking_uri", "run_id", "model", "version", "alias",
					   "experiment", "order_by", "filter", NULL};
	static const char *const strs[] = {"run_id", "model", "version", "alias",
					   "experiment", "order_by", "filter", NULL};
	struct registry_metrics *rm;
	char **slots[7];
	const struct ynode *m, *k;
	const char *s;
	int rc = 0, ways;

	*ngates = 0;
	if (pol_check_keys(c, n, top, "'metrics'"))
		return -1;
	m = ynode_get(n, "mlflow");
	if (!m)
		return pol_err(c, n, "'metrics' must be a file path or {mlflow: {...}}");
	if (pol_expect(c, m, Y_MAP, "'metrics.mlflow'") < 0)
		return -1;
	rm = xcalloc(1, sizeof(*rm));
	*out = rm;
	rm->line = m->line;
	rm->col = m->col;
	slots[0] = &rm->run_id;
	slots[1] = &rm->model;
	slots[2] = &rm->version;
	slots[3] = &rm->alias;
	slots[4] = &rm->experiment;
	slots[5] = &rm->order_by;
	slots[6] = &rm->filter;
	if (pol_check_keys(c, m, keys, "'metrics.mlflow'"))
		rc = -1;
	for (size_t i = 0; strs[i]; i++) {
		if (!ynode_get(m, strs[i]))
			continue;
		if (get_req_string(c, m, strs[i], "'metrics.mlflow'", &s) < 0)
			rc = -1;
		else
			*slots[i] = xstrdup(s);
	}
	if ((k = ynode_get(m, "tracking_uri"))) {
		if (pol_get_string(c, m, "tracking_uri", &s) < 0)
			rc = -1;
		else if (!is_http_url(s))
			rc = pol_err(c, k, "'tracking_uri' must be an http:// or https:// URL, not '%s'",
				     raw_of(k));
		else
			rm->tracking_uri = xstrdup(s);
	}
	if (rc < 0)
		return rc;
	if (rm->model && split_model_uri(c, ynode_get(m, "model"), &rm->model, &rm->version,
					 &rm->alias) < 0)
		return -1;
	if (rm->alias && check_alias(c, ynode_get(m, "alias"), rm->alias) < 0)
		return -1;
	if (rm->version && strspn(rm->version, "0123456789") != strlen(rm->version) &&
	    strcmp(rm->version, "latest") != 0)
		return pol_err(c, ynode_get(m, "version"), "'version' must be a model version "
			       "number such as 3 or 'latest', not '%s'", raw_of(ynode_get(m, "version")));
	ways = !!rm->run_id + !!rm->model + !!rm->experiment;
	if (ways != 1)
		return pol_err(c, m, "'metrics.mlflow' needs exactly one of 'run_id', 'model' "
			       "(with 'version' or 'alias') or 'experiment' (with 'order_by')");
	if (rm->model && !!rm->version == !!rm->alias)
		return pol_err(c, m, "'metrics.mlflow' with 'model' needs 'version' or 'alias' (one)");
	if (!rm->model && (rm->version || rm->alias))
		return pol_err(c, m, "'version' and 'alias' in 'metrics.mlflow' need 'model'");
	if (!rm->experiment && (rm->order_by || rm->filter))
		return pol_err(c, m, "'order_by' and 'filter' in 'metrics.mlflow' need 'experiment'");
	if (rm->experiment && !rm->order_by)
		return pol_err(c, m, "'metrics.mlflow' with 'experiment' needs 'order_by' (such as "
			       "\"metrics.f1_score DESC\"): which run is the best one");
	return 0;
}

static void registry_metrics_free(void *sec)
{
	struct registry_metrics *rm = sec;

	if (!rm)
		return;
	free(rm->tracking_uri);
	free(rm->run_id);
	free(rm->model);
	free(rm->version);
	free(rm->alias);
	free(rm->experiment);
	free(rm->order_by);
	free(rm->filter);
	free(rm);
}

const struct section_ops promote_section = {
	.key = "promote",
	.parse = promote_parse,
	.free = promote_free,
};

const struct section_ops promote_baseline_section = {
	.key = "baseline",
	.parse = registry_baseline_parse,
	.free = registry_baseline_free,
};

const struct promote_policy *promote_policy_of(const struct policy *p)
{
	return policy_section(p, &promote_section);
}

const struct section_ops promote_metrics_section = {
	.key = "metrics",
	.parse = registry_metrics_parse,
	.free = registry_metrics_free,
};

const struct registry_metrics *promote_metrics_of(const struct policy *p)
{
	return policy_section(p, &promote_metrics_section);
}

struct registry_baseline *promote_baseline_of(const struct policy *p)
{
	/* the registry notes which version it compared with */
	return (struct registry_baseline *)policy_section(p, &promote_baseline_section);
}

int promote_configured(const struct policy *p)
{
	return promote_policy_of(p) != NULL;
}
