/* fuzz target: the streaming CSV reader and column statistics.  Input: a
 * flags byte (delimiter, header, skip_bad_rows, small limits), a seed byte
 * for chunk sizes, then the data.  The data is read twice -- whole, and in
 * fuzzer-chosen pieces of 1..64 bytes -- and both reads must deliver the
 * same rows, cells and outcome.  The whole read uses the scalar scan, the
 * pieces the fastest one, and the whole input is read once more with each
 * SIMD scan the CPU has, which must agree with the scalar read exactly
 * (the same error message on the same line too).  Every cell is also read
 * as a number by both number paths, which must agree (same_number). */
#include "common/num.h"
#include "fuzz.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/colstats.h"
#include "data/qsketch.h"
#include "data/csv.h"

struct run {
	uint64_t hash, rows;
	size_t ncols;
	struct colstats *cols; /* only in the whole-input run */
	struct csv_nulls nl;
};

static void mix(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		*h = (*h ^ s[i]) * 1099511628211u;
}

/* The inline number front and the full grammar: the same verdict and the
 * same bits for every cell; a number read equals strtod's reading of it
 * (with its spaces trimmed), and is never -0. */
static void same_number(const char *p, size_t n)
{
	double a = -1, b = -2;
	int ra = csv_parse_number(p, n, &a), rb = csv_parse_number_slow(p, n, &b);
	char buf[512];

	FUZZ_ASSERT(ra == rb);
	if (ra)
		return;
	FUZZ_ASSERT(memcmp(&a, &b, sizeof(a)) == 0);
	FUZZ_ASSERT(a != 0 || !signbit(a));
	while (n && *p == ' ')
		p++, n--;
	while (n && p[n - 1] == ' ')
		n--;
	if (n < sizeof(buf)) {
		memcpy(buf, p, n);
		buf[n] = 0;
		FUZZ_ASSERT(a == strtod(buf, NULL));
	}
}

static int on_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct run *r = ctx;
	(void)err;
	FUZZ_ASSERT(row->index == r->rows);
	FUZZ_ASSERT(row->line >= 1);
	r->rows++;
	mix(&r->hash, &row->n, sizeof(row->n));
	mix(&r->hash, &row->line, sizeof(row->line));
	for (size_t i = 0; i < row->n; i++) {
		FUZZ_ASSERT(!memchr(row->cells[i].p, '\0', row->cells[i].n));
		mix(&r->hash, &row->cells[i].n, sizeof(row->cells[i].n));
		mix(&r->hash, row->cells[i].p, row->cells[i].n);
		same_number(row->cells[i].p, row->cells[i].n);
		if (r->cols && i < r->ncols)
			colstats_add(&r->cols[i], &r->nl, row->cells[i].p,
				     row->cells[i].n);
	}
	return 0;
}

static int on_header(void *ctx, const char *const *names, size_t n,
		     struct mg_error *err)
{
	struct run *r = ctx;
	(void)err;
	mix(&r->hash, &n, sizeof(n));
	for (size_t i = 0; i < n; i++)
		mix(&r->hash, names[i], strlen(names[i]) + 1);
	if (r->cols == NULL && r->ncols == (size_t)-1) {
		r->cols = calloc(n ? n : 1, sizeof(*r->cols));
		for (size_t i = 0; i < n; i++)
			colstats_init(&r->cols[i], names[i], 1, 1);
		r->ncols = n;
	}
	return 0;
}

static int same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof(a)) == 0;
}

/* A counted column (colstats_runs) has every figure of the same values
 * kept one by one, to the bit. */
static void same_as_one_by_one(struct colstats *c)
{
	struct colstats o;
	struct qsview r;
	size_t k;
	const double *v;

	if (c->type != COL_NUMBER || !colstats_runs(c, &r) || r.n == 0)
		return;
	colstats_init(&o, "o", 1, 0);
	for (size_t i = 0; i < r.n; i++)
		for (uint64_t j = 0; j < r.w[i]; j++) {
			FUZZ_ASSERT(colstats_add_number(&o, r.v[i], NULL, 0) == 0);
			if (o.nnum == 1) /* one by one from the first value */
				colstats_sorted_values(&o, &k);
		}
	colstats_finish(&o, 10);
	FUZZ_ASSERT(same_bits(o.min, c->min) && same_bits(o.max, c->max));
	FUZZ_ASSERT(same_bits(o.mean, c->mean) && same_bits(o.m2, c->m2));
	FUZZ_ASSERT(o.m2_exp == c->m2_exp);
	FUZZ_ASSERT(o.has_hist == c->has_hist && o.hist_nedges == c->hist_nedges);
	for (size_t i = 0; o.has_hist && i < o.hist_nedges; i++)
		FUZZ_ASSERT(same_bits(o.hist_edges[i], c->hist_edges[i]));
	for (size_t i = 0; o.has_hist && i <= o.hist_nedges; i++)
		FUZZ_ASSERT(o.hist_counts[i] == c->hist_counts[i]);
	v = colstats_sorted_values(&o, &k);
	FUZZ_ASSERT(k == r.total);
	for (int q = 0; q <= 20; q++)
		FUZZ_ASSERT(same_bits(num_quantile7(v, k, q / 20.0),
				      qsview_quantile7(&r, q / 20.0)));
	colstats_release(&o);
}

