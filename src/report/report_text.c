/* text: one line per gate for people, most severe first, aligned; ANSI
 * colours only when asked (a TTY without NO_COLOR, or --color always). */
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
#include "report/report.h"
#include "report/report_fmt.h"
#include "report/report_tables.h"

static const char *status_label(enum gate_status s)
{
	static const char *const l[] = {"PASS", "WARN", "FAIL", "ERROR", "WAIVED", "SKIP"};
	return l[s];
}

static const char *status_color(enum gate_status s)
{
	static const char *const c[] = {"\033[32m", "\033[33m", "\033[31m",
					"\033[1;31m", "\033[36m", "\033[35m"};
	return c[s];
}

static void add_text(struct sbuf *out, const char *s)
{
	if (s)
		esc_terminal(out, s, strlen(s));
}

/* Columns on a terminal: UTF-8 continuation bytes take none (wide
 * characters are rare in group names and count one). */
static size_t width_of(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* Cell widths of the escaped text, then the rows, columns two
 * spaces apart, numbers right-aligned. */
static void text_table(struct sbuf *out, const struct rep_table *t)
{
	size_t *width = xcalloc(t->ncols, sizeof(size_t));
	struct sbuf c = SBUF_INIT;

	for (size_t r = 0; r <= t->nrows; r++)
		for (size_t k = 0; k < t->ncols; k++) {
			sbuf_release(&c);
			add_text(&c, rep_cell(t, r, k));
			if (width_of(sbuf_str(&c)) > width[k])
				width[k] = width_of(sbuf_str(&c));
		}
	sbuf_addf(out, "  %s\n", t->title);
	for (size_t r = 0; r <= t->nrows; r++) {
		struct sbuf line = SBUF_INIT;
		sbuf_adds(&line, "   ");
		for (size_t k = 0; k < t->ncols; k++) {
			size_t w;
			sbuf_release(&c);
			add_text(&c, rep_cell(t, r, k));
			w = width_of(sbuf_str(&c));
			if (k)
				sbuf_adds(&line, "  ");
			if (t->right[k])
				for (size_t i = w; i < width[k]; i++)
					sbuf_addc(&line, ' ');
			sbuf_adds(&line, sbuf_str(&c));
			if (!t->right[k] && k + 1 < t->ncols)
				for (size_t i = w; i < width[k]; i++)
					sbuf_addc(&line, ' ');
		}
		while (line.len && line.buf[line.len - 1] == ' ')
			line.len--; /* an empty last cell */
		sbuf_add(out, line.buf, line.len);
		sbuf_addc(out, '\n');
		sbuf_release(&line);
	}
	if (t->more)
		sbuf_addf(out, "   ... %zu more (the json report has them all)\n", t->more);
	sbuf_release(&c);
	free(width);
}

/* The tables in the gates' details (per group, per class, confusion
 * matrix), once for the gates that share them. */
static void tables(struct sbuf *out, const struct gate_list *gl)
{
	size_t *order = rep_order(gl), n;
	struct rep_table_set *s;

	n = rep_table_sets(gl, order, &s);
	for (size_t i = 0; i < n; i++) {
		sbuf_addc(out, '\n');
		for (size_t j = 0; j < s[i].ngates; j++) {
			if (j)
				sbuf_adds(out, ", ");
			add_text(out, gl->v[s[i].gate[j]].id);
		}
		sbuf_adds(out, ":\n");
		for (size_t j = 0; j < s[i].nt; j++)
			text_table(out, &s[i].t[j]);
	}
	if (n)
		sbuf_addc(out, '\n');
	rep_table_sets_free(s, n);
	free(order);
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_list *gl = r->gates;
	size_t width = 0;
	int color = o && o->color;

	for (size_t i = 0; i < gl->n; i++)
		if (strlen(gl->v[i].id) > width)
			width = strlen(gl->v[i].id);
	if (width > 60)
		width = 60;
	/* most severe first, stable within a status */
	for (int rank = 0; rank <= 5; rank++) {
		for (size_t i = 0; i < gl->n; i++) {
			const struct gate_result *g = &gl->v[i];
			struct sbuf id = SBUF_INIT;

			if (gate_status_rank(g->status) != rank)
				continue;
			add_text(&id, g->id);
			if (color)
				sbuf_addf(out, "%s%-6s\033[0m ", status_color(g->status),
					  status_label(g->status));
			else
				sbuf_addf(out, "%-6s ", status_label(g->status));
			sbuf_addf(out, "%-*s  ", (int)width, sbuf_str(&id));
			sbuf_release(&id);
			add_text(out, g->message ? g->message : "");
			if (g->status == GS_WAIVED && g->waiver) {
				sbuf_adds(out, " (waived: ");
				add_text(out, g->waiver);
				sbuf_addc(out, ')');
			}
			sbuf_addc(out, '\n');
		}
	}
	tables(out, gl);
	if (r->promotion.requested) {
		if (!r->promotion.attempted)
			sbuf_adds(out, "promotion: skipped (gates did not pass)\n");
		else {
			sbuf_addf(out, "promotion: %s%s", r->promotion.dry_run ? "dry run, " : "",
				  r->promotion.ok ? "ok" : "FAILED");
			if (r->promotion.message) {
				sbuf_adds(out, ": ");
				add_text(out, r->promotion.message);
			}
			sbuf_addc(out, '\n');
		}
	}
	if (r->metrics_run_id) {
		sbuf_adds(out, "metrics: ");
		add_text(out, r->metrics_origin ? r->metrics_origin : "an MLflow run");
		sbuf_adds(out, ": run ");
		add_text(out, r->metrics_run_id);
		if (r->metrics_experiment) {
			sbuf_adds(out, ", experiment ");
			add_text(out, r->metrics_experiment);
		}
		sbuf_addc(out, '\n');
	}
	if (color)
		sbuf_adds(out, "\033[1m");
	sbuf_adds(out, "mlgate");
	if (r->policy_name) {
		sbuf_addc(out, ' ');
		add_text(out, r->policy_name);
	}
	sbuf_adds(out, ": ");
	{
		const char *verdict = strcmp(r->status, "pass") == 0 ? "PASS" :
				      strcmp(r->status, "fail") == 0 ? "FAIL" : "ERROR";
		if (strcmp(r->status, "pass") == 0 && r->summary.warned)
			verdict = "PASS with warnings";
		else if (strcmp(r->status, "fail") == 0 && !r->summary.failed)
			verdict = "FAIL (warnings fail with --fail-on-warn)";
		if (report_promotion_failed(r))
			verdict = "PROMOTION FAILED (the gates passed)";
		sbuf_addf(out, "%s%s — %zu passed, %zu failed, %zu warned, %zu errors, %zu waived",
			  verdict, color ? "\033[0m" : "", r->summary.passed,
			  r->summary.failed, r->summary.warned, r->summary.errored,
			  r->summary.waived);
		if (r->summary.skipped)
			sbuf_addf(out, ", %zu skipped", r->summary.skipped);
		sbuf_addf(out, " (exit %d)\n", r->exit_code);
	}
	return 0;
}

const struct report_ops report_text = {
	"text", "one line per gate, for people (default)", render, NULL,
};
