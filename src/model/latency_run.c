/* latency: measured, not trusted.  A probe runs a command (fork + execvp, no
 * shell unless asked, its own process group, killed on timeout) or calls an
 * HTTP endpoint (http.h, optionally from several threads) `warmup` times
 * unmeasured and `runs` times measured, each run timed on the monotonic
 * clock.  A run that fails (exit status not 0, cannot start, timeout,
 * transport error, HTTP status not 2xx) is an error sample: counted in the
 * error rate, never a fast sample.  Percentiles are over the successful
 * samples, type 7 (numpy's default). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/clfmetrics.h"
#include "ext/http.h"
#include "common/jsonw.h"
#include "model/latency.h"

#define LT_DEFAULT_RUNS 10
#define LT_DEFAULT_WARMUP 1
#define LT_DEFAULT_TIMEOUT_S 10.0
#define LT_MAX_RUNS 100000
#define LT_MAX_CONCURRENCY 64
/* Stop a probe whose first runs all time out: a hanging command or a
 * server that never answers would otherwise cost runs x timeout. */
#define LT_GIVE_UP_AFTER 3
#define LT_MAX_BODY ((size_t)64 << 20)
#define LT_MAX_RESPONSE ((size_t)16 << 20)

enum lt_stat { LS_P50, LS_P90, LS_P95, LS_P99, LS_MEAN, LS_MAX, LS_ERROR_RATE, LS_N };
static const char *const stat_keys[LS_N] = {
	"p50_ms", "p90_ms", "p95_ms", "p99_ms", "mean_ms", "max_ms", "error_rate",
};

struct latency_probe {
	char *name;
	/* command */
	char **argv;       /* NULL-terminated */
	char *display;     /* the command as written, for messages */
	char *cwd;         /* the policy's directory */
	int shell;
	/* http */
	int is_http;
	char *url, *url_raw, *method;
	char **headers;    /* "Name: value", NULL-terminated */
	char *body_file;   /* resolved */
	long runs, warmup, concurrency;
	double timeout_s;
	struct bound max[LS_N]; /* one per statistic; OP_NONE = no gate */
	enum gate_severity severity;
	int line, col;
};

struct latency_policy {
	struct latency_probe *v;
	size_t n;
};

