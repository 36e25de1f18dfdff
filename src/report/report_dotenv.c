/* dotenv: KEY=VALUE lines for GitLab's artifacts:reports:dotenv, so that
 * later jobs (a deploy, a notification) read the verdict as variables:
 * MLGATE_STATUS (pass | fail | error), MLGATE_EXIT_CODE, the gate counts,
 * MLGATE_PROMOTED (true | false).  Values are plain tokens and numbers:
 * GitLab's dotenv takes no multi-line or quoted values, and no name, path
 * or message (free text) is written. */
#include <string.h>

#include "report/report.h"

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_summary *s = &r->summary;

	(void)o;
	sbuf_addf(out, "MLGATE_STATUS=%s\n", r->status ? r->status : "error");
	sbuf_addf(out, "MLGATE_EXIT_CODE=%d\n", r->exit_code);
	sbuf_addf(out, "MLGATE_GATES=%zu\n", r->gates ? r->gates->n : 0);
	sbuf_addf(out, "MLGATE_PASSED=%zu\n", s->passed);
	sbuf_addf(out, "MLGATE_FAILED=%zu\n", s->failed);
	sbuf_addf(out, "MLGATE_WARNED=%zu\n", s->warned);
	sbuf_addf(out, "MLGATE_ERRORED=%zu\n", s->errored);
	sbuf_addf(out, "MLGATE_WAIVED=%zu\n", s->waived);
	sbuf_addf(out, "MLGATE_SKIPPED=%zu\n", s->skipped);
	sbuf_addf(out, "MLGATE_PROMOTED=%s\n",
		  r->promotion.attempted && r->promotion.ok && !r->promotion.dry_run ? "true" : "false");
	return 0;
}

const struct report_ops report_dotenv = {
	"dotenv", "KEY=VALUE verdict and counts (GitLab artifacts:reports:dotenv)",
	render, NULL,
};
