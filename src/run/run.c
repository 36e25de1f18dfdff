/* run: load -> evaluate -> waivers -> summary -> exit code -> promotion,
 * in one place for `check` and `promote`. */
#define _POSIX_C_SOURCE 200809L
#include "run/run.h"

#include <stdlib.h>
#include <string.h>

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

/* Evaluate with the documents the sections need.  A document that cannot
 * be read is noted in r->inputs and turns every gate that needs it into an
 * error gate. */
static int evaluate_all(struct run *r, const struct policy *p,
			struct mg_error *err)
{
	struct eval_ctx ctx;
	struct jval *metrics = NULL, *baseline = NULL;
	struct mg_error e;
	char why[1400] = "";
	unsigned need = sections_need(p);
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.policy_file = p->path;
	if ((need & SECTION_NEEDS_METRICS) && p->metrics_path) {
		memset(&e, 0, sizeof(e));
		metrics = metrics_load(p->metrics_path, &e);
		if (!metrics) {
			mg_error_format(&e, why, sizeof(why));
			mg_diags_add(&r->inputs, &e);
			ctx.metrics_error = why;
		}
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
			baseline = promote_run_baseline(p, &warn, &e);
			take_warnings(r, &warn);
		}
		if (!baseline)
			mg_diags_add(&r->inputs, &e);
	}
	ctx.metrics = metrics;
	ctx.baseline = baseline;
	rc = run_evaluate(p, &ctx, &r->gates, err);
	jv_free(metrics);
	jv_free(baseline);
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
	if (o->promote_only) {
		r->result.status = "pass";
		r->result.exit_code = MG_EXIT_PASS;
		pr->requested = pr->attempted = 1;
		pr->dry_run = o->dry_run;
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
