/* mlgate promote: the promotion step of a policy alone (for pipelines that
 * gate in one job and promote in a later one). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/policy.h"
#include "registry/promote.h"
#include "run/run.h"

int cmd_promote(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"policy", required_argument, NULL, 'p'},
		{"dry-run", no_argument, NULL, 'D'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *path = NULL;
	int dry_run = 0, opt, code;
	struct policy_opts po;
	struct policy *p;
	struct mg_diags d;
	struct run run;
	struct run_opts ro;
	struct mg_error err;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":p:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': path = optarg; break;
		case 'D': dry_run = 1; break;
		case 'h': fputs(command_usage("promote"), stdout); return 0;
		case ':': return usage_error("promote", "option '%s' needs a value", argv[optind - 1]);
		default: return usage_error("promote", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("promote", "unexpected argument '%s'", argv[optind]);
	if (!path)
		path = default_policy_path();
	if (!path)
		return usage_error("promote", "no policy: pass -p POLICY");
	memset(&po, 0, sizeof(po));
	po.allow_no_gates = 1;
	mg_diags_init(&d);
	p = run_policy_load(path, &po, &d);
	if (!p) {
		mg_diags_print(&d);
		code = d.max_code ? d.max_code : MG_EXIT_USAGE;
		mg_diags_release(&d);
		return code;
	}
	mg_diags_release(&d);
	if (!promote_configured(p)) {
		fprintf(stderr, "mlgate: %s: the policy has no 'promote' section\n", path);
		policy_free(p);
		return MG_EXIT_USAGE;
	}
	memset(&ro, 0, sizeof(ro));
	ro.promote_only = 1;
	ro.promote = 1;
	ro.dry_run = dry_run;
	run_init(&run);
	run_check(&run, p, &ro, &err);
	code = run_promote(&run, p, &ro);
	fputs(sbuf_str(&run.plan), stdout);
	for (size_t i = 0; i < run.nwarnings; i++)
		fprintf(stderr, "mlgate: warning: %s\n", run.warnings[i]);
	printf("promotion: %s%s%s%s\n", dry_run ? "dry run, " : "",
	       code ? "FAILED" : "ok", run.result.promotion.message ? ": " : "",
	       run.result.promotion.message ? run.result.promotion.message : "");
	run_release(&run);
	policy_free(p);
	return code;
}
