/* Placeholder until the 'data' section is implemented: a policy that uses
 * it is refused (exit 2) rather than silently ignored. */
#include "sections.h"

int data_policy_parse(struct pol_ctx *c, const struct ynode *n)
{
	return pol_err(c, n, "'data' is not supported by this build of mlgate yet");
}

void data_policy_free(struct data_policy *x)
{
	(void)x;
}

int data_evaluate(const struct policy *p, struct gate_list *gates,
		 struct mg_error *err)
{
	(void)p;
	(void)gates;
	(void)err;
	return 0;
}
