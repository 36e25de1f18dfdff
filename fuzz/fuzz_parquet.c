/* fuzz target: the whole Parquet reader (footer, schema, pages, codecs,
 * encodings) on an in-memory file, with the row checks of fuzz/rows.h;
 * then the column-at-a-time reader (parquet_read_runs_buffer, what a
 * profile uses) on the same bytes, which must succeed exactly when the
 * row reader does and give every column the same values: the text of each
 * value, a null where the row reader has one, and for a number the double
 * its text reads as. */
#include "rows.h"

#include <math.h>

#include "data/parquet.h"

static int read_parquet(const uint8_t *data, size_t size, const struct csv_options *o,
			csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
			struct mg_error *err)
{
	return parquet_read_buffer("fuzz.parquet", data, size, o, header_fn, row_fn,
				   ctx, NULL, err);
}

/* every column's values, hashed in order */
struct colhash {
	size_t ncols;
	uint64_t *h;
	uint64_t *nvalues;
	uint64_t rows;
};

static int ch_header(void *ctx, const char *const *names, size_t n, struct mg_error *err)
{
	struct colhash *c = ctx;
	(void)names;
	(void)err;
	FUZZ_ASSERT(c->h == NULL);
	c->ncols = n;
	c->h = calloc(n ? n : 1, sizeof(uint64_t));
	c->nvalues = calloc(n ? n : 1, sizeof(uint64_t));
	FUZZ_ASSERT(c->h && c->nvalues);
	return 0;
}

static void ch_add(struct colhash *c, size_t col, const char *p, size_t n)
{
	unsigned char tag = p ? 1 : 0;
	fuzz_rows_mix(&c->h[col], &tag, 1);
	if (p) {
		fuzz_rows_mix(&c->h[col], &n, sizeof(n));
		fuzz_rows_mix(&c->h[col], p, n);
	}
	c->nvalues[col]++;
}

static int ch_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct colhash *c = ctx;
	(void)err;
	for (size_t i = 0; i < row->n; i++)
		ch_add(c, i, row->cells[i].p, row->cells[i].n);
	c->rows++;
	return 0;
}

static int ch_run(void *ctx, const struct parquet_run *r, struct mg_error *err)
{
	struct colhash *c = ctx;
	char buf[PQ_TEXT_MAX];
	(void)err;
	FUZZ_ASSERT(r->col < c->ncols);
	FUZZ_ASSERT(r->n >= 1 && r->n <= PQ_RUN_MAX);
	FUZZ_ASSERT(r->row == c->nvalues[r->col]);
	for (size_t i = 0; i < r->n; i++) {
		if (r->form == PQ_RUN_CELLS) {
			ch_add(c, r->col, r->cells[i].p, r->cells[i].n);
		} else if (r->form == PQ_RUN_DICT) {
			FUZZ_ASSERT(r->idx[i] < r->dict->n);
			ch_add(c, r->col, r->dict->text[r->idx[i]].p, r->dict->text[r->idx[i]].n);
		} else if (isnan(r->num[i])) {
			ch_add(c, r->col, NULL, 0);
		} else {
			size_t n = parquet_run_text(r, i, buf);
			double v;
			int is_num = csv_parse_number(buf, n, &v) == 0;
			FUZZ_ASSERT(n > 0 && n < PQ_TEXT_MAX);
			/* the double is the text's number; +-inf when it is none */
			FUZZ_ASSERT(is_num ? v == r->num[i] : isinf(r->num[i]));
			ch_add(c, r->col, buf, n);
		}
	}
	return 0;
}

static void ch_release(struct colhash *c)
{
	free(c->h);
	free(c->nvalues);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct colhash a, b;
	struct csv_read_stats st;
	struct mg_error err;
	int ra, rb;

	fuzz_rows_check(read_parquet, data, size);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&st, 0, sizeof(st));
	ra = parquet_read_buffer("fuzz.parquet", data, size, NULL, ch_header, ch_row, &a,
				 NULL, &err);
	rb = parquet_read_runs_buffer("fuzz.parquet", data, size, NULL, ch_header, ch_run,
				      &b, &st, &err);
	FUZZ_ASSERT((ra == 0) == (rb == 0));
	if (ra == 0) {
		FUZZ_ASSERT(a.ncols == b.ncols);
		FUZZ_ASSERT(st.rows == a.rows);
		for (size_t i = 0; i < a.ncols; i++) {
			FUZZ_ASSERT(a.nvalues[i] == b.nvalues[i]);
			FUZZ_ASSERT(a.h[i] == b.h[i]);
		}
	}
	ch_release(&a);
	ch_release(&b);
	return 0;
}
