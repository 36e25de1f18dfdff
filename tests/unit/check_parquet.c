/* The Parquet reader: the fixtures of tests/gen/gen_parquet.py against the
 * values the generator computed independently (types.expect.csv) and the
 * CSVs they were written from; damaged copies refused cleanly; and every
 * file of Apache's parquet-testing (found at ../shared/parquet-testing from
 * the repository, as in CI) read with its documented values or refused for
 * the documented reason (doc/data-parquet.md). */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/colstats.h"
#include "data/csv.h"
#include "data/parquet.h"
#include "data/profile.h"
#include "suites.h"
#include "common/util.h"

#define FIX "tests/fixtures/parquet/"
#define CHURN "examples/churn-data/data/"
#define TESTING "../shared/parquet-testing/"

/* A whole table of text cells (NULL = null; a CSV's empty cell is null). */
struct table {
	size_t ncols, nrows, cap;
	char **cells;
};

static int tab_header(void *ctx, const char *const *names, size_t n,
		      struct mg_error *err)
{
	struct table *t = ctx;
	(void)names;
	(void)err;
	t->ncols = n;
	return 0;
}

static int tab_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct table *t = ctx;
	(void)err;
	ck_assert_uint_eq(row->n, t->ncols);
	ck_assert_uint_eq(row->index, t->nrows);
	t->cells = xgrow(t->cells, &t->cap, (t->nrows + 1) * t->ncols + 1, sizeof(char *));
	for (size_t i = 0; i < row->n; i++) {
		const struct csv_cell *c = &row->cells[i];
		t->cells[t->nrows * t->ncols + i] =
			c->p && c->n ? xstrndup(c->p, c->n) : c->p ? xstrdup("") : NULL;
	}
	t->nrows++;
	return 0;
}

