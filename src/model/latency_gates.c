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

static char *dist_details(const struct latency_probe *lp, const struct dist *d,
			  const struct latency_run *st)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "probe", lp->is_http ? "http" : "command");
	jw_kint(&w, "runs", (long long)d->runs);
	jw_kint(&w, "warmup", lp->warmup);
	if (lp->is_http)
		jw_kint(&w, "concurrency", lp->concurrency);
	jw_knum(&w, "timeout_s", lp->timeout_s);
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

void latency_gates_add(const struct latency_probe *lp, struct latency_run *st,
		       struct gate_list *gates)
{
	struct dist d;
	double *ok = xcalloc(lp->runs ? (size_t)lp->runs : 1, sizeof(double));
	double sum = 0;
	char *details;

	memset(&d, 0, sizeof(d));
	for (size_t i = 0; i < (size_t)lp->runs && i < st->next; i++) {
		if (st->v[i].kind == LK_OK)
			ok[d.n++] = st->v[i].ms;
		else
			d.errors++;
		d.kinds[st->v[i].kind]++;
		d.runs++;
	}
	/* a probe stopped early counts only the runs it made */
	qsort(ok, d.n, sizeof(*ok), num_cmp_double);
	for (size_t i = 0; i < d.n; i++)
		sum += ok[i];
	for (int s = 0; s < LS_N; s++)
		d.v[s] = NAN;
	if (d.n) {
		d.min = ok[0];
		d.v[LS_P50] = num_quantile7(ok, d.n, 0.50);
		d.v[LS_P90] = num_quantile7(ok, d.n, 0.90);
		d.v[LS_P95] = num_quantile7(ok, d.n, 0.95);
		d.v[LS_P99] = num_quantile7(ok, d.n, 0.99);
		d.v[LS_MAX] = ok[d.n - 1];
		d.v[LS_MEAN] = sum / (double)d.n;
	}
	d.v[LS_ERROR_RATE] = d.runs ? (double)d.errors / (double)d.runs : NAN;
	details = dist_details(lp, &d, st);

	for (int s = 0; s < LS_N; s++) {
		char *id;
		struct gate_result *g;
		struct sbuf lhs = SBUF_INIT, tail = SBUF_INIT;

		if (!bound_is_set(&lp->max[s]))
			continue;
		/* latency.NAME.p95_ms for max, latency.NAME.p95_ms.lt for lt */
		id = xasprintf("latency.%s.%s%s", lp->name, latency_stat_keys[s],
			       strcmp(bound_name(&lp->max[s]), "lt") == 0 ? ".lt" : "");
		g = gates_add(gates, id, "latency");
		free(id);
		gate_set_str(&g->target, lp->name);
		gate_set_str(&g->method, latency_stat_keys[s]);
		g->severity = lp->severity;
		g->line = lp->max[s].line;
		gate_set_bound(g, &lp->max[s]);
		gate_set_str(&g->details, details);
		if (st->fatal[0]) {
			gate_error(g, "%s: %s", lp->name, st->fatal);
			continue;
		}
		if (d.n == 0) {
			gate_error(g, "%s: all %zu runs failed%s (first: %s)", lp->name,
				   d.runs, st->give_up && d.runs < (size_t)lp->runs ?
				   ", so the probe stopped" : "", st->first_error);
			continue;
		}
		if (s == LS_ERROR_RATE) {
			sbuf_addf(&lhs, "%s: error rate %.6g (%zu of %zu runs failed%s%s)",
				  lp->name, d.v[s], d.errors, d.runs,
				  d.errors ? "; first: " : "", d.errors ? st->first_error : "");
			gate_judge_describe(g, &lp->max[s], d.v[s], sbuf_str(&lhs),
					    "", "");
			sbuf_release(&lhs);
			continue;
		}
		if (d.errors && !bound_is_set(&lp->max[LS_ERROR_RATE])) {
			g->value = d.v[s];
			gate_error(g, "%s: %zu of %zu runs failed (first: %s); failed runs are not timed, so add an 'error_rate' gate to say how many failures are acceptable",
				   lp->name, d.errors, d.runs, st->first_error);
			continue;
		}
		sbuf_addf(&lhs, "%s: %s = %.4g ms", lp->name, latency_stat_keys[s], d.v[s]);
		sbuf_addf(&tail, " (%zu runs, %zu failed; "
			  "min %.4g, p50 %.4g, p90 %.4g, p95 %.4g, p99 %.4g, max %.4g, mean %.4g ms)",
			  d.runs, d.errors, d.min, d.v[LS_P50], d.v[LS_P90],
			  d.v[LS_P95], d.v[LS_P99], d.v[LS_MAX], d.v[LS_MEAN]);
		gate_judge_describe(g, &lp->max[s], d.v[s], sbuf_str(&lhs), " ms",
				    sbuf_str(&tail));
		sbuf_release(&lhs);
		sbuf_release(&tail);
	}
	free(details);
	free(ok);
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
