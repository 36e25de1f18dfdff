/* latency_serve: the processes a probe starts -- a command for each run,
 * or a model server for the whole probe -- each in a process group of its
 * own, with the job's credentials removed from its environment; the slots
 * that let an interrupted mlgate kill them all; and a server's start
 * (until it is ready), its request lines and its stop (SIGTERM, then
 * SIGKILL to the group).  Owns the processes and pipes it starts until
 * lt_server_stop. */
#ifndef MLGATE_LATENCY_SERVE_H
#define MLGATE_LATENCY_SERVE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/util.h"
#include "model/latency_probe.h"

/* Slot 0 is a command probe's run; slot 1 + i the server of worker i. */
#define LT_SLOTS (LT_MAX_CONCURRENCY + 1)

/* Start argv (execvp, PATH lookup) in `cwd` with stdin in_fd and stdout
 * out_fd (-1: /dev/null; stderr is /dev/null), in a new process group
 * whose id is the pid, registered in `slot`.  Returns the pid once the
 * program is running, or -1 with err (exit 3) when it cannot start. */
pid_t lt_spawn(char *const argv[], const char *cwd, int in_fd, int out_fd, int slot,
	       struct mg_error *err);
/* Wait for pid up to `deadline` (mg_now_ms clock): 1 when it exited
 * (*status set), 0 on timeout, -1 when it cannot be waited for. */
int lt_wait(pid_t pid, double deadline, int *status);
/* Kill the process group in `slot` (SIGKILL) and forget it. */
void lt_slot_kill(int slot);
/* From a signal handler: kill every registered group. */
void lt_slots_kill_all(void);
/* "exit status N" / "killed by signal N" for a wait status. */
void lt_describe_status(int status, char *buf, size_t size);

struct lt_server {
	pid_t pid;          /* 0 = not started */
	int slot;
	int in_fd, out_fd;  /* the server's stdin (stdio) and stdout, or -1 */
	char *buf;          /* stdout read ahead, not yet a whole line */
	size_t len, cap;
	size_t pending;     /* bytes of the last response line, still in buf */
	double startup_ms;  /* from before fork to ready */
	int exited, status; /* reaped (by a read that saw EOF, or the stop) */
	int killed;         /* did not stop on SIGTERM within the grace */
	pthread_t drain;    /* reads and drops stdout of an HTTP server */
	int draining;
	atomic_int stop_drain;
};

/* Start lp's server (stdio: with a pipe to its stdin) and wait until it is
 * ready, at most until `deadline`.  0, or -1 with err saying why (cannot
 * start, exited, not ready in time); the server is stopped then. */
int lt_server_start(const struct latency_probe *lp, int slot, double deadline,
		    struct lt_server *s, struct mg_error *err);

enum lt_io { LT_IO_OK, LT_IO_GONE, LT_IO_TIMEOUT, LT_IO_TOO_LONG };
/* Send one request line and read one response line (without its line
 * end, NUL-terminated, valid until the next call) by `deadline`. */
enum lt_io lt_server_request(struct lt_server *s, const char *line, double deadline,
			     const char **resp, size_t *resp_len, struct mg_error *err);
/* SIGTERM to the group, up to grace_s for the server to exit, then SIGKILL
 * to the group, so that nothing it started survives it. */
void lt_server_stop(struct lt_server *s, double grace_s);

#endif
