/* colstats: streaming, mergeable statistics of one column: counts, nulls,
 * type inference, min/max/mean/std (Welford, merged with Chan et al.;
 * two passes over the values when they are kept, never overflowing), the
 * numeric values (counted per distinct value while a column has at most
 * COLSTATS_RUNS_CAP, else 8 bytes each, sorted on demand) for exact
 * quantiles and KS, category counts for strings (exact up to a distinct cap), and the
 * numpy type-7 quantile.  A colstats owns everything it points to.
 * Decisions (types, caps) are documented in doc/data-profile.md. */
#ifndef MLGATE_COLSTATS_H
#define MLGATE_COLSTATS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "data/csv.h"

#define COLSTATS_DISTINCT_CAP 10000 /* exact distinct/category counts up to this */
#define COLSTATS_TOP 10
/* kept numbers are counted per distinct value up to this many distinct
 * values (the exact part of a partial profile's sketch has the same cap) */
#define COLSTATS_RUNS_CAP 4096 /* = QSKETCH_EXACT_CAP (data/qsketch.h) */

enum col_type {
	COL_NUMBER, /* every non-null cell is a finite number (vacuously when none) */
	COL_STRING,
};

/* The budget of numeric values a read may keep, in all columns of a data
 * file and its reference (8 bytes each): shared by the threads reading
 * them.  Each thread draws on it through its own colstats_quota, in blocks
 * of at most COLSTATS_QUOTA_BLOCK values (and 1/64 of the budget), so the
 * hot loop touches no shared memory; the cap is never passed, and it is hit
 * with at most one block per other thread unused. */
#define COLSTATS_MAX_VALUES ((uint64_t)1 << 27) /* 1 GiB of values */
#define COLSTATS_QUOTA_BLOCK 65536
struct colstats_budget {
	_Atomic uint64_t used; /* values granted to quotas */
	uint64_t max;
};
struct colstats_quota {
	struct colstats_budget *budget; /* NULL: no bound */
	uint64_t left;                  /* values this thread may still keep */
};
void colstats_budget_init(struct colstats_budget *b, uint64_t max);
void colstats_quota_init(struct colstats_quota *q, struct colstats_budget *b);

struct catmap; /* category -> count (private) */
struct numcount; /* number -> count (private) */
struct qsview;   /* data/qsketch.h */
struct qsketch; /* data/qsketch.h */
struct hll;    /* distinct estimate past the cap (private) */

/* Read the fields; change them only through the functions below. */
struct colstats {
	char *name;
	enum col_type type;
	uint64_t count; /* non-null cells */
	uint64_t nulls;

	/* numbers (meaningful while type == COL_NUMBER and count > 0).
	 * Without keep_values they are streamed (Welford); with values they
	 * are computed from the values by colstats_finish (moments_stale is
	 * set until then; colstats_mean/std/var_pop compute them anyway). */
	double min, max;
	double mean, m2; /* the sum of squared deviations is m2 4^m2_exp */
	int m2_exp;      /* 0 unless the values span more than about 2^400 */
	uint64_t nnum;   /* how many numbers the moments cover */
	int moments_stale;

	/* the non-null numeric values (when keep_values); sorted flag says
	 * whether they are in ascending order right now */
	int keep_values;
	double *values;
	size_t nvalues, cap_values;
	int sorted;
	/* kept values while the column has at most COLSTATS_RUNS_CAP distinct
	 * ones: each distinct value and its count (private), in place of the
	 * value array, which is only made if a consumer asks for the values
	 * one by one (colstats_sorted_values) or the column passes the cap */
	struct numcount *runs;
	struct colstats_quota *quota; /* what bounds the values (NULL: none) */
	int over_budget; /* an add was refused: the quota's budget is spent */

	/* strings: category counts (every non-null cell's text) */
	struct catmap *cats;
	int track_text;     /* count the text of number cells too */
	int text_complete;  /* cats hold every non-null cell (see colstats_add) */
	int cats_truncated; /* more distinct values than the cap: cats partial */
	struct hll *hll;    /* distinct estimate once truncated */

