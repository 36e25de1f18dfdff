/* mlgate comment: create or update the one sticky pull-request comment
 * (GitHub) or merge-request note (GitLab) that holds a Markdown report.
 * The comment is found by the report's marker (MD_MARKER, on a line of its
 * own): every page of the thread is read (GitHub's Link rel="next",
 * GitLab's X-Next-Page), the first comment carrying the marker is replaced
 * (PATCH / PUT), otherwise a new one is posted.  The token rules are
 * forge.h's; a next-page link on another origin is refused too. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/forge.h"
#include "common/jsonw.h"
#include "report/report_markdown.h"

#define COMMENT_MAX_BYTES (256u * 1024u) /* GitHub's body limit is 65536 characters */
#define MAX_PAGES 100

/* Where the thread of one pull/merge request lives. */
struct thread {
	char *list;       /* URL of the thread's comments (list, POST) */
	char *item_base;  /* URL of one comment, without its id */
	char what[64];    /* "pull request 7" */
};

/* The pull request's number from the event payload GitHub writes to
 * $GITHUB_EVENT_PATH (pull_request.number, else issue.number), or 0. */
static long event_number(void)
{
	struct jval *doc = forge_event();
	double n = 0;
	long out = 0;

	if (jv_get_number(jv_get(doc, "pull_request"), "number", &n) == 0 ||
	    jv_get_number(jv_get(doc, "issue"), "number", &n) == 0)
		out = n >= 1 && n <= 1e9 && n == (long)n ? (long)n : 0;
	jv_free(doc);
	return out;
}

static int setup_github(struct forge *f, struct thread *t, long number)
{
	int rc = forge_github(f);

	if (rc)
		return rc;
	if (!number)
		number = event_number();
	if (!number)
		return forge_error(f, MG_EXIT_USAGE, "no pull request: this is not a pull_request event (pass --pr N)");
	t->list = xasprintf("%s/repos/%s/issues/%ld/comments", f->api, f->repo, number);
	t->item_base = xasprintf("%s/repos/%s/issues/comments/", f->api, f->repo);
	snprintf(t->what, sizeof(t->what), "pull request %ld", number);
	return 0;
}

static int setup_gitlab(struct forge *f, struct thread *t, long number)
{
	int rc = forge_gitlab(f);

	if (rc)
		return rc;
	if (!number)
		number = forge_positive(getenv("CI_MERGE_REQUEST_IID"));
	if (!number)
		return forge_error(f, MG_EXIT_USAGE, "no merge request: CI_MERGE_REQUEST_IID is not set (a merge request pipeline sets it; or pass --pr N)");
	t->list = xasprintf("%s/projects/%s/merge_requests/%ld/notes", f->api, f->repo, number);
	t->item_base = xasprintf("%s/", t->list);
	snprintf(t->what, sizeof(t->what), "merge request !%ld", number);
	return 0;
}

/* Whether `body` has the marker on a line of its own, as the Markdown
 * report writes it (a reply quoting it, "> <!-- ...", does not count). */
static int has_marker(const char *body)
{
	size_t n = strlen(MD_MARKER);

	for (const char *p = body; (p = strstr(p, MD_MARKER)); p += n)
		if ((p == body || p[-1] == '\n') && (p[n] == '\0' || p[n] == '\n' || p[n] == '\r'))
			return 1;
	return 0;
}

/* Find the first comment whose body carries the marker; *id = 0 when none.
 * 0, or an exit code after printing the error. */
static int find_sticky(const struct forge *f, const struct thread *t, long long *id)
{
	char *url = xasprintf("%s?per_page=100%s", t->list,
			      f->gitlab ? "&sort=asc&order_by=created_at" : "");
	int rc = 0;

	*id = 0;
	for (int page = 1; url && page <= MAX_PAGES; page++) {
		struct http_response res;
		struct mg_error err;
		struct jval *doc;
		char *next = NULL;

		if ((rc = forge_call(f, "GET", url, NULL, 200, &res)) != 0) {
			http_response_release(&res);
			break;
		}
		doc = jv_parse(res.body, res.body_len, url, MG_EXIT_INPUT, &err);
		if (!doc || jv_type(doc) != J_ARRAY) {
			rc = forge_error(f, MG_EXIT_INPUT, "GET %s: not a JSON array of comments", url);
			jv_free(doc);
			http_response_release(&res);
			break;
		}
		for (size_t i = 0; i < jv_size(doc) && !*id; i++) {
			const struct jval *c = jv_at(doc, i), *sys = jv_get(c, "system");
			const char *body = jv_string(jv_get(c, "body"));
			double n;

			if (sys && jv_type(sys) == J_BOOL && jv_bool(sys))
				continue; /* GitLab's own notes ("changed the description") */
			if (body && has_marker(body) &&
			    jv_get_number(c, "id", &n) == 0 && n >= 1 && n < 9e15)
				*id = (long long)n;
		}
		jv_free(doc);
		if (!*id) {
			if (f->gitlab) {
				long np = forge_positive(res.next_page);

				if (np)
					next = xasprintf("%s?per_page=100&sort=asc&order_by=created_at&page=%ld",
							 t->list, np);
			} else if (res.link) {
				next = forge_link_next(res.link);
				if (next && !http_same_origin(next, f->api)) {
					rc = forge_error(f, MG_EXIT_INPUT, "the next page is on another origin (%s): the token is not sent there", next);
					free(next);
					next = NULL;
				}
			}
		}
		http_response_release(&res);
		free(url);
		url = next;
		if (rc || *id)
			break;
	}
	if (url && !rc && !*id)
		rc = forge_error(f, MG_EXIT_INPUT, "more than %d pages of comments", MAX_PAGES);
	free(url);
	return rc;
}

