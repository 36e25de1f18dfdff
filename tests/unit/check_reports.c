/* The CI-facing reporters on one hand-made run: passes, a warning, a
 * failure, an error, a waived gate and a gate whose id and message carry
 * hostile text (%, ::, commas, |, < & >, a newline, a control character,
 * U+FFFF and invalid UTF-8).  Golden files fix each format's shape
 * (MLGATE_UPDATE_GOLDEN=1 rewrites them after a deliberate change; review
 * the diff); the escaping rules are asserted explicitly, and the JSON
 * outputs are read back with the JSON parser. */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/escape.h"
#include "ext/jsondoc.h"
#include "report/report.h"
#include "report/report_markdown.h"
#include "suites.h"
#include "testutil.h"

#define HOSTILE_ID "model.evil%25::x,y|z<&>\n\xff.min"
#define HOSTILE_MSG "metric 'evil%::x,y|z<&>\nline2\x01\xef\xbf\xbf' is absent"

static struct gate_list gates;
static struct run_result run;

static struct gate_result *add(const char *id, const char *kind, double value,
			       double threshold, enum gate_op op,
			       enum gate_status status, int line, const char *msg)
{
	struct gate_result *g = gates_add(&gates, id, kind);

	g->value = value;
	g->threshold = threshold;
	g->op = op;
	g->status = status;
	g->line = line;
	g->col = 5;
	gate_message(g, "%s", msg);
	return g;
}

static void scenario(void)
{
	struct gate_result *g;

	gates_init(&gates);
	g = add("model.f1_score.min", "metric", 0.8733, 0.85, OP_GE, GS_PASS, 10,
		"f1_score = 0.8733 >= min 0.85");
	g->baseline = 0.8722;
	g = add("model.accuracy.min", "metric", 0.71, 0.8, OP_GE, GS_FAIL, 12,
		"accuracy = 0.71 < min 0.8");
	g->baseline = 0.9;
	g = add("model.latency_ms.p95.max", "metric", 57.9, 50, OP_LE, GS_WARN, 14,
		"latency_ms.p95 = 57.9 > max 50");
	g->severity = SEV_WARN;
	g = add("data.customers.age.null_ratio.max", "null_ratio", NAN, 0.01, OP_LE,
		GS_ERROR, 20, "column 'age' is absent from data/customers.csv");
	gate_set_str(&g->dataset, "customers");
	gate_set_str(&g->column, "age");
	g = add("data.customers.income.drift.psi", "drift", 0.31, 0.2, OP_LE,
		GS_WAIVED, 25, "psi = 0.31 > max 0.2");
	gate_set_str(&g->dataset, "customers");
	gate_set_str(&g->waiver, "new pricing launched; JIRA-123");
	memcpy(g->waiver_until, "2027-01-31", 11);
	/* reference 1, 3 and current 2, 2 rows in two bins split at 40000 */
	gate_set_str(&g->details, "{\"method\":\"psi\",\"type\":\"number\",\"bins\":"
		     "{\"edges\":[40000],\"reference_counts\":[1,3],\"current_counts\":[2,2]}}");
	add(HOSTILE_ID, "metric", NAN, 0.5, OP_GE, GS_FAIL, 30, HOSTILE_MSG);

	memset(&run, 0, sizeof(run));
	run.policy_path = "./policy dir/mlgate.yml";
	run.policy_name = "churn <model>";
	run.gates = &gates;
	gates_summarize(&gates, &run.summary);
	run.exit_code = gates_exit_code(&run.summary, 0, 0);
	run.status = gates_verdict(&run.summary);
	run.duration_ms = 1250;
}

static void teardown(void)
{
	gates_release(&gates);
}

static char *render(const char *format)
{
	const struct report_ops *ops = report_find(format);
	struct report_opts o = {0};
	struct sbuf sb = SBUF_INIT;

	ck_assert_msg(ops != NULL, "format %s is registered", format);
	ck_assert_int_eq(ops->render(&run, &o, &sb), 0);
	return sbuf_detach(&sb);
}

static char *render_text(enum report_only only, int width)
{
	struct report_opts o = {0};
	struct sbuf sb = SBUF_INIT;

	o.only = only;
	o.width = width;
	ck_assert_int_eq(report_text.render(&run, &o, &sb), 0);
	return sbuf_detach(&sb);
}

static void check_golden_file(const char *name, const char *got)
{
	const char *dir = getenv("MLGATE_GOLDEN_DIR");
	char *path = xasprintf("%s/%s", dir ? dir : "tests/unit/golden", name);
	char *want;
	size_t len;

	if (getenv("MLGATE_UPDATE_GOLDEN")) {
		ck_assert_int_eq(mg_write_file_atomic(path, got, strlen(got), NULL), 0);
	}
	want = mg_read_file(path, 1 << 20, &len, NULL);
	ck_assert_msg(want != NULL, "golden file %s is missing", path);
	ck_assert_msg(strcmp(want, got) == 0, "%s differs from its golden file:\n%s", name, got);
	free(want);
	free(path);
}

static void check_golden(const char *format, const char *got)
{
	char *name = xasprintf("reports.%s", format);

	check_golden_file(name, got);
	free(name);
}

/* Every byte sequence is valid UTF-8 and free of the controls `allowed`
 * does not list. */
static int clean_utf8(const char *s, const char *allowed)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq_len(p + i, n - i);
		if (!len)
			return 0;
		if (p[i] < 0x20 && !strchr(allowed, p[i]))
			return 0;
		i += len;
	}
	return 1;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

