/* predictions_section: the `predictions:` policy section -- parsing, and
 * gates on classification and regression metrics of a predictions file,
 * overall, by group and at bootstrap confidence bounds. */
#define _POSIX_C_SOURCE 200809L
#include "model/predictions_section.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/jsonw.h"
#include "model/pred_report.h"
#include "model/predictions.h"

struct pred_gate {
	int metric;
	int ci;           /* 0, or the bound of a bootstrap interval: CI_LOW/CI_HIGH */
	const char *by;   /* into the policy tree; NULL = overall */
	int by_index;
	struct bound min, max, gap; /* gap: max_gap between groups */
	enum gate_severity severity;
	int line, col;
};

enum { CI_NONE, CI_LOW, CI_HIGH };

struct predictions_policy {
	struct pred_options o; /* strings point into the policy tree */
	long reps;             /* bootstrap: replicates (0 = none) */
	unsigned long long seed;
	char *path;            /* resolved */
	const char *path_raw;
	struct pred_gate *g;
	size_t ng;
	int line, col;
};

static void predictions_free(void *sec)
{
	struct predictions_policy *pp = sec;

	if (!pp)
		return;
	free(pp->path);
	free(pp->g);
	free(pp);
}

static int parse_pred_gate(struct pol_ctx *c, const struct ynode *e,
			   struct predictions_policy *pp, struct pred_gate *g)
{
	static const char *const keys[] = {"metric", "by", "min", "max", "max_gap",
					   "severity", "description", NULL};
	const char *metric = NULL, *desc = NULL;
	unsigned allowed = pm_task_metrics(pp->o.task, pp->o.score != NULL);
	int bad = 0;

