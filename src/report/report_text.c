/* text: the gates for people, grouped by section (report_fmt's
 * rep_group), most severe first in the report and in each group; numbers
 * with 4 significant digits, or as many more as keep a comparison true
 * (rep_people_message); lines wrapped to the width with a hanging indent.
 * Which gates are listed is report_opts.only; the others are counted.  ANSI
 * colours only when asked (a TTY without NO_COLOR, or --color always). */
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
#include "ext/jsondoc.h"
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

static void wrap(struct sbuf *out, const char *text, size_t *col, size_t indent,
		 size_t width);

/* A table too wide for the line: a row a line, its first cell then the
 * other columns by name ("a: n 120, f1 0.8"), wrapped under the row. */
static void table_by_rows(struct sbuf *out, const struct rep_table *t, size_t line_width)
{
	struct sbuf row = SBUF_INIT;

	for (size_t r = 1; r <= t->nrows; r++) {
		size_t col = 5;

		sbuf_release(&row);
		add_text(&row, rep_cell(t, r, 0));
		sbuf_addc(&row, ':');
		for (size_t k = 1, shown = 0; k < t->ncols; k++) {
			const char *cell = rep_cell(t, r, k);

			if (!cell || !*cell)
				continue; /* nothing in this column for the row */
			if (shown++)
				sbuf_addc(&row, ',');
			sbuf_addc(&row, ' ');
			add_text(&row, rep_cell(t, 0, k));
			sbuf_addc(&row, ' ');
			add_text(&row, cell);
		}
		sbuf_adds(out, "     ");
		wrap(out, sbuf_str(&row), &col, 7, line_width);
		sbuf_addc(out, '\n');
	}
	sbuf_release(&row);
}

/* Cell widths of the escaped text, then the rows, columns two
 * spaces apart, numbers right-aligned; by rows when that is wider than
 * the line. */
