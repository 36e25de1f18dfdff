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
#include "data/csv.h"
#include "model/fairness.h"
#include "model/pred_report.h"
#include "model/predictions.h"

struct pred_gate {
	int metric;       /* enum pm_metric, or -1 for a fairness measure */
	int measure;      /* enum fm_measure, or -1 */
	int ci;           /* 0, or the bound of a bootstrap interval: CI_LOW/CI_HIGH */
	const char *by_cols[PRED_MAX_BY]; /* into the policy tree */
	size_t nby;
	int by_index[PRED_MAX_BY];
	char *by;         /* the columns joined by '+'; NULL = overall */
	struct bound min, max, gap; /* gap: max_gap between groups */
	struct bound dmin, dmax, rmin, rmax; /* difference, ratio between groups */
	int has_mgs;
	size_t min_group_size;
	/* the gate's own options, over the section's */
	int has_average, has_zd, has_mc, has_threshold;
	enum pm_average average;
	enum pm_zero_division zd;
	enum pm_multi_class mc;
	unsigned top_k;
	double threshold;
	const char *positive, *cls;
	char *target;     /* the metric and its qualifiers, as in the gate id */
	enum gate_severity severity;
	int line, col;
};

enum { CI_NONE, CI_LOW, CI_HIGH };

struct predictions_policy {
	const char *name;      /* of the set (a list of sets), or NULL */
	struct pred_options o; /* strings point into the policy tree */
	long reps;             /* bootstrap: replicates (0 = none) */
	unsigned long long seed;
	char *path;            /* resolved */
	const char *path_raw;
	struct pred_gate *g;
	size_t ng;
	int line, col;
};

/* The section: one prediction set, or a list of named ones. */
struct predictions_sets {
	struct predictions_policy **v;
	size_t n;
};

static void policy_free(struct predictions_policy *pp)
{
	if (!pp)
		return;
	for (size_t i = 0; pp->g && i < pp->ng; i++) {
		free(pp->g[i].by);
		free(pp->g[i].target);
	}
	free(pp->path);
	free(pp->g);
	free(pp);
}

static void predictions_free(void *sec)
{
	struct predictions_sets *ss = sec;

	if (!ss)
		return;
	for (size_t i = 0; i < ss->n; i++)
		policy_free(ss->v[i]);
	free(ss->v);
	free(ss);
}

/* Each bound of a gate with the last part of its id. */
struct which {
	const struct bound *b;
	char name[32]; /* in the id */
};

static size_t gate_bounds(const struct pred_gate *g, struct which w[7])
{
	const struct bound *all[7] = {&g->min, &g->max, &g->gap, &g->dmin,
				      &g->dmax, &g->rmin, &g->rmax};
	static const char *const prefix[7] = {"", "", "", "difference.",
					      "difference.", "ratio.", "ratio."};
	size_t n = 0;

	for (size_t i = 0; i < 7; i++) {
		const char *k;

		if (!bound_is_set(all[i]))
			continue;
		k = bound_name(all[i]);
		w[n].b = all[i];
		if (i == 2) /* max_gap (or gap: {max}) keeps its id; gap.lt */
			snprintf(w[n].name, sizeof(w[n].name), "%s",
				 strcmp(k, "lt") == 0 ? "gap.lt" : "max_gap");
		else
			snprintf(w[n].name, sizeof(w[n].name), "%s%s", prefix[i], k);
		n++;
	}
	return n;
}

/* The gap between groups: `max_gap: X`, or `gap: {max|lt, warn}`. */
static int parse_gap(struct pol_ctx *c, const struct ynode *e, struct bound *gap)
{
	static const struct pol_bounds k = {NULL, NULL, "max", "lt", 0, INFINITY};
	struct bound lo;

	if (ynode_get(e, "gap")) {
		if (ynode_get(e, "max_gap"))
			return pol_err(c, ynode_get(e, "max_gap"),
				       "'max_gap' and 'gap' bound the same gap; choose one");
		return pol_get_range(c, e, "gap", &k, &lo, gap);
	}
	if (pol_get_bound(c, e, "max_gap", OP_LE, gap) < 0)
		return -1;
	if (bound_is_set(gap) && gap->value < 0)
		return pol_err(c, ynode_get(e, "max_gap"), "'max_gap' must not be negative");
	return 0;
}

static int metric_error(struct pol_ctx *c, const struct ynode *at, const char *metric)
{
	const char *names[PM_NMETRICS + FM_NMEASURES + 1], *hint;
	char hb[MG_HINT_SIZE];
	struct sbuf known = SBUF_INIT;
	int rc, n = 0;

	for (int m = 0; m < PM_NMETRICS; m++)
		names[n++] = pm_metric_name((enum pm_metric)m);
	for (int m = 0; m < FM_NMEASURES; m++)
		names[n++] = fm_measure_name((enum fm_measure)m);
	names[n] = NULL;
	for (int m = 0; m < n; m++)
		sbuf_addf(&known, "%s%s", m ? ", " : "", names[m]);
	hint = mg_suggest(metric, names);
	for (int m = 0; !hint && m < PM_NMETRICS; m++)
		if (strncmp(metric, names[m], strlen(names[m])) == 0)
			hint = names[m]; /* f1_score, accuracy_score */
	rc = pol_err(c, at, "unknown metric '%s'%s (known: %s)", metric,
		     mg_did_you_mean(hb, sizeof(hb), hint, ""), sbuf_str(&known));
	sbuf_release(&known);
	return rc;
}