	if (pol_expect(c, e, Y_MAP, "a predictions gate") < 0)
		return -1;
	if (pol_check_keys(c, e, keys, "a predictions gate"))
		bad = 1;
	if (pol_get_string(c, e, "metric", &metric) < 0 ||
	    pol_get_string(c, e, "by", &g->by) < 0 ||
	    pol_get_string(c, e, "description", &desc) < 0 ||
	    pol_get_bound(c, e, "min", OP_GE, &g->min) < 0 ||
	    pol_get_bound(c, e, "max", OP_LE, &g->max) < 0 ||
	    pol_get_bound(c, e, "max_gap", OP_LE, &g->gap) < 0 ||
	    pol_get_severity(c, e, &g->severity) < 0)
		return -1;
	if (bad)
		return -1;
	if (!metric)
		return pol_err(c, e, "predictions gate needs 'metric'");
	g->metric = pm_metric_from_name(metric);
	{
		size_t len = strlen(metric);
		const char *sfx[] = {"_ci_low", "_ci_high"};
		for (int b = 0; g->metric < 0 && b < 2; b++) {
			size_t sl = strlen(sfx[b]);
			char base[64];
			if (len <= sl || len - sl >= sizeof(base) ||
			    strcmp(metric + len - sl, sfx[b]) != 0)
				continue;
			memcpy(base, metric, len - sl);
			base[len - sl] = '\0';
			if ((g->metric = pm_metric_from_name(base)) >= 0)
				g->ci = b ? CI_HIGH : CI_LOW;
		}
	}
	if (g->ci && !pp->reps)
		return pol_err(c, ynode_get(e, "metric"),
			       "'%s' is a bootstrap interval: add 'bootstrap: {replicates: N, seed: S}' to 'predictions'",
			       metric);
	if (g->ci && (g->by || bound_is_set(&g->gap)))
		return pol_err(c, ynode_get(e, "metric"),
			       "'%s': bootstrap intervals are computed for the overall metric only (no 'by', no 'max_gap')",
			       metric);
	if (g->metric < 0) {
		const char *names[PM_NMETRICS + 1], *hint;
		char hb[MG_HINT_SIZE];
		struct sbuf known = SBUF_INIT;
		int rc;
		for (int m = 0; m < PM_NMETRICS; m++) {
			names[m] = pm_metric_name((enum pm_metric)m);
			sbuf_addf(&known, "%s%s", m ? ", " : "", names[m]);
		}
		names[PM_NMETRICS] = NULL;
		hint = mg_suggest(metric, names);
		for (int m = 0; !hint && m < PM_NMETRICS; m++)
			if (strncmp(metric, names[m], strlen(names[m])) == 0)
				hint = names[m]; /* f1_score, accuracy_score */
		rc = pol_err(c, ynode_get(e, "metric"), "unknown metric '%s'%s (known: %s)",
			     metric, mg_did_you_mean(hb, sizeof(hb), hint, ""),
			     sbuf_str(&known));
		sbuf_release(&known);
		return rc;
	}
	if (!(allowed & PM_BIT(g->metric))) {
		if (PM_CLF_SCORE_METRICS & PM_BIT(g->metric) && pp->o.task == PM_CLASSIFICATION)
			return pol_err(c, ynode_get(e, "metric"),
				       "'%s' needs a 'score' column in 'predictions'", metric);
		return pol_err(c, ynode_get(e, "metric"), "'%s' is not a %s metric",
			       metric, pp->o.task == PM_REGRESSION ? "regression" : "classification");
	}
	if (g->by && !g->by[0])
		return pol_err(c, ynode_get(e, "by"), "'by' is empty");
	if (!bound_is_set(&g->min) && !bound_is_set(&g->max) && !bound_is_set(&g->gap))
		return pol_err(c, e, "gate on '%s' has no threshold (min, max or max_gap)", metric);
	if (bound_is_set(&g->gap) && !g->by)
		return pol_err(c, ynode_get(e, "max_gap"),
			       "'max_gap' compares groups: it needs 'by'");
	if (bound_is_set(&g->gap) && g->gap.value < 0)
		return pol_err(c, ynode_get(e, "max_gap"), "'max_gap' must not be negative");
	if (bound_is_set(&g->min) && bound_is_set(&g->max) && g->min.value > g->max.value)
		return pol_err(c, ynode_get(e, "min"), "min %g is greater than max %g for '%s'",
			       g->min.value, g->max.value, metric);
	g->line = e->line;
	g->col = e->col;
	g->by_index = -1;
	if (g->by) {
		size_t j;
		for (j = 0; j < pp->o.nby; j++)
			if (strcmp(pp->o.by[j], g->by) == 0)
				break;
		if (j == pp->o.nby) {
			if (pp->o.nby == PRED_MAX_BY)
				return pol_err(c, ynode_get(e, "by"), "at most %d 'by' columns",
					       PRED_MAX_BY);
			pp->o.by[pp->o.nby++] = g->by;
		}
		g->by_index = (int)j;
	}
	return 0;
}