START_TEST(test_escape_rules)
{
	struct sbuf sb = SBUF_INIT;
	const char s[] = "a%b:c,d\r\ne\x01";

	esc_gh(&sb, s, strlen(s), 0);
	ck_assert_str_eq(sbuf_str(&sb), "a%25b:c,d%0D%0Ae?");
	sbuf_release(&sb);
	esc_gh(&sb, s, strlen(s), 1);
	ck_assert_str_eq(sbuf_str(&sb), "a%25b%3Ac%2Cd%0D%0Ae?");
	sbuf_release(&sb);

	esc_xml(&sb, "<a & 'b'>\"\t\n\r\x1f\x7f\xef\xbf\xbe\xc3\xa9", 20, 0);
	ck_assert_str_eq(sbuf_str(&sb), "&lt;a &amp; &apos;b&apos;&gt;&quot;\t\n&#13;"
			 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xc3\xa9");
	sbuf_release(&sb);
	esc_xml(&sb, "\t\n\r", 3, 1);
	ck_assert_str_eq(sbuf_str(&sb), "&#9;&#10;&#13;");
	sbuf_release(&sb);
	esc_xml(&sb, "\xff\xc3", 2, 0); /* invalid byte, then a truncated sequence */
	ck_assert_str_eq(sbuf_str(&sb), "\xEF\xBF\xBD\xEF\xBF\xBD");
	sbuf_release(&sb);

	{
		const char *m = "a|b\\c*d_e`f[g]h~i<!-- x -->&\r\nj";
		esc_md(&sb, m, strlen(m));
	}
	ck_assert_str_eq(sbuf_str(&sb),
			 "a\\|b\\\\c\\*d\\_e\\`f\\[g\\]h\\~i&lt;!-- x --&gt;&amp;<br>j");
	sbuf_release(&sb);

	{
		/* C0, DEL, C1 (U+0085), RLO (U+202E), RLI (U+2067), U+FFFE, an
		 * invalid byte; é and CRLF kept (CRLF as LF) */
		const char h[] = "<a & 'b'>\"\t\r\nx\x01\x7f\xc2\x85\xe2\x80\xae\xe2\x81\xa7"
				 "\xef\xbf\xbe\xff\xc3\xa9\xe2\x80\xad";
		esc_html(&sb, h, strlen(h), 0);
		ck_assert_str_eq(sbuf_str(&sb), "&lt;a &amp; &#39;b&#39;&gt;&quot;\t\nx"
				 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
				 "\xEF\xBF\xBD\xEF\xBF\xBD\xc3\xa9\xEF\xBF\xBD");
		sbuf_release(&sb);
		esc_html(&sb, "\t\n\r", 3, 1);
		ck_assert_str_eq(sbuf_str(&sb), "&#9;&#10;&#10;");
		sbuf_release(&sb);
		/* neighbours of the unsafe ranges pass: U+00A0, U+2029, U+206A */
		esc_html(&sb, "\xc2\xa0\xe2\x80\xa9\xe2\x81\xaa", 8, 0);
		ck_assert_str_eq(sbuf_str(&sb), "\xc2\xa0\xe2\x80\xa9\xe2\x81\xaa");
		sbuf_release(&sb);
	}

	esc_uri_path(&sb, "dir name/a%b.yml", 16);
	ck_assert_str_eq(sbuf_str(&sb), "dir%20name/a%25b.yml");
	sbuf_release(&sb);
	esc_uri_path(&sb, "/abs/p.yml", 10);
	ck_assert_str_eq(sbuf_str(&sb), "file:///abs/p.yml");
	sbuf_release(&sb);
}
END_TEST

START_TEST(test_junit)
{
	char *x = render("junit");

	check_golden("junit", x);
	ck_assert(clean_utf8(x, "\n\t"));
	/* counts: 6 tests, 2 failures, 1 error, 2 skipped (waived, warned);
	 * testsuites has no skipped count (junit-10.xsd, junit-4.xsd) */
	ck_assert_ptr_nonnull(strstr(x, "<testsuites name=\"mlgate: churn &lt;model&gt;\" tests=\"6\" failures=\"2\" errors=\"1\" time=\"1.250\">"));
	ck_assert_ptr_nonnull(strstr(x, "<testsuite name=\"mlgate: churn &lt;model&gt;\" tests=\"6\" failures=\"2\" errors=\"1\" skipped=\"2\" time=\"1.250\">"));
	/* no file or line on a testcase: the policy is in the body */
	ck_assert_ptr_null(strstr(x, " file="));
	ck_assert_ptr_null(strstr(x, " line="));
	ck_assert_ptr_nonnull(strstr(x, "<testcase classname=\"data.customers\" name=\"data.customers.age.null_ratio.max\" time=\"0\">"));
	ck_assert_ptr_nonnull(strstr(x, "<error type=\"error\" message=\"column &apos;age&apos; is absent"));
	/* <skipped> without attributes (junit-4.xsd): the reason leads the body */
	ck_assert_ptr_nonnull(strstr(x, "<skipped>waived: new pricing launched; JIRA-123\npsi = 0.31"));
	/* the warning is skipped, so GitLab shows its text */
	ck_assert_ptr_nonnull(strstr(x, "<skipped>warning: latency_ms.p95 = 57.9 &gt; max 50\nvalue: 57.9\nthreshold: &lt;= 50\npolicy: policy dir/mlgate.yml:14\n</skipped>"));
	ck_assert_ptr_null(strstr(x, "<system-out>warning"));
	/* failure body: message, value, threshold, baseline, where */
	ck_assert_ptr_nonnull(strstr(x, ">accuracy = 0.71 &lt; min 0.8\nvalue: 0.71\nthreshold: &gt;= 0.8\nbaseline: 0.9\npolicy: policy dir/mlgate.yml:12\n</failure>"));
	/* hostile id in an attribute: newline as a reference, bad byte as U+FFFD */
	ck_assert_ptr_nonnull(strstr(x, "name=\"model.evil%25::x,y|z&lt;&amp;&gt;&#10;\xEF\xBF\xBD.min\""));
	/* hostile message in the body: control and U+FFFF replaced */
	ck_assert_ptr_nonnull(strstr(x, "metric &apos;evil%::x,y|z&lt;&amp;&gt;\nline2\xEF\xBF\xBD\xEF\xBF\xBD&apos; is absent"));
	ck_assert_ptr_nonnull(strstr(x, "<testsuites name=\"mlgate: churn &lt;model&gt;\""));
	free(x);
}
END_TEST

START_TEST(test_junit_fail_on_warn)
{
	char *x;

	run.exit_code = gates_exit_code(&run.summary, 1, 0);
	/* make warnings the only finding */
	gates.v[1].status = GS_PASS;
	gates.v[3].status = GS_PASS;
	gates.v[5].status = GS_PASS;
	gates_summarize(&gates, &run.summary);
	run.exit_code = gates_exit_code(&run.summary, 1, 0);
	ck_assert_int_eq(run.exit_code, MG_EXIT_FAIL);
	x = render("junit");
	ck_assert_ptr_nonnull(strstr(x, "<failure type=\"warn\" message=\"latency_ms.p95 = 57.9 &gt; max 50\">"));
	ck_assert_ptr_nonnull(strstr(x, "failures=\"1\" errors=\"0\" skipped=\"1\"" /* the waiver only */));
	free(x);
	x = render("html");
	ck_assert_ptr_nonnull(strstr(x, "<p class=\"word\">Failed: warnings fail this run</p>"));
	free(x);
	run.exit_code = 0;
	x = render("html");
	ck_assert_ptr_nonnull(strstr(x, "<header class=\"verdict v-warn\"><p class=\"word\">Passed with warnings</p>"));
	free(x);
}
END_TEST

START_TEST(test_github)
{
	char *x = render("github");
	const char *e1, *e2, *e3, *w, *n;

	check_golden("github", x);
	ck_assert(clean_utf8(x, "\n"));
	/* one line per non-passing gate, nothing for the pass */
	ck_assert_uint_eq(count(x, "\n"), 5);
	ck_assert_uint_eq(count(x, "\n::"), 4);
	ck_assert_ptr_null(strstr(x, "f1_score.min"));
	/* most severe first: the error, then failures, then warning, notice */
	e1 = strstr(x, "::error file=policy dir/mlgate.yml,line=20,col=5,title=data.customers.age.null_ratio.max::could not evaluate: column 'age' is absent");
	e2 = strstr(x, "::error file=policy dir/mlgate.yml,line=12,col=5,title=model.accuracy.min::accuracy = 0.71 < min 0.8\n");
	e3 = strstr(x, "::error file=policy dir/mlgate.yml,line=30,col=5,title=model.evil%2525%3A%3Ax%2Cy|z<&>%0A\xEF\xBF\xBD.min::metric 'evil%25::x,y|z<&>%0Aline2?\xEF\xBF\xBF' is absent\n");
	w = strstr(x, "::warning file=policy dir/mlgate.yml,line=14,");
	n = strstr(x, "::notice file=policy dir/mlgate.yml,line=25,col=5,title=data.customers.income.drift.psi::waived: psi = 0.31 > max 0.2 (reason: new pricing launched; JIRA-123)\n");
	ck_assert(e1 && e2 && e3 && w && n);
	ck_assert(e1 == x && e1 < e2 && e2 < e3 && e3 < w && w < n);
	free(x);
}
END_TEST

START_TEST(test_github_limits)
{
	char *x;
	const char *last;
	char id[32];

	teardown();
	gates_init(&gates);
	for (int i = 0; i < 25; i++) {
		snprintf(id, sizeof(id), "model.m%d.min", i);
		add(id, "metric", 0, 1, OP_GE, GS_FAIL, 10 + i, "below");
	}
	add("model.broken.min", "metric", NAN, 1, OP_GE, GS_ERROR, 5, "absent");
	for (int i = 0; i < 12; i++) {
		snprintf(id, sizeof(id), "model.w%d.max", i);
		add(id, "metric", 2, 1, OP_LE, GS_WARN, 50 + i, "above");
	}
	for (int i = 0; i < 3; i++) {
		snprintf(id, sizeof(id), "model.v%d.max", i);
		add(id, "metric", 2, 1, OP_LE, GS_WAIVED, 70 + i, "waived");
	}
	gates_summarize(&gates, &run.summary);
	x = render("github");
	ck_assert_uint_eq(count(x, "::error "), 10);
	ck_assert_uint_eq(count(x, "::warning "), 10);
	ck_assert_uint_eq(count(x, "::notice "), 4);
	/* the error outranks the 25 failures and comes first */
	ck_assert(strncmp(x, "::error file=policy dir/mlgate.yml,line=5,", 42) == 0);
	/* 16 errors/failures and 2 warnings were left out */
	last = strstr(x, "::notice title=mlgate::18 more annotations were left out");
	ck_assert_ptr_nonnull(last);
	ck_assert_str_eq(strchr(last, '\n'), "\n");
	free(x);

	/* 12 waived gates alone: 9 notices and the closing one */
	teardown();
	gates_init(&gates);
	for (int i = 0; i < 12; i++) {
		snprintf(id, sizeof(id), "model.v%d.max", i);
		add(id, "metric", 2, 1, OP_LE, GS_WAIVED, 70 + i, "waived");
	}
	gates_summarize(&gates, &run.summary);
	x = render("github");
	ck_assert_uint_eq(count(x, "::notice "), 10);
	ck_assert_ptr_nonnull(strstr(x, "::notice title=mlgate::3 more annotations were left out"));
	free(x);
}
END_TEST

START_TEST(test_markdown)
{
	char *x = render("markdown");
	const char *row, *end, *fold;

	check_golden("markdown", x);
	{
		const char *head = "### mlgate churn &lt;model&gt;: ⛔ 1 of 6 gates could not be evaluated\n";
		ck_assert(strncmp(x, head, strlen(head)) == 0);
	}
	ck_assert(strlen(x) > strlen(MD_MARKER) + 1);
	ck_assert_str_eq(x + strlen(x) - strlen(MD_MARKER) - 1, MD_MARKER "\n");
	/* problems first, most severe first, each with its message */
	ck_assert_ptr_nonnull(strstr(x, "| status | gate | value | threshold | Δ vs baseline | message |\n|:--|:--|--:|--:|--:|:--|\n"
				     "| ⛔ error | data.customers.age.null\\_ratio.max | — | ≤ 0.01 |  | column 'age' is absent from data/customers.csv |\n"
				     "| ❌ fail | model.accuracy.min | 0.71 | ≥ 0.8 | -0.19 | accuracy = 0.71 &lt; min 0.8 |\n"));
	ck_assert_ptr_nonnull(strstr(x, "| 💤 waived | data.customers.income.drift.psi | 0.31 | ≤ 0.2 |  | psi = 0.31 &gt; max 0.2 — waived: new pricing launched; JIRA-123 |\n"));
	/* the hostile row keeps exactly 7 unescaped pipes and one line */
	row = strstr(x, "| ❌ fail | model.evil%25::x,y\\|z&lt;&amp;&gt;<br>\xEF\xBF\xBD.min | — | ≥ 0.5 |  | metric 'evil%::x,y\\|z&lt;&amp;&gt;<br>line2\xEF\xBF\xBD\xEF\xBF\xBF' is absent |\n");
	ck_assert_ptr_nonnull(row);
	end = strchr(row, '\n');
	{
		size_t pipes = 0;
		for (const char *p = row; p < end; p++)
			pipes += *p == '|' && (p == row || p[-1] != '\\');
		ck_assert_uint_eq(pipes, 7);
	}
	/* the waived drift gate's chart: reference 1 and 3 of 4 rows (25%,
	 * 75%), current 2 and 2 (50%, 50%); the axis tops at 100%; sparkline
	 * levels ceil(share / 0.75 * 8) of 8: 3 and 8, then 6 and 6 */
	ck_assert_ptr_nonnull(strstr(x, "```mermaid\nxychart-beta\n"
				     "    title \"data.customers.income.drift.psi: bars reference, line current\"\n"
				     "    x-axis [\"≤ 40000\", \"＞ 40000\"]\n"
				     "    y-axis \"% of rows\" 0 --> 100\n"
				     "    bar [25, 75]\n    line [50, 50]\n```\n\n"
				     "`▃█` reference · `▆▆` current\n"));
	/* the one pass folded, after a blank line so that GitHub renders its table */
	fold = strstr(x, "\n<details><summary>1 passed</summary>\n\n| gate | value | threshold | Δ vs baseline |\n");
	ck_assert_ptr_nonnull(fold);
	ck_assert_ptr_nonnull(strstr(fold, "| model.f1\\_score.min | 0.8733 | ≥ 0.85 | +0.0011 |\n\n</details>\n"));
	ck_assert_ptr_null(strstr(x, "f1\\_score.min | 0.8733 | ≥ 0.85 | +0.0011 | ✅"));
	ck_assert(strstr(x, "⛔ error |") < fold && strstr(x, "```mermaid") < fold);
	/* only the generated marker looks like an HTML comment */
	ck_assert_uint_eq(count(x, "<!--"), 1);
	free(x);
}
END_TEST

/* The text between the first `open` and the next `close` after it. */
static char *between(const char *s, const char *open, const char *close)
{
	const char *a = strstr(s, open), *b;

	ck_assert_msg(a != NULL, "no %s", open);
	b = strstr(a, close);
	ck_assert_msg(b != NULL, "no %s after %s", close, open);
	return xstrndup(a, (size_t)(b - a) + strlen(close));
}

START_TEST(test_html)
{
	char *x = render("html"), *svg;
	const char *verdict, *model, *data, *waiver;

	check_golden("html", x);
	ck_assert(strncmp(x, "<!DOCTYPE html>\n<html lang=\"en\">", 31) == 0);
	ck_assert(clean_utf8(x, "\n"));
	/* nothing runs, nothing is fetched */
	ck_assert_ptr_null(strstr(x, "<script"));
	ck_assert_ptr_null(strstr(x, "http://"));
	ck_assert_ptr_null(strstr(x, "https://"));
	ck_assert_ptr_nonnull(strstr(x, "content=\"default-src 'none'; style-src 'unsafe-inline'\""));
	/* the verdict first, then the sections in their order */
	verdict = strstr(x, "<header class=\"verdict v-error\"><p class=\"word\">Could not be evaluated</p><h1>mlgate: churn &lt;model&gt;</h1>");
	model = strstr(x, "<section id=\"section-model\"><h2>Model metrics <small>4 gates, 3 not passed</small>");
	data = strstr(x, "<section id=\"section-data\"><h2>Data <small>2 gates, 2 not passed</small>");
	waiver = strstr(x, "<section id=\"section-waiver\">");
	ck_assert(verdict && model && data && waiver);
	ck_assert(verdict < model && model < data && data < waiver);
	ck_assert_ptr_null(strstr(x, "section-other"));
	ck_assert_ptr_null(strstr(x, "section-promotion"));
	ck_assert_uint_eq(count(x, "<section"), 3);
	/* counts: 6 gates, 1 passed, 2 failed, 1 warned, 1 error, 1 waived */
	ck_assert_ptr_nonnull(strstr(x, "<span>gates <b>6</b></span><span>passed <b>1</b></span><span>failed <b>2</b></span><span>warned <b>1</b></span><span>errors <b>1</b></span><span>waived <b>1</b></span><span>exit code <b>3</b></span>"));
	/* within a section the most severe first: fail (hostile, accuracy), warn, pass */
	ck_assert(strstr(x, "<tr id=\"gate-1\">") < strstr(x, "<tr id=\"gate-2\">"));
	ck_assert(strstr(x, "<tr id=\"gate-2\">") < strstr(x, "<tr id=\"gate-0\">"));
	/* hostile id and message: escaped, the control character and U+FFFF
	 * replaced, the invalid byte as U+FFFD, the newline kept as text */
	ck_assert_ptr_nonnull(strstr(x, "<code>model.<wbr>evil%25::x,y|z&lt;&amp;&gt;\n\xEF\xBF\xBD.<wbr>min</code>"));
	ck_assert_ptr_nonnull(strstr(x, "metric &#39;evil%::x,y|z&lt;&amp;&gt;\nline2\xEF\xBF\xBD\xEF\xBF\xBD&#39; is absent"));
	/* value and threshold, 4 significant digits; baseline with its delta */
	ck_assert_ptr_nonnull(strstr(x, "<td class=\"num\" title=\"0.70999999999999996\">0.71</td><td class=\"num\">≥ 0.8</td><td class=\"num\">0.9 (-0.19)</td>"));
	/* the waiver with its last day, in the row and in the waiver list */
	ck_assert_ptr_nonnull(strstr(x, "<div class=\"note\">waived until 2027-01-31: new pricing launched; JIRA-123</div>"));
	ck_assert_ptr_nonnull(strstr(x, "<td class=\"num\">2027-01-31</td><td>new pricing launched; JIRA-123</td>"));
	/* one drift chart with two bins: shares 1/4, 3/4 (reference) and
	 * 1/2, 1/2 (current) of a plot 576 wide (bins of 288, bars of 0.4
	 * of that) and 174 high from y 30, whose top is 100% */
	ck_assert_uint_eq(count(x, "<svg"), 1);
	svg = between(x, "<svg class=\"drift\"", "</svg>");
	ck_assert_uint_eq(count(svg, "<rect class=\"bar ref\""), 2);
	ck_assert_uint_eq(count(svg, "<rect class=\"bar cur\""), 2);
	ck_assert_ptr_nonnull(strstr(svg, "<title>≤ 40000: reference 1 (25.0%), current 2 (50.0%)</title><rect class=\"bar ref\" x=\"80.80\" y=\"160.50\" width=\"115.20\" height=\"43.50\"/><rect class=\"bar cur\" x=\"196.00\" y=\"117.00\" width=\"115.20\" height=\"87.00\"/>"));
	ck_assert_ptr_nonnull(strstr(svg, "<title>&gt; 40000: reference 3 (75.0%), current 2 (50.0%)</title><rect class=\"bar ref\" x=\"368.80\" y=\"73.50\" width=\"115.20\" height=\"130.50\"/>"));
	ck_assert_ptr_nonnull(strstr(svg, ">100%</text>"));
	free(svg);
	free(x);
}
END_TEST

static struct gate_result *chart_gate(const char *id, const char *kind, enum gate_status st,
				      double value, double threshold, enum gate_op op,
				      const char *details)
{
	struct gate_result *g = add(id, kind, value, threshold, op, st, 40, "m");

	gate_set_str(&g->details, details);
	return g;
}

START_TEST(test_html_charts)
{
	static const char cats[] = "{\"bins\":{\"categories\":[\"basic\",\"<script>x</script>\",\"\xe2\x80\xae" "evil\",\"a very long category name\"],"
		"\"reference_counts\":[5,3,2,0],\"current_counts\":[1,1,1,7]}}";
	static const char groups[] = "{\"column\":\"gender\",\"groups\":{\"F\":{\"n\":4,\"f1\":0.6666666666666666},"
		"\"M\":{\"n\":4,\"f1\":0.8}},\"worst\":\"F\",\"best\":\"M\",\"gap\":0.13333333333333341}";
	static const char overall[] = "{\"n\":8,\"average\":\"binary\",\"positive\":\"1\",\"confusion_matrix\":"
		"{\"labels\":[0,1],\"matrix\":[[3,1],[1,3]]}}";
	static const char lat[] = "{\"probe\":\"command\",\"runs\":5,\"n\":5,\"errors\":0,\"min\":1,\"p50\":2,"
		"\"p90\":3,\"p95\":3.5,\"p99\":3.9,\"max\":4,\"mean\":2.5}";
	static const char *const broken[] = {
		"{oops",                                                            /* not JSON */
		"[1,2]",                                                            /* not an object */
		"{\"bins\":{\"edges\":[1],\"reference_counts\":[1,2],\"current_counts\":[1]}}", /* lengths differ */
		"{\"bins\":{\"edges\":[1,2],\"reference_counts\":[1,2],\"current_counts\":[1,2]}}", /* edges != bins - 1 */
		"{\"bins\":{\"edges\":[2,1],\"reference_counts\":[1,2,3],\"current_counts\":[1,2,3]}}", /* edges not increasing */
		"{\"bins\":{\"edges\":[1],\"reference_counts\":[-1,2],\"current_counts\":[1,2]}}", /* negative count */
		"{\"bins\":{\"edges\":[1],\"reference_counts\":[1,\"2\"],\"current_counts\":[1,2]}}", /* a string */
		"{\"bins\":{\"categories\":[\"a\"],\"edges\":[],\"reference_counts\":[1],\"current_counts\":[1]}}", /* both */
		"{\"bins\":{\"categories\":[\"a\",7],\"reference_counts\":[1,1],\"current_counts\":[1,1]}}", /* a number as name */
	};
	char *x, *svg, id[64];

	teardown();
	gates_init(&gates);
	chart_gate("data.c.plan.drift.chi2", "drift", GS_FAIL, 0.001, 0.01, OP_GE, cats);
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		snprintf(id, sizeof(id), "data.c.broken%zu.drift.psi", i);
		chart_gate(id, "drift", GS_PASS, 0.1, 0.2, OP_LE, broken[i]);
	}
	chart_gate("data.c.none.drift.psi", "drift", GS_PASS, 0.1, 0.2, OP_LE, NULL);
	chart_gate("predictions.f1.by.gender.min", "predictions", GS_PASS, 0.6666666666666666, 0.6, OP_GE, groups);
	chart_gate("predictions.f1.by.gender.max_gap", "predictions", GS_FAIL, 0.13333333333333341, 0.1, OP_LE, groups);
	chart_gate("predictions.f1.min", "predictions", GS_PASS, 0.75, 0.7, OP_GE, overall);
	chart_gate("predictions.accuracy.min", "predictions", GS_PASS, 0.75, 0.7, OP_GE, overall);
	gate_set_str(&chart_gate("latency.api.p95_ms", "latency", GS_PASS, 3.5, 5, OP_LE, lat)->target, "api");
	chart_gate("latency.api.error_rate", "latency", GS_PASS, 0, 0.1, OP_LE, lat);
	chart_gate("custom.thing", "metric", GS_PASS, 1, 0, OP_GE, NULL);
	/* 4 digits would print 0.9191 >= 0.9191: both get the 7 it takes */
	chart_gate("custom.close", "metric", GS_FAIL, 0.9190559, 0.919056, OP_GE, NULL);
	gates_summarize(&gates, &run.summary);
	run.exit_code = gates_exit_code(&run.summary, 0, 0);
	run.status = gates_verdict(&run.summary);
	x = render("html");
	ck_assert(clean_utf8(x, "\n"));
	ck_assert_ptr_null(strstr(x, "<script"));
	ck_assert_ptr_nonnull(strstr(x, "&lt;script&gt;x&lt;/script&gt;"));
	ck_assert_ptr_null(strstr(x, "\xe2\x80\xae"));
	/* the malformed and missing details give gates without charts */
	ck_assert_uint_eq(count(x, "<svg class=\"drift\""), 1);
	ck_assert_uint_eq(count(x, "<tr id=\"gate-"), gates.n);
	/* category bars: 4 of each, the long name cut, the zero bar drawn */
	svg = between(x, "<svg class=\"drift\"", "</svg>");
	ck_assert_ptr_nonnull(strstr(svg, "data-bins=\"4\""));
	ck_assert_uint_eq(count(svg, "<rect class=\"bar ref\""), 4);
	ck_assert_uint_eq(count(svg, "<rect class=\"bar cur\""), 4);
	ck_assert_ptr_nonnull(strstr(svg, ">a very long …</text>"));
	ck_assert_ptr_nonnull(strstr(svg, "<title>a very long category name: reference 0 (0.0%), current 7 (70.0%)</title>"));
	ck_assert_ptr_nonnull(strstr(svg, "height=\"0.00\""));
	free(svg);
	/* per-group bars once for the two gates on the same grouping, with
	 * the min line at 0.6 and the gap line at 2/3 + 0.1 (plot 0..1) */
	ck_assert_uint_eq(count(x, "<svg class=\"groups\""), 1);
	svg = between(x, "<svg class=\"groups\"", "</svg>");
	ck_assert_uint_eq(count(svg, "<rect class=\"bar grp"), 2);
	ck_assert_uint_eq(count(svg, "<rect class=\"bar grp bad\""), 1); /* M is above the gap line */
	ck_assert_ptr_nonnull(strstr(svg, ">min 0.6 (pass)</text>"));
	ck_assert_ptr_nonnull(strstr(svg, ">lowest + max gap 0.1 (fail)</text>"));
	/* the plot spans y 52 (value 1) to 204 (value 0): 0.6 at 112.80,
	 * 2/3 + 0.1 at 87.47 */
	ck_assert_ptr_nonnull(strstr(svg, "y1=\"112.80\" y2=\"112.80\""));
	ck_assert_ptr_nonnull(strstr(svg, "y1=\"87.47\" y2=\"87.47\""));
	free(svg);
	/* the confusion matrix once for the two overall gates */
	ck_assert_uint_eq(count(x, "<table class=\"cm\">"), 1);
	svg = between(x, "<table class=\"cm\">", "</table>");
	ck_assert_uint_eq(count(svg, "<td "), 4);
	ck_assert_ptr_nonnull(strstr(svg, "<tr><th>1</th><td class=\"off\" style=\"background:rgba(9,105,218,0.11)\" title=\"25.0% of actual\">1</td><td class=\"diag\" style=\"background:rgba(9,105,218,0.34)\" title=\"75.0% of actual\">3</td></tr>"));
	free(svg);
	/* the latency distribution once, with the p95 line at 5 ms of a
	 * 0..5 ms axis: x = 52 + 576 = 628 */
	ck_assert_uint_eq(count(x, "<svg class=\"latency\""), 1);
	svg = between(x, "<svg class=\"latency\"", "</svg>");
	ck_assert_ptr_nonnull(strstr(svg, ">p95 ≤ 5 ms (pass)</text>"));
	ck_assert_ptr_nonnull(strstr(svg, "<line class=\"line l-pass\" x1=\"628.00\" x2=\"628.00\""));
	free(svg);
	ck_assert_ptr_nonnull(strstr(x, "<section id=\"section-other\"><h2>Other gates"));
	ck_assert_ptr_nonnull(strstr(x, ">0.9190559</td><td class=\"num\">≥ 0.919056</td>"));
	ck_assert_ptr_nonnull(strstr(x, ">1</td><td class=\"num\">≥ 0</td>"));
	free(x);
}
END_TEST

