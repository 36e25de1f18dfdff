/* latency_run: running probes.  A run that fails (exit status not 0,
 * cannot start, timeout, transport error, HTTP status not 2xx) is an error
 * sample: counted in the error rate, never a fast sample. */
#define _GNU_SOURCE
#include "model/latency_run.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/trust.h"
#include "ext/http.h"
#include "model/latency_expect.h"
#include "model/latency_serve.h"

const char *const latency_run_kind_names[LK_NKINDS] = {
	"ok", "exit_status", "signal", "timeout", "cannot_start", "http_status", "transport",
	"wrong_answer", "server_gone",
};

static void note_error(struct latency_run *st, const char *why)
{
	if (!st->first_error[0])
		snprintf(st->first_error, sizeof(st->first_error), "%s", why);
}

static void on_interrupt(int sig)
{
	lt_slots_kill_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One of the `concurrency` workers of a probe: its HTTP connection, or
 * its stdio server. */
struct worker {
	struct latency_run *st;
	struct http_client *http;
	struct lt_server srv;
	int has_srv;
	int dead;            /* its stdio server cannot answer any more */
	char dead_why[300];
	long connections;
};

/* The total time budget of every probe of this run (trust.h), from the
 * first latency_run_begin on. */
static double budget_deadline;

/* Milliseconds one run may take: its timeout_s, but never past the
 * budget's end.  <= 0 when the budget is spent. */
static double run_limit_ms(const struct latency_probe *lp)
{
	double left = budget_deadline > 0 ? budget_deadline - mg_now_ms() : lp->timeout_s * 1000.0;

	return left < lp->timeout_s * 1000.0 ? left : lp->timeout_s * 1000.0;
}

static int budget_spent(double limit, double *ms, struct mg_error *err)
{
	if (limit > 0)
		return 0;
	*ms = 0;
	mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "the probes' time budget of %g s "
		  "(--probe-budget) is spent", trust_probe_budget());
	return 1;
}

static void timed_out(const struct latency_probe *lp, double limit, struct mg_error *err)
{
	if (limit < lp->timeout_s * 1000.0)
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "stopped after %g s: the probes' "
			  "time budget of %g s (--probe-budget) is spent", limit / 1000.0,
			  trust_probe_budget());
	else
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "timeout after %g s", lp->timeout_s);
}

static enum lt_kind run_command(const struct latency_probe *lp, double *ms,
				struct mg_error *err)
{
	double limit = run_limit_ms(lp), t0;
	int status = 0, exited;
	pid_t pid;

	if (budget_spent(limit, ms, err))
		return LK_EXEC;
	t0 = mg_now_ms();
	pid = lt_spawn(lp->argv, lp->cwd, -1, -1, 0, err);
	if (pid < 0) {
		*ms = mg_now_ms() - t0;
		return LK_EXEC;
	}
	exited = lt_wait(pid, t0 + limit, &status);
	*ms = mg_now_ms() - t0;
	/* the process group goes too: nothing a probe starts outlives its run */
	lt_slot_kill(0);
	if (exited < 0) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot wait for '%s': %s", lp->argv[0], strerror(errno));
		return LK_EXEC;
	}
	if (!exited) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		timed_out(lp, limit, err);
		return LK_TIMEOUT;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return LK_OK;
	lt_describe_status(status, err->msg, sizeof(err->msg));
	err->code = MG_EXIT_INPUT;
	return WIFEXITED(status) ? LK_EXIT : LK_SIGNAL;
}

static enum lt_kind run_http(struct worker *w, double *ms, struct mg_error *err)
{
	const struct latency_run *st = w->st;
	const struct latency_probe *lp = st->lp;
	struct http_request req;
	struct http_response res;
	enum lt_kind k = LK_OK;
	double t0, limit = run_limit_ms(lp);
	int rc;

	if (budget_spent(limit, ms, err))
		return LK_EXEC;
	memset(&req, 0, sizeof(req));
	req.method = lp->method;
	req.url = lp->url;
	req.headers = (const char *const *)lp->headers;
	req.body = st->body;
	req.body_len = st->body_len;
	req.timeout_ms = (long)ceil(limit);
	req.connect_timeout_ms = req.timeout_ms;
	req.max_response = LT_MAX_RESPONSE;
	t0 = mg_now_ms();
	rc = w->http ? http_client_perform(w->http, &req, &res) : http_perform(&req, &res);
	*ms = mg_now_ms() - t0;
	w->connections += res.new_connections;
	if (rc < 0) {
		int timeout = strstr(res.error, "imeout") || strstr(res.error, "timed out");
		if (timeout)
			mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "timeout after %g s (%s)", lp->timeout_s, res.error);
		else
			mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "%s", res.error);
		k = timeout ? LK_TIMEOUT : LK_TRANSPORT;
	} else if (res.truncated) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "response larger than %zu bytes", (size_t)LT_MAX_RESPONSE);
		k = LK_TRANSPORT;
	} else if (lp->expect.status ? res.status != lp->expect.status :
		   res.status < 200 || res.status > 299) {
		if (lp->expect.status)
			mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "HTTP status %ld (expected %ld)",
				  res.status, lp->expect.status);
		else
			mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "HTTP status %ld", res.status);
		k = LK_HTTP_STATUS;
	} else if (lt_expect_check(&lp->expect, res.body, res.body_len, err->msg,
				   sizeof(err->msg)) < 0) {
		err->code = MG_EXIT_INPUT;
		k = LK_WRONG;
	}
	http_response_release(&res);
	return k;
}

