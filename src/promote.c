/* Placeholder until promotion is implemented: a policy that asks for it is
 * refused (exit 2) rather than silently not promoting. */
#include "report.h"
#include "sections.h"

int promote_policy_parse(struct pol_ctx *c, const struct ynode *n)
{
	return pol_err(c, n, "'promote' is not supported by this build of mlgate yet");
}

void promote_policy_free(struct promote_policy *pp)
{
	(void)pp;
}

int registry_baseline_parse(struct pol_ctx *c, const struct ynode *n)
{
	return pol_err(c, n, "a registry baseline is not supported by this build of mlgate yet");
}

void registry_baseline_free(struct registry_baseline *rb)
{
	(void)rb;
}

struct jval *registry_baseline_load(const struct policy *p, struct mg_error *err)
{
	(void)p;
	mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "registry baselines are not supported yet");
	return NULL;
}

int promote_configured(const struct policy *p)
{
	return p->promote != NULL;
}

int promote_run(const struct policy *p, const struct run_result *r,
		int dry_run, struct promotion_result *out)
{
	(void)p;
	(void)r;
	(void)dry_run;
	out->ok = 0;
	out->message = xstrdup("promotion is not supported by this build");
	return -1;
}