static void tab_release(struct table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

/* Read through csv_read_file (so detection by magic is exercised too). */
static int tab_read(const char *path, struct table *t, struct mg_error *err)
{
	memset(t, 0, sizeof(*t));
	return csv_read_file(path, NULL, tab_header, tab_row, t, NULL, err);
}

static const char *cell(const struct table *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

/* Cells agree: both null (a CSV's "" is null), or the same number, or the
 * same text. */
static int same_cell(const char *a, const char *b)
{
	double x, y;
	if (a && !*a)
		a = NULL;
	if (b && !*b)
		b = NULL;
	if (!a || !b)
		return !a && !b;
	if (csv_parse_number(a, strlen(a), &x) == 0 &&
	    csv_parse_number(b, strlen(b), &y) == 0)
		return x == y;
	return strcmp(a, b) == 0;
}

static void assert_same_tables(const char *what, const struct table *a,
			       const struct table *b)
{
	ck_assert_msg(a->ncols == b->ncols && a->nrows == b->nrows,
		      "%s: %zux%zu vs %zux%zu", what, a->nrows, a->ncols, b->nrows,
		      b->ncols);
	for (size_t r = 0; r < a->nrows; r++)
		for (size_t c = 0; c < a->ncols; c++)
			ck_assert_msg(same_cell(cell(a, r, c), cell(b, r, c)),
				      "%s: row %zu column %zu: '%s' vs '%s'", what, r, c,
				      cell(a, r, c) ? cell(a, r, c) : "(null)",
				      cell(b, r, c) ? cell(b, r, c) : "(null)");
}

START_TEST(test_types_fixture)
{
	struct table p, want;
	struct mg_error err;

	ck_assert_int_eq(tab_read(FIX "types.parquet", &p, &err), 0);
	ck_assert_int_eq(tab_read(FIX "types.expect.csv", &want, &err), 0);
	/* text for text: the generator's expectation, exactly */
	ck_assert_uint_eq(p.nrows, 6);
	ck_assert_uint_eq(p.ncols, 19);
	for (size_t r = 0; r < p.nrows; r++)
		for (size_t c = 0; c < p.ncols; c++) {
			const char *g = cell(&p, r, c), *w = cell(&want, r, c);
			if (w && !*w)
				w = NULL;
			ck_assert_msg((!g && !w) || (g && w && (strcmp(g, w) == 0 || same_cell(g, w))),
				      "row %zu column %zu: '%s' vs '%s'", r, c, g ? g : "(null)",
				      w ? w : "(null)");
		}
	/* a few worked by hand */
	ck_assert_str_eq(cell(&p, 0, 5), "1970-01-01");         /* DATE 0 */
	ck_assert_str_eq(cell(&p, 3, 5), "2022-01-08");         /* DATE 19000 */
	ck_assert_str_eq(cell(&p, 2, 3), "123456789012345.678"); /* FLBA DECIMAL(20,3) */
	ck_assert_str_eq(cell(&p, 1, 2), "-0.01");              /* INT64 DECIMAL -1, scale 2 */
	ck_assert_str_eq(cell(&p, 2, 1), "4294967295");         /* UINT32 of -1 */
	ck_assert_str_eq(cell(&p, 0, 8), "2017-07-14 02:40:00.123456789"); /* 1.5e9 s + ns */
	ck_assert_str_eq(cell(&p, 1, 9), "12:34:56.789");       /* 45296789 ms */
	ck_assert_str_eq(cell(&p, 3, 10), "2000-01-01 00:00:00.000000001"); /* JD 2451545 */
	ck_assert_str_eq(cell(&p, 0, 13), "True");
	ck_assert_ptr_null(cell(&p, 2, 13));
	ck_assert_str_eq(cell(&p, 0, 14), "00010203-0405-0607-0809-0a0b0c0d0e0f");
	ck_assert_str_eq(cell(&p, 1, 11), "-2.5");              /* FLOAT16 0xC100 */
	for (size_t r = 0; r < 6; r++)
		ck_assert_ptr_null(cell(&p, r, 18));            /* logical UNKNOWN */
	tab_release(&p);
	tab_release(&want);
}
END_TEST

START_TEST(test_churn_fixtures)
{
	static const char *const files[][2] = {
		{"churn_reference_plain", "reference"},
		{"churn_reference_dict_snappy", "reference"},
		{"churn_reference_delta_zstd_v2", "reference"},
		{"churn_reference_dlba_gzip_v2", "reference"},
		{"churn_reference_dict_lz4raw", "reference"},
		{"churn_reference_dict_brotli_v2", "reference"},
		{"churn_reference_plain_lz4hadoop", "reference"},
		{"churn_current_dict_snappy", "current"},
		{"churn_current_drifted_dict_snappy", "current_drifted"},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct table p, c;
		struct mg_error err;
		char pp[256], cp[256];
		snprintf(pp, sizeof(pp), FIX "%s.parquet", files[i][0]);
		snprintf(cp, sizeof(cp), CHURN "%s.csv", files[i][1]);
		ck_assert_msg(tab_read(pp, &p, &err) == 0, "%s: %s", pp, err.msg);
		ck_assert_int_eq(tab_read(cp, &c, &err), 0);
		ck_assert_uint_gt(p.nrows, 300);
		assert_same_tables(files[i][0], &p, &c);
		tab_release(&p);
		tab_release(&c);
	}
}
END_TEST

static int count_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	(void)row;
	(void)err;
	(*(uint64_t *)ctx)++;
	return 0;
}

static char *slurp(const char *path, size_t *n)
{
	struct mg_error err;
	char *s = mg_read_file(path, (size_t)64 << 20, n, &err);
	ck_assert_msg(s != NULL, "%s: %s", path, err.msg);
	return s;
}

/* Each outcome is a clean read or an input error; never a crash. */
static void read_damaged(const uint8_t *buf, size_t n)
{
	struct mg_error err;
	uint64_t rows = 0;
	memset(&err, 0, sizeof(err));
	if (parquet_read_buffer("damaged", buf, n, NULL, NULL, count_row, &rows, NULL,
				&err) != 0)
		ck_assert_int_eq(err.code, MG_EXIT_INPUT);
}

START_TEST(test_damaged)
{
	size_t n;
	char *src = slurp(FIX "types.parquet", &n);
	uint8_t *copy = xmalloc(n);

	for (size_t cut = 0; cut < n; cut++) {
		struct mg_error err;
		uint64_t rows = 0;
		memcpy(copy, src, cut);
		ck_assert_int_eq(parquet_read_buffer("cut", copy, cut, NULL, NULL, count_row,
						     &rows, NULL, &err), -1);
		ck_assert_int_eq(err.code, MG_EXIT_INPUT);
	}
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 3; k++) {
			static const uint8_t masks[] = {0x01, 0x80, 0xFF};
			memcpy(copy, src, n);
			copy[i] ^= masks[k];
			read_damaged(copy, n);
		}
	}
	free(copy);
	free(src);
}
END_TEST

