#define _POSIX_C_SOURCE 200809L
#include "registry/mlflow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/escape.h"
#include "common/trust.h"
#include "ext/jsondoc.h"
#include "common/jsonw.h"

#define MF_API "/api/2.0/mlflow/"
#define MF_MAX_RESPONSE ((size_t)1 << 20)
#define MF_ERROR_BYTES 300

static void real_sleep(double ms, void *arg)
{
	struct timespec ts;

	(void)arg;
	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(fmod(ms, 1000.0) * 1e6);
	while (nanosleep(&ts, &ts) != 0)
		;
}

void mf_session_init(struct mf_session *s)
{
	memset(s, 0, sizeof(*s));
	s->connect_ms = 10000;
	s->timeout_ms = 30000;
	s->retries = 3;
	s->backoff_ms = 1000;
	s->max_wait_ms = 30000;
	s->sleep_ms = real_sleep;
	s->rng = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	sbuf_init(&s->trail, 0);
}

void mf_session_release(struct mf_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nsecrets; i++) {
		/* wipe before freeing: a core dump should not hold them either */
		memset(s->secrets[i], 0, strlen(s->secrets[i]));
		free(s->secrets[i]);
	}
	free(s->secrets);
	free(s->ca_path);
	free(s->insecure_origin);
	sbuf_release(&s->trail);
	memset(s, 0, sizeof(*s));
}

void mf_add_secret(struct mf_session *s, const char *secret)
{
	if (!secret || !*secret)
		return;
	for (size_t i = 0; i < s->nsecrets; i++)
		if (strcmp(s->secrets[i], secret) == 0)
			return;
	s->secrets = xgrow(s->secrets, &s->capsecrets, s->nsecrets + 1, sizeof(*s->secrets));
	s->secrets[s->nsecrets++] = xstrdup(secret);
}

char *mf_scrub(const struct mf_session *s, const char *text)
{
	struct sbuf out;

	sbuf_init(&out, 0);
	if (text)
		esc_scrub(&out, text, strlen(text), (const char *const *)s->secrets,
			  s->nsecrets);
	return sbuf_detach(&out);
}

char *mf_trail_json(const struct mf_session *s)
{
	return xasprintf("[%s]", sbuf_str(&s->trail));
}

/* What the trail records of a URL: its path, never the query (which may
 * carry tokens) nor user:password@host. */
static char *trail_path(const char *shown)
{
	const char *p = shown, *q;

	if (strncmp(p, "http://", 7) == 0 || strncmp(p, "https://", 8) == 0) {
		p = strstr(p, "://") + 3;
		p += strcspn(p, "/?#");
		if (!*p || *p == '?' || *p == '#')
			return xstrdup("/");
	}
	q = p + strcspn(p, "?#");
	return xstrndup(p, (size_t)(q - p));
}

static void trail_add(struct mf_session *s, const struct mf_call *c, int sent,
		      long status, int attempts, int ok, const char *error,
		      double elapsed_ms)
{
	struct sbuf item;
	struct jsonw w;
	char *path = trail_path(c->shown_url ? c->shown_url : "");
	char *err = error ? mf_scrub(s, error) : NULL;
	char *path_clean = mf_scrub(s, path);

	sbuf_init(&item, 0);
	jw_init(&w, &item, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "step", c->step);
	jw_kstr(&w, "method", c->method);
	jw_kstr(&w, "url", path_clean);
	jw_kbool(&w, "sent", sent);
	jw_key(&w, "status");
	if (status > 0)
		jw_int(&w, status);
	else
		jw_null(&w);
	jw_kint(&w, "attempts", attempts);
	jw_kbool(&w, "ok", ok);
	jw_kstr(&w, "error", err);
	jw_knum(&w, "elapsed_ms", floor(elapsed_ms * 10 + 0.5) / 10);
	jw_obj_close(&w);
	if (s->ntrail++)
		sbuf_addc(&s->trail, ',');
	sbuf_adds(&s->trail, sbuf_str(&item));
	sbuf_release(&item);
	free(path);
	free(path_clean);
	free(err);
}

static void print_plan(struct mf_session *s, const struct mf_call *c)
{
	struct sbuf out;
	char *clean;

	if (!s->plan)
		return;
	sbuf_init(&out, 0);
	sbuf_addf(&out, "%s %s\n", c->method, c->shown_url ? c->shown_url : "");
	for (const char *const *h = c->shown_headers; h && *h; h++)
		sbuf_addf(&out, "  %s\n", *h);
	if (c->shown_body)
		sbuf_addf(&out, "  %s\n", c->shown_body);
	/* belt and braces: whatever was passed as "shown", no secret leaves */
	clean = mf_scrub(s, sbuf_str(&out));
	sbuf_adds(s->plan, clean);
	free(clean);
	sbuf_release(&out);
}