static void text_table(struct sbuf *out, const struct rep_table *t, size_t line_width)
{
	size_t *width = xcalloc(t->ncols, sizeof(size_t)), total = 5;
	struct sbuf c = SBUF_INIT;

	for (size_t r = 0; r <= t->nrows; r++)
		for (size_t k = 0; k < t->ncols; k++) {
			sbuf_release(&c);
			add_text(&c, rep_cell(t, r, k));
			if (width_of(sbuf_str(&c)) > width[k])
				width[k] = width_of(sbuf_str(&c));
		}
	for (size_t k = 0; k < t->ncols; k++)
		total += width[k] + (k ? 2 : 0);
	{
		size_t col = 4;
		sbuf_adds(out, "    ");
		wrap(out, t->title, &col, 6, line_width);
		sbuf_addc(out, '\n');
	}
	if (total > line_width && t->ncols > 1) {
		table_by_rows(out, t, line_width);
		t = NULL;
	}
	for (size_t r = 0; t && r <= t->nrows; r++) {
		struct sbuf line = SBUF_INIT;
		sbuf_adds(&line, "     ");
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
	sbuf_release(&c);
	free(width);
}

/* One group of the report: its name, and its gates (indices into the
 * gate list) in report order. */
struct group {
	char *name;
	size_t *gate, n;
	size_t count[6]; /* every gate of the group, by status rank */
};

/* The id under its group header: without the group's name in front
 * ("age.drift.psi" under "data.customers"). */
static const char *short_id(const struct gate_result *g, const char *group)
{
	size_t n = strlen(group);

	if (strncmp(g->id, group, n) == 0 && g->id[n] == '.' && g->id[n + 1])
		return g->id + n + 1;
	return g->id;
}

/* The tables in the listed gates' details (per group, per class,
 * confusion matrix), once for the gates that share them. */
static void tables(struct sbuf *out, const struct gate_list *gl,
		   const struct group *gr, size_t width)
{
	struct gate_list view = {0};
	size_t *order, n;
	struct rep_table_set *s;

	view.v = xcalloc(gr->n, sizeof(*view.v));
	view.n = gr->n;
	order = xcalloc(gr->n, sizeof(*order));
	for (size_t i = 0; i < gr->n; i++) {
		view.v[i] = gl->v[gr->gate[i]]; /* a shallow copy: nothing freed */
		order[i] = i;
	}
	n = rep_table_sets(&view, order, &s);
	for (size_t i = 0; i < n; i++) {
		struct sbuf names = SBUF_INIT;
		size_t col = 2;

		for (size_t j = 0; j < s[i].ngates; j++) {
			if (j)
				sbuf_adds(&names, ", ");
			add_text(&names, short_id(&view.v[s[i].gate[j]], gr->name));
		}
		sbuf_addc(&names, ':');
		sbuf_adds(out, "\n  ");
		wrap(out, sbuf_str(&names), &col, 4, width);
		sbuf_addc(out, '\n');
		sbuf_release(&names);
		for (size_t j = 0; j < s[i].nt; j++) {
			text_table(out, &s[i].t[j], width);
			if (s[i].t[j].more)
				sbuf_addf(out, "     ... %zu more (the json report has them all)\n",
					  s[i].t[j].more);
		}
	}
	rep_table_sets_free(s, n);
	free(order);
	free(view.v);
}

/* Append `text` at column *col, breaking lines at spaces so that none
 * passes `width`; a line goes on at column `indent`.  A word longer than a
 * line is never split (a path or an id stays whole, to copy and to grep):
 * it has a line of its own. */
static void wrap(struct sbuf *out, const char *text, size_t *col, size_t indent,
		 size_t width)
{
	int fresh = 1; /* nothing yet on this line */

	while (*text) {
		const char *end = strchr(text, ' ');
		size_t len = end ? (size_t)(end - text) : strlen(text);
		struct sbuf word = SBUF_INIT;

		sbuf_add(&word, text, len);
		if (!fresh && *col + 1 + width_of(sbuf_str(&word)) > width) {
			sbuf_addc(out, '\n');
			for (size_t i = 0; i < indent; i++)
				sbuf_addc(out, ' ');
			*col = indent;
			fresh = 1;
		}
		if (len || !fresh) { /* no spaces at the start of a line */
			if (!fresh) {
				sbuf_addc(out, ' ');
				++*col;
			}
			sbuf_add(out, text, len);
			*col += width_of(sbuf_str(&word));
			fresh = 0;
		}
		sbuf_release(&word);
		text += len;
		if (*text == ' ')
			text++;
	}
}

static int listed(enum report_only only, enum gate_status s)
{
	switch (only) {
	case REPORT_ONLY_ALL:
		return 1;
	case REPORT_ONLY_FAILURES:
		return s == GS_FAIL || s == GS_ERROR;
	case REPORT_ONLY_PROBLEMS:
		break;
	}
	return s != GS_PASS;
}

/* A latency gate whose probe's distribution is on another gate (details
 * {"distribution_in": ID}): ID's index, or -1. */
static long distribution_in(const struct gate_list *gl, const struct gate_result *g)
{
	struct jval *d, *id;
	struct mg_error err;
	long at = -1;

	if (!g->details || !strstr(g->details, "\"distribution_in\""))
		return -1;
	d = jv_parse(g->details, strlen(g->details), "details", 0, &err);
	id = d ? jv_get(d, "distribution_in") : NULL;
	if (id && jv_type(id) == J_STRING)
		for (size_t i = 0; i < gl->n && at < 0; i++)
			if (strcmp(gl->v[i].id, jv_string(id)) == 0)
				at = (long)i;
	jv_free(d);
	return at;
}

/* "4 failed, 18 passed": the counts by status rank that are not 0. */
static void counts(struct sbuf *out, const size_t count[6])
{
	static const char *const word[] = {"error", "failed", "warned", "skipped",
					   "waived", "passed"};
	int first = 1;

	for (int k = 0; k < 6; k++) {
		if (!count[k])
			continue;
		sbuf_addf(out, "%s%zu %s%s", first ? "" : ", ", count[k], word[k],
			  k == 0 && count[k] != 1 ? "s" : "");
		first = 0;
	}
}

/* The listed gates by group, the groups in the order of their first
 * listed gate (so the group with the most severe gate comes first).
 * Returns how many groups. */
static size_t make_groups(const struct gate_list *gl, const unsigned char *show,
			  struct group **out)
{
	struct group *gr = xcalloc(gl->n ? gl->n : 1, sizeof(*gr));
	size_t *order = rep_order(gl), ng = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < gl->n; k++) {
			const struct gate_result *g = &gl->v[order[k]];
			struct sbuf name = SBUF_INIT;
			size_t j;

			if (pass == 0 && !show[order[k]])
				continue;
			rep_group(&name, g);
			for (j = 0; j < ng; j++)
				if (strcmp(gr[j].name, sbuf_str(&name)) == 0)
					break;
			if (pass == 0) {
				if (j == ng) {
					gr[ng].name = sbuf_detach(&name);
					gr[ng++].gate = xcalloc(gl->n, sizeof(size_t));
				}
				gr[j].gate[gr[j].n++] = order[k];
			} else if (j < ng) {
				gr[j].count[gate_status_rank(g->status)]++;
			}
			sbuf_release(&name);
		}
	free(order);
	*out = gr;
	return ng;
}

