/* html: one self-contained page for people -- inline CSS and inline SVG, no
 * script, nothing fetched (a Content-Security-Policy tells the browser so
 * too).  The verdict comes first, then one section per gate group (the
 * id's first component: model, data, predictions, latency, artifact,
 * waiver, then any other), each a table of its gates, most severe first,
 * followed by the charts its gates' details allow: reference-vs-current
 * bars for drift, per-group bars with their thresholds, the confusion
 * matrix, the latency distribution.  Details are parsed, never trusted: a
 * gate whose details are missing or malformed is shown without a chart.
 * Every string from the run goes through esc_html. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
#include "common/jsonw.h"
#include "ext/jsondoc.h"
#include "report/report_bins.h"
#include "report/report_fmt.h"

#define MAX_GROUPS 200
#define MAX_CLASSES 40
#define LABEL_CHARS 12  /* x-axis labels longer than this are cut */

static const struct section {
	const char *key, *title;
} sections[] = {
	{"model", "Model metrics"},
	{"data", "Data"},
	{"predictions", "Predictions"},
	{"latency", "Latency"},
	{"artifact", "Artifacts"},
	{"waiver", "Waivers"},
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

static const char css[] =
	":root{color-scheme:light}"
	"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",sans-serif;color:#1b1f24;"
	"background:#fff;margin:0 auto;padding:24px;max-width:1100px}"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;"
	"border-bottom:1px solid #d0d7de;padding-bottom:4px}"
	"h2 small{font-weight:normal;color:#57606a;font-size:14px}"
	"code{font:13px/1.3 ui-monospace,\"DejaVu Sans Mono\",monospace;overflow-wrap:anywhere}"
	".verdict{border:2px solid;border-left-width:10px;border-radius:6px;padding:12px 16px}"
	".verdict .word{font-size:28px;font-weight:700;margin:0}"
	".v-pass{border-color:#1a7f37;background:#eefbf1}.v-warn{border-color:#9a6700;background:#fff8e5}"
	".v-fail{border-color:#cf222e;background:#fff0f0}.v-error{border-color:#6e2fbf;background:#f6f0ff}"
	".counts span{display:inline-block;margin:4px 12px 0 0}"
	".meta{color:#57606a;font-size:13px}"
	".badge{display:inline-block;min-width:4.2em;text-align:center;border-radius:10px;"
	"font-size:12px;font-weight:700;padding:1px 6px;border:1px solid}"
	".b-pass{color:#1a7f37}.b-warn{color:#9a6700}.b-fail{color:#cf222e}"
	".b-error{color:#6e2fbf}.b-waived{color:#57606a}.b-skip{color:#8250df}"
	"table{border-collapse:collapse;width:100%;font-size:14px}"
	"th,td{border-bottom:1px solid #e4e8ec;padding:4px 6px;text-align:left;vertical-align:top}"
	"th{background:#f6f8fa}td.num,th.num{text-align:right;white-space:nowrap;"
	"font-variant-numeric:tabular-nums}"
	"td.msg{white-space:pre-wrap}.loc,.note{color:#57606a;font-size:12px}"
	"ul.problems{margin:8px 0 0;padding-left:20px}"
	".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));"
	"gap:16px;margin-top:12px}"
	"figure{margin:0;border:1px solid #d0d7de;border-radius:6px;padding:8px;break-inside:avoid}"
	"th.gate{width:30%}"
	"figcaption{font-size:13px;margin-bottom:4px}svg{width:100%;height:auto;display:block}"
	"svg text{font:11px system-ui,sans-serif;fill:#1b1f24}"
	".ref{fill:#8c959f}.cur{fill:#0969da}.grp{fill:#0969da}.grp.bad{fill:#cf222e}"
	".axis{stroke:#57606a;stroke-width:1}.grid{stroke:#e4e8ec;stroke-width:1}"
	".line{stroke-width:2;stroke-dasharray:6 3}.l-pass{stroke:#1a7f37}.l-warn{stroke:#9a6700}"
	".l-fail,.l-error{stroke:#cf222e}.l-waived{stroke:#57606a}.l-skip{stroke:#8250df}"
	".whisker{stroke:#57606a;stroke-width:2}.box{fill:#0969da;opacity:.35}"
	".tick{stroke:#0969da;stroke-width:2}.mean{fill:#1b1f24}"
	"table.cm{width:auto}table.cm td{text-align:right;min-width:3.5em;"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}table.cm td.diag{font-weight:700}"
	"@media print{body{max-width:none;padding:0;font-size:12px}"
	"section{break-before:page}.verdict{background:#fff}"
	"a{color:inherit;text-decoration:none}.charts{grid-template-columns:1fr 1fr}}";

static void text(struct sbuf *o, const char *s)
{
	if (s)
		esc_html(o, s, strlen(s), 0);
}

/* A gate id that may wrap after its dots (never inside a word). */
static void gate_id(struct sbuf *o, const char *id)
{
	const char *dot;

	sbuf_adds(o, "<code>");
	while ((dot = strchr(id, '.')) && dot[1]) {
		esc_html(o, id, (size_t)(dot - id) + 1, 0);
		sbuf_adds(o, "<wbr>");
		id = dot + 1;
	}
	text(o, id);
	sbuf_adds(o, "</code>");
}

static void attr(struct sbuf *o, const char *s)
{
	if (s)
		esc_html(o, s, strlen(s), 1);
}