static struct jval *parse(const char *text)
{
	struct mg_error err;
	struct jval *v = jv_parse(text, strlen(text), "report", 3, &err);

	ck_assert_msg(v != NULL, "not JSON: %s", err.msg);
	return v;
}

START_TEST(test_codequality)
{
	char *x = render("codequality"), *again;
	struct jval *doc = parse(x), *e;
	const char *want_sev[] = {"blocker", "critical", "critical", "minor", "info"};
	const char *want_id[] = {"data.customers.age.null_ratio.max", "model.accuracy.min",
				 HOSTILE_ID, "model.latency_ms.p95.max",
				 "data.customers.income.drift.psi"};

	check_golden("codequality", x);
	ck_assert_int_eq(jv_type(doc), J_ARRAY);
	ck_assert_uint_eq(jv_size(doc), 5); /* the passing gate is not an issue */
	for (size_t i = 0; i < 5; i++) {
		struct jval *loc;
		const char *d;
		double line;

		e = jv_at(doc, i);
		ck_assert_str_eq(jv_string(jv_get(e, "severity")), want_sev[i]);
		d = jv_string(jv_get(e, "description"));
		ck_assert(strncmp(d, want_id[i], strlen(want_id[i])) == 0 ||
			  (i == 2 && strncmp(d, "model.evil%25::x,y|z<&> \xEF\xBF\xBD.min", 28) == 0));
		/* the Code Climate spec's required fields; one-line descriptions */
		ck_assert_ptr_null(strpbrk(d, "\r\n"));
		ck_assert_str_eq(jv_string(jv_get(e, "type")), "issue");
		ck_assert_int_eq(jv_type(jv_get(e, "categories")), J_ARRAY);
		ck_assert_str_eq(jv_string(jv_at(jv_get(e, "categories"), 0)), "Bug Risk");
		ck_assert_uint_eq(strlen(jv_string(jv_get(e, "fingerprint"))), 64);
		loc = jv_get(e, "location");
		ck_assert_str_eq(jv_string(jv_get(loc, "path")), "policy dir/mlgate.yml");
		ck_assert_int_eq(jv_get_number(jv_get(loc, "lines"), "begin", &line), 0);
		ck_assert(line >= 12);
		{
			double end;

			ck_assert_int_eq(jv_get_number(jv_get(loc, "lines"), "end", &end), 0);
			ck_assert(end == line);
		}
		ck_assert_ptr_nonnull(d);
	}
	/* the hostile description decodes to the original text, with the
	 * invalid byte as U+FFFD and the newline and control as spaces */
	ck_assert_str_eq(jv_string(jv_get(jv_at(doc, 2), "description")),
			 "model.evil%25::x,y|z<&> \xEF\xBF\xBD.min fail: metric 'evil%::x,y|z<&> line2 \xef\xbf\xbf' is absent");
	ck_assert_str_eq(jv_string(jv_get(jv_at(doc, 0), "check_name")), "mlgate/null_ratio");
	/* fingerprints: distinct, and the same on a second rendering */
	again = render("codequality");
	ck_assert_str_eq(x, again);
	for (size_t i = 0; i < 5; i++)
		for (size_t j = i + 1; j < 5; j++)
			ck_assert_str_ne(jv_string(jv_get(jv_at(doc, i), "fingerprint")),
					 jv_string(jv_get(jv_at(doc, j), "fingerprint")));
	jv_free(doc);
	free(again);
	free(x);
}
END_TEST