static void strv_free(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

static void probe_release(struct latency_probe *lp)
{
	free(lp->name);
	strv_free(lp->argv);
	free(lp->display);
	free(lp->cwd);
	free(lp->url);
	free(lp->url_raw);
	free(lp->method);
	strv_free(lp->headers);
	free(lp->body_file);
}

static void latency_free(void *sec)
{
	struct latency_policy *p = sec;

	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		probe_release(&p->v[i]);
	free(p->v);
	free(p);
}

/* ----- parsing ----- */

static int get_count(struct pol_ctx *c, const struct ynode *e, const char *key,
		     long lo, long hi, long *out)
{
	double v;
	int present;

	if (pol_get_number(c, e, key, &v, &present) < 0)
		return -1;
	if (!present)
		return 0;
	if (v != floor(v) || v < (double)lo || v > (double)hi)
		return pol_err(c, ynode_get(e, key),
			       "'%s' must be a whole number from %ld to %ld, not %s",
			       key, lo, hi, ynode_get(e, key)->str);
	*out = (long)v;
	return 0;
}

static int parse_threshold(struct pol_ctx *c, const struct ynode *e,
			   struct latency_probe *lp, int s)
{
	static const char *const keys[] = {"max", NULL};
	const struct ynode *t = ynode_get(e, stat_keys[s]);
	char where[64];
	struct bound b;

	if (!t)
		return 0;
	snprintf(where, sizeof(where), "'%s'", stat_keys[s]);
	if (pol_expect(c, t, Y_MAP, where) < 0 || pol_check_keys(c, t, keys, where))
		return -1;
	if (pol_get_bound(c, t, "max", OP_LE, &b) < 0)
		return -1;
	if (!bound_is_set(&b))
		return pol_err(c, t, "%s needs 'max'", where);
	if (b.value < 0)
		return pol_err(c, ynode_get(t, "max"), "%s: 'max' must not be negative",
			       where);
	if (s == LS_ERROR_RATE && b.value > 1)
		return pol_err(c, ynode_get(t, "max"),
			       "'error_rate' is a fraction of the runs: 'max' must be at most 1");
	lp->max[s] = b;
	return 0;
}

static int parse_command(struct pol_ctx *c, const struct ynode *e,
			 struct latency_probe *lp)
{
	const struct ynode *cmd = ynode_get(e, "command");
	int shell = 0, present;

	if (pol_get_bool(c, e, "shell", &shell, &present) < 0)
		return -1;
	lp->shell = shell;
	if (cmd->kind == Y_SCALAR && !ynode_is_null(cmd)) {
		if (!shell)
			return pol_err(c, cmd,
				       "'command' is a string: write it as a list of arguments, or set 'shell: true' to run it with /bin/sh");
		if (!cmd->str[0])
			return pol_err(c, cmd, "'command' is empty");
		lp->argv = xcalloc(4, sizeof(char *));
		lp->argv[0] = xstrdup("/bin/sh");
		lp->argv[1] = xstrdup("-c");
		lp->argv[2] = xstrdup(cmd->str);
		lp->display = xstrdup(cmd->raw ? cmd->raw : cmd->str);
		return 0;
	}
	if (cmd->kind != Y_SEQ)
		return pol_err(c, cmd, "'command' must be a list of arguments, not %s",
			       ynode_kind_name(cmd));
	if (shell)
		return pol_err(c, ynode_get(e, "shell"),
			       "'shell: true' takes a command string, not a list");
	if (cmd->n == 0)
		return pol_err(c, cmd, "'command' is an empty list");
	lp->argv = xcalloc(cmd->n + 1, sizeof(char *));
	for (size_t i = 0; i < cmd->n; i++) {
		const struct ynode *a = cmd->items[i];
		if (a->kind != Y_SCALAR || ynode_is_null(a))
			return pol_err(c, a, "argument %zu of 'command' must be a string, not %s",
				       i + 1, ynode_kind_name(a));
		lp->argv[i] = xstrdup(a->str);
	}
	if (!lp->argv[0][0])
		return pol_err(c, cmd->items[0], "the program name in 'command' is empty");
	{
		struct sbuf sb = SBUF_INIT;
		for (size_t i = 0; i < cmd->n; i++) {
			const struct ynode *a = cmd->items[i];
			sbuf_addf(&sb, "%s%s", i ? " " : "", a->raw ? a->raw : a->str);
		}
		lp->display = sbuf_detach(&sb);
	}
	return 0;
}

static int parse_http(struct pol_ctx *c, const struct ynode *h,
		      struct latency_probe *lp)
{
	static const char *const keys[] = {"url", "method", "headers", "body_file", NULL};
	static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE",
					      "HEAD", "OPTIONS", NULL};
	const char *url = NULL, *method = NULL, *body = NULL;
	const struct ynode *hd;
	size_t i;

	if (pol_expect(c, h, Y_MAP, "'http'") < 0 || pol_check_keys(c, h, keys, "'http'"))
		return -1;
	if (pol_get_string(c, h, "url", &url) < 0 ||
	    pol_get_string(c, h, "method", &method) < 0 ||
	    pol_get_string(c, h, "body_file", &body) < 0)
		return -1;
	if (!url || !url[0])
		return pol_err(c, url ? ynode_get(h, "url") : h, "'http' needs a 'url'");
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return pol_err(c, ynode_get(h, "url"),
			       "'url' must start with http:// or https://");
	lp->is_http = 1;
	lp->url = xstrdup(url);
	lp->url_raw = xstrdup(ynode_get(h, "url")->raw ? ynode_get(h, "url")->raw : url);
	if (!method)
		method = "GET";
	for (i = 0; methods[i]; i++)
		if (strcmp(methods[i], method) == 0)
			break;
	if (!methods[i])
		return pol_err(c, ynode_get(h, "method"),
			       "'method' must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, not '%s'",
			       method);
	lp->method = xstrdup(method);
	if (body) {
		if (!body[0])
			return pol_err(c, ynode_get(h, "body_file"), "'body_file' is empty");
		lp->body_file = pol_path(c, body);
	}
	hd = ynode_get(h, "headers");
	lp->headers = xcalloc(hd && hd->kind == Y_MAP ? hd->n + 1 : 1, sizeof(char *));
	if (!hd)
		return 0;
	if (pol_expect(c, hd, Y_MAP, "'headers'") < 0)
		return -1;
	for (i = 0; i < hd->n; i++) {
		const char *k = hd->keys[i]->str;
		const struct ynode *v = hd->items[i];
		if (v->kind != Y_SCALAR || ynode_is_null(v))
			return pol_err(c, v, "header '%s' must be a string, not %s", k,
				       ynode_kind_name(v));
		if (!k[0] || strpbrk(k, ": \t\r\n") || strpbrk(v->str, "\r\n"))
			return pol_err(c, hd->keys[i],
				       "header '%s' has a character a header cannot hold", k);
		lp->headers[i] = xasprintf("%s: %s", k, v->str);
	}
	return 0;
}