static char *profile_json(const char *path, int threads, struct mg_error *err)
{
	struct profile_options po;
	struct profile p;
	struct sbuf sb = SBUF_INIT;

	profile_options_init(&po);
	po.threads = threads;
	po.split_min = 1; /* split even a small file */
	if (profile_csv(path, NULL, &po, &p, err))
		return NULL;
	profile_write_json(&p, &sb);
	profile_release(&p);
	return sbuf_detach(&sb);
}

/* Two threads, each on half of the columns (one row group) or of the row
 * groups, give the serial profile. */
START_TEST(test_profile_column_split)
{
	static const char *const files[] = {FIX "types.parquet",
					    FIX "churn_reference_dict_snappy.parquet",
					    FIX "duckdb/types.parquet"};
	struct mg_error err;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *one = profile_json(files[i], 1, &err);
		char *two;
		ck_assert_msg(one != NULL, "%s: %s", files[i], err.msg);
		two = profile_json(files[i], 2, &err);
		ck_assert_msg(two != NULL, "%s: %s", files[i], err.msg);
		ck_assert_str_eq(one, two);
		free(one);
		free(two);
	}
	/* a refused column in the second half still refuses the file */
	ck_assert_ptr_null(profile_json(FIX "refuse_list.parquet", 2, &err));
	ck_assert_int_eq(err.code, MG_EXIT_INPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "'tags'"));
	/* a file of several row groups (tests/gen/gen_duckdb_parquet.mjs: 5
	 * groups of 2048 rows or fewer) is split by row groups: the serial
	 * profile, and the halves are counted from the footer */
	{
		struct parquet_select sel = {0, 0, 0, 0, 0, 0};
		char *one, *two;

		ck_assert_int_eq(parquet_read_columns(FIX "duckdb/groups.parquet", &sel, NULL,
						      NULL, NULL, NULL, NULL, &err), 0);
		ck_assert_uint_eq(sel.total_rg, 5);
		ck_assert_uint_eq(sel.total, 4);
		one = profile_json(FIX "duckdb/groups.parquet", 1, &err);
		two = profile_json(FIX "duckdb/groups.parquet", 2, &err);
		ck_assert_ptr_nonnull(one);
		ck_assert_ptr_nonnull(two);
		ck_assert_str_eq(one, two);
		ck_assert_ptr_nonnull(strstr(one, "\"rows\": 10000"));
		free(one);
		free(two);
	}
	/* a column count without reading */
	{
		struct parquet_select sel = {0, 0, 0, 0, 0, 0};
		ck_assert_int_eq(parquet_read_columns(FIX "types.parquet", &sel, NULL, NULL,
						      NULL, NULL, NULL, &err), 0);
		ck_assert_uint_eq(sel.total, 19);
	}
}
END_TEST

/* --- column at a time (the profile's reader) ------------------------------ */

/* A table assembled from runs: column-major text (NULL = null). */
struct coltab {
	size_t ncols;
	char **col[256];
	size_t n[256], cap[256];
};

static int ct_header(void *ctx, const char *const *names, size_t n, struct mg_error *err)
{
	struct coltab *t = ctx;
	(void)names;
	(void)err;
	ck_assert_uint_le(n, 256);
	t->ncols = n;
	return 0;
}

static int ct_run(void *ctx, const struct parquet_run *r, struct mg_error *err)
{
	struct coltab *t = ctx;
	char buf[PQ_TEXT_MAX];
	(void)err;
	ck_assert_uint_lt(r->col, t->ncols);
	ck_assert_uint_eq(r->row, t->n[r->col]);
	for (size_t i = 0; i < r->n; i++) {
		const char *p = NULL;
		size_t n = 0;
		if (r->form == PQ_RUN_CELLS) {
			p = r->cells[i].p;
			n = r->cells[i].n;
		} else if (r->form == PQ_RUN_DICT) {
			p = r->dict->text[r->idx[i]].p;
			n = r->dict->text[r->idx[i]].n;
		} else if (!isnan(r->num[i])) {
			double v;
			n = parquet_run_text(r, i, buf);
			p = buf;
			/* the double handed over is the one its text reads as */
			if (csv_parse_number(buf, n, &v) == 0)
				ck_assert_msg(v == r->num[i], "'%.*s' handed over as %.17g",
					      (int)n, buf, r->num[i]);
			else
				ck_assert(isinf(r->num[i]));
		}
		t->col[r->col] = xgrow(t->col[r->col], &t->cap[r->col], t->n[r->col] + 1,
				       sizeof(char *));
		t->col[r->col][t->n[r->col]++] = p ? xstrndup(p, n) : NULL;
	}
	return 0;
}