/* A number for people: 4 significant digits (all digits of an integer
 * part), or as many more as it takes for `v` and `other` (when finite) to
 * compare the same way once printed. */
/* One number for people (rep_people's 4 digits); "n/a" when not finite. */
static void people_num(char *buf, size_t size, double v)
{
	char out[1][REP_NUM_MAX];

	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return;
	}
	rep_people(&v, 1, 4, out);
	snprintf(buf, size, "%s", out[0]);
}

/* A gate's message in rep_people's digits (the json report keeps them all;
 * the value's cell has them in its title). */
static void message(struct sbuf *o, const struct gate_result *g)
{
	struct sbuf m = SBUF_INIT;

	rep_people_message(&m, g);
	text(o, sbuf_str(&m));
	sbuf_release(&m);
}

static void num(struct sbuf *o, double v)
{
	char b[64];

	people_num(b, sizeof(b), v);
	sbuf_adds(o, b);
}

/* The first component of a gate id is `key`. */
static int in_group(const char *id, const char *key)
{
	size_t n = strlen(key);

	return strncmp(id, key, n) == 0 && (id[n] == '.' || id[n] == 0);
}

static int known_group(const char *id)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (in_group(id, sections[i].key))
			return 1;
	return 0;
}

static const char *op_html(enum gate_op op)
{
	static const char *const sym[] = {"", "≥", "≤", "&gt;", "&lt;", "="};
	return sym[op];
}

static void badge(struct sbuf *o, enum gate_status s)
{
	const char *name = gate_status_name(s);

	sbuf_addf(o, "<span class=\"badge b-%s\">%s</span>", name, name);
}

/* ----- the details JSON, read defensively ----- */

/* A label from a JSON string or number (class labels may be either). */
static int label_of(const struct jval *v, struct sbuf *out)
{
	char b[64];

	if (jv_type(v) == J_STRING) {
		sbuf_adds(out, jv_string(v));
		return 0;
	}
	if (jv_type(v) == J_NUMBER && isfinite(jv_number(v))) {
		rep_num(b, sizeof(b), jv_number(v));
		sbuf_adds(out, b);
		return 0;
	}
	return -1;
}

/* `s` escaped, cut to LABEL_CHARS code points with an ellipsis. */
static void short_label(struct sbuf *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), at = 0, chars = 0;

	while (at < n && chars < LABEL_CHARS) {
		size_t len = utf8_seq_len(p + at, n - at);
		at += len ? len : 1;
		chars++;
	}
	esc_html(o, s, at, 0);
	if (at < n)
		sbuf_adds(o, "…");
}

static double total(const double *v, size_t n)
{
	double t = 0;

	for (size_t i = 0; i < n; i++)
		t += v[i];
	return t;
}

/* ----- drift: reference vs current, per bin or category ----- */

/* Plot geometry shared by the bar charts (SVG user units). */
enum { W = 640, H = 250, PL = 52, PR = 12, PT = 30, PB = 46 };

static void y_axis_pct(struct sbuf *o, double top)
{
	const double ph = H - PT - PB;

	for (int k = 0; k <= 2; k++) {
		double y = PT + ph - ph * k / 2.0;
		sbuf_addf(o, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
			  PL, W - PR, y, y);
		sbuf_addf(o, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.3g%%</text>",
			  PL - 4, y + 4, top * 100 * k / 2.0);
	}
	sbuf_addf(o, "<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 12 %.1f)\">share of rows</text>",
		  PT + ph / 2, PT + ph / 2);
}

static void drift_svg(struct sbuf *o, const struct gate_result *g, const struct rep_bins *b)
{
	const double pw = W - PL - PR, ph = H - PT - PB, bw = pw / (double)b->n;
	struct sbuf name = SBUF_INIT;
	double top = 0;
	size_t step;

	for (size_t i = 0; i < b->n; i++) {
		top = fmax(top, rep_share(b->ref[i], b->nref));
		top = fmax(top, rep_share(b->cur[i], b->ncur));
	}
	top = rep_nice_ceil(top);
	sbuf_addf(o, "<svg class=\"drift\" viewBox=\"0 0 %d %d\" role=\"img\" data-bins=\"%zu\" data-gate=\"",
		  W, H, b->n);
	attr(o, g->id);
	sbuf_adds(o, "\" aria-label=\"");
	attr(o, g->id);
	sbuf_adds(o, ": reference versus current\">");
	/* legend */
	sbuf_addf(o, "<rect class=\"key ref\" x=\"%d\" y=\"8\" width=\"12\" height=\"12\"/>"
		  "<text x=\"%d\" y=\"18\">reference%s (%.0f rows)</text>",
		  PL, PL + 16, b->frozen ? ", frozen profile" : "", b->nref);
	sbuf_addf(o, "<rect class=\"key cur\" x=\"%d\" y=\"8\" width=\"12\" height=\"12\"/>"
		  "<text x=\"%d\" y=\"18\">current (%.0f rows)</text>",
		  PL + 250, PL + 266, b->ncur);
	y_axis_pct(o, top);
	for (size_t i = 0; i < b->n; i++) {
		double x = PL + bw * (double)i;
		double hr = ph * rep_share(b->ref[i], b->nref) / top;
		double hc = ph * rep_share(b->cur[i], b->ncur) / top;

		sbuf_adds(o, "<g><title>");
		rep_bin_name(&name, b, i);
		text(o, sbuf_str(&name));
		sbuf_release(&name);
		sbuf_addf(o, ": reference %.0f (%.1f%%), current %.0f (%.1f%%)</title>",
			  b->ref[i], 100 * rep_share(b->ref[i], b->nref),
			  b->cur[i], 100 * rep_share(b->cur[i], b->ncur));
		sbuf_addf(o, "<rect class=\"bar ref\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>",
			  x + bw * 0.1, PT + ph - hr, bw * 0.4, hr);
		sbuf_addf(o, "<rect class=\"bar cur\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/></g>",
			  x + bw * 0.5, PT + ph - hc, bw * 0.4, hc);
	}
	sbuf_addf(o, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
		  PL, W - PR, PT + ph, PT + ph);
	/* x labels: category names under their bars, or the edges at the
	 * bin boundaries; thinned so they do not overlap */
	if (b->cats) {
		step = (b->n + 9) / 10;
		for (size_t i = 0; i < b->n; i += step) {
			sbuf_addf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
				  PL + bw * ((double)i + 0.5), PT + ph + 16);
			short_label(o, b->cats[i]);
			sbuf_adds(o, "</text>");
		}
	} else if (b->n > 1) {
		step = (b->n - 1 + 7) / 8;
		for (size_t i = 0; i + 1 < b->n; i += step) {
			char e[64];
			double x = PL + bw * (double)(i + 1);
			rep_num(e, sizeof(e), b->edges[i]);
			sbuf_addf(o, "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\"/>"
				  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
				  x, x, PT + ph, PT + ph + 4, x, PT + ph + 16, e);
		}
	}
	sbuf_addf(o, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
		  PL + pw / 2, H - 8, b->cats ? "category" : "value (bins as judged)");
	sbuf_adds(o, "</svg>");
}