static int parse_probe(struct pol_ctx *c, const struct ynode *e,
		       struct latency_probe *lp)
{
	static const char *const keys[] = {
		"name", "command", "shell", "http", "runs", "warmup", "timeout_s",
		"concurrency", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "mean_ms",
		"max_ms", "error_rate", "severity", "description", NULL,
	};
	const char *name = NULL, *desc = NULL;
	const struct ynode *cmd, *http;
	int present, bad = 0, any = 0;

	if (pol_expect(c, e, Y_MAP, "a latency probe") < 0)
		return -1;
	if (pol_check_keys(c, e, keys, "a latency probe"))
		bad = 1;
	if (pol_get_string(c, e, "name", &name) < 0)
		return -1;
	if (!name || !name[0])
		return pol_err(c, name ? ynode_get(e, "name") : e, "latency probe needs a 'name'");
	for (const char *q = name; *q; q++)
		if (*q == ' ' || *q == '\t' || (unsigned char)*q < 0x20)
			return pol_err(c, ynode_get(e, "name"),
				       "latency probe name '%s' must not contain spaces or control characters (it is part of gate ids)",
				       name);
	lp->name = xstrdup(name);
	lp->line = e->line;
	lp->col = e->col;
	if (pol_get_string(c, e, "description", &desc) < 0)
		bad = 1;
	cmd = ynode_get(e, "command");
	http = ynode_get(e, "http");
	if (cmd && http)
		return pol_err(c, e, "latency probe '%s' has both 'command' and 'http': choose one", name);
	if (!cmd && !http)
		return pol_err(c, e, "latency probe '%s' needs 'command' or 'http'", name);
	if (cmd && parse_command(c, e, lp) < 0)
		bad = 1;
	if (http && parse_http(c, http, lp) < 0)
		bad = 1;
	if (http && ynode_get(e, "shell"))
		bad = pol_err(c, ynode_get(e, "shell"), "'shell' applies to 'command' probes only");
	lp->runs = LT_DEFAULT_RUNS;
	lp->warmup = LT_DEFAULT_WARMUP;
	lp->concurrency = 1;
	lp->timeout_s = LT_DEFAULT_TIMEOUT_S;
	if (get_count(c, e, "runs", 1, LT_MAX_RUNS, &lp->runs) < 0 ||
	    get_count(c, e, "warmup", 0, LT_MAX_RUNS, &lp->warmup) < 0 ||
	    get_count(c, e, "concurrency", 1, LT_MAX_CONCURRENCY, &lp->concurrency) < 0)
		bad = 1;
	if (cmd && ynode_get(e, "concurrency"))
		bad = pol_err(c, ynode_get(e, "concurrency"),
			      "'concurrency' applies to 'http' probes only (commands run one at a time)");
	if (pol_get_number(c, e, "timeout_s", &lp->timeout_s, &present) < 0)
		bad = 1;
	else if (present && (lp->timeout_s <= 0 || lp->timeout_s > 86400))
		bad = pol_err(c, ynode_get(e, "timeout_s"),
			      "'timeout_s' must be more than 0 and at most 86400");
	if (pol_get_severity(c, e, &lp->severity) < 0)
		bad = 1;
	for (int s = 0; s < LS_N; s++) {
		if (parse_threshold(c, e, lp, s) < 0)
			bad = 1;
		any |= bound_is_set(&lp->max[s]);
	}
	if (!bad && !any)
		bad = pol_err(c, e,
			      "latency probe '%s' has no threshold (p50_ms, p90_ms, p95_ms, p99_ms, mean_ms, max_ms or error_rate)",
			      name);
	if (!bad && !lp->is_http) {
		if (strcmp(c->file, "-") == 0)
			lp->cwd = xstrdup(".");
		else
			lp->cwd = pol_path(c, ".");
	}
	return bad ? -1 : 0;
}

