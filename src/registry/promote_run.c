/* promote_run: the registry baseline and the promotion sequence after a
 * pass (SPEC section 9).  Anything it shows uses the policy text as
 * written, so that a secret from the environment is never printed. */
#define _POSIX_C_SOURCE 200809L
#include "registry/promote_run.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/sha256.h"
#include "ext/http.h"
#include "ext/jsondoc.h"
#include "registry/mlflow.h"
#include "registry/promote.h"
#include "registry/promote_policy.h"

/* An env value this short in a URL or body is an id, not a secret; hiding
 * every "7" in every message would make them unreadable. */
#define SECRET_MIN_LEN 8

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

/* The tracking URI the baseline is read from: its own, else promotion's
 * (the registry a first promotion creates the alias in), else NULL for
 * $MLFLOW_TRACKING_URI. */
static const char *baseline_uri(const struct policy *p)
{
	const struct registry_baseline *rb = promote_baseline_of(p);
	const struct promote_policy *pp = promote_policy_of(p);

	if (rb && rb->tracking_uri)
		return rb->tracking_uri;
	return pp && pp->has_mlflow ? pp->tracking_uri : NULL;
}

/* "alias 'champion' of model 'churn'", "version 3 of ...", "the latest version of ...". */
static char *baseline_name(const struct registry_baseline *rb)
{
	if (rb->alias)
		return xasprintf("alias '%s' of model '%s'", rb->alias, rb->model);
	if (strcmp(rb->version, "latest") == 0)
		return xasprintf("the latest version of model '%s'", rb->model);
	return xasprintf("version %s of model '%s'", rb->version, rb->model);
}

struct jval *promote_run_baseline(const struct policy *p, struct sbuf *warnings,
				  char **skip, struct mg_error *err)
{
	struct registry_baseline *rb = promote_baseline_of(p);
	struct mf_session s;
	struct mf_registry r;
	struct jval *doc = NULL;
	char warn[512];
	struct mg_error why = {0};
	char *version = NULL, *run_id = NULL, *status = NULL, *name;
	int x = -1, missing = 0;

	*skip = NULL;
	if (!rb) {
		mg_errorf(err, MG_EXIT_INPUT, p->path, 0, 0, "the policy has no registry baseline");
		return NULL;
	}
	name = baseline_name(rb);
	rb->missing = 0;
	session_from_policy(&s, promote_policy_of(p));
	if (http_ready() < 0) {
		mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "cannot initialise libcurl");
		goto done;
	}
	if (mf_registry_init(&r, &s, baseline_uri(p), warn, sizeof(warn), &why) < 0)
		goto done;
	add_warning(warnings, warn);
	if (rb->alias) {
		x = mf_get_alias(&r, "baseline-alias", rb->model, rb->alias, &version, &run_id, &why);
		missing = x < 0 && mf_last_missing(&s);
	} else if (strcmp(rb->version, "latest") == 0) {
		x = mf_latest_version(&r, "baseline-latest", rb->model, &version, &why);
		missing = (x < 0 && mf_last_missing(&s)) || (x == 0 && !*version);
		if (x == 0 && *version)
			x = mf_get_version(&r, rb->model, version, &status, &run_id, &why);
		else if (x == 0)
			x = mg_errorf(&why, MG_EXIT_INPUT, NULL, 0, 0, "model '%s' has no versions",
				      rb->model);
	} else {
		version = xstrdup(rb->version);
		x = mf_get_version(&r, rb->model, rb->version, &status, &run_id, &why);
		missing = x < 0 && mf_last_missing(&s);
	}
	if (x == 0) {
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
	if (missing && rb->if_missing_skip) {
		rb->missing = 1;
		*skip = xasprintf("no baseline yet: %s does not exist (%s); 'if_missing: skip' "
				  "at %s:%d:%d", name, why.msg, p->path, rb->line, rb->col);
	}
done:
	if (!doc && !*skip)
		mg_errorf(err, MG_EXIT_INPUT, p->path, rb->line, rb->col,
			  "registry baseline (%s): %s", name, why.msg);
	free(name);
	free(version);
	free(run_id);
	free(status);
	mf_session_release(&s);
	return doc;
}

