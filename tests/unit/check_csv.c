#define _POSIX_C_SOURCE 200809L /* setenv */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/csv.h"
#include "testutil.h"
#include "suites.h"
#include "common/util.h"

/* Rows rendered as "line:cell|cell;" so one string compares a whole parse.
 * Bytes outside printable ASCII are shown as \xHH. */
static int render_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct sbuf *sb = ctx;
	(void)err;
	sbuf_addf(sb, "%ld:", row->line);
	for (size_t i = 0; i < row->n; i++) {
		if (i)
			sbuf_addc(sb, '|');
		for (size_t j = 0; j < row->cells[i].n; j++) {
			unsigned char c = (unsigned char)row->cells[i].p[j];
			if (c == '\n')
				sbuf_adds(sb, "\\n");
			else if (c == '\r')
				sbuf_adds(sb, "\\r");
			else if (c < 0x20 || c >= 0x7f)
				sbuf_addf(sb, "\\x%02x", c);
			else
				sbuf_addc(sb, (char)c);
		}
	}
	sbuf_addc(sb, ';');
	return 0;
}

/* Parse `text` (len bytes) fed in pieces of `chunk` bytes; returns the
 * rendering ("ERR line: msg" on error).  Caller frees. */
static char *parse_scan(const char *text, size_t len, size_t chunk,
			const struct csv_options *o, enum csv_scan scan)
{
	struct sbuf sb = SBUF_INIT;
	struct mg_error err;
	struct csv_reader *r = csv_reader_new("t.csv", o, render_row, &sb);
	int rc = 0;

	ck_assert_int_eq(csv_reader_set_scan(r, scan), 0);
	memset(&err, 0, sizeof(err));
	for (size_t off = 0; off < len && rc == 0; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		rc = csv_reader_feed(r, text + off, n, &err);
	}
	if (rc == 0)
		rc = csv_reader_finish(r, &err);
	if (rc) {
		sbuf_release(&sb);
		sbuf_addf(&sb, "ERR %d: %s", err.line, err.msg);
	} else {
		const char *const *names = csv_reader_columns(r);
		struct sbuf h = SBUF_INIT;
		sbuf_adds(&h, "H:");
		for (size_t i = 0; i < csv_reader_ncolumns(r); i++) {
			if (i)
				sbuf_addc(&h, '|');
			sbuf_adds(&h, names[i]);
		}
		sbuf_addc(&h, ';');
		sbuf_adds(&h, sbuf_str(&sb));
		sbuf_release(&sb);
		sb = h;
	}
	csv_reader_free(r);
	return sbuf_detach(&sb);
}

static char *parse_n(const char *text, size_t len, size_t chunk,
		     const struct csv_options *o)
{
	return parse_scan(text, len, chunk, o, CSV_SCAN_SCALAR);
}

/* The SIMD scans give what the scalar one gives, in the same chunks: on
 * text itself and on text repeated past 64 bytes (a window of the scan),
 * whole and in pieces that cut windows anywhere. */
static void check_scans(const char *text, size_t len,
			const struct csv_options *o)
{
	static const size_t chunks[] = {1, 7, 63, 64, 65, 130, 0};
	struct sbuf rep = SBUF_INIT;
	int tried = 0;

	while (rep.len < 300)
		sbuf_add(&rep, text, len ? len : 1);
	for (int k = 0; k < 2; k++) {
		const char *t = k ? sbuf_str(&rep) : text;
		size_t n = k ? rep.len : len;
		for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
			size_t ch = chunks[c] ? chunks[c] : (n ? n : 1);
			char *want = parse_scan(t, n, ch, o, CSV_SCAN_SCALAR);
			for (int s = CSV_SCAN_SSE2; s <= CSV_SCAN_AVX2; s++) {
				char *got;
				if (!csv_scan_available((enum csv_scan)s))
					continue;
				tried = 1;
				got = parse_scan(t, n, ch, o, (enum csv_scan)s);
				if (strcmp(got, want) != 0)
					ck_abort_msg("scan %d, %zu bytes in chunks of %zu: '%.300s', scalar gives '%.300s'",
						     s, n, ch, got, want);
				free(got);
			}
			free(want);
		}
	}
	(void)tried;
	sbuf_release(&rep);
}

