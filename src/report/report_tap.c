/* tap: TAP version 13, one test point per gate in policy order, as
 * conftest's "tap" output: pass -> ok; fail and error -> not ok; warn ->
 * not ok with a TODO directive (shown, but not a failure to TAP
 * consumers, as a warning does not fail the run) unless warnings fail the
 * run (--fail-on-warn); waived -> ok with a SKIP directive and the reason;
 * skip -> ok with a SKIP directive and why it was not evaluated.
 * A failing point carries a YAML block (message, value, threshold,
 * policy:line).  A promotion that ran is one more point. */
#include <math.h>
#include <string.h>

#include "common/escape.h"
#include "common/jsonw.h"
#include "report/report_fmt.h"

static void tap(struct sbuf *out, const char *s)
{
	if (s)
		esc_tap(out, s, strlen(s));
}

/* A YAML double-quoted scalar: JSON's string syntax is a subset of it. */
static void yaml_str(struct sbuf *out, const char *s)
{
	struct jsonw w;

	jw_init(&w, out, 0);
	jw_str(&w, s ? s : "");
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_list *gl = r->gates;
	int warn_fails = r->exit_code == MG_EXIT_FAIL && !r->summary.failed &&
			 !r->summary.errored && r->summary.warned;
	size_t n = gl->n + (r->promotion.attempted ? 1 : 0);
	char num[64];

	(void)o;
	sbuf_addf(out, "TAP version 13\n1..%zu\n", n);
	for (size_t i = 0; i < gl->n; i++) {
		const struct gate_result *g = &gl->v[i];
		int ok = g->status == GS_PASS || g->status == GS_WAIVED || g->status == GS_SKIP ||
			 (g->status == GS_WARN && !warn_fails);

		sbuf_addf(out, "%s %zu - ", ok && g->status != GS_WARN ? "ok" : "not ok", i + 1);
		tap(out, g->id);
		if (g->status == GS_WAIVED) {
			sbuf_adds(out, " # SKIP waived: ");
			tap(out, g->waiver ? g->waiver : "");
		} else if (g->status == GS_SKIP) {
			sbuf_adds(out, " # SKIP skipped: ");
			tap(out, g->message);
		} else if (g->status == GS_WARN && !warn_fails) {
			sbuf_adds(out, " # TODO warning: ");
			tap(out, g->message);
		}
		sbuf_addc(out, '\n');
		if (ok && g->status != GS_WARN)
			continue;
		sbuf_adds(out, "  ---\n  status: ");
		sbuf_adds(out, gate_status_name(g->status));
		sbuf_adds(out, "\n  message: ");
		yaml_str(out, g->message);
		rep_num(num, sizeof(num), g->value);
		sbuf_adds(out, "\n  value: ");
		yaml_str(out, num);
		rep_threshold(num, sizeof(num), g);
		sbuf_adds(out, "\n  threshold: ");
		yaml_str(out, num[0] ? num : "none");
		sbuf_adds(out, "\n  at: ");
		{
			struct sbuf at = SBUF_INIT;

			sbuf_adds(&at, rep_policy(r));
			if (g->line > 0)
				sbuf_addf(&at, ":%d", g->line);
			yaml_str(out, sbuf_str(&at));
			sbuf_release(&at);
		}
		sbuf_adds(out, "\n  ...\n");
	}
	if (r->promotion.attempted) {
		sbuf_addf(out, "%s %zu - promotion", r->promotion.ok ? "ok" : "not ok", n);
		if (r->promotion.message) {
			sbuf_adds(out, ": ");
			tap(out, r->promotion.message);
		}
		sbuf_addc(out, '\n');
	}
	return 0;
}

const struct report_ops report_tap = {
	"tap", "TAP version 13: one test point per gate", render, NULL,
};