double mf_backoff_ms(struct mf_session *s, int attempt, long retry_after_ms)
{
	double base, wait;

	if (retry_after_ms >= 0) {
		wait = (double)retry_after_ms;
	} else {
		base = s->backoff_ms * pow(2.0, attempt > 1 ? attempt - 1 : 0);
		if (base > s->max_wait_ms)
			base = s->max_wait_ms;
		/* equal jitter: half fixed, half random, so that many gates
		 * retrying at once spread out but still back off */
		s->rng = s->rng * 1103515245u + 12345u;
		wait = base / 2 + base / 2 * ((double)((s->rng >> 8) & 0xffff) / 65535.0);
	}
	return wait > s->max_wait_ms ? s->max_wait_ms : wait;
}

static void add_plain(struct sbuf *out, const char *s, size_t n, int html)
{
	int in_tag = 0, space = 1;

	for (size_t i = 0; i < n && out->len < MF_ERROR_BYTES; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (html && ch == '<') {
			in_tag = 1;
			continue;
		}
		if (in_tag) {
			if (ch == '>') {
				in_tag = 0;
				ch = ' ';
			} else {
				continue;
			}
		}
		if (ch < 0x20 || ch == 0x7f || ch == ' ') {
			if (!space)
				sbuf_addc(out, ' ');
			space = 1;
			continue;
		}
		sbuf_addc(out, (char)ch);
		space = 0;
	}
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
}

void mf_response_error(const struct http_response *res, char *buf, size_t n)
{
	struct jval *j = NULL;
	struct sbuf text, safe;
	const char *code = NULL, *msg = NULL;
	int html = res->content_type && strstr(res->content_type, "html");

	sbuf_init(&text, 0);
	sbuf_init(&safe, 0);
	if (res->status >= 300 && res->status < 400) {
		snprintf(buf, n, "HTTP %ld: a redirect, not followed (mlgate never sends "
			 "credentials to another address); use the final URL", res->status);
		return;
	}
	if (res->body_len && !res->truncated)
		j = jv_parse(res->body, res->body_len, "response", MG_EXIT_PROMOTE, NULL);
	if (j && jv_type(j) == J_OBJECT) {
		if (jv_type(jv_get(j, "error_code")) == J_STRING)
			code = jv_string(jv_get(j, "error_code"));
		if (jv_type(jv_get(j, "message")) == J_STRING)
			msg = jv_string(jv_get(j, "message"));
	}
	if (code || msg) {
		if (code)
			add_plain(&text, code, strlen(code), 0);
		if (code && msg)
			sbuf_adds(&text, ": ");
		if (msg)
			add_plain(&text, msg, strlen(msg), 0);
	} else {
		add_plain(&text, res->body ? res->body : "", res->body_len, html);
	}
	/* the text may come from anywhere: keep it printable in a terminal
	 * and valid UTF-8 */
	esc_terminal(&safe, sbuf_str(&text), text.len);
	if (safe.len)
		snprintf(buf, n, "HTTP %ld: %s%s", res->status, sbuf_str(&safe),
			 text.len >= MF_ERROR_BYTES ? "..." : "");
	else
		snprintf(buf, n, "HTTP %ld", res->status);
	jv_free(j);
	sbuf_release(&text);
	sbuf_release(&safe);
}

/* Note the answer's status and MLflow error_code (for mf_last_missing). */
static void note_answer(struct mf_session *s, const struct http_response *res)
{
	struct jval *j = NULL;
	const struct jval *code;

	s->last_status = res->status;
	s->last_code[0] = '\0';
	if (res->status < 400 || !res->body_len || res->truncated)
		return;
	j = jv_parse(res->body, res->body_len, "response", MG_EXIT_PROMOTE, NULL);
	code = j && jv_type(j) == J_OBJECT ? jv_get(j, "error_code") : NULL;
	if (code && jv_type(code) == J_STRING)
		snprintf(s->last_code, sizeof(s->last_code), "%s", jv_string(code));
	jv_free(j);
}

int mf_last_missing(const struct mf_session *s)
{
	return (s->last_status == 404 && strcmp(s->last_code, "RESOURCE_DOES_NOT_EXIST") == 0) ||
	       (s->last_status == 400 && strcmp(s->last_code, "INVALID_PARAMETER_VALUE") == 0);
}

static int status_expected(const struct mf_call *c, long status)
{
	if (!c->expect)
		return status >= 200 && status < 300;
	for (size_t i = 0; i < c->nexpect; i++)
		if (c->expect[i] == status)
			return 1;
	return 0;
}

static int retryable_status(enum mf_retry r, long status)
{
	if (status == 408 || status == 429 || status == 503)
		return 1;
	return r == MF_RETRY_IDEMPOTENT && status >= 500 && status <= 599;
}

int mf_call(struct mf_session *s, const struct mf_call *c, struct jval **json,
	    struct mg_error *err)
{
	struct http_request rq;
	struct http_response res;
	char msg[1024] = "";
	double t0 = mg_now_ms();
	long status = 0;
	int attempt, rc = -1;

