/* fuzz target: a drift gate's details read by report_bins (the bins the
 * html and markdown reports draw) and the Markdown report drawn from them.
 * Input: the details JSON.  Invariants: rep_bins_read accepts only counts
 * of one length, non-negative, with increasing edges or string
 * categories; the report holds no control character but '\n' and ends
 * with the marker; every Mermaid block is the six lines the report
 * writes, with as many quoted labels (none with a quote or a control
 * inside) as bars and line points, and at most MD_CHART_BINS of each. */
#include "fuzz.h"

#include <string.h>

#include "core/gate.h"
#include "report/report.h"
#include "report/report_bins.h"
#include "report/report_markdown.h"
#include "run/run.h"

/* Values in a "[a, b, c]" list, after `prefix`. */
static size_t list_len(const char *line, size_t n, const char *prefix)
{
	size_t k = strlen(prefix), commas = 0;

	FUZZ_ASSERT(n > k + 1 && memcmp(line, prefix, k) == 0 && line[n - 1] == ']');
	for (size_t i = k; i < n; i++) {
		FUZZ_ASSERT(line[i] != ' ' || line[i - 1] == ',');
		commas += line[i] == ',';
	}
	return commas + 1;
}

static void check_block(const char *s, const char *end)
{
	const char *line[6];
	size_t len[6], quotes = 0, nbar, nline;

	for (int i = 0; i < 6; i++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		FUZZ_ASSERT(nl);
		line[i] = s;
		len[i] = (size_t)(nl - s);
		s = nl + 1;
	}
	FUZZ_ASSERT(strncmp(s, "```\n", 4) == 0);
	FUZZ_ASSERT(len[0] == 12 && memcmp(line[0], "xychart-beta", 12) == 0);
	FUZZ_ASSERT(strncmp(line[1], "    title \"", 11) == 0 && line[1][len[1] - 1] == '"');
	FUZZ_ASSERT(memchr(line[1] + 11, '"', len[1] - 12) == NULL);
	FUZZ_ASSERT(strncmp(line[2], "    x-axis [\"", 13) == 0);
	for (size_t i = 0; i < len[2]; i++)
		quotes += line[2][i] == '"';
	FUZZ_ASSERT(quotes % 2 == 0);
	FUZZ_ASSERT(strncmp(line[3], "    y-axis \"% of rows\" 0 --> ", 29) == 0);
	nbar = list_len(line[4], len[4], "    bar [");
	nline = list_len(line[5], len[5], "    line [");
	FUZZ_ASSERT(nbar == quotes / 2 && nline == nbar && nbar <= MD_CHART_BINS);
	for (size_t i = 9; i < len[4] - 1; i++)
		FUZZ_ASSERT(strchr("0123456789., ", line[4][i]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *details = malloc(size + 1);
	struct rep_bins b;
	struct gate_list gl;
	struct run_result run;
	struct report_opts ro = {0};
	struct sbuf sb;
	const char *s, *end, *p;

	memcpy(details, data, size);
	details[size] = '\0';
	if (rep_bins_parse(details, &b) == 0) {
		FUZZ_ASSERT(b.n >= 1 && b.n <= REP_BINS_MAX);
		FUZZ_ASSERT(!b.cats != !b.edges || (b.n == 1 && !b.cats));
		for (size_t i = 0; i < b.n; i++)
			FUZZ_ASSERT(b.ref[i] >= 0 && b.cur[i] >= 0);
		for (size_t i = 1; b.edges && i + 1 < b.n; i++)
			FUZZ_ASSERT(b.edges[i] > b.edges[i - 1]);
	}
	rep_bins_release(&b);

	gates_init(&gl);
	{
		struct gate_result *g = gates_add(&gl, "data.d.c.drift.psi", "drift");
		g->status = size % 2 ? GS_FAIL : GS_PASS;
		g->value = 0.5;
		g->threshold = 0.2;
		g->op = OP_LE;
		gate_set_str(&g->column, "c\"]\n`");
		gate_set_str(&g->details, details);
		gate_message(g, "psi = 0.5");
	}
	memset(&run, 0, sizeof(run));
	run.policy_path = "fuzz/policy.yml";
	run.gates = &gl;
	run_summarize(&run, &gl, NULL);
	sbuf_init(&sb, 64u << 20);
	FUZZ_ASSERT(report_markdown.render(&run, &ro, &sb) == 0);
	s = sbuf_str(&sb);
	end = s + sb.len;
	for (p = s; p < end; p++)
		FUZZ_ASSERT((unsigned char)*p >= 0x20 || *p == '\n');
	FUZZ_ASSERT(sb.len > strlen(MD_MARKER) &&
		    strcmp(end - strlen(MD_MARKER) - 1, MD_MARKER "\n") == 0);
	for (p = s; (p = strstr(p, "```mermaid\n")); p += 11)
		check_block(p + 11, end);
	sbuf_release(&sb);
	gates_release(&gl);
	free(details);
	return 0;
}
