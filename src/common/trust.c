/* trust: the operator's settings for one run (see trust.h).  Kept in one
 * static struct: the command layer fills it from its flags, every reader
 * adds the environment's part lazily. */
#define _XOPEN_SOURCE 700
#include "common/trust.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/escape.h"

extern char **environ;

static struct {
	int untrusted;
	double budget_s;
	char **hosts;
	size_t nhosts, caphosts;
	char **dirs;
	size_t ndirs, capdirs;
	int env_read;
	char **secrets;
	size_t nsecrets, capsecrets;
	char **inputs;
	size_t ninputs, capinputs;
	int secrets_read;
} T;

static void add_str(char ***v, size_t *n, size_t *cap, const char *s, size_t len)
{
	*v = xgrow(*v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrndup(s, len);
}

/* Split `list` at `sep`, adding each non-empty piece. */
static void add_list(char ***v, size_t *n, size_t *cap, const char *list, char sep)
{
	while (list && *list) {
		const char *e = strchr(list, sep);
		size_t len = e ? (size_t)(e - list) : strlen(list);

		while (len && (*list == ' ')) {
			list++;
			len--;
		}
		while (len && list[len - 1] == ' ')
			len--;
		if (len)
			add_str(v, n, cap, list, len);
		list = e ? e + 1 : NULL;
	}
}

static void read_env(void)
{
	const char *u;

	if (T.env_read)
		return;
	T.env_read = 1;
	add_list(&T.hosts, &T.nhosts, &T.caphosts, getenv("MLGATE_ALLOWED_HOSTS"), ',');
	add_list(&T.dirs, &T.ndirs, &T.capdirs, getenv("MLGATE_ALLOWED_PATHS"), ':');
	u = getenv("MLGATE_UNTRUSTED_POLICY");
	if (u && mg_parse_bool(u) != 0 && u[0])
		T.untrusted = 1; /* any value but false/0 turns it on: fail closed */
}

void trust_set_untrusted(int on)
{
	read_env();
	T.untrusted = T.untrusted || on;
}

int trust_untrusted(void)
{
	read_env();
	return T.untrusted;
}

void trust_allow_host(const char *host)
{
	read_env();
	add_str(&T.hosts, &T.nhosts, &T.caphosts, host, strlen(host));
}

void trust_allow_path(const char *dir)
{
	read_env();
	add_str(&T.dirs, &T.ndirs, &T.capdirs, dir, strlen(dir));
}

void trust_set_probe_budget(double seconds)
{
	T.budget_s = seconds;
}

double trust_probe_budget(void)
{
	return T.budget_s > 0 ? T.budget_s : TRUST_PROBE_BUDGET_S;
}

static void free_all(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memset(v[i], 0, strlen(v[i]));
		free(v[i]);
	}
	free(v);
}

void trust_reset(void)
{
	free_all(T.hosts, T.nhosts);
	free_all(T.dirs, T.ndirs);
	free_all(T.secrets, T.nsecrets);
	free_all(T.inputs, T.ninputs);
	memset(&T, 0, sizeof(T));
}

/* ----- variables ----- */

static int contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

int trust_is_credential(const char *name)
{
	static const char *const words[] = {"TOKEN", "SECRET", "PASSWORD", "PASSWD",
					    "KEY", "CREDENTIAL", "AUTH", "JWT", NULL};

	for (size_t i = 0; words[i]; i++)
		if (contains_ci(name, words[i]))
			return 1;
	return strncmp(name, "MLFLOW_TRACKING_", 16) == 0 &&
	       strcmp(name, "MLFLOW_TRACKING_URI") != 0;
}

/* What a CI job sets about itself, and the names a pipeline gives its
 * model; credential names are taken out by trust_is_credential. */
static const char *const safe_env[] = {
	"CI", "CI_*", "GITHUB_*", "GITLAB_*", "RUNNER_*", "MODEL_*", "RUN_ID",
	"MLFLOW_TRACKING_URI", "MLFLOW_RUN_ID", "MLFLOW_EXPERIMENT_ID",
	"MLFLOW_EXPERIMENT_NAME", "MLGATE_METRICS", "MLGATE_BASELINE", NULL,
};

