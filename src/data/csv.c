/* csv: the chunk-fed RFC 4180 state machine, the file/stdin/gzip driver and
 * the cell rules.  Cells that lie inside the chunk being parsed are handed
 * out in place; only a record cut by a chunk boundary and fields with ""
 * escapes are copied (into `scratch`), so the common case copies nothing. */
#include "data/csv.h"
#include "common/escape.h"
#include "common/num.h"
#include "ext/gz.h"
#include "data/jsonl.h"
#include "data/parquet.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define CSV_HAVE_AVX2 1
#endif

/* pandas' read_csv default na_values (pandas 1.5's eighteen, plus "None",
 * which pandas 2 added), matched exactly and case-sensitively */
const char *const csv_default_null_values[] = {
	"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
	"1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a",
	"nan", "null", NULL,
};

void csv_options_init(struct csv_options *o)
{
	memset(o, 0, sizeof(*o));
	o->delimiter = ',';
	o->header = 1;
}

void csv_options_for_path(struct csv_options *o, const char *path)
{
	if (path && !o->delimiter_set && o->delimiter == ',' &&
	    (mg_ends_with(path, ".tsv") || mg_ends_with(path, ".tsv.gz") ||
	     mg_ends_with(path, ".TSV")))
		o->delimiter = '\t';
}

int csv_parse_delimiter(const char *s, char *out)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		return -1;
	*out = s[0];
	return 0;
}

/* --- the reader ---------------------------------------------------------- */

enum { S_START, S_UNQ, S_Q, S_QQ, S_CR };

/* A cell of the record being built: in the current chunk, or in scratch. */
struct pcell {
	const char *ptr; /* NULL: at scratch + off */
	size_t off, n;
};

struct csv_reader {
	char *name;
	struct csv_options o;
	csv_row_fn fn;
	csv_header_fn hfn;
	void *ctx;

	int state;
	long line;     /* physical line of the next byte */
	long row_line; /* line where the current record started */
	long quote_line;

	struct pcell *cells;
	size_t ncells, capcells;
	struct csv_cell *out;
	size_t capout;
	size_t nout; /* cells [0, nout) of the record are already in out */
	char *scratch;
	size_t slen, scap;

	/* the field being read */
	const char *fpart; /* its unspilled part starts here (current chunk) */
	int fspilled;      /* its first part is at scratch + foff */
	size_t foff;
	int fquoted, fescaped;

	char **names;
	size_t ncols;
	int have_header, have_ncols;
	uint64_t rows, bad_rows;
	long first_bad_line;
	int failed, finished;
	int bom_done;
	uint64_t bytes_in;
	unsigned char bom[3];
	size_t bom_n;
	unsigned char special[256];

	/* the structural scan: specials of a 64-byte window as a bitmask */
	enum csv_scan scan;
	uint64_t (*mask_fn)(const unsigned char *p, unsigned char delim);
	uintptr_t mbase; /* the window [mbase, mbase + 64) of mmask */
	uint64_t mmask;  /* bit i: mbase[i] is a special byte */
};

/* --- the structural scan ---------------------------------------------------- */

/* The special bytes of p[0..63] (delimiter, LF, CR, quote, NUL) as a
 * bitmask: bit i is p[i].  One mask serves every field in the window, so
 * a short field costs a shift and a count of trailing zeros. */
#if defined(__SSE2__)
static inline unsigned mask16_sse2(const unsigned char *p, __m128i vd)
{
	const __m128i vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r');
	const __m128i vq = _mm_set1_epi8('"'), vz = _mm_setzero_si128();
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i m = _mm_or_si128(
		_mm_or_si128(_mm_cmpeq_epi8(v, vd), _mm_cmpeq_epi8(v, vn)),
		_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vr), _mm_cmpeq_epi8(v, vq)),
			     _mm_cmpeq_epi8(v, vz)));
	return (unsigned)_mm_movemask_epi8(m);
}

static uint64_t mask64_sse2(const unsigned char *p, unsigned char delim)
{
	const __m128i vd = _mm_set1_epi8((char)delim);
	return (uint64_t)mask16_sse2(p, vd) | (uint64_t)mask16_sse2(p + 16, vd) << 16 |
	       (uint64_t)mask16_sse2(p + 32, vd) << 32 |
	       (uint64_t)mask16_sse2(p + 48, vd) << 48;
}
#endif

#if defined(CSV_HAVE_AVX2)
__attribute__((target("avx2"))) static inline uint64_t
mask32_avx2(const unsigned char *p, __m256i vd)
{
	const __m256i vn = _mm256_set1_epi8('\n'), vr = _mm256_set1_epi8('\r');
	const __m256i vq = _mm256_set1_epi8('"'), vz = _mm256_setzero_si256();
	__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i m = _mm256_or_si256(
		_mm256_or_si256(_mm256_cmpeq_epi8(v, vd), _mm256_cmpeq_epi8(v, vn)),
		_mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v, vr),
						_mm256_cmpeq_epi8(v, vq)),
				_mm256_cmpeq_epi8(v, vz)));
	return (uint32_t)_mm256_movemask_epi8(m);
}

__attribute__((target("avx2"))) static uint64_t
mask64_avx2(const unsigned char *p, unsigned char delim)
{
	const __m256i vd = _mm256_set1_epi8((char)delim);
	return mask32_avx2(p, vd) | mask32_avx2(p + 32, vd) << 32;
}

static int cpu_has_avx2(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2");
}
#endif

/* The scan a new reader uses: MLGATE_CSV_SCAN (scalar, sse2, avx2; for
 * tests and comparisons), else the best the CPU has. */
