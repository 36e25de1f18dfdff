/* run: load -> evaluate -> waivers -> summary -> exit code -> promotion,
 * in one place for `check` and `promote`. */
#define _POSIX_C_SOURCE 200809L
#include "run/run.h"

#include <stdlib.h>
#include <string.h>

#include "common/sha256.h"
#include "common/trust.h"
#include "core/metrics.h"
#include "ext/jsondoc.h"
#include "registry/promote.h"
#include "registry/promote_policy.h"
#include "registry/promote_run.h"

struct policy *run_policy_load(const char *path, const struct policy_opts *o,
			       struct mg_diags *d)
{
	return policy_load(path, &run_sections, o, d);
}

struct policy *run_policy_load_buffer(const char *text, size_t len,
				      const char *name,
				      const struct policy_opts *o,
				      struct mg_diags *d)
{
	return policy_load_buffer(text, len, name, &run_sections, o, d);
}

void run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	gates_init(&r->gates);
	mg_diags_init(&r->inputs);
	sbuf_init(&r->plan, 0);
	r->result.gates = &r->gates;
	r->t0 = mg_now_ms();
}

void run_release(struct run *r)
{
	free(r->result.promotion.message);
	free(r->result.promotion.version);
	free(r->result.promotion.version_from);
	free(r->result.promotion.warning);
	free(r->origin_run_id);
	free(r->origin_experiment);
	free(r->origin_how);
	free(r->result.promotion.details);
	gates_release(&r->gates);
	mg_diags_release(&r->inputs);
	for (size_t i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
	sbuf_release(&r->plan);
	memset(r, 0, sizeof(*r));
}

int run_evaluate(const struct policy *p, const struct eval_ctx *ctx,
		 struct gate_list *gates, struct mg_error *err)
{
	for (size_t i = 0; i < p->nsec; i++) {
		const struct section_ops *ops = p->table->sections[i];

		if (p->sec[i] && ops->evaluate &&
		    ops->evaluate(p->sec[i], ctx, gates, err) < 0)
			return -1;
	}
	return 0;
}

void run_summarize(struct run_result *r, const struct gate_list *gates,
		   const struct run_opts *o)
{
	r->gates = gates;
	gates_summarize(gates, &r->summary);
	r->exit_code = gates_exit_code(&r->summary, o ? o->fail_on_warn : 0,
				       o ? o->warn_exit_code : 0);
	r->status = gates_verdict(&r->summary);
	if (r->exit_code == MG_EXIT_FAIL && strcmp(r->status, "pass") == 0)
		r->status = "fail"; /* warnings, with --fail-on-warn */
}

/* The registry hands back warnings one per line; keep each line once. */
static void take_warnings(struct run *r, struct sbuf *lines)
{
	const char *s = sbuf_str(lines);
	size_t cap = r->nwarnings;

	while (*s) {
		size_t n = strcspn(s, "\n");
		char *w = xstrndup(s, n);
		size_t i;

		for (i = 0; i < r->nwarnings && strcmp(r->warnings[i], w); i++)
			;
		if (i < r->nwarnings) {
			free(w);
		} else {
			r->warnings = xgrow(r->warnings, &cap, r->nwarnings + 1,
					    sizeof(*r->warnings));
			r->warnings[r->nwarnings++] = w;
		}
		s += n + (s[n] == '\n');
	}
	sbuf_release(lines);
}

static unsigned sections_need(const struct policy *p)
{
	unsigned need = 0;

	for (size_t i = 0; i < p->nsec; i++) {
		const struct section_ops *ops = p->table->sections[i];

		if (p->sec[i] && ops->needs)
			need |= ops->needs(p->sec[i]);
	}
	return need;
}

/* Read a metrics file and note its sha256 (the evidence a promotion is
 * bound to). */
static struct jval *load_metrics(struct run *r, const char *path, struct mg_error *err)
{
	size_t len;
	char *text = mg_read_file(path, METRICS_MAX_BYTES, &len, err);
	struct jval *doc;

	if (!text)
		return NULL;
	sha256_hex(text, len, r->result.metrics_sha256);
	doc = metrics_parse(text, len, path, err);
	free(text);
	return doc;
}

/* The sha256 of a run's metrics: every name and value, in order. */
static void hash_doc(const struct jval *doc, char hex[65])
{
	struct sbuf b;

	sbuf_init(&b, 0);
	for (size_t i = 0; i < jv_size(doc); i++) {
		const struct jval *m = jv_at(doc, i);

		if (jv_type(m) == J_NUMBER)
			sbuf_addf(&b, "%s=%.17g\n", jv_key(m), jv_number(m));
		else
			sbuf_addf(&b, "%s=%s\n", jv_key(m),
				  jv_type(m) == J_NONFINITE || jv_type(m) == J_STRING ? jv_string(m) : "null");
	}
	sha256_hex(sbuf_str(&b), b.len, hex);
	sbuf_release(&b);
}

/* The candidate's metrics: the file, or the MLflow run the policy names. */
static struct jval *load_candidate(struct run *r, const struct policy *p, struct mg_error *err)
{
	struct metrics_origin mo;
	struct sbuf warn = SBUF_INIT;
	struct jval *doc;

	if (!promote_metrics_of(p))
		return load_metrics(r, p->metrics_path, err);
	doc = promote_run_metrics(p, &warn, &mo, err);
	take_warnings(r, &warn);
	if (!doc)
		return NULL;
	free(r->origin_run_id);
	free(r->origin_experiment);
	free(r->origin_how);
	r->origin_run_id = mo.run_id;
	r->origin_experiment = mo.experiment_id;
	r->origin_how = mo.how;
	r->result.metrics_run_id = r->origin_run_id;
	r->result.metrics_experiment = r->origin_experiment;
	r->result.metrics_origin = r->origin_how;
	r->result.evidence = 1;
	hash_doc(doc, r->result.metrics_sha256);
	return doc;
}

/* Evaluate with the documents the sections need.  A document that cannot
 * be read is noted in r->inputs and turns every gate that needs it into an
 * error gate. */
static int evaluate_all(struct run *r, const struct policy *p,
			struct mg_error *err)
{
	struct eval_ctx ctx;
	struct jval *metrics = NULL, *baseline = NULL;
	char *skip = NULL;
	struct mg_error e;
	char why[1400] = "";
	unsigned need = sections_need(p);
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.policy_file = p->path;
	if ((need & SECTION_NEEDS_METRICS) && (p->metrics_path || p->metrics_sec)) {
		memset(&e, 0, sizeof(e));
		metrics = load_candidate(r, p, &e);
		if (!metrics) {
			mg_error_format(&e, why, sizeof(why));
			mg_diags_add(&r->inputs, &e);
			ctx.metrics_error = why;
		}
	} else if (r->result.evidence && p->metrics_path &&
		   strcmp(p->metrics_path, "-") != 0) {
		/* no gate reads it, but the provenance names it */
		memset(&e, 0, sizeof(e));
		jv_free(load_metrics(r, p->metrics_path, &e));
	}
	if (need & SECTION_NEEDS_BASELINE) {
		memset(&e, 0, sizeof(e));
		if (p->baseline_path)
			baseline = metrics_load(p->baseline_path, &e);
		else if (trust_untrusted() && promote_baseline_of(p))
			mg_errorf(&e, MG_EXIT_INPUT, p->path, promote_baseline_of(p)->line,
				  promote_baseline_of(p)->col, "the registry baseline is "
				  "not fetched for an untrusted policy (--untrusted-policy)");
		else {
			struct sbuf warn = SBUF_INIT;
			baseline = promote_run_baseline(p, &warn, &skip, &e);
			if (skip) /* never silent: on stderr too, not only as skipped gates */
				sbuf_addf(&warn, "the baseline gates are skipped: %s\n", skip);
			take_warnings(r, &warn);
		}
		if (!baseline && !skip)
			mg_diags_add(&r->inputs, &e);
	}
	ctx.metrics = metrics;
	ctx.baseline = baseline;
	ctx.baseline_skip = skip;
	rc = run_evaluate(p, &ctx, &r->gates, err);
	free(skip);
	jv_free(metrics);
	jv_free(baseline);
	return rc;
}

static const char *member_str(const struct jval *obj, const char *key)
{
	const struct jval *v = jv_get(obj, key);

	return v && jv_type(v) == J_STRING ? jv_string(v) : NULL;
}

/* `mlgate promote --from-report`: take the gates of a passing JSON report
 * of this very policy and these very metrics (sha256 of both), so that
 * the promotion is bound to gates that were seen to pass. */
static int gates_from_report(struct run *r, const char *path,
			     struct mg_error *err)
{
	static const char *const names[] = {"pass", "warn", "fail", "error", "waived", "skip"};
	size_t len;
	struct mg_error e;
	char *text = mg_read_file(path, METRICS_MAX_BYTES, &len, &e);
	struct jval *doc;
	const struct jval *ev, *gates;
	const char *st, *psha, *msha;
	int rc = -1;

	if (!text)
		return mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "--from-report: %s", e.msg);
	doc = jv_parse(text, len, path, MG_EXIT_PROMOTE, &e);
	free(text);
	if (!doc || jv_type(doc) != J_OBJECT) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "--from-report: %s",
			  doc ? "not a JSON report (not an object)" : e.msg);
		goto done;
	}
	ev = jv_get(doc, "evidence");
	st = member_str(doc, "status");
	psha = member_str(ev, "policy_sha256");
	msha = member_str(ev, "metrics_sha256");
	gates = jv_get(doc, "gates");
	if (!st || strcmp(st, "pass") != 0) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "--from-report %s is not a pass (status %s); "
			  "nothing was promoted", path, st ? st : "missing");
	} else if (!psha || !msha || !gates || jv_type(gates) != J_ARRAY) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "--from-report %s has no evidence "
			  "(policy_sha256, metrics_sha256, gates); nothing was promoted", path);
	} else if (strcmp(psha, r->result.policy_sha256) != 0) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "--from-report %s was made with another "
			  "policy (sha256 %.12s..., this one %.12s...); nothing was promoted",
			  path, psha, r->result.policy_sha256);
	} else if (strcmp(msha, r->result.metrics_sha256) != 0) {
		mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "--from-report %s was made with other "
			  "metrics (sha256 %.12s..., these %.12s...); nothing was promoted",
			  path, *msha ? msha : "(none)", *r->result.metrics_sha256 ?
			  r->result.metrics_sha256 : "(none)");
	} else {
		rc = 0;
		for (size_t i = 0; i < jv_size(gates); i++) {
			const struct jval *g = jv_at(gates, i), *v = jv_get(g, "value");
			const char *id = member_str(g, "id"), *kind = member_str(g, "kind");
			const char *gs = member_str(g, "status");
			struct gate_result *out;
			size_t k;

			if (!id || !kind || !gs) {
				rc = mg_errorf(err, MG_EXIT_PROMOTE, NULL, 0, 0, "--from-report %s: "
					       "gate %zu has no id, kind or status", path, i + 1);
				break;
			}
			out = gates_add(&r->gates, id, kind);
			gate_set_str(&out->target, member_str(g, "target"));
			if (v && jv_type(v) == J_NUMBER)
				out->value = jv_number(v);
			for (k = 0; k < 6 && strcmp(gs, names[k]) != 0; k++)
				;
			out->status = k < 6 ? (enum gate_status)k : GS_ERROR;
			gate_message(out, "from %s", path);
		}
	}