static int predictions_parse(struct pol_ctx *c, const struct ynode *n,
			     void **out, size_t *ngates)
{
	static const char *const keys[] = {"path", "label", "prediction", "score",
					   "task", "positive", "average", "threshold",
					   "bootstrap", "gates", NULL};
	struct predictions_policy *pp;
	const char *path = NULL, *task = NULL, *avg = NULL;
	const struct ynode *gates, *b;
	int rc = 0, present;

	if (pol_expect(c, n, Y_MAP, "'predictions'") < 0)
		return -1;
	pp = xcalloc(1, sizeof(*pp));
	*out = pp;
	pp->line = n->line;
	pp->col = n->col;
	if (pol_check_keys(c, n, keys, "'predictions'"))
		rc = -1;
	if (pol_get_string(c, n, "path", &path) < 0 ||
	    pol_get_string(c, n, "label", &pp->o.label) < 0 ||
	    pol_get_string(c, n, "prediction", &pp->o.prediction) < 0 ||
	    pol_get_string(c, n, "score", &pp->o.score) < 0 ||
	    pol_get_string(c, n, "task", &task) < 0 ||
	    pol_get_string(c, n, "positive", &pp->o.positive) < 0 ||
	    pol_get_string(c, n, "average", &avg) < 0 ||
	    pol_get_number(c, n, "threshold", &pp->o.threshold, &present) < 0)
		return -1;
	pp->o.has_threshold = present;
	if (!path || !path[0])
		rc = pol_err(c, path ? ynode_get(n, "path") : n, "'predictions' needs a 'path'");
	if (!pp->o.label || !pp->o.label[0])
		rc = pol_err(c, pp->o.label ? ynode_get(n, "label") : n,
			     "'predictions' needs a 'label' column");
	if (!pp->o.prediction && !pp->o.score)
		rc = pol_err(c, n, "'predictions' needs a 'prediction' or a 'score' column");
	pp->o.task = PM_CLASSIFICATION;
	if (task && strcmp(task, "regression") == 0)
		pp->o.task = PM_REGRESSION;
	else if (task && strcmp(task, "classification") != 0)
		rc = pol_err(c, ynode_get(n, "task"),
			     "'task' must be classification or regression, not '%s'", task);
	if (pp->o.task == PM_REGRESSION && (pp->o.score || !pp->o.prediction))
		rc = pol_err(c, n, "a regression needs 'prediction' and takes no 'score'");
	if (avg) {
		int a = pm_average_from_name(avg);
		if (a < 0)
			rc = pol_err(c, ynode_get(n, "average"),
				     "'average' must be binary, macro, weighted or micro, not '%s'", avg);
		pp->o.has_average = 1;
		pp->o.average = a < 0 ? PM_AVG_BINARY : (enum pm_average)a;
	}
	if (pp->o.has_threshold && (pp->o.prediction || !pp->o.score))
		rc = pol_err(c, ynode_get(n, "threshold"),
			     "'threshold' applies only when predictions come from 'score' (no 'prediction')");
	else if (pp->o.has_threshold && (pp->o.threshold < 0 || pp->o.threshold > 1))
		rc = pol_err(c, ynode_get(n, "threshold"), "'threshold' must be in [0, 1]");
	if ((b = ynode_get(n, "bootstrap"))) {
		static const char *const bkeys[] = {"replicates", "seed", NULL};
		double v;
		int has;
		if (pol_expect(c, b, Y_MAP, "'bootstrap'") < 0 ||
		    pol_check_keys(c, b, bkeys, "'bootstrap'")) {
			rc = -1;
		} else {
			if (pol_get_number(c, b, "replicates", &v, &has) < 0)
				rc = -1;
			else if (!has || v != floor(v) || v < 1 || v > 100000)
				rc = pol_err(c, has ? ynode_get(b, "replicates") : b,
					     "'bootstrap' needs 'replicates', a whole number from 1 to 100000");
			else
				pp->reps = (long)v;
			if (pol_get_number(c, b, "seed", &v, &has) < 0)
				rc = -1;
			else if (has && (v != floor(v) || v < 0 || v > 9007199254740992.0))
				rc = pol_err(c, ynode_get(b, "seed"),
					     "'seed' must be a whole number from 0 to 2^53");
			else if (has)
				pp->seed = (unsigned long long)v;
		}
	}
	if (path && path[0]) {
		pp->path_raw = path;
		pp->path = pol_path(c, path);
		pp->o.path = pp->path;
	}
	/* the gates are checked even after a problem above, so that one run
	 * of `mlgate lint` shows every mistake */
	gates = ynode_get(n, "gates");
	if (!gates || (gates->kind == Y_SEQ && gates->n == 0))
		return pol_err(c, gates ? gates : n, "'predictions' needs 'gates'");
	if (pol_expect(c, gates, Y_SEQ, "'gates'") < 0)
		return -1;
	pp->g = xcalloc(gates->n, sizeof(*pp->g));
	for (size_t i = 0; i < gates->n; i++) {
		struct pred_gate *g = &pp->g[pp->ng];
		memset(g, 0, sizeof(*g));
		if (parse_pred_gate(c, gates->items[i], pp, g) < 0) {
			rc = -1;
			continue;
		}
		for (size_t j = 0; j < pp->ng; j++) {
			const struct pred_gate *o = &pp->g[j];
			int same_by = (!o->by && !g->by) ||
				      (o->by && g->by && strcmp(o->by, g->by) == 0);
			if (o->metric == g->metric && o->ci == g->ci && same_by &&
			    ((bound_is_set(&o->min) && bound_is_set(&g->min)) || (bound_is_set(&o->max) && bound_is_set(&g->max)) ||
			     (bound_is_set(&o->gap) && bound_is_set(&g->gap)))) {
				rc = pol_err(c, gates->items[i],
					     "'%s'%s%s has the same threshold declared twice (also at line %d)",
					     pm_metric_name((enum pm_metric)g->metric),
					     g->by ? " by " : "", g->by ? g->by : "", o->line);
				break;
			}
		}
		if (rc < 0)
			continue;
		*ngates += (size_t)(bound_is_set(&g->min) + bound_is_set(&g->max) + bound_is_set(&g->gap));
		pp->ng++;
	}
	return rc;
}