static enum csv_scan default_scan(void)
{
	const char *s = getenv("MLGATE_CSV_SCAN");

	if (s && strcmp(s, "scalar") == 0)
		return CSV_SCAN_SCALAR;
	if (s && strcmp(s, "sse2") == 0)
		return csv_scan_available(CSV_SCAN_SSE2) ? CSV_SCAN_SSE2 : CSV_SCAN_SCALAR;
	if (csv_scan_available(CSV_SCAN_AVX2))
		return CSV_SCAN_AVX2;
	return csv_scan_available(CSV_SCAN_SSE2) ? CSV_SCAN_SSE2 : CSV_SCAN_SCALAR;
}

int csv_scan_available(enum csv_scan s)
{
	switch (s) {
	case CSV_SCAN_SCALAR:
		return 1;
	case CSV_SCAN_SSE2:
#if defined(__SSE2__)
		return 1;
#else
		return 0;
#endif
	case CSV_SCAN_AVX2:
#if defined(CSV_HAVE_AVX2)
		return cpu_has_avx2();
#else
		return 0;
#endif
	}
	return 0;
}

int csv_reader_set_scan(struct csv_reader *r, enum csv_scan s)
{
	if (!csv_scan_available(s))
		return -1;
	r->scan = s;
	r->mask_fn = NULL;
#if defined(__SSE2__)
	if (s == CSV_SCAN_SSE2)
		r->mask_fn = mask64_sse2;
#endif
#if defined(CSV_HAVE_AVX2)
	if (s == CSV_SCAN_AVX2)
		r->mask_fn = mask64_avx2;
#endif
	r->mbase = 0;
	r->mmask = 0;
	return 0;
}

enum csv_scan csv_reader_scan(const struct csv_reader *r)
{
	return r->scan;
}

struct csv_reader *csv_reader_new(const char *name,
				  const struct csv_options *opts,
				  csv_row_fn fn, void *ctx)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));

	r->name = xstrdup(name ? name : "-");
	if (opts)
		r->o = *opts;
	else
		csv_options_init(&r->o);
	if (!r->o.max_field)
		r->o.max_field = CSV_MAX_FIELD_DEFAULT;
	if (!r->o.max_columns)
		r->o.max_columns = CSV_MAX_COLUMNS_DEFAULT;
	r->fn = fn;
	r->ctx = ctx;
	r->line = 1;
	r->row_line = 1;
	r->state = S_START;
	r->special[(unsigned char)r->o.delimiter] = 1;
	r->special['\n'] = 1;
	r->special['\r'] = 1;
	r->special['"'] = 1;
	r->special[0] = 1;
	csv_reader_set_scan(r, default_scan());
	return r;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ncols && r->names; i++)
		free(r->names[i]);
	free(r->names);
	free(r->cells);
	free(r->out);
	free(r->scratch);
	free(r->name);
	free(r);
}

size_t csv_reader_ncolumns(const struct csv_reader *r)
{
	return r->ncols;
}

const char *const *csv_reader_columns(const struct csv_reader *r)
{
	return (const char *const *)r->names;
}

uint64_t csv_reader_rows(const struct csv_reader *r)
{
	return r->rows;
}

uint64_t csv_reader_bad_rows(const struct csv_reader *r)
{
	return r->bad_rows;
}

long csv_reader_lines(const struct csv_reader *r)
{
	return r->line;
}

long csv_reader_first_bad_line(const struct csv_reader *r)
{
	return r->first_bad_line;
}

void csv_reader_set_columns(struct csv_reader *r, size_t ncols, long first_line)
{
	r->ncols = ncols;
	r->have_ncols = 1;
	r->have_header = 1;
	r->bom_done = 1;
	r->line = first_line;
	r->row_line = first_line;
}

void csv_reader_set_header_fn(struct csv_reader *r, csv_header_fn fn)
{
	r->hfn = fn;
}

int csv_reader_at_record_start(const struct csv_reader *r)
{
	return (r->state == S_START && r->ncells == 0) || r->state == S_CR;
}

static int line_int(long line)
{
	return line > INT_MAX ? INT_MAX : (int)line;
}

