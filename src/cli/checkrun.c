#define _POSIX_C_SOURCE 200809L
#include "cli/checkrun.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "ext/jsondoc.h"
#include "report/report_fmt.h"
#include "report/report_markdown.h"

static const char *member_str(const struct jval *obj, const char *key)
{
	const struct jval *v = jv_get(obj, key);

	return v && jv_type(v) == J_STRING ? jv_string(v) : NULL;
}

static double member_num(const struct jval *obj, const char *key)
{
	double v;

	return jv_get_number(obj, key, &v) == 0 ? v : NAN;
}

/* A line or column: a whole number from 1 to 10^7, else 0 (none). */
static int member_pos(const struct jval *obj, const char *key)
{
	double v = member_num(obj, key);

	return v >= 1 && v <= 1e7 && v == floor(v) ? (int)v : 0;
}

/* The length of s cut to at most max bytes, on a UTF-8 character boundary. */
static size_t clip(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

/* A gate of the report as the run had it; an unknown status is an error
 * (never a pass). */
static int add_gate(struct checkrun *cr, const struct jval *g, size_t i, const char *file,
		    struct mg_error *err)
{
	static const char *const names[] = {"pass", "warn", "fail", "error", "waived", "skip"};
	const char *id = member_str(g, "id"), *kind = member_str(g, "kind");
	const char *st = member_str(g, "status"), *op = member_str(g, "op");
	const struct jval *loc = jv_get(g, "location");
	struct gate_result *out;
	size_t k;

	if (!id || !kind || !st)
		return mg_errorf(err, MG_EXIT_INPUT, file, 0, 0,
				 "gate %zu has no id, kind or status", i + 1);
	out = gates_add(&cr->gates, id, kind);
	gate_set_str(&out->target, member_str(g, "target"));
	gate_set_str(&out->dataset, member_str(g, "dataset"));
	gate_set_str(&out->column, member_str(g, "column"));
	gate_set_str(&out->method, member_str(g, "method"));
	gate_set_str(&out->waiver, member_str(g, "waiver"));
	if (member_str(g, "message"))
		gate_message(out, "%s", member_str(g, "message"));
	out->value = member_num(g, "value");
	out->threshold = member_num(g, "threshold");
	out->baseline = member_num(g, "baseline");
	for (int o = OP_GE; op && o <= OP_EQ; o++)
		if (strcmp(op, gate_op_symbol((enum gate_op)o)) == 0)
			out->op = (enum gate_op)o;
	out->severity = member_str(g, "severity") && strcmp(member_str(g, "severity"), "warn") == 0 ?
			SEV_WARN : SEV_ERROR;
	for (k = 0; k < 6 && strcmp(st, names[k]) != 0; k++)
		;
	out->status = k < 6 ? (enum gate_status)k : GS_ERROR;
	out->line = member_pos(loc, "line");
	out->col = out->line ? member_pos(loc, "column") : 0;
	return 0;
}

/* success: every gate passed; neutral: passed with warnings, which GitHub
 * counts as passing in branch protection, as mlgate exits 0 (or the
 * --warn-exit-code); failure for everything else, unknown states included. */
static const char *conclusion_of(const struct checkrun *cr, const char *status)
{
	const struct run_result *r = &cr->r;
	const struct gate_summary *s = &r->summary;

	if (strcmp(status, "pass") != 0 || s->failed || s->errored ||
	    (r->promotion.attempted && !r->promotion.ok))
		return "failure";
	if (r->exit_code == MG_EXIT_PASS)
		return s->warned ? "neutral" : "success";
	/* a pass that still exited non-zero: warnings under --warn-exit-code
	 * are neutral, anything else (a report not written) failed */
	return s->warned && r->exit_code > MG_EXIT_PROMOTE ? "neutral" : "failure";
}

static void add_count(struct sbuf *t, size_t n, const char *what)
{
	if (n)
		sbuf_addf(t, "%s%zu %s", t->len && t->buf[t->len - 1] != ' ' ? ", " : "", n, what);
}

static char *title_of(const struct checkrun *cr, const char *status)
{
	const struct gate_summary *s = &cr->r.summary;
	struct sbuf t = SBUF_INIT;

	/* a report that says pass while a gate failed: the gates decide */
	sbuf_addf(&t, "%s: ", strcmp(status, "pass") == 0 ? gates_verdict(s) : status);
	add_count(&t, s->failed, "failed");
	add_count(&t, s->errored, "could not be evaluated");
	add_count(&t, s->warned, "warned");
	add_count(&t, s->waived, "waived");
	add_count(&t, s->skipped, "skipped");
	add_count(&t, s->passed, "passed");
	if (!cr->gates.n)
		sbuf_adds(&t, "no gates");
	return sbuf_detach(&t);
}

static void add_annotation(struct checkrun *cr, const char *path, int line, int col,
			   const char *level, const char *title, const char *message,
			   const char *details)
{
	struct sbuf out = SBUF_INIT;
	struct jsonw w;

	jw_init(&w, &out, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "path", path);
	jw_kint(&w, "start_line", line > 0 ? line : 1);
	jw_kint(&w, "end_line", line > 0 ? line : 1);
	if (line > 0 && col > 0) {
		jw_kint(&w, "start_column", col);
		jw_kint(&w, "end_column", col);
	}
	jw_kstr(&w, "annotation_level", level);
	jw_key(&w, "title");
	jw_strn(&w, title, clip(title, CHECKRUN_TITLE_MAX));
	jw_key(&w, "message");
	jw_strn(&w, message, clip(message, CHECKRUN_MESSAGE_MAX));
	if (details && details[0])
		jw_kstr(&w, "raw_details", details);
	jw_obj_close(&w);
	cr->annotations = xrealloc(cr->annotations, (cr->n + 1) * sizeof(*cr->annotations));
	cr->annotations[cr->n++] = sbuf_detach(&out);
}

/* What the gate measured, for the annotation's raw details. */
static void gate_details(struct sbuf *d, const struct gate_result *g)
{
	char num[40], thr[64];

	if (isfinite(g->value)) {
		rep_num(num, sizeof(num), g->value);
		sbuf_addf(d, "value: %s\n", num);
	}
	rep_threshold(thr, sizeof(thr), g);
	if (thr[0])
		sbuf_addf(d, "threshold: %s\n", thr);
	if (isfinite(g->baseline)) {
		rep_num(num, sizeof(num), g->baseline);
		sbuf_addf(d, "baseline: %s\n", num);
	}
	if (g->waiver)
		sbuf_addf(d, "waiver: %s\n", g->waiver);
}

/* One annotation per gate that did not pass, most severe first, at its
 * line of the policy (line 1 for a gate without one); none when the
 * policy was read from standard input (GitHub needs a file). */
static void annotate(struct checkrun *cr)
{
	const struct gate_list *gl = &cr->gates;
	const char *path;
	size_t *order;

	if (!rep_policy_is_file(&cr->r))
		return;
	path = rep_policy(&cr->r);
	if (cr->r.promotion.attempted && !cr->r.promotion.ok)
		add_annotation(cr, path, 0, 0, "failure", "mlgate promotion", "promotion failed",
			       cr->r.promotion.message);
	order = rep_order(gl);
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];
		static const char *const level[] = {NULL, "warning", "failure", "failure",
						    "notice", "notice"};
		static const char *const lead[] = {"", "", "", "could not evaluate: ",
						   "waived: ", "skipped: "};
		struct sbuf msg = SBUF_INIT, d = SBUF_INIT;

		if (!level[g->status])
			continue;
		sbuf_adds(&msg, lead[g->status]);
		sbuf_adds(&msg, g->message ? g->message : gate_status_name(g->status));
		if (g->line <= 0)
			sbuf_adds(&msg, " (the gate has no line in the policy)");
		gate_details(&d, g);
		add_annotation(cr, path, g->line, g->col, level[g->status], g->id,
			       sbuf_str(&msg), sbuf_str(&d));
		sbuf_release(&msg);
		sbuf_release(&d);
	}
	free(order);
}

