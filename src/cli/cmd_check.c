/* mlgate check: evaluate every gate of a policy, report, and promote after
 * a pass. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/commands.h"
#include "common/trust.h"
#include "core/policy.h"
#include "registry/promote.h"
#include "report/report.h"
#include "run/run.h"

#define MAX_REPORTS 32

struct report_spec {
	const struct report_ops *ops;
	char *path; /* NULL = stdout */
};

static int parse_report_spec(const char *arg, struct report_spec *spec)
{
	const char *colon = strchr(arg, ':');
	char *name = colon ? xstrndup(arg, (size_t)(colon - arg)) : xstrdup(arg);

	spec->ops = report_find(name);
	if (!spec->ops) {
		struct sbuf names = SBUF_INIT;
		for (const struct report_ops *const *f = report_all(); *f; f++)
			sbuf_addf(&names, "%s%s", names.len ? ", " : "", (*f)->name);
		usage_error("check", "unknown report format '%s' (known: %s)", name,
			    sbuf_str(&names));
		sbuf_release(&names);
		free(name);
		return -1;
	}
	free(name);
	spec->path = colon && colon[1] && strcmp(colon + 1, "-") != 0 ?
			     xstrdup(colon + 1) : NULL;
	if (colon && !colon[1])
		return usage_error("check", "'--report %s' has an empty path", arg), -1;
	return 0;
}

static int parse_budget(const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (*end || end == arg || !(v > 0) || v > 86400)
		return usage_error("check", "--probe-budget needs seconds from 0 to 86400 "
				   "(not 0), not '%s'", arg), -1;
	trust_set_probe_budget(v);
	return 0;
}

static int check_reports(const struct report_spec *reports, size_t n,
			 const char *policy_arg, const struct policy *p,
			 struct mg_error *err)
{
	const char **outs = xcalloc(n ? n : 1, sizeof(*outs));
	const char *const *named;
	const char **inputs;
	size_t nnamed, ni = 0;
	int rc;

	named = trust_inputs(&nnamed);
	inputs = xcalloc(nnamed + 3, sizeof(*inputs));
	inputs[ni++] = policy_arg;
	inputs[ni++] = p->metrics_path;
	inputs[ni++] = p->baseline_path;
	for (size_t i = 0; i < nnamed; i++)
		inputs[ni++] = named[i];
	for (size_t i = 0; i < n; i++)
		outs[i] = reports[i].path ? reports[i].path : "-";
	rc = mg_check_outputs(outs, n, inputs, ni, err);
	free(outs);
	free(inputs);
	return rc;
}

static int want_color(const char *mode)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (strcmp(mode, "always") == 0)
		return 1;
	if (strcmp(mode, "never") == 0)
		return 0;
	if (no && no[0])
		return 0;
	if (term && strcmp(term, "dumb") == 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

/* The columns of the terminal on stdout (its size, else $COLUMNS), or 80
 * when stdout is not one: a file or a CI log gets the same lines always. */
static int text_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	char *end;
	long n;

	if (!isatty(STDOUT_FILENO))
		return 80;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	n = env ? strtol(env, &end, 10) : 0;
	return env && *env && !*end && n > 0 && n <= 10000 ? (int)n : 80;
}