static const struct cli_option comment_options[] = {
	CLI_VALUE('n', "pr", "N", 0, "the pull/merge request number (default: from GITHUB_EVENT_PATH or CI_MERGE_REQUEST_IID)"),
	CLI_VALUE('f', "forge", "NAME", 0, "github or gitlab (default: github under GitHub Actions, gitlab under GitLab CI)"),
	CLI_END,
};

static const struct cli_exit comment_exits[] = {
	{"0", "the comment was created or updated"},
	{"2", "usage error, no token, or not a pull/merge request"},
	{"3", "the report could not be read, or the API refused or could not be reached"},
	{NULL, NULL},
};

const struct cli_command command_comment = {
	"comment", cmd_comment, "create or update the sticky PR/MR comment with a Markdown report",
	"REPORT.md",
	"Posts REPORT.md (from --report markdown:REPORT.md) as the one mlgate comment\n"
	"of the pull request (GitHub) or merge request (GitLab): the comment that\n"
	"carries the report's marker is updated, else one is created.\n"
	"GitHub: GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH.\n"
	"GitLab: GITLAB_TOKEN (api scope) or CI_JOB_TOKEN, CI_API_V4_URL, CI_PROJECT_ID,\n"
	"CI_MERGE_REQUEST_IID.  The token is sent only to that API.\n",
	comment_options, comment_exits,
};

int cmd_comment(int argc, char **argv)
{
	const char *forge_name = NULL, *path;
	struct forge f;
	struct thread t;
	struct cli_parser ps;
	struct mg_error err;
	struct http_response res;
	struct sbuf body = SBUF_INIT;
	struct jsonw w;
	char *text = NULL;
	size_t len;
	long number = 0;
	long long id = 0;
	int opt, code;

	memset(&f, 0, sizeof(f));
	memset(&t, 0, sizeof(t));
	f.cmd = "comment";
	cli_parser_init(&ps, &command_comment);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'n':
			if (!(number = forge_positive(optarg)))
				return usage_error("comment", "--pr needs a number, not '%s'", optarg);
			break;
		case 'f':
			if (strcmp(optarg, "github") && strcmp(optarg, "gitlab"))
				return usage_error("comment", "--forge takes github or gitlab, not '%s'", optarg);
			forge_name = optarg;
			break;
		case CLI_STOP: return ps.code;
		}
	}
	if (argc - optind != 1)
		return usage_error("comment", "name one Markdown report");
	path = argv[optind];
	if (!forge_name) {
		const char *gha = getenv("GITHUB_ACTIONS"), *glc = getenv("GITLAB_CI");

		forge_name = gha && strcmp(gha, "true") == 0 ? "github" :
			     glc && strcmp(glc, "true") == 0 ? "gitlab" : NULL;
		if (!forge_name)
			return usage_error("comment", "not in GitHub Actions or GitLab CI: pass --forge github|gitlab");
	}
	if (!(text = mg_read_file(path, COMMENT_MAX_BYTES, &len, &err))) {
		mg_error_print(&err);
		return MG_EXIT_INPUT;
	}
	code = MG_EXIT_INPUT;
	if (strlen(text) != len || !has_marker(text)) {
		forge_error(&f, MG_EXIT_INPUT, "%s has no mlgate marker (write it with --report markdown:%s)",
		    path, path);
		goto out;
	}
	if ((code = strcmp(forge_name, "gitlab") == 0 ? setup_gitlab(&f, &t, number) :
							 setup_github(&f, &t, number)) != 0 ||
	    (code = forge_open(&f)) != 0)
		goto out;
	if ((code = find_sticky(&f, &t, &id)) != 0)
		goto out;
	jw_init(&w, &body, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "body", text);
	jw_obj_close(&w);
	if (id) {
		char *url = xasprintf("%s%lld", t.item_base, id);

		code = forge_call(&f, f.gitlab ? "PUT" : "PATCH", url, sbuf_str(&body), 200, &res);
		free(url);
	} else {
		code = forge_call(&f, "POST", t.list, sbuf_str(&body), 201, &res);
	}
	if (code == 0) {
		struct jval *doc = jv_parse(res.body, res.body_len, "response", MG_EXIT_INPUT, &err);
		double n = 0;

		if (doc)
			jv_get_number(doc, "id", &n);
		printf("%s comment %.0f on %s\n", id ? "updated" : "created", n, t.what);
		jv_free(doc);
	}
	http_response_release(&res);
out:
	sbuf_release(&body);
	free(text);
	free(t.list);
	free(t.item_base);
	forge_release(&f);
	return code;
}
