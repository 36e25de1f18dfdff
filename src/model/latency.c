/* latency: measured, not trusted.  A probe runs a command (fork + execvp, no
 * shell unless asked, its own process group, killed on timeout) or calls an
 * HTTP endpoint (http.h, optionally from several threads) `warmup` times
 * unmeasured and `runs` times measured, each run timed on the monotonic
 * clock.  A run that fails (exit status not 0, cannot start, timeout,
 * transport error, HTTP status not 2xx) is an error sample: counted in the
 * error rate, never a fast sample.  Percentiles are over the successful
 * samples, type 7 (numpy's default).  This file parses and frees the
 * section (latency_probe.h); latency_run.c runs probes and latency_gates.c
 * judges them. */
#define _POSIX_C_SOURCE 200809L
#include "model/latency.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/latency_gates.h"
#include "model/latency_probe.h"

const char *const latency_stat_keys[LS_N] = {
	"p50_ms", "p90_ms", "p95_ms", "p99_ms", "mean_ms", "max_ms", "error_rate",
};

static void strv_free(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

static void probe_release(struct latency_probe *lp)
{
	free(lp->name);
	strv_free(lp->argv);
	free(lp->display);
	free(lp->cwd);
	free(lp->url);
	free(lp->url_raw);
	free(lp->method);
	strv_free(lp->headers);
	free(lp->body_file);
}

static void latency_free(void *sec)
{
	struct latency_policy *p = sec;

	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		probe_release(&p->v[i]);
	free(p->v);
	free(p);
}

/* ----- parsing ----- */

static int get_count(struct pol_ctx *c, const struct ynode *e, const char *key,
		     long lo, long hi, long *out)
{
	double v;
	int present;

	if (pol_get_number(c, e, key, &v, &present) < 0)
		return -1;
	if (!present)
		return 0;
	if (v != floor(v) || v < (double)lo || v > (double)hi)
		return pol_err(c, ynode_get(e, key),
			       "'%s' must be a whole number from %ld to %ld, not %s",
			       key, lo, hi, ynode_get(e, key)->str);
	*out = (long)v;
	return 0;
}

static int parse_threshold(struct pol_ctx *c, const struct ynode *e,
			   struct latency_probe *lp, int s)
{
	static const struct pol_bounds ms = {NULL, NULL, "max", "lt", 0, INFINITY};
	static const struct pol_bounds rate = {NULL, NULL, "max", "lt", 0, 1};
	struct bound lo, b;

	if (pol_get_range(c, e, latency_stat_keys[s],
			  s == LS_ERROR_RATE ? &rate : &ms, &lo, &b) < 0)
		return -1;
	if (!bound_is_set(&b))
		return 0;
	lp->max[s] = b;
	return 0;
}

static int parse_command(struct pol_ctx *c, const struct ynode *e,
			 struct latency_probe *lp)
{
	const struct ynode *cmd = ynode_get(e, "command");
	int shell = 0, present;

	if (pol_get_bool(c, e, "shell", &shell, &present) < 0)
		return -1;
	lp->shell = shell;
	if (cmd->kind == Y_SCALAR && !ynode_is_null(cmd)) {
		if (!shell)
			return pol_err(c, cmd,
				       "'command' is a string: write it as a list of arguments, or set 'shell: true' to run it with /bin/sh");
		if (!cmd->str[0])
			return pol_err(c, cmd, "'command' is empty");
		lp->argv = xcalloc(4, sizeof(char *));
		lp->argv[0] = xstrdup("/bin/sh");
		lp->argv[1] = xstrdup("-c");
		lp->argv[2] = xstrdup(cmd->str);
		lp->display = xstrdup(cmd->raw ? cmd->raw : cmd->str);
		return 0;
	}
	if (cmd->kind != Y_SEQ)
		return pol_err(c, cmd, "'command' must be a list of arguments, not %s",
			       ynode_kind_name(cmd));
	if (shell)
		return pol_err(c, ynode_get(e, "shell"),
			       "'shell: true' takes a command string, not a list");
	if (cmd->n == 0)
		return pol_err(c, cmd, "'command' is an empty list");
	lp->argv = xcalloc(cmd->n + 1, sizeof(char *));
	for (size_t i = 0; i < cmd->n; i++) {
		const struct ynode *a = cmd->items[i];
		if (a->kind != Y_SCALAR || ynode_is_null(a))
			return pol_err(c, a, "argument %zu of 'command' must be a string, not %s",
				       i + 1, ynode_kind_name(a));
		lp->argv[i] = xstrdup(a->str);
	}
	if (!lp->argv[0][0])
		return pol_err(c, cmd->items[0], "the program name in 'command' is empty");
	{
		struct sbuf sb = SBUF_INIT;
		for (size_t i = 0; i < cmd->n; i++) {
			const struct ynode *a = cmd->items[i];
			sbuf_addf(&sb, "%s%s", i ? " " : "", a->raw ? a->raw : a->str);
		}
		lp->display = sbuf_detach(&sb);
	}
	return 0;
}

static int parse_http(struct pol_ctx *c, const struct ynode *h,
		      struct latency_probe *lp)
{
	static const char *const keys[] = {"url", "method", "headers", "body_file", NULL};
	static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE",
					      "HEAD", "OPTIONS", NULL};
	const char *url = NULL, *method = NULL, *body = NULL;
	const struct ynode *hd;
	size_t i;

	if (pol_expect(c, h, Y_MAP, "'http'") < 0 || pol_check_keys(c, h, keys, "'http'"))
		return -1;
	if (pol_get_string(c, h, "url", &url) < 0 ||
	    pol_get_string(c, h, "method", &method) < 0 ||
	    pol_get_string(c, h, "body_file", &body) < 0)
		return -1;
	if (!url || !url[0])
		return pol_err(c, url ? ynode_get(h, "url") : h, "'http' needs a 'url'");
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return pol_err(c, ynode_get(h, "url"),
			       "'url' must start with http:// or https://");
	lp->is_http = 1;
	lp->url = xstrdup(url);
	lp->url_raw = xstrdup(ynode_get(h, "url")->raw ? ynode_get(h, "url")->raw : url);
	if (!method)
		method = "GET";
	for (i = 0; methods[i]; i++)
		if (strcmp(methods[i], method) == 0)
			break;
	if (!methods[i])
		return pol_err(c, ynode_get(h, "method"),
			       "'method' must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, not '%s'",
			       method);
	lp->method = xstrdup(method);
	if (body) {
		if (!body[0])
			return pol_err(c, ynode_get(h, "body_file"), "'body_file' is empty");
		lp->body_file = pol_path(c, body);
	}
	hd = ynode_get(h, "headers");
	lp->headers = xcalloc(hd && hd->kind == Y_MAP ? hd->n + 1 : 1, sizeof(char *));
	if (!hd)
		return 0;
	if (pol_expect(c, hd, Y_MAP, "'headers'") < 0)
		return -1;
	for (i = 0; i < hd->n; i++) {
		const char *k = hd->keys[i]->str;
		const struct ynode *v = hd->items[i];
		if (v->kind != Y_SCALAR || ynode_is_null(v))
			return pol_err(c, v, "header '%s' must be a string, not %s", k,
				       ynode_kind_name(v));
		if (!k[0] || strpbrk(k, ": \t\r\n") || strpbrk(v->str, "\r\n"))
			return pol_err(c, hd->keys[i],
				       "header '%s' has a character a header cannot hold", k);
		lp->headers[i] = xasprintf("%s: %s", k, v->str);
	}
	return 0;
}