static void gate_metric_name(const struct pred_gate *g, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", pm_metric_name((enum pm_metric)g->metric),
		 g->ci == CI_LOW ? "_ci_low" : g->ci == CI_HIGH ? "_ci_high" : "");
}

static struct gate_result *pgate(struct gate_list *gates, const struct pred_gate *g,
				 const char *which, int line)
{
	char name[64], *id;
	struct gate_result *r;

	gate_metric_name(g, name, sizeof(name));
	id = g->by ? xasprintf("predictions.%s.by.%s.%s", name, g->by, which) :
		     xasprintf("predictions.%s.%s", name, which);
	r = gates_add(gates, id, "predictions");
	free(id);
	gate_set_str(&r->target, name);
	if (g->by)
		gate_set_str(&r->column, g->by);
	r->severity = g->severity;
	r->line = line;
	return r;
}

/* Every gate of one policy entry, as errors with the same message. */
static void entry_errors(struct gate_list *gates, const struct pred_gate *g,
			 const char *msg)
{
	if (bound_is_set(&g->min))
		gate_error(pgate(gates, g, "min", g->min.line), "%s", msg);
	if (bound_is_set(&g->max))
		gate_error(pgate(gates, g, "max", g->max.line), "%s", msg);
	if (bound_is_set(&g->gap))
		gate_error(pgate(gates, g, "max_gap", g->gap.line), "%s", msg);
}

static void overall_gate(struct gate_list *gates, const struct pred_gate *g,
			 const struct pm_result *res, const struct pred_set *ps)
{
	const char *name = pm_metric_name((enum pm_metric)g->metric);
	char *details = NULL, *msg;

	if (!(res->defined & PM_BIT(g->metric))) {
		msg = xasprintf("%s is undefined for these predictions: %s", name,
				res->why[g->metric]);
		entry_errors(gates, g, msg);
		free(msg);
		return;
	}
	{
		struct sbuf sb = SBUF_INIT;
		struct jsonw w;
		jw_init(&w, &sb, 0);
		jw_obj_open(&w);
		jw_kint(&w, "n", (long long)ps->d.n);
		if (ps->d.task == PM_CLASSIFICATION) {
			jw_kstr(&w, "average", pm_average_name(ps->average));
			if (ps->d.pos >= 0)
				jw_kstr(&w, "positive", ps->class_names[ps->d.pos]);
			pred_report_confusion(&w, ps, &ps->d); /* the html report draws it */
		}
		jw_obj_close(&w);
		details = sbuf_detach(&sb);
	}
	if (bound_is_set(&g->min)) {
		struct gate_result *r = pgate(gates, g, "min", g->min.line);
		gate_judge_bound(r, &g->min, res->v[g->metric], name, "min");
		gate_set_str(&r->details, details);
	}
	if (bound_is_set(&g->max)) {
		struct gate_result *r = pgate(gates, g, "max", g->max.line);
		gate_judge_bound(r, &g->max, res->v[g->metric], name, "max");
		gate_set_str(&r->details, details);
	}
	free(details);
}