static int fail(struct csv_reader *r, struct mg_error *err, long line,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(struct csv_reader *r, struct mg_error *err, long line,
		const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->failed = 1;
	return mg_errorf(err, MG_EXIT_INPUT, r->name, line_int(line), 0, "%s",
			 msg);
}

static void scratch_add(struct csv_reader *r, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (r->slen + n > r->scap) {
		size_t cap = r->scap ? r->scap : 4096;
		while (cap < r->slen + n)
			cap *= 2;
		r->scratch = xrealloc(r->scratch, cap);
		r->scap = cap;
	}
	memcpy(r->scratch + r->slen, p, n);
	r->slen += n;
}

/* Collapse "" to " in place; returns the new length. */
static size_t unescape_quotes(char *s, size_t n)
{
	size_t i, j;
	for (i = 0, j = 0; i < n; i++, j++) {
		s[j] = s[i];
		if (s[i] == '"' && i + 1 < n && s[i + 1] == '"')
			i++;
	}
	return j;
}

/* The field ends at `end` (exclusive, in the current chunk). */
static int end_field(struct csv_reader *r, const char *end,
		     struct mg_error *err)
{
	struct pcell *c;
	size_t n;

	if (r->ncells >= r->o.max_columns)
		return fail(r, err, r->row_line,
			    "record has more than %zu fields (the limit)",
			    r->o.max_columns);
	if (r->ncells == r->capcells) {
		r->cells = xgrow(r->cells, &r->capcells, r->ncells + 1,
				 sizeof(*r->cells));
	}
	c = &r->cells[r->ncells++];
	if (r->fspilled) {
		scratch_add(r, r->fpart, (size_t)(end - r->fpart));
		c->ptr = NULL;
		c->off = r->foff;
		n = r->slen - r->foff;
	} else {
		c->ptr = r->fpart;
		n = (size_t)(end - r->fpart);
	}
	if (r->fquoted)
		n--; /* the closing quote */
	if (r->fescaped) {
		if (c->ptr) {
			c->off = r->slen;
			scratch_add(r, c->ptr, n);
			c->ptr = NULL;
		}
		n = unescape_quotes(r->scratch + c->off, n);
		r->slen = c->off + n;
	}
	c->n = n;
	r->fspilled = 0;
	r->fquoted = 0;
	r->fescaped = 0;
	if (n > r->o.max_field)
		return fail(r, err, r->row_line,
			    "field longer than %zu bytes (the limit)",
			    r->o.max_field);
	return 0;
}

/* The common case of end_field: an unquoted field inside the chunk. */
static inline int end_plain(struct csv_reader *r, const char *end,
			    struct mg_error *err)
{
	size_t n = (size_t)(end - r->fpart);
	if (!r->fspilled && r->ncells < r->capcells &&
	    r->ncells < r->o.max_columns && n <= r->o.max_field) {
		struct pcell *c = &r->cells[r->ncells++];
		c->ptr = r->fpart;
		c->n = n;
		return 0;
	}
	return end_field(r, end, err);
}

static int name_cmp(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return strcmp(*x, *y);
}

static int take_header(struct csv_reader *r, const struct csv_cell *cells,
		       size_t n, struct mg_error *err)
{
	char **sorted;
	int rc = 0;

	r->names = xcalloc(n, sizeof(char *));
	r->ncols = n;
	for (size_t i = 0; i < n; i++) {
		if (memchr(cells[i].p, '\0', cells[i].n))
			return fail(r, err, r->row_line, "NUL byte in the header");
		/* names are keys in profiles and reports, which are UTF-8: two
		 * names that differ only in invalid bytes would print alike */
		for (size_t j = 0; j < cells[i].n;) {
			size_t k = utf8_seq_len((const unsigned char *)cells[i].p + j,
						cells[i].n - j);
			if (!k)
				return fail(r, err, r->row_line,
					    "the name of column %zu is not valid UTF-8 (save the file as UTF-8)",
					    i + 1);
			j += k;
		}
		r->names[i] = xstrndup(cells[i].p, cells[i].n);
	}
	r->have_header = 1;
	r->have_ncols = 1;
	sorted = xmalloc(n * sizeof(char *));
	memcpy(sorted, r->names, n * sizeof(char *));
	qsort(sorted, n, sizeof(char *), name_cmp);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(sorted[i - 1], sorted[i]) == 0) {
			size_t a = 0, b = 0;
			for (size_t j = 0; j < n; j++) {
				if (strcmp(r->names[j], sorted[i]) != 0)
					continue;
				if (!a)
					a = j + 1;
				else if (!b)
					b = j + 1;
			}
			rc = fail(r, err, r->row_line,
				  "duplicate column name '%.200s' (columns %zu and %zu)",
				  sorted[i], a, b);
			break;
		}
	}
	free(sorted);
	if (rc == 0 && r->hfn)
		rc = r->hfn(r->ctx, (const char *const *)r->names, n, err);
	if (rc)
		r->failed = 1;
	return rc;
}

static int end_record(struct csv_reader *r, struct mg_error *err)
{
	struct csv_row row;
	size_t n = r->ncells;

	if (n > r->capout)
		r->out = xgrow(r->out, &r->capout, n, sizeof(*r->out));
	for (size_t i = r->nout; i < n; i++) {
		const struct pcell *c = &r->cells[i];
		/* scratch is NULL until a field needed it: then off is 0 */
		r->out[i].p = c->ptr ? c->ptr : r->scratch ? r->scratch + c->off : "";
		r->out[i].n = c->n;
	}
	r->ncells = 0;
	r->nout = 0;
	r->slen = 0;
	if (!r->have_header && r->o.header)
		return take_header(r, r->out, n, err);
	if (!r->have_ncols) {
		r->ncols = n;
		r->have_ncols = 1;
	}
	if (n != r->ncols) {
		if (r->o.skip_bad_rows) {
			if (!r->bad_rows)
				r->first_bad_line = r->row_line;
			r->bad_rows++;
			return 0;
		}
		return fail(r, err, r->row_line,
			    "row has %zu field%s, the header has %zu", n,
			    n == 1 ? "" : "s", r->ncols);
	}
	row.cells = r->out;
	row.n = n;
	row.line = r->row_line;
	row.index = r->rows;
	r->rows++;
	if (r->fn && r->fn(r->ctx, &row, err)) {
		r->failed = 1;
		return -1;
	}
	return 0;
}

/* A line with nothing on it: a record of one empty field in a one-column
 * table, otherwise skipped (see doc/data-profile.md). */
static int blank_line(struct csv_reader *r, const char *at,
		      struct mg_error *err)
{
	if (r->have_ncols && r->ncols == 1) {
		r->fpart = at;
		if (end_field(r, at, err))
			return -1;
		return end_record(r, err);
	}
	return 0;
}