static void caption(struct sbuf *o, const struct gate_result *g)
{
	sbuf_adds(o, "<figcaption>");
	badge(o, g->status);
	sbuf_adds(o, " ");
	gate_id(o, g->id);
	sbuf_adds(o, " ");
	message(o, g);
	sbuf_adds(o, "</figcaption>");
}

static int drift_chart(struct sbuf *o, const struct gate_result *g, const struct jval *d)
{
	struct rep_bins b;

	if (rep_bins_read(d, &b) < 0) {
		rep_bins_release(&b);
		return -1;
	}
	sbuf_adds(o, "<figure>");
	caption(o, g);
	drift_svg(o, g, &b);
	sbuf_adds(o, "</figure>");
	rep_bins_release(&b);
	return 0;
}

/* ----- predictions: per-group bars, the confusion matrix ----- */

/* A threshold drawn across a chart, from one gate; the label is HTML. */
struct hline {
	double y;
	int is_min; /* values below it break the gate (else: above it) */
	enum gate_status status;
	char label[160];
};

/* The gates of `gl` among `idx[0..n)` whose details are `details`: they
 * describe the same measurement, so one chart shows them all. */
/* The gates whose details are `details`, or that point at the gate `id`
 * holding them ({"distribution_in": ID}: a latency probe's other gates). */
static size_t same_details(const struct gate_list *gl, const size_t *idx, size_t n,
			   const char *details, const char *id,
			   const struct gate_result **out, size_t max)
{
	struct sbuf ref = SBUF_INIT;
	struct jsonw w;
	size_t k = 0;

	jw_init(&w, &ref, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "distribution_in", id);
	jw_obj_close(&w);
	for (size_t i = 0; i < n && k < max; i++) {
		const char *d = gl->v[idx[i]].details;
		if (d && (strcmp(d, details) == 0 || strcmp(d, sbuf_str(&ref)) == 0))
			out[k++] = &gl->v[idx[i]];
	}
	sbuf_release(&ref);
	return k;
}

static const char *last_part(const char *id)
{
	const char *dot = strrchr(id, '.');

	return dot ? dot + 1 : id;
}

struct groups {
	size_t n;
	const char *metric, *column;
	const struct jval *obj;
	double v[MAX_GROUPS], count[MAX_GROUPS];
};

static int groups_read(const struct jval *d, struct groups *gr)
{
	const struct jval *col = jv_get(d, "column"), *obj = jv_get(d, "groups");

	memset(gr, 0, sizeof(*gr));
	if (!col || jv_type(col) != J_STRING || !obj || jv_type(obj) != J_OBJECT ||
	    jv_size(obj) == 0 || jv_size(obj) > MAX_GROUPS)
		return -1;
	gr->column = jv_string(col);
	gr->obj = obj;
	gr->n = jv_size(obj);
	for (size_t i = 0; i < gr->n; i++) {
		const struct jval *m = jv_at(obj, i);
		if (jv_type(m) != J_OBJECT || jv_size(m) != 2 ||
		    jv_get_number(m, "n", &gr->count[i]) < 0)
			return -1;
		for (size_t j = 0; j < 2; j++)
			if (strcmp(jv_key(jv_at(m, j)), "n") != 0 && !gr->metric)
				gr->metric = jv_key(jv_at(m, j));
		if (!gr->metric || jv_get_number(m, gr->metric, &gr->v[i]) < 0)
			return -1;
	}
	return 0;
}

/* The threshold lines' legend, one row each from the top of the chart:
 * labels on the plot would collide with the bars' own. */