/* One request line to the worker's server, one response line back.  A
 * server that timed out or went away cannot answer in step any more: the
 * worker's later runs fail at once with the reason. */
static enum lt_kind run_stdio(struct worker *w, size_t idx, double *ms, struct mg_error *err)
{
	const struct latency_run *st = w->st;
	const struct latency_probe *lp = st->lp;
	double t0, limit = run_limit_ms(lp);
	const char *resp = NULL;
	size_t len = 0;
	enum lt_io io;

	if (w->dead) {
		*ms = 0;
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "%s", w->dead_why);
		return LK_GONE;
	}
	if (budget_spent(limit, ms, err))
		return LK_EXEC;
	t0 = mg_now_ms();
	io = lt_server_request(&w->srv, st->requests[idx % st->nrequests], t0 + limit,
			       &resp, &len, err);
	*ms = mg_now_ms() - t0;
	if (io != LT_IO_OK) {
		w->dead = 1;
		if (io == LT_IO_TIMEOUT) {
			timed_out(lp, limit, err);
			snprintf(w->dead_why, sizeof(w->dead_why), "not sent: the server did not "
				 "answer an earlier request in time");
			return LK_TIMEOUT;
		}
		snprintf(w->dead_why, sizeof(w->dead_why), "not sent: %.280s", err->msg);
		return io == LT_IO_GONE ? LK_GONE : LK_TRANSPORT;
	}
	if (lt_expect_check(&lp->expect, resp, len, err->msg, sizeof(err->msg)) < 0) {
		err->code = MG_EXIT_INPUT;
		return LK_WRONG;
	}
	return LK_OK;
}

static enum lt_kind run_once(struct worker *w, size_t idx, double *ms, struct mg_error *err)
{
	memset(err, 0, sizeof(*err));
	if (w->st->lp->is_stdio)
		return run_stdio(w, idx, ms, err);
	if (w->st->lp->is_http)
		return run_http(w, ms, err);
	return run_command(w->st->lp, ms, err);
}

/* Record one finished run (warmup runs have idx == SIZE_MAX). */
static void record(struct latency_run *st, size_t idx, enum lt_kind k, double ms,
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

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct latency_run *st = w->st;

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
		k = run_once(w, idx, &ms, &e);
		record(st, idx, k, ms, e.msg);
	}
}

static void set_fatal(struct latency_run *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_fatal(struct latency_run *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->fatal, sizeof(st->fatal), fmt, ap);
	va_end(ap);
}

static int load_body(const struct latency_probe *lp, char **body, size_t *len,
		     struct latency_run *st)
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

/* stdio: the request lines (`request`, or each non-empty line of
 * `request_file`), used in turn by the runs. */
static int load_requests(const struct latency_probe *lp, struct latency_run *st)
{
	struct mg_error e;
	char *text, *p, *nl;
	size_t len, n = 0;

	if (!lp->is_stdio)
		return 0;
	if (lp->request) {
		st->requests = xcalloc(2, sizeof(char *));
		st->requests[0] = xstrdup(lp->request);
		st->nrequests = 1;
		return 0;
	}
	text = mg_read_file(lp->request_file, LT_MAX_BODY, &len, &e);
	if (!text) {
		char buf[1400];
		mg_error_format(&e, buf, sizeof(buf));
		set_fatal(st, "cannot read 'request_file': %.250s", buf);
		return -1;
	}
	st->requests = xcalloc(len / 2 + 2, sizeof(char *));
	for (p = text; p < text + len; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(text + len - p));
		if (!nl)
			nl = text + len;
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		*nl = '\0';
		if (*p)
			st->requests[n++] = xstrdup(p);
	}
	free(text);
	st->nrequests = n;
	if (!n) {
		set_fatal(st, "'request_file' %.250s holds no request line", lp->request_file);
		return -1;
	}
	return 0;
}

/* Start the servers: one per worker for stdio (a line protocol answers
 * one request at a time), one for all workers over HTTP. */