	/* a frozen histogram (from a profile file, or colstats_hist) */
	double *hist_edges; /* interior edges, ascending, no duplicates */
	uint64_t *hist_counts; /* nedges + 1 */
	size_t hist_nedges;
	int has_hist;

	/* from a loaded profile: the stored distinct count / quantiles */
	int64_t distinct_loaded; /* -1 when not loaded */
	int distinct_loaded_approx;
	double q_loaded[5]; /* p05 p25 p50 p75 p95, NaN when absent */

	/* from a partial profile (data/partial.h): the mergeable summary of
	 * the values, and whether the histogram's edges were fixed by a
	 * reference (--bins-from) rather than computed from the data */
	struct qsketch *sketch;
	int hist_frozen;
};

/* Start an empty column.  keep_values: hold the numeric values (needed for
 * quantiles, exact numeric distinct, KS, Wasserstein).  track_text: also
 * count the text of cells that are numbers, so that a column that turns
 * string later still has exact string statistics; without it such a
 * column ends with text_complete == 0 and the caller must re-read it
 * (profile.c does) or accept partial categories. */
void colstats_init(struct colstats *c, const char *name, int keep_values,
		   int track_text);
void colstats_release(struct colstats *c);

/* Add one raw cell (as the CSV reader gives it).  The adds of numbers
 * return 0, or -1 when the value should be kept and the column's quota
 * cannot grant it (the budget is spent): the value is not added,
 * over_budget is set, and the caller reports an input error naming the
 * column (reading on would be a partial profile). */
int colstats_add(struct colstats *c, const struct csv_nulls *nl,
		 const char *p, size_t n);
/* Add one row: cell i to cols[i] (the hot loop of a profile).  -1 as
 * above: the column with over_budget set is the one refused. */
int colstats_add_row(struct colstats *cols, const struct csv_nulls *nl,
		     const struct csv_cell *cells, size_t n);
/* Lower-level adds for callers that classified the cell already. */
void colstats_add_null(struct colstats *c);
int colstats_add_number(struct colstats *c, double v, const char *text,
			size_t n);
void colstats_add_string(struct colstats *c, const char *p, size_t n);
/* Count the text of one cell in the categories only (for re-reading a
 * column whose numeric prefix had no text: see text_complete). */
void colstats_add_text_only(struct colstats *c, const char *p, size_t n);
/* Count `count` occurrences of a category at once (loading a profile). */
void colstats_add_category(struct colstats *c, const char *p, size_t n,
			   uint64_t count);
/* Forget the categories (before a re-read of the column's text). */
void colstats_reset_text(struct colstats *c);

/* Merge b into a (same column of two parts of the data, in any order):
 * counts, nulls, min/max, moments (Chan et al.), values, categories,
 * distinct sketches, and histograms when both have the same edges (else
 * a's histogram is dropped).  A number column merged with a string column
 * becomes string; its text is complete only if both sides had it. */
void colstats_merge(struct colstats *a, const struct colstats *b);

/* After the last add or merge: sort the values, recompute mean and m2
 * from them (two-pass, pairwise: the same numbers however the column was
 * split across threads or files) and, when hist_bins > 0, fill the
 * histogram (colstats_hist).  Without values only the histogram step
 * applies (and is skipped). */
void colstats_finish(struct colstats *c, size_t hist_bins);

/* Derived numbers (NaN when undefined: no numbers, or n < 2 for std). */
double colstats_mean(const struct colstats *c);
double colstats_std(const struct colstats *c); /* ddof = 1 */
double colstats_var_pop(const struct colstats *c); /* ddof = 0; may be inf */
/* Set the moments of a column of nnum values from its std (ddof = 1), as a
 * loaded profile stores them (mean is set directly). */