static void ct_release(struct coltab *t)
{
	for (size_t c = 0; c < t->ncols; c++) {
		for (size_t i = 0; i < t->n[c]; i++)
			free(t->col[c][i]);
		free(t->col[c]);
	}
	memset(t, 0, sizeof(*t));
}

/* The runs of `path` hold exactly the rows' text (or both refuse it). */
static void assert_runs_are_rows(const char *path)
{
	struct table rows;
	struct coltab runs;
	struct csv_read_stats st;
	struct mg_error e1, e2;
	int r1, r2;

	memset(&rows, 0, sizeof(rows));
	memset(&runs, 0, sizeof(runs));
	r1 = parquet_read_file(path, NULL, tab_header, tab_row, &rows, NULL, &e1);
	r2 = parquet_read_runs(path, NULL, NULL, ct_header, ct_run, &runs, &st, &e2);
	ck_assert_msg(r1 == r2, "%s: rows %d (%s), runs %d (%s)", path, r1,
		      r1 ? e1.msg : "", r2, r2 ? e2.msg : "");
	if (r1 == 0) {
		ck_assert_uint_eq(runs.ncols, rows.ncols);
		ck_assert_uint_eq(st.rows, rows.nrows);
		for (size_t c = 0; c < rows.ncols; c++) {
			ck_assert_uint_eq(runs.n[c], rows.nrows);
			for (size_t r = 0; r < rows.nrows; r++) {
				const char *a = cell(&rows, r, c), *b = runs.col[c][r];
				ck_assert_msg((!a && !b) || (a && b && strcmp(a, b) == 0),
					      "%s: row %zu column %zu: rows '%s', runs '%s'", path,
					      r, c, a ? a : "(null)", b ? b : "(null)");
			}
		}
	}
	tab_release(&rows);
	ct_release(&runs);
}

START_TEST(test_runs_are_rows)
{
	static const char *const dirs[] = {FIX, FIX "duckdb/", TESTING "data/",
					   TESTING "bad_data/"};
	size_t files = 0;

	for (size_t k = 0; k < sizeof(dirs) / sizeof(dirs[0]); k++) {
		DIR *d = opendir(dirs[k]);
		struct dirent *e;
		if (!d) {
			ck_assert_msg(k >= 2, "%s missing", dirs[k]);
			continue;
		}
		while ((e = readdir(d)) != NULL) {
			char path[1024];
			size_t n = strlen(e->d_name);
			if (n < 8 || strcmp(e->d_name + n - 8, ".parquet") != 0)
				continue;
			snprintf(path, sizeof(path), "%s%s", dirs[k], e->d_name);
			assert_runs_are_rows(path);
			files++;
		}
		closedir(d);
	}
	ck_assert_uint_ge(files, 30);
}
END_TEST

/* colstats_add_repeated: k equal cells at once, counted by hand. */
START_TEST(test_add_repeated)
{
	struct csv_options o;
	struct csv_nulls nl;
	struct colstats c;
	int approx;

	csv_options_init(&o);
	ck_assert_int_eq(csv_nulls_init(&nl, &o), 0);
	colstats_init(&c, "x", 1, 1);
	ck_assert_int_eq(colstats_add_repeated(&c, &nl, "7", 1, 3), 0);
	ck_assert_int_eq(colstats_add_repeated(&c, &nl, "NA", 2, 2), 0);
	ck_assert_int_eq(c.type, COL_NUMBER);
	ck_assert_uint_eq(c.count, 3);
	ck_assert_uint_eq(c.nnum, 3);
	ck_assert_uint_eq(c.nulls, 2);
	ck_assert(colstats_mean(&c) == 7);
	ck_assert_int_eq(colstats_add_repeated(&c, &nl, "x", 1, 4), 0);
	ck_assert_int_eq(colstats_add_repeated(&c, &nl, "7", 1, 1), 0);
	ck_assert_int_eq(c.type, COL_STRING);
	ck_assert_uint_eq(c.count, 8);
	ck_assert_uint_eq(c.nulls, 2);
	ck_assert_uint_eq(colstats_ncategories(&c), 2);
	ck_assert_uint_eq(colstats_category_count(&c, "7", 1), 4);
	ck_assert_uint_eq(colstats_category_count(&c, "x", 1), 4);
	ck_assert_int_eq(colstats_distinct(&c, &approx), 2);
	colstats_release(&c);
	/* past the distinct cap: a new text is not kept, a kept one counts */
	colstats_init(&c, "y", 1, 0);
	for (int i = 0; i < COLSTATS_DISTINCT_CAP; i++) {
		char b[16];
		int n = snprintf(b, sizeof(b), "s%d", i);
		colstats_add_repeated(&c, &nl, b, (size_t)n, 1);
	}
	colstats_add_repeated(&c, &nl, "new", 3, 5);
	colstats_add_repeated(&c, &nl, "s0", 2, 5);
	ck_assert_uint_eq(c.count, COLSTATS_DISTINCT_CAP + 10);
	ck_assert_uint_eq(colstats_ncategories(&c), COLSTATS_DISTINCT_CAP);
	ck_assert_uint_eq(colstats_category_count(&c, "new", 3), 0);
	ck_assert_uint_eq(colstats_category_count(&c, "s0", 2), 6);
	ck_assert(c.cats_truncated);
	colstats_release(&c);
}
END_TEST

