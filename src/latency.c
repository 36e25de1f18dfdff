/* Placeholder until the 'latency' section is implemented: a policy that uses
 * it is refused (exit 2) rather than silently ignored. */
#include "sections.h"

int latency_policy_parse(struct pol_ctx *c, const struct ynode *n)
{
	return pol_err(c, n, "'latency' is not supported by this build of mlgate yet");
}

void latency_policy_free(struct latency_policy *x)
{
	(void)x;
}

int latency_evaluate(const struct policy *p, struct gate_list *gates,
		 struct mg_error *err)
{
	(void)p;
	(void)gates;
	(void)err;
	return 0;
}