static int latency_parse(struct pol_ctx *c, const struct ynode *n, void **out,
			 size_t *ngates)
{
	struct latency_policy *lp;
	int rc = 0;

	if (pol_expect(c, n, Y_SEQ, "'latency'") < 0)
		return -1;
	lp = xcalloc(1, sizeof(*lp));
	lp->v = xcalloc(n->n ? n->n : 1, sizeof(*lp->v));
	*out = lp;
	for (size_t i = 0; i < n->n; i++) {
		struct latency_probe *p = &lp->v[lp->n];
		int dup = 0;

		memset(p, 0, sizeof(*p));
		if (parse_probe(c, n->items[i], p) < 0) {
			probe_release(p);
			memset(p, 0, sizeof(*p));
			rc = -1;
			continue;
		}
		for (size_t j = 0; j < lp->n; j++)
			if (strcmp(lp->v[j].name, p->name) == 0) {
				dup = pol_err(c, n->items[i],
					      "latency probe '%s' is declared twice (also at line %d)",
					      p->name, lp->v[j].line);
				break;
			}
		if (dup) {
			probe_release(p);
			memset(p, 0, sizeof(*p));
			rc = -1;
			continue;
		}
		for (int s = 0; s < LS_N; s++)
			*ngates += (size_t)bound_is_set(&p->max[s]);
		lp->n++;
	}
	return rc;
}

/* ----- running ----- */

enum lt_kind { LK_OK, LK_EXIT, LK_SIGNAL, LK_TIMEOUT, LK_EXEC, LK_HTTP_STATUS,
	       LK_TRANSPORT, LK_NKINDS };
static const char *const kind_names[LK_NKINDS] = {
	"ok", "exit_status", "signal", "timeout", "cannot_start", "http_status", "transport",
};

struct sample {
	double ms;
	enum lt_kind kind;
};

struct run_state {
	const struct latency_probe *lp;
	const char *body;
	size_t body_len;
	struct sample *v;   /* measured runs, in order */
	size_t next;        /* next run index to take */
	size_t done, ok, timeouts;
	int give_up;
	char first_error[300];
	char fatal[300];    /* set when the probe cannot run at all */
	pthread_mutex_t mu;
};

static void note_error(struct run_state *st, const char *why)
{
	if (!st->first_error[0])
		snprintf(st->first_error, sizeof(st->first_error), "%s", why);
}

/* The process group of the command being timed, so that an interrupted
 * mlgate (Ctrl-C, a CI job cancelled) does not leave it running: it is in
 * its own group, out of reach of the terminal's signals. */