/* Keep the record being built alive past the end of the chunk. */
static int spill(struct csv_reader *r, const char *end, struct mg_error *err)
{
	for (size_t i = 0; i < r->nout; i++) { /* taken by plain_run */
		r->cells[i].ptr = NULL;
		r->cells[i].off = r->slen;
		r->cells[i].n = r->out[i].n;
		scratch_add(r, r->out[i].p, r->out[i].n);
	}
	r->nout = 0;
	for (size_t i = 0; i < r->ncells; i++) {
		struct pcell *c = &r->cells[i];
		if (c->ptr) {
			c->off = r->slen;
			scratch_add(r, c->ptr, c->n);
			c->ptr = NULL;
		}
	}
	if (r->state == S_UNQ || r->state == S_Q || r->state == S_QQ) {
		if (!r->fspilled) {
			r->fspilled = 1;
			r->foff = r->slen;
		}
		scratch_add(r, r->fpart, (size_t)(end - r->fpart));
		/* the bytes so far still hold doubled quotes ("" for "), so a
		 * field within the limit may take up to 2 * max_field + 2 raw
		 * bytes; end_field checks the real length */
		if (r->slen - r->foff > 2 &&
		    (r->slen - r->foff - 2) / 2 > r->o.max_field)
			return fail(r, err, r->row_line,
				    "field longer than %zu bytes (the limit)",
				    r->o.max_field);
	}
	return 0;
}

/* The first special byte (delimiter, CR, LF, quote, NUL) at or after p, or
 * end.  With a SIMD scan the window's bitmask answers while p is inside
 * it (fields are short: several per window); the last bytes of a chunk,
 * fewer than 64, and the scalar scan go through the table. */
static inline const unsigned char *scan_special(struct csv_reader *r,
						const unsigned char *p,
						const unsigned char *end)
{
	const unsigned char *sp = r->special;

	if (r->mask_fn) {
		for (;;) {
			uintptr_t off = (uintptr_t)p - r->mbase;
			if (off < 64) {
				uint64_t m = r->mmask >> off;
				if (m)
					return p + __builtin_ctzll(m);
				p += 64 - off;
			}
			if (end - p < 64)
				break;
			r->mbase = (uintptr_t)p;
			r->mmask = r->mask_fn(p, (unsigned char)r->o.delimiter);
		}
	}
	while (p < end && !sp[*p])
		p++;
	return p;
}

/* After a field ended at byte c (the delimiter, CR or LF): the next
 * state, and the end of the record on CR/LF. */
static inline int after_field(struct csv_reader *r, int c, int delim,
			      struct mg_error *err)
{
	if (c == delim) {
		r->state = S_START;
		return 0;
	}
	if (end_record(r, err))
		return -1;
	if (c == '\n') {
		r->line++;
		r->state = S_START;
	} else {
		r->state = S_CR;
	}
	return 0;
}

/* The hot path of S_UNQ with a SIMD scan: runs of unquoted fields, each
 * ending at the next structural bit of the window's mask, with the window,
 * the field's start and the cell count in locals, and the cells written
 * straight into the record handed out (end_record copies only the others).
 * p is inside an unquoted field that starts at r->fpart.  It stops, the
 * state machine taking over where it left, at what needs more than that:
 * a quote or NUL, a field over a limit or past the cells' room, a next
 * field that is empty or quoted, or fewer than 64 bytes left in the chunk.
 * Returns where it stopped (r->state and r->fpart set), NULL on an error. */
static const unsigned char *plain_run(struct csv_reader *r,
				      const unsigned char *p,
				      const unsigned char *end,
				      struct mg_error *err)
{
	const unsigned char delim = (unsigned char)r->o.delimiter;
	const unsigned char *sp = r->special;
	const unsigned char *f = (const unsigned char *)r->fpart;
	uint64_t (*mask_fn)(const unsigned char *, unsigned char) = r->mask_fn;
	const unsigned char *wb = (const unsigned char *)r->mbase;
	uint64_t wmask = r->mmask, m;
	struct csv_cell *out = r->out;
	struct pcell *cells = r->cells;
	size_t nc = r->ncells, nout = r->nout, maxf = r->o.max_field;
	size_t lim = r->capcells < r->capout ? r->capcells : r->capout;
	size_t maxc = r->o.max_columns;
	const unsigned char *q;
	uintptr_t off = (uintptr_t)p - r->mbase;
	int c;

	if (lim > maxc)
		lim = maxc;
	/* m: the window's bits at or after p, each taken once */
	if (off < 64) {
		m = wmask & (~(uint64_t)0 << off);
	} else {
		if (end - p < 64)
			goto in_field;
		wb = p;
		m = wmask = mask_fn(p, delim);
	}
	for (;;) {
		size_t n;
		while (!m) {
			p = wb + 64;
			if (end - p < 64)
				goto in_field;
			wb = p;
			m = wmask = mask_fn(p, delim);
		}
		q = wb + __builtin_ctzll(m);
		m &= m - 1;
		c = *q;
		n = (size_t)(q - f);
		if (nc >= lim || n > maxf || c == '"' || c == 0) {
			p = q;
			goto in_field;
		}
		if (nc == nout) {
			out[nc].p = (const char *)f;
			out[nc].n = n;
			nout++;
		} else {
			cells[nc].ptr = (const char *)f;
			cells[nc].n = n;
		}
		nc++;
		p = q + 1;
		if (c == delim) {
			if (p < end && !sp[*p]) {
				f = p;
				continue;
			}
			r->state = S_START;
			goto out;
		}
		/* CR or LF: the record ends */
		r->ncells = nc;
		r->nout = nout;
		r->mbase = (uintptr_t)wb;
		r->mmask = wmask;
		if (end_record(r, err))
			return NULL;
		nc = nout = 0;
		out = r->out;
		cells = r->cells;
		lim = r->capcells < r->capout ? r->capcells : r->capout;
		if (lim > maxc)
			lim = maxc;
		if (c == '\r') {
			r->state = S_CR;
			return p;
		}
		r->line++;
		if (p < end && !sp[*p]) {
			r->row_line = r->line;
			f = p;
			continue;
		}
		r->state = S_START;
		goto out;
	}
in_field:
	r->state = S_UNQ;
	r->fpart = (const char *)f;
out:
	r->ncells = nc;
	r->nout = nout;
	r->mbase = (uintptr_t)wb;
	r->mmask = wmask;
	return p;
}

