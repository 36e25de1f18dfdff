#define _POSIX_C_SOURCE 200809L
#include "testserver.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "common/util.h"

#define TS_SCRIPT "tests/servers/mlflow_server.py"

void ts_start(struct test_server *ts, const char *const *args)
{
	char *portfile;
	const char *argv[64];
	size_t n = 0;
	struct timespec nap = {0, 20 * 1000 * 1000};

	memset(ts, 0, sizeof(*ts));
	/* the server is on loopback: never through a proxy from the environment */
	setenv("NO_PROXY", "127.0.0.1,localhost", 1);
	setenv("no_proxy", "127.0.0.1,localhost", 1);
	ts->dir = tu_tempdir();
	ts->log = xasprintf("%s/log.jsonl", ts->dir);
	portfile = xasprintf("%s/port", ts->dir);
	argv[n++] = "python3";
	argv[n++] = TS_SCRIPT;
	argv[n++] = "--port-file";
	argv[n++] = portfile;
	argv[n++] = "--log";
	argv[n++] = ts->log;
	argv[n++] = "--lifetime";
	argv[n++] = "30";
	for (const char *const *a = args; a && *a && n < 62; a++)
		argv[n++] = *a;
	argv[n] = NULL;
	ts->pid = fork();
	ck_assert_int_ge(ts->pid, 0);
	if (ts->pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			int ok = fscanf(f, "%d", &ts->port) == 1;
			fclose(f);
			if (ok)
				break;
		}
		if (waitpid(ts->pid, NULL, WNOHANG) == ts->pid) {
			ts->pid = 0;
			break;
		}
		nanosleep(&nap, NULL);
	}
	free(portfile);
	ck_assert_msg(ts->port > 0, "the test server did not start (" TS_SCRIPT ")");
}

void ts_stop(struct test_server *ts)
{
	if (ts->pid > 0) {
		kill(ts->pid, SIGTERM);
		waitpid(ts->pid, NULL, 0);
	}
	if (ts->dir)
		tu_rmrf(ts->dir);
	free(ts->dir);
	free(ts->log);
	memset(ts, 0, sizeof(*ts));
}

char *ts_url(const struct test_server *ts, const char *path)
{
	return xasprintf("http://127.0.0.1:%d%s", ts->port, path);
}

char *ts_read_log(const struct test_server *ts)
{
	size_t len;
	char *s = mg_read_file(ts->log, 1 << 24, &len, NULL);

	return s ? s : xstrdup("");
}

int ts_count(const struct test_server *ts)
{
	char *s = ts_read_log(ts);
	int n = 0;

	for (const char *p = s; *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

int ts_closed_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	ck_assert_int_ge(fd, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}