	if (json)
		*json = NULL;
	s->last_status = 0;
	s->last_code[0] = '\0';
	if (s->dry_run) {
		print_plan(s, c);
		trail_add(s, c, 0, 0, 0, 1, NULL, 0);
		return 1;
	}
	memset(&rq, 0, sizeof(rq));
	rq.method = c->method;
	rq.url = c->url;
	rq.headers = c->headers;
	rq.body = c->body;
	rq.body_len = c->body ? strlen(c->body) : 0;
	rq.connect_timeout_ms = s->connect_ms;
	rq.timeout_ms = s->timeout_ms;
	rq.insecure_tls = s->insecure_tls && s->insecure_origin &&
			  http_same_origin(c->url, s->insecure_origin);
	rq.ca_path = s->ca_path;
	rq.max_response = MF_MAX_RESPONSE;
	for (attempt = 1;; attempt++) {
		int retry = 0;
		long after = -1;

		if (http_perform(&rq, &res) < 0) {
			status = 0;
			s->last_status = 0;
			snprintf(msg, sizeof(msg), "%s", res.error);
			retry = res.not_sent || c->retry == MF_RETRY_IDEMPOTENT;
		} else if (note_answer(s, &res), status_expected(c, res.status)) {
			status = res.status;
			if (!c->want_json) {
				rc = 0;
			} else if (res.truncated) {
				snprintf(msg, sizeof(msg),
					 "HTTP %ld, but the answer is larger than %zu bytes", status,
					 MF_MAX_RESPONSE);
			} else {
				struct mg_error e;
				struct jval *j = jv_parse(res.body, res.body_len, "response",
							  MG_EXIT_PROMOTE, &e);
				if (j && jv_type(j) == J_OBJECT) {
					if (json)
						*json = j;
					else
						jv_free(j);
					rc = 0;
				} else {
					jv_free(j);
					snprintf(msg, sizeof(msg),
						 "HTTP %ld, but the answer is not a JSON object", status);
				}
			}
		} else {
			status = res.status;
			mf_response_error(&res, msg, sizeof(msg));
			retry = retryable_status(c->retry, status);
			if (status == 429 || status == 503)
				after = http_retry_after_ms(res.retry_after);
		}
		http_response_release(&res);
		if (rc == 0 || !retry || attempt > s->retries)
			break;
		s->sleep_ms(mf_backoff_ms(s, attempt, after), s->sleep_arg);
	}
	trail_add(s, c, 1, status, attempt, rc == 0, rc == 0 ? NULL : msg, mg_now_ms() - t0);
	if (rc < 0) {
		char *clean = mf_scrub(s, msg);
		if (attempt > 1)
			mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "%s (after %d attempts)", clean, attempt);
		else
			mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "%s", clean);
		free(clean);
	}
	return rc;
}

/* ----- MLflow ----- */

void mf_urlencode(struct sbuf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
			sbuf_addc(out, (char)ch);
		} else {
			sbuf_addc(out, '%');
			sbuf_addc(out, hex[ch >> 4]);
			sbuf_addc(out, hex[ch & 15]);
		}
	}
}

