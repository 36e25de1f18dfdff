/* promote: the `promote:` section and `baseline: {mlflow: ...}` (SPEC
 * sections 4 and 9): parsing, the registry baseline, and the promotion
 * sequence after a pass.  It owns both parsed forms; it prints nothing:
 * warnings and the dry-run plan come back as text for the command. */
#ifndef MLGATE_PROMOTE_H
#define MLGATE_PROMOTE_H

#include "core/outcome.h"
#include "core/policy.h"
#include "core/section.h"

struct jval;

/* `promote:` (no gates) and `baseline:` as a mapping (a registry baseline). */
extern const struct section_ops promote_section;
extern const struct section_ops registry_baseline_section;

/* Does the policy promote at all? */
int promote_configured(const struct policy *p);

/* Fetch the baseline metrics from the registry as a JSON document.  A
 * warning about the registry settings is added to `warnings` (one line,
 * each at most once). */
struct jval *registry_baseline_load(const struct policy *p, struct sbuf *warnings,
				    struct mg_error *err);

/* Promote after a pass.  Fills `out` (ok, message, details); returns 0
 * when promotion succeeded, -1 when it failed.  `dry_run` adds the requests
 * to `plan` instead of sending them; warnings go to `warnings` as above. */
int promote_run(const struct policy *p, const struct run_result *r,
		int dry_run, struct sbuf *plan, struct sbuf *warnings,
		struct promotion_result *out);

#endif