static volatile sig_atomic_t running_group;

static void on_interrupt(int sig)
{
	if (running_group > 0)
		kill(-(pid_t)running_group, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int pidfd_open_(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

/* Wait for the child up to `deadline` (mg_now_ms clock).  Returns 1 when it
 * exited (*status set), 0 on timeout, -1 when it cannot be waited for. */
static int wait_child(pid_t pid, double deadline, int *status)
{
	int fd = pidfd_open_(pid), r;

	for (;;) {
		double left = deadline - mg_now_ms();
		r = waitpid(pid, status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR)) {
			if (fd >= 0)
				close(fd);
			return r == pid ? 1 : -1;
		}
		if (left <= 0)
			break;
		if (fd >= 0) {
			struct pollfd p = {fd, POLLIN, 0};
			poll(&p, 1, (int)ceil(left));
		} else {
			/* no pidfd (old kernel): poll the child every 0.2 ms */
			struct timespec nap = {0, 200000};
			nanosleep(&nap, NULL);
		}
	}
	if (fd >= 0)
		close(fd);
	return 0;
}

static enum lt_kind run_command(const struct latency_probe *lp, double *ms,
				struct mg_error *err)
{
	int pfd[2], status = 0, child_errno = 0, exited;
	pid_t pid;
	double t0;
	ssize_t got;

	if (pipe(pfd) < 0) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot create a pipe: %s", strerror(errno));
		return LK_EXEC;
	}
	fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
	t0 = mg_now_ms();
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot fork: %s", strerror(errno));
		return LK_EXEC;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR), e;
		setpgid(0, 0);
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 ||
		    (lp->cwd && chdir(lp->cwd) < 0)) {
			e = errno;
			if (write(pfd[1], &e, sizeof(e)) < 0)
				_exit(126);
			_exit(126);
		}
		execvp(lp->argv[0], lp->argv);
		e = errno;
		if (write(pfd[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	setpgid(pid, pid); /* also in the child: whichever runs first */
	running_group = pid;
	close(pfd[1]);
	do
		got = read(pfd[0], &child_errno, sizeof(child_errno));
	while (got < 0 && errno == EINTR);
	close(pfd[0]);
	exited = wait_child(pid, t0 + lp->timeout_s * 1000.0, &status);
	*ms = mg_now_ms() - t0;
	/* the process group goes too: nothing a probe starts outlives its run */
	kill(-pid, SIGKILL);
	running_group = 0;
	if (exited < 0) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot wait for '%s': %s", lp->argv[0], strerror(errno));
		return LK_EXEC;
	}
	if (!exited) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "timeout after %g s", lp->timeout_s);
		return LK_TIMEOUT;
	}
	if (got == (ssize_t)sizeof(child_errno)) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot run '%s': %s", lp->argv[0], strerror(child_errno));
		return LK_EXEC;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return LK_OK;
	if (WIFEXITED(status)) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "exit status %d", WEXITSTATUS(status));
		return LK_EXIT;
	}
	mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return LK_SIGNAL;
}

static enum lt_kind run_http(const struct run_state *st, double *ms, struct mg_error *err)
{
	const struct latency_probe *lp = st->lp;
	struct http_request req;
	struct http_response res;
	enum lt_kind k = LK_OK;
	double t0;
	int rc;

	memset(&req, 0, sizeof(req));
	req.method = lp->method;
	req.url = lp->url;
	req.headers = (const char *const *)lp->headers;
	req.body = st->body;
	req.body_len = st->body_len;
	req.timeout_ms = (long)ceil(lp->timeout_s * 1000.0);
	req.connect_timeout_ms = req.timeout_ms;
	req.max_response = LT_MAX_RESPONSE;
	t0 = mg_now_ms();
	rc = http_perform(&req, &res);
	*ms = mg_now_ms() - t0;
	if (rc < 0) {
		if (strstr(res.error, "imeout") || strstr(res.error, "timed out"))
			mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "timeout after %g s (%s)", lp->timeout_s, res.error);
		else
			mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "%s", res.error);
		k = strstr(res.error, "imeout") || strstr(res.error, "timed out") ?
			    LK_TIMEOUT : LK_TRANSPORT;
	} else if (res.truncated) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "response larger than %zu bytes", (size_t)LT_MAX_RESPONSE);
		k = LK_TRANSPORT;
	} else if (res.status < 200 || res.status > 299) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "HTTP status %ld", res.status);
		k = LK_HTTP_STATUS;
	}
	http_response_release(&res);
	return k;
}