/* --- Apache parquet-testing ------------------------------------------------ */

struct outcome {
	const char *file;   /* under parquet-testing/ */
	long rows;          /* rows read, or -1: refused */
	const char *reason; /* a phrase of the refusal */
};

/* Every file of data/ and bad_data/ (doc/data-parquet.md lists them with
 * the reasons).  Row counts agree with the files' documentation where it
 * gives one (README.md, *.md). */
static const struct outcome outcomes[] = {
	{"bad_data/ARROW-GH-41317.parquet", -1, "list or map"},
	{"bad_data/ARROW-GH-41321.parquet", -1, "list or map"},
	{"bad_data/ARROW-GH-43605.parquet", 21186, NULL},
	{"bad_data/ARROW-GH-45185.parquet", -1, "list or map"},
	{"bad_data/ARROW-GH-47662.parquet", -1, "NUL byte"},
	{"bad_data/ARROW-RS-GH-6229-DICTHEADER.parquet", -1, "lies outside"},
	{"bad_data/ARROW-RS-GH-6229-LEVELS.parquet", -1, "list or map"},
	{"bad_data/PARQUET-1481.parquet", -1, "neither a type"},
	{"data/aes256/encrypt_columns_and_footer.parquet.encrypted", -1, "encrypted"},
	{"data/aes256/encrypt_columns_and_footer_ctr.parquet.encrypted", -1, "encrypted"},
	{"data/aes256/encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted", -1, "encrypted"},
	{"data/aes256/encrypt_columns_plaintext_footer.parquet.encrypted", -1, "encrypted"},
	{"data/aes256/uniform_encryption.parquet.encrypted", -1, "encrypted"},
	{"data/alltypes_dictionary.parquet", 2, NULL},
	{"data/alltypes_plain.parquet", 8, NULL},
	{"data/alltypes_plain.snappy.parquet", 2, NULL},
	{"data/alltypes_tiny_pages.parquet", 7300, NULL},
	{"data/alltypes_tiny_pages_plain.parquet", 7300, NULL},
	{"data/binary.parquet", -1, "NUL byte"},
	{"data/binary_truncated_min_max.parquet", 12, NULL},
	{"data/byte_array_decimal.parquet", 24, NULL},
	{"data/byte_stream_split.zstd.parquet", 300, NULL},
	{"data/byte_stream_split_extended.gzip.parquet", 200, NULL},
	{"data/column_chunk_key_value_metadata.parquet", 0, NULL},
	{"data/concatenated_gzip_members.parquet", 513, NULL},
	{"data/data_index_bloom_encoding_stats.parquet", 14, NULL},
	{"data/data_index_bloom_encoding_with_length.parquet", 14, NULL},
	{"data/datapage_v1-corrupt-checksum.parquet", -1, "CRC"},
	{"data/datapage_v1-snappy-compressed-checksum.parquet", 5120, NULL},
	{"data/datapage_v1-uncompressed-checksum.parquet", 5120, NULL},
	{"data/datapage_v2.snappy.parquet", -1, "list or map"},
	{"data/datapage_v2_empty_datapage.snappy.parquet", 1, NULL},
	{"data/delta_binary_packed.parquet", 200, NULL},
	{"data/delta_byte_array.parquet", 1000, NULL},
	{"data/delta_encoding_optional_column.parquet", 100, NULL},
	{"data/delta_encoding_required_column.parquet", 100, NULL},
	{"data/delta_length_byte_array.parquet", 1000, NULL},
	{"data/dict-page-offset-zero.parquet", 39, NULL},
	{"data/encrypt_columns_and_footer.parquet.encrypted", -1, "encrypted"},
	{"data/encrypt_columns_and_footer_aad.parquet.encrypted", -1, "encrypted"},
	{"data/encrypt_columns_and_footer_bloom_filter.parquet.encrypted", -1, "encrypted"},
	{"data/encrypt_columns_and_footer_ctr.parquet.encrypted", -1, "encrypted"},
	{"data/encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted", -1, "encrypted"},
	{"data/encrypt_columns_plaintext_footer.parquet.encrypted", -1, "encrypted"},
	{"data/external_key_material_java.parquet.encrypted", -1, "encrypted"},
	{"data/fixed_length_byte_array.parquet", -1, "NUL byte"},
	{"data/fixed_length_decimal.parquet", 24, NULL},
	{"data/fixed_length_decimal_legacy.parquet", 24, NULL},
	{"data/float16_nonzeros_and_nans.parquet", 8, NULL},
	{"data/float16_zeros_and_nans.parquet", 3, NULL},
	{"data/floating_orders_nan_count.parquet", 50, NULL},
	{"data/geospatial/crs-arbitrary-value.parquet", -1, "geospatial"},
	{"data/geospatial/crs-default.parquet", -1, "geospatial"},
	{"data/geospatial/crs-geography.parquet", -1, "geospatial"},
	{"data/geospatial/crs-projjson.parquet", -1, "geospatial"},
	{"data/geospatial/crs-srid.parquet", -1, "geospatial"},
	{"data/geospatial/geography-lines.parquet", -1, "geospatial"},
	{"data/geospatial/geography-points.parquet", -1, "geospatial"},
	{"data/geospatial/geography-polygons.parquet", -1, "geospatial"},
	{"data/geospatial/geospatial-with-nan.parquet", -1, "geospatial"},
	{"data/geospatial/geospatial.parquet", -1, "geospatial"},
	{"data/hadoop_lz4_compressed.parquet", 4, NULL},
	{"data/hadoop_lz4_compressed_larger.parquet", 10000, NULL},
	{"data/incorrect_map_schema.parquet", -1, "list or map"},
	{"data/int32_decimal.parquet", 24, NULL},
	{"data/int32_with_null_pages.parquet", 1000, NULL},
	{"data/int64_decimal.parquet", 24, NULL},
	{"data/int96_from_spark.parquet", 6, NULL},
	{"data/large_string_map.brotli.parquet", -1, "list or map"},
	{"data/list_columns.parquet", -1, "list or map"},
	{"data/lz4_raw_compressed.parquet", 4, NULL},
	{"data/lz4_raw_compressed_larger.parquet", 10000, NULL},
	{"data/map_no_value.parquet", -1, "list or map"},
	{"data/nan_in_stats.parquet", 2, NULL},
	{"data/nation.dict-malformed.parquet", -1, "runs past"},
	{"data/nested_lists.snappy.parquet", -1, "list or map"},
	{"data/nested_maps.snappy.parquet", -1, "list or map"},
	{"data/nested_structs.rust.parquet", 1, NULL},
	{"data/non_hadoop_lz4_compressed.parquet", 4, NULL},
	{"data/nonnullable.impala.parquet", -1, "list or map"},
	{"data/null_list.parquet", -1, "list or map"},
	{"data/nullable.impala.parquet", -1, "list or map"},
	{"data/nulls.snappy.parquet", 8, NULL},
	{"data/old_list_structure.parquet", -1, "list or map"},
	{"data/overflow_i16_page_cnt.parquet", 40000, NULL},
	{"data/page_v2_empty_compressed.parquet", 10, NULL},
	{"data/plain-dict-uncompressed-checksum.parquet", 1000, NULL},
	{"data/repeated_no_annotation.parquet", -1, "list or map"},
	{"data/repeated_primitive_no_list.parquet", -1, "list or map"},
	{"data/rle-dict-snappy-checksum.parquet", 1000, NULL},
	{"data/rle-dict-uncompressed-corrupt-checksum.parquet", -1, "CRC"},
	{"data/rle_boolean_encoding.parquet", 68, NULL},
	{"data/single_nan.parquet", 1, NULL},
	{"data/sort_columns.parquet", 6, NULL},
	{"data/uniform_encryption.parquet.encrypted", -1, "encrypted"},
	{"data/unknown-logical-type.parquet", -1, "logical type is unknown"},
};