static void line_legend(struct sbuf *o, const struct hline *lines, size_t nl)
{
	for (size_t k = 0; k < nl; k++) {
		double y = 14 + 14 * (double)k;
		sbuf_addf(o, "<line class=\"line l-%s\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
			  "<text x=\"%d\" y=\"%.1f\">%s (%s)</text>",
			  gate_status_name(lines[k].status), PL, PL + 28, y - 4, y - 4, PL + 34, y,
			  lines[k].label, gate_status_name(lines[k].status));
	}
}

static void groups_svg(struct sbuf *o, const struct groups *gr, const struct hline *lines,
		       size_t nl)
{
	const double pt = 24 + 14 * (double)nl, pw = W - PL - PR, ph = H - pt - PB;
	const double bw = pw / (double)gr->n, barw = fmin(bw * 0.7, 64);
	double lo = 0, hi = 0, zero;
	size_t step = (gr->n + 11) / 12;

	for (size_t i = 0; i < gr->n; i++)
		lo = fmin(lo, gr->v[i]), hi = fmax(hi, gr->v[i]);
	for (size_t i = 0; i < nl; i++)
		lo = fmin(lo, lines[i].y), hi = fmax(hi, lines[i].y);
	hi = hi <= 1 && lo >= 0 ? 1 : rep_nice_ceil(hi);
	if (lo < 0)
		lo = -rep_nice_ceil(-lo);
#define Y(v) (pt + ph * (hi - (v)) / (hi - lo))
	zero = Y(0);
	sbuf_addf(o, "<svg class=\"groups\" viewBox=\"0 0 %d %d\" role=\"img\" data-groups=\"%zu\" aria-label=\"",
		  W, H, gr->n);
	attr(o, gr->metric);
	sbuf_adds(o, " by ");
	attr(o, gr->column);
	sbuf_adds(o, "\">");
	for (int k = 0; k <= 2; k++) {
		double v = lo + (hi - lo) * k / 2.0;
		char b[64];
		people_num(b, sizeof(b), v);
		sbuf_addf(o, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
			  "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
			  PL, W - PR, Y(v), Y(v), PL - 4, Y(v) + 4, b);
	}
	for (size_t i = 0; i < gr->n; i++) {
		double x = PL + bw * (double)i, y = Y(gr->v[i]);
		int bad = 0;
		char b[64];

		for (size_t k = 0; k < nl; k++)
			bad |= lines[k].is_min ? gr->v[i] < lines[k].y : gr->v[i] > lines[k].y;
		sbuf_adds(o, "<g><title>");
		text(o, gr->column);
		sbuf_adds(o, " = ");
		text(o, jv_key(jv_at(gr->obj, i)));
		sbuf_adds(o, ": ");
		text(o, gr->metric);
		sbuf_addf(o, " %.17g (%.0f rows)</title>", gr->v[i], gr->count[i]);
		sbuf_addf(o, "<rect class=\"bar grp%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/></g>",
			  bad ? " bad" : "", x + (bw - barw) / 2, fmin(y, zero), barw, fabs(zero - y));
		people_num(b, sizeof(b), gr->v[i]);
		if (gr->n <= 24)
			sbuf_addf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
				  x + bw / 2, fmin(y, zero) - 3, b);
		if (i % step == 0) {
			sbuf_addf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
				  x + bw / 2, pt + ph + 16);
			short_label(o, jv_key(jv_at(gr->obj, i)));
			sbuf_adds(o, "</text>");
		}
	}
	sbuf_addf(o, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
		  PL, W - PR, zero, zero);
	for (size_t k = 0; k < nl; k++)
		sbuf_addf(o, "<line class=\"line l-%s\" x1=\"%d\" x2=\"%d\" y1=\"%.2f\" y2=\"%.2f\"/>",
			  gate_status_name(lines[k].status), PL, W - PR, Y(lines[k].y), Y(lines[k].y));
	line_legend(o, lines, nl);
	sbuf_addf(o, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", PL + pw / 2, H - 8);
	text(o, gr->column);
	sbuf_adds(o, "</text></svg>");
#undef Y
}

static int groups_chart(struct sbuf *o, const struct gate_result *const *gs, size_t ng,
			const struct jval *d)
{
	struct groups *gr = xmalloc(sizeof(*gr));
	struct hline lines[3];
	size_t nl = 0;
	double worst;
	char b[64];

	if (groups_read(d, gr) < 0) {
		free(gr);
		return -1;
	}
	worst = gr->v[0];
	for (size_t i = 1; i < gr->n; i++)
		worst = fmin(worst, gr->v[i]);
	for (size_t k = 0; k < ng && nl < 3; k++) {
		const char *what = last_part(gs[k]->id);
		struct hline *l = &lines[nl];

		if (!isfinite(gs[k]->threshold))
			continue;
		people_num(b, sizeof(b), gs[k]->threshold);
		l->status = gs[k]->status;
		l->is_min = strcmp(what, "min") == 0;
		if (strcmp(what, "max_gap") == 0) {
			l->y = worst + gs[k]->threshold;
			snprintf(l->label, sizeof(l->label), "lowest + max gap %s", b);
		} else if (strcmp(what, "min") == 0 || strcmp(what, "max") == 0) {
			l->y = gs[k]->threshold;
			snprintf(l->label, sizeof(l->label), "%s %s", what, b);
		} else {
			continue;
		}
		nl++;
	}
	sbuf_adds(o, "<figure><figcaption><code>");
	text(o, gr->metric);
	sbuf_adds(o, "</code> by <code>");
	text(o, gr->column);
	sbuf_adds(o, "</code>:");
	for (size_t k = 0; k < ng; k++) {
		sbuf_adds(o, " ");
		badge(o, gs[k]->status);
		sbuf_adds(o, " <code>");
		text(o, last_part(gs[k]->id));
		sbuf_adds(o, "</code>");
	}
	sbuf_adds(o, "</figcaption>");
	groups_svg(o, gr, lines, nl);
	sbuf_adds(o, "</figure>");
	free(gr);
	return 0;
}

