/* markdown: GitHub-flavoured Markdown for PR/MR comments and job summaries,
 * short enough to read in a pull request.  The verdict line first; a table
 * of the gates that did not pass (status | gate | value | threshold |
 * message, most severe first) and a chart of each of their drift gates;
 * the passing gates and their drift charts folded in <details>; the tables
 * of details (per group, per class) folded too; a hidden marker at the end
 * that a bot looks for to update its earlier comment.
 *
 * A drift chart is a Mermaid xychart (GitHub and GitLab draw it, no image
 * needed) of each bin's share of rows: the reference as bars, the current
 * data as a line -- two bar series would be drawn over each other, hiding
 * the shorter -- followed by the same as two sparklines for readers that
 * do not draw Mermaid (e-mail).  Bins are the ones the gate was judged on,
 * capped at MD_CHART_BINS, and at most MD_CHARTS charts are drawn; the
 * text says so when it leaves any out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
#include "common/trust.h"
#include "report/report_bins.h"
#include "report/report_fmt.h"
#include "report/report_markdown.h"
#include "report/report_tables.h"

static void md(struct sbuf *out, const char *s)
{
	if (s)
		esc_md(out, s, strlen(s));
}

static const char *status_cell(enum gate_status s)
{
	static const char *const cell[] = {
		"✅ pass", "⚠️ warn", "❌ fail", "⛔ error", "💤 waived", "⏭️ skip",
	};
	return cell[s];
}

static void verdict(struct sbuf *out, const struct run_result *r)
{
	const struct gate_summary *s = &r->summary;
	size_t total = r->gates->n;

	sbuf_adds(out, "### mlgate");
	if (r->policy_name) {
		sbuf_adds(out, " ");
		md(out, r->policy_name);
	}
	sbuf_adds(out, ": ");
	if (s->errored)
		sbuf_addf(out, "⛔ %zu of %zu gates could not be evaluated", s->errored, total);
	else if (s->failed)
		sbuf_addf(out, "❌ %zu of %zu gates failed", s->failed, total);
	else if (total == 0)
		sbuf_adds(out, "⛔ no gates were evaluated");
	else if (r->promotion.attempted && !r->promotion.ok)
		sbuf_addf(out, "❌ all %zu gates passed, but promotion failed", total);
	else if (r->exit_code == MG_EXIT_FAIL && s->warned)
		sbuf_addf(out, "❌ %zu of %zu gates warned (warnings fail this run)", s->warned, total);
	else if (s->warned)
		sbuf_addf(out, "⚠️ passed with %zu warning%s (%zu gates)", s->warned,
			  s->warned == 1 ? "" : "s", total);
	else
		sbuf_addf(out, "✅ all %zu gates passed", total);
	sbuf_adds(out, "\n\n");
	sbuf_addf(out, "%zu passed · %zu failed · %zu warned · %zu errors · %zu waived · ",
		  s->passed, s->failed, s->warned, s->errored, s->waived);
	if (s->skipped)
		sbuf_addf(out, "%zu skipped · ", s->skipped);
	sbuf_addf(out, "exit %d · policy ", r->exit_code);
	md(out, rep_policy(r));
	sbuf_addc(out, '\n');
	if (r->promotion.requested) {
		sbuf_adds(out, "\nPromotion: ");
		if (!r->promotion.attempted)
			sbuf_adds(out, "skipped (gates did not pass)");
		else
			sbuf_addf(out, "%s%s", r->promotion.dry_run ? "dry run, " : "",
				  r->promotion.ok ? "ok" : "**failed**");
		if (r->promotion.message) {
			sbuf_adds(out, " — ");
			md(out, r->promotion.message);
		}
		sbuf_addc(out, '\n');
	}
}

/* At most `max` code points of s (cut on a character boundary), escaped
 * by `esc`; an ellipsis tells that it was cut.  Credentials are masked
 * before the cut: the report file is scrubbed as a whole, but a secret cut
 * in half would no longer be recognised. */
static void cut(struct sbuf *out, const char *s, size_t max,
		void (*esc)(struct sbuf *, const char *, size_t))
{
	struct sbuf clean = SBUF_INIT;
	const unsigned char *p;
	size_t n, at = 0, chars = 0;

	trust_scrub(&clean, s, strlen(s));
	p = (const unsigned char *)sbuf_str(&clean);
	n = clean.len;
	while (at < n && chars < max) {
		size_t len = utf8_seq_len(p + at, n - at);
		at += len ? len : 1;
		chars++;
	}
	esc(out, (const char *)p, at);
	if (at < n)
		sbuf_adds(out, "…");
	sbuf_release(&clean);
}