static int parse_probe(struct pol_ctx *c, const struct ynode *e,
		       struct latency_probe *lp)
{
	static const char *const keys[] = {
		"name", "command", "shell", "http", "runs", "warmup", "timeout_s",
		"concurrency", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "mean_ms",
		"max_ms", "error_rate", "severity", "description", NULL,
	};
	const char *name = NULL, *desc = NULL;
	const struct ynode *cmd, *http;
	int present, bad = 0, any = 0;

	if (pol_expect(c, e, Y_MAP, "a latency probe") < 0)
		return -1;
	if (pol_check_keys(c, e, keys, "a latency probe"))
		bad = 1;
	if (pol_get_string(c, e, "name", &name) < 0)
		return -1;
	if (!name || !name[0])
		return pol_err(c, name ? ynode_get(e, "name") : e, "latency probe needs a 'name'");
	for (const char *q = name; *q; q++)
		if (*q == ' ' || *q == '\t' || (unsigned char)*q < 0x20)
			return pol_err(c, ynode_get(e, "name"),
				       "latency probe name '%s' must not contain spaces or control characters (it is part of gate ids)",
				       name);
	lp->name = xstrdup(name);
	lp->line = e->line;
	lp->col = e->col;
	if (pol_get_string(c, e, "description", &desc) < 0)
		bad = 1;
	cmd = ynode_get(e, "command");
	http = ynode_get(e, "http");
	if (cmd && http)
		return pol_err(c, e, "latency probe '%s' has both 'command' and 'http': choose one", name);
	if (!cmd && !http)
		return pol_err(c, e, "latency probe '%s' needs 'command' or 'http'", name);
	if (cmd && parse_command(c, e, lp) < 0)
		bad = 1;
	if (http && parse_http(c, http, lp) < 0)
		bad = 1;
	if (http && ynode_get(e, "shell"))
		bad = pol_err(c, ynode_get(e, "shell"), "'shell' applies to 'command' probes only");
	lp->runs = LT_DEFAULT_RUNS;
	lp->warmup = LT_DEFAULT_WARMUP;
	lp->concurrency = 1;
	lp->timeout_s = LT_DEFAULT_TIMEOUT_S;
	if (get_count(c, e, "runs", 1, LT_MAX_RUNS, &lp->runs) < 0 ||
	    get_count(c, e, "warmup", 0, LT_MAX_RUNS, &lp->warmup) < 0 ||
	    get_count(c, e, "concurrency", 1, LT_MAX_CONCURRENCY, &lp->concurrency) < 0)
		bad = 1;
	if (cmd && ynode_get(e, "concurrency"))
		bad = pol_err(c, ynode_get(e, "concurrency"),
			      "'concurrency' applies to 'http' probes only (commands run one at a time)");
	if (pol_get_number(c, e, "timeout_s", &lp->timeout_s, &present) < 0)
		bad = 1;
	else if (present && (lp->timeout_s <= 0 || lp->timeout_s > 86400))
		bad = pol_err(c, ynode_get(e, "timeout_s"),
			      "'timeout_s' must be more than 0 and at most 86400");
	if (pol_get_severity(c, e, &lp->severity) < 0)
		bad = 1;
	for (int s = 0; s < LS_N; s++) {
		if (parse_threshold(c, e, lp, s) < 0)
			bad = 1;
		any |= bound_is_set(&lp->max[s]);
	}
	if (!bad && !any)
		bad = pol_err(c, e,
			      "latency probe '%s' has no threshold (p50_ms, p90_ms, p95_ms, p99_ms, mean_ms, max_ms or error_rate)",
			      name);
	if (!bad && !lp->is_http) {
		if (strcmp(c->file, "-") == 0)
			lp->cwd = xstrdup(".");
		else
			lp->cwd = pol_path(c, ".");
	}
	return bad ? -1 : 0;
}