char *mf_base64(const char *s, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		*o++ = tab[(v >> 18) & 63];
		*o++ = tab[(v >> 12) & 63];
		*o++ = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		*o++ = i + 2 < n ? tab[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* The URI for showing: user:password@ replaced by three stars.  The
 * password is also remembered as a secret. */
static char *shown_uri(struct mf_session *s, const char *uri)
{
	const char *auth = strstr(uri, "://"), *at, *end;

	if (!auth)
		return xstrdup(uri);
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	if (!at)
		return xstrdup(uri);
	{
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon) {
			char *pw = xstrndup(colon + 1, (size_t)(at - colon - 1));
			mf_add_secret(s, pw);
			free(pw);
		}
	}
	return xasprintf("%.*s***%s", (int)(auth - uri), uri, at);
}

/* The value of `key` in the [mlflow] section of MLflow's credentials file
 * (INI, as Python's configparser reads it: "key = value" or "key: value",
 * '#' and ';' comment lines).  NULL when absent; caller frees. */
static char *credentials_value(const char *text, const char *key)
{
	const char *line = text;
	int in_section = 0;

	while (line && *line) {
		const char *end = line + strcspn(line, "\n"), *p = line, *q;
		size_t klen;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (*p == '[') {
			q = memchr(p, ']', (size_t)(end - p));
			in_section = q && (size_t)(q - p - 1) == strlen("mlflow") &&
				     strncmp(p + 1, "mlflow", 6) == 0;
		} else if (in_section && *p != '#' && *p != ';') {
			klen = strcspn(p, "=:\n");
			q = p + klen;
			while (q > p && (q[-1] == ' ' || q[-1] == '\t'))
				q--;
			if (p + klen < end && (size_t)(q - p) == strlen(key) &&
			    strncmp(p, key, strlen(key)) == 0) {
				const char *v = p + klen + 1, *ve = end;
				while (v < ve && (*v == ' ' || *v == '\t'))
					v++;
				while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
					ve--;
				return ve > v ? xstrndup(v, (size_t)(ve - v)) : NULL;
			}
		}
		line = *end ? end + 1 : NULL;
	}
	return NULL;
}

/* Append a warning to `warn`, "; " between two. */
static void warn_add(char *warn, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void warn_add(char *warn, size_t size, const char *fmt, ...)
{
	size_t used = strlen(warn);
	struct sbuf raw = SBUF_INIT, shown = SBUF_INIT;
	va_list ap;

	if (used && used + 2 < size) {
		memcpy(warn + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	sbuf_vaddf(&raw, fmt, ap);
	va_end(ap);
	/* it quotes the policy's URI and goes to the terminal */
	esc_terminal(&shown, sbuf_str(&raw), raw.len);
	snprintf(warn + used, size - used, "%s", sbuf_str(&shown));
	sbuf_release(&raw);
	sbuf_release(&shown);
}

/* Is `url` of the origin of $MLFLOW_TRACKING_URI? */
static int mf_same_origin_as_env(const char *url)
{
	char a[320], b[320];
	const char *mine = env("MLFLOW_TRACKING_URI");

	return mine && trust_origin(url, a, sizeof(a)) == 0 &&
	       trust_origin(mine, b, sizeof(b)) == 0 && strcmp(a, b) == 0;
}

int mf_registry_init(struct mf_registry *r, struct mf_session *s,
		     const char *tracking_uri, char *warn, size_t warn_size,
		     struct mg_error *err)
{
	const char *uri = tracking_uri && *tracking_uri ? tracking_uri : env("MLFLOW_TRACKING_URI");
	const char *token = env("MLFLOW_TRACKING_TOKEN");
	const char *user = env("MLFLOW_TRACKING_USERNAME");
	const char *pass = env("MLFLOW_TRACKING_PASSWORD");
	const char *insecure = env("MLFLOW_TRACKING_INSECURE_TLS");
	const char *cert = env("MLFLOW_TRACKING_SERVER_CERT_PATH");
	char *file_user = NULL, *file_pass = NULL;
	size_t n;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	/* MLflow's client falls back to ~/.mlflow/credentials for each of
	 * the two, the environment winning */
	if ((!user || !pass) && env("HOME")) {
		char *path = xasprintf("%s/.mlflow/credentials", env("HOME"));
		char *text = mg_read_file(path, 1 << 16, &n, NULL);
		if (text) {
			if (!user)
				user = file_user = credentials_value(text, "mlflow_tracking_username");
			if (!pass)
				pass = file_pass = credentials_value(text, "mlflow_tracking_password");
			memset(text, 0, n);
			free(text);
		}
		free(path);
	}
	r->s = s;
	r->auth_kind = "none";
	warn[0] = '\0';
	/* secrets first, so that even an error about the URI cannot show them */
	mf_add_secret(s, token);
	mf_add_secret(s, pass);
	if (!uri) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "no MLflow tracking URI: set MLFLOW_TRACKING_URI "
			 "or 'tracking_uri' in the policy");
		goto out;
	}
	if (strncasecmp(uri, "http://", 7) != 0 && strncasecmp(uri, "https://", 8) != 0) {
		char *shown = shown_uri(s, uri), *clean = mf_scrub(s, shown);
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "MLflow tracking URI '%s' is not an http:// or https:// URL "
			 "(mlgate talks to the REST API of a tracking server)", clean);
		free(shown);
		free(clean);
		goto out;
	}
	n = strlen(uri);
	while (n > 0 && uri[n - 1] == '/')
		n--;
	r->base = xstrndup(uri, n);
	r->shown_base = shown_uri(s, r->base);
	/* credentials are bound to the origin of the operator's
	 * MLFLOW_TRACKING_URI: a policy's other URI (allowed with
	 * --allow-host) gets requests without them */
	if ((token || user || pass) && !mf_same_origin_as_env(r->base)) {
		warn_add(warn, warn_size, "%s is not the origin of MLFLOW_TRACKING_URI: "
			 "sending no credentials to it", r->shown_base);
		token = user = pass = NULL;
	}
	if (user && pass) {
		char *pair = xasprintf("%s:%s", user, pass);
		char *b64 = mf_base64(pair, strlen(pair));
		r->auth = xasprintf("Authorization: Basic %s", b64);
		r->auth_kind = "basic";
		mf_add_secret(s, b64);
		memset(pair, 0, strlen(pair));
		free(pair);
		free(b64);
		if (token)
			snprintf(warn, warn_size, "MLFLOW_TRACKING_TOKEN is ignored because "
				 "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD are set "
				 "(basic auth wins, as in MLflow's Python client)");
	} else if (token) {
		r->auth = xasprintf("Authorization: Bearer %s", token);
		r->auth_kind = "bearer";
		if (user || pass)
			snprintf(warn, warn_size, "%s is set without %s: using MLFLOW_TRACKING_TOKEN",
				 user ? "MLFLOW_TRACKING_USERNAME" : "MLFLOW_TRACKING_PASSWORD",
				 user ? "MLFLOW_TRACKING_PASSWORD" : "MLFLOW_TRACKING_USERNAME");
	} else if (user || pass) {
		snprintf(warn, warn_size, "%s is set without %s: sending no credentials",
			 user ? "MLFLOW_TRACKING_USERNAME" : "MLFLOW_TRACKING_PASSWORD",
			 user ? "MLFLOW_TRACKING_PASSWORD" : "MLFLOW_TRACKING_USERNAME");
	}
	if (r->auth)
		mf_add_secret(s, r->auth + strlen("Authorization: "));
	if (r->auth && http_plain_remote(r->base))
		warn_add(warn, warn_size, "credentials go over plain http:// to %s, where "
			 "anyone on the way can read them: use https://", r->shown_base);
	if (insecure && mg_parse_bool(insecure) < 0) {
		mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0, "MLFLOW_TRACKING_INSECURE_TLS must be "
			  "true or false (or 1 or 0), not '%.40s'", insecure);
		mf_registry_release(r);
		goto out;
	}
	if (insecure && mg_parse_bool(insecure) == 1) {
		if (cert) {
			mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "MLFLOW_TRACKING_INSECURE_TLS and "
				 "MLFLOW_TRACKING_SERVER_CERT_PATH exclude each other");
			mf_registry_release(r);
			goto out;
		}
		/* for this origin only: a webhook elsewhere is still verified */
		s->insecure_tls = 1;
		free(s->insecure_origin);
		s->insecure_origin = xstrdup(r->base);
		warn_add(warn, warn_size, "MLFLOW_TRACKING_INSECURE_TLS is set: the TLS "
			 "certificate of %s is not verified", r->shown_base);
	}
	if (cert) {
		free(s->ca_path);
		s->ca_path = xstrdup(cert);
	}
	rc = 0;
