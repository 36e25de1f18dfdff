/* latency_serve: processes in groups of their own, and model servers. */
#define _GNU_SOURCE
#include "model/latency_serve.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/trust.h"
#include "ext/http.h"

extern char **environ;

/* The process groups running now, so that an interrupted mlgate (Ctrl-C,
 * a cancelled CI job) does not leave them: each is in its own group, out
 * of reach of the terminal's signals. */
static volatile sig_atomic_t slots[LT_SLOTS];

void lt_slots_kill_all(void)
{
	for (int i = 0; i < LT_SLOTS; i++)
		if (slots[i] > 0)
			kill(-(pid_t)slots[i], SIGKILL);
}

void lt_slot_kill(int slot)
{
	if (slots[slot] > 0)
		kill(-(pid_t)slots[slot], SIGKILL);
	slots[slot] = 0;
}

void lt_describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
	else
		snprintf(buf, size, "killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
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

int lt_wait(pid_t pid, double deadline, int *status)
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

pid_t lt_spawn(char *const argv[], const char *cwd, int in_fd, int out_fd, int slot,
	       struct mg_error *err)
{
	char **envp;
	int pfd[2], child_errno = 0;
	pid_t pid;
	ssize_t got;

	if (pipe2(pfd, O_CLOEXEC) < 0) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	envp = probe_environ();
	pid = fork();
	if (pid < 0) {
		free(envp);
		close(pfd[0]);
		close(pfd[1]);
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR), e;
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		if (null < 0 || dup2(in_fd >= 0 ? in_fd : null, 0) < 0 ||
		    dup2(out_fd >= 0 ? out_fd : null, 1) < 0 || dup2(null, 2) < 0 ||
		    (cwd && chdir(cwd) < 0)) {
			e = errno;
			free(envp); /* the child's copy: a leak checker sees it too */
			if (write(pfd[1], &e, sizeof(e)) < 0)
				_exit(126);
			_exit(126);
		}
		execvpe(argv[0], argv, envp);
		e = errno;
		free(envp);
		if (write(pfd[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	free(envp);
	setpgid(pid, pid); /* also in the child: whichever runs first */
	slots[slot] = pid;
	close(pfd[1]);
	/* the pipe closes on exec (success) or carries errno (failure) */
	do
		got = read(pfd[0], &child_errno, sizeof(child_errno));
	while (got < 0 && errno == EINTR);
	close(pfd[0]);
	if (got == (ssize_t)sizeof(child_errno)) {
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		slots[slot] = 0;
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot run '%s': %s", argv[0],
			  strerror(child_errno));
		return -1;
	}
	return pid;
}

/* ----- servers ----- */

static void *drain(void *arg)
{
	struct lt_server *s = arg;
	char buf[4096];

	/* polled, so that a grandchild that left the group holding the pipe
	 * cannot keep the stop waiting */
	while (!atomic_load(&s->stop_drain)) {
		struct pollfd p = {s->out_fd, POLLIN, 0};
		ssize_t got;

		if (poll(&p, 1, 100) <= 0)
			continue;
		got = read(s->out_fd, buf, sizeof(buf));
		if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
			break;
	}
	return NULL;
}

/* Read until a whole line is in s->buf or `deadline`.  Returns the line's
 * length (its '\n' at buf[n]), or -1 EOF, -2 timeout, -3 too long. */
static long read_line(struct lt_server *s, double deadline)
{
	for (;;) {
		char *nl = s->len ? memchr(s->buf, '\n', s->len) : NULL;
		double left;
		struct pollfd p;
		ssize_t got;

		if (nl)
			return (long)(nl - s->buf);
		if (s->len >= LT_MAX_LINE)
			return -3;
		left = deadline - mg_now_ms();
		if (left <= 0)
			return -2;
		p.fd = s->out_fd;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, (int)ceil(left)) <= 0)
			continue;
		if (s->cap - s->len < 4096) {
			s->cap = s->cap ? s->cap * 2 : 8192;
			s->buf = xrealloc(s->buf, s->cap);
		}
		got = read(s->out_fd, s->buf + s->len, s->cap - s->len - 1);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0)
			return -1;
		s->len += (size_t)got;
	}
}