struct jval *promote_run_metrics(const struct policy *p, struct sbuf *warnings,
				 struct metrics_origin *o, struct mg_error *err)
{
	const struct registry_metrics *rm = promote_metrics_of(p);
	const struct promote_policy *pp = promote_policy_of(p);
	struct mf_session s;
	struct mf_registry r;
	struct jval *doc = NULL;
	char warn[512];
	struct mg_error why = {0};
	char *status = NULL, *version = NULL, *exp = NULL;
	const char *uri;
	int x = -1;

	memset(o, 0, sizeof(*o));
	if (!rm) {
		mg_errorf(err, MG_EXIT_INPUT, p->path, 0, 0, "the policy has no registry metrics");
		return NULL;
	}
	/* the run is where the promotion goes, unless said otherwise */
	uri = rm->tracking_uri ? rm->tracking_uri : pp ? pp->tracking_uri : NULL;
	session_from_policy(&s, pp);
	if (http_ready() < 0) {
		mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "cannot initialise libcurl");
		goto out;
	}
	if (mf_registry_init(&r, &s, uri, warn, sizeof(warn), &why) < 0)
		goto out;
	add_warning(warnings, warn);
	if (rm->run_id) {
		o->run_id = xstrdup(rm->run_id);
		o->how = xstrdup("the run the policy names");
		x = 0;
	} else if (rm->version && strcmp(rm->version, "latest") == 0) {
		x = mf_latest_version(&r, "metrics-latest", rm->model, &version, &why);
		if (x == 0 && !*version)
			x = mg_errorf(&why, MG_EXIT_INPUT, NULL, 0, 0, "model '%s' has no versions",
				      rm->model);
		if (x == 0)
			x = mf_get_version(&r, rm->model, version, &status, &o->run_id, &why);
		if (x == 0)
			o->how = xasprintf("the run of model '%s' version %s (latest = %s)", rm->model,
					   version, version);
	} else if (rm->version) {
		x = mf_get_version(&r, rm->model, rm->version, &status, &o->run_id, &why);
		if (x == 0)
			o->how = xasprintf("the run of model '%s' version %s", rm->model, rm->version);
	} else if (rm->alias) {
		x = mf_get_alias(&r, "metrics-alias", rm->model, rm->alias, &version, &o->run_id, &why);
		if (x == 0)
			o->how = xasprintf("the run of model '%s' version %s (alias '%s')", rm->model,
					   version, rm->alias);
	} else {
		x = mf_best_run(&r, rm->experiment, rm->filter, rm->order_by, &o->run_id, &exp, &why);
		if (x == 0)
			o->how = xasprintf("the best run of experiment '%s' by %s%s%s", rm->experiment,
					   rm->order_by, rm->filter ? " where " : "",
					   rm->filter ? rm->filter : "");
		free(exp);
	}
	if (x == 0 && (!o->run_id || !*o->run_id))
		mg_errorf(&why, MG_EXIT_INPUT, NULL, 0, 0, "that model version has no run, so no metrics");
	else if (x == 0)
		doc = mf_run_metrics_as(&r, "metrics-run", o->run_id, &o->experiment_id, &why);
	mf_registry_release(&r);
out:
	if (!doc) {
		mg_errorf(err, MG_EXIT_INPUT, p->path, rm->line, rm->col, "metrics from MLflow: %s",
			  why.msg);
		free(o->run_id);
		free(o->experiment_id);
		free(o->how);
		memset(o, 0, sizeof(*o));
	}
	free(status);
	free(version);
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

static void add_piece(struct mf_session *s, const char *p, size_t n)
{
	char *piece;

	if (n < SECRET_MIN_LEN)
		return;
	piece = xstrndup(p, n);
	mf_add_secret(s, piece);
	free(piece);
}

/* A webhook URL's path and query are its secret (Slack's, Teams' and most
 * deploy hooks' addresses are the credential): the whole of them, the path,
 * the query, and each segment and query value long enough to be one, so
 * that a receiver echoing any part of it in an error body shows "***". */
