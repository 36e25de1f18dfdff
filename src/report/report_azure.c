/* azure: Azure Pipelines logging commands on stdout, as conftest's
 * "azuredevops" output: ##vso[task.logissue type=error|warning;
 * sourcepath=POLICY;linenumber=N;columnnumber=N;code=GATE-ID]MESSAGE for
 * each gate that failed, could not be evaluated (error) or warned
 * (warning), most severe first.  Waived and passing gates write nothing
 * (Azure has no notice level); the exit code fails the step.  Text is
 * escaped as the agent unescapes it (%AZP25, %0D, %0A; %3B, %5D in
 * properties). */
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
#include "report/report_fmt.h"

static void az(struct sbuf *out, const char *s, int prop)
{
	if (s)
		esc_azure(out, s, strlen(s), prop);
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_list *gl = r->gates;
	size_t *order = rep_order(gl);

	(void)o;
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];
		const char *type = g->status == GS_ERROR || g->status == GS_FAIL ? "error" :
				   g->status == GS_WARN || g->status == GS_SKIP ? "warning" : NULL;

		if (!type)
			continue;
		sbuf_addf(out, "##vso[task.logissue type=%s", type);
		if (rep_policy_is_file(r)) {
			sbuf_adds(out, ";sourcepath=");
			az(out, rep_policy(r), 1);
			if (g->line > 0)
				sbuf_addf(out, ";linenumber=%d", g->line);
			if (g->col > 0)
				sbuf_addf(out, ";columnnumber=%d", g->col);
		}
		sbuf_adds(out, ";code=");
		az(out, g->id, 1);
		sbuf_adds(out, "]");
		if (g->status == GS_ERROR)
			sbuf_adds(out, "could not evaluate: ");
		else if (g->status == GS_SKIP)
			sbuf_adds(out, "skipped: ");
		az(out, g->id, 0);
		sbuf_adds(out, ": ");
		az(out, g->message ? g->message : gate_status_name(g->status), 0);
		sbuf_addc(out, '\n');
	}
	if (r->promotion.attempted && !r->promotion.ok) {
		sbuf_adds(out, "##vso[task.logissue type=error;code=promotion]promotion failed");
		if (r->promotion.message) {
			sbuf_adds(out, ": ");
			az(out, r->promotion.message, 0);
		}
		sbuf_addc(out, '\n');
	}
	free(order);
	return 0;
}

const struct report_ops report_azure = {
	"azure", "Azure Pipelines ##vso[task.logissue] commands for gates that did not pass",
	render, NULL,
};