/* Every chunk size from 1 to len gives the same result, with every scan;
 * return it. */
static char *parse_all(const char *text, const struct csv_options *o)
{
	size_t len = strlen(text);
	char *first;

	check_scans(text, len, o);
	first = parse_n(text, len, len ? len : 1, o);
	for (size_t chunk = 1; chunk < len; chunk++) {
		char *got = parse_n(text, len, chunk, o);
		if (strcmp(got, first) != 0)
			ck_abort_msg("chunk %zu gives '%s', whole gives '%s'", chunk,
				     got, first);
		free(got);
	}
	return first;
}

#define EXPECT(text, want)                          \
	do {                                        \
		char *got_ = parse_all(text, NULL); \
		ck_assert_str_eq(got_, want);       \
		free(got_);                         \
	} while (0)

START_TEST(test_rfc4180_basics)
{
	EXPECT("a,b\n1,2\n3,4\n", "H:a|b;2:1|2;3:3|4;");
	EXPECT("a,b\n1,2", "H:a|b;2:1|2;");            /* no final newline */
	EXPECT("a,b\r\n1,2\r\n", "H:a|b;2:1|2;");      /* CRLF */
	EXPECT("a,b\r1,2\r", "H:a|b;2:1|2;");          /* lone CR ends records */
	EXPECT("a,b\n,\n", "H:a|b;2:|;");              /* empty fields */
	EXPECT("a,b\n1,\n", "H:a|b;2:1|;");            /* trailing empty field */
	EXPECT("a,b\n1,", "H:a|b;2:1|;");              /* ... at EOF */
	EXPECT("a,b\n\"x,y\",\"\"\n", "H:a|b;2:x,y|;"); /* quoted delimiter, quoted empty */
	EXPECT("a,b\n\"he said \"\"hi\"\"\",2\n", "H:a|b;2:he said \"hi\"|2;");
	EXPECT("a,b\n\"\"\"\",\"\"\"\"\"\"\n", "H:a|b;2:\"|\"\";");
	EXPECT("a,b\n\"line1\nline2\",2\n3,4\n", "H:a|b;2:line1\\nline2|2;4:3|4;");
	EXPECT("a,b\n\"x\r\ny\",2\r\n", "H:a|b;2:x\\r\\ny|2;");
	EXPECT("\"a\",\"b\"\n1,2\n", "H:a|b;2:1|2;");  /* quoted header */
	EXPECT("a\n1\n\n2\n", "H:a;2:1;3:;4:2;");     /* one column: blank = empty cell */
	EXPECT("a,b\n1,2\n\n3,4\n\n", "H:a|b;2:1|2;4:3|4;"); /* blank lines skipped */
	EXPECT("a,b\nx\"y,2\n", "H:a|b;2:x\"y|2;");     /* stray quote is data */
	EXPECT("a,b\n 1 , 2 \n", "H:a|b;2: 1 | 2 ;");  /* spaces kept by the reader */
	EXPECT("a,b\n", "H:a|b;");                     /* header only: no rows */
	EXPECT("a,b", "H:a|b;");
}
END_TEST

START_TEST(test_bom_and_utf8)
{
	EXPECT("\xef\xbb\xbf" "a,b\n1,2\n", "H:a|b;2:1|2;");
	/* a BOM prefix that is not complete is data: in a cell it passes, in
	 * a column name it is invalid UTF-8 (names are keys in profiles) */
	EXPECT("\xef\xbb" "a,b\n1,2\n",
	       "ERR 1: the name of column 1 is not valid UTF-8 (save the file as UTF-8)");
	EXPECT("a,b\n\xef\xbb" "1,2\n", "H:a|b;2:\\xef\\xbb1|2;");
	/* only one BOM is skipped */
	EXPECT("\xef\xbb\xbf\xef\xbb\xbf" "a\n1\n", "H:\xef\xbb\xbf" "a;2:1;");
	/* invalid UTF-8 passes through unchanged */
	EXPECT("a\n\xff\xfe\n", "H:a;2:\\xff\\xfe;");
}
END_TEST