static int confusion_chart(struct sbuf *o, const struct jval *d)
{
	const struct jval *cm = jv_get(d, "confusion_matrix"), *labels, *rows;
	struct sbuf cells = SBUF_INIT, name = SBUF_INIT;
	size_t k;
	int rc = -1;

	if (!cm || jv_type(cm) != J_OBJECT)
		return -1;
	labels = jv_get(cm, "labels");
	rows = jv_get(cm, "matrix");
	if (!labels || jv_type(labels) != J_ARRAY || !rows || jv_type(rows) != J_ARRAY)
		return -1;
	k = jv_size(labels);
	if (k < 2 || k > MAX_CLASSES || jv_size(rows) != k)
		return -1;
	sbuf_adds(&cells, "<tr><th rowspan=\"2\">actual</th><th class=\"num\" colspan=\"");
	sbuf_addf(&cells, "%zu\">predicted</th></tr><tr>", k);
	for (size_t c = 0; c < k; c++) {
		sbuf_release(&name);
		if (label_of(jv_at(labels, c), &name) < 0)
			goto done;
		sbuf_adds(&cells, "<th class=\"num\">");
		text(&cells, sbuf_str(&name));
		sbuf_adds(&cells, "</th>");
	}
	sbuf_adds(&cells, "</tr>");
	for (size_t r = 0; r < k; r++) {
		size_t n = 0;
		double *v = rep_numbers(jv_at(rows, r), MAX_CLASSES, 1, &n), t;

		if (!v || n != k) {
			free(v);
			goto done;
		}
		t = total(v, k);
		sbuf_release(&name);
		label_of(jv_at(labels, r), &name);
		sbuf_adds(&cells, "<tr><th>");
		text(&cells, sbuf_str(&name));
		sbuf_adds(&cells, "</th>");
		for (size_t c = 0; c < k; c++)
			sbuf_addf(&cells, "<td class=\"%s\" style=\"background:rgba(9,105,218,%.2f)\" title=\"%.1f%% of actual\">%.0f</td>",
				  r == c ? "diag" : "off", 0.45 * rep_share(v[c], t),
				  100 * rep_share(v[c], t), v[c]);
		sbuf_adds(&cells, "</tr>");
		free(v);
	}
	sbuf_adds(o, "<figure><figcaption>Confusion matrix (rows: actual, columns: predicted; shading: share of the actual class)</figcaption><table class=\"cm\">");
	sbuf_add(o, cells.buf, cells.len);
	sbuf_adds(o, "</table></figure>");
	rc = 0;
done:
	sbuf_release(&cells);
	sbuf_release(&name);
	return rc;
}

/* ----- latency: the distribution of one probe's runs ----- */

static const char *const quantile_keys[] = {"min", "p50", "p90", "p95", "p99", "max"};
#define NQ 6

