/* partial: mergeable profiles, one per shard from `mlgate profile --partial`,
 * combined by `mlgate merge`.  A partial profile is a profile JSON (it
 * serves as a frozen reference as it is) with the merge state added: the
 * exact moments (count, mean, sum of squared deviations), a quantile
 * sketch per number column (data/qsketch.h), the HyperLogLog registers of
 * a string column past the category cap, and whether the histogram's
 * edges were fixed by a reference.  The format is versioned
 * (PARTIAL_VERSION) and documented in doc/data-profile.md. */
#ifndef MLGATE_PARTIAL_H
#define MLGATE_PARTIAL_H

#include "data/profile.h"

#define PARTIAL_VERSION 1
#define PARTIAL_HIST_BINS 10

struct jsonw;
struct jval;

/* Turn a profile just computed from data (values kept, finished) into a
 * partial: a sketch of every number column and, with bins_ref (a profile,
 * may be NULL), its histogram edges in place of the column's own: the
 * counts are then exact and merge by addition.  -1 with err
 * (MG_EXIT_INPUT) when bins_ref lacks a number column. */
int partial_prepare(struct profile *p, const struct profile *bins_ref,
		    struct mg_error *err);

/* Merge b into a, both loaded partials.  -1 with err (MG_EXIT_INPUT,
 * naming b's file `bpath`) when they cannot be merged: another format
 * version or sketch size, other columns (names, order, types), or other
 * frozen bins. */
int partial_merge(struct profile *a, const struct profile *b,
		  const char *bpath, struct mg_error *err);

/* After the last merge: quantiles, distinct counts and (unless frozen)
 * the histogram of every number column from its sketch. */
void partial_finish(struct profile *p);

/* The JSON of one column's merge state (profile_write_json calls it
 * for a partial profile), and the reading of it back. */
void partial_write_column(struct jsonw *w, const struct colstats *c);
int partial_load_column(const char *path, const struct jval *o,
			struct colstats *c, struct mg_error *err);
/* The top-level "partial" object: write, and check on load. */
void partial_write_header(struct jsonw *w, const struct profile *p);
int partial_load_header(const char *path, const struct jval *doc,
			struct profile *p, struct mg_error *err);

#endif
