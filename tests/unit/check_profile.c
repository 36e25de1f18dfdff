#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "ext/jsondoc.h"
#include "data/profile.h"
#include "suites.h"
#include "testutil.h"
#include "common/util.h"

/* Long strings: report the first difference with a little context. */
#define ck_same(a, b) same_text(a, b, __LINE__)
static void same_text(const char *a, const char *b, int line)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	if (a[i] || b[i]) {
		size_t from = i > 60 ? i - 60 : 0;
		ck_abort_msg("line %d: texts differ at byte %zu: '%.120s' vs '%.120s'",
			     line, i, a + from, b + from);
	}
}

/* Profile `path` with `threads` (split_min 1 byte so small files split);
 * the JSON rendering, or "ERR line: msg".  Caller frees. */
static char *profile_str(const char *path, int threads,
			 const struct csv_options *co)
{
	struct profile_options po;
	struct profile p;
	struct mg_error err;
	struct sbuf sb = SBUF_INIT;

	profile_options_init(&po);
	po.threads = threads;
	po.split_min = 1;
	memset(&err, 0, sizeof(err));
	if (profile_csv(path, co, &po, &p, &err)) {
		sbuf_addf(&sb, "ERR %d: %s", err.line, err.msg);
		return sbuf_detach(&sb);
	}
	profile_write_json(&p, &sb);
	profile_release(&p);
	return sbuf_detach(&sb);
}

/* A table with everything that makes splitting hard: quoted newlines
 * (some right at the middle), "" escapes, nulls, a column that turns
 * string in its last row, integers, ties. */
static char *make_table(const char *dir, int rows, const char *extra_tail)
{
	struct sbuf sb = SBUF_INIT;
	char *path;
	unsigned long long seed = 99;

	sbuf_adds(&sb, "id,amount,note,flip,k\n");
	for (int i = 0; i < rows; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		sbuf_addf(&sb, "%d,", i);
		if (seed % 13 == 0)
			sbuf_adds(&sb, "NA,");
		else
			sbuf_addf(&sb, "%.2f,", (double)((seed >> 33) % 100000) / 100.0);
		if (i % 7 == 0 || (i > rows / 2 - 40 && i < rows / 2 + 40))
			sbuf_addf(&sb, "\"multi\nline, \"\"%d\"\"\",", i % 5);
		else
			sbuf_addf(&sb, "w%d,", (int)(seed % 37));
		if (i == rows - 1)
			sbuf_adds(&sb, "oops,");
		else
			sbuf_addf(&sb, "%d,", (int)(seed % 1000));
		sbuf_addf(&sb, "%d\n", (int)(seed % 4));
	}
	if (extra_tail)
		sbuf_adds(&sb, extra_tail);
	path = tu_write(dir, "t.csv", sbuf_str(&sb));
	sbuf_release(&sb);
	return path;
}

