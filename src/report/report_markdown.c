/* markdown: GitHub-flavoured Markdown for PR/MR comments and job summaries.
 * A one-line verdict, a table gate | value | threshold | Δ vs baseline |
 * status (most severe first, numbers right-aligned), the non-passing gates'
 * messages folded in <details>, and a hidden marker at the end that a bot
 * can look for to update its earlier comment. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
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

static void table(struct sbuf *out, const struct run_result *r,
		  const size_t *order, int problems_only)
{
	const struct gate_list *gl = r->gates;
	char num[64];

	sbuf_adds(out, "\n| gate | value | threshold | Δ vs baseline | status |\n");
	sbuf_adds(out, "|:-----|------:|----------:|--------------:|:-------|\n");
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];

		if (problems_only && g->status == GS_PASS)
			continue;
		sbuf_adds(out, "| ");
		md(out, g->id);
		sbuf_adds(out, " | ");
		rep_num(num, sizeof(num), g->value);
		sbuf_adds(out, strcmp(num, "n/a") == 0 ? "—" : num);
		sbuf_adds(out, " | ");
		if (g->op != OP_NONE && isfinite(g->threshold)) {
			static const char *const op[] = {"", "≥", "≤", "&gt;", "&lt;", "="};
			rep_num(num, sizeof(num), g->threshold);
			sbuf_addf(out, "%s %s", op[g->op], num);
		}
		sbuf_adds(out, " | ");
		rep_delta(num, sizeof(num), g);
		sbuf_adds(out, num);
		sbuf_addf(out, " | %s |\n", status_cell(g->status));
	}
}

static void details(struct sbuf *out, const struct run_result *r,
		    const size_t *order)
{
	const struct gate_list *gl = r->gates;
	size_t n = gl->n - r->summary.passed;

	if (n == 0)
		return;
	sbuf_addf(out, "\n<details><summary>%zu gate%s not passed: details</summary>\n\n",
		  n, n == 1 ? "" : "s");
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];

		if (g->status == GS_PASS)
			continue;
		sbuf_adds(out, "- **");
		md(out, g->id);
		sbuf_addf(out, "** (%s, ", gate_status_name(g->status));
		md(out, rep_policy(r));
		if (g->line > 0)
			sbuf_addf(out, ":%d", g->line);
		sbuf_adds(out, "): ");
		md(out, g->message ? g->message : "");
		if (g->status == GS_WAIVED && g->waiver) {
			sbuf_adds(out, " — waived: ");
			md(out, g->waiver);
		}
		sbuf_addc(out, '\n');
	}
	sbuf_adds(out, "\n</details>\n");
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
	size_t *order = rep_order(r->gates);

	verdict(out, r);
	if (size != MD_VERDICT && r->gates->n) {
		if (size == MD_PROBLEMS && r->summary.passed)
			sbuf_addf(out, "\n%zu passing gates are not listed, to stay within GitHub's size limits; the json report has them all.\n",
				  r->summary.passed);
		if (size == MD_FULL || r->gates->n > r->summary.passed)
			table(out, r, order, size == MD_PROBLEMS);
		if (size == MD_FULL) {
			details(out, r, order);
			tables(out, r, order);
		}
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
