/* sarif: SARIF 2.1.0 for GitHub code scanning.  One rule per gate kind that
 * appears; one result per gate that did not pass, located at the gate's line
 * in the policy (the only committed file a gate can point at).  Waived gates
 * are results with an external suppression carrying the waiver's reason.
 * The run carries automationDetails.id (one category per policy) and one
 * invocation with the process's exit code. */
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
#include "common/jsonw.h"
#include "report/report_fmt.h"

static const char *level_of(enum gate_status s)
{
	switch (s) {
	case GS_ERROR:
	case GS_FAIL: return "error";
	case GS_WARN: return "warning";
	case GS_WAIVED:
	case GS_SKIP: return "note";
	case GS_PASS: break;
	}
	return NULL;
}

static const char *kind_of(const struct gate_result *g)
{
	return g->kind && g->kind[0] ? g->kind : "gate";
}

static void rule(struct jsonw *w, const char *kind)
{
	struct sbuf s = SBUF_INIT;

	jw_obj_open(w);
	sbuf_addf(&s, "mlgate/%s", kind);
	jw_kstr(w, "id", sbuf_str(&s));
	sbuf_release(&s);
	jw_kstr(w, "name", kind);
	jw_key(w, "shortDescription");
	jw_obj_open(w);
	sbuf_addf(&s, "mlgate %s gate did not pass", kind);
	jw_kstr(w, "text", sbuf_str(&s));
	sbuf_release(&s);
	jw_obj_close(w);
	jw_key(w, "fullDescription");
	jw_obj_open(w);
	sbuf_addf(&s, "A %s gate declared in the mlgate policy failed, warned, or could not be evaluated.", kind);
	jw_kstr(w, "text", sbuf_str(&s));
	sbuf_release(&s);
	jw_obj_close(w);
	jw_key(w, "help");
	jw_obj_open(w);
	jw_kstr(w, "text", "Fix the model or data, change the threshold in the policy, or add a waiver with a reason and an expiry date.");
	jw_obj_close(w);
	jw_key(w, "defaultConfiguration");
	jw_obj_open(w);
	jw_kstr(w, "level", "error");
	jw_obj_close(w);
	jw_obj_close(w);
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_list *gl = r->gates;
	size_t *order = rep_order(gl);
	const char **kinds = NULL;
	size_t nkinds = 0, kcap = 0;
	struct sbuf uri = SBUF_INIT, id = SBUF_INIT;
	struct jsonw w;

	(void)o;
	/* rules: each kind once, in order of first appearance among results */
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];
		size_t j;

		if (!level_of(g->status))
			continue;
		for (j = 0; j < nkinds && strcmp(kinds[j], kind_of(g)); j++)
			;
		if (j == nkinds) {
			kinds = xgrow(kinds, &kcap, nkinds + 1, sizeof(*kinds));
			kinds[nkinds++] = kind_of(g);
		}
	}
	if (report_promotion_failed(r)) {
		kinds = xgrow(kinds, &kcap, nkinds + 1, sizeof(*kinds));
		kinds[nkinds++] = "promotion";
	}
	esc_uri_path(&uri, rep_policy(r), strlen(rep_policy(r)));

	jw_init(&w, out, 1);
	jw_obj_open(&w);
	jw_kstr(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	jw_kstr(&w, "version", "2.1.0");
	jw_key(&w, "runs");
	jw_arr_open(&w);
	jw_obj_open(&w);
	jw_key(&w, "tool");
	jw_obj_open(&w);
	jw_key(&w, "driver");
	jw_obj_open(&w);
	jw_kstr(&w, "name", "mlgate");
	jw_kstr(&w, "semanticVersion", MLGATE_VERSION);
	jw_key(&w, "rules");
	jw_arr_open(&w);
	for (size_t j = 0; j < nkinds; j++)
		rule(&w, kinds[j]);
	jw_arr_close(&w);
	jw_obj_close(&w);
	jw_obj_close(&w);
	/* GitHub tells runs apart by the category, the id up to its last '/':
	 * one per policy, so two gates in a workflow do not replace each
	 * other's alerts */
	jw_key(&w, "automationDetails");
	jw_obj_open(&w);
	sbuf_adds(&id, "mlgate/");
	sbuf_adds(&id, rep_policy_is_file(r) ? rep_policy(r) :
		  r->policy_name ? r->policy_name : "stdin");
	sbuf_addc(&id, '/');
	jw_kstr(&w, "id", sbuf_str(&id));
	jw_obj_close(&w);
	/* a failed gate is a result, not a failed execution: execution
	 * fails when a gate could not be evaluated or promotion failed */
	jw_key(&w, "invocations");
	jw_arr_open(&w);
	jw_obj_open(&w);
	jw_kbool(&w, "executionSuccessful", !r->summary.errored &&
		 !(r->promotion.attempted && !r->promotion.ok) &&
		 r->exit_code != MG_EXIT_USAGE);
	jw_kint(&w, "exitCode", r->exit_code);
	jw_obj_close(&w);
	jw_arr_close(&w);
	jw_key(&w, "results");
	jw_arr_open(&w);
	for (size_t k = 0; k < gl->n; k++) {
		size_t i = order[k], j;
		const struct gate_result *g = &gl->v[i];
		const char *level = level_of(g->status);
		struct sbuf s = SBUF_INIT;
		char fp[65];

		if (!level)
			continue;
		for (j = 0; strcmp(kinds[j], kind_of(g)); j++)
			;
		jw_obj_open(&w);
		sbuf_addf(&s, "mlgate/%s", kind_of(g));
		jw_kstr(&w, "ruleId", sbuf_str(&s));
		sbuf_release(&s);
		jw_kint(&w, "ruleIndex", (long long)j);
		jw_kstr(&w, "level", level);
		jw_key(&w, "message");
		jw_obj_open(&w);
		sbuf_addf(&s, "%s %s: %s", g->id,
			  g->status == GS_ERROR ? "could not be evaluated" : gate_status_name(g->status),
			  g->message ? g->message : "");
		jw_kstr(&w, "text", sbuf_str(&s));
		sbuf_release(&s);
		jw_obj_close(&w);
		if (rep_policy_is_file(r)) { /* stdin: nothing to point at */
			jw_key(&w, "locations");
			jw_arr_open(&w);
			jw_obj_open(&w);
			jw_key(&w, "physicalLocation");
			jw_obj_open(&w);
			jw_key(&w, "artifactLocation");
			jw_obj_open(&w);
			jw_kstr(&w, "uri", sbuf_str(&uri));
			jw_obj_close(&w);
			jw_key(&w, "region");
			jw_obj_open(&w);
			jw_kint(&w, "startLine", g->line > 0 ? g->line : 1);
			if (g->col > 0)
				jw_kint(&w, "startColumn", g->col);
			jw_obj_close(&w);
			jw_obj_close(&w);
			jw_obj_close(&w);
			jw_arr_close(&w);
		}
		jw_key(&w, "partialFingerprints");
		jw_obj_open(&w);
		rep_fingerprint(fp, r, i);
		jw_kstr(&w, "mlgateGate/v1", fp);
		jw_obj_close(&w);
		if (g->status == GS_WAIVED) {
			jw_key(&w, "suppressions");
			jw_arr_open(&w);
			jw_obj_open(&w);
			jw_kstr(&w, "kind", "external");
			jw_kstr(&w, "justification", g->waiver ? g->waiver : "");
			jw_obj_close(&w);
			jw_arr_close(&w);
		}
		jw_key(&w, "properties");
		jw_obj_open(&w);
		jw_kstr(&w, "gateId", g->id);
		jw_kstr(&w, "status", gate_status_name(g->status));
		jw_knum(&w, "value", g->value);
		jw_knum(&w, "threshold", g->threshold);
		jw_obj_close(&w);
		jw_obj_close(&w);
	}
	if (report_promotion_failed(r)) {
		/* the gates passed, the promotion did not: one result says so */
		struct sbuf s = SBUF_INIT;
		char fp[65];

		jw_obj_open(&w);
		jw_kstr(&w, "ruleId", "mlgate/promotion");
		jw_kint(&w, "ruleIndex", (long long)(nkinds - 1));
		jw_kstr(&w, "level", "error");
		jw_key(&w, "message");
		jw_obj_open(&w);
		sbuf_addf(&s, "promotion failed: %s", r->promotion.message ? r->promotion.message : "");
		jw_kstr(&w, "text", sbuf_str(&s));
		sbuf_release(&s);
		jw_obj_close(&w);
		jw_key(&w, "locations");
		jw_arr_open(&w);
		jw_obj_open(&w);
		jw_key(&w, "physicalLocation");
		jw_obj_open(&w);
		jw_key(&w, "artifactLocation");
		jw_obj_open(&w);
		jw_kstr(&w, "uri", sbuf_str(&uri));
		jw_obj_close(&w);
		jw_key(&w, "region");
		jw_obj_open(&w);
		jw_kint(&w, "startLine", 1);
		jw_obj_close(&w);
		jw_obj_close(&w);
		jw_obj_close(&w);
		jw_arr_close(&w);
		jw_key(&w, "partialFingerprints");
		jw_obj_open(&w);
		rep_promotion_fingerprint(fp, r);
		jw_kstr(&w, "mlgateGate/v1", fp);
		jw_obj_close(&w);
		jw_key(&w, "properties");
		jw_obj_open(&w);
		jw_kstr(&w, "status", "promotion failed");
		jw_obj_close(&w);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_obj_close(&w);
	jw_arr_close(&w);
	jw_obj_close(&w);
	sbuf_addc(out, '\n');
	sbuf_release(&uri);
	sbuf_release(&id);
	free(kinds);
	free(order);
	return 0;
}

const struct report_ops report_sarif = {
	"sarif", "SARIF 2.1.0: gates that did not pass, at their policy line",
	render, NULL,
};