/* The gate's value and threshold as people read them: 4 digits, or as
 * many as it takes for neither to look the wrong side of the other (or of
 * the baseline); what is not finite as "". */
static void people_cells(const struct gate_result *g, char (*num)[REP_NUM_MAX])
{
	double v[3] = {g->value, g->threshold, g->baseline};
	size_t n = isfinite(g->baseline) ? 3 : 2;

	rep_people(v, n, 4, num);
	for (size_t i = 0; i < 2; i++)
		if (!isfinite(v[i]))
			num[i][0] = '\0';
}

static void threshold_cell(struct sbuf *out, const struct gate_result *g,
			   char (*num)[REP_NUM_MAX])
{
	static const char *const op[] = {"", "≥", "≤", "&gt;", "&lt;", "="};

	if (g->op != OP_NONE && num[1][0])
		sbuf_addf(out, "%s %s", op[g->op], num[1]);
}

static void value_cell(struct sbuf *out, char (*num)[REP_NUM_MAX])
{
	sbuf_adds(out, num[0][0] ? num[0] : "—");
}

/* Whether any gate the table shows has a baseline to compare with: the
 * column is left out otherwise. */
static int any_delta(const struct gate_list *gl, const size_t *order, int passes)
{
	char num[64];

	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];
		if ((g->status == GS_PASS) != !!passes)
			continue;
		rep_delta(num, sizeof(num), g);
		if (num[0])
			return 1;
	}
	return 0;
}

/* The cells every gate row has: "gate | value | threshold" and, when the
 * table has the column, " | delta". */
static void gate_cells(struct sbuf *out, const struct gate_result *g, int delta)
{
	char num[64], num3[3][REP_NUM_MAX];

	md(out, g->id);
	sbuf_adds(out, " | ");
	people_cells(g, num3);
	value_cell(out, num3);
	sbuf_adds(out, " | ");
	threshold_cell(out, g, num3);
	if (delta) {
		rep_delta(num, sizeof(num), g);
		sbuf_addf(out, " | %s", num);
	}
}

/* The gates that did not pass, most severe first, with their messages. */
static void problems(struct sbuf *out, const struct run_result *r, const size_t *order)
{
	const struct gate_list *gl = r->gates;
	int delta = any_delta(gl, order, 0);
	struct sbuf msg = SBUF_INIT;

	sbuf_addf(out, "\n| status | gate | value | threshold |%s message |\n",
		  delta ? " Δ vs baseline |" : "");
	sbuf_addf(out, "|:--|:--|--:|--:|%s:--|\n", delta ? "--:|" : "");
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];

		if (g->status == GS_PASS)
			continue;
		sbuf_addf(out, "| %s | ", status_cell(g->status));
		gate_cells(out, g, delta);
		sbuf_adds(out, " | ");
		sbuf_release(&msg);
		rep_people_message(&msg, g);
		cut(out, sbuf_str(&msg), MD_MESSAGE_CHARS, esc_md);
		if (g->status == GS_WAIVED && g->waiver) {
			sbuf_adds(out, " — waived: ");
			cut(out, g->waiver, MD_MESSAGE_CHARS, esc_md);
		}
		sbuf_adds(out, " |\n");
	}
	sbuf_release(&msg);
}

/* The gates that passed, without their messages (which only restate the
 * value and the bound). */
static void passes(struct sbuf *out, const struct run_result *r, const size_t *order)
{
	const struct gate_list *gl = r->gates;
	int delta = any_delta(gl, order, 1);

	sbuf_addf(out, "| gate | value | threshold |%s\n", delta ? " Δ vs baseline |" : "");
	sbuf_addf(out, "|:--|--:|--:|%s\n", delta ? "--:|" : "");
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];

		if (g->status != GS_PASS)
			continue;
		sbuf_adds(out, "| ");
		gate_cells(out, g, delta);
		sbuf_adds(out, " |\n");
	}
}

/* ----- drift charts: Mermaid for GitHub and GitLab, a sparkline for the rest */

/* A share of rows in percent for Mermaid, whose numbers have no exponent:
 * two decimals, trailing zeros dropped. */
static void pct(struct sbuf *out, double share)
{
	char b[32];
	size_t n;

	snprintf(b, sizeof(b), "%.2f", 100 * share);
	n = strlen(b);
	while (n > 1 && b[n - 1] == '0')
		n--;
	if (b[n - 1] == '.')
		n--;
	sbuf_add(out, b, n);
}