static void add_url_secrets(struct mf_session *s, const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL, *q, *end;

	if (!p)
		return;
	p += 3;
	p += strcspn(p, "/?#");
	if (!*p)
		return;
	end = p + strcspn(p, "#");
	q = p + strcspn(p, "?#");
	add_piece(s, p, (size_t)(end - p));   /* path?query */
	add_piece(s, p, (size_t)(q - p));     /* path */
	if (*q == '?')
		add_piece(s, q + 1, (size_t)(end - q - 1)); /* query */
	for (const char *seg = p; seg < end;) {
		size_t n = strcspn(seg, "/?&=#");
		if (n > (size_t)(end - seg))
			n = (size_t)(end - seg);
		add_piece(s, seg, n);
		seg += n + 1;
	}
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
	char *version;       /* the version acted on, once known */
	char *version_from;  /* how it was chosen (promotion_result.version_from) */
	struct sbuf *warnings;
	struct sbuf changed; /* what the steps so far changed, ", "-separated */
};

/* A change about to be made (noted first: a failed write may still have
 * been applied). */
static void note_change(struct step_result *sr, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note_change(struct step_result *sr, const char *fmt, ...)
{
	va_list ap;
	char buf[300];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!strstr(sbuf_str(&sr->changed), buf))
		sbuf_addf(&sr->changed, "%s%s", sr->changed.len ? ", " : "", buf);
}

static int fail_step(struct step_result *sr, const char *step, const char *why)
{
	snprintf(sr->what, sizeof(sr->what), "%s: %s", step, why);
	sr->failed = 1;
	return -1;
}

static const char *jstr(const struct jval *v)
{
	return v && jv_type(v) == J_STRING ? jv_string(v) : "";
}

/* The value of tag `key` on a model_version object, or NULL. */
static const char *version_tag(const struct jval *mv, const char *key)
{
	const struct jval *tags = jv_get(mv, "tags");

	for (size_t i = 0; tags && jv_type(tags) == J_ARRAY && i < jv_size(tags); i++) {
		const struct jval *t = jv_at(tags, i);

		if (strcmp(jstr(jv_get(t, "key")), key) == 0)
			return jstr(jv_get(t, "value"));
	}
	return NULL;
}

/* "passed" (the gates were seen to pass) outranks anything else. */
static int status_rank(const char *s)
{
	return strcmp(s, "passed") == 0 ? 2 : 1;
}

static int is_metric_gate(const struct gate_result *g)
{
	return strncmp(g->id, "model.", 6) == 0 && g->target && isfinite(g->value);
}

/* A version is promoted only on its own evidence: the gated metrics were
 * read from its run, or each gated value equals the value logged on its
 * run.  0, or -1 with why (naming the metric and both values). */
static int bind_evidence(struct mf_registry *r, const struct promote_policy *pp,
			 const char *version, const struct run_result *run, const char *run_id,
			 struct mg_error *why)
{
	struct jval *logged;
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; run->gates && i < run->gates->n; i++)
		n += (size_t)is_metric_gate(&run->gates->v[i]);
	if (n == 0)
		return 0;
	if (!*run_id)
		return mg_errorf(why, MG_EXIT_PROMOTE, NULL, 0, 0,
				 "version %s of model '%s' has no run, so the gated metrics cannot be "
				 "shown to be its own; nothing was changed", version, pp->model);
	if (run->metrics_run_id && strcmp(run->metrics_run_id, run_id) == 0)
		return 0; /* read from its own run */
	logged = mf_run_metrics_as(r, "evidence-run", run_id, NULL, why);
	if (!logged)
		return -1;
	for (size_t i = 0; rc == 0 && i < run->gates->n; i++) {
		const struct gate_result *g = &run->gates->v[i];
		const struct jval *v;
		char a[40], b[40];

		if (!is_metric_gate(g))
			continue;
		v = jv_get(logged, g->target);
		mg_fmt_double(a, sizeof(a), g->value);
		if (!v || (jv_type(v) != J_NUMBER && jv_type(v) != J_NONFINITE))
			rc = mg_errorf(why, MG_EXIT_PROMOTE, NULL, 0, 0,
				       "metric '%s' is %s in the gated metrics, but the run of version %s "
				       "(%s) logged no such metric; nothing was changed",
				       g->target, a, version, run_id);
		else if (jv_type(v) == J_NONFINITE || jv_number(v) != g->value) {
			if (jv_type(v) == J_NONFINITE)
				snprintf(b, sizeof(b), "%s", jv_string(v));
			else
				mg_fmt_double(b, sizeof(b), jv_number(v));
			rc = mg_errorf(why, MG_EXIT_PROMOTE, NULL, 0, 0,
				       "metric '%s' is %s in the gated metrics but %s on the run of "
				       "version %s (%s): they are not this version's metrics; nothing "
				       "was changed", g->target, a, b, version, run_id);
		}
	}
	jv_free(logged);
	return rc;
}

