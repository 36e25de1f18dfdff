/* fuzz target: a whole `check` of model gates, from policy to reports.
 * Input: POLICY "\n%%\n" METRICS "\n%%\n" BASELINE (metrics and baseline
 * are JSON, or YAML when they start with '#').  Invariants: no gate passes
 * without a finite value that meets a finite threshold; the exit code is 0
 * only when nothing failed or errored; every report renders, and the JSON
 * report is valid JSON in valid UTF-8 that states the same verdict. */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "core/gate.h"
#include "ext/jsondoc.h"
#include "core/metrics.h"
#include "core/modelgates.h"
#include "core/policy.h"
#include "report/report.h"
#include "run/run.h"

static struct jval *doc(const uint8_t *s, size_t n, const char *base,
			char *why, size_t why_size)
{
	struct mg_error err;
	char name[64];
	struct jval *v;

	snprintf(name, sizeof(name), "%s.%s", base,
		 n && s[0] == '#' ? "yaml" : "json");
	memset(&err, 0, sizeof(err));
	v = metrics_parse((const char *)s, n, name, &err);
	if (!v && why)
		mg_error_format(&err, why, why_size);
	return v;
}

static void check_json_report(const struct sbuf *sb, const struct run_result *r)
{
	struct mg_error err;
	struct jval *v;
	const struct jval *status, *gates;

	FUZZ_ASSERT(fuzz_utf8_ok((const unsigned char *)sbuf_str(sb), sb->len));
	v = jv_parse(sbuf_str(sb), sb->len, "report.json", 3, &err);
	FUZZ_ASSERT(v != NULL);
	status = jv_get(v, "status");
	FUZZ_ASSERT(jv_type(status) == J_STRING &&
		    strcmp(jv_string(status), r->status) == 0);
	gates = jv_get(v, "gates");
	FUZZ_ASSERT(jv_type(gates) == J_ARRAY && jv_size(gates) == r->gates->n);
	jv_free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *ms, *bs;
	size_t plen, mlen, blen;
	struct policy_opts o;
	struct mg_diags d;
	struct policy *pol;
	struct jval *metrics = NULL, *baseline = NULL;
	struct gate_list gates;
	struct run_result run;
	struct report_opts ropts = {0};
	char why[1400] = "";

	plen = fuzz_next_part(&p, end, "\n%%\n", 4);
	ms = p;
	mlen = fuzz_next_part(&p, end, "\n%%\n", 4);
	bs = p;
	blen = (size_t)(end - p);

	memset(&o, 0, sizeof(o));
	o.metrics = "fuzz/metrics.json";
	o.baseline = "fuzz/baseline.json";
	mg_diags_init(&d);
	pol = run_policy_load_buffer((const char *)data, plen, "fuzz/policy.yml", &o, &d);
	mg_diags_release(&d);
	if (!pol)
		return 0;
	metrics = doc(ms, mlen, "fuzz/metrics", why, sizeof(why));
	baseline = doc(bs, blen, "fuzz/baseline", NULL, 0);

	gates_init(&gates);
	{
		const struct modelgates *mg = policy_section(pol, &modelgates_section);
		struct eval_ctx ctx = {0};

		ctx.metrics = metrics;
		ctx.metrics_error = why;
		ctx.baseline = baseline;
		if (mg)
			modelgates_evaluate(mg, &ctx, &gates);
	}
	gates_apply_waivers(&gates, pol->waivers, pol->nwaivers, "2026-06-01");
	fuzz_check_gates(&gates);

	memset(&run, 0, sizeof(run));
	run.policy_path = pol->path;
	run.policy_name = pol->name;
	run.gates = &gates;
	run_summarize(&run, &gates, NULL);
	FUZZ_ASSERT(run.summary.passed + run.summary.failed + run.summary.warned +
			    run.summary.errored + run.summary.waived == gates.n);
	if (run.exit_code == 0)
		FUZZ_ASSERT(!run.summary.failed && !run.summary.errored &&
			    strcmp(run.status, "pass") == 0);
	if (!metrics)
		FUZZ_ASSERT(run.exit_code != 0 || gates.n == 0);

	for (const struct report_ops *const *f = report_all(); *f; f++) {
		struct sbuf sb;
		sbuf_init(&sb, 64u << 20);
		FUZZ_ASSERT((*f)->render(&run, &ropts, &sb) == 0);
		FUZZ_ASSERT(!sb.toobig);
		fuzz_check_report((*f)->name, sbuf_str(&sb), sb.len);
		if (strcmp((*f)->name, "json") == 0)
			check_json_report(&sb, &run);
		sbuf_release(&sb);
	}

	gates_release(&gates);
	jv_free(metrics);
	jv_free(baseline);
	policy_free(pol);
	return 0;
}
