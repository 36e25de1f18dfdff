/* csv: a streaming RFC 4180 reader fed in chunks (csv_reader_feed), so the
 * same code reads files, standard input, gzip streams and a fuzzer's 1-byte
 * pieces.  The reader owns its buffers; the cells it hands to the row
 * callback are valid only during that call.  Also here: the cell-level
 * rules every data consumer shares (null tokens, the number grammar).
 * Dialect and limits are documented in doc/data-profile.md. */
#ifndef MLGATE_CSV_H
#define MLGATE_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "common/util.h"

#define CSV_MAX_FIELD_DEFAULT ((size_t)16 << 20) /* bytes in one field */
#define CSV_MAX_COLUMNS_DEFAULT 65536
#define CSV_MAX_NULL_TOKENS 64
/* bytes one .csv.gz may inflate to (MLGATE_MAX_INFLATE overrides) */
#define CSV_MAX_INFLATE ((uint64_t)64 << 30)
/* Parquet and JSON Lines on standard input are held in memory: at most
 * this many (inflated) bytes. */
#define CSV_MAX_STDIN_BUFFER ((size_t)1 << 30)

/* The default null tokens (SPEC section 6: pandas' read_csv defaults),
 * NULL-terminated. */
extern const char *const csv_default_null_values[];

/* Reader options.  Initialise with csv_options_init, then override. */
struct csv_options {
	char delimiter;            /* ',' (csv_options_for_path picks '\t' for .tsv) */
	int delimiter_set;         /* 1: the user chose it; the path does not */
	int skip_bad_rows;         /* 1: ragged rows are counted, not an error */
	int header;                /* 1 (default): the first record names the columns */
	size_t max_field;          /* longest field in bytes; 0 = default */
	size_t max_columns;        /* most fields in a record; 0 = default */
	/* Null tokens (a cell is null when, after trimming ASCII spaces, it
	 * equals one).  ntokens == 0 with null_values == NULL: the default list.
	 * The strings are borrowed and must outlive every user of the options. */
	const char *const *null_values;
	size_t n_null_values;
	/* Read only these columns (by name; the strings are borrowed), in the
	 * file's order; a name the file lacks is not an error.  columns_set
	 * == 0: every column.  A Parquet file decodes only their column
	 * chunks, so a column it cannot read is no obstacle unless named. */
	const char *const *columns;
	size_t ncolumns;
	int columns_set;
};

void csv_options_init(struct csv_options *o);
/* Pick the delimiter from a file name: '\t' for *.tsv and *.tsv.gz, unless
 * delimiter_set (an explicit ',' included) or a delimiter other than ','
 * was chosen. */
void csv_options_for_path(struct csv_options *o, const char *path);
/* A delimiter as the user writes it (policy `delimiter:`, --delimiter): one
 * character other than a quote or a line break, or "tab" / "\\t" for a tab.
 * 0 with *out set, or -1. */
int csv_parse_delimiter(const char *s, char *out);

/* One cell: `n` bytes at `p` (not NUL-terminated; may hold any byte but NUL).
 * The CSV reader never gives p == NULL; a typed source (Parquet) gives
 * p == NULL, n == 0 for a null, which csv_is_null reports as null. */
struct csv_cell {
	const char *p;
	size_t n;
};

/* A complete record.  `line` is the 1-based physical line where it starts
 * (the header is line 1).  `index` counts data rows from 0 (bad rows skipped
 * with skip_bad_rows are not counted). */
struct csv_row {
	const struct csv_cell *cells;
	size_t n;
	long line;
	uint64_t index;
};

/* Called once per data row (never for the header).  Return 0 to go on, or
 * -1 to stop the reader (fill err yourself; the reader then returns -1). */
typedef int (*csv_row_fn)(void *ctx, const struct csv_row *row,
			  struct mg_error *err);

struct csv_reader;

/* A new reader.  `name` labels error messages (the file name; copied).
 * `opts` is copied (its null_values strings are borrowed).  Without a
 * header (opts->header == 0) the column count comes from csv_reader_set_columns
 * or from the first record. */