void colstats_set_std(struct colstats *c, double sd);

/* The values in ascending order (sorted in place on first call; -0 is
 * stored as 0).  NULL with *n = 0 when no values are kept.  A column kept
 * as runs (colstats_runs) is written out to a value array first, for
 * good: readers that can work on the runs use them instead. */
const double *colstats_sorted_values(struct colstats *c, size_t *n);

/* The kept values as ascending distinct values and their counts, when
 * the column holds them that way (at most COLSTATS_RUNS_CAP distinct):
 * 1 and *out pointing into c (valid until c changes; do not release it),
 * else 0 (use colstats_sorted_values).  Every statistic of the values one
 * by one has its equal over the runs (qsview_quantile7, qsview_edges,
 * qsview_bin_counts, the weighted drift functions), bit for bit. */
int colstats_runs(struct colstats *c, struct qsview *out);
/* The kept values as ascending distinct values and their counts, in any
 * form the column holds them (a copy: release it with qsview_release;
 * empty for a column without numbers).  0, or -1 (nothing to release)
 * when c is not a number column or keeps no values for all its numbers. */
int colstats_value_counts(struct colstats *c, struct qsview *out);
/* Put the kept values in the form the readers above use (runs sorted, or
 * the value array sorted): after it, reading c from several threads at
 * once changes nothing in it. */
void colstats_prepare(struct colstats *c);

/* Distinct non-null values: exact (from the sorted values or the
 * categories) unless *approx is set.  -1 when unknown. */
int64_t colstats_distinct(struct colstats *c, int *approx);

/* Categories (string columns; also filled for numbers with track_text). */
size_t colstats_ncategories(const struct colstats *c);
/* The i-th category in an unspecified but stable order (i < ncategories).
 * The text stays valid until the colstats changes. */
void colstats_category(const struct colstats *c, size_t i, const char **s,
		       size_t *n, uint64_t *count);
/* Count of one category; 0 when absent. */
uint64_t colstats_category_count(const struct colstats *c, const char *s,
				 size_t n);
/* Indices of the (at most k) most frequent categories, count descending,
 * then by byte order of the text.  Returns how many were written. */
size_t colstats_top(const struct colstats *c, size_t *idx, size_t k);

/* Counts per bin (nedges + 1 of them) of sorted values. */
void colstats_bin_counts_sorted(const double *sorted, size_t n,
				const double *edges, size_t nedges,
				uint64_t *counts);
/* Fill c's histogram from its values with k buckets (the frozen-profile
 * histogram uses k = 10).  No-op without values. */
void colstats_hist(struct colstats *c, size_t k);

/* Sort doubles ascending (an LSD radix sort: O(n), 8 extra bytes per
 * value while it runs).  NaNs are not expected. */
void colstats_sort_doubles(double *v, size_t n);

/* Merge state (partial profiles).  The HyperLogLog has COLSTATS_HLL_REGS
 * one-byte registers (standard error about 0.4%); a register is at most
 * COLSTATS_HLL_MAX_RANK. */
#define COLSTATS_HLL_REGS 65536
#define COLSTATS_HLL_MAX_RANK 49
uint64_t colstats_hash_double(double v); /* the hash a number is counted by */
void colstats_hll_add(unsigned char *reg, uint64_t hash);
double colstats_hll_estimate(const unsigned char *reg);
/* The registers of a string column past the cap, or NULL. */
const unsigned char *colstats_hll_registers(const struct colstats *c);
/* Register-wise max of reg into c's estimate (marks c truncated). */
void colstats_merge_hll(struct colstats *c, const unsigned char *reg);

/* `count` cells of the same text at once: the statistics of `count` calls
 * of colstats_add(c, nl, p, n) in a row (a dictionary-encoded column's
 * entry counted once per run).  -1 as colstats_add. */
int colstats_add_repeated(struct colstats *c, const struct csv_nulls *nl,
			  const char *p, size_t n, uint64_t count);

#endif
