#define _POSIX_C_SOURCE 200809L
#include "suites.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "common/escape.h"
#include "common/jsonw.h"
#include "common/trust.h"
#include "core/gate.h"
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


/* The reference: the textbook recursive matcher (exponential, fine for
 * short strings). */
static int glob_ref(const char *p, const char *s)
{
	if (!*p)
		return !*s;
	if (*p == '*')
		return glob_ref(p + 1, s) || (*s && glob_ref(p, s + 1));
	return *s == *p && glob_ref(p + 1, s + 1);
}

START_TEST(test_glob_against_reference)
{
	/* every pattern and subject over {a, b, *} up to 6 and 7 characters */
	static const char alpha[] = "ab*";
	char p[8], s[8], first[32] = "";
	size_t checked = 0, bad = 0;

	for (unsigned pn = 0; pn <= 6; pn++) {
		unsigned ptotal = 1;
		for (unsigned i = 0; i < pn; i++)
			ptotal *= 3;
		for (unsigned pc = 0; pc < ptotal; pc++) {
			unsigned x = pc;
			for (unsigned i = 0; i < pn; i++, x /= 3)
				p[i] = alpha[x % 3];
			p[pn] = '\0';
			for (unsigned sn = 0; sn <= 7; sn++) {
				for (unsigned sc = 0; sc < (1u << sn); sc++) {
					for (unsigned i = 0; i < sn; i++)
						s[i] = (sc >> i) & 1 ? 'b' : 'a';
					s[sn] = '\0';
					/* one assertion at the end: Check's per-call
					 * bookkeeping is a write to its pipe, and
					 * 280,000 of them took longer than its
					 * timeout on a loaded machine */
					if (mg_glob_match(p, s) != glob_ref(p, s) && !bad++)
						snprintf(first, sizeof(first), "'%s' on '%s'", p, s);
					checked++;
				}
			}
		}
	}
	ck_assert_msg(bad == 0, "%zu mismatches, the first %s", bad, first);
	ck_assert_uint_gt(checked, 100000);
}
END_TEST

/* The old matcher (star backtracking to the last star), counting its
 * comparisons, to show what the hostile case cost. */