static void by_gate(struct gate_list *gates, const struct pred_gate *g,
		    struct pred_set *ps)
{
	const struct pred_grouping *gr = &ps->by[g->by_index];
	const char *name = pm_metric_name((enum pm_metric)g->metric);
	struct pm_result *res = xmalloc(sizeof(*res));
	double *v = xcalloc(gr->n ? gr->n : 1, sizeof(*v));
	size_t lo = 0, hi = 0;
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;
	char *msg = NULL, *details, what[300];

	for (size_t i = 0; i < gr->n && !msg; i++) {
		struct pred_group *G = &gr->v[i];
		if (G->d.n < 2) {
			msg = xasprintf("group %s='%s' has %zu row%s: too few to measure %s",
					gr->column, G->name, G->d.n, G->d.n == 1 ? "" : "s", name);
			break;
		}
		pm_compute(&G->d, NULL, ps->average, PM_BIT(g->metric), res);
		if (!(res->defined & PM_BIT(g->metric))) {
			msg = xasprintf("%s is undefined for group %s='%s': %s", name,
					gr->column, G->name, res->why[g->metric]);
			break;
		}
		v[i] = res->v[g->metric];
		if (v[i] < v[lo])
			lo = i;
		if (v[i] > v[hi])
			hi = i;
	}
	if (!msg && gr->n < 2 && bound_is_set(&g->gap))
		msg = xasprintf("'%s' has a single group ('%s'): no gap to measure", gr->column,
				gr->n ? gr->v[0].name : "");
	if (msg) {
		entry_errors(gates, g, msg);
		free(msg);
		free(v);
		free(res);
		return;
	}
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "column", gr->column);
	jw_key(&w, "groups");
	jw_obj_open(&w);
	for (size_t i = 0; i < gr->n; i++) {
		jw_key(&w, gr->v[i].name);
		jw_obj_open(&w);
		jw_kint(&w, "n", (long long)gr->v[i].d.n);
		jw_knum(&w, name, v[i]);
		jw_obj_close(&w);
	}
	jw_obj_close(&w);
	jw_kstr(&w, "worst", gr->v[lo].name);
	jw_kstr(&w, "best", gr->v[hi].name);
	jw_knum(&w, "gap", v[hi] - v[lo]);
	jw_obj_close(&w);
	details = sbuf_detach(&sb);
	if (bound_is_set(&g->min)) {
		struct gate_result *r = pgate(gates, g, "min", g->min.line);
		snprintf(what, sizeof(what), "%s of the lowest group %s='%s'", name,
			 gr->column, gr->v[lo].name);
		gate_judge_bound(r, &g->min, v[lo], what, "min");
		gate_set_str(&r->details, details);
	}
	if (bound_is_set(&g->max)) {
		struct gate_result *r = pgate(gates, g, "max", g->max.line);
		snprintf(what, sizeof(what), "%s of the highest group %s='%s'", name,
			 gr->column, gr->v[hi].name);
		gate_judge_bound(r, &g->max, v[hi], what, "max");
		gate_set_str(&r->details, details);
	}
	if (bound_is_set(&g->gap)) {
		struct gate_result *r = pgate(gates, g, "max_gap", g->gap.line);
		snprintf(what, sizeof(what), "%s gap by %s ('%s' - '%s')", name, gr->column,
			 gr->v[hi].name, gr->v[lo].name);
		gate_judge_bound(r, &g->gap, v[hi] - v[lo], what, "max_gap");
		gate_set_str(&r->details, details);
	}
	free(details);
	free(v);
	free(res);
}

