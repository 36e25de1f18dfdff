/* fuzz target: parsing the `latency:` section (model/latency.c) -- parsing
 * only: nothing is run.  Input: the section's entries, placed under
 * "version: 1\nlatency:\n".  Invariants: refused with a message and code
 * 2/3, or accepted with every probe's limits inside the documented bounds
 * (runs 1..LT_MAX_RUNS, concurrency 1..LT_MAX_CONCURRENCY, a finite
 * positive timeout), a command probe with a non-empty argv or an HTTP
 * probe with a URL and a method, and every bound finite. */
#include "fuzz.h"

#include <math.h>

#include "core/policy.h"
#include "model/latency.h"
#include "model/latency_probe.h"

static const char PREFIX[] = "version: 1\nlatency:\n";

static void check_probe(const struct latency_probe *pr)
{
	FUZZ_ASSERT(pr->name && pr->name[0]);
	FUZZ_ASSERT(pr->runs >= 1 && pr->runs <= LT_MAX_RUNS);
	FUZZ_ASSERT(pr->warmup >= 0);
	FUZZ_ASSERT(pr->concurrency >= 1 && pr->concurrency <= LT_MAX_CONCURRENCY);
	FUZZ_ASSERT(isfinite(pr->timeout_s) && pr->timeout_s > 0);
	if (pr->is_http)
		FUZZ_ASSERT(pr->url && pr->url[0] && pr->method && pr->method[0]);
	else
		FUZZ_ASSERT(pr->argv && pr->argv[0]);
	for (int s = 0; s < LS_N; s++) {
		if (pr->max[s].op != OP_NONE)
			FUZZ_ASSERT(isfinite(pr->max[s].value));
		if (pr->max[s].warn_op != OP_NONE)
			FUZZ_ASSERT(isfinite(pr->max[s].warn));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_diags d;
	struct policy *p;

	mg_diags_init(&d);
	p = fuzz_load_policy(PREFIX, data, size, NULL, &d);
	if (p) {
		const struct latency_policy *lp = policy_section(p, &latency_section);
		FUZZ_ASSERT(p->ngates > 0);
		FUZZ_ASSERT(lp && lp->n > 0);
		for (size_t i = 0; i < lp->n; i++)
			check_probe(&lp->v[i]);
		policy_free(p);
	}
	mg_diags_release(&d);
	return 0;
}