START_TEST(test_split_equals_serial)
{
	char *dir = tu_tempdir();
	char *path = make_table(dir, 3000, NULL);
	char *one = profile_str(path, 1, NULL);
	char *two = profile_str(path, 2, NULL);

	ck_assert(strncmp(one, "ERR", 3) != 0);
	ck_same(one, two);
	/* the flip column became string and still counts its numbers' text */
	ck_assert(strstr(one, "\"oops\": 1") != NULL);
	free(one);
	free(two);
	free(path);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_split_errors_name_the_right_line)
{
	char *dir = tu_tempdir();
	char *path = make_table(dir, 3000, "1,2,3\n");
	char *one = profile_str(path, 1, NULL);
	char *two = profile_str(path, 2, NULL);
	struct csv_options co;

	ck_assert(strncmp(one, "ERR", 3) == 0);
	ck_assert(strstr(one, "row has 3 fields, the header has 5") != NULL);
	ck_same(one, two);
	free(one);
	free(two);
	/* skipped: the same count and first line either way */
	csv_options_init(&co);
	co.skip_bad_rows = 1;
	one = profile_str(path, 1, &co);
	two = profile_str(path, 2, &co);
	ck_assert(strstr(one, "\"bad_rows\": 1") != NULL);
	ck_same(one, two);
	free(one);
	free(two);
	free(path);
	/* an unterminated quote in the second half */
	path = make_table(dir, 3000, "1,2,\"open\n");
	one = profile_str(path, 1, NULL);
	two = profile_str(path, 2, NULL);
	ck_assert(strstr(one, "unterminated quoted field") != NULL);
	ck_same(one, two);
	free(one);
	free(two);
	free(path);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

static int close_rel(double got, double want, double rel)
{
	if (got == want)
		return 1;
	return fabs(got - want) <= rel * fabs(want);
}

START_TEST(test_json_round_trip)
{
	char *dir = tu_tempdir();
	char *path = make_table(dir, 2000, NULL);
	char *json_path = xasprintf("%s/p.json", dir);
	struct profile p, q;
	struct mg_error err;
	struct sbuf sb = SBUF_INIT;

	ck_assert_int_eq(profile_csv(path, NULL, NULL, &p, &err), 0);
	profile_write_json(&p, &sb);
	ck_assert_int_eq(mg_write_file_atomic(json_path, sb.buf, sb.len, &err), 0);
	ck_assert_int_eq(profile_load_json(json_path, &q, &err), 0);
	ck_assert(q.frozen);
	ck_assert_uint_eq(q.rows, p.rows);
	ck_assert_uint_eq(q.ncols, p.ncols);
	for (size_t i = 0; i < p.ncols; i++) {
		struct colstats *a = &p.cols[i], *b = &q.cols[i];
		int ap, bp;
		ck_assert_str_eq(a->name, b->name);
		ck_assert_int_eq(a->type, b->type);
		ck_assert_uint_eq(a->count, b->count);
		ck_assert_uint_eq(a->nulls, b->nulls);
		ck_assert_int_eq(colstats_distinct(a, &ap), colstats_distinct(b, &bp));
		if (a->type == COL_NUMBER) {
			ck_assert(a->min == b->min && a->max == b->max);
			ck_assert(a->mean == b->mean);
			ck_assert(close_rel(colstats_std(b), colstats_std(a), 1e-14));
			ck_assert(b->has_hist && a->has_hist);
			ck_assert_uint_eq(a->hist_nedges, b->hist_nedges);
			for (size_t k = 0; k < a->hist_nedges; k++)
				ck_assert(a->hist_edges[k] == b->hist_edges[k]);
			for (size_t k = 0; k <= a->hist_nedges; k++)
				ck_assert_uint_eq(a->hist_counts[k], b->hist_counts[k]);
		} else {
			ck_assert_uint_eq(colstats_ncategories(a), colstats_ncategories(b));
			for (size_t k = 0; k < colstats_ncategories(a); k++) {
				const char *s;
				size_t n;
				uint64_t cnt;
				colstats_category(a, k, &s, &n, &cnt);
				ck_assert_uint_eq(colstats_category_count(b, s, n), cnt);
			}
		}
	}
	/* the frozen profile renders the same JSON again */
	{
		struct sbuf sb2 = SBUF_INIT;
		profile_write_json(&q, &sb2);
		/* the path is the one stored in the file; the rest is equal */
		ck_same(sbuf_str(&sb2), sbuf_str(&sb));
		sbuf_release(&sb2);
	}
	profile_release(&p);
	profile_release(&q);
	sbuf_release(&sb);
	free(json_path);
	free(path);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(test_load_rejects_bad_profiles)
{
	char *dir = tu_tempdir();
	struct profile q;
	struct mg_error err;
	static const struct {
		const char *json, *msg;
	} cases[] = {
		{"[]", "not a profile"},
		{"{\"rows\": 1}", "not a profile"},
		{"{\"rows\": 1, \"columns\": [{\"name\": \"a\", \"type\": \"date\", \"count\": 1, \"nulls\": 0}]}",
		 "'type' must be"},
		{"{\"rows\": 1, \"columns\": [{\"name\": \"a\", \"type\": \"number\", \"count\": 1, \"nulls\": 0,"
		 " \"min\": 1, \"max\": 1, \"mean\": 1}]}", "'hist' must hold"},
		{"{\"rows\": 2, \"columns\": [{\"name\": \"a\", \"type\": \"number\", \"count\": 2, \"nulls\": 0,"
		 " \"min\": 1, \"max\": 2, \"mean\": 1.5, \"std\": 0.7,"
		 " \"hist\": {\"edges\": [1.5], \"counts\": [1, 2]}}]}", "hist counts add up to 3"},
		{"{\"rows\": 2, \"columns\": [{\"name\": \"a\", \"type\": \"number\", \"count\": 2, \"nulls\": 0,"
		 " \"min\": 1, \"max\": 2, \"mean\": 1.5, \"std\": 0.7,"
		 " \"hist\": {\"edges\": [1.5, 1.5], \"counts\": [1, 1, 0]}}]}", "increasing"},
		{"{\"rows\": 1, \"columns\": [{\"name\": \"s\", \"type\": \"string\", \"count\": 1, \"nulls\": 0,"
		 " \"categories\": {\"x\": 2}}]}", "categories add up to 2"},
		{"{\"rows\": 1, \"columns\": [{\"name\": \"s\", \"type\": \"string\", \"count\": 1, \"nulls\": 1,"
		 " \"categories\": {\"x\": 1}}]}", "count + nulls"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *path = tu_write(dir, "bad.json", cases[i].json);
		memset(&err, 0, sizeof(err));
		ck_assert_int_eq(profile_load_json(path, &q, &err), -1);
		ck_assert_int_eq(err.code, MG_EXIT_INPUT);
		ck_assert_msg(strstr(err.msg, cases[i].msg) != NULL, "case %zu: %s", i, err.msg);
		free(path);
	}
	tu_rmrf(dir);
	free(dir);
}
END_TEST

/* profile(first half) merged with profile(second half) = profile(whole) */
START_TEST(test_merge_two_files)
{
	char *dir = tu_tempdir();
	struct sbuf whole = SBUF_INIT, h1 = SBUF_INIT, h2 = SBUF_INIT;
	char *pw, *p1, *p2;
	struct profile a, b, w;
	struct mg_error err;
	unsigned long long seed = 5;

	sbuf_adds(&whole, "x,c\n");
	sbuf_adds(&h1, "x,c\n");
	sbuf_adds(&h2, "x,c\n");
	for (int i = 0; i < 5000; i++) {
		char row[64];
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		snprintf(row, sizeof(row), "%s,%c\n",
			 seed % 11 == 0 ? "" : (seed % 3 ? "1.25" : "-7.5e1"),
			 (char)('a' + (int)(seed % 26)));
		sbuf_adds(&whole, row);
		sbuf_adds(i < 1234 ? &h1 : &h2, row);
	}
	pw = tu_write(dir, "w.csv", sbuf_str(&whole));
	p1 = tu_write(dir, "a.csv", sbuf_str(&h1));
	p2 = tu_write(dir, "b.csv", sbuf_str(&h2));
	ck_assert_int_eq(profile_csv(pw, NULL, NULL, &w, &err), 0);
	ck_assert_int_eq(profile_csv(p1, NULL, NULL, &a, &err), 0);
	ck_assert_int_eq(profile_csv(p2, NULL, NULL, &b, &err), 0);
	ck_assert_int_eq(profile_merge(&a, &b, &err), 0);
	ck_assert_uint_eq(a.rows, w.rows);
	for (size_t i = 0; i < 2; i++) {
		struct colstats *m = &a.cols[i], *x = &w.cols[i];
		ck_assert_uint_eq(m->count, x->count);
		ck_assert_uint_eq(m->nulls, x->nulls);
		if (m->type == COL_NUMBER) {
			ck_assert(m->min == x->min && m->max == x->max);
			ck_assert(close_rel(colstats_mean(m), colstats_mean(x), 1e-13));
			ck_assert(close_rel(colstats_std(m), colstats_std(x), 1e-13));
		}
		for (size_t k = 0; k < colstats_ncategories(x); k++) {
			const char *s;
			size_t n;
			uint64_t cnt;
			colstats_category(x, k, &s, &n, &cnt);
			ck_assert_uint_eq(colstats_category_count(m, s, n), cnt);
		}
	}
	/* merged columns can be finished like fresh ones */
	{
		struct sbuf o1 = SBUF_INIT, o2 = SBUF_INIT;
		colstats_finish(&a.cols[0], 10);
		colstats_finish(&a.cols[1], 10);
		free(a.path);
		a.path = xstrdup(w.path);
		profile_write_json(&a, &o1);
		profile_write_json(&w, &o2);
		ck_same(sbuf_str(&o1), sbuf_str(&o2));
		sbuf_release(&o1);
		sbuf_release(&o2);
	}
	profile_release(&a);
	profile_release(&b);
	profile_release(&w);
	sbuf_release(&whole);
	sbuf_release(&h1);
	sbuf_release(&h2);
	free(pw);
	free(p1);
	free(p2);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

/* Against numpy/pandas: tests/gen/gen_profile_expected.py wrote the CSV
 * and the numbers (committed; Python is not needed here).  Tolerance:
 * 1e-9 relative for mean and std (summation order), exact for the rest. */
static void expect_num(const struct jval *o, const char *key, double got,
		       double rel, const char *col)
{
	double want;
	const struct jval *v = jv_get(o, key);
	if (v && jv_type(v) == J_NULL) {
		ck_assert_msg(isnan(got), "%s.%s: expected null", col, key);
		return;
	}
	ck_assert_msg(jv_get_number(o, key, &want) == 0, "%s.%s missing", col, key);
	ck_assert_msg(rel == 0 ? got == want : close_rel(got, want, rel),
		      "%s.%s: got %.17g, numpy %.17g", col, key, got, want);
}

START_TEST(test_against_numpy_pandas)
{
	const char *dir = getenv("FIXTURES");
	char *csv = xasprintf("%s/csv/profile_gen.csv", dir && dir[0] ? dir : "tests/fixtures");
	char *exp = xasprintf("%s/csv/profile_gen.expected.json", dir && dir[0] ? dir : "tests/fixtures");
	static const char *const qk[5] = {"p05", "p25", "p50", "p75", "p95"};
	static const double qq[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
	struct profile p;
	struct mg_error err;
	size_t len;
	char *text = mg_read_file(exp, 1 << 24, &len, &err);
	struct jval *doc;
	const struct jval *cols;
	double rows;

	ck_assert_msg(text != NULL, "%s", err.msg);
	doc = jv_parse(text, len, exp, 3, &err);
	ck_assert(doc != NULL);
	ck_assert_int_eq(profile_csv(csv, NULL, NULL, &p, &err), 0);
	ck_assert_int_eq(jv_get_number(doc, "rows", &rows), 0);
	ck_assert_uint_eq(p.rows, (uint64_t)rows);
	cols = jv_get(doc, "columns");
	ck_assert_uint_eq(jv_size(cols), p.ncols);
	for (size_t i = 0; i < p.ncols; i++) {
		const struct jval *o = jv_at(cols, i);
		struct colstats *c = &p.cols[i];
		const char *type = jv_string(jv_get(o, "type"));
		int approx;
		double want;

		ck_assert_str_eq(c->name, jv_string(jv_get(o, "name")));
		ck_assert_msg(strcmp(type, c->type == COL_NUMBER ? "number" : "string") == 0,
			      "%s: type %s", c->name, type);
		expect_num(o, "count", (double)c->count, 0, c->name);
		expect_num(o, "nulls", (double)c->nulls, 0, c->name);
		expect_num(o, "distinct", (double)colstats_distinct(c, &approx), 0, c->name);
		if (c->type == COL_NUMBER) {
			size_t n;
			const double *v = colstats_sorted_values(c, &n);
			const struct jval *h = jv_get(o, "hist");
			const struct jval *e = jv_get(h, "edges"), *k = jv_get(h, "counts");
			expect_num(o, "min", c->min, 0, c->name);
			expect_num(o, "max", c->max, 0, c->name);
			expect_num(o, "mean", colstats_mean(c), 1e-9, c->name);
			expect_num(o, "std", colstats_std(c), 1e-9, c->name);
			for (int q = 0; q < 5; q++)
				expect_num(o, qk[q], num_quantile7(v, n, qq[q]), 0, c->name);
			ck_assert_uint_eq(jv_size(e), c->hist_nedges);
			for (size_t j = 0; j < c->hist_nedges; j++)
				ck_assert_msg(jv_number(jv_at(e, j)) == c->hist_edges[j],
					      "%s edge %zu", c->name, j);
			for (size_t j = 0; j <= c->hist_nedges; j++)
				ck_assert_msg(jv_number(jv_at(k, j)) == (double)c->hist_counts[j],
					      "%s count %zu", c->name, j);
		} else {
			const struct jval *top = jv_get(o, "top"), *cats = jv_get(o, "categories");
			size_t idx[COLSTATS_TOP], nt = colstats_top(c, idx, COLSTATS_TOP);
			ck_assert_uint_eq(nt, jv_size(top));
			for (size_t j = 0; j < nt; j++) {
				const char *s;
				size_t n;
				uint64_t cnt;
				colstats_category(c, idx[j], &s, &n, &cnt);
				ck_assert(strlen(jv_string(jv_get(jv_at(top, j), "value"))) == n);
				ck_assert(memcmp(jv_string(jv_get(jv_at(top, j), "value")), s, n) == 0);
				ck_assert(jv_get_number(jv_at(top, j), "count", &want) == 0 &&
					  want == (double)cnt);
			}
			ck_assert_uint_eq(jv_size(cats), colstats_ncategories(c));
			for (size_t j = 0; j < jv_size(cats); j++) {
				const struct jval *m = jv_at(cats, j);
				ck_assert(jv_number(m) ==
					  (double)colstats_category_count(c, jv_key(m), strlen(jv_key(m))));
			}
		}
	}
	profile_release(&p);
	jv_free(doc);
	free(text);
	free(csv);
	free(exp);
}
END_TEST

Suite *suite_profile(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_split_equals_serial);
	tcase_add_test(tc, test_split_errors_name_the_right_line);
	tcase_add_test(tc, test_json_round_trip);
	tcase_add_test(tc, test_load_rejects_bad_profiles);
	tcase_add_test(tc, test_merge_two_files);
	tcase_add_test(tc, test_against_numpy_pandas);
	suite_add_tcase(s, tc);
	return s;
}