static void ci_gate(struct gate_list *gates, const struct pred_gate *g,
		    const struct predictions_policy *pp, const struct pm_result *res,
		    const double *bound, const size_t *used)
{
	char name[64], *details, *msg;
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	gate_metric_name(g, name, sizeof(name));
	if (!used[g->metric] || !(res->defined & PM_BIT(g->metric))) {
		msg = !used[g->metric] ?
			xasprintf("%s is undefined in every bootstrap resample", name) :
			xasprintf("%s is undefined for these predictions: %s",
				  pm_metric_name((enum pm_metric)g->metric), res->why[g->metric]);
		entry_errors(gates, g, msg);
		free(msg);
		return;
	}
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_knum(&w, pm_metric_name((enum pm_metric)g->metric), res->v[g->metric]);
	jw_kint(&w, "replicates", pp->reps);
	jw_kint(&w, "replicates_used", (long long)used[g->metric]);
	jw_kint(&w, "seed", (long long)pp->seed);
	jw_knum(&w, "confidence", 0.95);
	jw_obj_close(&w);
	details = sbuf_detach(&sb);
	if (bound_is_set(&g->min)) {
		struct gate_result *r = pgate(gates, g, "min", g->min.line);
		gate_judge_bound(r, &g->min, bound[g->metric], name, "min");
		gate_set_str(&r->details, details);
	}
	if (bound_is_set(&g->max)) {
		struct gate_result *r = pgate(gates, g, "max", g->max.line);
		gate_judge_bound(r, &g->max, bound[g->metric], name, "max");
		gate_set_str(&r->details, details);
	}
	free(details);
}

static int predictions_evaluate(const void *sec, const struct eval_ctx *ctx,
				struct gate_list *gates, struct mg_error *err)
{
	const struct predictions_policy *pp = sec;
	struct pred_set ps;
	struct mg_error e;
	struct pm_result *res;
	unsigned want = 0, want_ci = 0;
	double lo[PM_NMETRICS], hi[PM_NMETRICS];
	size_t used[PM_NMETRICS];

	(void)ctx;
	(void)err;
	memset(&e, 0, sizeof(e));
	if (pred_load(&pp->o, &ps, &e) < 0) {
		char buf[1400], *msg;
		mg_error_format(&e, buf, sizeof(buf));
		msg = xasprintf("cannot read the predictions: %s", buf);
		for (size_t i = 0; i < pp->ng; i++)
			entry_errors(gates, &pp->g[i], msg);
		free(msg);
		return 0;
	}
	for (size_t i = 0; i < pp->ng; i++)
		if (!pp->g[i].by)
			want |= PM_BIT(pp->g[i].metric); /* ci gates show the point value too */
	res = xmalloc(sizeof(*res));
	pm_compute(&ps.d, NULL, ps.average, want, res);
	for (size_t i = 0; i < pp->ng; i++)
		if (pp->g[i].ci)
			want_ci |= PM_BIT(pp->g[i].metric);
	if (want_ci)
		pm_bootstrap(&ps.d, ps.average, want_ci, (size_t)pp->reps, pp->seed, 0.95,
			     lo, hi, used);
	for (size_t i = 0; i < pp->ng; i++) {
		if (pp->g[i].by)
			by_gate(gates, &pp->g[i], &ps);
		else if (pp->g[i].ci)
			ci_gate(gates, &pp->g[i], pp, res,
				pp->g[i].ci == CI_LOW ? lo : hi, used);
		else
			overall_gate(gates, &pp->g[i], res, &ps);
	}
	free(res);
	pred_release(&ps);
	return 0;
}

const struct section_ops predictions_section = {
	.key = "predictions",
	.parse = predictions_parse,
	.evaluate = predictions_evaluate,
	.free = predictions_free,
};
