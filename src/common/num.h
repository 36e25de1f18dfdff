/* num: numeric primitives shared by the data, model and latency checks:
 * the qsort order of doubles, numpy's default quantile, and quantile bins.
 * No allocation; every function is pure. */
#ifndef MLGATE_NUM_H
#define MLGATE_NUM_H

#include <stddef.h>
#include <stdint.h>

/* qsort/bsearch comparator for doubles, ascending (no NaN expected). */
int num_cmp_double(const void *a, const void *b);
/* log|Gamma(x)|, the value of lgamma(x), without lgamma's write of the
 * global signgam: safe on several threads at once. */
double num_lgamma(double x);
/* The first index in [lo, hi) of ascending v whose value is above x (hi
 * when there is none): lo plus the count of v[lo..hi-1] <= x. */
size_t num_upper(const double *v, size_t lo, size_t hi, double x);

/* numpy's default quantile (type 7, with numpy's _lerp) of sorted[0..n-1]
 * at q in [0, 1].  NaN when n == 0 or q is outside [0, 1].  The profile's
 * quantiles and frozen histogram, drift's bins, the latency percentiles and
 * the bootstrap intervals all use it, so frozen bins equal CSV bins. */
double num_quantile7(const double *sorted, size_t n, double q);
/* The interpolation step of num_quantile7: a + (b - a) t as numpy's _lerp
 * (exact at both ends and when a == b; finite for any finite a, b). */
double num_lerp7(double a, double b, double t);

/* Bins for k buckets from sorted values: the interior edges are the type-7
 * quantiles at i/k (i = 1..k-1) with duplicates removed; `edges` holds k-1
 * doubles.  Returns the number of edges (0 when n == 0 or k < 2). */
size_t num_edges(const double *sorted, size_t n, size_t k, double *edges);

/* The bin of x: the number of edges strictly less than x (numpy
 * searchsorted side="left"), in 0..nedges. */
size_t num_bin(const double *edges, size_t nedges, double x);

/* A positive count with an optional binary suffix K, M, G or T (64K is
 * 65536), as the operator's limits take it (MLGATE_MAX_INFLATE,
 * MLGATE_MAX_VALUES).  0, or -1 for anything else: empty, 0, a sign, other
 * characters, a value past 2^64 - 1. */
int num_parse_size(const char *s, uint64_t *out);

#endif
