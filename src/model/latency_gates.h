/* latency_gates: turns the runs of a probe into gates (percentiles type 7,
 * numpy's default, over the successful runs; the error rate and count over
 * all; throughput; start-up), the distribution in the details of the
 * probe's first gate only, and is the `latency:` section's evaluate.  Owns
 * nothing between calls. */
#ifndef MLGATE_LATENCY_GATES_H
#define MLGATE_LATENCY_GATES_H

#include "core/section.h"
#include "model/latency_probe.h"
#include "model/latency_run.h"

/* One gate per bound of lp, from its runs. */
void latency_gates_add(const struct latency_probe *lp, struct latency_run *st,
		       struct gate_list *gates);
/* section_ops.evaluate of `latency:` (sec is a struct latency_policy). */
int latency_gates_evaluate(const void *sec, const struct eval_ctx *ctx,
			   struct gate_list *gates, struct mg_error *err);

#endif
