/* A loopback test server for the unit tests: tests/servers/mlflow_server.py
 * started in a fresh temporary directory, stopped (and the directory
 * removed) by ts_stop.  Run from the repository root (as `make unit` does). */
#ifndef MLGATE_TESTSERVER_H
#define MLGATE_TESTSERVER_H

#include <sys/types.h>

struct test_server {
	pid_t pid;
	int port;
	char *dir;  /* temporary directory; the log is dir/log.jsonl */
	char *log;
};

/* Start the server with extra arguments (NULL-terminated list, or NULL);
 * "%d/" in an argument is not expanded -- pass whole paths.  Aborts the
 * test (ck_abort) when the server does not come up within a few seconds. */
void ts_start(struct test_server *ts, const char *const *args);
void ts_stop(struct test_server *ts);
/* "http://127.0.0.1:PORT" + path; caller frees. */
char *ts_url(const struct test_server *ts, const char *path);
/* The request log so far (JSON lines); caller frees; "" when none. */
char *ts_read_log(const struct test_server *ts);
/* Number of requests the server logged. */
int ts_count(const struct test_server *ts);
/* A port on 127.0.0.1 where nothing listens (bound, then closed). */
int ts_closed_port(void);

#endif