/* Drop the line of length n (and its '\n') read by read_line. */
static void consume_line(struct lt_server *s, long n)
{
	size_t k = (size_t)n + 1;

	memmove(s->buf, s->buf + k, s->len - k);
	s->len -= k;
}

static void not_running(struct lt_server *s, const char *what, struct mg_error *err)
{
	char how[64];

	if (!s->exited && lt_wait(s->pid, mg_now_ms() + 1000, &s->status) == 1)
		s->exited = 1;
	if (s->exited)
		lt_describe_status(s->status, how, sizeof(how));
	else
		snprintf(how, sizeof(how), "closed its output");
	mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "the server %s (%s)", what, how);
}

static int wait_ready_line(const struct latency_probe *lp, struct lt_server *s,
			   double deadline, struct mg_error *err)
{
	for (;;) {
		long n = read_line(s, deadline);

		if (n == -1) {
			not_running(s, "exited before it printed its ready line", err);
			return -1;
		}
		if (n == -2)
			return mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "the server printed no "
					 "ready line '%s' within %g s (startup_timeout_s)",
					 lp->serve.ready_line, lp->serve.startup_timeout_s);
		if (n == -3)
			return mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "the server printed a line "
					 "longer than %zu bytes", LT_MAX_LINE);
		s->buf[n] = '\0';
		if (n && s->buf[n - 1] == '\r')
			s->buf[n - 1] = '\0';
		if (strcmp(s->buf, lp->serve.ready_line) == 0) {
			consume_line(s, n);
			return 0;
		}
		consume_line(s, n); /* a log line before the server is ready */
	}
}

static int wait_ready_url(const struct latency_probe *lp, struct lt_server *s,
			  double deadline, struct mg_error *err)
{
	struct http_client *c = http_client_new();
	char last[300] = "no answer";

	if (!c)
		return mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot start an HTTP request");
	for (;;) {
		struct http_request req;
		struct http_response res;
		double left = deadline - mg_now_ms();
		int rc;

		if (lt_wait(s->pid, mg_now_ms(), &s->status) == 1) {
			s->exited = 1;
			http_client_free(c);
			not_running(s, "exited before it was ready", err);
			return -1;
		}
		if (left <= 0)
			break;
		memset(&req, 0, sizeof(req));
		req.method = "GET";
		req.url = lp->serve.ready_url;
		/* the whole time left: a slow answer on a loaded machine must
		 * not turn into a second connection */
		req.timeout_ms = (long)ceil(left);
		req.connect_timeout_ms = req.timeout_ms;
		rc = http_client_perform(c, &req, &res);
		if (rc == 0 && res.status >= 200 && res.status <= 299) {
			http_response_release(&res);
			http_client_free(c);
			return 0;
		}
		if (rc == 0)
			snprintf(last, sizeof(last), "HTTP status %ld", res.status);
		else
			snprintf(last, sizeof(last), "%s", res.error);
		http_response_release(&res);
		{
			struct timespec nap = {0, 20 * 1000000L};
			nanosleep(&nap, NULL);
		}
	}
	http_client_free(c);
	return mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "the server did not answer %s with "
			 "2xx within %g s (startup_timeout_s; last: %s)", lp->serve.ready_url,
			 lp->serve.startup_timeout_s, last);
}

