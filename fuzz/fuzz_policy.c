/* fuzz target: loading and validating a policy (every section parser that
 * is linked in).  Input: the policy file. */
#include "fuzz.h"

#include <string.h>

#include "core/policy.h"
#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_diags d;
	struct policy *p;

	mg_diags_init(&d);
	p = run_policy_load_buffer((const char *)data, size, "fuzz/policy.yml", NULL, &d);
	if (!p) {
		/* refused: with at least one message and a policy/input code */
		FUZZ_ASSERT(d.n > 0);
		FUZZ_ASSERT(d.max_code == 2 || d.max_code == 3);
		for (size_t i = 0; i < d.n; i++)
			FUZZ_ASSERT(d.v[i].msg[0] != '\0');
	} else {
		/* accepted: no problem was reported, and it declares gates */
		FUZZ_ASSERT(d.n == 0 && p->ngates > 0);
		policy_free(p);
	}
	mg_diags_release(&d);
	return 0;
}
