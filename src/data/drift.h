/* drift: the drift statistics of SPEC section 7 as pure functions over
 * sorted numeric values and per-bin counts.  No I/O, no allocation except
 * where a function says it returns an array the caller frees.  Each
 * statistic that cannot be computed (an empty side) is NaN, so a gate
 * built on it errors, never passes. */
#ifndef MLGATE_DRIFT_H
#define MLGATE_DRIFT_H

#include <stddef.h>
#include <stdint.h>

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
/* The two-sample chi-squared test of homogeneity on the 2 x nbins table of
 * the two count vectors (scipy.stats.chi2_contingency(table,
 * correction=False)): stat = sum over both rows of (o - e)^2 / e with
 * e = row total * bin total / N, p-value from the chi-squared distribution
 * with K - 1 degrees of freedom, K the bins with a non-zero total (a bin
 * empty on both sides is left out: scipy refuses such a table).  With one
 * such bin, stat 0 and p-value 1 (scipy's dof = 0 case).  Returns 0, or -1
 * when a side is empty (both outputs NaN). */
int drift_chi2(const double *ref, const double *cur, size_t nbins,
	       double *stat, double *pvalue);

/* Statistics over the raw values (both arrays sorted ascending). */
double drift_ks(const double *a, size_t n, const double *b, size_t m);
/* How the KS p-value is computed (scipy.stats.ks_2samp's `method`). */
enum drift_ks_method {
	DRIFT_KS_AUTO,  /* exact up to DRIFT_KS_AUTO_MAX_N a side, else asymp */
	DRIFT_KS_EXACT, /* the exact two-sample distribution of D */
	DRIFT_KS_ASYMP, /* kstwo.sf(D, round(n m / (n + m))) */
};
#define DRIFT_KS_AUTO_MAX_N 10000
extern const char *const drift_ks_methods[]; /* by enum value, NULL-terminated */
/* 0 with *out set, or -1 for a name that is not a method. */
int drift_ks_method_parse(const char *s, enum drift_ks_method *out);
/* The two-sided p-value of D = h / lcm(n, m) as scipy 1.10's ks_2samp(r, c,
 * method=...) computes it: exact when chosen and possible, else (also
 * where the exact computation gives up: lcm(n, m) near 2^31 with 'exact',
 * a probability out of [0, 1], or more than KSDIST_MAX_CELLS points)
 * kstwo.sf(D, round(n m / (n + m))).  *exact (may be NULL) says which.
 * NaN when a side is empty or n m / (n + m) rounds to 0. */
double drift_ks_pvalue(double d, size_t n, size_t m,
		       enum drift_ks_method method, int *exact);
double drift_wasserstein(const double *a, size_t n, const double *b, size_t m);
/* Population standard deviation (ddof = 0); NaN when n == 0. */
double drift_pop_std(const double *x, size_t n);
/* The same over nx values with integer weights w adding up to n (NULL:
 * 1 each), equal to drift_pop_std over the values repeated. */
double drift_pop_std_weighted(const double *x, const uint64_t *w, size_t nx,
			      uint64_t n);
/* w / max(ref_std, DRIFT_STD_FLOOR). */
double drift_wasserstein_norm(double w, double ref_std);

/* ----- one column, both sides ----- */

/* One side of a column, as the caller collected it (nulls excluded). */
struct drift_side {
	int numeric;              /* 1 number, 0 string */
	size_t n;                 /* non-null values */
	/* numbers: the n values ascending, or NULL for a frozen profile;
	 * with sorted_w, sorted_n ascending distinct values, sorted[i]
	 * occurring sorted_w[i] times (a column kept as runs) */
	const double *sorted;
	const uint64_t *sorted_w;
	size_t sorted_n;
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
	/* numbers from a partial profile's sketch (reference only, beside the
	 * histogram): ascending distinct values whose integer weights add up
	 * to n; rank_error bounds |F_sketch(x) - F(x)| (0: exact counts);
	 * hist_approx: the histogram came from an inexact sketch */
	const double *sk_values;
	const uint64_t *sk_weights;
	size_t sk_n;
	double rank_error;
	int hist_approx;
	double pop_std;           /* with a sketch: from the exact moments */
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
	int ks_exact;             /* ks_p is the exact distribution's */
	int sketch;               /* ks and wasserstein from the reference's sketch */
	double rank_error;        /* its bound (0: exact); NaN without a sketch */
	double w_error;           /* bound on the wasserstein error (rank_error x range) */
	int hist_approx;          /* the reference's bins came from an inexact sketch */
};

/* Compute every applicable statistic.  `bins` is k for numeric bins
 * (ignored for strings; a frozen reference fixes its own bins and accepts
 * only DRIFT_DEFAULT_BINS); `ks` chooses the KS p-value.  Returns 0, or -1 with a reason in `why` when
 * the two sides cannot be compared (number vs string, incomplete
 * categories, bins against a frozen profile).  Release with
 * drift_result_release either way. */
int drift_compute(const struct drift_side *ref, const struct drift_side *cur,
		  unsigned bins, enum drift_ks_method ks,
		  struct drift_result *out, char *why, size_t whylen);
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

struct sbuf;
/* Append to a gate message what makes a statistic of `method` (NULL:
 * the bin-based ones) approximate: "; approximate: sketch rank error <=
 * 0.0016", or that it came from exact value counts.  Nothing otherwise. */
void drift_approx_note(const struct drift_result *r, const char *method,
		       struct sbuf *out);

struct colstats;
/* drift_compute over two finished columns (colstats.h): the reference may
 * come from a frozen profile (histogram and categories, no raw values). */
int drift_colstats_ks(struct colstats *ref, struct colstats *cur,
		      unsigned bins, enum drift_ks_method ks,
		      struct drift_result *out, char *why, size_t whylen);
/* drift_colstats_ks with the default KS p-value (DRIFT_KS_AUTO). */
int drift_colstats(struct colstats *ref, struct colstats *cur, unsigned bins,
		   struct drift_result *out, char *why, size_t whylen);

/* Special functions (exposed for tests). */
double drift_gammaincc(double a, double x);    /* regularised upper Q(a, x) */
double drift_chi2_sf(double x, double dof);    /* scipy chi2.sf */

#endif
