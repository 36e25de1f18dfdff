/* The answers a probe expects (latency_expect): JSON equality by value
 * (1 and 1.0 agree, "1" and 1 do not, object members in any order),
 * substrings, a missing pointer, a body that is not JSON, the text form
 * without json_path, and the bounded, escaped quote of a wrong answer. */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ext/jsondoc.h"
#include "model/latency_expect.h"
#include "suites.h"

static struct lt_expect make(const char *path, const char *equals_json, const char *contains)
{
	struct lt_expect x;
	struct mg_error e;

	memset(&x, 0, sizeof(x));
	x.set = 1;
	x.json_path = path ? strdup(path) : NULL;
	if (equals_json) {
		x.equals = jv_parse(equals_json, strlen(equals_json), "test", 3, &e);
		ck_assert_ptr_nonnull(x.equals);
		x.equals_shown = strdup(equals_json);
	}
	x.contains = contains ? strdup(contains) : NULL;
	return x;
}

static void drop(struct lt_expect *x)
{
	free(x->json_path);
	jv_free(x->equals);
	free(x->equals_shown);
	free(x->equals_text);
	free(x->contains);
}

static int check(const struct lt_expect *x, const char *body, char *why, size_t n)
{
	why[0] = '\0';
	return lt_expect_check(x, body, strlen(body), why, n);
}

START_TEST(test_equals_by_value)
{
	char why[400];
	struct lt_expect x = make("/prediction", "1", NULL);

	ck_assert_int_eq(check(&x, "{\"prediction\": 1}", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, "{\"prediction\": 1.0}", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, "{\"prediction\": 1e0, \"p\": 0.9}", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, "{\"prediction\": \"1\"}", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "wrong answer: /prediction is not 1 (response '{\"prediction\": \"1\"}')");
	ck_assert_int_eq(check(&x, "{\"prediction\": true}", why, sizeof(why)), -1);
	ck_assert_int_eq(check(&x, "{\"prediction\": 0.9999999}", why, sizeof(why)), -1);
	drop(&x);

	x = make("/out/0", "{\"label\": \"churn\", \"p\": [0.25, 0.75]}", NULL);
	ck_assert_int_eq(check(&x, "{\"out\": [{\"p\": [0.25, 0.75], \"label\": \"churn\"}]}",
			       why, sizeof(why)), 0);
	/* one member more, one element in another order: not equal */
	ck_assert_int_eq(check(&x, "{\"out\": [{\"p\": [0.25, 0.75], \"label\": \"churn\", \"x\": 1}]}",
			       why, sizeof(why)), -1);
	ck_assert_int_eq(check(&x, "{\"out\": [{\"p\": [0.75, 0.25], \"label\": \"churn\"}]}",
			       why, sizeof(why)), -1);
	ck_assert_int_eq(check(&x, "{\"out\": []}", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "wrong answer: no /out/0 in the response (response '{\"out\": []}')");
	drop(&x);

	x = make("/a~1b", "null", NULL);
	ck_assert_int_eq(check(&x, "{\"a/b\": null}", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, "{\"a/b\": 0}", why, sizeof(why)), -1);
	drop(&x);
}
END_TEST

START_TEST(test_contains_and_presence)
{
	char why[400];
	struct lt_expect x = make("/label", NULL, "chur");

	ck_assert_int_eq(check(&x, "{\"label\": \"churn\"}", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, "{\"label\": \"stay\"}", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "wrong answer: /label does not contain 'chur' (response '{\"label\": \"stay\"}')");
	ck_assert_int_eq(check(&x, "{\"label\": 3}", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "wrong answer: /label is a number, not a string (response '{\"label\": 3}')");
	drop(&x);

	/* a pointer alone: the value must be there, whatever it is */
	x = make("/label", NULL, NULL);
	ck_assert_int_eq(check(&x, "{\"label\": false}", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, "{\"labels\": false}", why, sizeof(why)), -1);
	ck_assert_int_eq(check(&x, "<html>error</html>", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "wrong answer: the response is not JSON (response '<html>error</html>')");
	ck_assert_int_eq(check(&x, "", why, sizeof(why)), -1);
	drop(&x);
}
END_TEST

START_TEST(test_text_form)
{
	char why[400];
	struct lt_expect x = make(NULL, NULL, NULL);

	x.equals_text = strdup("ok");
	ck_assert_int_eq(check(&x, "ok", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, "ok\r\n", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, " ok", why, sizeof(why)), -1);
	ck_assert_int_eq(check(&x, "okay", why, sizeof(why)), -1);
	ck_assert_str_eq(why, "wrong answer: the response is not the expected text (response 'okay')");
	drop(&x);

	x = make(NULL, NULL, "\"status\": \"ok\"");
	ck_assert_int_eq(check(&x, "{\"status\": \"ok\"}", why, sizeof(why)), 0);
	ck_assert_int_eq(check(&x, "{\"status\":\"ok\"}", why, sizeof(why)), -1);
	drop(&x);
	/* an unset expect accepts anything */
	memset(&x, 0, sizeof(x));
	ck_assert_int_eq(check(&x, "anything", why, sizeof(why)), 0);
}
END_TEST

START_TEST(test_quote_bounded_and_escaped)
{
	char big[300], q[600];

	lt_quote("a\tb\nc\x1b[31m\\", 11, q, sizeof(q));
	ck_assert_str_eq(q, "'a\\tb\\nc\\x1b[31m\\x5c'");
	/* a byte of a UTF-8 sequence and DEL are escaped too */
	lt_quote("\xc3\xa9\x7f", 3, q, sizeof(q));
	ck_assert_str_eq(q, "'\\xc3\\xa9\\x7f'");
	memset(big, 'x', sizeof(big));
	lt_quote(big, sizeof(big), q, sizeof(q));
	/* LT_QUOTE_MAX (80) bytes, then a mark that more was left out */
	ck_assert_uint_eq(strlen(q), 1 + 80 + 1 + 3);
	ck_assert_str_eq(q + 81, "'...");
	lt_quote(big, 80, q, sizeof(q));
	ck_assert_uint_eq(strlen(q), 82);
}
END_TEST

Suite *suite_latency_expect(void)
{
	Suite *s = suite_create("latency_expect");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_equals_by_value);
	tcase_add_test(tc, test_contains_and_presence);
	tcase_add_test(tc, test_text_form);
	tcase_add_test(tc, test_quote_bounded_and_escaped);
	suite_add_tcase(s, tc);
	return s;
}
