/* latency_gates: the distribution of a probe's runs and its gates. */
#define _POSIX_C_SOURCE 200809L
#include "model/latency_gates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "common/jsonw.h"
#include "ext/http.h"
#include "model/clfmetrics.h"

struct dist {
	size_t n, errors, runs;
	size_t kinds[LK_NKINDS];
	double v[LS_N]; /* the statistics, by enum lt_stat */
	double min;
};

static const char *probe_kind(const struct latency_probe *lp)
{
	if (lp->is_serve)
		return lp->is_stdio ? "serve_stdio" : "serve_http";
	return lp->is_http ? "http" : "command";
}

/* The whole distribution, as JSON: the details of the probe's first gate
 * (the others point at it). */
static char *dist_details(const struct latency_probe *lp, const struct dist *d,
			  const struct latency_run *st)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "probe", probe_kind(lp));
	jw_kint(&w, "runs", (long long)d->runs);
	jw_kint(&w, "warmup", lp->warmup);
	if (lp->is_http || lp->is_serve)
		jw_kint(&w, "concurrency", lp->concurrency);
	jw_knum(&w, "timeout_s", lp->timeout_s);
	if (lp->is_http) {
		jw_kbool(&w, "keep_alive", lp->keep_alive);
		jw_kint(&w, "connections", st->connections);
	}
	jw_kint(&w, "n", (long long)d->n);
	jw_kint(&w, "errors", (long long)d->errors);
	jw_knum(&w, "error_rate", d->v[LS_ERROR_RATE]);
	if (d->n) {
		jw_knum(&w, "min", d->min);
		jw_knum(&w, "p50", d->v[LS_P50]);
		jw_knum(&w, "p90", d->v[LS_P90]);
		jw_knum(&w, "p95", d->v[LS_P95]);
		jw_knum(&w, "p99", d->v[LS_P99]);
		jw_knum(&w, "max", d->v[LS_MAX]);
		jw_knum(&w, "mean", d->v[LS_MEAN]);
	}
	if (d->runs && !isnan(d->v[LS_THROUGHPUT])) {
		jw_knum(&w, "wall_ms", st->wall_ms);
		jw_knum(&w, "throughput_rps", d->v[LS_THROUGHPUT]);
	}
	if (lp->is_serve && !isnan(st->startup_ms)) {
		jw_knum(&w, "startup_ms", st->startup_ms);
		jw_kstr(&w, "stopped_by", st->server_killed ? "SIGKILL" : "SIGTERM");
	}
	jw_key(&w, "error_kinds");
	jw_obj_open(&w);
	for (int k = 1; k < LK_NKINDS; k++)
		if (d->kinds[k])
			jw_kint(&w, latency_run_kind_names[k], (long long)d->kinds[k]);
	jw_obj_close(&w);
	if (st->first_error[0])
		jw_kstr(&w, "first_error", st->first_error);
	jw_kstr(&w, "quantiles", "type 7 (numpy default) over successful runs, ms");
	jw_obj_close(&w);
	return sbuf_detach(&sb);
}

static void dist_compute(const struct latency_probe *lp, const struct latency_run *st,
			 struct dist *d)
{
	double *ok = xcalloc(lp->runs ? (size_t)lp->runs : 1, sizeof(double));
	double sum = 0;

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < (size_t)lp->runs && i < st->next; i++) {
		if (st->v[i].kind == LK_OK)
			ok[d->n++] = st->v[i].ms;
		else
			d->errors++;
		d->kinds[st->v[i].kind]++;
		d->runs++;
	}
	/* a probe stopped early counts only the runs it made */
	qsort(ok, d->n, sizeof(*ok), num_cmp_double);
	for (size_t i = 0; i < d->n; i++)
		sum += ok[i];
	for (int s = 0; s < LS_N; s++)
		d->v[s] = NAN;
	if (d->n) {
		d->min = ok[0];
		d->v[LS_P50] = num_quantile7(ok, d->n, 0.50);
		d->v[LS_P90] = num_quantile7(ok, d->n, 0.90);
		d->v[LS_P95] = num_quantile7(ok, d->n, 0.95);
		d->v[LS_P99] = num_quantile7(ok, d->n, 0.99);
		d->v[LS_MAX] = ok[d->n - 1];
		d->v[LS_MEAN] = sum / (double)d->n;
	}
	d->v[LS_ERROR_RATE] = d->runs ? (double)d->errors / (double)d->runs : NAN;
	d->v[LS_ERRORS] = (double)d->errors;
	/* successful answers per second of the measured phase: a fast
	 * failure is not throughput */
	d->v[LS_THROUGHPUT] = d->runs && st->wall_ms > 0 ? (double)d->n / (st->wall_ms / 1000.0) : NAN;
	d->v[LS_STARTUP] = st->startup_ms;
	free(ok);
}