out:
	if (file_pass)
		memset(file_pass, 0, strlen(file_pass));
	free(file_user);
	free(file_pass);
	return rc;
}

void mf_registry_release(struct mf_registry *r)
{
	if (!r)
		return;
	free(r->base);
	free(r->shown_base);
	if (r->auth) {
		memset(r->auth, 0, strlen(r->auth));
		free(r->auth);
	}
	memset(r, 0, sizeof(*r));
}

/* One registry call: URL from an endpoint and a query (GET) or a JSON body
 * (others).  `retry` says which failures may be tried again. */
static int registry_call_as(struct mf_registry *r, const char *step, const char *method,
			    const char *endpoint, const char *query, const char *body,
			    enum mf_retry retry, struct jval **json, struct mg_error *err)
{
	const char *hdrs[4], *shown[4];
	struct mf_call c;
	char *url = xasprintf("%s" MF_API "%s%s%s", r->base, endpoint, query ? "?" : "",
			      query ? query : "");
	char *shown_url = xasprintf("%s" MF_API "%s%s%s", r->shown_base, endpoint,
				    query ? "?" : "", query ? query : "");
	size_t k = 0, j = 0;
	int rc;

	if (r->auth) {
		hdrs[k++] = r->auth;
		shown[j++] = "Authorization: ***";
	}
	if (body) {
		hdrs[k++] = "Content-Type: application/json";
		shown[j++] = "Content-Type: application/json";
	}
	hdrs[k++] = "Accept: application/json";
	hdrs[k] = shown[j] = NULL;
	memset(&c, 0, sizeof(c));
	c.step = step;
	c.method = method;
	c.url = url;
	c.shown_url = shown_url;
	c.headers = hdrs;
	c.shown_headers = shown;
	c.body = body;
	c.shown_body = body;
	c.retry = retry;
	c.want_json = 1;
	rc = mf_call(r->s, &c, json, err);
	free(url);
	free(shown_url);
	return rc;
}

/* Nearly every registry call mlgate makes is idempotent: reads, setting an
 * alias or a tag to a fixed value, moving a version to a fixed stage. */
static int registry_call(struct mf_registry *r, const char *step, const char *method,
			 const char *endpoint, const char *query, const char *body,
			 struct jval **json, struct mg_error *err)
{
	return registry_call_as(r, step, method, endpoint, query, body, MF_RETRY_IDEMPOTENT,
				json, err);
}

static char *query2(const char *k1, const char *v1, const char *k2, const char *v2)
{
	struct sbuf q;

	sbuf_init(&q, 0);
	sbuf_addf(&q, "%s=", k1);
	mf_urlencode(&q, v1);
	if (k2) {
		sbuf_addf(&q, "&%s=", k2);
		mf_urlencode(&q, v2);
	}
	return sbuf_detach(&q);
}

static char *str_member(const struct jval *obj, const char *key)
{
	const struct jval *v = jv_get(obj, key);

	return xstrdup(v && jv_type(v) == J_STRING ? jv_string(v) : "");
}

int mf_get_version_json(struct mf_registry *r, const char *model, const char *version,
			struct jval **answer, struct mg_error *err)
{
	char *q = query2("name", model, "version", version);
	struct jval *j = NULL, *mv;
	int rc = registry_call(r, "check-version", "GET", "model-versions/get", q, NULL, &j, err);

	free(q);
	*answer = NULL;
	if (rc != 0)
		return rc;
	mv = jv_get(j, "model_version");
	if (!mv || jv_type(mv) != J_OBJECT) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "the registry's answer has no 'model_version'");
		jv_free(j);
		return -1;
	}
	*answer = j;
	return 0;
}

