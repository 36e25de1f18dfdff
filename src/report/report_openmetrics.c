/* openmetrics: the OpenMetrics text format, for GitLab's
 * artifacts:reports:metrics (the MR widget shows each metric and its change
 * from the target branch) and any Prometheus-style scraper of files.
 * Families: mlgate_gates{status} (counts), mlgate_exit_code, and per gate
 * mlgate_gate_value / mlgate_gate_threshold {gate}, every digit kept (a
 * missing value is NaN, as OpenMetrics writes it); ends with "# EOF".  The
 * gate id is the only label, so a series keeps its identity when the
 * gate's status changes (GitLab compares series between branches); a
 * repeated id gets n="2", n="3", ... so no two series collide. */
#include <math.h>
#include <string.h>

#include "common/escape.h"
#include "report/report.h"

static void number(struct sbuf *out, double v)
{
	char buf[40];

	if (isnan(v))
		sbuf_adds(out, "NaN");
	else if (isinf(v))
		sbuf_adds(out, v > 0 ? "+Inf" : "-Inf");
	else {
		mg_fmt_double(buf, sizeof(buf), v);
		sbuf_adds(out, buf);
	}
}

static void gate_sample(struct sbuf *out, const char *family,
			const struct gate_list *gl, size_t i, double v)
{
	const char *id = gl->v[i].id;
	unsigned seen = 0;

	for (size_t k = 0; k < i; k++)
		seen += strcmp(gl->v[k].id, id) == 0;
	sbuf_addf(out, "%s{gate=\"", family);
	esc_label(out, id, strlen(id));
	if (seen)
		sbuf_addf(out, "\",n=\"%u", seen + 1);
	sbuf_adds(out, "\"} ");
	number(out, v);
	sbuf_addc(out, '\n');
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_summary *s = &r->summary;
	const struct gate_list *gl = r->gates;
	static const char *const names[] = {"pass", "fail", "warn", "error", "waived", "skip"};
	size_t counts[6];

	(void)o;
	counts[0] = s->passed, counts[1] = s->failed, counts[2] = s->warned;
	counts[3] = s->errored, counts[4] = s->waived, counts[5] = s->skipped;
	sbuf_adds(out, "# TYPE mlgate_gates gauge\n# HELP mlgate_gates Gates of the run by status.\n");
	for (int i = 0; i < 6; i++)
		sbuf_addf(out, "mlgate_gates{status=\"%s\"} %zu\n", names[i], counts[i]);
	sbuf_adds(out, "# TYPE mlgate_exit_code gauge\n# HELP mlgate_exit_code Exit code of mlgate check.\n");
	sbuf_addf(out, "mlgate_exit_code %d\n", r->exit_code);
	sbuf_adds(out, "# TYPE mlgate_gate_value gauge\n# HELP mlgate_gate_value The value each gate judged.\n");
	for (size_t i = 0; i < gl->n; i++)
		gate_sample(out, "mlgate_gate_value", gl, i, gl->v[i].value);
	sbuf_adds(out, "# TYPE mlgate_gate_threshold gauge\n# HELP mlgate_gate_threshold The threshold of each gate that has one.\n");
	for (size_t i = 0; i < gl->n; i++)
		if (gl->v[i].op != OP_NONE && isfinite(gl->v[i].threshold))
			gate_sample(out, "mlgate_gate_threshold", gl, i, gl->v[i].threshold);
	sbuf_adds(out, "# EOF\n");
	return 0;
}

const struct report_ops report_openmetrics = {
	"openmetrics", "OpenMetrics text: counts, values, thresholds (GitLab artifacts:reports:metrics)",
	render, NULL,
};