done:
	jv_free(doc);
	return rc;
}

int run_check(struct run *r, const struct policy *p, const struct run_opts *o,
	      struct mg_error *err)
{
	struct promotion_result *pr = &r->result.promotion;
	char today[11];

	memset(err, 0, sizeof(*err));
	r->result.policy_path = p->path;
	r->result.policy_name = p->name;
	r->result.gates = &r->gates;
	r->result.evidence = promote_configured(p);
	sha256_hex(p->text ? p->text : "", p->text ? p->text_len : 0,
		   r->result.policy_sha256);
	if (o->from_report) {
		struct mg_error e;

		memset(&e, 0, sizeof(e));
		if (p->metrics_path || p->metrics_sec)
			jv_free(load_candidate(r, p, &e));
		if (gates_from_report(r, o->from_report, err) < 0) {
			r->result.status = "error";
			return r->exit_code = r->result.exit_code = MG_EXIT_PROMOTE;
		}
		run_summarize(&r->result, &r->gates, o);
		pr->requested = 1;
		pr->dry_run = o->dry_run;
		pr->attempted = r->result.exit_code == MG_EXIT_PASS;
		r->result.duration_ms = mg_now_ms() - r->t0;
		return r->exit_code = r->result.exit_code;
	}
	if (evaluate_all(r, p, err) < 0) {
		r->result.exit_code = err->code ? err->code : MG_EXIT_INPUT;
		if (!err->msg[0])
			snprintf(err->msg, sizeof(err->msg), "evaluation stopped");
		return r->exit_code = r->result.exit_code;
	}
	if (o->today)
		snprintf(today, sizeof(today), "%s", o->today);
	else
		mg_today(today);
	gates_apply_waivers(&r->gates, p->waivers, p->nwaivers, today);
	run_summarize(&r->result, &r->gates, o);
	pr->requested = promote_configured(p) && o->promote != 0 && !trust_untrusted();
	pr->dry_run = o->dry_run;
	if (pr->requested &&
	    (r->result.exit_code == MG_EXIT_PASS ||
	     (r->result.exit_code == o->warn_exit_code && !r->result.summary.failed &&
	      !r->result.summary.errored)))
		pr->attempted = 1;
	r->result.duration_ms = mg_now_ms() - r->t0;
	return r->exit_code = r->result.exit_code;
}

