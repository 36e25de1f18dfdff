/* data_eval: evaluation of the `data:` section -- reads each dataset (and
 * its reference) and appends one gate per check.  The parsed form comes
 * from data.c (dataset.h); this module owns nothing after it returns. */
#ifndef MLGATE_DATA_EVAL_H
#define MLGATE_DATA_EVAL_H

#include "core/section.h"
#include "data/dataset.h"

/* section_ops.evaluate of `data:` (sec is a struct data_policy). */
int data_eval_run(const void *sec, const struct eval_ctx *ctx,
		  struct gate_list *gates, struct mg_error *err);

#endif
