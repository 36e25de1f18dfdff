/* profile: the statistics of every column of one data file (CSV, TSV,
 * .csv.gz, stdin), computed in one streaming pass (two threads on a large
 * regular file), written as the JSON/text of `mlgate profile`, and read
 * back from a profile JSON file so that a frozen profile can stand in for
 * a reference CSV.  A struct profile owns its columns. */
#ifndef MLGATE_PROFILE_H
#define MLGATE_PROFILE_H

#include <stdint.h>

#include "data/colstats.h"
#include "data/csv.h"
#include "data/parquet.h"
#include "common/util.h"

struct profile {
	char *path;          /* as given */
	uint64_t rows;       /* data rows (bad rows skipped are not rows) */
	uint64_t bad_rows;   /* ragged rows skipped (skip_bad_rows) */
	long first_bad_line; /* line of the first skipped bad row, 0 if none */
	size_t ncols;
	struct colstats *cols; /* ncols, in file order */
	int frozen;          /* 1: loaded from a profile file (no raw values) */
	int partial;         /* 1: carries merge state (data/partial.h) */
	uint64_t parts;      /* partial: how many parts were merged into it */
};

struct profile_options {
	int keep_values; /* hold numeric values (quantiles, KS); default 1 */
	int threads;     /* 0 = automatic (2 on a large regular file), 1 = serial */
	size_t hist_bins; /* frozen histogram buckets; default 10 */
	size_t split_min; /* smallest file read on two threads; 0 = 8 MiB */
	/* bounds the values kept (shared with another read: a reference);
	 * NULL: profile_csv makes its own from profile_budget_init */
	struct colstats_budget *budget;
};
void profile_options_init(struct profile_options *po);

/* A budget of kept values of MLGATE_MAX_VALUES (a count, K/M/G suffixes
 * allowed), else COLSTATS_MAX_VALUES.  -1 with err (MG_EXIT_USAGE) when
 * the setting does not parse. */
int profile_budget_init(struct colstats_budget *b, struct mg_error *err);

/* Profile one data file ("-" = stdin).  On success returns 0 with *out
 * filled (release with profile_release): every column finished (values
 * sorted, histogram of hist_bins buckets, text complete).  On error -1 with
 * err (MG_EXIT_INPUT: missing, unreadable, malformed, more values to keep
 * than the budget allows) and *out empty. */
int profile_csv(const char *path, const struct csv_options *copts,
		const struct profile_options *po, struct profile *out,
		struct mg_error *err);

/* A source of rows that can be read more than once (a file, or the files
 * of a dataset, data/fileset.h): it calls header_fn once, then row_fn per
 * row, as csv_read_file does. */
typedef int (*profile_source_fn)(void *src, const struct csv_options *copts,
				 csv_header_fn header_fn, csv_row_fn row_fn,
				 void *ctx, struct csv_read_stats *st,
				 struct mg_error *err);

/* The statistics of a source's rows on the calling thread, not finished:
 * parts of one table are profiled apart, joined with profile_merge, then
 * finished with profile_source_finish.  `name` becomes out->path.  -1 with
 * err (and *out empty) on error. */
int profile_source(profile_source_fn read, void *src, const char *name,
		   const struct csv_options *copts, const struct profile_options *po,
		   struct profile *out, struct mg_error *err);
/* Where a source read column at a time hands what it reads: header and
 * row as a profile_source_fn's header_fn and row_fn (files read by row),
 * run for the columns of Parquet files (parquet_read_runs: run->col is
 * the table's column), and repeat for `count` cells of one text (p NULL:
 * nulls) in column col at once -- a Hive key's value over a file's rows --
 * the statistics of `count` such cells.  ctx is theirs. */
struct profile_sink {
	csv_header_fn header;
	csv_row_fn row;
	parquet_run_fn run;
	int (*repeat)(void *ctx, size_t col, const char *p, size_t n,
		      uint64_t count, struct mg_error *err);
	void *ctx;
};
typedef int (*profile_runs_fn)(void *src, const struct csv_options *copts,
			       const struct profile_sink *sink,
			       struct csv_read_stats *st, struct mg_error *err);
/* profile_source on a source that reads Parquet column at a time: the
 * same statistics as profile_source given the rows' text. */
int profile_source_runs(profile_runs_fn read, void *src, const char *name,
			const struct csv_options *copts,
			const struct profile_options *po, struct profile *out,
			struct mg_error *err);
/* Finish p, profiled from the source (every part merged): reads the source
 * again for the text of columns that turned string after numbers were
 * seen, then finishes every column as profile_csv does. */
int profile_source_finish(profile_source_fn read, void *src,
			  const struct csv_options *copts,
			  const struct profile_options *po, struct profile *p,
			  struct mg_error *err);

/* Read a profile JSON written by profile_write_json back (path "-" =
 * stdin).  Columns carry count, nulls, min/max/mean/std (moments
 * reconstructed), distinct, quantiles, the frozen histogram of numbers and
 * the categories of strings; no raw values.  -1 with err (MG_EXIT_INPUT)
 * on a malformed or incomplete file. */
int profile_load_json(const char *path, struct profile *out,
		      struct mg_error *err);

/* 1 when the file looks like a profile JSON rather than data (*.json). */
int profile_path_is_json(const char *path);

void profile_release(struct profile *p);
/* The column named `name`, or NULL. */
struct colstats *profile_column(const struct profile *p, const char *name);
/* Merge b (another part of the same table, not finished: the same columns,
 * matched by name, in any order) into a, keeping a's order.  -1 with err
 * naming b's path (and the column) when the columns differ. */
int profile_merge(struct profile *a, const struct profile *b,
		  struct mg_error *err);

/* 0 when every statistic of the profile is a finite number, so that what
 * profile_write_json writes profile_load_json reads back; -1 with err
 * (MG_EXIT_INPUT) naming the column otherwise.  Only a standard deviation
 * beyond the largest double (numbers near both ends of the double range
 * in a short column) fails: means, quantiles and sums are computed
 * without overflow. */
int profile_check_numbers(struct profile *p, struct mg_error *err);

/* Render (appends to out). */
void profile_write_json(struct profile *p, struct sbuf *out);
void profile_write_text(struct profile *p, struct sbuf *out);

#endif
