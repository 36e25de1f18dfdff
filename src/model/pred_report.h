/* pred_report: the metrics report of a loaded predictions file -- the
 * JSON `mlgate metrics` writes (SPEC section 8), overall, by group and with
 * bootstrap intervals.  It reads a pred_set (predictions.h), owns nothing. */
#ifndef MLGATE_PRED_REPORT_H
#define MLGATE_PRED_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "common/util.h"
#include "model/predictions.h"

/* The metrics JSON of `mlgate metrics` (SPEC section 8) into `out`.  With
 * `reps` > 0, bootstrap intervals (seed) for the overall metrics.  Returns
 * 0, or -1 when a metric is undefined for the data: each reason is added to
 * `problems` (code 3) and `out` must not be used. */
int pred_report(struct pred_set *ps, size_t reps, uint64_t seed,
		struct sbuf *out, struct mg_diags *problems);

struct jsonw;
/* The `confusion_matrix` key and its {labels, matrix} value for `d`'s rows
 * (the overall gates' details carry it for the HTML report). */
void pred_report_confusion(struct jsonw *w, const struct pred_set *ps,
			   const struct pm_data *d);

#endif
