/* latency_run: runs one probe -- a server started first when it has one,
 * `warmup` unmeasured runs, then `runs` measured ones (a command in its own
 * process group, HTTP requests on kept-alive connections or request lines
 * to stdio servers, from `concurrency` workers), each timed on the
 * monotonic clock and its answer checked.  It produces samples;
 * latency_gates.c turns them into gates. */
#ifndef MLGATE_LATENCY_RUN_H
#define MLGATE_LATENCY_RUN_H

#include <pthread.h>
#include <stddef.h>

#include "model/latency_probe.h"

enum lt_kind { LK_OK, LK_EXIT, LK_SIGNAL, LK_TIMEOUT, LK_EXEC, LK_HTTP_STATUS,
	       LK_TRANSPORT, LK_WRONG, LK_GONE, LK_NKINDS };
/* Names of the kinds in reports, by enum lt_kind. */
extern const char *const latency_run_kind_names[LK_NKINDS];

struct sample {
	double ms;
	enum lt_kind kind;
};

/* The runs of one probe: filled by latency_run_probe, read by the gates. */
struct latency_run {
	const struct latency_probe *lp;
	const char *body;
	size_t body_len;
	struct sample *v;   /* measured runs, in order */
	size_t next;        /* next run index to take */
	size_t done, ok, timeouts;
	int give_up;
	double startup_ms;  /* serve: the slowest server's start-up; NaN without */
	double wall_ms;     /* the measured runs, first start to last end */
	size_t workers;     /* how many ran the measured runs */
	long connections;   /* HTTP: connections the requests opened (warmup too) */
	int server_killed;  /* a server needed SIGKILL to stop */
	char **requests;    /* stdio: the request lines, NULL-terminated */
	size_t nrequests;
	char first_error[600];
	char fatal[300];    /* set when the probe cannot run at all */
	pthread_mutex_t mu;
};

/* Run every run of `lp` into *run (caller releases it).  A probe that
 * cannot run at all says so in run->fatal. */
void latency_run_probe(const struct latency_probe *lp, struct latency_run *run);
void latency_run_release(struct latency_run *run);
/* Around a batch of probes: reset SIGCHLD and make SIGINT, SIGTERM and
 * SIGHUP kill the running command's process group first; end restores
 * the default handlers. */
void latency_run_begin(void);
void latency_run_end(void);

#endif
