/* latency_run: running probes.  A run that fails (exit status not 0,
 * cannot start, timeout, transport error, HTTP status not 2xx) is an error
 * sample: counted in the error rate, never a fast sample. */
#define _GNU_SOURCE
#include "model/latency_run.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/trust.h"
#include "ext/http.h"

extern char **environ;

const char *const latency_run_kind_names[LK_NKINDS] = {
	"ok", "exit_status", "signal", "timeout", "cannot_start", "http_status", "transport",
};

static void note_error(struct latency_run *st, const char *why)
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

/* The environment without credentials (trust_is_credential): a probe is
 * the policy's code and gets none of the job's secrets.  Pointers into
 * environ; caller frees the array. */
static char **probe_environ(void)
{
	size_t n = 0, k = 0;
	char **v;

	while (environ && environ[n])
		n++;
	v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		char *name = eq ? xstrndup(environ[i], (size_t)(eq - environ[i])) : NULL;

		if (name && !trust_is_credential(name))
			v[k++] = environ[i];
		free(name);
	}
	return v;
}

static enum lt_kind run_command(const struct latency_probe *lp, double *ms,
				struct mg_error *err)
{
	double limit = run_limit_ms(lp);
	char **envp;
	int pfd[2], status = 0, child_errno = 0, exited;
	pid_t pid;
	double t0;
	ssize_t got;

	if (limit <= 0) {
		*ms = 0;
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "the probes' time budget of %g s "
			  "(--probe-budget) is spent", trust_probe_budget());
		return LK_EXEC;
	}
	if (pipe(pfd) < 0) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot create a pipe: %s", strerror(errno));
		return LK_EXEC;
	}
	envp = probe_environ();
	fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
	t0 = mg_now_ms();
	pid = fork();
	if (pid < 0) {
		free(envp);
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
		execvpe(lp->argv[0], lp->argv, envp);
		e = errno;
		if (write(pfd[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	free(envp);
	setpgid(pid, pid); /* also in the child: whichever runs first */
	running_group = pid;
	close(pfd[1]);
	do
		got = read(pfd[0], &child_errno, sizeof(child_errno));
	while (got < 0 && errno == EINTR);
	close(pfd[0]);
	exited = wait_child(pid, t0 + limit, &status);
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
		if (limit < lp->timeout_s * 1000.0)
			mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "stopped after %g s: the probes' "
				  "time budget of %g s (--probe-budget) is spent", limit / 1000.0,
				  trust_probe_budget());
		else
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

static enum lt_kind run_http(const struct latency_run *st, double *ms, struct mg_error *err)
{
	const struct latency_probe *lp = st->lp;
	struct http_request req;
	struct http_response res;
	enum lt_kind k = LK_OK;
	double t0, limit = run_limit_ms(lp);
	int rc;

	if (limit <= 0) {
		*ms = 0;
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "the probes' time budget of %g s "
			  "(--probe-budget) is spent", trust_probe_budget());
		return LK_EXEC;
	}
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

static enum lt_kind run_once(struct latency_run *st, double *ms, struct mg_error *err)
{
	memset(err, 0, sizeof(*err));
	if (st->lp->is_http)
		return run_http(st, ms, err);
	return run_command(st->lp, ms, err);
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

static void *worker(void *arg)
{
	struct latency_run *st = arg;

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

void latency_run_probe(const struct latency_probe *lp, struct latency_run *run)
{
	struct latency_run st;
	char *body = NULL;
	size_t body_len = 0;

	memset(&st, 0, sizeof(st));
	pthread_mutex_init(&st.mu, NULL);
	st.lp = lp;
	st.v = xcalloc((size_t)lp->runs, sizeof(*st.v));
	if (trust_untrusted()) {
		/* fail closed: the gates are errors, never a silent pass */
		snprintf(st.fatal, sizeof(st.fatal), "not run: an untrusted policy runs no "
			 "probe (--untrusted-policy)");
	} else if (load_body(lp, &body, &body_len, &st) == 0) {
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
	pthread_mutex_destroy(&st.mu);
	st.body = NULL;
	st.body_len = 0;
	free(body);
	*run = st;
}

void latency_run_release(struct latency_run *run)
{
	free(run->v);
	memset(run, 0, sizeof(*run));
}

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
}

void latency_run_end(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
}