int trust_env_allowed(const char *name)
{
	const char *list = getenv("MLGATE_ALLOWED_ENV");
	int cred = trust_is_credential(name);

	if (trust_untrusted())
		return 0;
	for (size_t i = 0; !cred && safe_env[i]; i++)
		if (mg_glob_match(safe_env[i], name))
			return 1;
	while (list && *list) {
		const char *e = strchr(list, ',');
		size_t len = e ? (size_t)(e - list) : strlen(list);
		char *pat = xstrndup(list, len);
		int glob = strchr(pat, '*') != NULL;
		int ok = glob ? !cred && mg_glob_match(pat, name) : strcmp(pat, name) == 0;

		free(pat);
		if (ok)
			return 1;
		list = e ? e + 1 : NULL;
	}
	return 0;
}

/* ----- hosts ----- */

int trust_origin(const char *url, char *buf, size_t size)
{
	const char *h, *end, *at;
	int https;
	size_t hl;
	char host[300];

	if (!url)
		return -1;
	if (strncasecmp(url, "http://", 7) == 0)
		https = 0, h = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		https = 1, h = url + 8;
	else
		return -1;
	end = h + strcspn(h, "/?#");
	/* user:password@ is not part of the origin */
	for (at = end; at > h && at[-1] != '@'; at--)
		;
	if (at > h)
		h = at;
	hl = (size_t)(end - h);
	if (hl == 0 || hl >= sizeof(host))
		return -1;
	for (size_t i = 0; i < hl; i++)
		host[i] = (char)(h[i] >= 'A' && h[i] <= 'Z' ? h[i] - 'A' + 'a' : h[i]);
	host[hl] = '\0';
	/* a port is what follows the last ':' after any [IPv6] literal */
	{
		char *rb = strrchr(host, ']'), *colon = strrchr(rb ? rb : host, ':');
		if (colon && colon[1])
			snprintf(buf, size, "%s://%s", https ? "https" : "http", host);
		else {
			if (colon)
				*colon = '\0';
			snprintf(buf, size, "%s://%s:%s", https ? "https" : "http", host,
				 https ? "443" : "80");
		}
	}
	return 0;
}

int trust_url_allowed(const char *url)
{
	char o[320], mine[320];
	const char *hostport;
	const char *env = getenv("MLFLOW_TRACKING_URI");

	read_env();
	if (trust_origin(url, o, sizeof(o)) < 0)
		return 0;
	if (env && trust_origin(env, mine, sizeof(mine)) == 0 && strcmp(o, mine) == 0)
		return 1;
	hostport = strstr(o, "://") + 3;
	for (size_t i = 0; i < T.nhosts; i++) {
		const char *a = T.hosts[i];
		size_t al = strlen(a);
		char *rb = strrchr(a, ']'), *colon = strrchr(rb ? rb : a, ':');

		if (colon) {
			if (strcasecmp(a, hostport) == 0)
				return 1;
		} else if (strncasecmp(a, hostport, al) == 0 && hostport[al] == ':') {
			return 1;
		}
	}
	return 0;
}

/* ----- paths ----- */

/* `path`'s real path, or that of its nearest existing parent with the
 * missing rest appended; NULL when the missing rest climbs with "..". */
static char *real_or_parent(const char *path, int *loop)
{
	char cwd[PATH_MAX], *full, *head, *r = NULL;
	size_t len;

	if (path[0] == '/')
		full = xstrdup(path);
	else if (getcwd(cwd, sizeof(cwd)))
		full = xasprintf("%s/%s", cwd, path);
	else
		return NULL;
	head = xstrdup(full);
	len = strlen(head);
	while ((r = realpath(head, NULL)) == NULL) {
		char *slash;

		if (errno == ELOOP)
			*loop = 1;
		if ((errno != ENOENT && errno != ENOTDIR) || len <= 1)
			break;
		slash = strrchr(head, '/');
		if (strcmp(slash + 1, "..") == 0)
			break;
		len = slash == head ? 1 : (size_t)(slash - head);
		head[len] = '\0';
	}
	if (r && full[len]) {
		const char *rest = full + len + (full[len] == '/');
		char *joined = xasprintf("%s/%s", strcmp(r, "/") ? r : "", rest);
		free(r);
		r = joined;
	}
	free(head);
	free(full);
	return r;
}

