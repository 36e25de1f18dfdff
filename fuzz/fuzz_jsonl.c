/* fuzz target: the JSON Lines reader on text in memory.  The input is read
 * twice with the same outcome; a failure is an input error; rows have one
 * cell per column, in order, without NUL bytes; the cells feed column
 * statistics as a profile would. */
#include "fuzz.h"

#include <string.h>

#include "data/colstats.h"
#include "data/jsonl.h"

struct run {
	uint64_t hash, rows;
	size_t ncols;
	struct colstats *cols;
	struct csv_nulls nl;
};

static void mix(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		*h = (*h ^ s[i]) * 1099511628211u;
}

static int on_header(void *ctx, const char *const *names, size_t n,
		     struct mg_error *err)
{
	struct run *r = ctx;
	(void)err;
	r->ncols = n;
	r->cols = calloc(n ? n : 1, sizeof(*r->cols));
	FUZZ_ASSERT(r->cols != NULL);
	for (size_t i = 0; i < n; i++) {
		mix(&r->hash, names[i], strlen(names[i]) + 1);
		colstats_init(&r->cols[i], names[i], 1, 1);
	}
	return 0;
}

static int on_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct run *r = ctx;
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
			mix(&r->hash, c->p, c->n);
		}
		mix(&r->hash, &c->n, sizeof(c->n));
		colstats_add(&r->cols[i], &r->nl, c->p, c->n);
	}
	return 0;
}

static int run_once(const uint8_t *data, size_t size, struct run *r,
		    struct mg_error *err)
{
	struct csv_options o;
	int rc;

	memset(r, 0, sizeof(*r));
	csv_options_init(&o);
	csv_nulls_init(&r->nl, &o);
	rc = jsonl_read_buffer("fuzz.jsonl", (const char *)data, size, &o, on_header,
			       on_row, r, NULL, err);
	for (size_t i = 0; i < r->ncols; i++) {
		colstats_finish(&r->cols[i], 10);
		colstats_release(&r->cols[i]);
	}
	free(r->cols);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run a, b;
	struct mg_error ea, eb;
	int ra, rb;

	memset(&ea, 0, sizeof(ea));
	memset(&eb, 0, sizeof(eb));
	ra = run_once(data, size, &a, &ea);
	rb = run_once(data, size, &b, &eb);
	FUZZ_ASSERT(ra == rb);
	FUZZ_ASSERT(a.hash == b.hash && a.rows == b.rows);
	if (ra) {
		FUZZ_ASSERT(ea.code == MG_EXIT_INPUT);
		FUZZ_ASSERT(strcmp(ea.msg, eb.msg) == 0);
	}
	return 0;
}