START_TEST(test_errors_with_lines)
{
	EXPECT("", "ERR 0: empty file (no header row)");
	EXPECT("\n\n", "ERR 0: empty file (no header row)");
	EXPECT("a,b\n1,2\n1,2,3\n", "ERR 3: row has 3 fields, the header has 2");
	EXPECT("a,b\n1,2\n1\n", "ERR 3: row has 1 field, the header has 2");
	EXPECT("a,b\n\"x\ny\",1\n1,2,3\n", "ERR 4: row has 3 fields, the header has 2");
	EXPECT("a,b\n1,2\n\"open,3\n4,5\n",
	       "ERR 3: unterminated quoted field (the quote opens on this line)");
	EXPECT("a,a\n1,2\n", "ERR 1: duplicate column name 'a' (columns 1 and 2)");
	EXPECT("x,a,b,a\n", "ERR 1: duplicate column name 'a' (columns 2 and 4)");
	EXPECT("a,b\n1,\"x\"y\n", "ERR 2: unexpected 'y' after the closing quote of a field");
	{
		static const char nul[] = "a,b\n1,2\n3,\0\n";
		char *got = parse_n(nul, sizeof(nul) - 1, 4, NULL);
		ck_assert_str_eq(got, "ERR 3: NUL byte in the data (a binary or UTF-16 file?)");
		free(got);
	}
	{
		static const char nulq[] = "a\n\"x\0\"\n";
		char *got = parse_n(nulq, sizeof(nulq) - 1, 1, NULL);
		ck_assert_str_eq(got, "ERR 2: NUL byte in the data (a binary or UTF-16 file?)");
		free(got);
	}
}
END_TEST

static int count_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	(void)row;
	(void)err;
	(*(size_t *)ctx)++;
	return 0;
}

START_TEST(test_skip_bad_rows)
{
	struct csv_options o;
	struct mg_error err;
	size_t rows = 0;
	const char *t = "a,b\n1,2\n3\n4,5,6\n7,8\n";
	struct csv_reader *r;

	csv_options_init(&o);
	o.skip_bad_rows = 1;
	r = csv_reader_new("t", &o, count_row, &rows);
	ck_assert_int_eq(csv_reader_feed(r, t, strlen(t), &err), 0);
	ck_assert_int_eq(csv_reader_finish(r, &err), 0);
	ck_assert_uint_eq(rows, 2);
	ck_assert_uint_eq(csv_reader_bad_rows(r), 2);
	ck_assert_int_eq(csv_reader_first_bad_line(r), 3);
	csv_reader_free(r);
}
END_TEST

START_TEST(test_limits)
{
	struct csv_options o;
	char *got;

	csv_options_init(&o);
	o.max_field = 4;
	got = parse_n("a\n1234\n12345\n", 13, 1, &o);
	ck_assert_str_eq(got, "ERR 3: field longer than 4 bytes (the limit)");
	free(got);
	got = parse_n("a\n1234\n12345\n", 13, 100, &o);
	ck_assert_str_eq(got, "ERR 3: field longer than 4 bytes (the limit)");
	free(got);
	got = parse_n("a\n\"12\"\"3\"\n", 10, 2, &o); /* 4 bytes once unescaped */
	ck_assert_str_eq(got, "H:a;2:12\"3;");
	free(got);
	csv_options_init(&o);
	o.max_columns = 3;
	got = parse_n("a,b,c,d\n", 8, 3, &o);
	ck_assert_str_eq(got, "ERR 1: record has more than 3 fields (the limit)");
	free(got);
}
END_TEST

START_TEST(test_tsv_and_delimiter)
{
	struct csv_options o;
	char *got;

	csv_options_init(&o);
	csv_options_for_path(&o, "x/data.tsv");
	ck_assert_int_eq(o.delimiter, '\t');
	got = parse_n("a\tb\n1,5\t\"x\ty\"\n", 14, 3, &o);
	ck_assert_str_eq(got, "H:a|b;2:1,5|x\\x09y;");
	free(got);
	csv_options_init(&o);
	o.delimiter = ';';
	got = parse_n("a;b\n1,5;2\n", 10, 1, &o);
	ck_assert_str_eq(got, "H:a|b;2:1,5|2;");
	free(got);
	/* a chosen delimiter, ',' included, is not overridden by the name;
	 * neither is one other than ',' (the options were set by hand) */
	csv_options_init(&o);
	o.delimiter_set = 1;
	csv_options_for_path(&o, "comma-separated.tsv");
	ck_assert_int_eq(o.delimiter, ',');
	csv_options_init(&o);
	o.delimiter = ';';
	csv_options_for_path(&o, "semi.tsv");
	ck_assert_int_eq(o.delimiter, ';');
	csv_options_init(&o);
	csv_options_for_path(&o, "plain.csv");
	ck_assert_int_eq(o.delimiter, ',');
}
END_TEST