static int glob_backtracking(const char *p, const char *s, size_t *steps)
{
	const char *star = NULL, *retry = NULL;

	while (*s) {
		(*steps)++;
		if (*p == '*') {
			star = p++;
			retry = s;
		} else if (*p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++retry;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

START_TEST(test_glob_linear_on_hostile_waivers)
{
	/* 3,000 waivers x 3,000 gates, each waiver of the shape that makes a
	 * backtracking matcher quadratic: a piece that almost occurs
	 * everywhere ("aaa...ab" over "aaaa...a") after a prefix that does
	 * match.  Cost counted in character comparisons, not seconds. */
	enum { N = 3000, PLEN = 40, SLEN = 48 };
	static char pats[N][PLEN + 1], ids[N][SLEN + 1];
	size_t steps = 0, bound = 0, old_steps = 0, new_sample = 0, matched = 0;

	for (int i = 0; i < N; i++) {
		/* "m*" + 8..31 a's + "b*", and "m" + 43 a's + "<i>" */
		int k = 0, len = 8 + i % 24;
		pats[i][k++] = 'm';
		pats[i][k++] = '*';
		memset(pats[i] + k, 'a', (size_t)len);
		k += len;
		pats[i][k++] = 'b';
		pats[i][k++] = '*';
		pats[i][k] = '\0';
		memset(ids[i], 'a', SLEN);
		ids[i][0] = 'm';
		snprintf(ids[i] + SLEN - 4, 5, "%04d", i);
	}
	/* The ids differ only in their last four digits, which no piece
	 * contains, so a waiver costs the same on every id: measured on three
	 * ids (asserted equal) and counted N times, which keeps the test fast
	 * under valgrind and sanitizers. */
	for (int w = 0; w < N; w++) {
		size_t a = 0, b = 0, c = 0;
		matched += (size_t)mg_glob_match_steps(pats[w], ids[0], &a);
		matched += (size_t)mg_glob_match_steps(pats[w], ids[w], &b);
		matched += (size_t)mg_glob_match_steps(pats[w], ids[N - 1], &c);
		ck_assert_uint_eq(a, b);
		ck_assert_uint_eq(a, c);
		steps += a * N;
		bound += 2 * (strlen(pats[w]) + SLEN) * N;
	}
	ck_assert_uint_eq(matched, 0); /* no 'b' in any id */
	/* linear: at most 2 (|p| + |s|) comparisons a pair */
	ck_assert_uint_le(steps, bound);
	/* 9 million pairs: about 130 comparisons each */
	ck_assert_uint_lt(steps, (size_t)N * N * 140);
	/* the backtracking matcher on a sample of the same pairs costs
	 * several times more, and the factor grows with the lengths */
	for (int w = 0; w < 48; w++)
		for (int g = 0; g < N; g += 100) {
			glob_backtracking(pats[w], ids[g], &old_steps);
			mg_glob_match_steps(pats[w], ids[g], &new_sample);
		}
	ck_assert_uint_gt(old_steps, 4 * new_sample);
}
END_TEST

static char *slurp(const char *path)
{
	struct mg_error e;
	return mg_read_file(path, 1 << 20, NULL, &e);
}

START_TEST(test_write_replaces_symlink_keeps_mode)
{
	char *dir = tu_tempdir();
	char *target = tu_write(dir, "target.txt", "precious\n");
	char *link = xasprintf("%s/report.json", dir);
	char *kept = tu_write(dir, "kept.json", "old\n");
	char *fresh = xasprintf("%s/fresh.json", dir);
	struct mg_error e;
	struct stat st;
	char *t;
	mode_t old_mask;

	ck_assert_int_eq(symlink("target.txt", link), 0);
	ck_assert_int_eq(mg_write_file_atomic(link, "{}\n", 3, &e), 0);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISREG(st.st_mode)); /* the link itself was replaced */
	t = slurp(target);
	ck_assert_str_eq(t, "precious\n"); /* its target untouched */
	free(t);
	t = slurp(link);
	ck_assert_str_eq(t, "{}\n");
	free(t);

	/* an existing 0600 file stays 0600 */
	ck_assert_int_eq(chmod(kept, 0600), 0);
	ck_assert_int_eq(mg_write_file_atomic(kept, "new\n", 4, &e), 0);
	ck_assert_int_eq(stat(kept, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	/* a new file honours the umask */
	old_mask = umask(027);
	ck_assert_int_eq(mg_write_file_atomic(fresh, "x", 1, &e), 0);
	umask(old_mask);
	ck_assert_int_eq(stat(fresh, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0640);

	tu_rmrf(dir);
	free(dir);
	free(target);
	free(link);
	free(kept);
	free(fresh);
}
END_TEST

START_TEST(test_read_refuses_fifo_device_dir)
{
	char *dir = tu_tempdir();
	char *fifo = xasprintf("%s/m.json", dir);
	struct mg_error e;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	/* no writer: a blocking open would hang here */
	ck_assert_ptr_null(mg_read_file(fifo, 100, NULL, &e));
	ck_assert_int_eq(e.code, MG_EXIT_INPUT);
	ck_assert(strstr(e.msg, "is a FIFO") != NULL);
	ck_assert_ptr_null(mg_read_file("/dev/null", 100, NULL, &e));
	ck_assert_str_eq(e.msg, "is a device, not a regular file");
	ck_assert_ptr_null(mg_read_file(dir, 100, NULL, &e));
	ck_assert_str_eq(e.msg, "is a directory, not a file");
	tu_rmrf(dir);
	free(dir);
	free(fifo);
}
END_TEST

START_TEST(test_check_outputs)
{
	char *dir = tu_tempdir();
	char *in = tu_write(dir, "m.json", "{}");
	char *out = xasprintf("%s/r.json", dir);
	char *out2 = xasprintf("%s/./r.json", dir);
	char *hard = xasprintf("%s/hard.json", dir);
	char *soft = xasprintf("%s/soft.json", dir);
	char *nodir = xasprintf("%s/missing/r.json", dir);
	char *md = xasprintf("%s/m.md", dir);
	const char *inputs[] = {in, NULL, "-"};
	struct mg_error e;

	{	/* fine: new files, stdout twice, a device twice */
		const char *o[] = {out, md, "-", "-", "/dev/null", "/dev/null"};
		ck_assert_int_eq(mg_check_outputs(o, 6, inputs, 3, &e), 0);
	}
	{	/* the same new file under two names */
		const char *o[] = {out, out2};
		ck_assert_int_eq(mg_check_outputs(o, 2, inputs, 3, &e), -1);
		ck_assert_int_eq(e.code, MG_EXIT_USAGE);
		ck_assert(strstr(e.msg, "two reports would write the same file") != NULL);
	}
	{	/* the input itself, a hard link to it, a symlink named as input */
		const char *o[] = {in};
		ck_assert_int_eq(mg_check_outputs(o, 1, inputs, 3, &e), -1);
		ck_assert(strstr(e.msg, "would replace the input") != NULL);
		ck_assert_int_eq(link(in, hard), 0);
		o[0] = hard;
		ck_assert_int_eq(mg_check_outputs(o, 1, inputs, 3, &e), -1);
		ck_assert_int_eq(symlink("m.json", soft), 0);
		{
			const char *in2[] = {soft};
			const char *o2[] = {soft};
			ck_assert_int_eq(mg_check_outputs(o2, 1, in2, 1, &e), -1);
		}
		/* a report through a link to the input replaces only the link */
		o[0] = soft;
		ck_assert_int_eq(mg_check_outputs(o, 1, inputs, 3, &e), 0);
	}
	{	/* an existing file under two names (hard links) */
		const char *o[] = {in, hard};
		ck_assert_int_eq(mg_check_outputs(o, 2, NULL, 0, &e), -1);
		ck_assert(strstr(e.msg, "two reports") != NULL);
	}
	{	/* a directory, a missing directory */
		const char *o[] = {dir};
		ck_assert_int_eq(mg_check_outputs(o, 1, NULL, 0, &e), -1);
		ck_assert(strstr(e.msg, "it is a directory") != NULL);
		o[0] = nodir;
		ck_assert_int_eq(mg_check_outputs(o, 1, NULL, 0, &e), -1);
		ck_assert(strstr(e.msg, "does not exist") != NULL);
	}
	tu_rmrf(dir);
	free(dir);
	free(in);
	free(out);
	free(out2);
	free(hard);
	free(soft);
	free(nodir);
	free(md);
}
END_TEST

START_TEST(test_unsafe_characters_replaced)
{
	/* CSI (U+009B), NEL (U+0085), RLO (U+202E), LRI (U+2066); U+00A0 and
	 * U+2010 beside them are ordinary */
	static const char in[] = "a\xC2\x9B" "b\xC2\x85" "c\xE2\x80\xAE" "d\xE2\x81\xA6"
				 "e\xC2\xA0\xE2\x80\x90";
	struct sbuf sb = SBUF_INIT;

	esc_terminal(&sb, in, strlen(in));
	ck_assert_str_eq(sbuf_str(&sb), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD"
					"d\xEF\xBF\xBD" "e\xC2\xA0\xE2\x80\x90");
	sbuf_release(&sb);
	esc_md(&sb, in, strlen(in));
	ck_assert_str_eq(sbuf_str(&sb), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD"
					"d\xEF\xBF\xBD" "e\xC2\xA0\xE2\x80\x90");
	sbuf_release(&sb);
	esc_gh(&sb, in, strlen(in), 1);
	ck_assert_str_eq(sbuf_str(&sb), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD"
					"d\xEF\xBF\xBD" "e\xC2\xA0\xE2\x80\x90");
	sbuf_release(&sb);
	esc_json(&sb, in, strlen(in));
	ck_assert_str_eq(sbuf_str(&sb), "\"a\\u009bb\\u0085c\\u202ed\\u2066e\xC2\xA0\xE2\x80\x90\"");
	sbuf_release(&sb);
	esc_xml(&sb, in, strlen(in), 0);
	ck_assert_str_eq(sbuf_str(&sb), "a&#x9B;b&#x85;c&#x202E;d&#x2066;e\xC2\xA0\xE2\x80\x90");
	sbuf_release(&sb);
}
END_TEST

/* A Markdown cell: every hostile piece below, escaped as esc_md's contract
 * says, worked out by hand. */
START_TEST(test_md_escape)
{
	static const struct { const char *in, *want; } cases[] = {
		{"a|b", "a\\|b"},
		{"`code` *em* _u_ [l](x) ~s~", "\\`code\\` \\*em\\* \\_u\\_ \\[l\\](x) \\~s\\~"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"<!-- mlgate-report -->", "&lt;!-- mlgate-report --&gt;"},
		{"l1\nl2\r\nl3", "l1<br>l2<br>l3"},
		{"cc @user and @org/team", "cc @&#8203;user and @&#8203;org/team"},
		{"a@b.example", "a@&#8203;b.example"},
	};
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		esc_md(&sb, cases[i].in, strlen(cases[i].in));
		ck_assert_msg(strcmp(sbuf_str(&sb), cases[i].want) == 0, "'%s' -> '%s'",
			      cases[i].in, sbuf_str(&sb));
		sbuf_release(&sb);
	}
}
END_TEST

/* A Mermaid string: nothing in it can end the string, the line or the code
 * fence, open a Markdown string, an entity or a directive. */
START_TEST(test_mermaid_escape)
{
	static const struct { const char *in, *want; } cases[] = {
		{"plain words [1, 2]", "plain words [1, 2]"},
		{"a\"b", "a'b"},
		{"`md`\"", "'md''"},
		{"x\"]\ny-axis", "x'] y-axis"},
		{"<script>", "\uFF1Cscript\uFF1E"},
		{"#quot; 50% %%{init}%%", "\uFF03quot; 50% \uFF05%{init}\uFF05%"},
		{"```\r\n```", "'''  '''"},
		{"bad\xff\xc2\x9b", "bad\xEF\xBF\xBD\xEF\xBF\xBD"},
		{"@user|x", "@user|x"},
	};
	struct sbuf sb = SBUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		esc_mermaid(&sb, cases[i].in, strlen(cases[i].in));
		ck_assert_msg(strcmp(sbuf_str(&sb), cases[i].want) == 0, "'%s' -> '%s'",
			      cases[i].in, sbuf_str(&sb));
		sbuf_release(&sb);
	}
}
END_TEST

START_TEST(test_yaml_escape)
{
	/* each input and what esc_yaml must write, worked out from YAML 1.2
	 * section 7.3.1 (double-quoted escapes) and 7.3.3 (plain scalars) */
	static const struct {
		const char *in;
		int expand;
		const char *out;
	} cases[] = {
		{"accuracy", 1, "accuracy"},
		{"per class/a b", 1, "per class/a b"},
		{"Z\xC3\xBCrich", 1, "Z\xC3\xBCrich"},          /* non-ASCII text is plain */
		{"", 1, "\"\""},
		{"yes", 1, "\"yes\""}, {"Off", 1, "\"Off\""}, {"NULL", 1, "\"NULL\""},
		{"n", 1, "\"n\""}, {"nan", 1, "\"nan\""}, {"Infinity", 1, "\"Infinity\""},
		{"1e3", 1, "\"1e3\""}, {".5", 1, "\".5\""}, {".inf", 1, "\".inf\""}, {".", 1, "\".\""},
		{"../d/x.csv", 1, "../d/x.csv"}, {"./x", 1, "./x"}, {"-", 1, "\"-\""}, {"+1", 1, "\"+1\""},
		{"-x", 1, "\"-x\""}, {"~", 1, "\"~\""}, {" x", 1, "\" x\""}, {"x ", 1, "\"x \""},
		{"a: b", 1, "\"a: b\""}, {"a #b", 1, "\"a #b\""}, {"a,b", 1, "\"a,b\""},
		{"say \"hi\"\\", 1, "\"say \\\"hi\\\"\\\\\""},
		{"l1\nl2\tt", 1, "\"l1\\nl2\\tt\""},
		{"\x01\x1F\x7F", 1, "\"\\x01\\x1F\\x7F\""},
		{"c\xC2\x9B" "d\xC2\x85", 1, "\"c\\x9Bd\\x85\""},      /* C1: CSI, NEL */
		{"\xE2\x80\xAE" "\xE2\x80\xA8" "\xEF\xBB\xBF", 1, "\"\\u202E\\u2028\\uFEFF\""},
		{"bad\xFF", 1, "\"bad\xEF\xBF\xBD\""},
		{"${HOME}", 1, "\"$${HOME}\""}, {"${HOME}", 0, "\"${HOME}\""},
		{"$${x} $$${y} $x", 1, "\"$$${x} $$$${y} $x\""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf sb = SBUF_INIT;
		esc_yaml(&sb, cases[i].in, strlen(cases[i].in), cases[i].expand);
		ck_assert_msg(strcmp(sbuf_str(&sb), cases[i].out) == 0,
			      "case %zu: got [%s], want [%s]", i, sbuf_str(&sb), cases[i].out);
		sbuf_release(&sb);
	}
	ck_assert(utf8_valid("Z\xC3\xBC", 3));
	ck_assert(!utf8_valid("a\0b", 3));
	ck_assert(!utf8_valid("\xC3", 1));
}
END_TEST

START_TEST(test_error_print_escapes)
{
	struct mg_error e;
	char *dir = tu_tempdir();
	char *path = xasprintf("%s/err.txt", dir);
	FILE *f = fopen(path, "w");
	int saved = dup(2);
	char *t;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(dup2(fileno(f), 2), 2);
	mg_errorf(&e, 3, "m\xE2\x80\xAEjson", 1, 2, "bad '\x1b[2J\xC2\x9B'");
	mg_error_print(&e);
	fflush(stderr);
	ck_assert_int_eq(dup2(saved, 2), 2);
	close(saved);
	fclose(f);
	t = slurp(path);
	ck_assert_str_eq(t, "mlgate: m\xEF\xBF\xBDjson:1:2: bad '?[2J\xEF\xBF\xBD'\n");
	free(t);
	tu_rmrf(dir);
	free(dir);
	free(path);
}
END_TEST

static char *scrubbed(const char *text)
{
	static const char *const secrets[] = {"ghs_Tok3n", "pa%ss", "", NULL, "ghs_Tok3nLonger",
					      "tok@host.example"};
	struct sbuf sb = SBUF_INIT;

	esc_scrub(&sb, text, strlen(text), secrets, 6);
	return sbuf_detach(&sb);
}

START_TEST(test_scrub_spellings)
{
	static const struct { const char *in, *want; } cases[] = {
		{"x ghs_Tok3n y", "x *** y"},
		{"GHS_TOK3N", "***"},                     /* case */
		{"ghs\\_Tok3n", "***"},                   /* Markdown escape */
		{"ghs\\u005fTok3n", "***"},               /* JSON escape */
		{"\\u0067hs_Tok\\u0033n", "***"},
		{"ghs%5FTok3n", "***"},                   /* percent-encoding */
		{"pa%25ss and pa%ss", "*** and ***"},
		{"ghs_Tok3nLonger!", "***!"},             /* the longest wins */
		{"ghs_Tok3", "ghs_Tok3"},                 /* a prefix is not the secret */
		{"ghs-Tok3n", "ghs-Tok3n"},
		{"tok@&#8203;host.example", "***"},       /* Markdown mention guard */
		{"tok@&#8203;host\\.example", "***"},
		{"tok&#8203;host.example", "tok&#8203;host.example"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *t = scrubbed(cases[i].in);
		ck_assert_msg(strcmp(t, cases[i].want) == 0, "'%s' -> '%s'", cases[i].in, t);
		free(t);
	}
}
END_TEST

START_TEST(test_parse_bool)
{
	ck_assert_int_eq(mg_parse_bool("true"), 1);
	ck_assert_int_eq(mg_parse_bool("TRUE"), 1);
	ck_assert_int_eq(mg_parse_bool("1"), 1);
	ck_assert_int_eq(mg_parse_bool("False"), 0);
	ck_assert_int_eq(mg_parse_bool("0"), 0);
	ck_assert_int_eq(mg_parse_bool("yes"), -1);
	ck_assert_int_eq(mg_parse_bool(""), -1);
	ck_assert_int_eq(mg_parse_bool("true "), -1);
}
END_TEST

/* Echoed values are cut at a character boundary with the count of what
 * was cut; lists show TRUST_ECHO_ITEMS and count the rest; a gate message
 * longer than GATE_MESSAGE_MAX is cut the same way. */
START_TEST(test_echo_bounded)
{
	struct sbuf sb = SBUF_INIT;
	char v[200];
	size_t count = 0;
	struct gate_list gl;
	struct gate_result *g;

	trust_echo(&sb, "short", 5);
	ck_assert_str_eq(sbuf_str(&sb), "short");
	sbuf_release(&sb);
	memset(v, 'a', sizeof(v));
	trust_echo(&sb, v, 64); /* exactly the limit: whole */
	ck_assert_uint_eq(sb.len, 64);
	sbuf_release(&sb);
	trust_echo(&sb, v, 65);
	ck_assert_uint_eq(sb.len, 64 + strlen("... (1 bytes cut)"));
	ck_assert_str_eq(sbuf_str(&sb) + 64, "... (1 bytes cut)");
	sbuf_release(&sb);
	/* "é" (c3 a9) across the limit: bytes 63 and 64 -- cut before it */
	v[63] = (char)0xc3;
	v[64] = (char)0xa9;
	ck_assert_uint_eq(trust_echo_len(v, 100, 64), 63);
	trust_echo(&sb, v, 100);
	ck_assert_str_eq(sbuf_str(&sb) + 63, "... (37 bytes cut)");
	sbuf_release(&sb);
	/* a four-byte character (U+1F600, f0 9f 98 80) at 62..65 */
	memcpy(v + 62, "\xf0\x9f\x98\x80", 4);
	ck_assert_uint_eq(trust_echo_len(v, 100, 64), 62);
	for (int i = 0; i < 25; i++)
		trust_echo_item(&sb, &count, i % 2 ? "b" : "a", i == 0 ? " (x)" : NULL);
	trust_echo_more(&sb, count);
	ck_assert_uint_eq(count, 25);
	ck_assert_str_eq(sbuf_str(&sb),
			 "'a' (x), 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b' and 15 more");
	sbuf_release(&sb);
	count = 0;
	for (int i = 0; i < 10; i++)
		trust_echo_item(&sb, &count, "c", NULL);
	trust_echo_more(&sb, count); /* exactly ten: no " and 0 more" */
	ck_assert_ptr_null(strstr(sbuf_str(&sb), "more"));
	sbuf_release(&sb);

	gates_init(&gl);
	g = gates_add(&gl, "g", "metric");
	gate_message(g, "%0*d", 3000, 7);
	ck_assert_uint_eq(strlen(g->message), GATE_MESSAGE_MAX + strlen("... (952 bytes cut)"));
	ck_assert_str_eq(g->message + GATE_MESSAGE_MAX, "... (952 bytes cut)");
	gate_message(g, "%0*d", GATE_MESSAGE_MAX, 7);
	ck_assert_uint_eq(strlen(g->message), GATE_MESSAGE_MAX);
	gates_release(&gl);
}
END_TEST

Suite *suite_util(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_parse_double);
	tcase_add_test(tc, test_echo_bounded);
	tcase_add_test(tc, test_fmt_double_round_trips);
	tcase_add_test(tc, test_glob);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_did_you_mean);
	tcase_add_test(tc, test_ends_with);
	tcase_add_test(tc, test_sbuf_cap);
	tcase_add_test(tc, test_json_escape);
	tcase_add_test(tc, test_jsonw);
	tcase_add_test(tc, test_glob_against_reference);
	tcase_add_test(tc, test_glob_linear_on_hostile_waivers);
	tcase_add_test(tc, test_write_replaces_symlink_keeps_mode);
	tcase_add_test(tc, test_read_refuses_fifo_device_dir);
	tcase_add_test(tc, test_check_outputs);
	tcase_add_test(tc, test_unsafe_characters_replaced);
	tcase_add_test(tc, test_md_escape);
	tcase_add_test(tc, test_mermaid_escape);
	tcase_add_test(tc, test_yaml_escape);
	tcase_add_test(tc, test_error_print_escapes);
	tcase_add_test(tc, test_scrub_spellings);
	tcase_add_test(tc, test_parse_bool);
	suite_add_tcase(s, tc);
	return s;
}