static int parse(struct csv_reader *r, const char *buf, size_t len,
		 struct mg_error *err)
{
	const unsigned char *p = (const unsigned char *)buf;
	const unsigned char *end = p + len;
	const unsigned char delim = (unsigned char)r->o.delimiter;
	int c;

	/* no window yet (the mask is per chunk): no p in [buf, end] is in it */
	r->mbase = (uintptr_t)end + 1;
	r->mmask = 0;
	if (r->fspilled)
		r->fpart = buf;
	while (p < end) {
		switch (r->state) {
		case S_CR:
			r->line++;
			r->state = S_START;
			if (*p == '\n')
				p++;
			continue;
		case S_START:
			if (r->ncells == 0)
				r->row_line = r->line;
			c = *p;
			if (c == '"') {
				r->state = S_Q;
				r->fquoted = 1;
				r->quote_line = r->line;
				p++;
				r->fpart = (const char *)p;
				continue;
			}
			r->fpart = (const char *)p;
			if (c == delim) {
				if (end_plain(r, (const char *)p, err))
					return -1;
				p++;
				continue;
			}
			if (c == '\n' || c == '\r') {
				int rc = r->ncells == 0 ?
						 blank_line(r, (const char *)p, err) :
						 (end_field(r, (const char *)p, err) ||
						  end_record(r, err));
				if (rc)
					return -1;
				if (c == '\n')
					r->line++;
				else
					r->state = S_CR;
				p++;
				continue;
			}
			r->state = S_UNQ;
			/* fall through */
		case S_UNQ:
			if (r->mask_fn && !r->fspilled) {
				p = plain_run(r, p, end, err);
				if (!p)
					return -1;
				if (r->state != S_UNQ)
					continue;
			}
			p = scan_special(r, p, end);
			if (p == end)
				break;
			c = *p;
			if (c == '"') { /* a stray quote inside an unquoted field is data */
				p++;
				continue;
			}
			if (c == 0)
				return fail(r, err, r->line,
					    "NUL byte in the data (a binary or UTF-16 file?)");
			if (end_plain(r, (const char *)p, err))
				return -1;
			p++;
			if (c == delim) {
				/* the next field starts plain: what S_START would
				 * do, without the round trip (the common case) */
				if (p < end && !r->special[*p]) {
					r->fpart = (const char *)p;
					continue;
				}
				r->state = S_START;
				continue;
			}
			if (after_field(r, c, delim, err))
				return -1;
			continue;
		case S_Q:
			/* inside quotes only the quote, LF (a line) and NUL matter */
			for (;;) {
				p = scan_special(r, p, end);
				if (p == end || *p == '"')
					break;
				if (*p == '\n')
					r->line++;
				else if (*p == 0)
					return fail(r, err, r->line,
						    "NUL byte in the data (a binary or UTF-16 file?)");
				p++;
			}
			if (p == end)
				break;
			p++;
			r->state = S_QQ;
			continue;
		case S_QQ:
			c = *p;
			if (c == '"') {
				r->fescaped = 1;
				r->state = S_Q;
				p++;
				continue;
			}
			if (c == delim || c == '\n' || c == '\r') {
				if (end_field(r, (const char *)p, err) ||
				    after_field(r, c, delim, err))
					return -1;
				p++;
				continue;
			}
			if (c == 0)
				return fail(r, err, r->line,
					    "NUL byte in the data (a binary or UTF-16 file?)");
			if (c >= 0x21 && c < 0x7f)
				return fail(r, err, r->line,
					    "unexpected '%c' after the closing quote of a field",
					    c);
			return fail(r, err, r->line,
				    "unexpected byte 0x%02x after the closing quote of a field",
				    c);
		}
	}
	if (!csv_reader_at_record_start(r))
		return spill(r, (const char *)end, err);
	return 0;
}

int csv_reader_feed(struct csv_reader *r, const char *buf, size_t n,
		    struct mg_error *err)
{
	if (r->failed || r->finished)
		return mg_errorf(err, MG_EXIT_INPUT, r->name, 0, 0,
				 "reader used after an error or the end");
	if (!r->bom_done) {
		static const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
		while (n > 0 && r->bom_n < 3 &&
		       (unsigned char)*buf == bom[r->bom_n]) {
			r->bom[r->bom_n++] = (unsigned char)*buf;
			buf++;
			n--;
		}
		if (r->bom_n == 3) {
			r->bom_done = 1;
		} else if (n > 0) {
			/* not a BOM after all: the held bytes are data */
			r->bom_done = 1;
			if (r->bom_n && parse(r, (const char *)r->bom, r->bom_n, err))
				return -1;
		} else {
			return 0; /* all bytes so far may still be a BOM */
		}
	}
	if (n == 0)
		return 0;
	return parse(r, buf, n, err);
}

