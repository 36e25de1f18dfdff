/* fuzz target: parsing the `promote:` section and a registry baseline
 * (registry/promote.c) -- parsing only, no network call.  Input: the
 * section's body, placed under a policy with one model gate and
 * "promote:\n".  Invariants: refused with a message and code 2/3, or
 * accepted with promotion configured, finite non-negative timeouts and
 * retries, an MLflow step with a model or a webhook with a URL, every
 * tag with a key and every header with a name. */
#include "fuzz.h"

#include <math.h>

#include "core/policy.h"
#include "registry/promote.h"
#include "registry/promote_policy.h"

static const char PREFIX[] =
	"version: 1\nmetrics: m.json\nmodel:\n  - metric: f1\n    min: 0.5\npromote:\n";

static void check_promote(const struct promote_policy *pp)
{
	FUZZ_ASSERT(isfinite(pp->timeout_s) && pp->timeout_s >= 0);
	FUZZ_ASSERT(isfinite(pp->connect_timeout_s) && pp->connect_timeout_s >= 0);
	FUZZ_ASSERT(isfinite(pp->backoff_s) && pp->backoff_s >= 0);
	FUZZ_ASSERT(pp->retries >= 0);
	FUZZ_ASSERT(pp->has_mlflow || pp->has_webhook);
	if (pp->has_mlflow)
		FUZZ_ASSERT(pp->model && pp->model[0]);
	if (pp->has_webhook)
		FUZZ_ASSERT(pp->wh_url && pp->wh_url[0] && pp->wh_method);
	for (size_t i = 0; i < pp->ntags; i++)
		FUZZ_ASSERT(pp->tags[i].key && pp->tags[i].key[0] && pp->tags[i].value);
	for (size_t i = 0; i < pp->nwh_headers; i++)
		FUZZ_ASSERT(pp->wh_headers[i].name && pp->wh_headers[i].name[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_diags d;
	struct policy *p;

	mg_diags_init(&d);
	p = fuzz_load_policy(PREFIX, data, size, NULL, &d);
	if (p) {
		const struct promote_policy *pp = promote_policy_of(p);
		FUZZ_ASSERT(promote_configured(p) && pp);
		check_promote(pp);
		policy_free(p);
	}
	mg_diags_release(&d);
	return 0;
}
