/* text: one line per gate for people, most severe first, aligned; ANSI
 * colours only when asked (a TTY without NO_COLOR, or --color always). */
#include <string.h>

#include "common/escape.h"
#include "report/report.h"

static const char *status_label(enum gate_status s)
{
	static const char *const l[] = {"PASS", "WARN", "FAIL", "ERROR", "WAIVED"};
	return l[s];
}

static const char *status_color(enum gate_status s)
{
	static const char *const c[] = {"\033[32m", "\033[33m", "\033[31m",
					"\033[1;31m", "\033[36m"};
	return c[s];
}

static void add_text(struct sbuf *out, const char *s)
{
	if (s)
		esc_terminal(out, s, strlen(s));
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
	for (int rank = 0; rank <= 4; rank++) {
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
		sbuf_addf(out, "%s%s — %zu passed, %zu failed, %zu warned, %zu errors, %zu waived (exit %d)\n",
			  verdict, color ? "\033[0m" : "", r->summary.passed,
			  r->summary.failed, r->summary.warned, r->summary.errored,
			  r->summary.waived, r->exit_code);
	}
	return 0;
}

const struct report_ops report_text = {
	"text", "one line per gate, for people (default)", render, NULL,
};
