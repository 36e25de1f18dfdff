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
 * `reps` > 0, bootstrap intervals (seed) for the overall metrics.  A metric
 * undefined for the data (or for a group) is written as null, with its
 * reason under "undefined", and the reason is also added to `problems` (to
 * show as a warning).  Returns 0. */
int pred_report(struct pred_set *ps, size_t reps, uint64_t seed,
		struct sbuf *out, struct mg_diags *problems);

struct jsonw;
/* The `confusion_matrix` key and its {labels, matrix} value for `d`'s rows
 * (the overall gates' details carry it for the HTML report). */
void pred_report_confusion(struct jsonw *w, const struct pred_set *ps,
			   const struct pm_data *d);
/* The `per_class` key: precision, recall, F1 and support of each class
 * over `d`'s rows (null where a figure is 0/0). */
void pred_report_per_class(struct jsonw *w, const struct pred_set *ps,
			   const struct pm_data *d);

#endif