START_TEST(test_fingerprint_value)
{
	/* SHA-256 of "mlgate\0policy dir/mlgate.yml\0model.accuracy.min\0",
	 * computed independently with Python:
	 *   hashlib.sha256(b"mlgate\0policy dir/mlgate.yml\0model.accuracy.min\0").hexdigest() */
	char *x = render("codequality");
	ck_assert_ptr_nonnull(strstr(x, "\"fingerprint\": \"0d993ee2443112732d426fb1bd8c2c05240c98c938f2f28bd19688b241422934\""));
	free(x);
}
END_TEST

START_TEST(test_sarif)
{
	char *x = render("sarif");
	struct jval *doc = parse(x), *run0, *results, *r, *loc;
	double n;

	check_golden("sarif", x);
	ck_assert_str_eq(jv_string(jv_get(doc, "version")), "2.1.0");
	run0 = jv_at(jv_get(doc, "runs"), 0);
	ck_assert_str_eq(jv_string(jv_get(jv_get(jv_get(run0, "tool"), "driver"), "name")), "mlgate");
	results = jv_get(run0, "results");
	ck_assert_uint_eq(jv_size(results), 5);
	r = jv_at(results, 1);
	ck_assert_str_eq(jv_string(jv_get(r, "ruleId")), "mlgate/metric");
	ck_assert_str_eq(jv_string(jv_get(r, "level")), "error");
	ck_assert_str_eq(jv_string(jv_get(jv_get(r, "message"), "text")),
			 "model.accuracy.min fail: accuracy = 0.71 < min 0.8");
	loc = jv_get(jv_at(jv_get(r, "locations"), 0), "physicalLocation");
	ck_assert_str_eq(jv_string(jv_get(jv_get(loc, "artifactLocation"), "uri")),
			 "policy%20dir/mlgate.yml");
	ck_assert_int_eq(jv_get_number(jv_get(loc, "region"), "startLine", &n), 0);
	ck_assert(n == 12);
	/* every rule a result names exists at its ruleIndex */
	for (size_t i = 0; i < jv_size(results); i++) {
		struct jval *rules = jv_get(jv_get(jv_get(run0, "tool"), "driver"), "rules");
		double k;
		r = jv_at(results, i);
		ck_assert_int_eq(jv_get_number(r, "ruleIndex", &k), 0);
		ck_assert_str_eq(jv_string(jv_get(jv_at(rules, (size_t)k), "id")),
				 jv_string(jv_get(r, "ruleId")));
	}
	/* the waived gate is a suppressed note with the reason */
	r = jv_at(results, 4);
	ck_assert_str_eq(jv_string(jv_get(r, "level")), "note");
	ck_assert_str_eq(jv_string(jv_get(jv_at(jv_get(r, "suppressions"), 0), "justification")),
			 "new pricing launched; JIRA-123");
	jv_free(doc);
	free(x);
}
END_TEST