/* The Markdown report in the largest form that fits output.summary. */
static char *summary_of(const struct checkrun *cr)
{
	struct sbuf md = SBUF_INIT;

	for (enum md_size size = MD_FULL; size <= MD_VERDICT; size++) {
		sbuf_release(&md);
		markdown_render(&cr->r, size, &md);
		if (md.len <= CHECKRUN_SUMMARY_MAX)
			return sbuf_detach(&md);
	}
	/* even the verdict is too long (a huge policy name): cut it */
	if (!md.buf)
		return xstrdup("");
	md.len = clip(md.buf, CHECKRUN_SUMMARY_MAX);
	md.buf[md.len] = '\0';
	return sbuf_detach(&md);
}

int checkrun_from_report(struct checkrun *cr, const char *text, size_t len,
			 const char *file, struct mg_error *err)
{
	const struct jval *gates, *promo;
	struct jval *doc;
	const char *status;
	double v;
	int rc = -1;

	memset(cr, 0, sizeof(*cr));
	gates_init(&cr->gates);
	cr->r.gates = &cr->gates;
	if (!(doc = jv_parse(text, len, file, MG_EXIT_INPUT, err)))
		return -1;
	gates = jv_get(doc, "gates");
	status = member_str(doc, "status");
	if (jv_type(doc) != J_OBJECT || jv_get_number(doc, "schema_version", &v) != 0 || v != 1 ||
	    !status || !gates || jv_type(gates) != J_ARRAY ||
	    jv_get_number(doc, "exit_code", &v) != 0 || v != floor(v) || v < 0 || v > 255) {
		mg_errorf(err, MG_EXIT_INPUT, file, 0, 0, "not an mlgate JSON report (schema_version 1 "
			  "with status, exit_code and gates; write it with --report json:%s)", file);
		goto done;
	}
	cr->r.exit_code = (int)v;
	for (size_t i = 0; i < jv_size(gates); i++)
		if (add_gate(cr, jv_at(gates, i), i, file, err) < 0)
			goto done;
	gates_summarize(&cr->gates, &cr->r.summary);
	cr->r.policy_path = xstrdup(member_str(doc, "policy") ? member_str(doc, "policy") : "");
	cr->r.policy_name = member_str(doc, "name") ? xstrdup(member_str(doc, "name")) : NULL;
	cr->r.status = xstrdup(status);
	promo = jv_get(doc, "promotion");
	if (promo && jv_type(promo) == J_OBJECT) {
		const struct jval *a = jv_get(promo, "attempted"), *ok = jv_get(promo, "ok");

		cr->r.promotion.requested = 1;
		cr->r.promotion.attempted = a && jv_type(a) == J_BOOL && jv_bool(a);
		cr->r.promotion.ok = ok && jv_type(ok) == J_BOOL && jv_bool(ok);
		cr->r.promotion.message = member_str(promo, "message") ?
					  xstrdup(member_str(promo, "message")) : NULL;
	}
	cr->conclusion = conclusion_of(cr, status);
	cr->title = title_of(cr, status);
	cr->summary = summary_of(cr);
	annotate(cr);
	rc = 0;
done:
	jv_free(doc);
	return rc;
}