static int latency_parse(struct pol_ctx *c, const struct ynode *n, void **out,
			 size_t *ngates)
{
	struct latency_policy *lp;
	int rc = 0;

	if (pol_expect(c, n, Y_SEQ, "'latency'") < 0)
		return -1;
	lp = xcalloc(1, sizeof(*lp));
	lp->v = xcalloc(n->n ? n->n : 1, sizeof(*lp->v));
	*out = lp;
	for (size_t i = 0; i < n->n; i++) {
		struct latency_probe *p = &lp->v[lp->n];
		int dup = 0;

		memset(p, 0, sizeof(*p));
		if (parse_probe(c, n->items[i], p) < 0) {
			probe_release(p);
			memset(p, 0, sizeof(*p));
			rc = -1;
			continue;
		}
		for (size_t j = 0; j < lp->n; j++)
			if (strcmp(lp->v[j].name, p->name) == 0) {
				dup = pol_err(c, n->items[i],
					      "latency probe '%s' is declared twice (also at line %d)",
					      p->name, lp->v[j].line);
				break;
			}
		if (dup) {
			probe_release(p);
			memset(p, 0, sizeof(*p));
			rc = -1;
			continue;
		}
		for (int s = 0; s < LS_N; s++)
			*ngates += (size_t)bound_is_set(&p->max[s]);
		lp->n++;
	}
	return rc;
}

const struct section_ops latency_section = {
	.key = "latency",
	.parse = latency_parse,
	.evaluate = latency_gates_evaluate,
	.free = latency_free,
};
