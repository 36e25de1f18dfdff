/* promote: the `promote:` section and `baseline: {mlflow: ...}` (SPEC
 * section 4) as sections (section.h); it owns both parsed forms
 * (promote_policy.h).  Running them is promote_run.h. */
#ifndef MLGATE_PROMOTE_H
#define MLGATE_PROMOTE_H

#include "core/policy.h"
#include "core/section.h"

/* `promote:` (no gates) and `baseline:` as a mapping (a registry baseline). */
extern const struct section_ops promote_section;
extern const struct section_ops promote_baseline_section;
/* `metrics:` as a mapping: the candidate's metrics from an MLflow run. */
extern const struct section_ops promote_metrics_section;

/* Does the policy promote at all? */
int promote_configured(const struct policy *p);

#endif
