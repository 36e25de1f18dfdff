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

#include "gate.h"
#include "jsondoc.h"
#include "policy.h"
#include "report.h"
#include "sections.h"

static int holds(enum gate_op op, double v, double t)
{
	switch (op) {
	case OP_GE: return v >= t;
	case OP_LE: return v <= t;
	case OP_GT: return v > t;
	case OP_LT: return v < t;
	case OP_EQ: return v == t;
	case OP_NONE: break;
	}
	return 0;
}

/* Every format is valid UTF-8; the JSON-based ones parse; JUnit XML holds
 * no C0 control character (not allowed in XML 1.0). */
static void check_format(const char *name, const struct sbuf *sb)
{
	const unsigned char *s = (const unsigned char *)sbuf_str(sb);

	FUZZ_ASSERT(fuzz_utf8_ok(s, sb->len));
	if (strcmp(name, "sarif") == 0 || strcmp(name, "codequality") == 0 ||
	    strcmp(name, "json") == 0) {
		struct mg_error e;
		struct jval *v = jv_parse((const char *)s, sb->len, name, 3, &e);
		if (!v)
			fprintf(stderr, "%s report: %s\n%s\n", name, e.msg, s);
		FUZZ_ASSERT(v != NULL);
		jv_free(v);
	}
	if (strcmp(name, "junit") == 0)
		for (size_t i = 0; i < sb->len; i++)
			FUZZ_ASSERT(s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n' ||
				    s[i] == '\r');
}

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
	policy = policy_load_buffer(sbuf_str(&pol), pol.len, "fuzz/policy.yml", NULL, &d);
	mg_diags_release(&d);
	sbuf_release(&pol);
	if (!policy)
		return 0;

	gates_init(&gates);
	memset(&err, 0, sizeof(err));
	if (data_evaluate(policy, &gates, &err) < 0)
		FUZZ_ASSERT(err.msg[0] != '\0');
	for (size_t i = 0; i < gates.n; i++) {
		const struct gate_result *g = &gates.v[i];
		FUZZ_ASSERT(g->id && g->id[0]);
		if (g->status != GS_PASS || (isnan(g->threshold) && g->op == OP_NONE))
			continue;
		if (!(isfinite(g->value) && isfinite(g->threshold) &&
		      holds(g->op, g->value, g->threshold))) {
			fprintf(stderr, "gate %s passed: value %.17g %s threshold %.17g\n",
				g->id, g->value, gate_op_symbol(g->op), g->threshold);
			FUZZ_ASSERT(!"a gate passes only when its value meets its threshold");
		}
	}
	memset(&run, 0, sizeof(run));
	run.policy_path = policy->path;
	run.gates = &gates;
	gates_summarize(&gates, &run.summary);
	run.exit_code = gates_exit_code(&run.summary, 0, 0);
	run.status = gates_verdict(&run.summary);
	for (const struct report_ops *const *f = report_all(); *f; f++) {
		struct sbuf sb;
		sbuf_init(&sb, 64u << 20);
		FUZZ_ASSERT((*f)->render(&run, &ropts, &sb) == 0);
		check_format((*f)->name, &sb);
		sbuf_release(&sb);
	}
	gates_release(&gates);
	policy_free(policy);
	return 0;
}