int csv_reader_finish(struct csv_reader *r, struct mg_error *err)
{
	if (r->failed || r->finished)
		return mg_errorf(err, MG_EXIT_INPUT, r->name, 0, 0,
				 "reader used after an error or the end");
	if (!r->bom_done) {
		r->bom_done = 1;
		if (r->bom_n && parse(r, (const char *)r->bom, r->bom_n, err))
			return -1;
	}
	r->finished = 1;
	switch (r->state) {
	case S_Q:
		return fail(r, err, r->quote_line,
			    "unterminated quoted field (the quote opens on this line)");
	case S_UNQ:
	case S_QQ:
		r->fpart = r->scratch ? r->scratch + r->slen : ""; /* all spilled */
		if (end_field(r, r->fpart, err) || end_record(r, err))
			return -1;
		break;
	case S_START:
		if (r->ncells > 0) { /* the record ended with a delimiter */
			r->fpart = "";
			if (end_field(r, r->fpart, err) || end_record(r, err))
				return -1;
		}
		break;
	default:
		break;
	}
	if (!r->have_ncols && r->o.header)
		return fail(r, err, 0, "empty file (no header row)");
	return 0;
}

/* --- files, stdin, gzip ---------------------------------------------------- */

/* The read size: 256 KiB, measured against 1 MiB.  With two files read at
 * once (drift, 5M rows a file) 1 MiB reads took 2.22 s against 2.00 s
 * (medians of 8 interleaved runs), mostly as system time; one file on one
 * thread, and 64 KiB, made no difference.  A buffer the size of a core's
 * L2 cache, which the kernel copies into and the parser reads, is the
 * likely reason; doc/data-profile.md has the figures. */
#define READ_CHUNK ((size_t)1 << 18)

/* The bound on what one gzip file may inflate to: MLGATE_MAX_INFLATE
 * (bytes, with an optional K/M/G/T suffix), else CSV_MAX_INFLATE.  A
 * setting that does not parse is an error (exit 2): never unbounded, and
 * never silently the default. */
static int max_inflate(uint64_t *max, struct mg_error *err)
{
	const char *s = getenv("MLGATE_MAX_INFLATE");

	*max = CSV_MAX_INFLATE;
	if (!s || !*s)
		return 0;
	if (num_parse_size(s, max))
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "MLGATE_MAX_INFLATE must be a positive byte count such as 64G or 500M, not '%.40s'",
				 s);
	return 0;
}

/* Name the setting in the message of a gzip stream past its bound. */
static void explain_inflate_cap(struct mg_error *err, uint64_t max)
{
	size_t n;

	if (!err || err->kind != MG_ERR_TOO_LARGE)
		return;
	n = strlen(err->msg);
	snprintf(err->msg + n, sizeof(err->msg) - n,
		 " (the cap on inflated data: raise it with MLGATE_MAX_INFLATE, e.g. MLGATE_MAX_INFLATE=%lluK)",
		 (unsigned long long)(max >> 9));
}

/* A size from the environment (bytes, with an optional K/M/G/T suffix),
 * else `def`.  mlgate's start refuses a setting that does not parse; here
 * it falls back to the default (never unbounded). */
static uint64_t env_bytes(const char *name, uint64_t def)
{
	const char *s = getenv(name);
	uint64_t v;

	if (!s || !*s || num_parse_size(s, &v))
		return def;
	return v;
}

uint64_t csv_max_inflate(void)
{
	return env_bytes("MLGATE_MAX_INFLATE", CSV_MAX_INFLATE);
}

/* Where the (inflated) bytes go.  A CSV streams into the reader; on
 * standard input, JSON Lines (the first byte that is not a space, a line
 * end or a BOM is '{') and Parquet are held in memory, up to
 * MLGATE_MAX_STDIN (default CSV_MAX_STDIN_BUFFER), and read from there: both read their input twice
 * or from its end. */
enum sink_mode { SINK_SNIFF, SINK_CSV, SINK_JSONL, SINK_PARQUET };

struct sink {
	struct csv_reader *r;
	const char *path;
	enum sink_mode mode;
	char *buf;
	size_t n, cap;
	uint64_t max;
};

static int sink_hold(struct sink *k, const char *buf, size_t n, struct mg_error *err)
{
	if (n == 0)
		return 0;
	if (!k->max)
		k->max = env_bytes("MLGATE_MAX_STDIN", CSV_MAX_STDIN_BUFFER);
	if (n > k->max - k->n)
		return mg_errorf(err, MG_EXIT_INPUT, k->path, 0, 0,
				 "%s on standard input is held in memory, and this is more than %llu bytes (the limit, MLGATE_MAX_STDIN): pass the file's path",
				 k->mode == SINK_PARQUET ? "Parquet" : "JSON Lines",
				 (unsigned long long)k->max);
	k->buf = xgrow(k->buf, &k->cap, k->n + n, 1);
	memcpy(k->buf + k->n, buf, n);
	k->n += n;
	return 0;
}

static int sink_feed(void *ctx, const char *buf, size_t n, struct mg_error *err)
{
	struct sink *k = ctx;
	size_t i = 0;

	if (k->mode == SINK_CSV)
		return csv_reader_feed(k->r, buf, n, err);
	if (k->mode != SINK_SNIFF)
		return sink_hold(k, buf, n, err);
	/* the first byte of substance decides; what comes before it is kept */
	for (; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0xef &&
		    c != 0xbb && c != 0xbf)
			break;
	}
	if (sink_hold(k, buf, i, err))
		return -1;
	if (i == n)
		return 0;
	k->mode = buf[i] == '{' ? SINK_JSONL : SINK_CSV;
	if (k->mode == SINK_JSONL)
		return sink_hold(k, buf + i, n - i, err);
	if (k->n && csv_reader_feed(k->r, k->buf, k->n, err))
		return -1;
	free(k->buf);
	k->buf = NULL;
	k->n = k->cap = 0;
	return csv_reader_feed(k->r, buf + i, n - i, err);
}

