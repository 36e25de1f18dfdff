/* modelgates: the `model:` metric gates -- thresholds on metrics.json values
 * and comparisons with the production baseline. */
#ifndef MLGATE_MODELGATES_H
#define MLGATE_MODELGATES_H

#include "core/gate.h"
#include "ext/jsondoc.h"
#include "core/policy.h"

/* Append one gate per threshold of every rule.  `baseline` may be NULL when
 * no rule compares with it; `metrics` may be NULL when the metrics file
 * could not be loaded (`why` says why), and then every gate is an error. */
void model_evaluate(const struct policy *p, const struct jval *metrics,
		    const struct jval *baseline, const char *why,
		    struct gate_list *gates);

#endif
