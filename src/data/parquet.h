/* parquet: a reader of Apache Parquet files that hands their rows to the
 * same callbacks as the CSV reader, each value as the text a CSV of the
 * same data holds (a null is a cell with p == NULL), so every consumer of
 * data files reads Parquet unchanged.  Written from the format
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

/* The same on a file already in memory (the fuzz targets and tests). */
int parquet_read_buffer(const char *name, const uint8_t *buf, size_t n,
			const struct csv_options *opts, csv_header_fn header_fn,
			csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
			struct mg_error *err);

#endif