int mf_get_version(struct mf_registry *r, const char *model, const char *version,
		   char **status, char **run_id, struct mg_error *err)
{
	struct jval *j = NULL, *mv;
	int rc = mf_get_version_json(r, model, version, &j, err);

	*status = *run_id = NULL;
	if (rc != 0)
		return rc;
	mv = jv_get(j, "model_version");
	*status = str_member(mv, "status");
	*run_id = str_member(mv, "run_id");
	jv_free(j);
	return 0;
}

int mf_get_alias(struct mf_registry *r, const char *step, const char *model,
		 const char *alias, char **version, char **run_id, struct mg_error *err)
{
	char *q = query2("name", model, "alias", alias);
	struct jval *j = NULL, *mv;
	int rc = registry_call(r, step, "GET", "registered-models/alias", q, NULL, &j, err);

	free(q);
	*version = *run_id = NULL;
	if (rc != 0)
		return rc;
	mv = jv_get(j, "model_version");
	if (!mv || jv_type(mv) != J_OBJECT || jv_type(jv_get(mv, "version")) != J_STRING) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "the registry's answer has no 'model_version.version'");
		jv_free(j);
		return -1;
	}
	*version = str_member(mv, "version");
	*run_id = str_member(mv, "run_id");
	jv_free(j);
	return 0;
}

static int post_json(struct mf_registry *r, const char *step, const char *endpoint,
		     struct sbuf *body, struct mg_error *err)
{
	struct jval *j = NULL;
	int rc = registry_call(r, step, "POST", endpoint, NULL, sbuf_str(body), &j, err);

	jv_free(j);
	sbuf_release(body);
	return rc;
}

int mf_set_tag(struct mf_registry *r, const char *model, const char *version,
	       const char *key, const char *value, struct mg_error *err)
{
	struct sbuf b;
	struct jsonw w;

	sbuf_init(&b, 0);
	jw_init(&w, &b, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "name", model);
	jw_kstr(&w, "version", version); /* a JSON string: MLflow rejects a number */
	jw_kstr(&w, "key", key);
	jw_kstr(&w, "value", value);
	jw_obj_close(&w);
	return post_json(r, "set-tag", "model-versions/set-tag", &b, err);
}

int mf_transition_stage(struct mf_registry *r, const char *model,
			const char *version, const char *stage, int archive,
			struct mg_error *err)
{
	struct sbuf b;
	struct jsonw w;

	sbuf_init(&b, 0);
	jw_init(&w, &b, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "name", model);
	jw_kstr(&w, "version", version);
	jw_kstr(&w, "stage", stage);
	jw_kbool(&w, "archive_existing_versions", archive);
	jw_obj_close(&w);
	return post_json(r, "transition-stage", "model-versions/transition-stage", &b, err);
}

int mf_set_alias(struct mf_registry *r, const char *model, const char *alias,
		 const char *version, struct mg_error *err)
{
	struct sbuf b;
	struct jsonw w;

	sbuf_init(&b, 0);
	jw_init(&w, &b, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "name", model);
	jw_kstr(&w, "alias", alias);
	jw_kstr(&w, "version", version);
	jw_obj_close(&w);
	return post_json(r, "set-alias", "registered-models/alias", &b, err);
}

int mf_best_run(struct mf_registry *r, const char *experiment, const char *filter,
		const char *order_by, char **run_id, char **experiment_id,
		struct mg_error *err)
{
	char *q = query2("experiment_name", experiment, NULL, NULL);
	struct jval *j = NULL, *runs;
	struct sbuf b;
	struct jsonw w;
	int rc = registry_call(r, "metrics-experiment", "GET", "experiments/get-by-name", q,
			       NULL, &j, err);

	free(q);
	*run_id = *experiment_id = NULL;
	if (rc != 0)
		return rc;
	*experiment_id = str_member(jv_get(j, "experiment"), "experiment_id");
	jv_free(j);
	j = NULL;
	if (!**experiment_id) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "the registry's answer has no 'experiment.experiment_id'");
		return -1;
	}
	sbuf_init(&b, 0);
	jw_init(&w, &b, 0);
	jw_obj_open(&w);
	jw_key(&w, "experiment_ids");
	jw_arr_open(&w);
	jw_str(&w, *experiment_id);
	jw_arr_close(&w);
	if (filter)
		jw_kstr(&w, "filter", filter);
	jw_key(&w, "order_by");
	jw_arr_open(&w);
	jw_str(&w, order_by);
	jw_arr_close(&w);
	jw_kint(&w, "max_results", 1);
	jw_obj_close(&w);
	/* a search changes nothing: as safe to repeat as a GET */
	rc = registry_call(r, "metrics-search", "POST", "runs/search", NULL, sbuf_str(&b), &j, err);
	sbuf_release(&b);
	if (rc != 0)
		return rc;
	runs = jv_get(j, "runs");
	if (!runs || jv_type(runs) != J_ARRAY || jv_size(runs) == 0) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "no run of experiment '%s' matches%s%s",
			  experiment, filter ? " the filter " : "", filter ? filter : "");
		jv_free(j);
		return -1;
	}
	*run_id = str_member(jv_get(jv_at(runs, 0), "info"), "run_id");
	jv_free(j);
	return 0;
}