static const struct outcome *find_outcome(const char *file)
{
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		if (strcmp(outcomes[i].file, file) == 0)
			return &outcomes[i];
	return NULL;
}

static int is_data_file(const char *name)
{
	size_t n = strlen(name);
	return (n > 8 && strcmp(name + n - 8, ".parquet") == 0) ||
	       (n > 18 && strcmp(name + n - 18, ".parquet.encrypted") == 0);
}

/* Every data file under dir (one level of subfolders) has an outcome. */
static size_t check_listed(const char *dir, const char *rel)
{
	char path[512];
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	snprintf(path, sizeof(path), TESTING "%s", dir);
	d = opendir(path);
	ck_assert_msg(d != NULL, "cannot list %s", path);
	while ((e = readdir(d))) {
		char sub[1024], name[512];
		struct stat sb;
		if (e->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode) && !rel[0]) {
			char subdir[1024];
			snprintf(subdir, sizeof(subdir), "%s/%s", dir, e->d_name);
			n += check_listed(subdir, name);
			continue;
		}
		if (!is_data_file(e->d_name))
			continue;
		{
			char full[1024];
			snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
			ck_assert_msg(find_outcome(full) != NULL,
				      "%s is not in the outcome table (doc/data-parquet.md)", full);
		}
		n++;
	}
	closedir(d);
	return n;
}