static int latency_chart(struct sbuf *o, const struct gate_result *const *gs, size_t ng,
			 const struct jval *d)
{
	double q[NQ], mean, runs, n, errors, top, pw = W - PL - PR;
	double last[2] = {-100, -100};
	int strip, axis, lh;
	struct hline lines[4];
	size_t nl = 0;

	for (size_t i = 0; i < NQ; i++)
		if (jv_get_number(d, quantile_keys[i], &q[i]) < 0 || q[i] < 0 ||
		    (i && q[i] < q[i - 1]))
			return -1;
	if (jv_get_number(d, "mean", &mean) < 0 || jv_get_number(d, "runs", &runs) < 0 ||
	    jv_get_number(d, "n", &n) < 0 || jv_get_number(d, "errors", &errors) < 0)
		return -1;
	top = q[NQ - 1];
	for (size_t k = 0; k < ng && nl < 4; k++) {
		const char *what = last_part(gs[k]->id);
		size_t len = strlen(what);
		struct sbuf label = SBUF_INIT;
		char b[64];

		if (len < 4 || len > 40 || strcmp(what + len - 3, "_ms") != 0 ||
		    !isfinite(gs[k]->threshold) || gs[k]->threshold < 0)
			continue;
		lines[nl].y = gs[k]->threshold;
		lines[nl].status = gs[k]->status;
		people_num(b, sizeof(b), gs[k]->threshold);
		esc_html(&label, what, len - 3, 0);
		snprintf(lines[nl].label, sizeof(lines[nl].label), "%s %s %s ms",
			 sbuf_str(&label), op_html(gs[k]->op), b);
		sbuf_release(&label);
		nl++;
	}
	/* a threshold far above every run would squash the distribution into
	 * the first pixels: the axis stops at 3 times the slowest run, and
	 * such a line stands at its end, marked as off the scale */
	for (size_t k = 0; k < nl; k++)
		if (lines[k].y <= 3 * q[NQ - 1] || q[NQ - 1] == 0)
			top = fmax(top, lines[k].y);
	top = rep_nice_ceil(top);
	for (size_t k = 0; k < nl; k++)
		if (lines[k].y > top) {
			size_t len = strlen(lines[k].label);
			snprintf(lines[k].label + len, sizeof(lines[k].label) - len, ", off the scale");
		}
	strip = 44 + 14 * (int)nl;
	axis = strip + 32;
	lh = axis + 22;
#define X(v) (PL + pw * (v) / top)
	sbuf_adds(o, "<figure><figcaption>Latency of <code>");
	text(o, gs[0]->target);
	sbuf_addf(o, "</code>: %.0f run%s, %.0f failed (ms)", runs, runs == 1 ? "" : "s", errors);
	sbuf_addf(o, "</figcaption><svg class=\"latency\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"latency distribution\">",
		  W, lh);
	for (int k = 0; k <= 4; k++) {
		double v = top * k / 4.0;
		char b[64];
		people_num(b, sizeof(b), v);
		sbuf_addf(o, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>"
			  "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
			  X(v), X(v), strip - 24, axis, X(v), axis + 14, b);
	}
	sbuf_addf(o, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>",
		  PL, W - PR, axis, axis);
	sbuf_addf(o, "<line class=\"whisker\" x1=\"%.2f\" x2=\"%.2f\" y1=\"%d\" y2=\"%d\"><title>min to max</title></line>",
		  X(q[0]), X(q[5]), strip, strip);
	sbuf_addf(o, "<rect class=\"box\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"20\"><title>p50 to p99</title></rect>",
		  X(q[1]), strip - 10, X(q[4]) - X(q[1]));
	for (size_t i = 0; i < NQ; i++) {
		double x = X(q[i]);
		char b[64];

		people_num(b, sizeof(b), q[i]);
		sbuf_addf(o, "<g><title>%s %s ms</title><line class=\"tick\" x1=\"%.2f\" x2=\"%.2f\" y1=\"%d\" y2=\"%d\"/>",
			  quantile_keys[i], b, x, x, strip - 12, strip + 12);
		/* names alternate above and below the strip; one too close to
		 * the previous on its side is left out (the note lists all) */
		if (x - last[i % 2] >= 26) {
			sbuf_addf(o, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
				  x, i % 2 ? strip - 16 : strip + 24, quantile_keys[i]);
			last[i % 2] = x;
		}
		sbuf_adds(o, "</g>");
	}
	sbuf_addf(o, "<path class=\"mean\" d=\"M%.2f %d l5 5 l-5 5 l-5 -5 z\"><title>mean</title></path>",
		  X(mean), strip - 5);
	for (size_t k = 0; k < nl; k++) {
		double x = X(fmin(lines[k].y, top));
		sbuf_addf(o, "<line class=\"line l-%s\" x1=\"%.2f\" x2=\"%.2f\" y1=\"%d\" y2=\"%d\"/>",
			  gate_status_name(lines[k].status), x, x, strip - 24, axis);
	}
	line_legend(o, lines, nl);
	sbuf_adds(o, "</svg><p class=\"note\">");
	for (size_t i = 0; i < NQ; i++) {
		sbuf_addf(o, "%s%s ", i ? " · " : "", quantile_keys[i]);
		num(o, q[i]);
	}
	sbuf_adds(o, " · mean ");
	num(o, mean);
	sbuf_addf(o, " ms over %.0f successful run%s</p></figure>", n, n == 1 ? "" : "s");
#undef X
	return 0;
}

/* ----- the page ----- */

static void verdict(struct sbuf *o, const struct run_result *r)
{
	const struct gate_summary *s = &r->summary;
	const char *cls, *word;

	if (r->exit_code == 0 && s->warned)
		cls = "warn", word = "Passed with warnings";
	else if (r->exit_code == 0)
		cls = "pass", word = "Passed";
	else if (s->errored || r->gates->n == 0)
		cls = "error", word = "Could not be evaluated";
	else if (s->failed)
		cls = "fail", word = "Failed";
	else if (r->promotion.attempted && !r->promotion.ok)
		cls = "fail", word = "Gates passed, promotion failed";
	else if (s->warned)
		cls = "fail", word = "Failed: warnings fail this run";
	else
		cls = "fail", word = "Failed";
	sbuf_addf(o, "<header class=\"verdict v-%s\"><p class=\"word\">%s</p><h1>mlgate", cls, word);
	if (r->policy_name) {
		sbuf_adds(o, ": ");
		text(o, r->policy_name);
	}
	sbuf_addf(o, "</h1><p class=\"counts\"><span>gates <b>%zu</b></span><span>passed <b>%zu</b></span>"
		  "<span>failed <b>%zu</b></span><span>warned <b>%zu</b></span>"
		  "<span>errors <b>%zu</b></span><span>waived <b>%zu</b></span>",
		  r->gates->n, s->passed, s->failed, s->warned, s->errored, s->waived);
	if (s->skipped)
		sbuf_addf(o, "<span>skipped <b>%zu</b></span>", s->skipped);
	sbuf_addf(o, "<span>exit code <b>%d</b></span></p>", r->exit_code);
	sbuf_adds(o, "<p class=\"meta\">policy <code>");
	text(o, rep_policy(r));
	if (r->duration_ms < 1000)
		sbuf_addf(o, "</code> · %.0f ms</p></header>", r->duration_ms);
	else
		sbuf_addf(o, "</code> · %.1f s</p></header>", r->duration_ms / 1000);
}