/* The first wait while a new version is PENDING_REGISTRATION; doubled
 * after each poll up to the cap, never past the policy's wait_s. */
#define REGISTER_POLL_MS 250.0
#define REGISTER_POLL_MAX_MS 5000.0

/* Wait until `version` leaves PENDING_REGISTRATION (at most wait_s):
 * 0 with *answer the READY version's model-versions/get answer, 1 in a
 * dry run, -1 with why. */
static int wait_ready(struct mf_registry *r, struct mf_session *s,
		      const struct promote_policy *pp, const char *version,
		      struct jval **answer, struct mg_error *why)
{
	double t0 = mg_now_ms(), wait = REGISTER_POLL_MS;
	int polls = 0;

	for (;;) {
		const struct jval *mv;
		const char *st;
		double left;
		int x = mf_get_version_json(r, pp->model, version, answer, why);

		if (x != 0)
			return x;
		polls++;
		mv = jv_get(*answer, "model_version");
		st = jstr(jv_get(mv, "status"));
		if (strcmp(st, "PENDING_REGISTRATION") != 0)
			return 0; /* READY, FAILED_REGISTRATION or other: the caller judges */
		left = pp->wait_s * 1000 - (mg_now_ms() - t0);
		if (left <= 0)
			return mg_errorf(why, MG_EXIT_PROMOTE, NULL, 0, 0, "version %s of model '%s' "
					 "is still PENDING_REGISTRATION after %g s (%d checks; "
					 "register.wait_s)", version, pp->model, pp->wait_s, polls);
		jv_free(*answer);
		*answer = NULL;
		s->sleep_ms(wait < left ? wait : left, s->sleep_arg);
		wait = wait * 2 > REGISTER_POLL_MAX_MS ? REGISTER_POLL_MAX_MS : wait * 2;
	}
}

/* `version: register`: the gated run's model as a version of the model --
 * one registered from the same run and source before is used again (so
 * that a promotion repeated after a failure registers nothing twice).
 * *version gets its number (a placeholder in a dry run). */
static int register_version(const struct promote_policy *pp, const struct run_result *run,
			    struct mf_registry *r, struct step_result *sr, char **version,
			    struct mg_error *why)
{
	const char *run_id = run->metrics_run_id;
	char *root = NULL, *source = NULL, *found = NULL;
	size_t nfiles = 0;
	int x, rc = -1;

	*version = NULL;
	if (!run_id || !*run_id)
		return mg_errorf(why, MG_EXIT_PROMOTE, NULL, 0, 0, "'version: register' needs "
				 "metrics from an MLflow run, and these came from a file; nothing "
				 "was registered");
	x = mf_run_artifact_uri(r, run_id, &root, why);
	if (x < 0)
		goto done;
	source = x == 0 ? xasprintf("%s/%s", root, pp->artifact_path)
			: xasprintf("runs:/%s/%s", run_id, pp->artifact_path);
	x = mf_count_artifacts(r, run_id, pp->artifact_path, &nfiles, why);
	if (x < 0)
		goto done;
	if (x == 0 && nfiles == 0) {
		mg_errorf(why, MG_EXIT_PROMOTE, NULL, 0, 0, "run %s has no artifact '%s' (log "
			  "the model there, or set register.artifact_path); nothing was registered",
			  run_id, pp->artifact_path);
		goto done;
	}
	x = mf_find_run_version(r, pp->model, run_id, source, &found, why);
	if (x < 0)
		goto done;
	if (x == 0 && *found) {
		*version = found;
		found = NULL;
		sr->version_from = xstrdup("reused");
		rc = 0;
		goto done;
	}
	if (mf_create_model(r, pp->model, why) < 0)
		goto done;
	note_change(sr, "registered model '%s' (if new)", pp->model);
	note_change(sr, "a new version from run %s", run_id);
	if (mf_create_version(r, pp->model, source, run_id, version, why) < 0)
		goto done;
	sr->version_from = xstrdup("registered");
	rc = 0;
done:
	free(root);
	free(source);
	free(found);
	return rc;
}