struct csv_reader *csv_reader_new(const char *name,
				  const struct csv_options *opts,
				  csv_row_fn fn, void *ctx);
void csv_reader_free(struct csv_reader *r);

/* Feed the next n bytes.  0, or -1 with err (code MG_EXIT_INPUT, file and
 * line set) on malformed input, a limit, or the callback's error.  After an
 * error the reader refuses further input. */
int csv_reader_feed(struct csv_reader *r, const char *buf, size_t n,
		    struct mg_error *err);
/* End of input: completes a last record without a newline and reports an
 * unterminated quote or an empty input (no header).  0 or -1 with err. */
int csv_reader_finish(struct csv_reader *r, struct mg_error *err);

/* The header, once read (NULL/0 before).  Names are NUL-terminated copies. */
size_t csv_reader_ncolumns(const struct csv_reader *r);
const char *const *csv_reader_columns(const struct csv_reader *r);
/* Data rows delivered, bad rows skipped, physical lines consumed so far. */
uint64_t csv_reader_rows(const struct csv_reader *r);
uint64_t csv_reader_bad_rows(const struct csv_reader *r);
long csv_reader_lines(const struct csv_reader *r);
/* Line of the first skipped bad row (0 when none). */
long csv_reader_first_bad_line(const struct csv_reader *r);
/* For headerless readers continuing a file (a chunk of it read in parallel):
 * the column count to expect and the line number the first byte is on. */
void csv_reader_set_columns(struct csv_reader *r, size_t ncols, long first_line);
/* Pass the header names to `fn` when the header row is complete (before
 * any data row); it may fail with -1 like the row callback. */
typedef int (*csv_header_fn)(void *ctx, const char *const *names, size_t n,
			     struct mg_error *err);
void csv_reader_set_header_fn(struct csv_reader *r, csv_header_fn fn);
/* 1 when the reader is between records (the last byte fed ended a record,
 * or nothing was fed). */
int csv_reader_at_record_start(const struct csv_reader *r);

/* How the reader finds the bytes that end or quote a field: one byte at a
 * time (scalar), or 64 at a time as a bitmask (SSE2 on x86-64, AVX2 where
 * the CPU has it, picked at run time).  All give the same cells, rows and
 * errors; the choice exists for tests, benchmarks and the fuzzer, which
 * compare them.  A new reader takes MLGATE_CSV_SCAN (scalar, sse2) or
 * else the fastest available. */
enum csv_scan { CSV_SCAN_SCALAR, CSV_SCAN_SSE2, CSV_SCAN_AVX2 };
int csv_scan_available(enum csv_scan s);
/* 0, or -1 (nothing changed) when this build or CPU lacks it.  Call
 * before the first feed. */
int csv_reader_set_scan(struct csv_reader *r, enum csv_scan s);
enum csv_scan csv_reader_scan(const struct csv_reader *r);

/* What csv_read_file saw. */
struct csv_read_stats {
	uint64_t rows;       /* data rows delivered */
	uint64_t bad_rows;   /* ragged rows skipped (skip_bad_rows) */
	long first_bad_line; /* 0 when none */
	uint64_t bytes;      /* input bytes (compressed size for gzip) */
};

/* Read a whole file ("-" = stdin; gzip, detected by its magic bytes, is
 * decompressed; a Parquet file, detected by its magic "PAR1", is read by
 * data/parquet.c with the same callbacks) into a reader: the convenience
 * most callers want.  Picks
 * '\t' for *.tsv when the caller left the delimiter at ','.  Header names
 * go to `header_fn` (may be NULL) before the first row; it may fail with -1
 * like the row callback.  0 or -1 with err (code MG_EXIT_INPUT).  `st` may
 * be NULL. */
/* 1 when o reads the column `name` (o->columns_set, or every column). */
int csv_wants_column(const struct csv_options *o, const char *name);

/* The bound on what one gzip file may inflate to: MLGATE_MAX_INFLATE
 * (bytes, K/M/G/T suffixes), else CSV_MAX_INFLATE. */