/* `by`: a column, or a list of columns (their intersection). */
static int parse_by(struct pol_ctx *c, const struct ynode *e,
		    struct predictions_policy *pp, struct pred_gate *g)
{
	const struct ynode *b = ynode_get(e, "by");
	struct sbuf label = SBUF_INIT;

	if (!b)
		return 0;
	if (b->kind == Y_SCALAR) {
		g->by_cols[g->nby++] = b->str;
	} else if (b->kind == Y_SEQ && b->n > 0 && b->n <= PRED_MAX_BY) {
		for (size_t i = 0; i < b->n; i++) {
			if (pol_expect(c, b->items[i], Y_SCALAR, "a 'by' column") < 0)
				return -1;
			for (size_t j = 0; j < g->nby; j++)
				if (strcmp(g->by_cols[j], b->items[i]->str) == 0)
					return pol_err(c, b->items[i], "'by' names '%s' twice",
						       b->items[i]->str);
			g->by_cols[g->nby++] = b->items[i]->str;
		}
	} else {
		return pol_err(c, b, "'by' must be a column or a list of at most %d columns",
			       PRED_MAX_BY);
	}
	for (size_t i = 0; i < g->nby; i++) {
		size_t j;
		if (!g->by_cols[i][0])
			return pol_err(c, b, "'by' is empty");
		for (j = 0; j < pp->o.nby; j++)
			if (strcmp(pp->o.by[j], g->by_cols[i]) == 0)
				break;
		if (j == pp->o.nby) {
			if (pp->o.nby == PRED_MAX_BY)
				return pol_err(c, b, "at most %d 'by' columns", PRED_MAX_BY);
			pp->o.by[pp->o.nby++] = g->by_cols[i];
		}
		g->by_index[i] = (int)j;
		sbuf_addf(&label, "%s%s", i ? "+" : "", g->by_cols[i]);
	}
	g->by = sbuf_detach(&label);
	return 0;
}

/* The gate's own options (average, zero_division, ...) and the qualifiers
 * they add to its id: f1.weighted, recall.class.churn, f1.threshold.0.3. */
static int parse_options(struct pol_ctx *c, const struct ynode *e,
			 const struct predictions_policy *pp, struct pred_gate *g,
			 const char *metric, struct sbuf *target)
{
	const char *avg = NULL, *zd = NULL, *mc = NULL;
	double v;
	int has;
	int label_metric = g->measure >= 0 ||
			   (g->metric >= 0 && (PM_CLF_LABEL_METRICS & PM_BIT(g->metric)));

	if (pol_get_string(c, e, "average", &avg) < 0 ||
	    pol_get_string(c, e, "zero_division", &zd) < 0 ||
	    pol_get_string(c, e, "multi_class", &mc) < 0 ||
	    pol_get_string(c, e, "positive", &g->positive) < 0 ||
	    pol_get_string(c, e, "class", &g->cls) < 0 ||
	    pol_get_number(c, e, "threshold", &g->threshold, &g->has_threshold) < 0)
		return -1;
	if ((avg || zd || mc || g->positive || g->cls || g->has_threshold) &&
	    pp->o.task == PM_REGRESSION)
		return pol_err(c, e, "'%s': average, zero_division, multi_class, positive, class and threshold apply to a classification",
			       metric);
	if (avg) {
		int a = pm_average_from_name(avg);
		if (a < 0)
			return pol_err(c, ynode_get(e, "average"),
				       "'average' must be binary, macro, weighted or micro, not '%s'", avg);
		g->has_average = 1;
		g->average = (enum pm_average)a;
		sbuf_addf(target, ".%s", avg);
	}
	if (mc) {
		int m = pm_multi_class_from_name(mc);
		if (m < 0)
			return pol_err(c, ynode_get(e, "multi_class"),
				       "'multi_class' must be ovr or ovo, not '%s'", mc);
		if (g->metric != PM_ROC_AUC)
			return pol_err(c, ynode_get(e, "multi_class"), "'multi_class' applies to roc_auc");
		g->has_mc = 1;
		g->mc = (enum pm_multi_class)m;
		sbuf_addf(target, ".%s", mc);
	}
	if (pol_get_number(c, e, "top_k", &v, &has) < 0)
		return -1;
	if (has) {
		if (g->metric != PM_TOP_K || v != floor(v) || v < 1 || v > PRED_MAX_CLASSES)
			return pol_err(c, ynode_get(e, "top_k"),
				       "'top_k' applies to top_k_accuracy: a whole number of classes from 1");
		g->top_k = (unsigned)v;
		sbuf_addf(target, ".k.%u", g->top_k);
	}
	if (zd) {
		int z = pm_zero_division_from_name(zd);
		if (z < 0)
			return pol_err(c, ynode_get(e, "zero_division"),
				       "'zero_division' must be 0, 1 or error, not '%s'", zd);
		g->has_zd = 1;
		g->zd = (enum pm_zero_division)z;
		sbuf_addf(target, ".zero_division.%s", zd);
	}
	if (g->cls) {
		if (g->metric != PM_PRECISION && g->metric != PM_RECALL && g->metric != PM_F1)
			return pol_err(c, ynode_get(e, "class"),
				       "'class' applies to precision, recall and f1 (the metric of one class)");
		if (avg)
			return pol_err(c, ynode_get(e, "class"), "'class' and 'average' contradict each other");
		sbuf_addf(target, ".class.%s", g->cls);
	}
	if (g->positive) {
		if (!label_metric)
			return pol_err(c, ynode_get(e, "positive"),
				       "'positive' applies to metrics of predicted classes ('score' is the probability of the section's positive label)");
		sbuf_addf(target, ".positive.%s", g->positive);
	}
	if (g->has_threshold) {
		char tb[40];
		if (!pp->o.score)
			return pol_err(c, ynode_get(e, "threshold"),
				       "'threshold' makes predictions from 'score': the section has no 'score'");
		if (g->threshold < 0 || g->threshold > 1)
			return pol_err(c, ynode_get(e, "threshold"), "'threshold' must be in [0, 1]");
		if (!label_metric)
			return pol_err(c, ynode_get(e, "threshold"),
				       "'threshold' applies to metrics of predicted classes");
		mg_fmt_double(tb, sizeof(tb), g->threshold);
		sbuf_addf(target, ".threshold.%s", tb);
	}
	return 0;
}