/* The version promotion acts on, as the policy chooses it (0, or -1 with
 * the step that failed in sr).  For a registered version, *answer is its
 * READY model-versions/get answer already. */
static int choose_version(const struct promote_policy *pp, const struct run_result *run,
			  struct mf_registry *r, struct mf_session *s, struct step_result *sr,
			  struct jval **answer)
{
	struct mg_error why = {0};
	char *v = NULL, *rid = NULL;
	int x = 0;

	*answer = NULL;
	switch (pp->version_kind) {
	case PV_NUMBER:
		v = xstrdup(pp->version);
		sr->version_from = xstrdup("policy");
		break;
	case PV_LATEST:
		x = mf_latest_version(r, "latest-version", pp->model, &v, &why);
		if (x < 0)
			return fail_step(sr, "latest version", why.msg);
		if (x > 0)
			v = xstrdup("(latest)");
		else if (!*v) {
			free(v);
			mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "model '%s' has no versions "
				  "('version: latest'); nothing was changed", pp->model);
			return fail_step(sr, "latest version", why.msg);
		}
		sr->version_from = xstrdup("latest");
		break;
	case PV_ALIAS:
		x = mf_get_alias(r, "source-alias", pp->model, pp->from_alias, &v, &rid, &why);
		free(rid);
		if (x < 0)
			return fail_step(sr, "source alias", why.msg);
		if (x > 0)
			v = xasprintf("(@%s)", pp->from_alias);
		sr->version_from = xasprintf("alias '%s'", pp->from_alias);
		break;
	case PV_REGISTER:
		if (register_version(pp, run, r, sr, &v, &why) < 0)
			return fail_step(sr, "register", why.msg);
		if (!v)
			v = xstrdup("(new)");
		sr->version = v;
		x = wait_ready(r, s, pp, v, answer, &why);
		if (x < 0)
			return fail_step(sr, "register", why.msg);
		return 0;
	}
	sr->version = v;
	return 0;
}

static int promote_mlflow(const struct policy *p, const struct run_result *run,
			  struct mf_session *s, struct step_result *sr)
{
	const struct promote_policy *pp = promote_policy_of(p);
	const struct registry_baseline *rb = promote_baseline_of(p);
	struct mf_registry r, rbase;
	char warn[512], policy_hex[65];
	struct mg_error why = {0};
	char *status = NULL, *run_id = NULL, *now = NULL, *now_run = NULL;
	const char *tag_status, *had, *ver;
	struct jval *answer = NULL;
	const struct jval *mv;
	int rc = -1, have_base = 0, x;

	memset(&rbase, 0, sizeof(rbase));
	if (mf_registry_init(&r, s, pp->tracking_uri, warn, sizeof(warn), &why) < 0)
		return fail_step(sr, "mlflow", why.msg);
	add_warning(sr->warnings, warn);

