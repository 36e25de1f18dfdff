/* latency_probe: the parsed form of the `latency:` section -- one probe per
 * entry (a command run each time, an HTTP endpoint, or a model server
 * started once and sent requests over stdin/stdout or HTTP), its limits,
 * the answer it expects and one bound per statistic.  latency.c builds and
 * frees it; latency_run.c and latency_gates.c only read it. */
#ifndef MLGATE_LATENCY_PROBE_H
#define MLGATE_LATENCY_PROBE_H

#include <stddef.h>

#include "core/gate.h"

struct jval;

/* `expect:` -- what every response must be.  A response that is not is a
 * failed run of kind wrong_answer. */
struct lt_expect {
	int set;
	long status;          /* 0 = any 2xx */
	char *json_path;      /* JSON Pointer into the parsed body, or NULL */
	struct jval *equals;  /* the value at json_path must equal, or NULL */
	char *equals_text;    /* without json_path: the body's text must be */
	char *equals_shown;   /* the expected value as the policy writes it */
	char *contains;       /* a substring it must contain, or NULL */
	int line, col;
};

/* `serve:` -- a model server started once for the probe (one per worker
 * for stdio with concurrency), ready when it prints a line or answers a
 * URL, stopped with SIGTERM then SIGKILL to its process group. */
struct lt_serve {
	char **argv;          /* NULL-terminated */
	char *display;
	char *ready_line;     /* ready when stdout prints this line, or */
	char *ready_url;      /* when a GET here answers 2xx */
	double startup_timeout_s, stop_grace_s;
};

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
/* A stdio server's response line, and a request line, at most this long. */
#define LT_MAX_LINE ((size_t)1 << 20)
#define LT_DEFAULT_STARTUP_S 30.0
#define LT_DEFAULT_STOP_GRACE_S 2.0
/* A wrong answer is quoted in messages up to this many bytes. */
#define LT_QUOTE_MAX 80

enum lt_stat { LS_P50, LS_P90, LS_P95, LS_P99, LS_MEAN, LS_MAX, LS_ERROR_RATE,
	       LS_ERRORS, LS_THROUGHPUT, LS_STARTUP, LS_N };
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
	int keep_alive;    /* one connection per worker, reused (default) */
	/* serve: a persistent server, sent requests over http or stdio */
	int is_serve, is_stdio;
	struct lt_serve serve;
	char *request;      /* stdio: the one request line, or */
	char *request_file; /* resolved: request lines, used in turn */
	struct lt_expect expect;
	long runs, warmup, concurrency;
	double timeout_s;
	struct bound max[LS_N]; /* one per statistic; OP_NONE = no gate
				 * (throughput_rps is a min) */
	enum gate_severity severity;
	int line, col;
};

struct latency_policy {
	struct latency_probe *v;
	size_t n;
};

#endif