static void gate_line(struct sbuf *out, const struct gate_result *g, const char *group,
		      size_t idw, size_t width, int color)
{
	struct sbuf id = SBUF_INIT, msg = SBUF_INIT, raw = SBUF_INIT;
	size_t col, msgcol = 2 + 7 + idw + 2, w;

	add_text(&id, short_id(g, group));
	w = width_of(sbuf_str(&id));
	if (color)
		sbuf_addf(out, "  %s%-6s\033[0m ", status_color(g->status),
			  status_label(g->status));
	else
		sbuf_addf(out, "  %-6s ", status_label(g->status));
	col = 9;
	wrap(out, sbuf_str(&id), &col, 9, width);
	if (w > idw) { /* a long id: the message on the next line */
		sbuf_addc(out, '\n');
		col = 0;
	}
	for (; col < msgcol; col++)
		sbuf_addc(out, ' ');
	rep_people_message(&raw, g);
	if (g->status == GS_WAIVED && g->waiver) {
		sbuf_adds(&raw, " (waived: ");
		sbuf_adds(&raw, g->waiver);
		sbuf_addc(&raw, ')');
	}
	add_text(&msg, sbuf_str(&raw));
	wrap(out, sbuf_str(&msg), &col, msgcol, width);
	while (out->len && out->buf[out->len - 1] == ' ')
		out->len--; /* an empty message */
	sbuf_addc(out, '\n');
	sbuf_release(&id);
	sbuf_release(&msg);
	sbuf_release(&raw);
}

static void gate_groups(struct sbuf *out, const struct run_result *r,
			const struct report_opts *o)
{
	const struct gate_list *gl = r->gates;
	enum report_only only = o ? o->only : REPORT_ONLY_PROBLEMS;
	size_t width = o && o->width ? (size_t)o->width : 80, ng, hidden[6] = {0};
	unsigned char *show = xcalloc(gl->n ? gl->n : 1, 1);
	struct group *gr;
	int any = 0;

	if (width < 40)
		width = 40;
	for (size_t i = 0; i < gl->n; i++)
		show[i] |= listed(only, gl->v[i].status);
	/* a listed latency gate brings the gate that shows its probe's
	 * distribution, which is said once per probe */
	for (size_t i = 0; i < gl->n; i++) {
		long at = show[i] ? distribution_in(gl, &gl->v[i]) : -1;
		if (at >= 0)
			show[at] = 1;
	}
	for (size_t i = 0; i < gl->n; i++)
		if (!show[i])
			hidden[gate_status_rank(gl->v[i].status)]++;
	ng = make_groups(gl, show, &gr);
	for (size_t j = 0; j < ng; j++) {
		/* ids as wide as the group's longest, up to where the message
		 * would get less than 40 columns (a third of a narrow line);
		 * a longer id has the line to itself */
		size_t idw = 0, cap = width > 51 + width / 3 ? width - 51 : width / 3;
		struct sbuf name = SBUF_INIT;

		for (size_t i = 0; i < gr[j].n; i++) {
			struct sbuf id = SBUF_INIT;
			size_t w;
			add_text(&id, short_id(&gl->v[gr[j].gate[i]], gr[j].name));
			w = width_of(sbuf_str(&id));
			if (w > idw && w <= cap)
				idw = w;
			sbuf_release(&id);
		}
		if (any)
			sbuf_addc(out, '\n');
		any = 1;
		add_text(&name, gr[j].name);
		sbuf_adds(&name, ": ");
		counts(&name, gr[j].count);
		{
			size_t col = 0;
			wrap(out, sbuf_str(&name), &col, 2, width);
		}
		sbuf_addc(out, '\n');
		sbuf_release(&name);
		for (size_t i = 0; i < gr[j].n; i++)
			gate_line(out, &gl->v[gr[j].gate[i]], gr[j].name, idw, width,
				  o && o->color);
		tables(out, gl, &gr[j], width);
		free(gr[j].name);
		free(gr[j].gate);
	}
	if (any)
		sbuf_addc(out, '\n');
	if (hidden[0] + hidden[1] + hidden[2] + hidden[3] + hidden[4] + hidden[5]) {
		counts(out, hidden);
		sbuf_adds(out, " (--only all lists them)\n");
	}
	free(gr);
	free(show);
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	int color = o && o->color;

	gate_groups(out, r, o);
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
		/* the passes always, the rest when there are some: the line
		 * stays short enough for a terminal */
		sbuf_addf(out, "%s%s — %zu passed", verdict, color ? "\033[0m" : "",
			  r->summary.passed);
		if (r->summary.failed)
			sbuf_addf(out, ", %zu failed", r->summary.failed);
		if (r->summary.warned)
			sbuf_addf(out, ", %zu warned", r->summary.warned);
		if (r->summary.errored)
			sbuf_addf(out, ", %zu error%s", r->summary.errored,
				  r->summary.errored == 1 ? "" : "s");
		if (r->summary.waived)
			sbuf_addf(out, ", %zu waived", r->summary.waived);
		if (r->summary.skipped)
			sbuf_addf(out, ", %zu skipped", r->summary.skipped);
		sbuf_addf(out, " (exit %d)\n", r->exit_code);
	}
	return 0;
}

const struct report_ops report_text = {
	"text", "the gates for people, by section, problems first (default)", render, NULL,
};