/* The bins' labels for the x axis, escaped and cut; numbered ("1: a")
 * when two would read the same, which Mermaid would draw as one band. */
static char **labels(const struct rep_bins *b)
{
	char **l = xcalloc(b->n, sizeof(*l));
	int same = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < b->n; i++) {
			struct sbuf s = SBUF_INIT, name = SBUF_INIT;

			if (same)
				sbuf_addf(&s, "%zu: ", i + 1);
			rep_bin_name(&name, b, i);
			cut(&s, sbuf_str(&name), MD_LABEL_CHARS, esc_mermaid);
			sbuf_release(&name);
			free(l[i]);
			l[i] = sbuf_detach(&s);
		}
		for (size_t i = 0; i < b->n && !same; i++)
			for (size_t j = 0; j < i && !same; j++)
				same = strcmp(l[i], l[j]) == 0;
		if (!same)
			break;
	}
	return l;
}

static void series(struct sbuf *out, const char *kind, const double *v, double total, size_t n)
{
	sbuf_addf(out, "    %s [", kind);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_adds(out, ", ");
		pct(out, rep_share(v[i], total));
	}
	sbuf_adds(out, "]\n");
}

/* One block character per bin, its height the bin's share of rows on the
 * scale `top` both series share; an empty bin is a dot. */
static void sparkline(struct sbuf *out, const double *v, double total, size_t n, double top)
{
	static const char *const block[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

	sbuf_adds(out, "`");
	for (size_t i = 0; i < n; i++) {
		int k;

		if (!(v[i] > 0 && top > 0)) {
			sbuf_adds(out, "·");
			continue;
		}
		k = (int)ceil(rep_share(v[i], total) / top * 8) - 1;
		sbuf_adds(out, block[k < 0 ? 0 : k > 7 ? 7 : k]);
	}
	sbuf_adds(out, "`");
}

/* The chart of one drift gate's bins, or nothing when its details hold
 * none.  Returns 1 when drawn. */
static int drift_chart(struct sbuf *out, const struct gate_result *g)
{
	struct rep_bins judged, b;
	double top = 0;
	char **l;

	if (strcmp(g->kind, "drift") != 0 || rep_bins_parse(g->details, &judged) < 0) {
		rep_bins_release(&judged);
		return 0;
	}
	rep_bins_cap(&judged, MD_CHART_BINS, &b);
	for (size_t i = 0; i < b.n; i++)
		top = fmax(top, fmax(rep_share(b.ref[i], b.nref), rep_share(b.cur[i], b.ncur)));
	l = labels(&b);

	sbuf_addf(out, "\n%s **", status_cell(g->status));
	md(out, g->id);
	sbuf_addf(out, "**: share of rows per %s, reference%s (%.0f rows) vs current (%.0f rows)",
		  b.cats ? "category" : "bin", b.frozen ? " profile" : "", b.nref, b.ncur);
	if (b.n < judged.n)
		sbuf_addf(out, "; %zu %s shown as %zu", judged.n,
			  judged.cats ? "categories" : "bins", b.n);
	sbuf_adds(out, "\n\n```mermaid\nxychart-beta\n    title \"");
	cut(out, g->column ? g->column : g->id, MD_LABEL_CHARS * 2, esc_mermaid);
	sbuf_adds(out, ": bars reference, line current\"\n    x-axis [");
	for (size_t i = 0; i < b.n; i++) {
		sbuf_addf(out, "%s\"%s\"", i ? ", " : "", l[i]);
		free(l[i]);
	}
	free(l);
	sbuf_adds(out, "]\n    y-axis \"% of rows\" 0 --> ");
	pct(out, rep_nice_ceil(top));
	sbuf_adds(out, "\n");
	series(out, "bar", b.ref, b.nref, b.n);
	series(out, "line", b.cur, b.ncur, b.n);
	sbuf_adds(out, "```\n\n");
	sparkline(out, b.ref, b.nref, b.n, top);
	sbuf_adds(out, " reference · ");
	sparkline(out, b.cur, b.ncur, b.n, top);
	sbuf_adds(out, " current\n");
	rep_bins_release(&judged);
	rep_bins_release(&b);
	return 1;
}

/* The charts of the drift gates that passed (`passed`) or did not, most
 * severe first, while `*budget` lasts; the ones left out are counted. */
static void charts(struct sbuf *out, const struct run_result *r, const size_t *order,
		   int passed, size_t *budget)
{
	const struct gate_list *gl = r->gates;
	size_t left = 0;

	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];
		struct rep_bins b;

		if ((g->status == GS_PASS) != !!passed || strcmp(g->kind, "drift") != 0 || !g->details)
			continue;
		if (*budget == 0) {
			if (rep_bins_parse(g->details, &b) == 0)
				left++;
			rep_bins_release(&b);
			continue;
		}
		if (drift_chart(out, g))
			(*budget)--;
	}
	if (left)
		sbuf_addf(out, "\n%zu more drift chart%s not drawn here (at most %d per comment); the html report has them all.\n",
			  left, left == 1 ? "" : "s", MD_CHARTS);
}