struct jval *mf_run_metrics(struct mf_registry *r, const char *run_id,
			    struct mg_error *err)
{
	return mf_run_metrics_as(r, "baseline-run", run_id, NULL, err);
}

struct jval *mf_run_metrics_as(struct mf_registry *r, const char *step,
			       const char *run_id, char **experiment_id,
			       struct mg_error *err)
{
	char *q = query2("run_id", run_id, NULL, NULL);
	struct jval *j = NULL, *out = NULL;
	int rc = registry_call(r, step, "GET", "runs/get", q, NULL, &j, err);

	free(q);
	if (rc != 0)
		return NULL;
	if (experiment_id)
		*experiment_id = str_member(jv_get(jv_get(j, "run"), "info"), "experiment_id");
	out = mf_metrics_doc(jv_get(jv_get(jv_get(j, "run"), "data"), "metrics"), err);
	jv_free(j);
	if (!out && experiment_id) {
		free(*experiment_id);
		*experiment_id = NULL;
	}
	return out;
}

struct jval *mf_metrics_doc(const struct jval *metrics, struct mg_error *err)
{
	struct jval *out = NULL;
	struct sbuf doc;
	struct jsonw w;
	struct mg_error e;

	sbuf_init(&doc, 0);
	/* an empty list is omitted by the server: no metrics at all */
	if (metrics && jv_type(metrics) != J_ARRAY) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "the registry's answer has 'run.data.metrics' that is not a list");
		goto done;
	}
	jw_init(&w, &doc, 0);
	jw_obj_open(&w);
	for (size_t i = 0; metrics && i < jv_size(metrics); i++) {
		const struct jval *m = jv_at(metrics, i), *key = jv_get(m, "key"),
				  *val = jv_get(m, "value");
		if (!key || jv_type(key) != J_STRING || !val) {
			mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "run metric %zu has no key or value", i + 1);
			goto done;
		}
		jw_key(&w, jv_string(key));
		if (jv_type(val) == J_NUMBER && isfinite(jv_number(val)))
			jw_num(&w, jv_number(val));
		else if (jv_type(val) == J_NONFINITE)
			jw_raw(&w, jv_string(val)); /* NaN, Infinity: kept */
		else if (jv_type(val) == J_STRING)
			jw_str(&w, jv_string(val));
		else
			jw_null(&w);
	}
	jw_obj_close(&w);
	out = jv_parse(sbuf_str(&doc), doc.len, "registry baseline", MG_EXIT_INPUT, &e);
	if (!out)
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "cannot read the run's metrics: %s", e.msg);
done:
	sbuf_release(&doc);
	return out;
}

/* `name='MODEL'` and more, as a search filter.  MLflow's filter grammar
 * has no escape for a quote, so a value with one cannot be searched for
 * (searching for something else would find the wrong version). */
static int filter_eq(struct sbuf *f, const char *key, const char *value,
		     struct mg_error *err)
{
	if (strchr(value, '\'') || strchr(value, '"'))
		return mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "%s '%s' has a quote, which an "
				 "MLflow search filter cannot express", key, value);
	sbuf_addf(f, "%s%s='%s'", f->len ? " and " : "", key, value);
	return 0;
}

/* GET model-versions/search with `filter`, newest first. */
static int search_versions(struct mf_registry *r, const char *step, const char *filter,
			   int max, struct jval **j, struct mg_error *err)
{
	struct sbuf q;
	int rc;

	sbuf_init(&q, 0);
	sbuf_adds(&q, "filter=");
	mf_urlencode(&q, filter);
	sbuf_addf(&q, "&order_by=");
	mf_urlencode(&q, "version_number DESC");
	sbuf_addf(&q, "&max_results=%d", max);
	rc = registry_call(r, step, "GET", "model-versions/search", sbuf_str(&q), NULL, j, err);
	sbuf_release(&q);
	return rc;
}

/* The model_versions list of a search answer into *mvs (NULL: none --
 * MLflow leaves an empty list out) and its length; -1 when it is not a
 * list. */
static int versions_of(const struct jval *j, const struct jval **mvs, size_t *n,
		       struct mg_error *err)
{
	*mvs = jv_get(j, "model_versions");
	*n = 0;
	if (*mvs && jv_type(*mvs) != J_ARRAY)
		return mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "the registry's answer has "
				 "'model_versions' that is not a list");
	if (*mvs)
		*n = jv_size(*mvs);
	return 0;
}

int mf_latest_version(struct mf_registry *r, const char *step, const char *model,
		      char **version, struct mg_error *err)
{
	struct sbuf f = SBUF_INIT;
	struct jval *j = NULL;
	const struct jval *mvs;
	size_t n;
	int rc;

	*version = NULL;
	rc = filter_eq(&f, "name", model, err);
	if (rc == 0)
		rc = search_versions(r, step, sbuf_str(&f), 1, &j, err);
	sbuf_release(&f);
	if (rc != 0)
		return rc;
	if (versions_of(j, &mvs, &n, err) < 0) {
		jv_free(j);
		return -1;
	}
	*version = n ? str_member(jv_at(mvs, 0), "version") : xstrdup("");
	jv_free(j);
	if (n && !**version) {
		free(*version);
		*version = NULL;
		return mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "the registry's answer has a "
				 "model version without 'version'");
	}
	return 0;
}