/* Feed fd to r (CSV), or, for standard input (`sniff`), to whichever
 * reader the data calls for.  st is filled on success. */
/* What the first read must hold to tell the format: "PAR1" (gzip's magic
 * is 2 bytes; JSON Lines is told by the sink, across reads). */
#define SNIFF_BYTES 4

static int read_all(int fd, const char *path, struct csv_reader *r, int sniff,
		    const struct csv_options *o, struct csv_read_stats *st,
		    struct mg_error *err)
{
	char *buf = xmalloc(READ_CHUNK);
	struct gz_reader *z = NULL;
	uint64_t max = 0;
	struct sink k = {r, path, sniff ? SINK_SNIFF : SINK_CSV, NULL, 0, 0, 0};
	int gz = -1, rc = -1;
	ssize_t got;

	for (;;) {
		got = read(fd, buf, READ_CHUNK);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				  "cannot read: %s", strerror(errno));
			goto out;
		}
		/* The format is told by the first bytes, and a pipe may hand
		 * them over one at a time: read on until there are SNIFF_BYTES
		 * (or the input ends) before looking. */
		while (gz < 0 && got > 0 && got < SNIFF_BYTES) {
			ssize_t more = read(fd, buf + got, READ_CHUNK - (size_t)got);
			if (more < 0 && errno == EINTR)
				continue;
			if (more < 0) {
				mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					  "cannot read: %s", strerror(errno));
				goto out;
			}
			if (more == 0)
				break;
			got += more;
		}
		if (gz < 0 && got >= 4 && memcmp(buf, "PAR1", 4) == 0) {
			/* regular files were handed to data/parquet.c already */
			if (!sniff) {
				mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					  "Parquet cannot be read from a pipe (its index is at the end): pass the file's path");
				goto out;
			}
			k.mode = SINK_PARQUET;
		}
		if (gz < 0 && got > 0) {
			gz = gz_is_gzip(buf, (size_t)got);
			if (gz && (max_inflate(&max, err) ||
				   !(z = gz_reader_new(path, max, sink_feed, &k, err))))
				goto out;
		}
		if (got == 0)
			break;
		r->bytes_in += (uint64_t)got;
		if (gz == 1 ? gz_reader_feed(z, buf, (size_t)got, err) :
			      sink_feed(&k, buf, (size_t)got, err)) {
			if (gz == 1)
				explain_inflate_cap(err, max);
			goto out;
		}
	}
	if (gz == 1 && gz_reader_finish(z, err))
		goto out;
	if (k.mode == SINK_PARQUET)
		rc = parquet_read_buffer(path, (const uint8_t *)k.buf, k.n, o, r->hfn,
					 r->fn, r->ctx, st, err);
	else if (k.mode == SINK_JSONL)
		rc = jsonl_read_buffer(path, k.buf, k.n, o, r->hfn, r->fn, r->ctx, st,
				       err);
	else if ((k.mode == SINK_SNIFF && k.n && csv_reader_feed(r, k.buf, k.n, err)) ||
		 (rc = csv_reader_finish(r, err)) != 0)
		rc = -1;
	else if (st) {
		st->rows = r->rows;
		st->bad_rows = r->bad_rows;
		st->first_bad_line = r->first_bad_line;
		st->bytes = r->bytes_in;
	}
out:
	gz_reader_free(z);
	free(k.buf);
	free(buf);
	return rc;
}

int csv_wants_column(const struct csv_options *o, const char *name)
{
	if (!o || !o->columns_set)
		return 1;
	for (size_t i = 0; i < o->ncolumns; i++)
		if (strcmp(o->columns[i], name) == 0)
			return 1;
	return 0;
}

/* The rows of a row-wise format cut down to csv_options.columns. */
struct project {
	const struct csv_options *o;
	csv_header_fn header_fn;
	csv_row_fn row_fn;
	void *ctx;
	size_t *idx, n;
	struct csv_cell *cells;
};

static int project_header(void *vp, const char *const *names, size_t n,
			  struct mg_error *err)
{
	struct project *pj = vp;
	const char **kept = xcalloc(n ? n : 1, sizeof(char *));
	int rc;

	free(pj->idx);
	free(pj->cells);
	pj->idx = xcalloc(n ? n : 1, sizeof(size_t));
	pj->cells = xcalloc(n ? n : 1, sizeof(struct csv_cell));
	pj->n = 0;
	for (size_t i = 0; i < n; i++)
		if (csv_wants_column(pj->o, names[i])) {
			kept[pj->n] = names[i];
			pj->idx[pj->n++] = i;
		}
	rc = pj->header_fn ? pj->header_fn(pj->ctx, kept, pj->n, err) : 0;
	free(kept);
	return rc;
}

static int project_row(void *vp, const struct csv_row *row, struct mg_error *err)
{
	struct project *pj = vp;
	struct csv_row r = *row;

	for (size_t i = 0; i < pj->n; i++)
		pj->cells[i] = pj->idx[i] < row->n ? row->cells[pj->idx[i]] :
						     (struct csv_cell){NULL, 0};
	r.cells = pj->cells;
	r.n = pj->n;
	return pj->row_fn(pj->ctx, &r, err);
}

