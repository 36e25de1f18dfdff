/* mlgate check-run: publish a JSON report as a GitHub check run with every
 * annotation -- the first 50 in the POST that creates the run, the rest in
 * PATCHes of 50 (workflow commands show at most 10 per level).  The token
 * rules are forge.h's.  A 403 (a token without `checks: write`, such as a
 * fork's pull request gets) is a warning with its own exit code, so that
 * CI can tell it apart; the gate's verdict is never changed here. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/checkrun.h"
#include "cli/commands.h"
#include "cli/forge.h"

#define REPORT_MAX_BYTES (64u << 20)

/* A commit id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits. */
static int is_sha(const char *s)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; s[n]; n++)
		if (!isxdigit((unsigned char)s[n]) || isupper((unsigned char)s[n]))
			return 0;
	return n == 40 || n == 64;
}

/* The commit to attach the run to: --sha, else the pull request's head
 * (GITHUB_SHA is the merge commit there, which the PR page does not show),
 * else GITHUB_SHA.  NULL (caller frees otherwise) after printing why. */
static char *head_sha(const struct forge *f, const char *given)
{
	struct jval *ev;
	const char *sha = given;
	char *out = NULL;

	ev = given ? NULL : forge_event();
	if (!sha) {
		const struct jval *head = jv_get(jv_get(ev, "pull_request"), "head");
		const struct jval *s = jv_get(head, "sha");

		sha = s && jv_type(s) == J_STRING ? jv_string(s) : getenv("GITHUB_SHA");
	}
	if (is_sha(sha))
		out = xstrdup(sha);
	else if (sha && sha[0])
		forge_error(f, MG_EXIT_USAGE, "'%s' is not a commit id (40 or 64 lowercase hex digits)", sha);
	else
		forge_error(f, MG_EXIT_USAGE, "no commit: GITHUB_SHA is not set (pass --sha SHA)");
	jv_free(ev);
	return out;
}

static const struct cli_option checkrun_options[] = {
	CLI_VALUE('n', "name", "NAME", 0, "the check run's name (default: mlgate)"),
	CLI_VALUE('s', "sha", "SHA", 0, "the commit (default: the pull request's head from GITHUB_EVENT_PATH, else GITHUB_SHA)"),
	CLI_END,
};

static const struct cli_exit checkrun_exits[] = {
	{"0", "the check run was created with every annotation"},
	{"2", "usage error, no token, no commit, or plain http to a remote API"},
	{"3", "the report could not be read, or the API refused or could not be reached"},
	{NULL, NULL},
};

const struct cli_command command_checkrun = {
	"check-run", cmd_checkrun, "publish a JSON report as a GitHub check run with every annotation",
	"REPORT.json",
	"Creates a completed check run from REPORT.json (--report json:REPORT.json):\n"
	"conclusion success (every gate passed), neutral (passed with warnings) or\n"
	"failure; the Markdown report as its summary; one annotation per gate that\n"
	"did not pass, at its line of the policy, 50 per request.  Run it from the\n"
	"directory `mlgate check` ran in.  GITHUB_TOKEN (checks: write),\n"
	"GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_EVENT_PATH.\n"
	"The token is sent only to that API.\n",
	checkrun_options, checkrun_exits,
};

/* The answer to a refused request: 403 is the token's permission. */
static int refused(const struct forge *f, const char *method, const char *url,
		   const struct http_response *res)
{
	if (res->status == 403) {
		forge_error(f, MG_EXIT_INPUT, "%s %s: GitHub answered 403: the token may not "
			    "create check runs (give the job `permissions: checks: write`; a pull request "
			    "from a fork gets a read-only token)", method, url);
		return MG_EXIT_INPUT;
	}
	return forge_refused(f, method, url, res);
}

/* Send every request; 0 or the exit code after printing why. */
static int publish(const struct forge *f, const struct checkrun *cr, const char *name,
		   const char *sha)
{
	char *create = xasprintf("%s/repos/%s/check-runs", f->api, f->repo), *url = NULL;
	size_t total = checkrun_requests(cr);
	long long id = 0;
	int rc = 0;

	for (size_t k = 0; k < total && !rc; k++) {
		struct sbuf body = SBUF_INIT;
		struct http_response res;
		const char *method = k ? "PATCH" : "POST";

		checkrun_body(cr, k, name, sha, &body);
		if (!(rc = forge_send(f, method, k ? url : create, sbuf_str(&body), &res))) {
			if (res.status != (k ? 200 : 201))
				rc = refused(f, method, k ? url : create, &res);
			else if (!k && !(id = checkrun_id(res.body, res.body_len)))
				rc = forge_error(f, MG_EXIT_INPUT, "POST %s: the answer has no check run id", create);
			else if (!k)
				url = xasprintf("%s/%lld", create, id);
		}
		if (rc && k)
			forge_error(f, rc, "check run %lld was created, but annotations %zu to %zu of %zu were not added",
				    id, k * CHECKRUN_BATCH + 1, cr->n, cr->n);
		http_response_release(&res);
		sbuf_release(&body);
	}
	if (!rc)
		printf("created check run %lld '%s' on %.12s: %s, %zu annotation%s in %zu request%s\n",
		       id, name, sha, cr->conclusion, cr->n, cr->n == 1 ? "" : "s",
		       total, total == 1 ? "" : "s");
	free(create);
	free(url);
	return rc;
}

int cmd_checkrun(int argc, char **argv)
{
	const char *name = "mlgate", *sha_opt = NULL, *path;
	struct forge f;
	struct checkrun cr;
	struct cli_parser ps;
	struct mg_error err;
	char *text = NULL, *sha = NULL;
	size_t len;
	int opt, code;

	memset(&f, 0, sizeof(f));
	memset(&cr, 0, sizeof(cr));
	f.cmd = "check-run";
	cli_parser_init(&ps, &command_checkrun);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'n':
			if (!optarg[0] || strlen(optarg) > 200)
				return usage_error("check-run", "--name takes 1 to 200 bytes");
			name = optarg;
			break;
		case 's': sha_opt = optarg; break;
		case CLI_STOP: return ps.code;
		}
	}
	if (argc - optind != 1)
		return usage_error("check-run", "name one JSON report");
	path = argv[optind];
	if (!(text = mg_read_file(path, REPORT_MAX_BYTES, &len, &err))) {
		mg_error_print(&err);
		return MG_EXIT_INPUT;
	}
	if (checkrun_from_report(&cr, text, len, path, &err) < 0) {
		mg_error_print(&err);
		code = MG_EXIT_INPUT;
		goto out;
	}
	if ((code = forge_github(&f)) != 0 || !(sha = head_sha(&f, sha_opt)) ||
	    (code = forge_open(&f)) != 0) {
		code = code ? code : MG_EXIT_USAGE;
		goto out;
	}
	code = publish(&f, &cr, name, sha);
out:
	checkrun_release(&cr);
	free(text);
	free(sha);
	forge_release(&f);
	return code;
}