START_TEST(test_nulls)
{
	struct csv_nulls nl;
	struct csv_options o;
	static const char *const mine[] = {"-", " missing "};

	ck_assert_int_eq(csv_nulls_init(&nl, NULL), 0);
	ck_assert(csv_is_null(&nl, "", 0));
	ck_assert(csv_is_null(&nl, "   ", 3));
	ck_assert(csv_is_null(&nl, "NA", 2));
	ck_assert(csv_is_null(&nl, " NA ", 4));
	ck_assert(csv_is_null(&nl, "N/A", 3));
	ck_assert(csv_is_null(&nl, "null", 4));
	ck_assert(csv_is_null(&nl, "NULL", 4));
	ck_assert(csv_is_null(&nl, "NaN", 3));
	ck_assert(csv_is_null(&nl, "None", 4));
	/* pandas' read_csv defaults, exact and case-sensitive */
	{
		static const char *const pandas[] = {
			"#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
			"-nan", "1.#IND", "1.#QNAN", "<NA>", "n/a", "nan",
		};
		for (size_t i = 0; i < sizeof(pandas) / sizeof(pandas[0]); i++)
			ck_assert_msg(csv_is_null(&nl, pandas[i], strlen(pandas[i])),
				      "'%s' is not null", pandas[i]);
	}
	ck_assert(csv_is_null(&nl, " nan ", 5));
	ck_assert(!csv_is_null(&nl, "na", 2));
	ck_assert(!csv_is_null(&nl, "Null", 4));
	ck_assert(!csv_is_null(&nl, "NAN", 3));
	ck_assert(!csv_is_null(&nl, "Nan", 3));
	ck_assert(!csv_is_null(&nl, "-1.#INF", 7));
	ck_assert(!csv_is_null(&nl, "1.#IN", 5));
	/* numbers that start like '-1.#IND' or '1.#IND' stay numbers */
	ck_assert(!csv_is_null(&nl, "1.5", 3));
	ck_assert(!csv_is_null(&nl, "-1.25", 5));
	ck_assert(!csv_is_null(&nl, "-1.", 3));
	ck_assert(!csv_is_null(&nl, "\tNA", 3)); /* only ASCII spaces are trimmed */
	ck_assert(!csv_is_null(&nl, "0", 1));
	csv_options_init(&o);
	o.null_values = mine;
	o.n_null_values = 2;
	ck_assert_int_eq(csv_nulls_init(&nl, &o), 0);
	ck_assert(csv_is_null(&nl, "-", 1));
	ck_assert(csv_is_null(&nl, "missing", 7));
	ck_assert(!csv_is_null(&nl, "", 0)); /* "" not in this list */
	ck_assert(!csv_is_null(&nl, "NA", 2));
}
END_TEST

static double num(const char *s)
{
	double v;
	if (csv_parse_number(s, strlen(s), &v))
		return -12345.678;
	return v;
}

static int is_num(const char *s)
{
	double v;
	return csv_parse_number(s, strlen(s), &v) == 0;
}