static enum lt_kind run_once(struct run_state *st, double *ms, struct mg_error *err)
{
	memset(err, 0, sizeof(*err));
	if (st->lp->is_http)
		return run_http(st, ms, err);
	return run_command(st->lp, ms, err);
}

/* Record one finished run (warmup runs have idx == SIZE_MAX). */
static void record(struct run_state *st, size_t idx, enum lt_kind k, double ms,
		   const char *why)
{
	pthread_mutex_lock(&st->mu);
	if (idx != (size_t)-1) {
		st->v[idx].ms = ms;
		st->v[idx].kind = k;
	}
	if (k == LK_OK) {
		st->ok++;
	} else {
		note_error(st, why);
		if (k == LK_EXEC && !st->fatal[0])
			snprintf(st->fatal, sizeof(st->fatal), "%s", why);
	}
	st->done++;
	if (k == LK_TIMEOUT)
		st->timeouts++;
	/* fast failures are cheap to count; timeouts are not */
	if (st->ok == 0 && (st->timeouts >= LT_GIVE_UP_AFTER || st->fatal[0]))
		st->give_up = 1;
	pthread_mutex_unlock(&st->mu);
}

static void *worker(void *arg)
{
	struct run_state *st = arg;

	for (;;) {
		size_t idx;
		double ms = 0;
		struct mg_error e;
		enum lt_kind k;

		pthread_mutex_lock(&st->mu);
		if (st->give_up || st->next >= (size_t)st->lp->runs) {
			pthread_mutex_unlock(&st->mu);
			return NULL;
		}
		idx = st->next++;
		pthread_mutex_unlock(&st->mu);
		k = run_once(st, &ms, &e);
		record(st, idx, k, ms, e.msg);
	}
}

/* ----- gates ----- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct dist {
	size_t n, errors, runs;
	size_t kinds[LK_NKINDS];
	double v[LS_N]; /* the statistics, by enum lt_stat */
	double min;
};

static char *dist_details(const struct latency_probe *lp, const struct dist *d,
			  const struct run_state *st)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "probe", lp->is_http ? "http" : "command");
	jw_kint(&w, "runs", (long long)d->runs);
	jw_kint(&w, "warmup", lp->warmup);
	if (lp->is_http)
		jw_kint(&w, "concurrency", lp->concurrency);
	jw_knum(&w, "timeout_s", lp->timeout_s);
	jw_kint(&w, "n", (long long)d->n);
	jw_kint(&w, "errors", (long long)d->errors);
	jw_knum(&w, "error_rate", d->v[LS_ERROR_RATE]);
	if (d->n) {
		jw_knum(&w, "min", d->min);
		jw_knum(&w, "p50", d->v[LS_P50]);
		jw_knum(&w, "p90", d->v[LS_P90]);
		jw_knum(&w, "p95", d->v[LS_P95]);
		jw_knum(&w, "p99", d->v[LS_P99]);
		jw_knum(&w, "max", d->v[LS_MAX]);
		jw_knum(&w, "mean", d->v[LS_MEAN]);
	}
	jw_key(&w, "error_kinds");
	jw_obj_open(&w);
	for (int k = 1; k < LK_NKINDS; k++)
		if (d->kinds[k])
			jw_kint(&w, kind_names[k], (long long)d->kinds[k]);
	jw_obj_close(&w);
	if (st->first_error[0])
		jw_kstr(&w, "first_error", st->first_error);
	jw_kstr(&w, "quantiles", "type 7 (numpy default) over successful runs, ms");
	jw_obj_close(&w);
	return sbuf_detach(&sb);
}

