/* Placeholder until the 'artifacts' section is implemented: a policy that uses
 * it is refused (exit 2) rather than silently ignored. */
#include "sections.h"

int artifacts_policy_parse(struct pol_ctx *c, const struct ynode *n)
{
	return pol_err(c, n, "'artifacts' is not supported by this build of mlgate yet");
}

void artifacts_policy_free(struct artifacts_policy *x)
{
	(void)x;
}

int artifacts_evaluate(const struct policy *p, struct gate_list *gates,
		 struct mg_error *err)
{
	(void)p;
	(void)gates;
	(void)err;
	return 0;
}