int run_promote(struct run *r, const struct policy *p, const struct run_opts *o)
{
	struct promotion_result *pr = &r->result.promotion;

	if (pr->attempted) {
		struct sbuf warn = SBUF_INIT;
		int rc = promote_run(p, &r->result, o->dry_run, &r->plan, &warn, pr);

		take_warnings(r, &warn);
		if (rc < 0) {
			pr->ok = 0;
			r->result.exit_code = MG_EXIT_PROMOTE;
		} else {
			pr->ok = 1;
		}
	}
	r->result.duration_ms = mg_now_ms() - r->t0;
	return r->exit_code = r->result.exit_code;
}

int run_report_failed(struct run *r)
{
	if (r->exit_code < MG_EXIT_USAGE)
		r->exit_code = MG_EXIT_USAGE;
	return r->exit_code;
}

/* A policy's tracking URI must be of the origin the operator configured
 * (MLFLOW_TRACKING_URI) or of a host the operator allowed. */
static int check_origin(const struct policy *p, const char *uri, const char *section,
			struct mg_error *err)
{
	const struct ynode *n = ynode_get(ynode_get(ynode_get(p->root, section), "mlflow"),
					  "tracking_uri");

	if (!uri || trust_url_allowed(uri))
		return 0;
	return mg_errorf(err, MG_EXIT_USAGE, p->path, n ? n->line : 0, n ? n->col : 0,
			 "'tracking_uri' '%s' is not the origin of MLFLOW_TRACKING_URI: "
			 "the registry credentials go only there (the operator may allow "
			 "the host with --allow-host or MLGATE_ALLOWED_HOSTS)",
			 n && n->raw ? n->raw : uri);
}

int run_check_origins(const struct policy *p, struct mg_error *err)
{
	const struct promote_policy *pp = promote_policy_of(p);
	const struct registry_baseline *rb = promote_baseline_of(p);

	if (pp && pp->has_mlflow && check_origin(p, pp->tracking_uri, "promote", err) < 0)
		return -1;
	if (rb && !p->baseline_path && check_origin(p, rb->tracking_uri, "baseline", err) < 0)
		return -1;
	return 0;
}