static void check_column(struct colstats *c)
{
	size_t n, idx[COLSTATS_TOP];
	const double *v;
	double edges[9];
	int approx;

	colstats_finish(c, 10);
	same_as_one_by_one(c);
	v = colstats_sorted_values(c, &n);
	for (size_t i = 1; i < n; i++)
		FUZZ_ASSERT(v[i - 1] <= v[i]);
	if (n) {
		double q = num_quantile7(v, n, 0.5);
		FUZZ_ASSERT(q >= v[0] && q <= v[n - 1]);
		size_t ne = num_edges(v, n, 10, edges);
		for (size_t i = 1; i < ne; i++)
			FUZZ_ASSERT(edges[i - 1] < edges[i]);
		if (c->type == COL_NUMBER) {
			FUZZ_ASSERT(c->min == v[0] && c->max == v[n - 1]);
			FUZZ_ASSERT(!isnan(colstats_mean(c)));
		}
	}
	FUZZ_ASSERT(c->count + c->nulls > 0 || n == 0);
	(void)colstats_std(c);
	(void)colstats_distinct(c, &approx);
	n = colstats_top(c, idx, COLSTATS_TOP);
	for (size_t i = 0; i < n; i++) {
		const char *s;
		size_t len;
		uint64_t cnt;
		colstats_category(c, idx[i], &s, &len, &cnt);
		FUZZ_ASSERT(colstats_category_count(c, s, len) == cnt);
	}
}

static int read_all(const uint8_t *data, size_t size,
		    const struct csv_options *o, unsigned seed, struct run *r,
		    struct mg_error *err, int scan)
{
	struct csv_reader *rd = csv_reader_new("fuzz.csv", o, on_row, r);
	size_t off = 0;
	int rc = 0;

	if (scan >= 0)
		FUZZ_ASSERT(csv_reader_set_scan(rd, (enum csv_scan)scan) == 0);
	csv_reader_set_header_fn(rd, on_header);
	while (off < size && rc == 0) {
		size_t n = size - off;
		if (seed) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 64;
			if (n > size - off)
				n = size - off;
		}
		rc = csv_reader_feed(rd, (const char *)data + off, n, err);
		off += n;
	}
	if (rc == 0)
		rc = csv_reader_finish(rd, err);
	if (rc == 0)
		FUZZ_ASSERT(csv_reader_rows(rd) == r->rows);
	csv_reader_free(rd);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = {',', '\t', ';', '|'};
	struct csv_options o;
	struct run whole, pieces;
	struct mg_error e1, e2;
	int rc1, rc2;
	unsigned seed;

	if (size < 2)
		return 0;
	csv_options_init(&o);
	o.delimiter = delims[data[0] & 3];
	o.skip_bad_rows = (data[0] >> 2) & 1;
	o.header = !((data[0] >> 3) & 1);
	if ((data[0] >> 4) & 1) {
		o.max_field = 16;
		o.max_columns = 4;
	}
	seed = data[1] | 0x100u; /* never 0: 0 means whole */
	data += 2;
	size -= 2;

	memset(&whole, 0, sizeof(whole));
	memset(&pieces, 0, sizeof(pieces));
	whole.ncols = (size_t)-1;
	FUZZ_ASSERT(csv_nulls_init(&whole.nl, &o) == 0);
	memset(&e1, 0, sizeof(e1));
	memset(&e2, 0, sizeof(e2));
	rc1 = read_all(data, size, &o, 0, &whole, &e1, CSV_SCAN_SCALAR);
	rc2 = read_all(data, size, &o, seed, &pieces, &e2, -1);
	for (int s = CSV_SCAN_SSE2; s <= CSV_SCAN_AVX2; s++) {
		struct run simd;
		struct mg_error e3;
		int rc3;

		if (!csv_scan_available((enum csv_scan)s))
			continue;
		memset(&simd, 0, sizeof(simd));
		memset(&e3, 0, sizeof(e3));
		rc3 = read_all(data, size, &o, 0, &simd, &e3, s);
		FUZZ_ASSERT(rc3 == rc1);
		FUZZ_ASSERT(simd.rows == whole.rows && simd.hash == whole.hash);
		FUZZ_ASSERT(e3.line == e1.line && strcmp(e3.msg, e1.msg) == 0);
	}
	/* the same outcome however the bytes arrive */
	FUZZ_ASSERT(rc1 == rc2);
	FUZZ_ASSERT(whole.rows == pieces.rows);
	FUZZ_ASSERT(whole.hash == pieces.hash);
	/* on an error both reads stop before the same row; when one field has
	 * two problems (too long and a NUL byte) which is named first may
	 * depend on where the pieces end */
	if (rc1 < 0)
		FUZZ_ASSERT(e1.code == 3 && e1.msg[0] && e2.code == 3 && e2.msg[0]);
	if (whole.cols && whole.ncols != (size_t)-1) {
		for (size_t i = 0; i < whole.ncols; i++) {
			if (rc1 == 0)
				check_column(&whole.cols[i]);
			colstats_release(&whole.cols[i]);
		}
	}
	free(whole.cols);
	return 0;
}