static int under(const char *p, const char *root)
{
	char *r = root && *root ? realpath(root, NULL) : NULL;
	int ok = 0;

	if (r) {
		size_t n = strlen(r);
		ok = strcmp(r, "/") == 0 ||
		     (strncmp(p, r, n) == 0 && (p[n] == '\0' || p[n] == '/'));
		free(r);
	}
	return ok;
}

int trust_confine(const char *path, char *why, size_t size)
{
	char *real;
	int ok, loop = 0;

	read_env();
	real = real_or_parent(path, &loop);
	if (!real && loop)
		return 0; /* a symlink loop leads to no file: reading it fails */
	if (!real) {
		snprintf(why, size, "'%s' cannot be resolved", path);
		return -1;
	}
	ok = under(real, ".") || under(real, getenv("GITHUB_WORKSPACE")) ||
	     under(real, getenv("CI_PROJECT_DIR"));
	for (size_t i = 0; !ok && i < T.ndirs; i++)
		ok = under(real, T.dirs[i]);
	if (!ok)
		snprintf(why, size, "'%s' is outside the workspace (it resolves to '%s'; "
			 "the operator may allow it with --allow-path DIR)", path, real);
	free(real);
	return ok ? 0 : -1;
}

void trust_note_input(const char *path)
{
	add_str(&T.inputs, &T.ninputs, &T.capinputs, path, strlen(path));
}

const char *const *trust_inputs(size_t *n)
{
	*n = T.ninputs;
	return (const char *const *)T.inputs;
}

/* ----- secrets ----- */

const char *const *trust_secrets(size_t *n)
{
	if (!T.secrets_read) {
		T.secrets_read = 1;
		for (char **e = environ; e && *e; e++) {
			const char *eq = strchr(*e, '=');
			char *name;

			if (!eq || strlen(eq + 1) < 8)
				continue;
			name = xstrndup(*e, (size_t)(eq - *e));
			if (trust_is_credential(name) &&
			    strcmp(name, "MLFLOW_TRACKING_INSECURE_TLS") != 0)
				add_str(&T.secrets, &T.nsecrets, &T.capsecrets, eq + 1,
					strlen(eq + 1));
			free(name);
		}
	}
	*n = T.nsecrets;
	return (const char *const *)T.secrets;
}

void trust_scrub(struct sbuf *out, const char *s, size_t n)
{
	size_t ns;
	const char *const *sec = trust_secrets(&ns);

	if (ns)
		esc_scrub(out, s, n, sec, ns);
	else
		sbuf_add(out, s, n);
}

/* --- bounded echo ---------------------------------------------------------- */

size_t trust_echo_len(const char *p, size_t n, size_t max)
{
	size_t k;

	if (n <= max)
		return n;
	k = max;
	/* do not cut a UTF-8 sequence: back up over continuation bytes */
	for (int i = 0; i < 3 && k > 0 && ((unsigned char)p[k] & 0xC0) == 0x80; i++)
		k--;
	return k;
}

void trust_echo_max(struct sbuf *out, const char *p, size_t n, size_t max)
{
	size_t k = trust_echo_len(p, n, max);

	sbuf_add(out, p, k);
	if (k < n)
		sbuf_addf(out, "... (%zu bytes cut)", n - k);
}

void trust_echo(struct sbuf *out, const char *p, size_t n)
{
	trust_echo_max(out, p, n, TRUST_ECHO_MAX);
}

void trust_echo_item(struct sbuf *out, size_t *count, const char *s,
		     const char *tail)
{
	if ((*count)++ >= TRUST_ECHO_ITEMS)
		return;
	sbuf_adds(out, *count > 1 ? ", '" : "'");
	trust_echo(out, s, strlen(s));
	sbuf_addc(out, '\'');
	if (tail)
		sbuf_adds(out, tail);
}

void trust_echo_more(struct sbuf *out, size_t count)
{
	if (count > TRUST_ECHO_ITEMS)
		sbuf_addf(out, " and %zu more", count - TRUST_ECHO_ITEMS);
}
