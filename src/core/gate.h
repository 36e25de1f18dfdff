/* gate: the result of every check mlgate runs, in one plain struct that all
 * evaluators fill and all reporters read.  The gate list owns its strings. */
#ifndef MLGATE_GATE_H
#define MLGATE_GATE_H

#include <stddef.h>

#include "common/util.h"

/* GS_SKIP: deliberately not evaluated, as the policy allows (a first
 * promotion has no baseline yet: `if_missing: skip`).  Never a pass: it is
 * counted apart, shown in every report, and a run of skips alone is an
 * error. */
enum gate_status { GS_PASS, GS_WARN, GS_FAIL, GS_ERROR, GS_WAIVED, GS_SKIP };
enum gate_severity { SEV_ERROR, SEV_WARN };
/* How value compares with threshold for a pass. */
enum gate_op { OP_NONE, OP_GE, OP_LE, OP_GT, OP_LT, OP_EQ };

/* A threshold on one side of a value, as a policy declares it: `op` says
 * how a passing value compares with `value` (OP_NONE = no failing bound);
 * `warn_op`/`warn` is the warn level on the same side (OP_NONE = none), a
 * value that passes the failing bound but not the warn level warns.  `key`
 * and `warn_key` are the policy keys ("min", "gt", ...; NULL = named by the
 * op).  line and col are where the policy declares the failing bound, or
 * the warn level when it is alone (0 = unknown). */
struct bound {
	enum gate_op op;
	double value;
	int line, col;
	const char *key;
	enum gate_op warn_op;
	double warn;
	int warn_line, warn_col;
	const char *warn_key;
};

static inline int bound_is_set(const struct bound *b)
{
	return b->op != OP_NONE || b->warn_op != OP_NONE;
}

/* Does v keep the failing bound of b?  (A warn level alone never fails,
 * so a bound without a failing side holds.) */
int bound_holds(const struct bound *b, double v);

/* The value a bound is known by: its failing bound, else its warn level. */
static inline double bound_value(const struct bound *b)
{
	return b->op != OP_NONE ? b->value : b->warn;
}

/* The name of a bound in gate ids and messages: the key of its failing
 * bound, else of its warn level ("min", "max", "gt", "lt" by default). */
const char *bound_name(const struct bound *b);

/* Longest gate message, bytes; a longer one is cut ("... (N bytes cut)"). */
#define GATE_MESSAGE_MAX 2048

struct gate_result {
	char *id;       /* stable id, e.g. model.f1_score.min */
	char *kind;     /* metric, baseline, row_count, null_ratio, drift, ... */
	char *target;   /* metric path, artifact path, latency probe name */
	char *dataset, *column, *method; /* data gates; NULL otherwise */
	double value;     /* NaN when it could not be evaluated */
	double threshold; /* NaN when the gate has none (schema checks) */
	double baseline;  /* the production value it was compared with, or NaN */
	enum gate_op op;
	enum gate_severity severity;
	enum gate_status status;
	char *message;  /* one line, for people */
	char *details;  /* a compact JSON value explaining the value, or NULL */
	int line, col;  /* where in the policy the gate is declared (0 = none) */
	char *waiver;   /* reason, when waived */
	char waiver_until[11]; /* the waiver's last day (YYYY-MM-DD), when waived */
};

struct gate_list {
	struct gate_result *v;
	size_t n, cap;
};

struct gate_summary {
	size_t passed, failed, warned, errored, waived, skipped;
};

void gates_init(struct gate_list *l);
void gates_release(struct gate_list *l);

/* Append a gate (value, threshold and baseline NaN, status PASS, severity
 * ERROR).  The pointer is valid until the next gates_add. */
struct gate_result *gates_add(struct gate_list *l, const char *id,
			      const char *kind);
struct gate_result *gates_find(const struct gate_list *l, const char *id);

void gate_set_str(char **field, const char *s);
void gate_message(struct gate_result *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set value and judge it against threshold with op: pass, or fail / warn
 * by severity.  A non-finite value is an error (never a pass). */
void gate_judge(struct gate_result *g, double value);
/* The comparison a judged gate shows: its op when it passed, the negation
 * when it did not ("<" for a failed ">="). */
const char *gate_op_shown(const struct gate_result *g);
/* Take threshold and op from `b` before judging (or for a gate that will
 * be an error): the failing bound, else the warn level, and then severity
 * warn (a warn level alone never fails). */
void gate_set_bound(struct gate_result *g, const struct bound *b);
/* Judge `value` against `b`: fail (or warn, by severity) when the failing
 * bound does not hold, else warn when the warn level does not hold, else
 * pass; a bound with only a warn level never fails.  Threshold and op are
 * those of the failing bound, or of the warn level when that is what the
 * value violated (or all there is).  The message is
 * "LHS OP [warn ]NAME THRESHOLDUNIT TAIL" (LHS is what was compared as
 * shown, e.g. "f1 = 0.8"; UNIT e.g. " MB"; TAIL may be ""), OP from
 * gate_op_shown, THRESHOLD with mg_fmt_double.  A value or threshold that
 * is not finite keeps gate_judge's error. */
void gate_judge_describe(struct gate_result *g, const struct bound *b,
			 double value, const char *lhs, const char *unit,
			 const char *tail);
/* The standard form: "WHAT = VALUE OP NAME THRESHOLD". */
void gate_judge_bound(struct gate_result *g, const struct bound *b,
		      double value, const char *what);
/* Mark as could-not-evaluate with a message. */
void gate_error(struct gate_result *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Mark as skipped (GS_SKIP) with a message saying why. */
void gate_skip(struct gate_result *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Pass/fail by a boolean (for checks without a number, e.g. schema). */
void gate_verdict(struct gate_result *g, int ok);

const char *gate_status_name(enum gate_status s);
const char *gate_op_symbol(enum gate_op op); /* ">=", "<=", ... */
const char *gate_op_name(enum gate_op op);   /* "ge", "le", ... */

struct waiver {
	char *pattern;   /* gate id with `*` wildcards */
	char until[11];  /* YYYY-MM-DD, inclusive, UTC */
	char *reason;
	int line, col;
};

/* Apply live waivers to failed and warned gates (errors are never waived:
 * a gate that could not be evaluated proves nothing).  Expired waivers and
 * waivers that match no gate are added as warn gates `waiver.<pattern>`.
 * `today` is YYYY-MM-DD (UTC). */
void gates_apply_waivers(struct gate_list *l, const struct waiver *w, size_t n,
			 const char *today);

void gates_summarize(const struct gate_list *l, struct gate_summary *s);
/* The exit code for a finished evaluation (SPEC section 3). */
int gates_exit_code(const struct gate_summary *s, int fail_on_warn,
		    int warn_exit_code);
const char *gates_verdict(const struct gate_summary *s); /* pass|fail|error */

/* Today's date in UTC as YYYY-MM-DD (MLGATE_TODAY overrides, for tests). */
void mg_today(char buf[11]);

#endif