void checkrun_release(struct checkrun *cr)
{
	for (size_t i = 0; i < cr->n; i++)
		free(cr->annotations[i]);
	free(cr->annotations);
	free(cr->title);
	free(cr->summary);
	free((char *)cr->r.policy_path);
	free((char *)cr->r.policy_name);
	free((char *)cr->r.status);
	free(cr->r.promotion.message);
	gates_release(&cr->gates);
	memset(cr, 0, sizeof(*cr));
}

size_t checkrun_requests(const struct checkrun *cr)
{
	return cr->n <= CHECKRUN_BATCH ? 1 : (cr->n + CHECKRUN_BATCH - 1) / CHECKRUN_BATCH;
}

void checkrun_body(const struct checkrun *cr, size_t k, const char *name,
		   const char *head_sha, struct sbuf *out)
{
	struct jsonw w;
	size_t from = k * CHECKRUN_BATCH;

	jw_init(&w, out, 0);
	jw_obj_open(&w);
	if (k == 0) {
		jw_kstr(&w, "name", name);
		jw_kstr(&w, "head_sha", head_sha);
		jw_kstr(&w, "status", "completed");
		jw_kstr(&w, "conclusion", cr->conclusion);
	}
	jw_key(&w, "output");
	jw_obj_open(&w);
	jw_kstr(&w, "title", cr->title);
	jw_kstr(&w, "summary", cr->summary);
	jw_key(&w, "annotations");
	jw_arr_open(&w);
	for (size_t i = from; i < cr->n && i < from + CHECKRUN_BATCH; i++)
		jw_raw(&w, cr->annotations[i]);
	jw_arr_close(&w);
	jw_obj_close(&w);
	jw_obj_close(&w);
}

long long checkrun_id(const char *body, size_t len)
{
	struct mg_error err;
	struct jval *doc = jv_parse(body ? body : "", body ? len : 0, "response", MG_EXIT_INPUT, &err);
	double n = 0;
	long long id = 0;

	if (doc && jv_get_number(doc, "id", &n) == 0 && n >= 1 && n < 9e15 && n == floor(n))
		id = (long long)n;
	jv_free(doc);
	return id;
}
