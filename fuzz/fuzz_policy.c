/* fuzz target: loading and validating a policy (every section parser that
 * is linked in).  Input: the policy file. */
#include "fuzz.h"

#include <string.h>

#include "core/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_diags d;
	struct policy *p;

	mg_diags_init(&d);
	p = fuzz_load_policy("", data, size, NULL, &d);
	if (p) {
		/* accepted: it declares gates */
		FUZZ_ASSERT(p->ngates > 0);
		policy_free(p);
	}
	mg_diags_release(&d);
	return 0;
}