START_TEST(test_number_grammar)
{
	double v;
	ck_assert(num("5") == 5.0);
	ck_assert(num(" 5 ") == 5.0);
	ck_assert(num("+5") == 5.0);
	ck_assert(num("-5.25") == -5.25);
	ck_assert(num(".5") == 0.5);
	ck_assert(num("5.") == 5.0);
	ck_assert(num("1e3") == 1000.0);
	ck_assert(num("1E+3") == 1000.0);
	ck_assert(num("25e-1") == 2.5);
	ck_assert(num("007") == 7.0);
	ck_assert(num("0e999") == 0.0);
	ck_assert(num("1e-400") == 0.0); /* underflows to zero: finite */
	ck_assert_int_eq(csv_parse_number("-0", 2, &v), 0);
	ck_assert(v == 0 && !signbit(v)); /* -0 reads as 0 */
	ck_assert_int_eq(csv_parse_number("-0.0e5", 6, &v), 0);
	ck_assert(!signbit(v));
	ck_assert(!is_num("1e999"));
	ck_assert(!is_num("-1e999"));
	ck_assert(!is_num("0x10"));
	ck_assert(!is_num("inf"));
	ck_assert(!is_num("NaN"));
	ck_assert(!is_num("1,5"));
	ck_assert(!is_num("1_000"));
	ck_assert(!is_num("1e"));
	ck_assert(!is_num("e5"));
	ck_assert(!is_num("."));
	ck_assert(!is_num("-"));
	ck_assert(!is_num(""));
	ck_assert(!is_num("   "));
	ck_assert(!is_num("5 5"));
	ck_assert(!is_num("\t5"));
	ck_assert(!is_num("1.2.3"));
	ck_assert(!is_num("--5"));
}
END_TEST

/* The fast path must give exactly strtod's correctly rounded double. */
START_TEST(test_number_matches_strtod)
{
	static const char *const fixed[] = {
		"0.1", "0.2", "0.3", "70.03", "56.82", "1234567.891", "9007199254740993",
		"9007199254740992", "123456789012345678901234567890", "1.7976931348623157e308",
		"2.2250738585072014e-308", "4.9e-324", "0.000000000000000000000000001",
		"3.14159265358979323846264338327950288", "1e22", "1e23", "123e-22",
		"123e-23", "8.589973e9", "0.9296099999999999", "99999999999999999999e-5",
		"1.00000000000000011102230246251565404236316680908203125",
	};
	char buf[64];
	unsigned long long seed = 42;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		double v;
		ck_assert_int_eq(csv_parse_number(fixed[i], strlen(fixed[i]), &v), 0);
		ck_assert_msg(v == strtod(fixed[i], NULL), "%s", fixed[i]);
	}
	for (int i = 0; i < 200000; i++) {
		double v;
		unsigned long long m;
		int digits, e, len;
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		m = seed >> 11;
		digits = (int)(seed % 17) + 1;
		for (int k = 17; k > digits; k--)
			m /= 10;
		e = (int)((seed >> 5) % 61) - 30;
		len = snprintf(buf, sizeof(buf), "%s%llue%d", (seed & 1) ? "-" : "", m, e);
		ck_assert_int_eq(csv_parse_number(buf, (size_t)len, &v), 0);
		ck_assert_msg(v == strtod(buf, NULL) || (v == 0 && strtod(buf, NULL) == 0), "%s", buf);
		len = snprintf(buf, sizeof(buf), "%.*f", (int)(seed % 9), (double)m / 1000.0);
		ck_assert_int_eq(csv_parse_number(buf, (size_t)len, &v), 0);
		ck_assert_msg(v == strtod(buf, NULL), "%s", buf);
	}
}
END_TEST

/* The inline front (csv_parse_number) against the full grammar
 * (csv_parse_number_slow) and strtod: the same verdict and the same bits
 * for every string, whichever path takes it. */
static void same_number(const char *s)
{
	double a = -1, b = -2;
	size_t n = strlen(s);
	int ra = csv_parse_number(s, n, &a), rb = csv_parse_number_slow(s, n, &b);

	ck_assert_msg(ra == rb, "%s: %d vs %d", s, ra, rb);
	if (ra)
		return;
	ck_assert_msg(memcmp(&a, &b, sizeof(a)) == 0, "%s: %.17g vs %.17g", s, a, b);
	ck_assert_msg(!signbit(a) || a != 0, "%s: -0", s);
	ck_assert_msg(a == strtod(s, NULL), "%s: %.17g vs strtod", s, a);
}

