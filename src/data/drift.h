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

/* ----- one column, both sides ----- */

/* One side of a column, as the caller collected it (nulls excluded). */
struct drift_side {
	int numeric;              /* 1 number, 0 string */
	size_t n;                 /* non-null values */
	/* numbers: the n values ascending, or NULL for a frozen profile */
	const double *sorted;
	/* numbers from a frozen profile (reference only): interior edges and
	 * nedges + 1 counts; NULL otherwise */
	const double *hist_edges;
	const double *hist_counts;
	size_t hist_nedges;
	/* strings: every category and its count (any order) */
	const char *const *cats;
	const double *cat_counts;
	size_t ncats;
	int cats_truncated;       /* the categories are incomplete (a cap) */
};

/* Everything `mlgate drift` reports for one column.  Statistics that do
 * not apply are NaN with their has_ flag 0. */
struct drift_result {
	int numeric;
	size_t n_ref, n_cur;
	size_t nbins;
	double *edges;            /* nbins - 1 interior edges (numbers) */
	char **cats;              /* nbins names in byte order (strings) */
	double *ref_counts, *cur_counts;
	char **new_cats;          /* seen only in the current data */
	size_t nnew;
	int frozen;               /* bins came from a frozen reference profile */
	double psi, js, chi2, chi2_p;
	int has_raw;              /* ks and wasserstein (numbers, raw values) */
	double ks, ks_p, w, w_norm;
};

/* Compute every applicable statistic.  `bins` is k for numeric bins
 * (ignored for strings; a frozen reference fixes its own bins and accepts
 * only DRIFT_DEFAULT_BINS).  Returns 0, or -1 with a reason in `why` when
 * the two sides cannot be compared (number vs string, incomplete
 * categories, bins against a frozen profile).  Release with
 * drift_result_release either way. */
int drift_compute(const struct drift_side *ref, const struct drift_side *cur,
		  unsigned bins, struct drift_result *out, char *why,
		  size_t whylen);
void drift_result_release(struct drift_result *r);

/* The methods a policy may name, and their value in a result. */
extern const char *const drift_methods[]; /* NULL-terminated */
int drift_method_known(const char *m);
/* For an unknown method: " (did you mean 'X'?)" or, when none is close,
 * the list of methods " (psi, ks, ...)", written into buf (MG_HINT_SIZE). */
const char *drift_method_hint(char *buf, size_t size, const char *m);
/* 1 when `m` has a p-value (ks, chi2). */
int drift_method_has_pvalue(const char *m);
/* 1 when `m` applies to numeric columns only (ks, wasserstein*). */
int drift_method_numeric_only(const char *m);
/* The statistic (pvalue = 0) or its p-value (pvalue = 1) for `m`.  NaN
 * when it was not computed. */
double drift_result_value(const struct drift_result *r, const char *m,
			  int pvalue);

struct jsonw;
/* Write the column object of `mlgate drift` JSON: name, type, n_reference,
 * n_current, the statistics that were computed (finite or null),
 * new_categories, bins {edges|categories, reference_counts,
 * current_counts}.  `name` and `method` may be NULL (omitted); gate
 * details carry the method instead of the name. */
void drift_result_write_json(const struct drift_result *r, const char *name,
			     const char *method, struct jsonw *w);

struct colstats;
/* drift_compute over two finished columns (colstats.h): the reference may
 * come from a frozen profile (histogram and categories, no raw values). */
int drift_colstats(struct colstats *ref, struct colstats *cur, unsigned bins,
		   struct drift_result *out, char *why, size_t whylen);

/* Special functions (exposed for tests). */
double drift_kolmogorov_sf(double x);          /* scipy kstwobign.sf */
double drift_gammaincc(double a, double x);    /* regularised upper Q(a, x) */
double drift_chi2_sf(double x, double dof);    /* scipy chi2.sf */

#endif