static int start_servers(struct latency_run *st, struct worker *w, size_t nw)
{
	const struct latency_probe *lp = st->lp;
	size_t n = lp->is_stdio ? nw : 1;

	st->startup_ms = 0;
	for (size_t i = 0; i < n; i++) {
		struct mg_error e;
		double deadline = mg_now_ms() + lp->serve.startup_timeout_s * 1000.0;

		if (budget_deadline > 0 && budget_deadline < deadline)
			deadline = budget_deadline;
		memset(&e, 0, sizeof(e));
		if (lt_server_start(lp, 1 + (int)i, deadline, &w[i].srv, &e) < 0) {
			set_fatal(st, "the server did not start: %.260s", e.msg);
			return -1;
		}
		w[i].has_srv = 1;
		if (w[i].srv.startup_ms > st->startup_ms)
			st->startup_ms = w[i].srv.startup_ms;
	}
	return 0;
}

static void warm_up(struct latency_run *st, struct worker *w, size_t nw)
{
	const struct latency_probe *lp = st->lp;
	/* every stdio server is warmed; HTTP requests go one at a time */
	size_t n = lp->is_stdio ? nw : 1;

	for (size_t j = 0; j < n; j++)
		for (long i = 0; i < lp->warmup && !st->give_up; i++) {
			double ms;
			struct mg_error e;
			enum lt_kind k = run_once(&w[j], (size_t)i, &ms, &e);
			record(st, (size_t)-1, k, ms, e.msg);
		}
}

static void measure(struct latency_run *st, struct worker *w, size_t nw)
{
	pthread_t th[LT_MAX_CONCURRENCY];
	size_t started = 0;
	double t0 = mg_now_ms();

	for (size_t t = 1; t < nw; t++)
		if (pthread_create(&th[t], NULL, worker_main, &w[t]) == 0)
			started = t;
		else
			break;
	st->workers = started + 1;
	worker_main(&w[0]);
	for (size_t t = 1; t <= started; t++)
		pthread_join(th[t], NULL);
	st->wall_ms = mg_now_ms() - t0;
}

static void run_probe(struct latency_run *st)
{
	const struct latency_probe *lp = st->lp;
	struct worker w[LT_MAX_CONCURRENCY];
	size_t nw = (lp->is_http || lp->is_serve) ? (size_t)lp->concurrency : 1;

	if (nw > (size_t)lp->runs)
		nw = (size_t)lp->runs;
	memset(w, 0, sizeof(w));
	for (size_t i = 0; i < nw; i++) {
		w[i].st = st;
		if (lp->is_http && lp->keep_alive && !(w[i].http = http_client_new())) {
			set_fatal(st, "%s", "cannot start an HTTP client");
			goto done;
		}
	}
	if (lp->is_serve && start_servers(st, w, nw) < 0)
		goto done;
	warm_up(st, w, nw);
	/* warmup failures are not error samples, but they count towards
	 * giving up on a probe that never once succeeded */
	if (!st->give_up)
		measure(st, w, nw);
done:
	for (size_t i = 0; i < nw; i++) {
		if (w[i].has_srv) {
			lt_server_stop(&w[i].srv, lp->serve.stop_grace_s);
			st->server_killed |= w[i].srv.killed;
		}
		http_client_free(w[i].http);
		st->connections += w[i].connections;
	}
}

void latency_run_probe(const struct latency_probe *lp, struct latency_run *run)
{
	struct latency_run st;
	char *body = NULL;
	size_t body_len = 0;

	memset(&st, 0, sizeof(st));
	pthread_mutex_init(&st.mu, NULL);
	st.lp = lp;
	st.startup_ms = NAN;
	st.v = xcalloc((size_t)lp->runs, sizeof(*st.v));
	if (trust_untrusted()) {
		/* fail closed: the gates are errors, never a silent pass */
		snprintf(st.fatal, sizeof(st.fatal), "not run: an untrusted policy runs no "
			 "probe (--untrusted-policy)");
	} else if (load_body(lp, &body, &body_len, &st) == 0 && load_requests(lp, &st) == 0) {
		st.body = body;
		st.body_len = body_len;
		run_probe(&st);
	}
	pthread_mutex_destroy(&st.mu);
	st.body = NULL;
	st.body_len = 0;
	free(body);
	*run = st;
}

void latency_run_release(struct latency_run *run)
{
	for (size_t i = 0; i < run->nrequests; i++)
		free(run->requests[i]);
	free(run->requests);
	free(run->v);
	memset(run, 0, sizeof(*run));
}

static struct sigaction old_pipe;

void latency_run_begin(void)
{
	struct sigaction sa;

	if (budget_deadline <= 0)
		budget_deadline = mg_now_ms() + trust_probe_budget() * 1000.0;
	/* an inherited SIGCHLD=SIG_IGN would make children unwaitable */
	signal(SIGCHLD, SIG_DFL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* a stdio server that exits must be a failed run, not our death */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &old_pipe);
}

void latency_run_end(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	sigaction(SIGPIPE, &old_pipe, NULL);
}