static int parse_pred_gate(struct pol_ctx *c, const struct ynode *e,
			   struct predictions_policy *pp, struct pred_gate *g)
{
	static const char *const keys[] = {"metric", "by", "min", "max", "gt", "lt",
					   "warn", "max_gap", "gap",
					   "difference", "ratio", "min_group_size",
					   "average", "zero_division", "multi_class", "top_k",
					   "positive", "class", "threshold",
					   "severity", "description", NULL};
	const char *metric = NULL, *desc = NULL;
	unsigned allowed = pm_task_metrics(pp->o.task,
					   (pp->o.score ? PM_HAVE_SCORE : 0) |
					   (pp->o.proba_prefix ? PM_HAVE_PROBA : 0));
	struct sbuf target = SBUF_INIT;
	int bad = 0, spread;
	char where[230];
	double v;

	g->measure = -1;
	if (pol_expect(c, e, Y_MAP, "a predictions gate") < 0)
		return -1;
	if (pol_check_keys(c, e, keys, "a predictions gate"))
		bad = 1;
	if (pol_get_string(c, e, "metric", &metric) < 0)
		return -1;
	snprintf(where, sizeof(where), "gate on '%.200s'", metric ? metric : "");
	if (pol_get_string(c, e, "description", &desc) < 0 ||
	    pol_get_bounds(c, e, &pol_bounds_range, where, &g->min, &g->max) < 0 ||
	    parse_gap(c, e, &g->gap) < 0 ||
	    pol_get_range(c, e, "difference", NULL, &g->dmin, &g->dmax) < 0 ||
	    pol_get_range(c, e, "ratio", NULL, &g->rmin, &g->rmax) < 0 ||
	    pol_get_number(c, e, "min_group_size", &v, &g->has_mgs) < 0 ||
	    pol_get_severity(c, e, &g->severity) < 0)
		return -1;
	if (bad)
		return -1;
	if (!metric)
		return pol_err(c, e, "predictions gate needs 'metric'");
	g->metric = pm_metric_from_name(metric);
	if (g->metric < 0)
		g->measure = fm_measure_from_name(metric);
	{
		size_t len = strlen(metric);
		const char *sfx[] = {"_ci_low", "_ci_high"};
		for (int b = 0; g->metric < 0 && g->measure < 0 && b < 2; b++) {
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
	if (g->metric < 0 && g->measure < 0)
		return metric_error(c, ynode_get(e, "metric"), metric);
	if (parse_by(c, e, pp, g) < 0)
		return -1;
	spread = bound_is_set(&g->gap) || bound_is_set(&g->dmin) || bound_is_set(&g->dmax) ||
		 bound_is_set(&g->rmin) || bound_is_set(&g->rmax);
	if (g->ci && !pp->reps)
		return pol_err(c, ynode_get(e, "metric"),
			       "'%s' is a bootstrap interval: add 'bootstrap: {replicates: N, seed: S}' to 'predictions'",
			       metric);
	if (g->ci && (g->by || spread))
		return pol_err(c, ynode_get(e, "metric"),
			       "'%s': bootstrap intervals are computed for the overall metric only (no 'by', no 'max_gap')",
			       metric);
	if (g->measure >= 0) {
		if (pp->o.task != PM_CLASSIFICATION)
			return pol_err(c, ynode_get(e, "metric"), "'%s' is not a regression metric", metric);
		if (!g->by)
			return pol_err(c, ynode_get(e, "metric"),
				       "'%s' compares groups: it needs 'by'", metric);
		if (spread)
			return pol_err(c, ynode_get(e, "metric"),
				       "'%s' is a difference or a ratio already: bound it with min or max", metric);
	} else if (!(allowed & PM_BIT(g->metric))) {
		if (PM_CLF_PROBA_METRICS & PM_BIT(g->metric) & ~PM_CLF_SCORE_METRICS &&
		    pp->o.task == PM_CLASSIFICATION)
			return pol_err(c, ynode_get(e, "metric"),
				       "'%s' needs class probability columns ('proba_prefix') in 'predictions'", metric);
		if (PM_CLF_SCORE_METRICS & PM_BIT(g->metric) && pp->o.task == PM_CLASSIFICATION)
			return pol_err(c, ynode_get(e, "metric"),
				       "'%s' needs a 'score' column in 'predictions'", metric);
		return pol_err(c, ynode_get(e, "metric"), "'%s' is not a %s metric",
			       metric, pp->o.task == PM_REGRESSION ? "regression" : "classification");
	}
	if (!bound_is_set(&g->min) && !bound_is_set(&g->max) && !spread)
		return pol_err(c, e, "gate on '%s' has no threshold (min, max or max_gap)", metric);
	if (bound_is_set(&g->gap) && !g->by)
		return pol_err(c, ynode_get(e, ynode_get(e, "gap") ? "gap" : "max_gap"),
			       "'%s' compares groups: it needs 'by'",
			       ynode_get(e, "gap") ? "gap" : "max_gap");
	if ((bound_is_set(&g->dmin) || bound_is_set(&g->dmax)) && !g->by)
		return pol_err(c, ynode_get(e, "difference"), "'difference' compares groups: it needs 'by'");
	if ((bound_is_set(&g->rmin) || bound_is_set(&g->rmax)) && !g->by)
		return pol_err(c, ynode_get(e, "ratio"), "'ratio' compares groups: it needs 'by'");
	if (g->has_mgs) {
		if (!g->by)
			return pol_err(c, ynode_get(e, "min_group_size"), "'min_group_size' goes with 'by'");
		if (v != floor(v) || v < 1 || v > 1e15)
			return pol_err(c, ynode_get(e, "min_group_size"),
				       "'min_group_size' must be a whole number of rows from 1");
		g->min_group_size = (size_t)v;
	}
	sbuf_adds(&target, metric);
	if (parse_options(c, e, pp, g, metric, &target) < 0) {
		sbuf_release(&target);
		return -1;
	}
	g->target = sbuf_detach(&target);
	g->line = e->line;
	g->col = e->col;
	return 0;
}

static int parse_one(struct pol_ctx *c, const struct ynode *n,
		     struct predictions_policy **out, size_t *ngates)
{
	static const char *const keys[] = {"name", "path", "label", "prediction", "score",
					   "proba_prefix", "task", "positive", "average",
					   "zero_division", "multi_class", "top_k", "threshold",
					   "bootstrap", "gates", NULL};
	struct predictions_policy *pp;
	const char *path = NULL, *task = NULL, *avg = NULL, *zd = NULL, *mc = NULL;
	const struct ynode *gates, *b;
	int rc = 0, present;
	double topk;

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
	if (pol_get_string(c, n, "name", &pp->name) < 0 ||
	    pol_get_string(c, n, "proba_prefix", &pp->o.proba_prefix) < 0 ||
	    pol_get_string(c, n, "zero_division", &zd) < 0 ||
	    pol_get_string(c, n, "multi_class", &mc) < 0 ||
	    pol_get_number(c, n, "top_k", &topk, &present) < 0)
		return -1;
	if (pp->name && (!pp->name[0] || strspn(pp->name, "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(pp->name)))
		rc = pol_err(c, ynode_get(n, "name"),
			     "a prediction set's 'name' is part of gate ids: letters, digits, '_' and '-' only");
	if (zd) {
		int z = pm_zero_division_from_name(zd);
		if (z < 0)
			rc = pol_err(c, ynode_get(n, "zero_division"),
				     "'zero_division' must be 0, 1 or error, not '%s'", zd);
		else
			pp->o.zero_division = (enum pm_zero_division)z;
	}
	if (mc) {
		int m = pm_multi_class_from_name(mc);
		if (m < 0)
			rc = pol_err(c, ynode_get(n, "multi_class"),
				     "'multi_class' must be ovr or ovo, not '%s'", mc);
		else
			pp->o.multi_class = (enum pm_multi_class)m;
	}
	if (present) {
		if (topk != floor(topk) || topk < 1 || topk > PRED_MAX_CLASSES)
			rc = pol_err(c, ynode_get(n, "top_k"), "'top_k' must be a whole number of classes from 1");
		else
			pp->o.top_k = (unsigned)topk;
	}
	if (pp->o.proba_prefix && (!pp->o.proba_prefix[0] || pp->o.score || !pp->o.prediction))
		rc = pol_err(c, ynode_get(n, "proba_prefix"),
			     "'proba_prefix' goes with 'prediction' and without 'score'");
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
			free(g->by);
			free(g->target);
			rc = -1;
			continue;
		}
		for (size_t j = 0; j < pp->ng; j++) {
			const struct pred_gate *o = &pp->g[j];
			struct which wo[7], wg[7];
			size_t no = gate_bounds(o, wo), ngb = gate_bounds(g, wg);
			int same = strcmp(o->target, g->target) == 0 &&
				   ((!o->by && !g->by) || (o->by && g->by && strcmp(o->by, g->by) == 0));
			for (size_t x = 0; same && x < no; x++)
				for (size_t y = 0; y < ngb; y++)
					if (strcmp(wo[x].name, wg[y].name) == 0)
						same = 2;
			if (same == 2) {
				rc = pol_err(c, gates->items[i],
					     "'%s'%s%s has the same threshold declared twice (also at line %d)",
					     g->target, g->by ? " by " : "", g->by ? g->by : "", o->line);
				break;
			}
		}
		if (rc < 0) {
			free(g->by);
			free(g->target);
			continue;
		}
		{
			struct which w[7];
			*ngates += gate_bounds(g, w);
		}
		pp->ng++;
	}
	return rc;
}

static int predictions_parse(struct pol_ctx *c, const struct ynode *n,
			     void **out, size_t *ngates)
{
	struct predictions_sets *ss = xcalloc(1, sizeof(*ss));
	int rc = 0;

	*out = ss;
	if (n->kind != Y_SEQ) {
		ss->v = xcalloc(1, sizeof(*ss->v));
		ss->n = 1;
		return parse_one(c, n, &ss->v[0], ngates);
	}
	if (n->n == 0)
		return pol_err(c, n, "'predictions' is an empty list");
	ss->v = xcalloc(n->n, sizeof(*ss->v));
	for (size_t i = 0; i < n->n; i++) {
		struct predictions_policy *pp;
		if (parse_one(c, n->items[i], &ss->v[ss->n], ngates) < 0)
			rc = -1;
		pp = ss->v[ss->n++];
		if (!pp)
			continue;
		if (!pp->name) {
			rc = pol_err(c, n->items[i],
				     "each prediction set in a list needs a 'name' (it is part of its gate ids)");
			continue;
		}
		for (size_t j = 0; j + 1 < ss->n; j++)
			if (ss->v[j] && ss->v[j]->name && strcmp(ss->v[j]->name, pp->name) == 0)
				rc = pol_err(c, ynode_get(n->items[i], "name"),
					     "two prediction sets are named '%s'", pp->name);
	}
	return rc;
}

static struct gate_result *pgate(struct gate_list *gates,
				 const struct predictions_policy *pp,
				 const struct pred_gate *g, const char *which, int line)
{
	struct sbuf id = SBUF_INIT;
	struct gate_result *r;

	sbuf_adds(&id, "predictions.");
	if (pp->name)
		sbuf_addf(&id, "%s.", pp->name);
	sbuf_adds(&id, g->target);
	if (g->by)
		sbuf_addf(&id, ".by.%s", g->by);
	sbuf_addf(&id, ".%s", which);
	r = gates_add(gates, sbuf_str(&id), "predictions");
	sbuf_release(&id);
	gate_set_str(&r->target, g->target);
	if (g->by)
		gate_set_str(&r->column, g->by);
	if (pp->name)
		gate_set_str(&r->dataset, pp->name);
	r->severity = g->severity;
	r->line = line;
	return r;
}

/* Every gate of one policy entry, as errors with the same message. */
static void entry_errors(struct gate_list *gates, const struct predictions_policy *pp,
			 const struct pred_gate *g, const char *msg)
{
	struct which w[7];
	size_t n = gate_bounds(g, w);

	for (size_t i = 0; i < n; i++) {
		struct gate_result *r = pgate(gates, pp, g, w[i].name, w[i].b->line);
		gate_set_bound(r, w[i].b);
		gate_error(r, "%s", msg);
	}
}

static const char *gate_name(const struct pred_gate *g)
{
	return g->measure >= 0 ? fm_measure_name((enum fm_measure)g->measure) :
				 pm_metric_name((enum pm_metric)g->metric);
}

/* The data and parameters one gate computes on: the section's, with the
 * gate's positive label, class, threshold and options. */
struct gate_view {
	struct pm_data d;
	struct pm_params par;
	int *yhat;
};

static int find_class(const struct pred_set *ps, const char *name)
{
	double v;
	int is_num = csv_parse_number(name, strlen(name), &v) == 0, hit = -1, hits = 0;

	for (size_t c = 0; c < ps->k; c++)
		if (ps->numeric ? (is_num && ps->class_values[c] == v) :
				  strcmp(ps->class_names[c], name) == 0)
			return (int)c;
	for (size_t c = 0; !ps->numeric && c < ps->k; c++)
		if (strcasecmp(ps->class_names[c], name) == 0) {
			hit = (int)c;
			hits++;
		}
	return hits == 1 ? hit : -1;
}

static char *view_make(struct gate_view *v, const struct pred_set *ps,
		       const struct pred_gate *g)
{
	memset(v, 0, sizeof(*v));
	v->d = ps->d;
	v->d.order = NULL;
	v->d.loss = NULL;
	v->d.aerr_order = NULL;
	v->par = ps->params;
	if (g->has_average)
		v->par.average = g->average;
	if (g->has_zd)
		v->par.zero_division = g->zd;
	if (g->has_mc)
		v->par.multi_class = g->mc;
	if (g->top_k)
		v->par.top_k = g->top_k;
	if (g->positive && (v->d.pos = find_class(ps, g->positive)) < 0)
		return xasprintf("the positive label '%s' never occurs in the labels", g->positive);
	if (g->cls && (v->par.cls = find_class(ps, g->cls)) < 0)
		return xasprintf("the class '%s' never occurs in the labels", g->cls);
	if (g->has_threshold) {
		if (ps->k != 2 || v->d.pos < 0)
			return xasprintf("predictions from scores need labels with exactly two classes; there are %zu",
					 ps->k);
		v->yhat = xcalloc(ps->d.n ? ps->d.n : 1, sizeof(int));
		for (size_t i = 0; i < ps->d.n; i++)
			v->yhat[i] = ps->score[i] >= g->threshold ? v->d.pos : 1 - v->d.pos;
		v->d.yhat = v->yhat;
	}
	return NULL;
}

static void view_release(struct gate_view *v)
{
	pm_data_release_cache(&v->d);
	free(v->yhat);
}

/* The details of an overall classification gate: what the value was
 * computed on, the confusion matrix and the per-class figures. */
static char *overall_details(const struct pred_set *ps, const struct gate_view *v,
			     const struct pred_gate *g)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_kint(&w, "n", (long long)ps->d.n);
	if (ps->d.task == PM_CLASSIFICATION) {
		jw_kstr(&w, "average", pm_average_name(v->par.average));
		if (v->d.pos >= 0)
			jw_kstr(&w, "positive", ps->class_names[v->d.pos]);
		if (v->par.cls >= 0)
			jw_kstr(&w, "class", ps->class_names[v->par.cls]);
		if (v->yhat || ps->derived)
			jw_knum(&w, "threshold", v->yhat ? g->threshold : ps->threshold);
		if (v->par.zero_division != PM_ZD_ERROR)
			jw_kstr(&w, "zero_division", pm_zero_division_name(v->par.zero_division));
		if (ps->k <= 50) { /* larger matrices only in `mlgate metrics` */
			pred_report_confusion(&w, ps, &v->d);
			pred_report_per_class(&w, ps, &v->d);
		}
	}
	jw_obj_close(&w);
	return sbuf_detach(&sb);
}

static void overall_gate(struct gate_list *gates, const struct predictions_policy *pp,
			 const struct pred_gate *g, const struct pred_set *ps,
			 struct gate_view *v)
{
	const char *name = gate_name(g);
	struct pm_result res;
	char *details, *msg;

	pm_compute_params(&v->d, NULL, &v->par, PM_BIT(g->metric), &res);
	if (!(res.defined & PM_BIT(g->metric))) {
		msg = xasprintf("%s is undefined for these predictions: %s", name,
				res.why[g->metric]);
		entry_errors(gates, pp, g, msg);
		free(msg);
		return;
	}
	details = overall_details(ps, v, g);
	if (bound_is_set(&g->min)) {
		struct gate_result *r = pgate(gates, pp, g, bound_name(&g->min), g->min.line);
		gate_judge_bound(r, &g->min, res.v[g->metric], name);
		gate_set_str(&r->details, details);
	}
	if (bound_is_set(&g->max)) {
		struct gate_result *r = pgate(gates, pp, g, bound_name(&g->max), g->max.line);
		gate_judge_bound(r, &g->max, res.v[g->metric], name);
		gate_set_str(&r->details, details);
	}
	free(details);
}

/* The partition of a by gate: the gate's column, or the intersection. */
static void gate_partition(const struct pred_set *ps, const struct pred_gate *g,
			   struct fm_partition *part)
{
	const size_t *col[PRED_MAX_BY];
	const char *const *names[PRED_MAX_BY];
	const char **nm[PRED_MAX_BY];

	for (size_t j = 0; j < g->nby; j++) {
		const struct pred_grouping *gr = &ps->by[g->by_index[j]];
		nm[j] = xcalloc(gr->n ? gr->n : 1, sizeof(char *));
		for (size_t i = 0; i < gr->n; i++)
			nm[j][i] = gr->v[i].name;
		col[j] = gr->row_group;
		names[j] = nm[j];
	}
	fm_partition_make(ps->d.n, g->nby, col, names, part);
	for (size_t j = 0; j < g->nby; j++)
		free(nm[j]);
}

/* " (2 groups below min_group_size 30 not compared: 'a' (n=3), 'b' (n=5))" */
static void small_note(struct sbuf *sb, const struct fm_partition *part,
		       const struct fm_frame *f, const struct pred_gate *g)
{
	size_t shown = 0;

	if (!f->small)
		return;
	sbuf_addf(sb, " (%zu group%s below min_group_size %zu not compared: ", f->small,
		  f->small == 1 ? "" : "s", g->min_group_size);
	for (size_t i = 0; i < f->ngroups && shown < 5; i++)
		if (f->g[i].status == FM_GROUP_SMALL)
			sbuf_addf(sb, "%s'%s' (n=%zu)", shown++ ? ", " : "", part->names[i], f->g[i].n);
	if (f->small > shown)
		sbuf_adds(sb, ", ...");
	sbuf_addc(sb, ')');
}

static void group_details(struct jsonw *w, const struct pred_gate *g,
			  const struct fm_partition *part, const struct fm_frame *f,
			  size_t nf)
{
	jw_kstr(w, "column", g->by);
	jw_key(w, "groups");
	jw_obj_open(w);
	for (size_t i = 0; i < part->ngroups; i++) {
		jw_key(w, part->names[i]);
		jw_obj_open(w);
		jw_kint(w, "n", (long long)part->size[i]);
		for (size_t q = 0; q < nf; q++)
			jw_knum(w, pm_metric_name(f[q].metric), f[q].g[i].v);
		if (f[0].g[i].status == FM_GROUP_SMALL)
			jw_kstr(w, "status", "insufficient data");
		jw_obj_close(w);
	}
	jw_obj_close(w);
	if (g->has_mgs)
		jw_kint(w, "min_group_size", (long long)g->min_group_size);
}

static void judge_tail(struct gate_result *r, const struct bound *b, double v,
		       const char *what, const char *tail)
{
	char vb[40], *lhs;

	mg_fmt_double(vb, sizeof(vb), v);
	lhs = xasprintf("%s = %s", what, vb);
	gate_judge_describe(r, b, v, lhs, "", tail);
	free(lhs);
}

/* A fairness measure by group (demographic parity, equalized odds). */
static void measure_gate(struct gate_list *gates, const struct predictions_policy *pp,
			 const struct pred_gate *g, const struct pred_set *ps,
			 struct gate_view *v, const struct fm_partition *part)
{
	const char *name = gate_name(g);
	size_t mgs = g->has_mgs ? g->min_group_size : 1;
	struct fm_result res;
	struct sbuf sb = SBUF_INIT, tail = SBUF_INIT;
	struct jsonw w;
	char *details, what[400];
	const struct fm_frame *f;
	int ratio = g->measure == FM_DP_RATIO || g->measure == FM_EO_RATIO;

	(void)ps;
	fm_measure_compute(&v->d, part, (enum fm_measure)g->measure, &v->par, mgs, &res);
	if (!res.defined) {
		char *msg = xasprintf("%s by %s is undefined: %s", name, g->by, res.why);
		entry_errors(gates, pp, g, msg);
		free(msg);
		fm_result_release(&res);
		return;
	}
	f = &res.frame[res.decided];
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	group_details(&w, g, part, res.frame, res.nframes);
	jw_kstr(&w, "decided_by", pm_metric_name(f->metric));
	jw_kstr(&w, "lowest", part->names[f->lo]);
	jw_kstr(&w, "highest", part->names[f->hi]);
	jw_knum(&w, name, res.v);
	jw_obj_close(&w);
	details = sbuf_detach(&sb);
	snprintf(what, sizeof(what), ratio ? "%s by %s ('%s' / '%s' %s)" : "%s by %s ('%s' - '%s' %s)",
		 name, g->by, ratio ? part->names[f->lo] : part->names[f->hi],
		 ratio ? part->names[f->hi] : part->names[f->lo], pm_metric_name(f->metric));
	small_note(&tail, part, f, g);
	if (bound_is_set(&g->min)) {
		struct gate_result *r = pgate(gates, pp, g, bound_name(&g->min), g->min.line);
		judge_tail(r, &g->min, res.v, what, sbuf_str(&tail));
		gate_set_str(&r->details, details);
	}
	if (bound_is_set(&g->max)) {
		struct gate_result *r = pgate(gates, pp, g, bound_name(&g->max), g->max.line);
		judge_tail(r, &g->max, res.v, what, sbuf_str(&tail));
		gate_set_str(&r->details, details);
	}
	sbuf_release(&tail);
	free(details);
	fm_result_release(&res);
}

static void by_gate(struct gate_list *gates, const struct predictions_policy *pp,
		    const struct pred_gate *g, const struct pred_set *ps,
		    struct gate_view *v)
{
	const char *name = gate_name(g);
	struct fm_partition part;
	struct fm_frame f;
	struct sbuf sb = SBUF_INIT, tail = SBUF_INIT;
	struct jsonw w;
	char *msg = NULL, *details, what[400];
	int spread = bound_is_set(&g->gap) || bound_is_set(&g->dmin) ||
		     bound_is_set(&g->dmax), ratio = bound_is_set(&g->rmin) ||
		     bound_is_set(&g->rmax);

	gate_partition(ps, g, &part);
	/* without min_group_size, a group of one row is an error, not left out */
	for (size_t i = 0; !g->has_mgs && i < part.ngroups && !msg; i++)
		if (part.size[i] < 2)
			msg = xasprintf("group %s='%s' has %zu row%s: too few to measure %s",
					g->by, part.names[i], part.size[i],
					part.size[i] == 1 ? "" : "s", name);
	if (msg) {
		entry_errors(gates, pp, g, msg);
		free(msg);
		fm_partition_release(&part);
		return;
	}
	if (g->measure >= 0) {
		measure_gate(gates, pp, g, ps, v, &part);
		fm_partition_release(&part);
		return;
	}
	fm_frame_compute(&v->d, &part, (enum pm_metric)g->metric, &v->par,
			 g->has_mgs ? g->min_group_size : 1, &f);
	for (size_t i = 0; i < f.ngroups && !msg; i++)
		if (f.g[i].status == FM_GROUP_UNDEFINED)
			msg = xasprintf("%s is undefined for group %s='%s': %s", name, g->by,
					part.names[i], f.g[i].why);
	if (!msg && !f.compared)
		msg = xasprintf("no group of %s has at least %zu rows: insufficient data",
				g->by, g->min_group_size);
	if (!msg && (spread || ratio) && f.compared < 2)
		msg = part.ngroups == 1 ?
			xasprintf("'%s' has a single group ('%s'): no gap to measure", g->by,
				  part.names[0]) :
			xasprintf("%s by %s: %s", name, g->by, f.why);
	if (!msg && ratio && !f.ratio_defined)
		msg = xasprintf("%s by %s: %s", name, g->by, f.why);
	if (msg) {
		entry_errors(gates, pp, g, msg);
		free(msg);
		fm_frame_release(&f);
		fm_partition_release(&part);
		return;
	}
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	group_details(&w, g, &part, &f, 1);
	jw_kstr(&w, "worst", part.names[f.lo]);
	jw_kstr(&w, "best", part.names[f.hi]);
	if (f.compared >= 2)
		jw_knum(&w, "gap", f.difference);
	if (ratio)
		jw_knum(&w, "ratio", f.ratio);
	jw_obj_close(&w);
	details = sbuf_detach(&sb);
	small_note(&tail, &part, &f, g);
	{
		struct which wb[7];
		size_t n = gate_bounds(g, wb);
		for (size_t i = 0; i < n; i++) {
			struct gate_result *r = pgate(gates, pp, g, wb[i].name, wb[i].b->line);
			double val;
			if (wb[i].b == &g->min) {
				snprintf(what, sizeof(what), "%s of the lowest group %s='%s'", name,
					 g->by, part.names[f.lo]);
				val = f.g[f.lo].v;
			} else if (wb[i].b == &g->max) {
				snprintf(what, sizeof(what), "%s of the highest group %s='%s'", name,
					 g->by, part.names[f.hi]);
				val = f.g[f.hi].v;
			} else if (wb[i].b == &g->rmin || wb[i].b == &g->rmax) {
				snprintf(what, sizeof(what), "%s ratio by %s ('%s' / '%s')", name,
					 g->by, part.names[f.lo], part.names[f.hi]);
				val = f.ratio;
			} else {
				snprintf(what, sizeof(what), "%s %s by %s ('%s' - '%s')", name,
					 wb[i].b == &g->gap ? "gap" : "difference", g->by,
					 part.names[f.hi], part.names[f.lo]);
				val = f.difference;
			}
			judge_tail(r, wb[i].b, val, what, sbuf_str(&tail));
			gate_set_str(&r->details, details);
		}
	}
	sbuf_release(&tail);
	free(details);
	fm_frame_release(&f);
	fm_partition_release(&part);
}

static void ci_gate(struct gate_list *gates, const struct predictions_policy *pp,
		    const struct pred_gate *g, struct gate_view *v)
{
	const char *name = g->target;
	const char *base = pm_metric_name((enum pm_metric)g->metric);
	double lo[PM_NMETRICS], hi[PM_NMETRICS], *bound;
	size_t used[PM_NMETRICS];
	struct pm_result res;
	char *details, *msg;
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	pm_compute_params(&v->d, NULL, &v->par, PM_BIT(g->metric), &res);
	pm_bootstrap_params(&v->d, &v->par, PM_BIT(g->metric), (size_t)pp->reps, pp->seed,
			    0.95, lo, hi, used);
	bound = g->ci == CI_LOW ? lo : hi;
	if (!used[g->metric] || !(res.defined & PM_BIT(g->metric))) {
		msg = !used[g->metric] ?
			xasprintf("%s is undefined in every bootstrap resample", name) :
			xasprintf("%s is undefined for these predictions: %s", base,
				  res.why[g->metric]);
		entry_errors(gates, pp, g, msg);
		free(msg);
		return;
	}
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_knum(&w, base, res.v[g->metric]);
	jw_kint(&w, "replicates", pp->reps);
	jw_kint(&w, "replicates_used", (long long)used[g->metric]);
	jw_kint(&w, "seed", (long long)pp->seed);
	jw_knum(&w, "confidence", 0.95);
	jw_obj_close(&w);
	details = sbuf_detach(&sb);
	if (bound_is_set(&g->min)) {
		struct gate_result *r = pgate(gates, pp, g, bound_name(&g->min), g->min.line);
		gate_judge_bound(r, &g->min, bound[g->metric], name);
		gate_set_str(&r->details, details);
	}
	if (bound_is_set(&g->max)) {
		struct gate_result *r = pgate(gates, pp, g, bound_name(&g->max), g->max.line);
		gate_judge_bound(r, &g->max, bound[g->metric], name);
		gate_set_str(&r->details, details);
	}
	free(details);
}

static void evaluate_one(const struct predictions_policy *pp, struct gate_list *gates)
{
	struct pred_set ps;
	struct mg_error e;

	memset(&e, 0, sizeof(e));
	if (pred_load(&pp->o, &ps, &e) < 0) {
		char buf[1400], *msg;
		mg_error_format(&e, buf, sizeof(buf));
		msg = xasprintf("cannot read the predictions: %s", buf);
		for (size_t i = 0; i < pp->ng; i++)
			entry_errors(gates, pp, &pp->g[i], msg);
		free(msg);
		return;
	}
	for (size_t i = 0; i < pp->ng; i++) {
		const struct pred_gate *g = &pp->g[i];
		struct gate_view v;
		char *msg = view_make(&v, &ps, g);
		if (msg)
			entry_errors(gates, pp, g, msg);
		else if (g->by)
			by_gate(gates, pp, g, &ps, &v);
		else if (g->ci)
			ci_gate(gates, pp, g, &v);
		else
			overall_gate(gates, pp, g, &ps, &v);
		free(msg);
		view_release(&v);
	}
	pred_release(&ps);
}

static int predictions_evaluate(const void *sec, const struct eval_ctx *ctx,
				struct gate_list *gates, struct mg_error *err)
{
	const struct predictions_sets *ss = sec;

	(void)ctx;
	(void)err;
	for (size_t i = 0; i < ss->n; i++)
		evaluate_one(ss->v[i], gates);
	return 0;
}

const struct section_ops predictions_section = {
	.key = "predictions",
	.parse = predictions_parse,
	.evaluate = predictions_evaluate,
	.free = predictions_free,
};
