/* qsketch: a mergeable summary of the distribution of one numeric column,
 * the part of a partial profile that quantiles, frozen histograms, KS and
 * Wasserstein are computed from after a merge.  Exact while the column has
 * at most QSKETCH_EXACT_CAP distinct values (value/count pairs); beyond,
 * a KLL-type compactor stack: level h holds values of weight 2^h, and a
 * level that reaches QSKETCH_K values is sorted and halved (every other
 * value moves up a level).  Each halving at level h moves the count of
 * values <= x by at most 2^h for every x, and the sketch adds up those
 * weights in `err`: a guaranteed (not probabilistic) bound on the rank
 * error of every query, carried through merges.  Merging is commutative
 * (the halving's parity is a function of the values halved), exact while
 * both sides are exact, and within the summed bound otherwise.  The
 * distinct count past the exact cap is a HyperLogLog (colstats.h).
 * doc/data-profile.md states the format and the bound. */
#ifndef MLGATE_QSKETCH_H
#define MLGATE_QSKETCH_H

#include <stddef.h>
#include <stdint.h>

#define QSKETCH_EXACT_CAP 4096 /* distinct values kept as exact pairs */
#define QSKETCH_K 2048         /* values a level holds before it is halved */
#define QSKETCH_LEVELS 64

struct qsketch {
	uint64_t n;   /* values summarised (the total weight) */
	uint64_t err; /* |estimated - true| count of values <= x, any x, is <= err */
	int exact;    /* 1: val/cnt are every distinct value and its count */
	double *val;  /* exact: ascending distinct values */
	uint64_t *cnt;
	size_t npairs, cappairs;
	/* compacted (exact == 0): values of weight 2^h at level h */
	int nlevels;
	double *lv[QSKETCH_LEVELS];
	size_t lvn[QSKETCH_LEVELS], lvcap[QSKETCH_LEVELS];
	unsigned char *hll; /* compacted: distinct estimate (COLSTATS_HLL_REGS) */
	int ascending;      /* while filled from sorted values (private) */
};

void qsketch_init(struct qsketch *s);
void qsketch_release(struct qsketch *s);
/* Summarise n ascending values (into an empty sketch). */
void qsketch_from_sorted(struct qsketch *s, const double *v, size_t n);
/* Add `count` copies of v (any order). */
void qsketch_add(struct qsketch *s, double v, uint64_t count);
/* Merge b into a. */
void qsketch_merge(struct qsketch *a, const struct qsketch *b);
/* err / n: the bound on the error of every rank as a fraction (0 when
 * exact or empty). */
double qsketch_rank_error(const struct qsketch *s);
/* Distinct values: exact (npairs) or the HyperLogLog estimate (*approx). */
int64_t qsketch_distinct(const struct qsketch *s, int *approx);
/* Put every level in ascending order (a canonical form for writing). */
void qsketch_normalize(struct qsketch *s);
/* 0 when the fields are consistent (the weights add up to n, values are
 * finite, pairs ascending and positive); -1 otherwise. */
int qsketch_check(const struct qsketch *s);

/* The distribution as ascending distinct values with integer weights that
 * add up to `total` (the exact pairs, or the compacted levels combined). */
struct qsview {
	double *v;
	uint64_t *w;
	size_t n;
	uint64_t total;
};
void qsketch_view(const struct qsketch *s, struct qsview *out);
void qsview_release(struct qsview *v);
/* numpy's type-7 quantile of the values the view stands for (equal to
 * num_quantile7 over them when the sketch is exact).  NaN when empty. */
double qsview_quantile7(const struct qsview *v, double q);
/* num_edges over the view: k buckets, at most k - 1 edges written. */
size_t qsview_edges(const struct qsview *v, size_t k, double *edges);
/* Weight per bin (nedges + 1), the bin of x being num_bin(edges, x). */
void qsview_bin_counts(const struct qsview *v, const double *edges,
		       size_t nedges, uint64_t *counts);

#endif
