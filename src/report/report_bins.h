/* report_bins: the bins a drift gate was judged on, read from its details
 * JSON ("bins": {edges | categories, reference_counts, current_counts}) and
 * checked before use, for the reporters that draw them (html, markdown).
 * Details are parsed, never trusted: anything malformed is no bins. */
#ifndef MLGATE_REPORT_BINS_H
#define MLGATE_REPORT_BINS_H

#include <stddef.h>

#include "common/util.h"

#define REP_BINS_MAX 1000 /* drift's own limit; more is not a chart */

struct jval;

/* The finite numbers of a JSON array of 1..max elements (`nonneg`: also
 * >= 0), or NULL when it is anything else.  Caller frees. */
double *rep_numbers(const struct jval *a, size_t max, int nonneg, size_t *n);

struct rep_bins {
	size_t n;          /* bins, 1..REP_BINS_MAX */
	double *ref, *cur; /* counts, n each: finite, >= 0 */
	double *edges;     /* n - 1 increasing edges (numeric columns, n > 1), else NULL */
	char **cats;       /* n category names (string columns), else NULL */
	double nref, ncur; /* the counts' totals */
	int frozen;        /* the reference is a frozen profile */
};

/* Read the bins of a parsed details object.  0, or -1 when it holds none
 * or they are malformed (counts of different lengths, negative or
 * non-finite, edges not increasing, both or neither of edges and
 * categories).  Release `b` in both cases. */
int rep_bins_read(const struct jval *details, struct rep_bins *b);
/* The same from the details' JSON text (NULL: -1). */
int rep_bins_parse(const char *details, struct rep_bins *b);
void rep_bins_release(struct rep_bins *b);

/* At most `max` (>= 2) bins with the same totals: adjacent numeric bins
 * merged in runs of ceil(n / max) (the merged edges are a subset of the
 * judged ones); for categories, the max - 1 largest (by the larger of the
 * two shares) kept in their order and the rest summed into a last bin
 * "N others".  A copy when there are few enough.  Release `out`. */
void rep_bins_cap(const struct rep_bins *b, size_t max, struct rep_bins *out);

/* Bin i in words, unescaped: the category, "≤ 29000", "(29000, 35000]",
 * "> 81000", or "all values" for a single bin. */
void rep_bin_name(struct sbuf *out, const struct rep_bins *b, size_t i);

/* count / of, or 0 when `of` is 0. */
double rep_share(double count, double of);

/* A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten. */
double rep_nice_ceil(double v);

#endif
