/* codequality: GitLab Code Quality JSON (a subset of Code Climate's issue
 * format): one issue per gate that did not pass, pointing at the gate's
 * line in the policy.  Severity: error (could not evaluate) -> blocker,
 * fail -> critical, warn -> minor, waived -> info.  The fingerprint hashes
 * the policy path and the gate id, so the MR widget matches an issue with
 * the same gate on the target branch.  Every field the Code Climate spec
 * requires is there (type "issue", check_name, description, categories,
 * location with lines.begin and lines.end), and the description is one
 * line: the Code Climate CLI refuses an issue whose description holds a
 * newline. */
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "report/report_fmt.h"

static const char *severity_of(enum gate_status s)
{
	switch (s) {
	case GS_ERROR: return "blocker";
	case GS_FAIL: return "critical";
	case GS_WARN: return "minor";
	case GS_WAIVED:
	case GS_SKIP: return "info";
	case GS_PASS: break;
	}
	return NULL;
}

/* Code Climate's categories: latency gates are about performance; every
 * other gate guards the model's or the data's correctness. */
static const char *category_of(const struct gate_result *g)
{
	return g->kind && strcmp(g->kind, "latency") == 0 ? "Performance" : "Bug Risk";
}

/* s with CR, LF, TAB and other C0 controls as spaces */
static void one_line(struct sbuf *s)
{
	for (size_t i = 0; i < s->len; i++)
		if ((unsigned char)s->buf[i] < 0x20 || s->buf[i] == 0x7f)
			s->buf[i] = ' ';
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_list *gl = r->gates;
	size_t *order = rep_order(gl);
	struct jsonw w;

	(void)o;
	jw_init(&w, out, 1);
	jw_arr_open(&w);
	for (size_t k = 0; k < gl->n; k++) {
		size_t i = order[k];
		const struct gate_result *g = &gl->v[i];
		const char *sev = severity_of(g->status);
		struct sbuf s = SBUF_INIT;
		char fp[65];

		if (!sev)
			continue;
		sbuf_addf(&s, "%s %s: ", g->id, g->status == GS_ERROR ? "could not be evaluated" :
			  gate_status_name(g->status));
		sbuf_adds(&s, g->message ? g->message : "");
		if (g->status == GS_WAIVED && g->waiver)
			sbuf_addf(&s, " (waived: %s)", g->waiver);
		one_line(&s);
		jw_obj_open(&w);
		jw_kstr(&w, "type", "issue");
		jw_kstr(&w, "description", sbuf_str(&s));
		sbuf_release(&s);
		sbuf_addf(&s, "mlgate/%s", g->kind ? g->kind : "gate");
		jw_kstr(&w, "check_name", sbuf_str(&s));
		sbuf_release(&s);
		jw_key(&w, "categories");
		jw_arr_open(&w);
		jw_str(&w, category_of(g));
		jw_arr_close(&w);
		rep_fingerprint(fp, r, i);
		jw_kstr(&w, "fingerprint", fp);
		jw_kstr(&w, "severity", sev);
		jw_key(&w, "location");
		jw_obj_open(&w);
		jw_kstr(&w, "path", rep_policy(r));
		jw_key(&w, "lines");
		jw_obj_open(&w);
		jw_kint(&w, "begin", g->line > 0 ? g->line : 1);
		jw_kint(&w, "end", g->line > 0 ? g->line : 1);
		jw_obj_close(&w);
		jw_obj_close(&w);
		jw_obj_close(&w);
	}
	if (report_promotion_failed(r)) {
		/* the gates passed, the promotion did not: one issue says so */
		struct sbuf s = SBUF_INIT;
		char fp[65];

		jw_obj_open(&w);
		sbuf_addf(&s, "promotion failed: %s", r->promotion.message ? r->promotion.message : "");
		jw_kstr(&w, "description", sbuf_str(&s));
		sbuf_release(&s);
		jw_kstr(&w, "check_name", "mlgate/promotion");
		rep_promotion_fingerprint(fp, r);
		jw_kstr(&w, "fingerprint", fp);
		jw_kstr(&w, "severity", "blocker");
		jw_key(&w, "location");
		jw_obj_open(&w);
		jw_kstr(&w, "path", rep_policy(r));
		jw_key(&w, "lines");
		jw_obj_open(&w);
		jw_kint(&w, "begin", 1);
		jw_obj_close(&w);
		jw_obj_close(&w);
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	sbuf_addc(out, '\n');
	free(order);
	return 0;
}

const struct report_ops report_codequality = {
	"codequality", "GitLab Code Quality JSON: one issue per gate that did not pass",
	render, NULL,
};