/* The non-passing gates, most severe first, linked to their rows. */
static void problems(struct sbuf *o, const struct run_result *r, const size_t *order)
{
	const struct gate_list *gl = r->gates;

	if (gl->n == r->summary.passed)
		return;
	sbuf_adds(o, "<nav><ul class=\"problems\">");
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];

		if (g->status == GS_PASS)
			continue;
		sbuf_adds(o, "<li>");
		badge(o, g->status);
		sbuf_addf(o, " <a href=\"#gate-%zu\">", order[k]);
		gate_id(o, g->id);
		sbuf_adds(o, "</a> ");
		message(o, g);
		sbuf_adds(o, "</li>");
	}
	sbuf_adds(o, "</ul></nav>");
}

static void gate_row(struct sbuf *o, const struct run_result *r, size_t i)
{
	const struct gate_result *g = &r->gates->v[i];
	double three[3] = {g->value, g->threshold, g->baseline};
	char v[64], n3[3][REP_NUM_MAX];

	sbuf_addf(o, "<tr id=\"gate-%zu\"><td>", i);
	badge(o, g->status);
	sbuf_adds(o, "</td><td>");
	gate_id(o, g->id);
	sbuf_adds(o, "</td><td class=\"num loc\">");
	if (g->line > 0)
		sbuf_addf(o, "%d", g->line);
	/* digits enough that none of the three looks the wrong side of another */
	rep_people(three, 3, 4, n3);
	if (isfinite(g->value))
		sbuf_addf(o, "</td><td class=\"num\" title=\"%.17g\">%s</td><td class=\"num\">",
			  g->value, n3[0]);
	else
		sbuf_adds(o, "</td><td class=\"num\">—</td><td class=\"num\">");
	if (g->op != OP_NONE && isfinite(g->threshold)) {
		sbuf_addf(o, "%s %s", op_html(g->op), n3[1]);
	}
	sbuf_adds(o, "</td><td class=\"num\">");
	if (isfinite(g->baseline)) {
		rep_delta(v, sizeof(v), g);
		sbuf_addf(o, "%s (%s)", n3[2], v);
	}
	sbuf_adds(o, "</td><td class=\"msg\">");
	message(o, g);
	if (g->status == GS_WAIVED) {
		sbuf_adds(o, "<div class=\"note\">waived");
		if (g->waiver_until[0]) {
			sbuf_adds(o, " until ");
			text(o, g->waiver_until);
		}
		sbuf_adds(o, ": ");
		text(o, g->waiver);
		sbuf_adds(o, "</div>");
	}
	sbuf_adds(o, "</td></tr>");
}

/* The charts of one section's gates (idx, most severe first); measurements
 * that several gates share (a grouping, a latency probe) are drawn once. */
static void charts(struct sbuf *o, const struct gate_list *gl, const size_t *idx, size_t n)
{
	struct sbuf fig = SBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const struct gate_result *g = &gl->v[idx[i]], *same[8];
		struct jval *d;
		struct mg_error err;
		size_t ns, first = 0;

		if (!g->details)
			continue;
		while (first < i && !(gl->v[idx[first]].details &&
				      strcmp(gl->v[idx[first]].details, g->details) == 0))
			first++;
		if (first < i && strcmp(g->kind, "drift") != 0)
			continue; /* drawn with an earlier gate */
		d = jv_parse(g->details, strlen(g->details), "details", 0, &err);
		if (!d || jv_type(d) != J_OBJECT) {
			jv_free(d);
			continue;
		}
		ns = same_details(gl, idx, n, g->details, g->id, same, 8);
		if (strcmp(g->kind, "drift") == 0)
			drift_chart(&fig, g, d);
		else if (jv_get(d, "groups"))
			groups_chart(&fig, same, ns, d);
		else if (jv_get(d, "confusion_matrix"))
			confusion_chart(&fig, d);
		else if (strcmp(g->kind, "latency") == 0)
			latency_chart(&fig, same, ns, d);
		jv_free(d);
	}
	if (fig.len) {
		sbuf_adds(o, "<div class=\"charts\">");
		sbuf_add(o, fig.buf, fig.len);
		sbuf_adds(o, "</div>");
	}
	sbuf_release(&fig);
}

static void waived_list(struct sbuf *o, const struct gate_list *gl, const size_t *order)
{
	int any = 0;

	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];

		if (g->status != GS_WAIVED)
			continue;
		if (!any++)
			sbuf_adds(o, "<table><thead><tr><th>waived gate</th><th>until</th><th>reason</th></tr></thead><tbody>");
		sbuf_addf(o, "<tr><td><a href=\"#gate-%zu\">", order[k]);
		gate_id(o, g->id);
		sbuf_adds(o, "</a></td><td class=\"num\">");
		text(o, g->waiver_until[0] ? g->waiver_until : "—");
		sbuf_adds(o, "</td><td>");
		text(o, g->waiver);
		sbuf_adds(o, "</td></tr>");
	}
	if (any)
		sbuf_adds(o, "</tbody></table>");
}

/* One section: the gates whose id starts with `key` (NULL: every gate no
 * known section takes). */
