#define _POSIX_C_SOURCE 200809L
#include "cli/forge.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"

#define RESPONSE_MAX (8u << 20)

int forge_error(const struct forge *f, int code, const char *fmt, ...)
{
	char msg[2048];
	struct sbuf masked = SBUF_INIT, shown = SBUF_INIT;
	const char *secrets[1] = {f->token};
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	esc_scrub(&masked, msg, strlen(msg), secrets, 1);
	esc_terminal(&shown, sbuf_str(&masked), masked.len);
	fprintf(stderr, "mlgate: %s: %s\n", f->cmd, sbuf_str(&shown));
	sbuf_release(&masked);
	sbuf_release(&shown);
	return code;
}

long forge_positive(const char *s)
{
	char *end;
	long v;

	if (!s || !isdigit((unsigned char)s[0]))
		return 0;
	v = strtol(s, &end, 10);
	return *end || v <= 0 ? 0 : v;
}

struct jval *forge_event(void)
{
	const char *path = getenv("GITHUB_EVENT_PATH");
	struct mg_error err;
	struct jval *doc;
	char *text;
	size_t len;

	if (!path || !path[0] || !(text = mg_read_file(path, 16u << 20, &len, &err)))
		return NULL;
	doc = jv_parse(text, len, path, MG_EXIT_INPUT, &err);
	free(text);
	return doc;
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

int forge_github(struct forge *f)
{
	const char *api = getenv("GITHUB_API_URL"), *repo = getenv("GITHUB_REPOSITORY");

	f->name = "GitHub";
	f->token = getenv("GITHUB_TOKEN");
	if (!f->token || !f->token[0])
		return forge_error(f, MG_EXIT_USAGE, "GITHUB_TOKEN is not set (the Action passes github.token)");
	if (!url_safe(repo, "-_./") || !strchr(repo, '/') || strstr(repo, ".."))
		return forge_error(f, MG_EXIT_USAGE, "GITHUB_REPOSITORY must be OWNER/NAME, not '%s'",
				   repo ? repo : "");
	f->repo = repo;
	f->api = trimmed_base(api && api[0] ? api : "https://api.github.com");
	f->auth = xasprintf("Authorization: Bearer %s", f->token);
	return 0;
}

int forge_gitlab(struct forge *f)
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
		return forge_error(f, MG_EXIT_USAGE, "neither GITLAB_TOKEN nor CI_JOB_TOKEN is set");
	if (!api || !api[0])
		return forge_error(f, MG_EXIT_USAGE, "CI_API_V4_URL is not set");
	if (!url_safe(project, ""))
		return forge_error(f, MG_EXIT_USAGE, "CI_PROJECT_ID must be a number, not '%s'",
				   project ? project : "");
	f->repo = project;
	f->api = trimmed_base(api);
	f->auth = xasprintf("%s: %s", job ? "JOB-TOKEN" : "PRIVATE-TOKEN", token);
	return 0;
}

int forge_open(const struct forge *f)
{
	if (http_plain_remote(f->api))
		return forge_error(f, MG_EXIT_USAGE, "%s is plain http to a remote host: the token is not sent there", f->api);
	if (http_global_init() < 0)
		return forge_error(f, MG_EXIT_INPUT, "the HTTP client could not start");
	return 0;
}

int forge_send(const struct forge *f, const char *method, const char *url,
	       const char *body, struct http_response *res)
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
		return forge_error(f, MG_EXIT_INPUT, "%s %s: %s", method, url, res->error);
	return 0;
}

int forge_refused(const struct forge *f, const char *method, const char *url,
		  const struct http_response *res)
{
	char snippet[201];

	snprintf(snippet, sizeof(snippet), "%s", res->body ? res->body : "");
	return forge_error(f, MG_EXIT_INPUT, "%s %s: %s answered %ld%s%s", method, url,
			   f->name, res->status, snippet[0] ? ": " : "", snippet);
}

int forge_call(const struct forge *f, const char *method, const char *url,
	       const char *body, long want, struct http_response *res)
{
	int rc = forge_send(f, method, url, body, res);

	if (rc)
		return rc;
	if (want ? res->status == want : res->status >= 200 && res->status < 300)
		return 0;
	return forge_refused(f, method, url, res);
}

char *forge_link_next(const char *link)
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

void forge_release(struct forge *f)
{
	free(f->api);
	free(f->auth);
	f->api = f->auth = NULL;
}