static void probe_gates(const struct latency_probe *lp, struct run_state *st,
			struct gate_list *gates)
{
	struct dist d;
	double *ok = xcalloc(lp->runs ? (size_t)lp->runs : 1, sizeof(double));
	double sum = 0;
	char *details;

	memset(&d, 0, sizeof(d));
	for (size_t i = 0; i < (size_t)lp->runs && i < st->next; i++) {
		if (st->v[i].kind == LK_OK)
			ok[d.n++] = st->v[i].ms;
		else
			d.errors++;
		d.kinds[st->v[i].kind]++;
		d.runs++;
	}
	/* a probe stopped early counts only the runs it made */
	qsort(ok, d.n, sizeof(*ok), cmp_double);
	for (size_t i = 0; i < d.n; i++)
		sum += ok[i];
	for (int s = 0; s < LS_N; s++)
		d.v[s] = NAN;
	if (d.n) {
		d.min = ok[0];
		d.v[LS_P50] = pm_quantile7(ok, d.n, 0.50);
		d.v[LS_P90] = pm_quantile7(ok, d.n, 0.90);
		d.v[LS_P95] = pm_quantile7(ok, d.n, 0.95);
		d.v[LS_P99] = pm_quantile7(ok, d.n, 0.99);
		d.v[LS_MAX] = ok[d.n - 1];
		d.v[LS_MEAN] = sum / (double)d.n;
	}
	d.v[LS_ERROR_RATE] = d.runs ? (double)d.errors / (double)d.runs : NAN;
	details = dist_details(lp, &d, st);

	for (int s = 0; s < LS_N; s++) {
		char *id;
		struct gate_result *g;
		char tb[48];
		struct sbuf lhs = SBUF_INIT, tail = SBUF_INIT;

		if (!bound_is_set(&lp->max[s]))
			continue;
		id = xasprintf("latency.%s.%s", lp->name, stat_keys[s]);
		g = gates_add(gates, id, "latency");
		free(id);
		gate_set_str(&g->target, lp->name);
		gate_set_str(&g->method, stat_keys[s]);
		g->severity = lp->severity;
		g->line = lp->max[s].line;
		g->threshold = lp->max[s].value;
		g->op = OP_LE;
		gate_set_str(&g->details, details);
		if (st->fatal[0]) {
			gate_error(g, "%s: %s", lp->name, st->fatal);
			continue;
		}
		if (d.n == 0) {
			gate_error(g, "%s: all %zu runs failed%s (first: %s)", lp->name,
				   d.runs, st->give_up && d.runs < (size_t)lp->runs ?
				   ", so the probe stopped" : "", st->first_error);
			continue;
		}
		if (s == LS_ERROR_RATE) {
			mg_fmt_double(tb, sizeof(tb), lp->max[s].value);
			sbuf_addf(&lhs, "%s: error rate %.6g (%zu of %zu runs failed%s%s)",
				  lp->name, d.v[s], d.errors, d.runs,
				  d.errors ? "; first: " : "", d.errors ? st->first_error : "");
			gate_judge_describe(g, &lp->max[s], d.v[s], sbuf_str(&lhs),
					    "max", tb, "");
			sbuf_release(&lhs);
			continue;
		}
		if (d.errors && !bound_is_set(&lp->max[LS_ERROR_RATE])) {
			g->value = d.v[s];
			gate_error(g, "%s: %zu of %zu runs failed (first: %s); failed runs are not timed, so add an 'error_rate' gate to say how many failures are acceptable",
				   lp->name, d.errors, d.runs, st->first_error);
			continue;
		}
		mg_fmt_double(tb, sizeof(tb) - 3, lp->max[s].value);
		strcat(tb, " ms");
		sbuf_addf(&lhs, "%s: %s = %.4g ms", lp->name, stat_keys[s], d.v[s]);
		sbuf_addf(&tail, " (%zu runs, %zu failed; "
			  "min %.4g, p50 %.4g, p90 %.4g, p95 %.4g, p99 %.4g, max %.4g, mean %.4g ms)",
			  d.runs, d.errors, d.min, d.v[LS_P50], d.v[LS_P90],
			  d.v[LS_P95], d.v[LS_P99], d.v[LS_MAX], d.v[LS_MEAN]);
		gate_judge_describe(g, &lp->max[s], d.v[s], sbuf_str(&lhs), "max",
				    tb, sbuf_str(&tail));
		sbuf_release(&lhs);
		sbuf_release(&tail);
	}
	free(details);
	free(ok);
}