	/* 1. the version (resolved, or registered and waited for), which
	 * must exist and be ready */
	if (choose_version(pp, run, &r, s, sr, &answer) < 0)
		goto done;
	ver = sr->version;
	if (pp->version_kind == PV_REGISTER)
		x = answer ? 0 : 1; /* waited for already (1: a dry run) */
	else
		x = mf_get_version_json(&r, pp->model, ver, &answer, &why);
	if (x < 0) {
		fail_step(sr, "check version", why.msg);
		goto done;
	}
	mv = jv_get(answer, "model_version");
	status = xstrdup(jstr(jv_get(mv, "status")));
	run_id = xstrdup(jstr(jv_get(mv, "run_id")));
	if (x == 0 && strcmp(status, "READY") != 0) {
		const char *sm = jstr(jv_get(mv, "status_message"));
		mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "version %s of model '%s' is %s, not READY%s%s",
			  ver, pp->model, *status ? status : "of unknown status", *sm ? ": " : "", sm);
		fail_step(sr, pp->version_kind == PV_REGISTER ? "register" : "check version", why.msg);
		goto done;
	}

	/* 2. the evidence is the version's own, before anything changes */
	if (x == 0 && bind_evidence(&r, pp, ver, run, run_id, &why) < 0) {
		fail_step(sr, "evidence", why.msg);
		goto done;
	}

	/* 3. the guard (still before any change): the baseline alias still
	 * points at what was compared -- or, on a first promotion, still does
	 * not exist */
	if (rb && rb->alias && (rb->compared_version || rb->missing)) {
		struct mf_registry *gr = &r;
		const char *rb_uri = rb->tracking_uri ? rb->tracking_uri : pp->tracking_uri;
		/* the alias lives where the baseline was read: another
		 * registry when the two tracking URIs differ (NULL stands for
		 * $MLFLOW_TRACKING_URI on both sides) */
		if (!same_uri(rb_uri, pp->tracking_uri)) {
			if (mf_registry_init(&rbase, s, rb_uri, warn, sizeof(warn), &why) < 0) {
				fail_step(sr, "baseline guard", why.msg);
				goto done;
			}
			have_base = 1;
			gr = &rbase;
		}
		x = mf_get_alias(gr, "baseline-guard", rb->model, rb->alias, &now, &now_run, &why);
		if (x < 0 && rb->missing && mf_last_missing(gr->s)) {
			x = 1; /* still no such alias: nothing moved */
		} else if (x < 0) {
			fail_step(sr, "baseline guard", why.msg);
			goto done;
		}
		if (x == 0 && rb->missing) {
			mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "alias '%s' of model '%s' now points "
				  "at version %s, but did not exist when the gates ran (their baseline "
				  "gates were skipped); nothing was moved", rb->alias, rb->model, now);
			fail_step(sr, "baseline moved", why.msg);
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

	/* 4. provenance first: a version the alias points at always says which
	 * gate let it through -- but a weaker status never replaces a
	 * stronger one already there */
	sha256_hex(p->text ? p->text : "", p->text ? p->text_len : 0, policy_hex);
	tag_status = run->gates && run->gates->n ? "passed" : "unchecked";
	for (size_t i = 0; i < pp->ntags; i++)
		if (strcmp(pp->tags[i].key, "mlgate.status") == 0)
			tag_status = pp->tags[i].value;
	had = answer ? version_tag(mv, "mlgate.status") : NULL;
	if (had && status_rank(had) > status_rank(tag_status)) {
		char w[400];
		snprintf(w, sizeof(w), "version %s of model '%s' already has mlgate.status=%s; "
			 "its provenance tags are kept, not replaced by mlgate.status=%s",
			 ver, pp->model, had, tag_status);
		add_warning(sr->warnings, w);
	} else if (note_change(sr, "mlgate.* tags"),
		   mf_set_tag(&r, pp->model, ver, "mlgate.status", tag_status, &why) < 0 ||
		   mf_set_tag(&r, pp->model, ver, "mlgate.version", MLGATE_VERSION, &why) < 0 ||
		   mf_set_tag(&r, pp->model, ver, "mlgate.policy_sha256", policy_hex, &why) < 0 ||
		   (run->metrics_sha256[0] &&
		    mf_set_tag(&r, pp->model, ver, "mlgate.metrics_sha256",
			       run->metrics_sha256, &why) < 0)) {
		fail_step(sr, "set tag", why.msg);
		goto done;
	}
	for (size_t i = 0; i < pp->ntags; i++) {
		if (strcmp(pp->tags[i].key, "mlgate.status") == 0)
			continue;
		if (mf_set_tag(&r, pp->model, ver, pp->tags[i].key, pp->tags[i].value, &why) < 0) {
			fail_step(sr, "set tag", why.msg);
			goto done;
		}
	}

	/* 5. the moves, the alias last and read back */
	if (pp->stage && mf_transition_stage(&r, pp->model, ver, pp->stage,
					     pp->archive_existing, &why) < 0) {
		fail_step(sr, "transition stage", why.msg);
		goto done;
	}
	if (pp->stage)
		note_change(sr, "stage %s%s", pp->stage,
			    pp->archive_existing ? " (older versions there archived)" : "");
	if (pp->alias) {
		if (mf_set_alias(&r, pp->model, pp->alias, ver, &why) < 0) {
			fail_step(sr, "set alias", why.msg);
			goto done;
		}
		free(now);
		free(now_run);
		now = now_run = NULL;
		x = mf_get_alias(&r, "alias-readback", pp->model, pp->alias, &now, &now_run, &why);
		if (x < 0) {
			fail_step(sr, "alias read-back", why.msg);
			goto done;
		}
		if (x == 0 && strcmp(now, ver) != 0) {
			mg_errorf(&why, MG_EXIT_PROMOTE, NULL, 0, 0, "alias '%s' points at version %s "
				  "right after mlgate moved it to version %s (another promotion at the "
				  "same time?)", pp->alias, now, ver);
			fail_step(sr, "alias read-back", why.msg);
			goto done;
		}
		note_change(sr, "alias '%s'", pp->alias);
	}
	rc = 0;
done:
	jv_free(answer);
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
	const struct promote_policy *pp = promote_policy_of(p);
	struct mf_session s;
	struct step_result sr;
	struct sbuf msg;
	int rc = 0;

	memset(&sr, 0, sizeof(sr));
	sr.warnings = warnings;
	sbuf_init(&sr.changed, 0);
	out->ok = 0;
	out->dry_run = dry_run;
	if (!pp) {
		out->message = xstrdup("the policy has no 'promote' section");
		return -1;
	}
	if (pp->has_mlflow && pp->stage) {
		out->warning = xstrdup("promote.mlflow.stage: MLflow deprecated model stages in "
				       "favour of aliases (since MLflow 2.9); 'alias:' does the same "
				       "and is the only way on Unity Catalog");
		add_warning(warnings, out->warning);
	}
	if (pp->unset && !dry_run) {
		out->message = xasprintf("%s, and promotion needs it; nothing was sent", pp->unset);
		return -1;
	}
	if (pp->unset) {
		char w[600];
		snprintf(w, sizeof(w), "dry run: %s; the plan shows it as written, and a real "
			 "promotion would fail on it", pp->unset);
		add_warning(warnings, w);
	}
	session_from_policy(&s, pp);
	for (size_t i = 0; i < pp->nwh_headers; i++) {
		if (pp->wh_headers[i].sensitive)
			mf_add_secret(&s, pp->wh_headers[i].value);
		add_env_secrets(&s, pp->wh_headers[i].raw, pp->wh_headers[i].sensitive);
	}
	if (pp->has_webhook) {
		add_url_secrets(&s, pp->wh_url);
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
		if (dry_run)
			;
		else if (sr.changed.len)
			sbuf_addf(&msg, "; changed so far: %s on model '%s' version %s; every step is "
				  "safe to repeat: 'mlgate promote -p %s' finishes it", sbuf_str(&sr.changed),
				  pp->model ? pp->model : "", sr.version ? sr.version : "?", p->path);
		else if (!strstr(sr.what, "nothing was"))
			sbuf_adds(&msg, "; nothing was changed");
	} else if (dry_run) {
		sbuf_addf(&msg, "%zu request%s printed, none sent", s.ntrail, s.ntrail == 1 ? "" : "s");
	} else {
		if (pp->has_mlflow) {
			sbuf_addf(&msg, "model '%s' version %s", pp->model, sr.version);
			if (pp->version_kind == PV_LATEST)
				sbuf_addf(&msg, " (latest = %s)", sr.version);
			else if (pp->version_kind == PV_ALIAS)
				sbuf_addf(&msg, " (alias '%s' = %s)", pp->from_alias, sr.version);
			else if (pp->version_kind == PV_REGISTER)
				sbuf_addf(&msg, " (%s from run %s)", sr.version_from &&
					  strcmp(sr.version_from, "reused") == 0 ? "registered before" :
					  "registered", r->metrics_run_id ? r->metrics_run_id : "?");
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
	sbuf_release(&sr.changed);
	out->details = mf_trail_json(&s);
	out->version = sr.version;
	out->version_from = sr.version_from;
	out->ok = rc == 0;
	mf_session_release(&s);
	return rc < 0 ? -1 : 0;
}
