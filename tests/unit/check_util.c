#include "suites.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
#include "common/jsonw.h"
#include "common/util.h"

START_TEST(test_parse_double)
{
	double v;
	ck_assert_int_eq(mg_parse_double("1.5", 3, &v), 0);
	ck_assert(v == 1.5);
	ck_assert_int_eq(mg_parse_double("-2e3", 4, &v), 0);
	ck_assert(v == -2000.0);
	ck_assert_int_eq(mg_parse_double(".5", 2, &v), 0);
	ck_assert(v == 0.5);
	ck_assert_int_eq(mg_parse_double("5.", 2, &v), 0);
	ck_assert(v == 5.0);
	/* not numbers in the C-locale decimal grammar, or not finite */
	ck_assert_int_eq(mg_parse_double("0x10", 4, &v), -1);
	ck_assert_int_eq(mg_parse_double("1e999", 5, &v), -1);
	ck_assert_int_eq(mg_parse_double(" 5", 2, &v), -1);
	ck_assert_int_eq(mg_parse_double("nan", 3, &v), -1);
	ck_assert_int_eq(mg_parse_double("inf", 3, &v), -1);
	ck_assert_int_eq(mg_parse_double("1e", 2, &v), -1);
	ck_assert_int_eq(mg_parse_double("", 0, &v), -1);
	ck_assert_int_eq(mg_parse_double(".", 1, &v), -1);
	ck_assert_int_eq(mg_parse_double("1,5", 3, &v), -1);
}
END_TEST

START_TEST(test_fmt_double_round_trips)
{
	const double vals[] = {0.1, 1.0 / 3.0, 0.9296099999999999, 1e-300, 123456789.125, -0.0};
	char buf[40];
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		mg_fmt_double(buf, sizeof(buf), vals[i]);
		ck_assert(strtod(buf, NULL) == vals[i]);
	}
	mg_fmt_double(buf, sizeof(buf), 0.1);
	ck_assert_str_eq(buf, "0.1"); /* shortest form, not 0.10000000000000001 */
}
END_TEST

START_TEST(test_glob)
{
	ck_assert(mg_glob_match("data.*.drift.*", "data.customers.income.drift.ks"));
	ck_assert(mg_glob_match("*", ""));
	ck_assert(mg_glob_match("model.f1", "model.f1"));
	ck_assert(!mg_glob_match("model.f1", "model.f1_score"));
	ck_assert(mg_glob_match("a*b*c", "aXXbYYc"));
	ck_assert(!mg_glob_match("a*b*c", "aXXbYY"));
}
END_TEST

START_TEST(test_suggest)
{
	const char *const keys[] = {"min", "max", "severity", "baseline", NULL};
	ck_assert_uint_eq(mg_edit_distance("kitten", "sitting"), 3);
	ck_assert_str_eq(mg_suggest("mni", keys), "min");
	ck_assert_str_eq(mg_suggest("severty", keys), "severity");
	ck_assert_ptr_null(mg_suggest("zzzzzz", keys));
}
END_TEST

START_TEST(test_ends_with)
{
	ck_assert(mg_ends_with("d.tsv.gz", ".tsv.gz"));
	ck_assert(mg_ends_with("m.yml", "m.yml"));
	ck_assert(mg_ends_with("x", ""));
	ck_assert(!mg_ends_with("yml", ".yml"));
	ck_assert(!mg_ends_with("d.TSV", ".tsv"));
}
END_TEST

START_TEST(test_did_you_mean)
{
	char hb[MG_HINT_SIZE], longest[257];
	const char *const cand[] = {longest, NULL};
	const char *s;

	ck_assert_str_eq(mg_did_you_mean(hb, sizeof(hb), "min", ""),
			 " (did you mean 'min'?)");
	ck_assert_str_eq(mg_did_you_mean(hb, sizeof(hb), NULL, ": use 'x'"),
			 ": use 'x'");
	ck_assert_ptr_null(mg_did_you_mean(hb, sizeof(hb), NULL, NULL));
	/* the longest candidate mg_suggest can return fits whole */
	memset(longest, 'k', 256);
	longest[256] = '\0';
	s = mg_did_you_mean(hb, sizeof(hb), mg_suggest(longest + 1, cand), "");
	ck_assert_uint_eq(strlen(s), 16 + 256 + 3);
	ck_assert(strcmp(s + 16 + 256, "'?)") == 0);
}
END_TEST

START_TEST(test_sbuf_cap)
{
	struct sbuf sb;
	sbuf_init(&sb, 5);
	sbuf_adds(&sb, "abc");
	ck_assert(!sb.toobig);
	sbuf_adds(&sb, "def");
	ck_assert(sb.toobig);
	ck_assert_str_eq(sbuf_str(&sb), "abc");
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_json_escape)
{
	struct sbuf sb = SBUF_INIT;
	esc_json(&sb, "a\"b\\c\n\x01\xff", 8);
	ck_assert_str_eq(sbuf_str(&sb), "\"a\\\"b\\\\c\\n\\u0001\\ufffd\"");
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_jsonw)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_knum(&w, "a", 0.1);
	jw_knum(&w, "nan", NAN);
	jw_key(&w, "l");
	jw_arr_open(&w);
	jw_int(&w, 1);
	jw_str(&w, "x");
	jw_arr_close(&w);
	jw_key(&w, "e");
	jw_obj_open(&w);
	jw_obj_close(&w);
	jw_obj_close(&w);
	ck_assert_str_eq(sbuf_str(&sb), "{\"a\":0.1,\"nan\":null,\"l\":[1,\"x\"],\"e\":{}}");
	sbuf_release(&sb);
}
END_TEST

Suite *suite_util(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_parse_double);
	tcase_add_test(tc, test_fmt_double_round_trips);
	tcase_add_test(tc, test_glob);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_did_you_mean);
	tcase_add_test(tc, test_ends_with);
	tcase_add_test(tc, test_sbuf_cap);
	tcase_add_test(tc, test_json_escape);
	tcase_add_test(tc, test_jsonw);
	suite_add_tcase(s, tc);
	return s;
}