START_TEST(test_number_fast_matches_slow)
{
	static const char *const fixed[] = {
		/* halfway and near-halfway cases */
		"9007199254740993", "9007199254740992", "9007199254740991",
		"9007199254740994", "9007199254740995", "900719925474099.3",
		"90071992547409.93", "0.9007199254740993", "4503599627370497.5",
		"2.5", "0.125", "0.1", "0.3", "0.7", "1.1", "123456.789",
		/* 17 to 19 digits, and over: the slow path */
		"1234567890123456789", "9999999999999999999", "999999999999999999",
		"0.12345678901234567", "1.2345678901234567", "12345678901234567890",
		"-1234567890123456789", "18446744073709551615", "18446744073709551616",
		/* subnormals, huge, exponents */
		"4.9e-324", "2.4703282292062327e-324", "2.2250738585072011e-308",
		"1e23", "1e22", "-1e23", "8.98846567431158e307", "1.7976931348623157e308",
		"1e-7", "5e-1", "123e-2", "1E2",
		/* signs, zeros, leading zeros */
		"-0", "+0", "0", "-0.0", "0.000", "00000000000000000001",
		"0000000000000000001", "007", "-007.50", "+.5", "-.5", "5.", "-5.",
		"0.0000000000000000001", "-0.000000000000000001",
		/* rejected forms, alike by both */
		"", "-", "+", ".", "-.", "+-1", "1..2", "1.2.3", " 1", "1 ", " ",
		"1e", "e1", "0x10", "inf", "nan", "1,5", "\t1", "١", "1_0", "--1",
		"12345678901234567.8.", "1234567890123456789e",
	};
	char buf[64];
	unsigned long long seed = 7;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		same_number(fixed[i]);
	for (int i = 0; i < 300000; i++) {
		int digits, dot, k = 0;
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		digits = (int)((seed >> 8) % 21) + 1;       /* 1..21 */
		dot = (int)((seed >> 16) % (unsigned)(digits + 2)) - 1; /* -1: none */
		if (seed & 1)
			buf[k++] = (seed & 2) ? '-' : '+';
		for (int j = 0; j < digits; j++) {
			unsigned long long x;
			if (j == dot)
				buf[k++] = '.';
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			x = seed >> 33;
			/* runs of 0s and 9s make the carries and ties */
			buf[k++] = (char)('0' + ((x & 3) == 0 ? 0 : (x & 3) == 1 ? 9 : (int)(x % 10)));
		}
		if (dot == digits)
			buf[k++] = '.';
		buf[k] = 0;
		same_number(buf);
	}
}
END_TEST

/* Every scan, whole and in pieces, fails on t with the message want. */
static void fails_alike(struct sbuf *t, const struct csv_options *o,
			const char *want)
{
	check_scans(sbuf_str(t), t->len, o);
	for (int s = CSV_SCAN_SCALAR; s <= CSV_SCAN_AVX2; s++) {
		char *got;
		if (!csv_scan_available((enum csv_scan)s))
			continue;
		got = parse_scan(sbuf_str(t), t->len, t->len, o, (enum csv_scan)s);
		ck_assert_str_eq(got, want);
		free(got);
	}
}

/* The SIMD path's field loop hands back to the state machine at a quoted
 * field inside a row, at CRLF, past a limit, and across chunks: the same
 * rows and errors as the scalar scan, and the ones counted by hand. */
START_TEST(test_scan_plain_run_edges)
{
	struct sbuf t = SBUF_INIT;
	struct csv_options o;
	char *got;

	sbuf_adds(&t, "a,b,c\n");
	for (int i = 0; i < 40; i++)
		sbuf_addf(&t, i % 3 == 0 ? "%d,\"q,%d\",z\r\n" : i % 3 == 1 ? "%d,,x%d\n" : "%d,yy,%d\n",
			  i, i);
	csv_options_init(&o);
	check_scans(sbuf_str(&t), t.len, &o);
	for (int s = CSV_SCAN_SCALAR; s <= CSV_SCAN_AVX2; s++) {
		if (!csv_scan_available((enum csv_scan)s))
			continue;
		got = parse_scan(sbuf_str(&t), t.len, t.len, &o, (enum csv_scan)s);
		ck_assert_msg(strstr(got, "2:0|q,0|z;") && strstr(got, "3:1||x1;") &&
				      strstr(got, "41:39|q,39|z;") && !strstr(got, "42:"),
			      "%s", got);
		free(got);
	}
	/* a field over max_field on line 30, well past the first window */
	sbuf_release(&t);
	sbuf_adds(&t, "a,b\n");
	for (int i = 2; i < 30; i++)
		sbuf_addf(&t, "%d,ab\n", i % 10);
	sbuf_adds(&t, "1,abcdef\n2,ab\n");
	o.max_field = 4;
	fails_alike(&t, &o, "ERR 30: field longer than 4 bytes (the limit)");
	/* a row wider than max_columns */
	csv_options_init(&o);
	o.max_columns = 3;
	o.header = 0;
	sbuf_release(&t);
	for (int i = 0; i < 20; i++)
		sbuf_adds(&t, "1,2,3\n");
	sbuf_adds(&t, "1,2,3,4\n");
	fails_alike(&t, &o, "ERR 21: record has more than 3 fields (the limit)");
	sbuf_release(&t);
}
END_TEST

