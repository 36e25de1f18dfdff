/* mlgate comment: create or update the one sticky pull-request comment
 * (GitHub) or merge-request note (GitLab) that holds a Markdown report.
 * The comment is found by the report's marker (MD_MARKER, on a line of its
 * own): every page of the thread is read (GitHub's Link rel="next",
 * GitLab's X-Next-Page), the first comment carrying the marker is replaced
 * (PATCH / PUT), otherwise a new one is posted.  The token goes only to the configured API origin:
 * redirects are not followed and a next-page link elsewhere is refused; it
 * never goes over plain http to a remote host, and it is masked in every
 * message. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "common/escape.h"
#include "common/jsonw.h"
#include "ext/http.h"
#include "ext/jsondoc.h"
#include "report/report_markdown.h"

#define COMMENT_MAX_BYTES (256u * 1024u) /* GitHub's body limit is 65536 characters */
#define MAX_PAGES 100
#define RESPONSE_MAX (8u << 20)

struct forge {
	int gitlab;
	const char *name;  /* "GitHub" | "GitLab" */
	const char *token;
	char *api;         /* base URL, no trailing '/' */
	char *thread;      /* URL of the thread's comments (list, POST) */
	char *item_base;   /* URL of one comment, without its id */
	char *auth;        /* the header carrying the token */
	const char *what;  /* "pull request 7" */
	char what_buf[64];
};

static void forge_release(struct forge *f)
{
	free(f->api);
	free(f->thread);
	free(f->item_base);
	free(f->auth);
}

