/* cli: the command table, help and version, and the options every command shares. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "ext/jsondoc.h"
#include "common/util.h"
#include "ext/yamltree.h"

#include "ext/codec.h"
#include "ext/http.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

static const struct command commands[] = {
	{"check", cmd_check, "evaluate a policy's gates; promote after a pass",
	 "usage: mlgate check [-p POLICY] [--metrics F] [--baseline F]\n"
	 "                    [--report FMT[:PATH]]... [--fail-on-warn] [--warn-exit-code N]\n"
	 "                    [--promote | --no-promote] [--dry-run] [--set KEY=VALUE]...\n"
	 "                    [-q] [--color auto|always|never]\n"
	 "\n"
	 "Without -p, reads mlgate.yml or .mlgate.yml in the current directory.\n"
	 "  -p, --policy F        the policy file (- for stdin)\n"
	 "  --metrics F           metrics file, replacing the policy's 'metrics:'\n"
	 "  --baseline F          production metrics, replacing 'baseline:'\n"
	 "  --report FMT[:PATH]   text (default), json, ... ; repeatable; no PATH = stdout\n"
	 "  --fail-on-warn        warnings fail the run (exit 1)\n"
	 "  --warn-exit-code N    exit N when the only findings are warnings\n"
	 "  --no-promote          never promote, even after a pass\n"
	 "  --dry-run             print promotion requests instead of sending them\n"
	 "  --set KEY=VALUE       override a policy value, e.g. model.f1_score.min=0.9\n"
	 "  -q, --quiet           no text report on stdout (other --report still written)\n"
	 "  --color WHEN          colour the text report: auto (TTY, no NO_COLOR), always, never\n"},
	{"profile", cmd_profile, "profile a CSV file: types, nulls, quantiles",
	 "usage: mlgate profile DATA [--format json|text] [-o OUT] [--delimiter C]\n"
	 "                      [--null-values a,b,...] [--skip-bad-rows] [--threads 0|1|2]\n"
	 "\n"
	 "Per-column statistics of a CSV, TSV or gzip file (- for stdin).  The JSON\n"
	 "output can be used as a frozen drift reference.  See doc/data-profile.md.\n"},
	{"drift", cmd_drift, "drift statistics between a reference and current data",
	 "usage: mlgate drift REFERENCE CURRENT [--columns a,b] [--method M] [--bins K]\n"
	 "                    [--format json|text|markdown] [-o OUT] [--delimiter C]\n"
	 "\n"
	 "REFERENCE may be a frozen profile (mlgate profile REF --format json -o ref.json);\n"
	 "then KS and Wasserstein are absent (they need raw values).  --method M reports\n"
	 "only M (psi, ks, wasserstein, wasserstein_norm, jensenshannon, chi2).\n"},
	{"metrics", cmd_metrics, "model metrics from a predictions file",
	 "usage: mlgate metrics PREDICTIONS --label COL (--prediction COL | --score COL)\n"
	 "                      [--task classification|regression] [--positive LABEL]\n"
	 "                      [--average binary|macro|weighted|micro] [--threshold T]\n"
	 "                      [--by COL] [--bootstrap N [--seed S]] [-o metrics.json]\n"},
	{"promote", cmd_promote, "run the promotion step of a policy alone",
	 "usage: mlgate promote [-p POLICY] [--dry-run]\n"},
	{"lint", cmd_lint, "validate a policy, reporting every problem",
	 "usage: mlgate lint [POLICY] [--metrics F]\n"
	 "\n"
	 "Prints every problem as file:line:col: message.  With --metrics, also\n"
	 "flags gates whose metric is absent from F.\n"},
	{"init", cmd_init, "write a starter policy from a metrics file",
	 "usage: mlgate init [--metrics F] [--data F] [-o OUT] [--force]\n"
	 "\n"
	 "Writes mlgate.yml (or OUT; - for stdout) with one gate per numeric metric.\n"
	 "Thresholds are left unset (~) so the policy is refused until you choose them.\n"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char exit_codes_help[] =
	"exit codes:\n"
	"  0  every gate passed (warnings allowed unless --fail-on-warn)\n"
	"  1  at least one gate failed\n"
	"  2  usage or policy error\n"
	"  3  input error: a file or metric could not be read or evaluated\n"
	"  4  gates passed but promotion failed\n";

const char *command_usage(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return commands[i].usage;
	return NULL;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("mlgate: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'mlgate help %s')\n", cmd ? cmd : "");
	return MG_EXIT_USAGE;
}

const char *default_policy_path(void)
{
	if (access("mlgate.yml", F_OK) == 0)
		return "mlgate.yml";
	if (access(".mlgate.yml", F_OK) == 0)
		return ".mlgate.yml";
	return NULL;
}

static void print_help(FILE *f)
{
	fputs("usage: mlgate COMMAND [OPTIONS]\n\n"
	      "A quality gate for ML models and data.\n\ncommands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n  mlgate help COMMAND   options of one command\n"
	      "  mlgate --version      version and library versions\n\n", f);
	fputs(exit_codes_help, f);
}

static int print_version(void)
{
	printf("mlgate %s (libyaml %s, cJSON %s, %s, %s)\n", MLGATE_VERSION,
	       yamltree_version(), jsondoc_version(), mlgate_http_version(),
	       codec_versions());
	return 0;
}

static int finish(int code)
{
	/* a report lost on a full disk or closed pipe is an error */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("mlgate: error writing to standard output\n", stderr);
		return code > MG_EXIT_USAGE ? code : MG_EXIT_USAGE;
	}
	return code;
}

int mlgate_main(int argc, char **argv)
{
	const char *name;

	if (argc < 2) {
		print_help(stderr);
		return MG_EXIT_USAGE;
	}
	name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0 ||
	    strcmp(name, "version") == 0)
		return finish(print_version());
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		print_help(stdout);
		return finish(0);
	}
	if (strcmp(name, "help") == 0) {
		const char *u;
		if (argc < 3) {
			print_help(stdout);
			return finish(0);
		}
		u = command_usage(argv[2]);
		if (!u)
			return usage_error(NULL, "unknown command '%s'", argv[2]);
		fputs(u, stdout);
		fputs("\n", stdout);
		fputs(exit_codes_help, stdout);
		return finish(0);
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return finish(commands[i].fn(argc - 1, argv + 1));
	{
		const char *names[NCOMMANDS + 1], *hint;
		for (size_t i = 0; i < NCOMMANDS; i++)
			names[i] = commands[i].name;
		names[NCOMMANDS] = NULL;
		hint = mg_suggest(name, names);
		if (hint)
			fprintf(stderr, "mlgate: unknown command '%s' (did you mean '%s'?)\n",
				name, hint);
		else
			fprintf(stderr, "mlgate: unknown command '%s' (see 'mlgate --help')\n",
				name);
	}
	return MG_EXIT_USAGE;
}
