#define _POSIX_C_SOURCE 200809L
#include "core/gate.h"
#include "common/trust.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void gates_init(struct gate_list *l)
{
	memset(l, 0, sizeof(*l));
}

static void gate_release(struct gate_result *g)
{
	free(g->id);
	free(g->kind);
	free(g->target);
	free(g->dataset);
	free(g->column);
	free(g->method);
	free(g->message);
	free(g->details);
	free(g->waiver);
}

void gates_release(struct gate_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		gate_release(&l->v[i]);
	free(l->v);
	gates_init(l);
}

struct gate_result *gates_add(struct gate_list *l, const char *id,
			      const char *kind)
{
	struct gate_result *g;

	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	g = &l->v[l->n++];
	memset(g, 0, sizeof(*g));
	g->id = xstrdup(id);
	g->kind = xstrdup(kind);
	g->value = g->threshold = g->baseline = NAN;
	g->status = GS_PASS;
	g->severity = SEV_ERROR;
	return g;
}

struct gate_result *gates_find(const struct gate_list *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			return &l->v[i];
	return NULL;
}

void gate_set_str(char **field, const char *s)
{
	free(*field);
	*field = s ? xstrdup(s) : NULL;
}

static void gate_vmessage(struct gate_result *g, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void gate_vmessage(struct gate_result *g, const char *fmt, va_list ap)
{
	struct sbuf sb = SBUF_INIT, cut = SBUF_INIT;

	sbuf_vaddf(&sb, fmt, ap);
	free(g->message);
	if (sb.len <= GATE_MESSAGE_MAX) {
		g->message = sbuf_detach(&sb);
		return;
	}
	/* the last line of defence: every format shows the message */
	trust_echo_max(&cut, sb.buf, sb.len, GATE_MESSAGE_MAX);
	sbuf_release(&sb);
	g->message = sbuf_detach(&cut);
}

void gate_message(struct gate_result *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gate_vmessage(g, fmt, ap);
	va_end(ap);
}

static int holds(enum gate_op op, double v, double t)
{
	switch (op) {
	case OP_GE: return v >= t;
	case OP_LE: return v <= t;
	case OP_GT: return v > t;
	case OP_LT: return v < t;
	case OP_EQ: return v == t;
	case OP_NONE: break;
	}
	return 0;
}

int bound_holds(const struct bound *b, double v)
{
	return b->op == OP_NONE || holds(b->op, v, b->value);
}

void gate_judge(struct gate_result *g, double value)
{
	g->value = value;
	if (!isfinite(value)) {
		g->status = GS_ERROR;
		if (!g->message)
			gate_message(g, "value is not a finite number");
		return;
	}
	if (!isfinite(g->threshold) || g->op == OP_NONE) {
		g->status = GS_ERROR;
		if (!g->message)
			gate_message(g, "threshold could not be computed");
		return;
	}
	gate_verdict(g, holds(g->op, value, g->threshold));
}

const char *gate_op_shown(const struct gate_result *g)
{
	static const char *const negation[] = {"", "<", ">", "<=", ">=", "!="};

	return g->status == GS_PASS ? gate_op_symbol(g->op) : negation[g->op];
}

const char *bound_name(const struct bound *b)
{
	static const char *const names[] = {"", "min", "max", "gt", "lt", "eq"};

	if (b->op != OP_NONE)
		return b->key ? b->key : names[b->op];
	return b->warn_key ? b->warn_key : names[b->warn_op];
}

void gate_set_bound(struct gate_result *g, const struct bound *b)
{
	if (b->op != OP_NONE) {
		g->threshold = b->value;
		g->op = b->op;
		return;
	}
	g->severity = SEV_WARN;
	g->threshold = b->warn;
	g->op = b->warn_op;
}

void gate_judge_describe(struct gate_result *g, const struct bound *b,
			 double value, const char *lhs, const char *unit,
			 const char *tail)
{
	static const char *const names[] = {"", "min", "max", "gt", "lt", "eq"};
	int at_warn = b->op == OP_NONE;
	char tb[48];

	gate_set_bound(g, b);
	gate_judge(g, value);
	if (g->status == GS_ERROR)
		return;
	if (g->status == GS_PASS && !at_warn && b->warn_op != OP_NONE &&
	    !holds(b->warn_op, value, b->warn)) {
		at_warn = 1;
		if (b->warn_line) { /* where the level it missed is declared */
			g->line = b->warn_line;
			g->col = b->warn_col;
		}
		g->threshold = b->warn;
		g->op = b->warn_op;
		g->status = GS_WARN;
	}
	mg_fmt_double(tb, sizeof(tb), g->threshold);
	gate_message(g, "%s %s %s%s %s%s%s", lhs, gate_op_shown(g),
		     at_warn ? "warn " : "",
		     at_warn ? (b->warn_key ? b->warn_key : names[b->warn_op])
			     : bound_name(b),
		     tb, unit ? unit : "", tail ? tail : "");
}

void gate_judge_bound(struct gate_result *g, const struct bound *b,
		      double value, const char *what)
{
	char vb[40], *lhs;

	mg_fmt_double(vb, sizeof(vb), value);
	lhs = xasprintf("%s = %s", what, vb);
	gate_judge_describe(g, b, value, lhs, "", "");
	free(lhs);
}

void gate_verdict(struct gate_result *g, int ok)
{
	if (ok)
		g->status = GS_PASS;
	else
		g->status = g->severity == SEV_WARN ? GS_WARN : GS_FAIL;
}

void gate_error(struct gate_result *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gate_vmessage(g, fmt, ap);
	va_end(ap);
	g->status = GS_ERROR;
}

void gate_skip(struct gate_result *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gate_vmessage(g, fmt, ap);
	va_end(ap);
	g->status = GS_SKIP;
}

const char *gate_status_name(enum gate_status s)
{
	static const char *const names[] = {"pass", "warn", "fail", "error",
					    "waived", "skip"};
	return names[s];
}

const char *gate_op_symbol(enum gate_op op)
{
	static const char *const sym[] = {"", ">=", "<=", ">", "<", "=="};
	return sym[op];
}

const char *gate_op_name(enum gate_op op)
{
	static const char *const names[] = {"none", "ge", "le", "gt", "lt", "eq"};
	return names[op];
}

void gates_apply_waivers(struct gate_list *l, const struct waiver *w, size_t n,
			 const char *today)
{
	size_t ngates = l->n; /* waiver gates appended below are not matched */

	for (size_t i = 0; i < n; i++) {
		int expired = strcmp(today, w[i].until) > 0, matched = 0;
		struct gate_result *g;
		char *id;

		for (size_t j = 0; j < ngates; j++) {
			g = &l->v[j];
			if (!mg_glob_match(w[i].pattern, g->id))
				continue;
			matched = 1;
			if (expired || (g->status != GS_FAIL && g->status != GS_WARN))
				continue;
			g->status = GS_WAIVED;
			gate_set_str(&g->waiver, w[i].reason);
			memcpy(g->waiver_until, w[i].until, sizeof(g->waiver_until));
		}
		if (!expired && matched)
			continue;
		id = xasprintf("waiver.%s", w[i].pattern);
		g = gates_add(l, id, "waiver");
		free(id);
		g->line = w[i].line;
		g->col = w[i].col;
		g->status = GS_WARN;
		g->severity = SEV_WARN;
		gate_set_str(&g->target, w[i].pattern);
		if (expired)
			gate_message(g, "waiver expired on %s and no longer applies%s",
				     w[i].until, matched ? "" : " (and matches no gate)");
		else
			gate_message(g, "waiver matches no gate (stale waiver?)");
	}
}

void gates_summarize(const struct gate_list *l, struct gate_summary *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < l->n; i++) {
		switch (l->v[i].status) {
		case GS_PASS: s->passed++; break;
		case GS_WARN: s->warned++; break;
		case GS_FAIL: s->failed++; break;
		case GS_ERROR: s->errored++; break;
		case GS_WAIVED: s->waived++; break;
		case GS_SKIP: s->skipped++; break;
		}
	}
}

int gates_exit_code(const struct gate_summary *s, int fail_on_warn,
		    int warn_exit_code)
{
	if (s->errored)
		return MG_EXIT_INPUT;
	if (s->failed)
		return MG_EXIT_FAIL;
	if (s->warned)
		return fail_on_warn ? MG_EXIT_FAIL : warn_exit_code;
	if (s->passed + s->waived == 0)
		return MG_EXIT_INPUT; /* nothing was checked: never a pass */
	return MG_EXIT_PASS;
}

const char *gates_verdict(const struct gate_summary *s)
{
	if (s->errored || s->passed + s->waived + s->failed + s->warned == 0)
		return "error";
	return s->failed ? "fail" : "pass";
}

void mg_today(char buf[11])
{
	const char *env = getenv("MLGATE_TODAY");
	time_t now = time(NULL);
	struct tm tm;

	if (env && strlen(env) == 10) {
		memcpy(buf, env, 11);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}