static void md_table(struct sbuf *out, const struct rep_table *t)
{
	sbuf_adds(out, "\n");
	md(out, t->title);
	sbuf_adds(out, "\n\n|");
	for (size_t c = 0; c < t->ncols; c++) {
		sbuf_adds(out, " ");
		md(out, rep_cell(t, 0, c));
		sbuf_adds(out, " |");
	}
	sbuf_adds(out, "\n|");
	for (size_t c = 0; c < t->ncols; c++)
		sbuf_adds(out, t->right[c] ? "--:|" : ":--|");
	sbuf_adds(out, "\n");
	for (size_t r = 1; r <= t->nrows; r++) {
		sbuf_adds(out, "|");
		for (size_t c = 0; c < t->ncols; c++) {
			sbuf_adds(out, " ");
			md(out, rep_cell(t, r, c));
			sbuf_adds(out, " |");
		}
		sbuf_adds(out, "\n");
	}
	if (t->more)
		sbuf_addf(out, "\n… %zu more rows in the json report\n", t->more);
}

/* The tables in the gates' details (per group, per class, confusion
 * matrix), folded, once for the gates that share them. */
static void tables(struct sbuf *out, const struct run_result *r,
		   const size_t *order)
{
	const struct gate_list *gl = r->gates;
	struct rep_table_set *s;
	size_t n = rep_table_sets(gl, order, &s);

	if (!n)
		return;
	sbuf_adds(out, "\n<details><summary>tables: per group, per class, confusion matrix</summary>\n");
	for (size_t i = 0; i < n; i++) {
		sbuf_adds(out, "\n");
		for (size_t j = 0; j < s[i].ngates; j++) {
			sbuf_adds(out, j ? ", **" : "**");
			md(out, gl->v[s[i].gate[j]].id);
			sbuf_adds(out, "**");
		}
		sbuf_adds(out, "\n");
		for (size_t j = 0; j < s[i].nt; j++)
			md_table(out, &s[i].t[j]);
	}
	sbuf_adds(out, "\n</details>\n");
	rep_table_sets_free(s, n);
}

void markdown_render(const struct run_result *r, enum md_size size,
		     struct sbuf *out)
{
	const struct gate_summary *sum = &r->summary;
	size_t *order = rep_order(r->gates), budget = MD_CHARTS;

	verdict(out, r);
	if (size != MD_VERDICT && r->gates->n) {
		if (size == MD_PROBLEMS && sum->passed)
			sbuf_addf(out, "\n%zu passing gates are not listed, to stay within GitHub's size limits; the json report has them all.\n",
				  sum->passed);
		if (r->gates->n > sum->passed) {
			problems(out, r, order);
			charts(out, r, order, 0, &budget);
		}
		if (size == MD_FULL && sum->passed) {
			/* GitHub renders Markdown inside <details> only after a blank line */
			sbuf_addf(out, "\n<details><summary>%zu passed</summary>\n\n", sum->passed);
			passes(out, r, order);
			charts(out, r, order, 1, &budget);
			sbuf_adds(out, "\n</details>\n");
		}
		if (size == MD_FULL)
			tables(out, r, order);
	}
	sbuf_adds(out, "\n" MD_MARKER "\n");
	free(order);
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	struct sbuf md = SBUF_INIT;

	(void)o;
	/* A PR/MR comment: GitHub refuses bodies over 65,536 characters. */
	for (enum md_size size = MD_FULL; size <= MD_VERDICT; size++) {
		sbuf_release(&md);
		markdown_render(r, size, &md);
		if (md.len <= MD_COMMENT_MAX)
			break;
	}
	sbuf_add(out, md.buf, md.len);
	sbuf_release(&md);
	return 0;
}

const struct report_ops report_markdown = {
	"markdown", "Markdown for PR/MR comments: verdict, table, details", render, NULL,
};
