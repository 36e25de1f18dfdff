/* fuzz target: the `data:` gates evaluated on fuzzed CSV data -- schema,
 * null ratios, allowed values, uniqueness, ranges, row counts and drift
 * against a reference.  Input: CURRENT_CSV "\n%%\n" REFERENCE_CSV "\n%%\n"
 * GATES, where GATES is YAML appended to a dataset entry whose path and
 * reference point at the two CSVs.  Invariant: no gate with a threshold
 * passes unless its value is finite and meets the threshold; every report
 * format renders and the JSON report is valid UTF-8 JSON. */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "core/gate.h"
#include "ext/jsondoc.h"
#include "core/policy.h"
#include "report/report.h"
#include "data/data.h"
#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *ref;
	size_t ncur, nref;
	const char *cur_path, *ref_path;
	struct sbuf pol;
	struct mg_diags d;
	struct policy *policy;
	struct gate_list gates;
	struct mg_error err;
	struct eval_ctx no_inputs = {0};
	struct run_result run;
	struct report_opts ropts = {0};

	ncur = fuzz_next_part(&p, end, "\n%%\n", 4);
	ref = p;
	nref = fuzz_next_part(&p, end, "\n%%\n", 4);
	cur_path = fuzz_memfile(0, data, ncur);
	ref_path = fuzz_memfile(1, ref, nref);

	sbuf_init(&pol, 0);
	sbuf_addf(&pol, "version: 1\ndata:\n  - name: d\n    path: %s\n    reference: %s\n",
		  cur_path, ref_path);
	sbuf_add(&pol, p, (size_t)(end - p));
	mg_diags_init(&d);
	policy = run_policy_load_buffer(sbuf_str(&pol), pol.len, "fuzz/policy.yml", NULL, &d);
	mg_diags_release(&d);
	sbuf_release(&pol);
	if (!policy)
		return 0;

	gates_init(&gates);
	memset(&err, 0, sizeof(err));
	/* only the data section: the input may declare others (latency runs commands) */
	if (policy_section(policy, &data_section) &&
	    data_section.evaluate(policy_section(policy, &data_section), &no_inputs,
				  &gates, &err) < 0)
		FUZZ_ASSERT(err.msg[0] != '\0');
	fuzz_check_gates(&gates);
	memset(&run, 0, sizeof(run));
	run.policy_path = policy->path;
	run.gates = &gates;
	run_summarize(&run, &gates, NULL);
	for (const struct report_ops *const *f = report_all(); *f; f++) {
		struct sbuf sb;
		sbuf_init(&sb, 64u << 20);
		FUZZ_ASSERT((*f)->render(&run, &ropts, &sb) == 0);
		fuzz_check_report((*f)->name, sbuf_str(&sb), sb.len);
		sbuf_release(&sb);
	}
	gates_release(&gates);
	policy_free(policy);
	return 0;
}