static const struct cli_option check_options[] = {
	CLI_VALUE('p', "policy", "POLICY", CLI_SHORT, "the policy file (- for stdin)"),
	CLI_VALUE('m', "metrics", "F", 0, "metrics file, replacing the policy's 'metrics:'"),
	CLI_VALUE('b', "baseline", "F", 0, "production metrics, replacing the policy's 'baseline:'"),
	CLI_VALUE('r', "report", "FMT[:PATH]", CLI_REPEAT,
		  "write a report to PATH (default stdout), whole or not at all; FMT is "
		  "text (the default report), json, junit, github, markdown, codequality, sarif, "
		  "html, dotenv, openmetrics, azure or tap"),
	CLI_FLAG('W', "fail-on-warn", 0, "warnings fail the run (exit 1)"),
	CLI_VALUE('E', "warn-exit-code", "N", 0,
		  "exit N (0, or 5 to 125: never a code that means something else) "
		  "when warnings are the only findings"),
	CLI_FLAG('P', "promote", 0,
		 "promote after a pass (the default when the policy has a 'promote' section; "
		 "without one, a usage error)"),
	CLI_FLAG('N', "no-promote", CLI_OR, "never promote, even after a pass"),
	CLI_FLAG('D', "dry-run", 0, "print the promotion requests (secrets masked) instead of sending them"),
	CLI_VALUE('s', "set", "KEY=VALUE", CLI_REPEAT, "override a policy value, e.g. model.f1_score.min=0.9"),
	CLI_FLAG('q', "quiet", CLI_SHORT, "no text report on stdout (other --report outputs are still written)"),
	CLI_VALUE('C', "color", "WHEN", 0,
		  "colour the text report: auto (on a terminal, unless NO_COLOR is set), always or never"),
	CLI_VALUE('C', "colour", "WHEN", CLI_HIDDEN, NULL),
	CLI_VALUE('O', "only", "failures|problems|all", 0,
		  "the gates the text report lists: failures (and errors), problems (every gate "
		  "that did not pass, the default) or all; the others are counted in one line"),
	CLI_FLAG('U', "untrusted-policy", 0,
		 "the policy comes from a pull request: no probes, no registry or webhook "
		 "calls, no ${VAR} (also MLGATE_UNTRUSTED_POLICY=1)"),
	CLI_VALUE('H', "allow-host", "HOST[:PORT]", CLI_REPEAT,
		  "a 'tracking_uri' of the policy may name this host "
		  "(also MLGATE_ALLOWED_HOSTS, comma-separated)"),
	CLI_VALUE('A', "allow-path", "DIR", CLI_REPEAT,
		  "the policy may name files under DIR, outside the workspace "
		  "(also MLGATE_ALLOWED_PATHS, colon-separated)"),
	CLI_VALUE('B', "probe-budget", "SECONDS", 0,
		  "total time all latency probes may take (default 300)"),
	CLI_END,
};

static const struct cli_exit check_exits[] = {
	{"0", "every gate passed (warnings allowed unless --fail-on-warn)"},
	{"1", "at least one gate failed (or warned, with --fail-on-warn)"},
	{"2", "usage or policy error, or a report could not be written"},
	{"3", "input error: a file or metric could not be read or evaluated"},
	{"4", "every gate passed but promotion failed"},
	{"N", "with --warn-exit-code N: warnings were the only findings"},
	{NULL, NULL},
};

const struct cli_command command_check = {
	"check", cmd_check, "evaluate a policy's gates; promote after a pass", NULL,
	"Without -p, reads mlgate.yml, then .mlgate.yml, in the current directory.\n",
	check_options, check_exits,
};

/* A run that stopped before its gates: the formats that can say so
 * (github: annotations and the step summary) get the problems. */
static void write_problems(const struct report_spec *reports, size_t n,
			   const struct mg_error *v, size_t nv)
{
	struct mg_error err;

	for (size_t i = 0; i < n; i++)
		if (report_write_problems(reports[i].ops, reports[i].path, v, nv, &err) < 0)
			mg_error_print(&err);
}

