/* junit: JUnit XML for GitLab's artifacts:reports:junit and Jenkins.  One
 * testcase per gate: classname = the gate group (GitLab shows it as the
 * suite), name = the gate id; the policy and line are in the detail text.
 * Only what Jenkins' junit-10.xsd and junit-4.xsd and GitLab all accept:
 * no file or line on a testcase, no skipped count on testsuites, no
 * attributes on <skipped>.  The detail text is the element body, which is
 * what GitLab displays (it never shows a passing testcase's system-out):
 *   fail   -> <failure type="fail">, error -> <error type="error">,
 *   waived -> <skipped> starting "waived: " and the waiver's reason,
 *   skip   -> <skipped> starting "skipped: " and why,
 *   warn   -> <skipped> starting "warning: ", unless the run failed
 *             because of warnings (--fail-on-warn), then <failure type="warn">,
 *   pass   -> a passed testcase with the evaluation in <system-out>. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/escape.h"
#include "report/report_fmt.h"

static void xml(struct sbuf *out, const char *s, int attr)
{
	if (s)
		esc_xml(out, s, strlen(s), attr);
}

/* Warnings block the run only with --fail-on-warn: exit 1 without a failed
 * or errored gate. */
static int warnings_block(const struct run_result *r)
{
	return r->exit_code == MG_EXIT_FAIL && !r->summary.failed &&
	       !r->summary.errored && r->summary.warned;
}

static void detail_text(struct sbuf *out, const struct run_result *r,
			const struct gate_result *g)
{
	char num[64];

	xml(out, g->message ? g->message : "", 0);
	sbuf_addc(out, '\n');
	rep_num(num, sizeof(num), g->value);
	sbuf_addf(out, "value: %s\n", num);
	rep_threshold(num, sizeof(num), g);
	sbuf_adds(out, "threshold: ");
	xml(out, num[0] ? num : "none", 0);
	sbuf_addc(out, '\n');
	if (isfinite(g->baseline)) {
		rep_num(num, sizeof(num), g->baseline);
		sbuf_addf(out, "baseline: %s\n", num);
	}
	if (g->status == GS_WAIVED && g->waiver) {
		sbuf_adds(out, "waiver: ");
		xml(out, g->waiver, 0);
		sbuf_addc(out, '\n');
	}
	sbuf_adds(out, "policy: ");
	xml(out, rep_policy(r), 0);
	if (g->line > 0)
		sbuf_addf(out, ":%d", g->line);
	sbuf_addc(out, '\n');
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_list *gl = r->gates;
	const struct gate_summary *s = &r->summary;
	int warn_fails = warnings_block(r);
	size_t failures = s->failed + (warn_fails ? s->warned : 0);
	/* a promotion that ran is one more testcase (an error when it failed) */
	size_t tests = gl->n + (r->promotion.attempted ? 1 : 0);
	size_t errors = s->errored + (r->promotion.attempted && !r->promotion.ok);
	size_t skipped = s->waived + s->skipped + (warn_fails ? 0 : s->warned);
	char secs[40];
	struct sbuf name = SBUF_INIT;

	(void)o;
	snprintf(secs, sizeof(secs), "%.3f", r->duration_ms > 0 ? r->duration_ms / 1000 : 0.0);
	sbuf_adds(&name, "mlgate");
	if (r->policy_name) {
		sbuf_adds(&name, ": ");
		sbuf_adds(&name, r->policy_name);
	}
	sbuf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	sbuf_adds(out, "<testsuites name=\"");
	xml(out, sbuf_str(&name), 1);
	sbuf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%s\">\n",
		  tests, failures, errors, secs);
	sbuf_adds(out, "  <testsuite name=\"");
	xml(out, sbuf_str(&name), 1);
	sbuf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%s\">\n",
		  tests, failures, errors, skipped, secs);
	sbuf_release(&name);

	for (size_t i = 0; i < gl->n; i++) {
		const struct gate_result *g = &gl->v[i];
		struct sbuf group = SBUF_INIT;
		const char *tag = NULL, *type = NULL;

		rep_group(&group, g);
		sbuf_adds(out, "    <testcase classname=\"");
		xml(out, sbuf_str(&group), 1);
		sbuf_adds(out, "\" name=\"");
		xml(out, g->id, 1);
		sbuf_adds(out, "\" time=\"0\">\n");
		sbuf_release(&group);

		switch (g->status) {
		case GS_FAIL: tag = "failure"; type = "fail"; break;
		case GS_ERROR: tag = "error"; type = "error"; break;
		case GS_WAIVED: tag = "skipped"; break;
		case GS_SKIP: tag = "skipped"; break;
		case GS_WARN:
			if (warn_fails)
				tag = "failure", type = "warn";
			else
				tag = "skipped";
			break;
		case GS_PASS: break;
		}
		if (tag && type) {
			sbuf_addf(out, "      <%s type=\"%s\" message=\"", tag, type);
			xml(out, g->message ? g->message : "", 1);
			sbuf_adds(out, "\">");
			detail_text(out, r, g);
			sbuf_addf(out, "</%s>\n", tag);
		} else if (tag) {
			/* junit-4.xsd allows no message attribute: the first line
			 * says why the gate is skipped */
			sbuf_adds(out, "      <skipped>");
			if (g->status == GS_WAIVED) {
				sbuf_adds(out, "waived: ");
				xml(out, g->waiver ? g->waiver : "", 0);
				sbuf_addc(out, '\n');
			} else if (g->status == GS_SKIP) {
				sbuf_adds(out, "skipped: ");
			} else {
				sbuf_adds(out, "warning: ");
			}
			detail_text(out, r, g);
			sbuf_adds(out, "</skipped>\n");
		} else {
			sbuf_adds(out, "      <system-out>");
			detail_text(out, r, g);
			sbuf_adds(out, "</system-out>\n");
		}
		sbuf_adds(out, "    </testcase>\n");
	}
	if (r->promotion.attempted) {
		const char *msg = r->promotion.message ? r->promotion.message : "";

		sbuf_adds(out, "    <testcase classname=\"promote\" name=\"promotion\" time=\"0\">\n");
		if (r->promotion.ok) {
			sbuf_addf(out, "      <system-out>%s", r->promotion.dry_run ? "dry run: " : "");
			xml(out, msg, 0);
			sbuf_adds(out, "\n</system-out>\n");
		} else {
			sbuf_adds(out, "      <error type=\"promotion\" message=\"");
			xml(out, msg, 1);
			sbuf_adds(out, "\">promotion failed: ");
			xml(out, msg, 0);
			sbuf_adds(out, "\n</error>\n");
		}
		sbuf_adds(out, "    </testcase>\n");
	}
	sbuf_adds(out, "  </testsuite>\n</testsuites>\n");
	return 0;
}

const struct report_ops report_junit = {
	"junit", "JUnit XML: one testcase per gate (GitLab, Jenkins)", render, NULL,
};