/* Judge one statistic s of the probe into g; `dist` (the distribution,
 * or "") ends its message. */
static void judge(const struct latency_probe *lp, const struct latency_run *st,
		  const struct dist *d, int s, const char *dist, struct gate_result *g)
{
	const struct bound *b = &lp->max[s];
	const char *unit = " ms";
	char vb[32];
	struct sbuf lhs = SBUF_INIT, tail = SBUF_INIT;

	if (st->fatal[0]) {
		gate_error(g, "%s: %s", lp->name, st->fatal);
		return;
	}
	if (s == LS_STARTUP) {
		/* the server started (or the probe is fatal): the runs do not
		 * change how long that took */
		mg_fmt_double(vb, sizeof(vb), d->v[s]);
		sbuf_addf(&lhs, "%s: startup_ms = %s ms", lp->name, vb);
		gate_judge_describe(g, b, d->v[s], sbuf_str(&lhs), " ms", "");
		sbuf_release(&lhs);
		return;
	}
	/* All runs failed: a count of failures made in full can fail its
	 * gate (every answer wrong is a verdict); nothing else can be judged,
	 * and nothing passes. */
	if (d->n == 0 && !((s == LS_ERROR_RATE || s == LS_ERRORS) && d->runs == (size_t)lp->runs &&
			   !bound_holds(b, d->v[s]))) {
		gate_error(g, "%s: all %zu runs failed%s (first: %s)", lp->name,
			   d->runs, st->give_up && d->runs < (size_t)lp->runs ?
			   ", so the probe stopped" : "", st->first_error);
		return;
	}
	if (s == LS_ERROR_RATE || s == LS_ERRORS) {
		mg_fmt_double(vb, sizeof(vb), d->v[s]);
		if (s == LS_ERROR_RATE)
			sbuf_addf(&lhs, "%s: error rate %s (%zu of %zu runs failed%s%.400s)",
				  lp->name, vb, d->errors, d->runs,
				  d->errors ? "; first: " : "", d->errors ? st->first_error : "");
		else
			sbuf_addf(&lhs, "%s: %zu of %zu runs failed%s%.400s", lp->name,
				  d->errors, d->runs, d->errors ? " (first: " : "",
				  d->errors ? st->first_error : "");
		if (s == LS_ERRORS && d->errors)
			sbuf_addc(&lhs, ')');
		gate_judge_describe(g, b, d->v[s], sbuf_str(&lhs), "", dist);
		sbuf_release(&lhs);
		return;
	}
	if (d->errors && !bound_is_set(&lp->max[LS_ERROR_RATE]) &&
	    !bound_is_set(&lp->max[LS_ERRORS])) {
		g->value = d->v[s];
		gate_error(g, "%s: %zu of %zu runs failed (first: %s); failed runs are not timed, so add an 'error_rate' or 'errors' gate to say how many failures are acceptable",
			   lp->name, d->errors, d->runs, st->first_error);
		return;
	}
	mg_fmt_double(vb, sizeof(vb), d->v[s]);
	if (s == LS_THROUGHPUT) {
		unit = " req/s";
		sbuf_addf(&lhs, "%s: throughput_rps = %s req/s", lp->name, vb);
		sbuf_addf(&tail, " (%zu answered in %.4g ms, %zu in flight)", d->n,
			  st->wall_ms, st->workers);
	} else {
		sbuf_addf(&lhs, "%s: %s = %s ms", lp->name, latency_stat_keys[s], vb);
	}
	sbuf_adds(&tail, dist);
	gate_judge_describe(g, b, d->v[s], sbuf_str(&lhs), unit, sbuf_str(&tail));
	sbuf_release(&lhs);
	sbuf_release(&tail);
}