static void section(struct sbuf *o, const struct run_result *r, const size_t *order,
		    const char *key, const char *title)
{
	const struct gate_list *gl = r->gates;
	size_t *idx = xcalloc(gl->n ? gl->n : 1, sizeof(*idx)), n = 0, bad = 0, waived = 0;

	for (size_t k = 0; k < gl->n; k++) {
		const char *id = gl->v[order[k]].id;
		if (key ? in_group(id, key) : !known_group(id)) {
			idx[n++] = order[k];
			bad += gl->v[order[k]].status != GS_PASS;
		}
		waived += gl->v[order[k]].status == GS_WAIVED;
	}
	if (n == 0 && !(key && strcmp(key, "waiver") == 0 && waived)) {
		free(idx);
		return;
	}
	sbuf_addf(o, "<section id=\"section-%s\"><h2>%s <small>", key ? key : "other", title);
	if (key && strcmp(key, "waiver") == 0)
		sbuf_addf(o, "%zu gate%s waived, %zu waiver%s needing attention</small></h2>",
			  waived, waived == 1 ? "" : "s", n, n == 1 ? "" : "s");
	else
		sbuf_addf(o, "%zu gate%s, %zu not passed</small></h2>", n, n == 1 ? "" : "s", bad);
	if (key && strcmp(key, "waiver") == 0)
		waived_list(o, gl, order);
	if (n) {
		sbuf_adds(o, "<table><thead><tr><th>status</th><th class=\"gate\">gate</th><th class=\"num\">line</th>"
			  "<th class=\"num\">value</th>"
			  "<th class=\"num\">threshold</th><th class=\"num\">baseline (Δ)</th>"
			  "<th>message</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++)
			gate_row(o, r, idx[i]);
		sbuf_adds(o, "</tbody></table>");
		charts(o, gl, idx, n);
	}
	sbuf_adds(o, "</section>");
	free(idx);
}

static void trail_cell(struct sbuf *o, const struct jval *v)
{
	if (!v)
		return;
	if (jv_type(v) == J_STRING)
		text(o, jv_string(v));
	else if (jv_type(v) == J_NUMBER)
		num(o, jv_number(v));
	else if (jv_type(v) == J_BOOL)
		sbuf_adds(o, jv_bool(v) ? "yes" : "no");
}

static void promotion(struct sbuf *o, const struct run_result *r)
{
	const struct promotion_result *p = &r->promotion;
	struct jval *trail = NULL, *first;
	struct mg_error err;

	if (!p->requested)
		return;
	sbuf_adds(o, "<section id=\"section-promotion\"><h2>Promotion</h2><p>");
	if (!p->attempted)
		badge(o, GS_ERROR), sbuf_adds(o, " skipped: the gates did not pass");
	else if (p->ok)
		badge(o, GS_PASS), sbuf_adds(o, p->dry_run ? " dry run: nothing was changed" : " promoted");
	else
		badge(o, GS_FAIL), sbuf_adds(o, " promotion failed");
	if (p->message) {
		sbuf_adds(o, " — ");
		text(o, p->message);
	}
	sbuf_adds(o, "</p>");
	if (p->details)
		trail = jv_parse(p->details, strlen(p->details), "promotion", 0, &err);
	first = trail && jv_type(trail) == J_ARRAY ? jv_at(trail, 0) : NULL;
	if (first && jv_type(first) == J_OBJECT) {
		sbuf_adds(o, "<table><thead><tr>");
		for (size_t c = 0; c < jv_size(first); c++) {
			sbuf_adds(o, "<th>");
			text(o, jv_key(jv_at(first, c)));
			sbuf_adds(o, "</th>");
		}
		sbuf_adds(o, "</tr></thead><tbody>");
		for (size_t i = 0; i < jv_size(trail); i++) {
			const struct jval *step = jv_at(trail, i);
			sbuf_adds(o, "<tr>");
			for (size_t c = 0; c < jv_size(first); c++) {
				sbuf_adds(o, "<td>");
				if (jv_type(step) == J_OBJECT)
					trail_cell(o, jv_get(step, jv_key(jv_at(first, c))));
				sbuf_adds(o, "</td>");
			}
			sbuf_adds(o, "</tr>");
		}
		sbuf_adds(o, "</tbody></table>");
	}
	jv_free(trail);
	sbuf_adds(o, "</section>");
}

static int render(const struct run_result *r, const struct report_opts *opts,
		  struct sbuf *o)
{
	size_t *order = rep_order(r->gates);

	(void)opts;
	sbuf_adds(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		  "<meta name=\"generator\" content=\"mlgate\">\n<title>mlgate");
	if (r->policy_name) {
		sbuf_adds(o, ": ");
		text(o, r->policy_name);
	}
	sbuf_addf(o, " — %s</title>\n<style>%s</style>\n</head>\n<body>\n",
		  r->status ? r->status : "error", css);
	verdict(o, r);
	problems(o, r, order);
	sbuf_adds(o, "\n");
	for (size_t i = 0; i < NSECTIONS; i++) {
		section(o, r, order, sections[i].key, sections[i].title);
		sbuf_adds(o, "\n");
	}
	section(o, r, order, NULL, "Other gates");
	promotion(o, r);
	sbuf_adds(o, "\n</body></html>\n");
	free(order);
	return 0;
}

const struct report_ops report_html = {
	"html", "one self-contained HTML page: verdict, sections, drift and model charts",
	render, NULL,
};
