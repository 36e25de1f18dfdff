/* drift: the drift statistics of SPEC section 7 as pure functions over
 * sorted numeric values and per-bin counts.  No I/O, no allocation except
 * where a function says it returns an array the caller frees.  Each
 * statistic that cannot be computed (an empty side, a single bin for a
 * chi-squared p-value) is NaN, so a gate built on it errors, never passes. */
#ifndef MLGATE_DRIFT_H
#define MLGATE_DRIFT_H

#include <stddef.h>

#define DRIFT_DEFAULT_BINS 10
#define DRIFT_MAX_BINS 1000
#define DRIFT_PSI_FLOOR 0.0001 /* a zero proportion is replaced by this */
#define DRIFT_STD_FLOOR 0.001  /* wasserstein_norm divides by at least this */

/* numpy's default quantile (type 7, `_lerp`) of sorted[0..n-1] at q in
 * [0, 1]; NaN when n == 0. */
double drift_quantile7(const double *sorted, size_t n, double q);

/* The interior bin edges: the type-7 quantiles at i/k (i = 1..k-1) of the
 * sorted reference, duplicates removed.  `edges` holds k-1 values; returns
 * how many were written (0 when n == 0 or k < 2). */
size_t drift_edges(const double *sorted, size_t n, unsigned k, double *edges);

/* Bin index of x: the number of edges strictly less than x (numpy
 * searchsorted side="left"), in 0..nedges. */
size_t drift_bin_of(const double *edges, size_t nedges, double x);
/* Add the bin counts of x[0..n-1] to counts[0..nedges] (x need not be
 * sorted; sorted input is binned in one linear pass). */
void drift_bin_counts(const double *edges, size_t nedges, const double *x,
		      size_t n, int sorted, double *counts);

/* Statistics over two count vectors of the same bins (counts, not
 * proportions: each side is divided by its own total). */
double drift_psi(const double *ref, const double *cur, size_t nbins);
double drift_jensenshannon(const double *ref, const double *cur, size_t nbins);
/* chi2 = sum over bins with e_i > 0 of (o_i - e_i)^2 / e_i, e_i = r_i * n_cur;
 * p-value from the chi-squared distribution with nbins - 1 degrees of
 * freedom (NaN when nbins < 2).  Returns 0, or -1 when a side is empty
 * (both outputs NaN). */
int drift_chi2(const double *ref, const double *cur, size_t nbins,
	       double *stat, double *pvalue);

/* Statistics over the raw values (both arrays sorted ascending). */
double drift_ks(const double *a, size_t n, const double *b, size_t m);
/* kstwobign.sf(sqrt(n*m/(n+m)) * d). */
double drift_ks_pvalue(double d, size_t n, size_t m);
double drift_wasserstein(const double *a, size_t n, const double *b, size_t m);
/* Population standard deviation (ddof = 0); NaN when n == 0. */
double drift_pop_std(const double *x, size_t n);
/* w / max(ref_std, DRIFT_STD_FLOOR). */
double drift_wasserstein_norm(double w, double ref_std);

/* Special functions (exposed for tests). */
double drift_kolmogorov_sf(double x);          /* scipy kstwobign.sf */
double drift_gammaincc(double a, double x);    /* regularised upper Q(a, x) */
double drift_chi2_sf(double x, double dof);    /* scipy chi2.sf */

#endif