static int load_body(const struct latency_probe *lp, char **body, size_t *len,
		     struct run_state *st)
{
	struct mg_error e;

	*body = NULL;
	*len = 0;
	if (!lp->body_file)
		return 0;
	*body = mg_read_file(lp->body_file, LT_MAX_BODY, len, &e);
	if (*body)
		return 0;
	{
		char buf[1400];
		mg_error_format(&e, buf, sizeof(buf));
		snprintf(st->fatal, sizeof(st->fatal), "cannot read 'body_file': %.250s", buf);
	}
	return -1;
}

static void run_probe(const struct latency_probe *lp, struct gate_list *gates)
{
	struct run_state st;
	char *body = NULL;
	size_t body_len = 0;

	memset(&st, 0, sizeof(st));
	pthread_mutex_init(&st.mu, NULL);
	st.lp = lp;
	st.v = xcalloc((size_t)lp->runs, sizeof(*st.v));
	if (load_body(lp, &body, &body_len, &st) == 0) {
		st.body = body;
		st.body_len = body_len;
		/* warmup, one at a time; a probe that cannot start stops here */
		for (long i = 0; i < lp->warmup && !st.give_up; i++) {
			double ms;
			struct mg_error e;
			enum lt_kind k = run_once(&st, &ms, &e);
			record(&st, (size_t)-1, k, ms, e.msg);
		}
		/* warmup failures are not error samples, but they count
		 * towards giving up on a probe that never once succeeded */
		if (!st.give_up) {
			long nthreads = lp->is_http ? lp->concurrency : 1;
			pthread_t th[LT_MAX_CONCURRENCY];
			long started = 0;

			if (nthreads > lp->runs)
				nthreads = lp->runs;
			for (long t = 1; t < nthreads; t++)
				if (pthread_create(&th[t], NULL, worker, &st) == 0)
					started = t;
				else
					break;
			worker(&st);
			for (long t = 1; t <= started; t++)
				pthread_join(th[t], NULL);
		}
	}
	probe_gates(lp, &st, gates);
	pthread_mutex_destroy(&st.mu);
	free(st.v);
	free(body);
}

static int latency_evaluate(const void *sec, const struct eval_ctx *ctx,
			    struct gate_list *gates, struct mg_error *err)
{
	const struct latency_policy *lp = sec;
	int need_http = 0;

	(void)ctx;
	/* an inherited SIGCHLD=SIG_IGN would make children unwaitable */
	signal(SIGCHLD, SIG_DFL);
	{
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_interrupt;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	for (size_t i = 0; i < lp->n; i++)
		need_http |= lp->v[i].is_http;
	if (need_http && http_global_init() < 0)
		return mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0,
				 "cannot initialise the HTTP client");
	for (size_t i = 0; i < lp->n; i++)
		run_probe(&lp->v[i], gates);
	if (need_http)
		http_global_cleanup();
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	return 0;
}

const struct section_ops latency_section = {
	.key = "latency",
	.parse = latency_parse,
	.evaluate = latency_evaluate,
	.free = latency_free,
};