static int have_testing(void)
{
	struct stat sb;
	if (stat(TESTING "data", &sb) == 0 && S_ISDIR(sb.st_mode))
		return 1;
	fprintf(stderr, "check_parquet: %s not found: the parquet-testing sweep is skipped\n",
		TESTING);
	return 0;
}

START_TEST(test_parquet_testing_sweep)
{
	size_t listed;

	if (!have_testing())
		return;
	listed = check_listed("data", "") + check_listed("bad_data", "");
	ck_assert_uint_eq(listed, sizeof(outcomes) / sizeof(outcomes[0]));
	for (size_t i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++) {
		const struct outcome *o = &outcomes[i];
		char path[512];
		struct mg_error err;
		uint64_t rows = 0;
		int rc;
		snprintf(path, sizeof(path), TESTING "%s", o->file);
		memset(&err, 0, sizeof(err));
		rc = csv_read_file(path, NULL, NULL, count_row, &rows, NULL, &err);
		if (o->rows >= 0) {
			ck_assert_msg(rc == 0, "%s: %s", o->file, err.msg);
			ck_assert_msg(rows == (uint64_t)o->rows, "%s: %llu rows, expected %ld",
				      o->file, (unsigned long long)rows, o->rows);
		} else {
			ck_assert_msg(rc == -1, "%s: read, expected a refusal", o->file);
			ck_assert_int_eq(err.code, MG_EXIT_INPUT);
			ck_assert_msg(strstr(err.msg, o->reason) != NULL, "%s: '%s' lacks '%s'",
				      o->file, err.msg, o->reason);
		}
	}
}
END_TEST