uint64_t csv_max_inflate(void);

int csv_read_file(const char *path, const struct csv_options *opts,
		  csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		  struct csv_read_stats *st, struct mg_error *err);

/* --- cell rules ---------------------------------------------------------- */

/* Null tokens compiled for fast matching. */
struct csv_nulls {
	unsigned char first[256]; /* 1 when some token starts with this byte */
	unsigned char last[256];  /* 1 when some token ends with this byte */
	int has_empty;            /* "" is a token (blank and all-space cells) */
	size_t maxlen;
	size_t n;
	const char *tok[CSV_MAX_NULL_TOKENS];
	size_t len[CSV_MAX_NULL_TOKENS];
};
/* Compile opts' null tokens (borrowed strings).  -1 when there are more
 * than CSV_MAX_NULL_TOKENS. */
int csv_nulls_init(struct csv_nulls *nl, const struct csv_options *opts);
/* 1 when the cell is null: it equals a token after trimming ASCII spaces. */
int csv_is_null_slow(const struct csv_nulls *nl, const char *p, size_t n);
static inline int csv_is_null(const struct csv_nulls *nl, const char *p,
			      size_t n)
{
	/* most cells start or end with a byte no token (or space) starts or
	 * ends with: numbers end with a digit, and only '-1.#IND'-like
	 * tokens start like one */
	if (n && p[0] != ' ' && (!nl->first[(unsigned char)p[0]] ||
				 (p[n - 1] != ' ' && !nl->last[(unsigned char)p[n - 1]])))
		return 0;
	return csv_is_null_slow(nl, p, n);
}

/* The number grammar: optional ASCII spaces, optional sign, digits with an
 * optional '.' (at least one digit), optional exponent e[+-]digits,
 * optional ASCII spaces; the value must be finite (1e999 is not a number).
 * -0 reads as 0.  Correctly rounded (the same double strtod gives).
 * 0 and *out, or -1. */
int csv_parse_number_slow(const char *p, size_t n, double *out);
extern const double csv_pow10_exact[23];

/* The decimal digits from p on, accumulated into *w (mod 2^64); returns
 * the first byte after them. */
static inline const unsigned char *csv_digits(const unsigned char *p,
					      const unsigned char *e,
					      uint64_t *w)
{
	uint64_t x = *w;
	unsigned d;

	while (p < e && (d = (unsigned)(*p - '0')) < 10) {
		x = x * 10 + d;
		p++;
	}
	*w = x;
	return p;
}

/* csv_parse_number_slow reads every form of the grammar; this inline front
 * takes the common one, a short [sign]digits[.digits] with no spaces or
 * exponent, itself: at most 19 bytes, so at most 19 digits and w exact in
 * 64 bits; w <= 2^53 exact as a double and 10^frac (frac <= 18) exact, so
 * the one division is correctly rounded -- the same operation, on the same
 * operands, as the slow path's, hence the same double. */
static inline int csv_parse_number(const char *s, size_t n, double *out)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *e = p + n, *d0;
	uint64_t w = 0;
	size_t nd, nfrac = 0;
	int neg;

	if (n == 0 || n > 19)
		return csv_parse_number_slow(s, n, out);
	neg = *p == '-';
	p += neg | (*p == '+');
	d0 = p;
	p = csv_digits(p, e, &w);
	nd = (size_t)(p - d0);
	if (p < e && *p == '.') {
		const unsigned char *f = ++p;
		p = csv_digits(p, e, &w);
		nfrac = (size_t)(p - f);
		nd += nfrac;
	}
	if (p != e || nd == 0 || w > ((uint64_t)1 << 53))
		return csv_parse_number_slow(s, n, out);
	if (w == 0) {
		*out = 0.0; /* -0 is 0 */
		return 0;
	}
	*out = nfrac ? (double)w / csv_pow10_exact[nfrac] : (double)w;
	if (neg)
		*out = -*out;
	return 0;
}

#endif