void latency_gates_add(const struct latency_probe *lp, struct latency_run *st,
		       struct gate_list *gates)
{
	struct dist d;
	char *details, *first_id = NULL;
	struct sbuf dist = SBUF_INIT;
	int shown = -1;

	dist_compute(lp, st, &d);
	details = dist_details(lp, &d, st);
	/* text and Markdown show the distribution once: on the first time
	 * gate, else on the first gate that is judged on the runs */
	for (int s = 0; s < LS_N && shown < 0; s++)
		if (s <= LS_MAX && bound_is_set(&lp->max[s]))
			shown = s;
	for (int s = LS_ERROR_RATE; s < LS_STARTUP && shown < 0; s++)
		if (bound_is_set(&lp->max[s]))
			shown = s;
	if (d.n)
		sbuf_addf(&dist, " (%zu runs, %zu failed; "
			  "min %.4g, p50 %.4g, p90 %.4g, p95 %.4g, p99 %.4g, max %.4g, mean %.4g ms)",
			  d.runs, d.errors, d.min, d.v[LS_P50], d.v[LS_P90],
			  d.v[LS_P95], d.v[LS_P99], d.v[LS_MAX], d.v[LS_MEAN]);
	for (int s = 0; s < LS_N; s++) {
		char *id;
		struct gate_result *g;
		int strict;

		if (!bound_is_set(&lp->max[s]))
			continue;
		/* latency.NAME.p95_ms for max (min), .lt (.gt) for a strict bound */
		strict = strcmp(bound_name(&lp->max[s]), "lt") == 0 ||
			 strcmp(bound_name(&lp->max[s]), "gt") == 0;
		id = xasprintf("latency.%s.%s%s%s", lp->name, latency_stat_keys[s],
			       strict ? "." : "", strict ? bound_name(&lp->max[s]) : "");
		g = gates_add(gates, id, "latency");
		gate_set_str(&g->target, lp->name);
		gate_set_str(&g->method, latency_stat_keys[s]);
		g->severity = lp->severity;
		g->line = lp->max[s].line;
		gate_set_bound(g, &lp->max[s]);
		/* the distribution once per probe: on its first gate */
		if (!first_id) {
			gate_set_str(&g->details, details);
			first_id = id;
			judge(lp, st, &d, s, s == shown ? sbuf_str(&dist) : "", g);
		} else {
			struct sbuf ref = SBUF_INIT;
			struct jsonw w;

			jw_init(&w, &ref, 0);
			jw_obj_open(&w);
			jw_kstr(&w, "distribution_in", first_id);
			jw_obj_close(&w);
			gate_set_str(&g->details, sbuf_str(&ref));
			sbuf_release(&ref);
			free(id);
			judge(lp, st, &d, s, s == shown ? sbuf_str(&dist) : "", g);
		}
	}
	free(first_id);
	free(details);
	sbuf_release(&dist);
}

int latency_gates_evaluate(const void *sec, const struct eval_ctx *ctx,
			   struct gate_list *gates, struct mg_error *err)
{
	const struct latency_policy *lp = sec;
	int need_http = 0;

	(void)ctx;
	latency_run_begin();
	for (size_t i = 0; i < lp->n; i++)
		need_http |= lp->v[i].is_http;
	if (need_http && http_global_init() < 0)
		return mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0,
				 "cannot initialise the HTTP client");
	for (size_t i = 0; i < lp->n; i++) {
		struct latency_run run;

		latency_run_probe(&lp->v[i], &run);
		latency_gates_add(&lp->v[i], &run, gates);
		latency_run_release(&run);
	}
	if (need_http)
		http_global_cleanup();
	latency_run_end();
	return 0;
}
