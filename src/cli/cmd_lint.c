/* mlgate lint: every problem of a policy at once; with --metrics, also the
 * gates whose metric the metrics file does not have. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/metrics.h"
#include "core/modelgates.h"
#include "core/policy.h"
#include "data/data.h"
#include "run/run.h"

/* Every leaf path of a metrics document, dot-joined, for suggestions. */
static void collect_paths(const struct jval *v, const char *prefix,
			  const char ***paths, size_t *n, size_t *cap)
{
	size_t k = jv_size(v);

	if (jv_type(v) != J_OBJECT && jv_type(v) != J_ARRAY) {
		*paths = xgrow(*paths, cap, *n + 2, sizeof(**paths));
		(*paths)[(*n)++] = xstrdup(prefix);
		(*paths)[*n] = NULL;
		return;
	}
	if (*n > 10000)
		return;
	for (size_t i = 0; i < k; i++) {
		const struct jval *c = jv_at(v, i);
		char *p;
		if (jv_type(v) == J_OBJECT)
			p = prefix[0] ? xasprintf("%s.%s", prefix, jv_key(c)) :
					xstrdup(jv_key(c));
		else
			p = xasprintf("%s.%zu", prefix, i);
		collect_paths(c, p, paths, n, cap);
		free(p);
	}
}

static int lint_metrics(const struct policy *p, const char *path)
{
	struct mg_error err;
	const struct modelgates *m = policy_section(p, &modelgates_section);
	struct jval *doc = metrics_load(path, &err);
	const char **paths = NULL;
	size_t n = 0, cap = 0;
	int problems = 0;

	if (!doc) {
		mg_error_print(&err);
		return MG_EXIT_INPUT;
	}
	collect_paths(doc, "", &paths, &n, &cap);
	for (size_t i = 0; m && i < m->nrules; i++) {
		const struct metric_rule *r = &m->rules[i];
		char why[300], hb[MG_HINT_SIZE];
		double v;
		const char *hint;

		if (metrics_number(doc, r->metric, &v, why, sizeof(why)) == 0)
			continue;
		problems++;
		hint = paths ? mg_suggest(r->metric, paths) : NULL;
		fprintf(stderr, "mlgate: %s:%d:%d: gate on '%s': metric %s in %s%s\n",
			p->path, r->line, r->col, r->metric, why, path,
			mg_did_you_mean(hb, sizeof(hb), hint, ""));
	}
	for (size_t i = 0; i < n; i++)
		free((char *)paths[i]);
	free(paths);
	jv_free(doc);
	return problems ? MG_EXIT_INPUT : 0;
}

static const struct cli_option lint_options[] = {
	CLI_VALUE('m', "metrics", "F", 0, "also report the gates whose metric is absent from F"),
	CLI_END,
};

static const struct cli_exit lint_exits[] = {
	{"0", "the policy is valid (and, with --metrics, has every gate's metric)"},
	{"2", "usage error, or a policy has problems"},
	{"3", "a policy or the metrics file could not be read, or a gate's metric is absent"},
	{NULL, NULL},
};

const struct cli_command command_lint = {
	"lint", cmd_lint, "validate policies, reporting every problem", "[POLICY...]",
	"Prints every problem as file:line:col: message.  Each POLICY is checked\n"
	"(pre-commit passes every staged one); the exit code is the highest.\n"
	"Without POLICY, reads mlgate.yml, then .mlgate.yml, in the current directory.\n",
	lint_options, lint_exits,
};

/* One policy: its problems on stderr, "ok" on stdout; the exit code. */
static int lint_one(const char *path, const char *metrics)
{
	struct policy_opts po;
	struct policy *p;
	struct mg_diags d;
	int code;

	memset(&po, 0, sizeof(po));
	mg_diags_init(&d);
	p = run_policy_load(path, &po, &d);
	if (!p) {
		mg_diags_print(&d);
		fprintf(stderr, "mlgate: %s: %zu problem%s\n", path, d.n, d.n == 1 ? "" : "s");
		code = d.max_code ? d.max_code : MG_EXIT_USAGE;
		mg_diags_release(&d);
		return code;
	}
	mg_diags_release(&d);
	code = metrics ? lint_metrics(p, metrics) : 0;
	/* data gates such as null_ratio and drift on every column are only
	 * known once the data is read: the count is what the policy declares */
	if (code == 0 && policy_section(p, &data_section))
		printf("%s: ok (%zu gate%s declared; data gates expand per column at run time)\n",
		       path, p->ngates, p->ngates == 1 ? "" : "s");
	else if (code == 0)
		printf("%s: ok (%zu gate%s)\n", path, p->ngates, p->ngates == 1 ? "" : "s");
	policy_free(p);
	return code;
}

int cmd_lint(int argc, char **argv)
{
	const char *metrics = NULL, *path;
	struct cli_parser ps;
	int opt, code = 0;

	cli_parser_init(&ps, &command_lint);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'm': metrics = optarg; break;
		case CLI_STOP: return ps.code;
		}
	}
	if (optind < argc) {
		for (int i = optind; i < argc; i++) {
			int c = lint_one(argv[i], metrics);

			if (c > code)
				code = c;
		}
		return code;
	}
	path = default_policy_path();
	if (!path)
		return usage_error("lint", "no policy: name one, or create mlgate.yml or .mlgate.yml here");
	return lint_one(path, metrics);
}
