/* fuzz/rows.h: the checks shared by the fuzz targets of readers that hand
 * rows to the CSV callbacks (fuzz_parquet, fuzz_jsonl): the input is read
 * twice and must give the same rows and outcome; a failure is an input
 * error; every row has one cell per column, indexed in order, a cell is a
 * null (p == NULL, n == 0) or text without NUL bytes; the cells feed
 * column statistics as a profile would. */
#ifndef MLGATE_FUZZ_ROWS_H
#define MLGATE_FUZZ_ROWS_H

#include <string.h>

#include "fuzz.h"
#include "data/colstats.h"
#include "data/csv.h"

/* A reader of an in-memory input (parquet_read_buffer, jsonl_read_buffer). */
typedef int (*fuzz_reader_fn)(const uint8_t *data, size_t size,
			      const struct csv_options *o, csv_header_fn header_fn,
			      csv_row_fn row_fn, void *ctx, struct mg_error *err);

struct fuzz_rows {
	uint64_t hash, rows;
	size_t ncols;
	struct colstats *cols;
	struct csv_nulls nl;
};

static void fuzz_rows_mix(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		*h = (*h ^ s[i]) * 1099511628211u;
}

static int fuzz_rows_header(void *ctx, const char *const *names, size_t n,
			    struct mg_error *err)
{
	struct fuzz_rows *r = ctx;
	(void)err;
	FUZZ_ASSERT(r->cols == NULL);
	r->ncols = n;
	r->cols = calloc(n ? n : 1, sizeof(*r->cols));
	FUZZ_ASSERT(r->cols != NULL);
	for (size_t i = 0; i < n; i++) {
		fuzz_rows_mix(&r->hash, names[i], strlen(names[i]) + 1);
		colstats_init(&r->cols[i], names[i], 1, 1);
	}
	return 0;
}

static int fuzz_rows_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct fuzz_rows *r = ctx;
	(void)err;
	FUZZ_ASSERT(row->index == r->rows);
	FUZZ_ASSERT(row->n == r->ncols);
	FUZZ_ASSERT(row->line >= 1);
	r->rows++;
	for (size_t i = 0; i < row->n; i++) {
		const struct csv_cell *c = &row->cells[i];
		FUZZ_ASSERT(c->p || c->n == 0);
		if (c->p) {
			FUZZ_ASSERT(!memchr(c->p, '\0', c->n));
			fuzz_rows_mix(&r->hash, c->p, c->n);
		}
		fuzz_rows_mix(&r->hash, &c->n, sizeof(c->n));
		colstats_add(&r->cols[i], &r->nl, c->p, c->n);
	}
	return 0;
}

static int fuzz_rows_once(fuzz_reader_fn rd, const uint8_t *data, size_t size,
			  struct fuzz_rows *r, struct mg_error *err)
{
	struct csv_options o;
	int rc;

	memset(r, 0, sizeof(*r));
	csv_options_init(&o);
	csv_nulls_init(&r->nl, &o);
	rc = rd(data, size, &o, fuzz_rows_header, fuzz_rows_row, r, err);
	for (size_t i = 0; i < r->ncols; i++) {
		colstats_finish(&r->cols[i], 10);
		colstats_release(&r->cols[i]);
	}
	free(r->cols);
	return rc;
}

/* Read twice; both reads must agree. */
static void fuzz_rows_check(fuzz_reader_fn rd, const uint8_t *data, size_t size)
{
	struct fuzz_rows a, b;
	struct mg_error ea, eb;
	int ra, rb;

	memset(&ea, 0, sizeof(ea));
	memset(&eb, 0, sizeof(eb));
	ra = fuzz_rows_once(rd, data, size, &a, &ea);
	rb = fuzz_rows_once(rd, data, size, &b, &eb);
	FUZZ_ASSERT(ra == rb);
	FUZZ_ASSERT(a.hash == b.hash && a.rows == b.rows);
	if (ra) {
		FUZZ_ASSERT(ea.code == MG_EXIT_INPUT);
		FUZZ_ASSERT(strcmp(ea.msg, eb.msg) == 0);
	}
}

#endif