static char *slurp(const char *path)
{
	size_t len;
	char *s = mg_read_file(path, 4u << 20, &len, NULL);

	ck_assert_ptr_nonnull(s);
	return s;
}

START_TEST(test_step_summary_appends)
{
	char *dir = tu_tempdir();
	char *path = tu_write(dir, "summary.md", "# earlier step\n");
	struct mg_error err;
	char *s;

	setenv("GITHUB_STEP_SUMMARY", path, 1);
	ck_assert_int_eq(report_github.after(&run, &err), 0);
	ck_assert_int_eq(report_github.after(&run, &err), 0);
	s = slurp(path);
	ck_assert(strncmp(s, "# earlier step\n\n### mlgate churn", 32) == 0);
	ck_assert_uint_eq(count(s, MD_MARKER), 2);
	ck_assert_uint_eq(count(s, "| model.accuracy.min |"), 2);
	free(s);
	unsetenv("GITHUB_STEP_SUMMARY");
	tu_rmrf(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_step_summary_after_unterminated_line)
{
	char *dir = tu_tempdir();
	char *path = tu_write(dir, "summary.md", "earlier text, no newline");
	struct mg_error err;
	char *s;

	setenv("GITHUB_STEP_SUMMARY", path, 1);
	ck_assert_int_eq(report_github.after(&run, &err), 0);
	s = slurp(path);
	/* the line ended, then one blank line: the heading stands alone */
	ck_assert(strncmp(s, "earlier text, no newline\n\n### mlgate churn", 42) == 0);
	free(s);
	unsetenv("GITHUB_STEP_SUMMARY");
	tu_rmrf(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_step_summary_cap)
{
	char *dir = tu_tempdir();
	char *path = xasprintf("%s/summary.md", dir);
	size_t start = (1024 * 1024) - 3000;
	char *big = xmalloc(start + 1), *s, id[40];
	struct mg_error err;
	struct stat st;

	/* 200 passing gates and one failure: the full table does not fit in
	 * the 3000 bytes left; the problems-only form does */
	teardown();
	gates_init(&gates);
	for (int i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "model.metric_number_%d.min", i);
		add(id, "metric", 1, 0.5, OP_GE, GS_PASS, 10 + i, "fine");
	}
	add("model.bad.min", "metric", 0.1, 0.5, OP_GE, GS_FAIL, 300, "below");
	gates_summarize(&gates, &run.summary);
	memset(big, 'x', start);
	big[start - 1] = '\n';
	big[start] = 0;
	ck_assert_int_eq(mg_write_file_atomic(path, big, start, NULL), 0);
	setenv("GITHUB_STEP_SUMMARY", path, 1);
	ck_assert_int_eq(report_github.after(&run, &err), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert((size_t)st.st_size <= 1024 * 1024);
	s = slurp(path);
	ck_assert_ptr_nonnull(strstr(s + start, "| model.bad.min |"));
	ck_assert_ptr_null(strstr(s + start, "metric\\_number\\_0"));
	ck_assert_ptr_nonnull(strstr(s + start, "200 passing gates are not listed"));
	ck_assert_ptr_nonnull(strstr(s + start, MD_MARKER));
	unsetenv("GITHUB_STEP_SUMMARY");
	free(s);
	free(big);
	tu_rmrf(dir);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_no_summary_without_env)
{
	struct mg_error err;

	unsetenv("GITHUB_STEP_SUMMARY");
	ck_assert_int_eq(report_github.after(&run, &err), 0);
	setenv("GITHUB_STEP_SUMMARY", "", 1);
	ck_assert_int_eq(report_github.after(&run, &err), 0);
	unsetenv("GITHUB_STEP_SUMMARY");
}
END_TEST

START_TEST(test_dotenv)
{
	char *x = render("dotenv");

	check_golden("dotenv", x);
	/* the fixture: 1 pass, 2 fail, 1 warn, 1 error, 1 waived; exit 3 */
	ck_assert_str_eq(x, "MLGATE_STATUS=error\nMLGATE_EXIT_CODE=3\nMLGATE_GATES=6\n"
			 "MLGATE_PASSED=1\nMLGATE_FAILED=2\nMLGATE_WARNED=1\n"
			 "MLGATE_ERRORED=1\nMLGATE_WAIVED=1\nMLGATE_SKIPPED=0\n"
			 "MLGATE_PROMOTED=false\n");
	free(x);
}
END_TEST

START_TEST(test_openmetrics)
{
	char *x = render("openmetrics");
	size_t len = strlen(x);

	check_golden("openmetrics", x);
	ck_assert(len > 6 && strcmp(x + len - 6, "# EOF\n") == 0);
	ck_assert_ptr_nonnull(strstr(x, "mlgate_gates{status=\"fail\"} 2\n"));
	ck_assert_ptr_nonnull(strstr(x, "mlgate_exit_code 3\n"));
	ck_assert_ptr_nonnull(strstr(x, "mlgate_gate_value{gate=\"model.accuracy.min\"} 0.71\n"));
	ck_assert_ptr_nonnull(strstr(x, "mlgate_gate_threshold{gate=\"model.accuracy.min\"} 0.8\n"));
	/* could not be evaluated: NaN, as OpenMetrics spells it */
	ck_assert_ptr_nonnull(strstr(x, "mlgate_gate_value{gate=\"data.customers.age.null_ratio.max\"} NaN\n"));
	/* a newline in a label value is \n; the invalid byte U+FFFD */
	ck_assert_ptr_nonnull(strstr(x, "{gate=\"model.evil%25::x,y|z<&>\\n\xEF\xBF\xBD.min\"}"));
	free(x);
}
END_TEST

START_TEST(test_azure)
{
	char *x = render("azure");
	const char *first = "##vso[task.logissue type=error;sourcepath=policy dir/mlgate.yml;linenumber=20;"
			    "columnnumber=5;code=data.customers.age.null_ratio.max]could not evaluate: ";

	check_golden("azure", x);
	/* most severe first: the error, then the failures, then the warning */
	ck_assert(strncmp(x, first, strlen(first)) == 0);
	ck_assert_ptr_nonnull(strstr(x, "##vso[task.logissue type=warning;sourcepath=policy dir/mlgate.yml;linenumber=14;columnnumber=5;code=model.latency_ms.p95.max]"));
	/* % as %AZP25, the newline as %0A, in the property and the message */
	ck_assert_ptr_nonnull(strstr(x, ";code=model.evil%AZP2525::x,y|z<&>%0A\xEF\xBF\xBD.min]"));
	/* waived and passing gates write nothing */
	ck_assert_ptr_null(strstr(x, "drift.psi"));
	ck_assert_ptr_null(strstr(x, "f1_score"));
	free(x);
}
END_TEST

START_TEST(test_tap)
{
	char *x = render("tap");

	check_golden("tap", x);
	ck_assert(strncmp(x, "TAP version 13\n1..6\nok 1 - model.f1_score.min\nnot ok 2 - model.accuracy.min\n  ---\n", 78) == 0);
	ck_assert_ptr_nonnull(strstr(x, "not ok 3 - model.latency_ms.p95.max # TODO warning: latency_ms.p95 = 57.9 > max 50\n"));
	ck_assert_ptr_nonnull(strstr(x, "ok 5 - data.customers.income.drift.psi # SKIP waived: new pricing launched; JIRA-123\n"));
	/* one line per point: the newline of the hostile id is a space */
	ck_assert_ptr_nonnull(strstr(x, "not ok 6 - model.evil%25::x,y|z<&> \xEF\xBF\xBD.min\n"));
	ck_assert_ptr_nonnull(strstr(x, "  at: \"policy dir/mlgate.yml:12\"\n"));
	free(x);
	/* with --fail-on-warn the warning is a plain failure */
	gates.v[1].status = GS_PASS;
	gates.v[3].status = GS_PASS;
	gates.v[5].status = GS_PASS;
	gates_summarize(&gates, &run.summary);
	run.exit_code = gates_exit_code(&run.summary, 1, 0);
	x = render("tap");
	ck_assert_ptr_nonnull(strstr(x, "not ok 3 - model.latency_ms.p95.max\n"));
	free(x);
}
END_TEST

START_TEST(test_sarif_run_facts)
{
	char *x = render("sarif");
	struct jval *doc = parse(x), *run0 = jv_at(jv_get(doc, "runs"), 0), *inv;

	/* one category per policy: the id up to its last '/' */
	ck_assert_str_eq(jv_string(jv_get(jv_get(run0, "automationDetails"), "id")),
			 "mlgate/policy dir/mlgate.yml/");
	inv = jv_at(jv_get(run0, "invocations"), 0);
	ck_assert_ptr_nonnull(inv);
	/* the fixture has a gate that could not be evaluated: exit 3 */
	ck_assert_int_eq(run.exit_code, MG_EXIT_INPUT);
	ck_assert_ptr_nonnull(strstr(x, "\"executionSuccessful\": false,\n          \"exitCode\": 3\n"));
	jv_free(doc);
	free(x);
	/* failed gates are results of a successful execution */
	gates.v[3].status = GS_PASS;
	gates_summarize(&gates, &run.summary);
	run.exit_code = gates_exit_code(&run.summary, 0, 0);
	ck_assert_int_eq(run.exit_code, MG_EXIT_FAIL);
	x = render("sarif");
	ck_assert_ptr_nonnull(strstr(x, "\"executionSuccessful\": true,\n          \"exitCode\": 1\n"));
	free(x);
}
END_TEST

START_TEST(test_stdin_policy_points_nowhere)
{
	char *x;

	run.policy_path = "-";
	x = render("github");
	ck_assert_ptr_null(strstr(x, "file="));
	ck_assert_ptr_nonnull(strstr(x, "::error title=model.accuracy.min::"));
	free(x);
	x = render("sarif");
	ck_assert_ptr_null(strstr(x, "\"locations\""));
	ck_assert_ptr_nonnull(strstr(x, "\"id\": \"mlgate/churn <model>/\""));
	free(x);
}
END_TEST

START_TEST(test_paths_from_a_subdirectory)
{
	char *ws = tu_tempdir(), *sub = xasprintf("%s/models/churn", ws), *x;
	char old[4096];

	ck_assert_ptr_nonnull(getcwd(old, sizeof(old)));
	char *models = xasprintf("%s/models", ws);

	ck_assert_int_eq(mkdir(models, 0700), 0);
	free(models);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(chdir(sub), 0);
	setenv("GITHUB_WORKSPACE", ws, 1);
	run.policy_path = "./mlgate.yml";
	x = render("github");
	ck_assert_ptr_nonnull(strstr(x, "::error file=models/churn/mlgate.yml,line=12,"));
	free(x);
	run.policy_path = "../shared/../policy.yml";
	x = render("codequality");
	ck_assert_ptr_nonnull(strstr(x, "\"path\": \"models/policy.yml\""));
	free(x);
	unsetenv("GITHUB_WORKSPACE");
	setenv("CI_PROJECT_DIR", ws, 1);
	run.policy_path = "mlgate.yml";
	x = render("sarif");
	ck_assert_ptr_nonnull(strstr(x, "\"uri\": \"models/churn/mlgate.yml\""));
	free(x);
	unsetenv("CI_PROJECT_DIR");
	/* no workspace: relative to the working directory, as given */
	x = render("github");
	ck_assert_ptr_nonnull(strstr(x, "::error file=mlgate.yml,line=12,"));
	free(x);
	ck_assert_int_eq(chdir(old), 0);
	tu_rmrf(ws);
	free(sub);
	free(ws);
}
END_TEST

START_TEST(test_paths_relative_to_the_checkout)
{
	char *x;

	run.policy_path = "/ci/ws/models/churn/mlgate.yml";
	setenv("GITHUB_WORKSPACE", "/ci/ws/", 1);
	x = render("github");
	ck_assert_ptr_nonnull(strstr(x, "::error file=models/churn/mlgate.yml,line=12,"));
	free(x);
	/* a sibling directory with the same prefix is not inside */
	setenv("GITHUB_WORKSPACE", "/ci/w", 1);
	x = render("github");
	ck_assert_ptr_nonnull(strstr(x, "::error file=/ci/ws/models/churn/mlgate.yml,line=12,"));
	free(x);
	unsetenv("GITHUB_WORKSPACE");
	setenv("CI_PROJECT_DIR", "/ci/ws", 1);
	x = render("codequality");
	ck_assert_ptr_nonnull(strstr(x, "\"path\": \"models/churn/mlgate.yml\""));
	free(x);
	unsetenv("CI_PROJECT_DIR");
	x = render("sarif");
	ck_assert_ptr_nonnull(strstr(x, "\"uri\": \"file:///ci/ws/models/churn/mlgate.yml\""));
	free(x);
}
END_TEST

START_TEST(test_markdown_comment_cap)
{
	char *x, id[64];

	/* 2000 passing gates make the full table about 150 KB */
	teardown();
	gates_init(&gates);
	for (int i = 0; i < 2000; i++) {
		snprintf(id, sizeof(id), "data.customers.column_number_%d.null_ratio.max", i);
		add(id, "null_ratio", 0, 0.5, OP_LE, GS_PASS, 10 + i, "fine");
	}
	add("model.bad.min", "metric", 0.1, 0.5, OP_GE, GS_FAIL, 3000, "below");
	gates_summarize(&gates, &run.summary);
	x = render("markdown");
	ck_assert_uint_le(strlen(x), 65536);
	ck_assert_ptr_nonnull(strstr(x, "| ❌ fail | model.bad.min | 0.1 | ≥ 0.5 | below |\n"));
	ck_assert_ptr_nonnull(strstr(x, "2000 passing gates are not listed"));
	ck_assert_ptr_null(strstr(x, "column\\_number\\_1"));
	ck_assert_str_eq(x + strlen(x) - strlen(MD_MARKER) - 1, MD_MARKER "\n");
	free(x);
}
END_TEST

/* The charts' worst case stays far within a comment: 12 failing drift
 * gates of 1000 categories, each name 100 '#' (3 bytes each once escaped),
 * give 8 charts of 24 bars and a line for the other 4. */
START_TEST(test_markdown_chart_bounds)
{
	struct sbuf d = SBUF_INIT;
	char *x, id[64];
	const char *p;
	size_t charts = 0;

	teardown();
	gates_init(&gates);
	sbuf_adds(&d, "{\"bins\":{\"categories\":[");
	for (int i = 0; i < 1000; i++)
		sbuf_addf(&d, "%s\"%03d%s\"", i ? "," : "", i,
			  "####################################################################################################");
	sbuf_adds(&d, "],\"reference_counts\":[");
	for (int i = 0; i < 1000; i++)
		sbuf_addf(&d, "%s%d", i ? "," : "", i % 7);
	sbuf_adds(&d, "],\"current_counts\":[");
	for (int i = 0; i < 1000; i++)
		sbuf_addf(&d, "%s%d", i ? "," : "", i % 5);
	sbuf_adds(&d, "]}}");
	for (int i = 0; i < 12; i++) {
		struct gate_result *g;
		snprintf(id, sizeof(id), "data.t.c%d.drift.chi2", i);
		g = add(id, "drift", 0.001, 0.01, OP_GE, GS_FAIL, 10 + i, "p-value too low");
		gate_set_str(&g->details, sbuf_str(&d));
	}
	gates_summarize(&gates, &run.summary);
	x = render("markdown");
	for (p = x; (p = strstr(p, "```mermaid\n")); p++)
		charts++;
	ck_assert_uint_eq(charts, 8);
	ck_assert_ptr_nonnull(strstr(x, "; 1000 categories shown as 24\n"));
	ck_assert_ptr_nonnull(strstr(x, "\n4 more drift charts not drawn here (at most 8 per comment); the html report has them all.\n"));
	ck_assert_ptr_nonnull(strstr(x, "\"977 others\"]\n"));
	ck_assert_uint_le(strlen(x), 65536 / 2);
	ck_assert_str_eq(x + strlen(x) - strlen(MD_MARKER) - 1, MD_MARKER "\n");
	free(x);
	sbuf_release(&d);
}
END_TEST

START_TEST(test_promotion_failure_is_visible)
{
	char *x, refused[] = "registry said 403 <forbidden>", moved[] = "alias champion -> version 7";
	char trail[] = "[{\"step\":\"move alias\",\"method\":\"POST\",\"url\":\"/api/2.0/mlflow/registered-models/alias\","
		       "\"status\":403,\"ok\":false}]";

	/* every gate passed, then the registry refused the promotion */
	for (size_t i = 0; i < gates.n; i++)
		gates.v[i].status = GS_PASS;
	gates_summarize(&gates, &run.summary);
	run.promotion.requested = run.promotion.attempted = 1;
	run.promotion.ok = 0;
	run.promotion.message = refused;
	run.exit_code = MG_EXIT_PROMOTE;
	x = render("github");
	ck_assert_str_eq(x, "::error file=policy dir/mlgate.yml,title=mlgate promotion::promotion failed: registry said 403 <forbidden>\n");
	free(x);
	x = render("markdown");
	ck_assert_ptr_nonnull(strstr(x, ": ❌ all 6 gates passed, but promotion failed\n"));
	free(x);
	x = render("html");
	ck_assert_ptr_nonnull(strstr(x, "<header class=\"verdict v-fail\"><p class=\"word\">Gates passed, promotion failed</p>"));
	ck_assert_ptr_nonnull(strstr(x, "<section id=\"section-promotion\"><h2>Promotion</h2><p><span class=\"badge b-fail\">fail</span> promotion failed — registry said 403 &lt;forbidden&gt;</p>"));
	ck_assert_ptr_null(strstr(x, "<table><thead><tr><th>step</th>"));
	free(x);
	run.promotion.details = trail;
	x = render("html");
	ck_assert_ptr_nonnull(strstr(x, "<table><thead><tr><th>step</th><th>method</th><th>url</th><th>status</th><th>ok</th></tr></thead><tbody>"
				     "<tr><td>move alias</td><td>POST</td><td>/api/2.0/mlflow/registered-models/alias</td><td>403</td><td>no</td></tr></tbody></table>"));
	free(x);
	run.promotion.details = NULL;
	x = render("junit");
	ck_assert_ptr_nonnull(strstr(x, "tests=\"7\" failures=\"0\" errors=\"1\""));
	ck_assert_ptr_nonnull(strstr(x, "<testcase classname=\"promote\" name=\"promotion\" time=\"0\">\n"
				     "      <error type=\"promotion\" message=\"registry said 403 &lt;forbidden&gt;\">promotion failed: registry said 403 &lt;forbidden&gt;\n</error>"));
	free(x);
	/* a promotion that worked is a passing testcase */
	run.promotion.ok = 1;
	run.promotion.message = moved;
	run.exit_code = 0;
	x = render("junit");
	ck_assert_ptr_nonnull(strstr(x, "tests=\"7\" failures=\"0\" errors=\"0\""));
	ck_assert_ptr_nonnull(strstr(x, "<system-out>alias champion -&gt; version 7\n</system-out>"));
	free(x);
	run.promotion.message = NULL;
}
END_TEST

/* The tables in details (issue 14, item 5): gates that share one details
 * show it once; groups, per class and a confusion matrix; undefined values
 * and hostile names; more than REP_TABLE_ROWS groups are cut. */
START_TEST(test_tables_text_and_markdown)
{
	static const char by_sex[] =
		"{\"column\":\"sex\",\"groups\":{\"F\":{\"n\":40,\"selection_rate\":0.25},"
		"\"M\":{\"n\":52,\"selection_rate\":0.4230769230769231},"
		"\"x|<y>\":{\"n\":3,\"selection_rate\":null,\"status\":\"insufficient data\"}},"
		"\"worst\":\"F\",\"best\":\"M\"}";
	static const char overall[] =
		"{\"n\":400,\"average\":\"binary\",\"positive\":\"1\","
		"\"confusion_matrix\":{\"labels\":[0,1],\"matrix\":[[203,52],[32,113]]},"
		"\"per_class\":{\"0\":{\"precision\":0.8638297872340426,\"recall\":0.796078431372549,"
		"\"f1\":0.8285714285714286,\"support\":255},\"1\":{\"precision\":0.6848484848484848,"
		"\"recall\":0.7793103448275862,\"f1\":null,\"support\":145}}}";
	struct sbuf many = SBUF_INIT;
	struct gate_result *g;
	char *x;

	gates_release(&gates);
	gates_init(&gates);
	g = add("predictions.selection_rate.by.sex.ratio.min", "predictions", 0.59, 0.8,
		OP_GE, GS_FAIL, 8, "selection_rate ratio by sex ('F' / 'M') = 0.59 < min 0.8");
	gate_set_str(&g->details, by_sex);
	g = add("predictions.f1.min", "predictions", 0.729, 0.7, OP_GE, GS_PASS, 5,
		"f1 = 0.729 >= min 0.7");
	gate_set_str(&g->details, overall);
	g = add("predictions.selection_rate.by.sex.max", "predictions", 0.42, 0.5,
		OP_LE, GS_PASS, 9, "selection_rate of the highest group sex='M' = 0.42 <= max 0.5");
	gate_set_str(&g->details, by_sex);
	sbuf_adds(&many, "{\"column\":\"zip\",\"groups\":{");
	for (int i = 0; i < 23; i++)
		sbuf_addf(&many, "%s\"%05d\":{\"n\":%d,\"accuracy\":0.%d}", i ? "," : "",
			  10000 + i, 30 + i, 50 + i);
	sbuf_adds(&many, "}}");
	g = add("predictions.accuracy.by.zip.min", "predictions", 0.5, 0.4, OP_GE, GS_PASS, 12,
		"accuracy of the lowest group zip='10000' = 0.5 >= min 0.4");
	gate_set_str(&g->details, sbuf_str(&many));
	sbuf_release(&many);
	add("model.auc.min", "metric", 0.9, 0.8, OP_GE, GS_PASS, 3, "auc = 0.9 >= min 0.8");
	gates_summarize(&gates, &run.summary);
	run.exit_code = gates_exit_code(&run.summary, 0, 0);
	run.status = gates_verdict(&run.summary);

	x = render_text(REPORT_ONLY_ALL, 80);
	check_golden_file("tables.text", x);
	/* one table set per distinct details, the failing gate first, under
	 * the group the gates belong to */
	ck_assert_ptr_nonnull(strstr(x, "\n  selection_rate.by.sex.ratio.min, "
				     "selection_rate.by.sex.max:\n    by sex\n"));
	ck_assert_uint_eq(count(x, "     M      52        0.423077\n"), 1);
	ck_assert_ptr_nonnull(strstr(x, "     ... 3 more (the json report has them all)\n"));
	ck_assert_ptr_nonnull(strstr(x, "\nmodel: 1 passed\n  PASS   auc.min  "));
	free(x);
	/* by default only the failure is listed: its table (shared with a
	 * pass), none of the passes' own */
	x = render_text(REPORT_ONLY_PROBLEMS, 80);
	ck_assert_uint_eq(count(x, "    by sex\n"), 1);
	ck_assert_ptr_null(strstr(x, "by zip"));
	ck_assert_ptr_null(strstr(x, "confusion matrix"));
	ck_assert_ptr_nonnull(strstr(x, "\n  selection_rate.by.sex.ratio.min:\n"));
	ck_assert_ptr_nonnull(strstr(x, "\n4 passed (--only all lists them)\n"));
	free(x);
	x = render("markdown");
	check_golden_file("tables.markdown", x);
	ck_assert_ptr_nonnull(strstr(x, "| x\\|&lt;y&gt; | 3 | — | insufficient data |\n"));
	ck_assert_ptr_nonnull(strstr(x, "|  | 0 | 1 |\n|:--|--:|--:|\n| 0 | 203 | 52 |\n"));
	ck_assert_uint_eq(count(x, "<details>"), 2);
	free(x);
}
END_TEST

/* The text report (issue 15): groups, the worst first; --only; lines
 * within the width, but for the verdict; "1 error". */
START_TEST(test_text_layout)
{
	char *x = render_text(REPORT_ONLY_PROBLEMS, 60), *line, *save = NULL;
	size_t lines = 0;

	/* the error's group first, then model; the pass only counted */
	ck_assert(strncmp(x, "data.customers: 1 error, 1 waived\n  ERROR  age.null_ratio.max ",
			  strlen("data.customers: 1 error, 1 waived\n  ERROR  age.null_ratio.max ")) == 0);
	ck_assert_ptr_nonnull(strstr(x, "\nmodel: 2 failed, 1 warned, 1 passed\n  FAIL   accuracy.min"));
	ck_assert_ptr_nonnull(strstr(x, "(waived:"));
	ck_assert_ptr_null(strstr(x, "f1_score.min"));
	ck_assert_ptr_nonnull(strstr(x, "\n1 passed (--only all lists them)\n"));
	ck_assert_ptr_nonnull(strstr(x, ": ERROR — 1 passed, 2 failed, 1 warned, 1 error, 1 waived (exit 3)\n"));
	for (line = strtok_r(x, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t w = 0;
		for (const char *c = line; *c; c++)
			w += ((unsigned char)*c & 0xC0) != 0x80;
		if (strncmp(line, "mlgate ", 7) != 0)
			ck_assert_msg(w <= 60, "line wider than 60: %s", line);
		lines++;
	}
	ck_assert_uint_gt(lines, 8);
	free(x);
	/* failures and errors only: the warning and the waiver counted */
	x = render_text(REPORT_ONLY_FAILURES, 80);
	ck_assert_ptr_null(strstr(x, "WARN "));
	ck_assert_ptr_null(strstr(x, "WAIVED"));
	ck_assert_ptr_nonnull(strstr(x, "\n1 warned, 1 waived, 1 passed (--only all lists them)\n"));
	free(x);
	/* all: every gate, nothing counted apart */
	x = render_text(REPORT_ONLY_ALL, 80);
	ck_assert_ptr_nonnull(strstr(x, "\n  PASS   f1_score.min  "));
	ck_assert_ptr_null(strstr(x, "lists them"));
	free(x);
}
END_TEST

Suite *suite_reports(void)
{
	Suite *s = suite_create("reports");
	TCase *tc = tcase_create("reports");

	tcase_add_checked_fixture(tc, scenario, teardown);
	tcase_add_test(tc, test_escape_rules);
	tcase_add_test(tc, test_junit);
	tcase_add_test(tc, test_junit_fail_on_warn);
	tcase_add_test(tc, test_github);
	tcase_add_test(tc, test_github_limits);
	tcase_add_test(tc, test_markdown);
	tcase_add_test(tc, test_tables_text_and_markdown);
	tcase_add_test(tc, test_text_layout);
	tcase_add_test(tc, test_codequality);
	tcase_add_test(tc, test_fingerprint_value);
	tcase_add_test(tc, test_sarif);
	tcase_add_test(tc, test_html);
	tcase_add_test(tc, test_html_charts);
	tcase_add_test(tc, test_step_summary_appends);
	tcase_add_test(tc, test_step_summary_cap);
	tcase_add_test(tc, test_step_summary_after_unterminated_line);
	tcase_add_test(tc, test_sarif_run_facts);
	tcase_add_test(tc, test_dotenv);
	tcase_add_test(tc, test_openmetrics);
	tcase_add_test(tc, test_azure);
	tcase_add_test(tc, test_tap);
	tcase_add_test(tc, test_stdin_policy_points_nowhere);
	tcase_add_test(tc, test_paths_from_a_subdirectory);
	tcase_add_test(tc, test_no_summary_without_env);
	tcase_add_test(tc, test_paths_relative_to_the_checkout);
	tcase_add_test(tc, test_markdown_comment_cap);
	tcase_add_test(tc, test_markdown_chart_bounds);
	tcase_add_test(tc, test_promotion_failure_is_visible);
	suite_add_tcase(s, tc);
	return s;
}
