/* mlgate promote: the promotion step of a policy alone (for pipelines that
 * gate in one job and promote in a later one). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "common/trust.h"
#include "core/policy.h"
#include "registry/promote.h"
#include "run/run.h"

static const struct cli_option promote_options[] = {
	CLI_VALUE('p', "policy", "POLICY", CLI_SHORT,
		  "the policy file (- for stdin); its gates are evaluated first"),
	CLI_VALUE('R', "from-report", "FILE", 0,
		  "take the gates from this passing JSON report of the same policy and metrics"),
	CLI_FLAG('D', "dry-run", 0, "print the promotion requests (secrets masked) instead of sending them"),
	CLI_VALUE('H', "allow-host", "HOST[:PORT]", CLI_REPEAT,
		  "a 'tracking_uri' of the policy may name this host "
		  "(also MLGATE_ALLOWED_HOSTS, comma-separated)"),
	CLI_VALUE('A', "allow-path", "DIR", CLI_REPEAT,
		  "the policy may name files under DIR, outside the workspace "
		  "(also MLGATE_ALLOWED_PATHS, colon-separated)"),
	CLI_END,
};

static const struct cli_exit promote_exits[] = {
	{"0", "promoted (with --dry-run: the requests were printed)"},
	{"1", "a gate failed: nothing was promoted"},
	{"2", "usage or policy error, or the policy has no 'promote' section"},
	{"3", "the policy, metrics or another input could not be read"},
	{"4", "promotion failed, or --from-report was refused"},
	{NULL, NULL},
};

const struct cli_command command_promote = {
	"promote", cmd_promote, "run the promotion step of a policy alone", NULL,
	"For pipelines that gate in one job and promote in a later one.  It never\n"
	"promotes on gates it has not seen pass: it evaluates the policy's gates\n"
	"again, or, with --from-report, takes them from a passing JSON report of\n"
	"the same policy and metrics (their sha256 must match).  Without -p, reads\n"
	"mlgate.yml, then .mlgate.yml, in the current directory.\n",
	promote_options, promote_exits,
};

int cmd_promote(int argc, char **argv)
{
	const char *path = NULL, *from_report = NULL;
	int dry_run = 0, opt, code;
	struct policy_opts po;
	struct policy *p;
	struct mg_diags d;
	struct run run;
	struct run_opts ro;
	struct mg_error err;
	struct cli_parser ps;

	cli_parser_init(&ps, &command_promote);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'p': path = optarg; break;
		case 'D': dry_run = 1; break;
		case 'H': trust_allow_host(optarg); break;
		case 'A': trust_allow_path(optarg); break;
		case 'R': from_report = optarg; break;
		case CLI_STOP: return ps.code;
		}
	}
	if (optind < argc)
		return usage_error("promote", "unexpected argument '%s'", argv[optind]);
	if (trust_untrusted())
		return usage_error("promote", "an untrusted policy (MLGATE_UNTRUSTED_POLICY) "
				   "cannot promote");
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
	if (run_check_origins(p, &err) < 0) {
		mg_error_print(&err);
		policy_free(p);
		return MG_EXIT_USAGE;
	}
	if (p->ngates == 0 && !from_report) {
		fprintf(stderr, "mlgate: %s: the policy declares no gates, and mlgate promote "
			"promotes only on gates it has seen pass (add gates, or pass --from-report)\n",
			path);
		policy_free(p);
		return MG_EXIT_USAGE;
	}
	memset(&ro, 0, sizeof(ro));
	ro.promote = 1;
	ro.dry_run = dry_run;
	ro.from_report = from_report;
	run_init(&run);
	code = run_check(&run, p, &ro, &err);
	mg_diags_print(&run.inputs);
	if (err.msg[0]) {
		fprintf(stderr, "mlgate: %s\n", err.msg);
	} else if (!run.result.promotion.attempted) {
		for (size_t i = 0; i < run.gates.n; i++) {
			const struct gate_result *g = &run.gates.v[i];
			if (g->status == GS_FAIL || g->status == GS_ERROR)
				printf("%-6s %s: %s\n", g->status == GS_FAIL ? "FAIL" : "ERROR", g->id,
				       g->message ? g->message : "");
		}
		printf("promotion: skipped (gates did not pass, exit %d)\n", code);
	} else {
		code = run_promote(&run, p, &ro);
		fputs(sbuf_str(&run.plan), stdout);
		for (size_t i = 0; i < run.nwarnings; i++)
			fprintf(stderr, "mlgate: warning: %s\n", run.warnings[i]);
		printf("promotion: %s%s%s%s\n", dry_run ? "dry run, " : "",
		       code ? "FAILED" : "ok", run.result.promotion.message ? ": " : "",
		       run.result.promotion.message ? run.result.promotion.message : "");
	}
	run_release(&run);
	policy_free(p);
	return code;
}
