/* parquet: a reader of Apache Parquet files that hands their rows to the
 * same callbacks as the CSV reader, each value as the text a CSV of the
 * same data holds (a null is a cell with p == NULL), so every consumer of
 * data files reads Parquet unchanged; and, for profiles, column at a time,
 * numbers as doubles and dictionaries as indices (parquet_read_runs).  Written from the format
 * specification (parquet.thrift, Encodings.md); the type mapping, the
 * limits and what is refused are documented in doc/data-parquet.md. */
#ifndef MLGATE_PARQUET_H
#define MLGATE_PARQUET_H

#include <stddef.h>
#include <stdint.h>

#include "data/csv.h"
#include "common/util.h"

#define PQ_MAX_PAGE ((size_t)1 << 30)        /* bytes in one page, uncompressed */
#define PQ_MAX_DICT ((uint32_t)1 << 24)      /* entries in one dictionary */
#define PQ_MAX_FOOTER ((size_t)256 << 20)    /* bytes of file metadata */
#define PQ_MAX_COLUMNS 65536
#define PQ_MAX_ROWS_PER_BYTE 65536u                /* rows a row group may claim per file byte */

/* 1 when the open file `fd` starts with Parquet's magic "PAR1" (or "PARE",
 * an encrypted footer, which the reader refuses by name); the file offset
 * is not moved. */
int parquet_fd_is_parquet(int fd);
/* The same for the regular file `path` (0 for "-", a folder, a file that
 * cannot be opened: the CSV reader reports those). */
int parquet_path_is_parquet(const char *path);

/* Read the Parquet file `path` row by row: the flattened column names go to
 * header_fn (may be NULL), then each row to row_fn, as csv_read_file does.
 * opts->max_columns is honoured; the other CSV options do not apply.
 * 0, or -1 with err (MG_EXIT_INPUT) naming the file (and the column). */
int parquet_read_file(const char *path, const struct csv_options *opts,
		      csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		      struct csv_read_stats *st, struct mg_error *err);

/* A range of columns to read: [first, end) in file order (clamped to the
 * file's columns); the reader sets `total` to the file's column count.
 * With first >= end nothing is read beyond the footer (a column count). */
struct parquet_select {
	size_t first, end;
	size_t total;
	/* row groups [rg_first, rg_end) (rg_end 0: to the last); the reader
	 * sets total_rg to the file's count.  Line numbers in messages stay
	 * those of the whole file. */
	size_t rg_first, rg_end;
	size_t total_rg;
};

/* parquet_read_file on some of the columns and row groups: the header and
 * every row hold only the selected ones (profile.c reads the two halves
 * of a file's row groups, or of its columns, on two threads).  Refusals
 * concern the selected columns. */
int parquet_read_columns(const char *path, struct parquet_select *sel,
			 const struct csv_options *opts, csv_header_fn header_fn,
			 csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
			 struct mg_error *err);

/* --- column at a time ------------------------------------------------------
 * The profile's reader: each selected column chunk of each row group is
 * decoded in turn and handed over as runs of consecutive values, numbers
 * as doubles and dictionary pages as indices, so that nothing is
 * formatted as text unless the consumer asks for it.  The values are those
 * parquet_read_file gives as text, in the same order within a column;
 * columns are not interleaved by row. */

#define PQ_RUN_MAX 4096    /* values in one run */
#define PQ_TEXT_MAX 192    /* bytes parquet_run_text may write */

enum parquet_run_form {
	PQ_RUN_CELLS,   /* cells[i]: the text (p == NULL: a null) */
	PQ_RUN_NUMBERS, /* num[i]: the number the text reads as (csv_parse_number);
			 * NaN: a null; +-inf: a value whose text ("inf") is
			 * not a number; the text from parquet_run_text */
	PQ_RUN_DICT,    /* idx[i] into dict (a null: an entry with p == NULL) */
};

/* The dictionary of a column chunk, as text; `id` differs for every
 * dictionary handed over in the process, whichever file and thread read
 * it (a consumer may cache what it derives, across files). */
struct parquet_dict {
	const struct csv_cell *text; /* n entries (the last one may be a null) */
	uint32_t n;
	uint64_t id;
};

struct parquet_run {
	size_t col;      /* among the selected columns (the header's order) */
	uint64_t row;    /* row index in the file of the first value */
	size_t n;        /* values, 1..PQ_RUN_MAX */
	enum parquet_run_form form;
	const struct csv_cell *cells;
	const double *num;
	const uint32_t *idx;
	const struct parquet_dict *dict;
	const int64_t *raw;  /* numbers: the integers (private) */
	const void *leaf;    /* private */
};

/* The text of value i of a PQ_RUN_NUMBERS run that is not a null, as
 * parquet_read_file gives it, into buf (PQ_TEXT_MAX bytes); returns its
 * length. */
size_t parquet_run_text(const struct parquet_run *r, size_t i, char *buf);

/* 0 to go on, -1 to stop with err set. */
typedef int (*parquet_run_fn)(void *ctx, const struct parquet_run *run,
			      struct mg_error *err);

/* parquet_read_columns, column at a time: header_fn as there, then the
 * runs of every selected column of each row group in turn.  st->rows
 * counts the rows. */
int parquet_read_runs(const char *path, struct parquet_select *sel,
		      const struct csv_options *opts, csv_header_fn header_fn,
		      parquet_run_fn run_fn, void *ctx, struct csv_read_stats *st,
		      struct mg_error *err);
/* The same on a file in memory. */
int parquet_read_runs_buffer(const char *name, const uint8_t *buf, size_t n,
			     const struct csv_options *opts, csv_header_fn header_fn,
			     parquet_run_fn run_fn, void *ctx,
			     struct csv_read_stats *st, struct mg_error *err);

/* The same on a file already in memory (the fuzz targets and tests). */
int parquet_read_buffer(const char *name, const uint8_t *buf, size_t n,
			const struct csv_options *opts, csv_header_fn header_fn,
			csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
			struct mg_error *err);

#endif