int csv_read_file(const char *path, const struct csv_options *opts,
		  csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		  struct csv_read_stats *st, struct mg_error *err)
{
	struct project pj = {opts, header_fn, row_fn, ctx, NULL, 0, NULL};
	struct csv_options o;
	struct csv_reader *r;
	int fd, rc;
	int is_stdin = strcmp(path, "-") == 0;

	if (opts)
		o = *opts;
	else
		csv_options_init(&o);
	csv_options_for_path(&o, path);
	fd = is_stdin ? 0 : open(path, O_RDONLY);
	if (fd < 0)
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "cannot open: %s", strerror(errno));
	if (!is_stdin && parquet_fd_is_parquet(fd)) { /* by magic, not name */
		close(fd);
		return parquet_read_file(path, &o, header_fn, row_fn, ctx, st, err);
	}
	if (o.columns_set) { /* Parquet above reads only those; the rest: */
		header_fn = project_header;
		row_fn = project_row;
		ctx = &pj;
	}
	if (!is_stdin && jsonl_path(path)) { /* *.jsonl, *.ndjson, and .gz */
		close(fd);
		rc = jsonl_read_file(path, &o, header_fn, row_fn, ctx, st, err);
	} else {
		r = csv_reader_new(is_stdin ? "<stdin>" : path, &o, row_fn, ctx);
		r->hfn = header_fn;
		rc = read_all(fd, is_stdin ? "<stdin>" : path, r, is_stdin, &o, st, err);
		csv_reader_free(r);
		if (!is_stdin)
			close(fd);
	}
	free(pj.idx);
	free(pj.cells);
	return rc;
}

/* --- cell rules ------------------------------------------------------------ */

int csv_nulls_init(struct csv_nulls *nl, const struct csv_options *opts)
{
	const char *const *tok = csv_default_null_values;
	size_t n = 0;

	memset(nl, 0, sizeof(*nl));
	if (opts && opts->null_values) {
		tok = opts->null_values;
		n = opts->n_null_values;
	} else {
		while (tok[n])
			n++;
	}
	if (n > CSV_MAX_NULL_TOKENS)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *t = tok[i];
		size_t len = strlen(t);
		/* tokens are compared after trimming, so trim them too */
		while (len && *t == ' ')
			t++, len--;
		while (len && t[len - 1] == ' ')
			len--;
		if (len == 0) {
			nl->has_empty = 1;
			continue;
		}
		nl->tok[nl->n] = t;
		nl->len[nl->n] = len;
		nl->n++;
		nl->first[(unsigned char)t[0]] = 1;
		nl->last[(unsigned char)t[len - 1]] = 1;
		if (len > nl->maxlen)
			nl->maxlen = len;
	}
	return 0;
}

int csv_is_null_slow(const struct csv_nulls *nl, const char *p, size_t n)
{
	if (!p)
		return 1; /* a null of a typed source (Parquet) */
	while (n && *p == ' ')
		p++, n--;
	while (n && p[n - 1] == ' ')
		n--;
	if (n == 0)
		return nl->has_empty;
	if (n > nl->maxlen || !nl->first[(unsigned char)p[0]])
		return 0;
	for (size_t i = 0; i < nl->n; i++)
		if (nl->len[i] == n && memcmp(nl->tok[i], p, n) == 0)
			return 1;
	return 0;
}

const double csv_pow10_exact[23] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

int csv_parse_number_slow(const char *s, size_t n, double *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *e = p + n, *start, *digits;
	uint64_t w = 0;
	int neg = 0, nd, nfrac = 0;
	long exp10;

	while (p < e && *p == ' ')
		p++;
	while (e > p && e[-1] == ' ')
		e--;
	start = p;
	if (p < e && (*p == '+' || *p == '-')) {
		neg = *p == '-';
		p++;
	}
	digits = p;
	p = csv_digits(p, e, &w);
	nd = (int)(p - digits);
	if (p < e && *p == '.') {
		const unsigned char *f = ++p;
		p = csv_digits(p, e, &w);
		nfrac = (int)(p - f);
		nd += nfrac;
	}
	if (nd == 0)
		return -1;
	exp10 = -nfrac;
	if (p < e && (*p == 'e' || *p == 'E')) {
		long x = 0;
		int xneg = 0;
		const unsigned char *xd;
		p++;
		if (p < e && (*p == '+' || *p == '-')) {
			xneg = *p == '-';
			p++;
		}
		xd = p;
		for (; p < e && (unsigned)(*p - '0') < 10; p++)
			if (x < 100000000)
				x = x * 10 + (*p - '0');
		if (p == xd)
			return -1;
		exp10 += xneg ? -x : x;
	}
	if (p != e)
		return -1;
	/* Clinger's fast path: at most 19 digits (w exact in 64 bits), w
	 * exact as a double and 10^|exp10| exact: one correctly rounded
	 * operation.  Everything else goes to strtod. */
	if (nd <= 19 && w <= ((uint64_t)1 << 53) && exp10 >= -22 && exp10 <= 22) {
		double v = (double)w;
		if (w == 0) {
			*out = 0.0; /* -0 is 0 */
			return 0;
		}
		v = exp10 < 0 ? v / csv_pow10_exact[-exp10] : v * csv_pow10_exact[exp10];
		*out = neg ? -v : v;
		return 0;
	}
	/* the slow path: same grammar, strtod in the C locale */
	if (mg_parse_double((const char *)start, (size_t)(e - start), out))
		return -1;
	if (*out == 0)
		*out = 0.0;
	return 0;
}