int mf_run_artifact_uri(struct mf_registry *r, const char *run_id, char **uri,
			struct mg_error *err)
{
	char *q = query2("run_id", run_id, NULL, NULL);
	struct jval *j = NULL;
	int rc = registry_call(r, "register-run", "GET", "runs/get", q, NULL, &j, err);

	free(q);
	*uri = NULL;
	if (rc != 0)
		return rc;
	*uri = str_member(jv_get(jv_get(j, "run"), "info"), "artifact_uri");
	jv_free(j);
	if (!**uri) {
		free(*uri);
		*uri = NULL;
		return mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "run %s has no artifact_uri", run_id);
	}
	return 0;
}

int mf_count_artifacts(struct mf_registry *r, const char *run_id, const char *path,
		       size_t *n, struct mg_error *err)
{
	char *q = query2("run_id", run_id, "path", path);
	struct jval *j = NULL;
	const struct jval *files;
	int rc = registry_call(r, "register-artifacts", "GET", "artifacts/list", q, NULL, &j, err);

	free(q);
	*n = 0;
	if (rc != 0)
		return rc;
	files = jv_get(j, "files");
	if (files && jv_type(files) == J_ARRAY)
		*n = jv_size(files);
	jv_free(j);
	return 0;
}

int mf_find_run_version(struct mf_registry *r, const char *model, const char *run_id,
			const char *source, char **version, struct mg_error *err)
{
	struct sbuf f = SBUF_INIT;
	struct jval *j = NULL;
	const struct jval *mvs;
	size_t n;
	int rc;

	*version = NULL;
	rc = filter_eq(&f, "name", model, err);
	if (rc == 0)
		rc = filter_eq(&f, "run_id", run_id, err);
	if (rc == 0)
		rc = search_versions(r, "register-find", sbuf_str(&f), 100, &j, err);
	sbuf_release(&f);
	if (rc != 0)
		return rc;
	if (versions_of(j, &mvs, &n, err) < 0) {
		jv_free(j);
		return -1;
	}
	for (size_t i = 0; i < n && !*version; i++) {
		const struct jval *mv = jv_at(mvs, i);
		const struct jval *src = jv_get(mv, "source"), *st = jv_get(mv, "status");

		if (!src || jv_type(src) != J_STRING || strcmp(jv_string(src), source) != 0)
			continue;
		if (st && jv_type(st) == J_STRING && strcmp(jv_string(st), "FAILED_REGISTRATION") == 0)
			continue;
		*version = str_member(mv, "version");
		if (!**version) {
			free(*version);
			*version = NULL;
		}
	}
	if (!*version)
		*version = xstrdup("");
	jv_free(j);
	return 0;
}

int mf_create_model(struct mf_registry *r, const char *model, struct mg_error *err)
{
	struct sbuf b;
	struct jsonw w;
	struct jval *j = NULL;
	int rc;

	sbuf_init(&b, 0);
	jw_init(&w, &b, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "name", model);
	jw_obj_close(&w);
	/* creating a model twice is no harm: the second answer is
	 * RESOURCE_ALREADY_EXISTS, which is what we want */
	rc = registry_call(r, "register-model", "POST", "registered-models/create", NULL,
			   sbuf_str(&b), &j, err);
	sbuf_release(&b);
	jv_free(j);
	if (rc < 0 && r->s->last_status == 400 &&
	    strcmp(r->s->last_code, "RESOURCE_ALREADY_EXISTS") == 0) {
		memset(err, 0, sizeof(*err));
		return 0;
	}
	return rc;
}

int mf_create_version(struct mf_registry *r, const char *model, const char *source,
		      const char *run_id, char **version, struct mg_error *err)
{
	struct sbuf b;
	struct jsonw w;
	struct jval *j = NULL;
	int rc;

	*version = NULL;
	sbuf_init(&b, 0);
	jw_init(&w, &b, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "name", model);
	jw_kstr(&w, "source", source);
	jw_kstr(&w, "run_id", run_id);
	jw_obj_close(&w);
	rc = registry_call_as(r, "register-version", "POST", "model-versions/create", NULL,
			      sbuf_str(&b), MF_RETRY_UNSENT_ONLY, &j, err);
	sbuf_release(&b);
	if (rc != 0) {
		jv_free(j);
		if (rc > 0) /* dry run: what the plan goes on with */
			*version = xstrdup("(new)");
		return rc;
	}
	*version = str_member(jv_get(j, "model_version"), "version");
	jv_free(j);
	if (!**version) {
		free(*version);
		*version = NULL;
		return mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "the registry's answer has no "
				 "'model_version.version'");
	}
	return 0;
}