int lt_server_start(const struct latency_probe *lp, int slot, double deadline,
		    struct lt_server *s, struct mg_error *err)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1};
	double t0 = mg_now_ms();
	int rc;

	memset(s, 0, sizeof(*s));
	s->slot = slot;
	s->in_fd = s->out_fd = -1;
	if ((lp->is_stdio && pipe2(in, O_CLOEXEC) < 0) || pipe2(out, O_CLOEXEC) < 0) {
		if (in[0] >= 0) {
			close(in[0]);
			close(in[1]);
		}
		return mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "cannot create a pipe: %s",
				 strerror(errno));
	}
	s->pid = lt_spawn(lp->serve.argv, lp->cwd, in[0], out[1], slot, err);
	if (in[0] >= 0)
		close(in[0]);
	close(out[1]);
	s->in_fd = in[1];
	s->out_fd = out[0];
	if (s->pid < 0) {
		s->pid = 0;
		lt_server_stop(s, 0);
		return -1;
	}
	/* a server that stops reading must not block us: writes are polled */
	if (s->in_fd >= 0)
		fcntl(s->in_fd, F_SETFL, fcntl(s->in_fd, F_GETFL) | O_NONBLOCK);
	if (lp->serve.ready_line)
		rc = wait_ready_line(lp, s, deadline, err);
	else
		rc = wait_ready_url(lp, s, deadline, err);
	s->startup_ms = mg_now_ms() - t0;
	if (rc < 0) {
		lt_server_stop(s, 0);
		return -1;
	}
	/* an HTTP server's output is not read, but a full pipe would stop it */
	if (!lp->is_stdio && pthread_create(&s->drain, NULL, drain, s) == 0)
		s->draining = 1;
	return 0;
}

static int write_all(int fd, const char *p, size_t n, double deadline)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EAGAIN) {
			double left = deadline - mg_now_ms();
			struct pollfd pf = {fd, POLLOUT, 0};
			if (left <= 0)
				return -2;
			poll(&pf, 1, (int)ceil(left));
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		return -1;
	}
	return 0;
}

enum lt_io lt_server_request(struct lt_server *s, const char *line, double deadline,
			     const char **resp, size_t *resp_len, struct mg_error *err)
{
	size_t n = strlen(line);
	char *msg = xmalloc(n + 1);
	long got;
	int w;

	if (s->pending) {
		consume_line(s, (long)s->pending - 1);
		s->pending = 0;
	}
	memcpy(msg, line, n);
	msg[n] = '\n';
	w = write_all(s->in_fd, msg, n + 1, deadline);
	free(msg);
	if (w == -2) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "the server did not read its request in time");
		return LT_IO_TIMEOUT;
	}
	if (w < 0) {
		not_running(s, "stopped reading requests", err);
		return LT_IO_GONE;
	}
	got = read_line(s, deadline);
	if (got == -1) {
		not_running(s, "closed its output", err);
		return LT_IO_GONE;
	}
	if (got == -2) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "no response line in time");
		return LT_IO_TIMEOUT;
	}
	if (got == -3) {
		mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0, "a response line longer than %zu bytes",
			  LT_MAX_LINE);
		return LT_IO_TOO_LONG;
	}
	/* the line stays in buf until the next request consumes it */
	s->pending = (size_t)got + 1;
	s->buf[got] = '\0';
	if (got && s->buf[got - 1] == '\r')
		s->buf[--got] = '\0';
	*resp = s->buf;
	*resp_len = (size_t)got;
	return LT_IO_OK;
}

void lt_server_stop(struct lt_server *s, double grace_s)
{
	if (s->pid > 0) {
		if (!s->exited) {
			kill(-s->pid, SIGTERM);
			if (lt_wait(s->pid, mg_now_ms() + grace_s * 1000.0, &s->status) == 1) {
				s->exited = 1;
			} else {
				s->killed = 1;
				kill(-s->pid, SIGKILL);
				while (waitpid(s->pid, &s->status, 0) < 0 && errno == EINTR)
					;
				s->exited = 1;
			}
		}
		/* whatever the server started and left in its group goes too */
		lt_slot_kill(s->slot);
	}
	if (s->in_fd >= 0)
		close(s->in_fd);
	if (s->draining) {
		atomic_store(&s->stop_drain, 1);
		pthread_join(s->drain, NULL);
	}
	if (s->out_fd >= 0)
		close(s->out_fd);
	free(s->buf);
	s->buf = NULL;
	s->in_fd = s->out_fd = -1;
	s->len = s->cap = s->pending = 0;
	s->draining = 0;
}