/* Print "mlgate: comment: MSG" with the token masked and controls escaped. */
static int comment_error(const struct forge *f, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int comment_error(const struct forge *f, int code, const char *fmt, ...)
{
	char msg[2048];
	struct sbuf masked = SBUF_INIT, shown = SBUF_INIT;
	const char *secrets[1] = {f ? f->token : NULL};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	esc_scrub(&masked, msg, strlen(msg), secrets, 1);
	esc_terminal(&shown, sbuf_str(&masked), masked.len);
	fprintf(stderr, "mlgate: comment: %s\n", sbuf_str(&shown));
	sbuf_release(&masked);
	sbuf_release(&shown);
	return code;
}

/* A decimal number > 0 without sign or spaces, or 0. */
static long positive(const char *s)
{
	char *end;
	long v;

	if (!s || !isdigit((unsigned char)s[0]))
		return 0;
	v = strtol(s, &end, 10);
	return *end || v <= 0 ? 0 : v;
}

/* The pull request's number from the event payload GitHub writes to
 * $GITHUB_EVENT_PATH (pull_request.number, else issue.number), or 0. */
static long event_number(void)
{
	const char *path = getenv("GITHUB_EVENT_PATH");
	struct mg_error err;
	char *text;
	size_t len;
	struct jval *doc;
	double n = 0;
	long out = 0;

	if (!path || !path[0] || !(text = mg_read_file(path, 16u << 20, &len, &err)))
		return 0;
	doc = jv_parse(text, len, path, MG_EXIT_INPUT, &err);
	free(text);
	if (!doc)
		return 0;
	if (jv_get_number(jv_get(doc, "pull_request"), "number", &n) == 0 ||
	    jv_get_number(jv_get(doc, "issue"), "number", &n) == 0)
		out = n >= 1 && n <= 1e9 && n == (long)n ? (long)n : 0;
	jv_free(doc);
	return out;
}

/* Characters allowed in owner/repo and project ids: nothing that could
 * change the URL's structure. */
static int url_safe(const char *s, const char *extra)
{
	if (!s || !s[0])
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
			return 0;
	return 1;
}

static char *trimmed_base(const char *url)
{
	size_t n = strlen(url);

	while (n && url[n - 1] == '/')
		n--;
	return xstrndup(url, n);
}

static int setup_github(struct forge *f, long number)
{
	const char *api = getenv("GITHUB_API_URL"), *repo = getenv("GITHUB_REPOSITORY");

	f->name = "GitHub";
	f->token = getenv("GITHUB_TOKEN");
	if (!f->token || !f->token[0])
		return comment_error(f, MG_EXIT_USAGE, "GITHUB_TOKEN is not set (the Action passes github.token)");
	if (!url_safe(repo, "-_./") || !strchr(repo, '/') || strstr(repo, ".."))
		return comment_error(f, MG_EXIT_USAGE, "GITHUB_REPOSITORY must be OWNER/NAME, not '%s'",
				     repo ? repo : "");
	if (!number)
		number = event_number();
	if (!number)
		return comment_error(f, MG_EXIT_USAGE, "no pull request: this is not a pull_request event (pass --pr N)");
	f->api = trimmed_base(api && api[0] ? api : "https://api.github.com");
	f->thread = xasprintf("%s/repos/%s/issues/%ld/comments", f->api, repo, number);
	f->item_base = xasprintf("%s/repos/%s/issues/comments/", f->api, repo);
	f->auth = xasprintf("Authorization: Bearer %s", f->token);
	snprintf(f->what_buf, sizeof(f->what_buf), "pull request %ld", number);
	return 0;
}

static int setup_gitlab(struct forge *f, long number)
{
	const char *api = getenv("CI_API_V4_URL"), *project = getenv("CI_PROJECT_ID");
	const char *token = getenv("GITLAB_TOKEN");
	int job = 0;

	f->name = "GitLab";
	f->gitlab = 1;
	if (!token || !token[0]) {
		token = getenv("CI_JOB_TOKEN");
		job = 1;
	}
	f->token = token;
	if (!token || !token[0])
		return comment_error(f, MG_EXIT_USAGE, "neither GITLAB_TOKEN nor CI_JOB_TOKEN is set");
	if (!api || !api[0])
		return comment_error(f, MG_EXIT_USAGE, "CI_API_V4_URL is not set");
	if (!url_safe(project, ""))
		return comment_error(f, MG_EXIT_USAGE, "CI_PROJECT_ID must be a number, not '%s'",
				     project ? project : "");
	if (!number)
		number = positive(getenv("CI_MERGE_REQUEST_IID"));
	if (!number)
		return comment_error(f, MG_EXIT_USAGE, "no merge request: CI_MERGE_REQUEST_IID is not set (a merge request pipeline sets it; or pass --pr N)");
	f->api = trimmed_base(api);
	f->thread = xasprintf("%s/projects/%s/merge_requests/%ld/notes", f->api, project, number);
	f->item_base = xasprintf("%s/", f->thread);
	f->auth = xasprintf("%s: %s", job ? "JOB-TOKEN" : "PRIVATE-TOKEN", token);
	snprintf(f->what_buf, sizeof(f->what_buf), "merge request !%ld", number);
	return 0;
}

/* One request with the token, JSON in and out.  0 when the status is
 * `want` (or, want == 0, any 2xx), otherwise the printed error's code. */
static int call(const struct forge *f, const char *method, const char *url,
		const char *body, long want, struct http_response *res)
{
	const char *headers[6];
	size_t h = 0;
	struct http_request req;

	memset(&req, 0, sizeof(req));
	headers[h++] = f->auth;
	headers[h++] = f->gitlab ? "Accept: application/json" : "Accept: application/vnd.github+json";
	if (!f->gitlab)
		headers[h++] = "X-GitHub-Api-Version: 2022-11-28";
	headers[h++] = "User-Agent: mlgate/" MLGATE_VERSION;
	if (body)
		headers[h++] = "Content-Type: application/json";
	headers[h] = NULL;
	req.method = method;
	req.url = url;
	req.headers = headers;
	req.body = body;
	req.body_len = body ? strlen(body) : 0;
	req.max_response = RESPONSE_MAX;
	req.follow_redirects = 0;
	if (http_perform(&req, res) < 0)
		return comment_error(f, MG_EXIT_INPUT, "%s %s: %s", method, url, res->error);
	if (want ? res->status == want : res->status >= 200 && res->status < 300)
		return 0;
	{
		char snippet[201];

		snprintf(snippet, sizeof(snippet), "%s", res->body ? res->body : "");
		return comment_error(f, MG_EXIT_INPUT, "%s %s: %s answered %ld%s%s", method, url,
				     f->name, res->status, snippet[0] ? ": " : "", snippet);
	}
}

/* The URL of rel="next" in a Link header, or NULL. */
static char *link_next(const char *link)
{
	const char *p = link;

	while (p && *p) {
		const char *lt = strchr(p, '<'), *gt, *end;

		if (!lt || !(gt = strchr(lt, '>')))
			return NULL;
		end = strchr(gt, ',');
		if (!end)
			end = gt + strlen(gt);
		{
			char *params = xstrndup(gt + 1, (size_t)(end - gt - 1));
			int next = strstr(params, "rel=\"next\"") != NULL ||
				   strstr(params, "rel=next") != NULL;

			free(params);
			if (next)
				return xstrndup(lt + 1, (size_t)(gt - lt - 1));
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
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
static int find_sticky(const struct forge *f, long long *id)
{
	char *url = xasprintf("%s?per_page=100%s", f->thread,
			      f->gitlab ? "&sort=asc&order_by=created_at" : "");
	int rc = 0;

	*id = 0;
	for (int page = 1; url && page <= MAX_PAGES; page++) {
		struct http_response res;
		struct mg_error err;
		struct jval *doc;
		char *next = NULL;

		if ((rc = call(f, "GET", url, NULL, 200, &res)) != 0) {
			http_response_release(&res);
			break;
		}
		doc = jv_parse(res.body, res.body_len, url, MG_EXIT_INPUT, &err);
		if (!doc || jv_type(doc) != J_ARRAY) {
			rc = comment_error(f, MG_EXIT_INPUT, "GET %s: not a JSON array of comments", url);
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
				long np = positive(res.next_page);

				if (np)
					next = xasprintf("%s?per_page=100&sort=asc&order_by=created_at&page=%ld",
							 f->thread, np);
			} else if (res.link) {
				next = link_next(res.link);
				if (next && !http_same_origin(next, f->api)) {
					rc = comment_error(f, MG_EXIT_INPUT, "the next page is on another origin (%s): the token is not sent there", next);
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
		rc = comment_error(f, MG_EXIT_INPUT, "more than %d pages of comments", MAX_PAGES);
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
	cli_parser_init(&ps, &command_comment);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'n':
			if (!(number = positive(optarg)))
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
		comment_error(NULL, MG_EXIT_INPUT, "%s has no mlgate marker (write it with --report markdown:%s)",
			      path, path);
		goto out;
	}
	if ((code = strcmp(forge_name, "gitlab") == 0 ? setup_gitlab(&f, number) :
							 setup_github(&f, number)) != 0)
		goto out;
	if (http_plain_remote(f.api)) {
		code = comment_error(&f, MG_EXIT_USAGE, "%s is plain http to a remote host: the token is not sent there", f.api);
		goto out;
	}
	if (http_global_init() < 0) {
		code = comment_error(&f, MG_EXIT_INPUT, "the HTTP client could not start");
		goto out;
	}
	if ((code = find_sticky(&f, &id)) != 0)
		goto out;
	jw_init(&w, &body, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "body", text);
	jw_obj_close(&w);
	if (id) {
		char *url = xasprintf("%s%lld", f.item_base, id);

		code = call(&f, f.gitlab ? "PUT" : "PATCH", url, sbuf_str(&body), 200, &res);
		free(url);
	} else {
		code = call(&f, "POST", f.thread, sbuf_str(&body), 201, &res);
	}
	if (code == 0) {
		struct jval *doc = jv_parse(res.body, res.body_len, "response", MG_EXIT_INPUT, &err);
		double n = 0;

		if (doc)
			jv_get_number(doc, "id", &n);
		printf("%s comment %.0f on %s\n", id ? "updated" : "created", n, f.what_buf);
		jv_free(doc);
	}
	http_response_release(&res);
out:
	sbuf_release(&body);
	free(text);
	forge_release(&f);
	return code;
}