/* Files that come with their values: *_expect.csv, and the .md notes. */
START_TEST(test_parquet_testing_values)
{
	static const char *const expect[] = {"delta_binary_packed", "delta_byte_array",
					     "delta_encoding_optional_column",
					     "delta_encoding_required_column"};
	struct table p, c;
	struct mg_error err;

	if (!have_testing())
		return;
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
		char pp[256], cp[256];
		snprintf(pp, sizeof(pp), TESTING "data/%s.parquet", expect[i]);
		snprintf(cp, sizeof(cp), TESTING "data/%s_expect.csv", expect[i]);
		ck_assert_msg(tab_read(pp, &p, &err) == 0, "%s: %s", pp, err.msg);
		ck_assert_int_eq(tab_read(cp, &c, &err), 0);
		assert_same_tables(expect[i], &p, &c);
		tab_release(&p);
		tab_release(&c);
	}

	/* int96_from_spark.md: microseconds 1704141296123456, 1704070800000000,
	 * 253402225200000000, 1735599600000000, null (the sixth is stored
	 * with a wrapped day number and read as stored) */
	ck_assert_int_eq(tab_read(TESTING "data/int96_from_spark.parquet", &p, &err), 0);
	ck_assert_str_eq(cell(&p, 0, 0), "2024-01-01 20:34:56.123456");
	ck_assert_str_eq(cell(&p, 1, 0), "2024-01-01 01:00:00");
	ck_assert_str_eq(cell(&p, 2, 0), "9999-12-31 03:00:00");
	ck_assert_str_eq(cell(&p, 3, 0), "2024-12-30 23:00:00");
	ck_assert_ptr_null(cell(&p, 4, 0));
	tab_release(&p);

	/* README.md: 513 UINT64 numbers in two concatenated gzip members */
	ck_assert_int_eq(tab_read(TESTING "data/concatenated_gzip_members.parquet", &p, &err), 0);
	ck_assert_uint_eq(p.nrows, 513);
	for (size_t r = 0; r < p.nrows; r++) {
		char want[24];
		snprintf(want, sizeof(want), "%zu", r + 1);
		ck_assert_str_eq(cell(&p, r, 0), want);
	}
	tab_release(&p);

	/* README.md's pyarrow code: [NaN, 1, -2, NaN, 0, -1, -0, 2] as float16
	 * (NaN reads as a null, as pandas has it) */
	ck_assert_int_eq(tab_read(TESTING "data/float16_nonzeros_and_nans.parquet", &p, &err), 0);
	ck_assert_uint_eq(p.nrows, 8);
	ck_assert_ptr_null(cell(&p, 0, 0));
	ck_assert_str_eq(cell(&p, 1, 0), "1");
	ck_assert_str_eq(cell(&p, 2, 0), "-2");
	ck_assert_ptr_null(cell(&p, 3, 0));
	ck_assert_str_eq(cell(&p, 4, 0), "0");
	ck_assert_str_eq(cell(&p, 5, 0), "-1");
	ck_assert_str_eq(cell(&p, 6, 0), "-0");
	ck_assert_str_eq(cell(&p, 7, 0), "2");
	tab_release(&p);

	/* int32_with_null_pages.md: 1000 values, 275 nulls, min -2136906554,
	 * max 2145722375 */
	ck_assert_int_eq(tab_read(TESTING "data/int32_with_null_pages.parquet", &p, &err), 0);
	{
		size_t nulls = 0;
		long long mn = 0, mx = 0;
		int first = 1;
		for (size_t r = 0; r < p.nrows; r++) {
			const char *s = cell(&p, r, 0);
			long long v;
			if (!s) {
				nulls++;
				continue;
			}
			v = atoll(s);
			if (first || v < mn)
				mn = v;
			if (first || v > mx)
				mx = v;
			first = 0;
		}
		ck_assert_uint_eq(p.nrows, 1000);
		ck_assert_uint_eq(nulls, 275);
		ck_assert(mn == -2136906554LL);
		ck_assert(mx == 2145722375LL);
	}
	tab_release(&p);

	/* alltypes_plain (Impala's alltypes): id 4 then 5, timestamps of
	 * 2009-03-01 00:00 and 00:01 as INT96 */
	ck_assert_int_eq(tab_read(TESTING "data/alltypes_plain.parquet", &p, &err), 0);
	ck_assert_str_eq(cell(&p, 0, 0), "4");
	ck_assert_str_eq(cell(&p, 0, 1), "True");
	ck_assert_str_eq(cell(&p, 0, 10), "2009-03-01 00:00:00");
	ck_assert_str_eq(cell(&p, 1, 0), "5");
	ck_assert_str_eq(cell(&p, 1, 7), "10.1");
	ck_assert_str_eq(cell(&p, 1, 10), "2009-03-01 00:01:00");
	tab_release(&p);
}
END_TEST

Suite *suite_parquet(void)
{
	Suite *s = suite_create("parquet");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_types_fixture);
	tcase_add_test(tc, test_churn_fixtures);
	tcase_add_test(tc, test_damaged);
	tcase_add_test(tc, test_profile_column_split);
	tcase_add_test(tc, test_parquet_testing_sweep);
	tcase_add_test(tc, test_parquet_testing_values);
	tcase_add_test(tc, test_runs_are_rows);
	tcase_add_test(tc, test_add_repeated);
	suite_add_tcase(s, tc);
	return s;
}