START_TEST(test_read_file_gz_and_stdin_like)
{
	char *dir = tu_tempdir();
	char *plain = tu_write(dir, "d.csv", "a,b\n1,\"x\ny\"\n2,z\n");
	char *cmd = xasprintf("gzip -c '%s' > '%s/d.csv.gz' && gzip -c '%s' >> '%s/d.csv.gz'",
			      plain, dir, plain, dir);
	char *gz = xasprintf("%s/d.csv.gz", dir);
	struct sbuf sb = SBUF_INIT;
	struct csv_read_stats st;
	struct mg_error err;

	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(csv_read_file(plain, NULL, NULL, render_row, &sb, &st, &err), 0);
	ck_assert_str_eq(sbuf_str(&sb), "2:1|x\\ny;4:2|z;");
	ck_assert_uint_eq(st.rows, 2);
	sbuf_release(&sb);
	/* two concatenated gzip members: the second holds a header row again,
	 * which is a data row of the right width here */
	ck_assert_int_eq(csv_read_file(gz, NULL, NULL, render_row, &sb, &st, &err), 0);
	ck_assert_str_eq(sbuf_str(&sb), "2:1|x\\ny;4:2|z;5:a|b;6:1|x\\ny;8:2|z;");
	sbuf_release(&sb);
	free(cmd);
	cmd = xasprintf("head -c 20 '%s' > '%s/t.csv.gz'", gz, dir);
	ck_assert_int_eq(system(cmd), 0);
	free(gz);
	gz = xasprintf("%s/t.csv.gz", dir);
	ck_assert_int_eq(csv_read_file(gz, NULL, NULL, render_row, &sb, &st, &err), -1);
	ck_assert_int_eq(err.code, MG_EXIT_INPUT);
	ck_assert_str_eq(err.msg, "truncated gzip data");
	sbuf_release(&sb);
	ck_assert_int_eq(csv_read_file("/nonexistent/x.csv", NULL, NULL, render_row, &sb, &st, &err), -1);
	ck_assert(strstr(err.msg, "cannot open") != NULL);
	tu_rmrf(dir);
	free(dir);
	free(plain);
	free(gz);
	free(cmd);
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_parse_delimiter)
{
	char d = 'x';

	ck_assert_int_eq(csv_parse_delimiter(";", &d), 0);
	ck_assert_int_eq(d, ';');
	ck_assert_int_eq(csv_parse_delimiter("tab", &d), 0);
	ck_assert_int_eq(d, '\t');
	d = 'x';
	ck_assert_int_eq(csv_parse_delimiter("\\t", &d), 0);
	ck_assert_int_eq(d, '\t');
	ck_assert_int_eq(csv_parse_delimiter("\t", &d), 0);
	d = 'x';
	ck_assert_int_eq(csv_parse_delimiter("", &d), -1);
	ck_assert_int_eq(csv_parse_delimiter(";;", &d), -1);
	ck_assert_int_eq(csv_parse_delimiter("\"", &d), -1);
	ck_assert_int_eq(csv_parse_delimiter("\n", &d), -1);
	ck_assert_int_eq(csv_parse_delimiter("\r", &d), -1);
	ck_assert_int_eq(csv_parse_delimiter("TAB", &d), -1);
	ck_assert_int_eq(d, 'x'); /* untouched on failure */
}
END_TEST

