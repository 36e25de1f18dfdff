/* pred_report: the metrics JSON of `mlgate metrics` (SPEC section 8). */
#define _POSIX_C_SOURCE 200809L
#include "model/pred_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"

static void jw_label(struct jsonw *w, const struct pred_set *ps, size_t c)
{
	if (ps->numeric)
		jw_num(w, ps->class_values[c]);
	else
		jw_str(w, ps->class_names[c]);
}

void pred_report_confusion(struct jsonw *w, const struct pred_set *ps,
			   const struct pm_data *d)
{
	size_t k = ps->k;
	double *cm = xcalloc(k * k, sizeof(*cm));

	pm_confusion(d, NULL, cm);
	jw_key(w, "confusion_matrix");
	jw_obj_open(w);
	jw_key(w, "labels");
	jw_arr_open(w);
	for (size_t c = 0; c < k; c++)
		jw_label(w, ps, c);
	jw_arr_close(w);
	jw_key(w, "matrix");
	jw_arr_open(w);
	for (size_t r = 0; r < k; r++) {
		jw_arr_open(w);
		for (size_t c = 0; c < k; c++)
			jw_int(w, (long long)cm[r * k + c]);
		jw_arr_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	free(cm);
}

void pred_report_per_class(struct jsonw *w, const struct pred_set *ps,
			   const struct pm_data *d)
{
	size_t k = ps->k;
	double *cm = xcalloc(k * k, sizeof(*cm)), *v = xcalloc(4 * k, sizeof(*v));

	pm_confusion(d, NULL, cm);
	pm_per_class(k, cm, v, v + k, v + 2 * k, v + 3 * k);
	jw_key(w, "per_class");
	jw_obj_open(w);
	for (size_t c = 0; c < k; c++) {
		jw_key(w, ps->class_names[c]);
		jw_obj_open(w);
		jw_knum(w, "precision", v[c]); /* null when undefined */
		jw_knum(w, "recall", v[k + c]);
		jw_knum(w, "f1", v[2 * k + c]);
		jw_kint(w, "support", (long long)v[3 * k + c]);
		jw_obj_close(w);
	}
	jw_obj_close(w);
	free(cm);
	free(v);
}

/* Report each undefined metric once per reason ("precision, f1 are
 * undefined: ..."), so one cause does not read as three problems. */
static void collect_undefined(const struct pred_set *ps, const struct pm_result *r,
			      unsigned want, const char *where,
			      struct mg_diags *problems)
{
	unsigned todo = want & ~r->defined;

	for (int m = 0; m < PM_NMETRICS; m++) {
		struct sbuf names = SBUF_INIT;
		size_t count = 0;
		if (!(todo & PM_BIT(m)))
			continue;
		for (int q = m; q < PM_NMETRICS; q++)
			if ((todo & PM_BIT(q)) && strcmp(r->why[q], r->why[m]) == 0) {
				sbuf_addf(&names, "%s%s", count++ ? ", " : "",
					  pm_metric_name((enum pm_metric)q));
				if (q != m)
					todo &= ~PM_BIT(q);
			}
		mg_diag(problems, MG_EXIT_INPUT, ps->path, 0, 0, "%s%s %s undefined, written as null: %s",
			where, sbuf_str(&names), count > 1 ? "are" : "is", r->why[m]);
		sbuf_release(&names);
	}
}

/* Every metric in `want`: its value, or null; then the reasons of the
 * nulls under "undefined". */
static void write_metrics(struct jsonw *w, const struct pm_result *r, unsigned want)
{
	for (int m = 0; m < PM_NMETRICS; m++)
		if (want & PM_BIT(m))
			jw_knum(w, pm_metric_name((enum pm_metric)m), r->v[m]);
	if (!(want & ~r->defined))
		return;
	jw_key(w, "undefined");
	jw_obj_open(w);
	for (int m = 0; m < PM_NMETRICS; m++)
		if ((want & PM_BIT(m)) && !(r->defined & PM_BIT(m)))
			jw_kstr(w, pm_metric_name((enum pm_metric)m), r->why[m]);
	jw_obj_close(w);
}

/* The metrics the report lists: those of the task and inputs, less those
 * that do not apply to the number of classes (a rate or a Brier score on
 * three classes, top-k accuracy on two). */
static unsigned report_metrics(const struct pred_set *ps)
{
	unsigned have = (ps->score ? PM_HAVE_SCORE : 0) | (ps->proba ? PM_HAVE_PROBA : 0);
	unsigned want = pm_task_metrics(ps->d.task, have);

	if (ps->d.task == PM_REGRESSION)
		return want;
	if (ps->k > 2)
		want &= ~PM_BINARY_ONLY_METRICS;
	else
		want &= ~PM_BIT(PM_TOP_K);
	return want;
}

int pred_report(struct pred_set *ps, size_t reps, uint64_t seed,
		struct sbuf *out, struct mg_diags *problems)
{
	unsigned want = report_metrics(ps);
	struct pm_result *r = xmalloc(sizeof(*r));
	struct pm_result *gr = NULL;
	size_t ngr = 0, at = 0;
	struct jsonw w;
	int clf = ps->d.task == PM_CLASSIFICATION;

	pm_compute_params(&ps->d, NULL, &ps->params, want, r);
	collect_undefined(ps, r, want, "", problems);
	for (size_t j = 0; j < ps->nby; j++)
		ngr += ps->by[j].n;
	gr = xcalloc(ngr ? ngr : 1, sizeof(*gr));
	for (size_t j = 0; j < ps->nby; j++)
		for (size_t i = 0; i < ps->by[j].n; i++, at++) {
			struct pred_group *G = &ps->by[j].v[i];
			char where[300];
			snprintf(where, sizeof(where), "%s=%s: ", ps->by[j].column, G->name);
			if (G->d.n < 2) {
				/* a single row's metrics mean nothing: all null */
				gr[at].computed = want;
				for (int m = 0; m < PM_NMETRICS; m++) {
					gr[at].v[m] = NAN;
					snprintf(gr[at].why[m], PM_WHY_SIZE, "the group has a single row");
				}
				mg_diag(problems, MG_EXIT_INPUT, ps->path, 0, 0,
					"group %s='%s' has a single row: its metrics are written as null",
					ps->by[j].column, G->name);
				continue;
			}
			pm_compute_params(&G->d, NULL, &ps->params, want, &gr[at]);
			collect_undefined(ps, &gr[at], want, where, problems);
		}

	jw_init(&w, out, 1);
	jw_obj_open(&w);
	jw_kstr(&w, "task", clf ? "classification" : "regression");
	jw_kint(&w, "n", (long long)ps->d.n);
	if (clf) {
		jw_key(&w, "labels");
		jw_arr_open(&w);
		for (size_t c = 0; c < ps->k; c++)
			jw_label(&w, ps, c);
		jw_arr_close(&w);
		jw_key(&w, "positive");
		if (ps->d.pos >= 0)
			jw_label(&w, ps, (size_t)ps->d.pos);
		else
			jw_null(&w);
		jw_kstr(&w, "average", pm_average_name(ps->average));
		jw_kstr(&w, "zero_division", pm_zero_division_name(ps->params.zero_division));
		if (ps->proba && ps->k > 2) {
			jw_kstr(&w, "multi_class", pm_multi_class_name(ps->params.multi_class));
			jw_kint(&w, "top_k", (long long)ps->params.top_k);
		}
		if (ps->derived)
			jw_knum(&w, "threshold", ps->threshold);
	}
	write_metrics(&w, r, want);
	if (clf) {
		pred_report_confusion(&w, ps, &ps->d);
		pred_report_per_class(&w, ps, &ps->d);
	}
	if (reps) {
		double lo[PM_NMETRICS], hi[PM_NMETRICS];
		size_t used[PM_NMETRICS];
		pm_bootstrap_params(&ps->d, &ps->params, want, reps, seed, 0.95, lo, hi, used);
		for (int m = 0; m < PM_NMETRICS; m++) {
			char key[64];
			if (!(want & PM_BIT(m)))
				continue;
			snprintf(key, sizeof(key), "%s_ci_low", pm_metric_name((enum pm_metric)m));
			jw_knum(&w, key, lo[m]);
			snprintf(key, sizeof(key), "%s_ci_high", pm_metric_name((enum pm_metric)m));
			jw_knum(&w, key, hi[m]);
		}
		jw_key(&w, "bootstrap");
		jw_obj_open(&w);
		jw_kint(&w, "replicates", (long long)reps);
		jw_kint(&w, "seed", (long long)seed);
		jw_knum(&w, "confidence", 0.95);
		jw_kstr(&w, "interval", "percentile, type-7 quantiles at 0.025 and 0.975");
		jw_key(&w, "replicates_used");
		jw_obj_open(&w);
		for (int m = 0; m < PM_NMETRICS; m++)
			if (want & PM_BIT(m))
				jw_kint(&w, pm_metric_name((enum pm_metric)m), (long long)used[m]);
		jw_obj_close(&w);
		jw_obj_close(&w);
	}
	if (ps->nby) {
		at = 0;
		jw_key(&w, "by");
		jw_obj_open(&w);
		for (size_t j = 0; j < ps->nby; j++) {
			jw_key(&w, ps->by[j].column);
			jw_obj_open(&w);
			for (size_t i = 0; i < ps->by[j].n; i++, at++) {
				struct pred_group *G = &ps->by[j].v[i];
				jw_key(&w, G->name);
				jw_obj_open(&w);
				jw_kint(&w, "n", (long long)G->d.n);
				write_metrics(&w, &gr[at], want);
				if (clf)
					pred_report_confusion(&w, ps, &G->d);
				jw_obj_close(&w);
			}
			jw_obj_close(&w);
		}
		jw_obj_close(&w);
	}
	jw_obj_close(&w);
	sbuf_addc(out, '\n');
	free(r);
	free(gr);
	return 0;
}
