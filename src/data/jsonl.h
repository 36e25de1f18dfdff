/* jsonl: a reader of JSON Lines files (*.jsonl, *.ndjson: one JSON object
 * per line) that hands their rows to the CSV reader's callbacks, so every
 * consumer of data files reads them unchanged.  Nested objects are
 * flattened to dotted names; the columns are every key seen, in the order
 * of first appearance; a key absent from a line, and JSON null, are nulls
 * (p == NULL).  Numbers are written back as the shortest text of the same
 * double, strings as they are, booleans as `true`/`false`.  The file is
 * read twice (the keys first; a *.gz file is inflated twice); standard
 * input is held in memory by csv_read_file and read with
 * jsonl_read_buffer.
 * Documented in doc/data-jsonl.md. */
#ifndef MLGATE_JSONL_H
#define MLGATE_JSONL_H

#include "data/csv.h"
#include "common/util.h"

#define JSONL_MAX_LINE ((size_t)16 << 20) /* bytes in one line */

/* 1 when the name ends in .jsonl or .ndjson, or either with .gz. */
int jsonl_path(const char *path);

/* Read the JSON Lines file `path` as csv_read_file reads a CSV (the same
 * callbacks; opts->max_columns is honoured).  0, or -1 with err
 * (MG_EXIT_INPUT, file and line set). */
int jsonl_read_file(const char *path, const struct csv_options *opts,
		    csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		    struct csv_read_stats *st, struct mg_error *err);

/* The same on text in memory (the fuzz target). */
int jsonl_read_buffer(const char *name, const char *buf, size_t n,
		      const struct csv_options *opts, csv_header_fn header_fn,
		      csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
		      struct mg_error *err);

#endif