/* The scans agree on every file of the fuzz corpora of the CSV reader
 * and the profiler and on the profile conformance fixture, read with each
 * delimiter the fuzzer uses. */
START_TEST(test_scans_agree_on_corpora)
{
	static const char *const dirs[] = {"fuzz/corpus/csv", "fuzz/corpus/profile",
					   "fuzz/regressions/csv"};
	static const char delims[] = {',', '\t', ';', '|'};
	const char *fx = getenv("FIXTURES");
	char *gen = xasprintf("%s/csv/profile_gen.csv", fx && fx[0] ? fx : "tests/fixtures");
	size_t files = 0;

	for (size_t d = 0; d <= sizeof(dirs) / sizeof(dirs[0]); d++) {
		DIR *dir = d < sizeof(dirs) / sizeof(dirs[0]) ? opendir(dirs[d]) : NULL;
		struct dirent *de;
		for (;;) {
			char *path, *data;
			size_t n;
			if (d == sizeof(dirs) / sizeof(dirs[0])) {
				if (files & ((size_t)1 << 40))
					break;
				path = xstrdup(gen);
				files |= (size_t)1 << 40;
			} else {
				if (!dir || !(de = readdir(dir)))
					break;
				if (de->d_name[0] == '.')
					continue;
				path = xasprintf("%s/%s", dirs[d], de->d_name);
			}
			{
				struct mg_error e;
				data = mg_read_file(path, (size_t)64 << 20, &n, &e);
			}
			ck_assert_msg(data != NULL, "cannot read %s", path);
			for (size_t k = 0; k < sizeof(delims); k++) {
				struct csv_options o;
				csv_options_init(&o);
				o.delimiter = delims[k];
				o.skip_bad_rows = (int)(n & 1);
				check_scans(data, n, &o);
			}
			files++;
			free(data);
			free(path);
		}
		if (dir)
			closedir(dir);
	}
	/* the corpora are there: hundreds of files, plus the fixture */
	ck_assert_uint_gt(files & (((size_t)1 << 40) - 1), 100);
	free(gen);
}
END_TEST

/* MLGATE_CSV_SCAN picks the scan of a new reader. */
START_TEST(test_scan_from_environment)
{
	struct csv_reader *r;

	setenv("MLGATE_CSV_SCAN", "scalar", 1);
	r = csv_reader_new("t.csv", NULL, NULL, NULL);
	ck_assert_int_eq(csv_reader_scan(r), CSV_SCAN_SCALAR);
	csv_reader_free(r);
	setenv("MLGATE_CSV_SCAN", "sse2", 1);
	r = csv_reader_new("t.csv", NULL, NULL, NULL);
	ck_assert_int_eq(csv_reader_scan(r), csv_scan_available(CSV_SCAN_SSE2) ?
						     CSV_SCAN_SSE2 : CSV_SCAN_SCALAR);
	csv_reader_free(r);
	unsetenv("MLGATE_CSV_SCAN");
	r = csv_reader_new("t.csv", NULL, NULL, NULL);
	ck_assert_int_eq(csv_reader_scan(r), csv_scan_available(CSV_SCAN_AVX2) ?
						     CSV_SCAN_AVX2 :
					     csv_scan_available(CSV_SCAN_SSE2) ?
						     CSV_SCAN_SSE2 : CSV_SCAN_SCALAR);
	csv_reader_free(r);
}
END_TEST

Suite *suite_csv(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rfc4180_basics);
	tcase_add_test(tc, test_bom_and_utf8);
	tcase_add_test(tc, test_errors_with_lines);
	tcase_add_test(tc, test_skip_bad_rows);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_tsv_and_delimiter);
	tcase_add_test(tc, test_parse_delimiter);
	tcase_add_test(tc, test_nulls);
	tcase_add_test(tc, test_number_grammar);
	tcase_add_test(tc, test_number_matches_strtod);
	tcase_add_test(tc, test_number_fast_matches_slow);
	tcase_add_test(tc, test_scan_plain_run_edges);
	tcase_add_test(tc, test_read_file_gz_and_stdin_like);
	tcase_add_test(tc, test_scans_agree_on_corpora);
	tcase_add_test(tc, test_scan_from_environment);
	suite_add_tcase(s, tc);
	return s;
}
