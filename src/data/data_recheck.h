/* data_recheck: the exact second pass of `unique` and `allowed` for a
 * string column with more distinct values than the category counts keep
 * (it reads the file again), and the details lists both passes write.
 * Used by data_eval.c; it reads the parsed rules of dataset.h. */
#ifndef MLGATE_DATA_RECHECK_H
#define MLGATE_DATA_RECHECK_H

#include <stddef.h>
#include <stdint.h>

#include "common/jsonw.h"
#include "core/gate.h"
#include "data/csv.h"
#include "data/dataset.h"

/* Details lists show at most this many values. */
#define DATA_RECHECK_SHOW_VALUES 10

/* One entry of a details list: {"value": "...", "count": n} (count left
 * out when 0), the first DATA_RECHECK_SHOW_VALUES only; *shown counts. */
void data_recheck_show_value(struct jsonw *w, size_t *shown, const char *p,
			     size_t len, uint64_t count);

/* Count repeated (`unique`) or disallowed (`allowed`) cells of rule r's
 * column exactly by reading ds again, and judge g.  Standard input cannot
 * be read twice: an error gate. */
void data_recheck_strings(struct gate_result *g, const struct dataset *ds,
			  const struct col_rule *r,
			  const struct csv_options *opts, int unique);

#endif