int cmd_check(int argc, char **argv)
{
	struct report_spec reports[MAX_REPORTS];
	size_t nreports = 0;
	const char *policy_arg = NULL, *color_mode = "auto";
	enum report_only only = REPORT_ONLY_PROBLEMS;
	const char **sets = NULL;
	size_t nsets = 0, sets_cap = 0;
	int fail_on_warn = 0, warn_exit = 0, promote_flag = -1, dry_run = 0;
	int quiet = 0, opt, code = MG_EXIT_USAGE;
	struct policy_opts po;
	struct policy *p = NULL;
	struct mg_diags diags;
	struct run run;
	struct run_opts ro;
	struct report_opts ropts;
	struct mg_error err;
	struct cli_parser ps;
	size_t warned = 0;

	memset(&po, 0, sizeof(po));
	memset(&ro, 0, sizeof(ro));
	run_init(&run);
	mg_diags_init(&diags);
	cli_parser_init(&ps, &command_check);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'p': policy_arg = optarg; break;
		case 'm': po.metrics = optarg; break;
		case 'b': po.baseline = optarg; break;
		case 'r':
			if (nreports == MAX_REPORTS) {
				usage_error("check", "at most %d --report options", MAX_REPORTS);
				goto out;
			}
			if (parse_report_spec(optarg, &reports[nreports]) < 0)
				goto out;
			nreports++;
			break;
		case 'W': fail_on_warn = 1; break;
		case 'E': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 0 || v > 125 || (v >= 1 && v <= 4)) {
				usage_error("check", "--warn-exit-code needs 0 or a number from 5 to 125 "
					    "(1 to 4 mean fail, usage, input and promotion), not '%s'",
					    optarg);
				goto out;
			}
			warn_exit = (int)v;
			break;
		}
		case 'P': promote_flag = 1; break;
		case 'N': promote_flag = 0; break;
		case 'D': dry_run = 1; break;
		case 's':
			sets = xgrow(sets, &sets_cap, nsets + 1, sizeof(*sets));
			sets[nsets++] = optarg;
			break;
		case 'q': quiet = 1; break;
		case 'C':
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never")) {
				usage_error("check", "--color takes auto, always or never, not '%s'", optarg);
				goto out;
			}
			color_mode = optarg;
			break;
		case 'O':
			if (strcmp(optarg, "problems") == 0)
				only = REPORT_ONLY_PROBLEMS;
			else if (strcmp(optarg, "failures") == 0)
				only = REPORT_ONLY_FAILURES;
			else if (strcmp(optarg, "all") == 0)
				only = REPORT_ONLY_ALL;
			else {
				usage_error("check", "--only takes failures, problems or all, not '%s'",
					    optarg);
				goto out;
			}
			break;
		case 'U': trust_set_untrusted(1); break;
		case 'H': trust_allow_host(optarg); break;
		case 'A': trust_allow_path(optarg); break;
		case 'B':
			if (parse_budget(optarg) < 0)
				goto out;
			break;
		case CLI_STOP:
			code = ps.code;
			goto out;
		}
	}
	if (optind < argc) {
		usage_error("check", "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (!policy_arg)
		policy_arg = default_policy_path();
	if (!policy_arg) {
		usage_error("check", "no policy: pass -p POLICY, or create mlgate.yml or .mlgate.yml here");
		goto out;
	}
	if (fail_on_warn && warn_exit) {
		usage_error("check", "--fail-on-warn and --warn-exit-code exclude each other");
		goto out;
	}
	po.sets = sets;
	po.nsets = nsets;
	p = run_policy_load(policy_arg, &po, &diags);
	if (!p) {
		mg_diags_print(&diags);
		code = diags.max_code ? diags.max_code : MG_EXIT_USAGE;
		write_problems(reports, nreports, diags.v, diags.n);
		goto out;
	}
	if (promote_flag == 1 && !promote_configured(p)) {
		usage_error("check", "--promote, but the policy has no 'promote' section");
		code = MG_EXIT_USAGE;
		goto out;
	}
	if (run_check_origins(p, &err) < 0) {
		mg_error_print(&err);
		code = MG_EXIT_USAGE;
		goto out;
	}
	if (promote_flag == 1 && trust_untrusted()) {
		usage_error("check", "--promote and --untrusted-policy exclude each other");
		code = MG_EXIT_USAGE;
		goto out;
	}
	if (nreports == 0 && !quiet) {
		reports[0].ops = &report_text;
		reports[0].path = NULL;
		nreports = 1;
	}
	/* every report known writable, and none over an input or another
	 * report, before anything runs: a promotion must not happen for a
	 * run whose report is then lost */
	if (check_reports(reports, nreports, policy_arg, p, &err) < 0) {
		mg_error_print(&err);
		code = MG_EXIT_USAGE;
		goto out;
	}

	ro.fail_on_warn = fail_on_warn;
	ro.warn_exit_code = warn_exit;
	ro.promote = promote_flag;
	ro.dry_run = dry_run;
	code = run_check(&run, p, &ro, &err);
	for (; warned < run.nwarnings; warned++)
		fprintf(stderr, "mlgate: warning: %s\n", run.warnings[warned]);
	if (!quiet)
		mg_diags_print(&run.inputs);
	if (err.msg[0]) {
		mg_error_print(&err);
		code = err.code ? err.code : MG_EXIT_INPUT;
		write_problems(reports, nreports, &err, 1);
		goto out;
	}
	code = run_promote(&run, p, &ro);
	for (; warned < run.nwarnings; warned++)
		fprintf(stderr, "mlgate: warning: %s\n", run.warnings[warned]);
	fputs(sbuf_str(&run.plan), stderr);

	ropts.color = 0;
	ropts.only = only;
	/* the reports that state the exit code come last and state the final one */
	for (int rank = 0; rank <= 2; rank++) {
		run.exit_code = run.result.exit_code = code;
		for (size_t i = 0; i < nreports; i++) {
			if (report_write_rank(reports[i].ops) != rank)
				continue;
			ropts.color = !reports[i].path && reports[i].ops == &report_text &&
				      want_color(color_mode);
			ropts.width = reports[i].path ? 80 : text_width();
			if (report_write(reports[i].ops, reports[i].path, &run.result,
					 &ropts, &err) < 0) {
				mg_error_print(&err);
				code = run_report_failed(&run);
			}
		}
	}
out:
	for (size_t i = 0; i < nreports; i++)
		free(reports[i].path);
	run_release(&run);
	free(sets);
	policy_free(p);
	mg_diags_release(&diags);
	return code;
}
