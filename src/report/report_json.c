/* json: the machine-readable report, schema_version 1 (SPEC section 5). */
#include <math.h>
#include <string.h>

#include "common/jsonw.h"
#include "report/report.h"

static void kstr_or_null(struct jsonw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	struct jsonw w;

	(void)o;
	jw_init(&w, out, 1);
	jw_obj_open(&w);
	jw_kstr(&w, "mlgate_version", MLGATE_VERSION);
	jw_kint(&w, "schema_version", 1);
	kstr_or_null(&w, "policy", r->policy_path);
	kstr_or_null(&w, "name", r->policy_name);
	jw_kstr(&w, "status", report_promotion_failed(r) ? "promotion failed" : r->status);
	jw_kint(&w, "exit_code", r->exit_code);
	jw_key(&w, "summary");
	jw_obj_open(&w);
	jw_kint(&w, "passed", (long long)r->summary.passed);
	jw_kint(&w, "failed", (long long)r->summary.failed);
	jw_kint(&w, "warned", (long long)r->summary.warned);
	jw_kint(&w, "errored", (long long)r->summary.errored);
	jw_kint(&w, "waived", (long long)r->summary.waived);
	jw_kint(&w, "skipped", (long long)r->summary.skipped);
	jw_obj_close(&w);
	jw_key(&w, "gates");
	jw_arr_open(&w);
	for (size_t i = 0; i < r->gates->n; i++) {
		const struct gate_result *g = &r->gates->v[i];

		jw_obj_open(&w);
		jw_kstr(&w, "id", g->id);
		jw_kstr(&w, "kind", g->kind);
		kstr_or_null(&w, "target", g->target);
		kstr_or_null(&w, "dataset", g->dataset);
		kstr_or_null(&w, "column", g->column);
		kstr_or_null(&w, "method", g->method);
		jw_knum(&w, "value", g->value);
		jw_knum(&w, "threshold", g->threshold);
		jw_key(&w, "op");
		if (g->op == OP_NONE)
			jw_null(&w);
		else
			jw_str(&w, gate_op_symbol(g->op));
		jw_knum(&w, "baseline", g->baseline);
		jw_kstr(&w, "severity", g->severity == SEV_WARN ? "warn" : "error");
		jw_kstr(&w, "status", gate_status_name(g->status));
		kstr_or_null(&w, "message", g->message);
		if (g->waiver)
			jw_kstr(&w, "waiver", g->waiver);
		if (g->line > 0) {
			jw_key(&w, "location");
			jw_obj_open(&w);
			jw_kstr(&w, "file", r->policy_path);
			jw_kint(&w, "line", g->line);
			if (g->col > 0)
				jw_kint(&w, "column", g->col);
			jw_obj_close(&w);
		}
		jw_key(&w, "details");
		if (g->details)
			jw_raw(&w, g->details);
		else
			jw_null(&w);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_key(&w, "promotion");
	if (!r->promotion.requested) {
		jw_null(&w);
	} else {
		jw_obj_open(&w);
		jw_kbool(&w, "attempted", r->promotion.attempted);
		jw_kbool(&w, "ok", r->promotion.ok);
		jw_kbool(&w, "dry_run", r->promotion.dry_run);
		kstr_or_null(&w, "message", r->promotion.message);
		kstr_or_null(&w, "version", r->promotion.version);
		kstr_or_null(&w, "version_from", r->promotion.version_from);
		jw_key(&w, "warnings");
		jw_arr_open(&w);
		if (r->promotion.warning)
			jw_str(&w, r->promotion.warning);
		jw_arr_close(&w);
		jw_key(&w, "requests");
		if (r->promotion.details)
			jw_raw(&w, r->promotion.details);
		else
			jw_arr_open(&w), jw_arr_close(&w);
		jw_obj_close(&w);
	}
	if (r->evidence) {
		/* what a promotion is bound to (`mlgate promote --from-report`) */
		jw_key(&w, "evidence");
		jw_obj_open(&w);
		jw_kstr(&w, "policy_sha256", r->policy_sha256);
		jw_kstr(&w, "metrics_sha256", r->metrics_sha256);
		kstr_or_null(&w, "run_id", r->metrics_run_id);
		kstr_or_null(&w, "experiment_id", r->metrics_experiment);
		kstr_or_null(&w, "run_chosen_by", r->metrics_origin);
		jw_obj_close(&w);
	}
	jw_knum(&w, "duration_ms", r->duration_ms);
	jw_obj_close(&w);
	sbuf_addc(out, '\n');
	return 0;
}

const struct report_ops report_json = {
	"json", "machine-readable report (schema_version 1)", render, NULL,
};
