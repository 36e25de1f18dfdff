/* latency_probe: the parsed form of the `latency:` section -- one probe per
 * entry, its limits and one bound per statistic.  latency.c builds and
 * frees it; latency_run.c and latency_gates.c only read it. */
#ifndef MLGATE_LATENCY_PROBE_H
#define MLGATE_LATENCY_PROBE_H

#include <stddef.h>

#include "core/gate.h"

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
/* The policy keys of the statistics, by enum lt_stat (latency.c). */
extern const char *const latency_stat_keys[LS_N];

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

#endif
