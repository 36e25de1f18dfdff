#include "model/clfmetrics.h"

#include <float.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ksum.h"
#include "common/num.h"
#include "common/util.h"

static const char *const metric_names[PM_NMETRICS] = {
	"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss",
	"mae", "mse", "rmse", "r2", "mape",
};

static const char *const average_names[] = {"binary", "macro", "weighted",
					    "micro"};

const char *pm_metric_name(enum pm_metric m)
{
	return metric_names[m];
}

int pm_metric_from_name(const char *name)
{
	for (int i = 0; i < PM_NMETRICS; i++)
		if (strcmp(metric_names[i], name) == 0)
			return i;
	return -1;
}

const char *pm_average_name(enum pm_average a)
{
	return average_names[a];
}

int pm_average_from_name(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(average_names[i], name) == 0)
			return i;
	return -1;
}

unsigned pm_task_metrics(enum pm_task task, int have_score)
{
	if (task == PM_REGRESSION)
		return PM_REG_METRICS;
	return PM_CLF_LABEL_METRICS | (have_score ? PM_CLF_SCORE_METRICS : 0);
}

void pm_data_release_cache(struct pm_data *d)
{
	free(d->order);
	free(d->loss);
	d->order = NULL;
	d->loss = NULL;
}

#define W(i) (w ? (double)w[i] : 1.0)

static void undefined(struct pm_result *r, enum pm_metric m, const char *fmt,
		      ...) __attribute__((format(printf, 3, 4)));

static void undefined(struct pm_result *r, enum pm_metric m, const char *fmt,
		      ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why[m], PM_WHY_SIZE, fmt, ap);
	va_end(ap);
	r->v[m] = NAN;
	r->defined &= ~PM_BIT(m);
}

static void set(struct pm_result *r, enum pm_metric m, double v)
{
	if (!(r->computed & PM_BIT(m)))
		return;
	r->v[m] = v;
	r->defined |= PM_BIT(m);
	r->why[m][0] = '\0';
}

void pm_confusion(const struct pm_data *d, const unsigned *w, double *cm)
{
	memset(cm, 0, d->k * d->k * sizeof(*cm));
	for (size_t i = 0; i < d->n; i++)
		cm[(size_t)d->y[i] * d->k + (size_t)d->yhat[i]] += W(i);
}

void pm_per_class(size_t k, const double *cm, double *p, double *r, double *f,
		  double *support)
{
	for (size_t c = 0; c < k; c++) {
		double tp = cm[c * k + c], pred = 0, truth = 0;

		for (size_t j = 0; j < k; j++) {
			pred += cm[j * k + c];
			truth += cm[c * k + j];
		}
		p[c] = pred > 0 ? tp / pred : NAN;
		r[c] = truth > 0 ? tp / truth : NAN;
		if (isnan(p[c]) || isnan(r[c]))
			f[c] = NAN;
		else
			f[c] = p[c] + r[c] == 0 ? 0.0 :
			       2.0 * p[c] * r[c] / (p[c] + r[c]);
		support[c] = truth;
	}
}

static const char *class_name(const struct pm_data *d, size_t c, char *buf,
			      size_t n)
{
	if (d->names)
		return d->names[c];
	snprintf(buf, n, "#%zu", c);
	return buf;
}

/* Precision, recall and F1 for the chosen average, scikit-learn's
 * precision_recall_fscore_support: binary uses the positive class only;
 * macro is the plain mean over the classes present in the rows (true or
 * predicted), weighted the mean weighted by support, micro pools the
 * counts (equal to accuracy for single-label data).  A class that makes a
 * figure 0/0 makes the average undefined (scikit-learn would warn and use
 * 0); in the weighted average only classes with support count. */
static void prf(struct pm_data *d, const double *cm, enum pm_average avg,
		double total, struct pm_result *r)
{
	size_t k = d->k;
	double *p = xcalloc(k * 4, sizeof(double)), *rc = p + k, *f = p + 2 * k,
	       *sup = p + 3 * k;
	char name[32];

	pm_per_class(k, cm, p, rc, f, sup);
	if (avg == PM_AVG_BINARY) {
		size_t present = 0;
		for (size_t c = 0; c < k; c++) {
			double pred = 0;
			for (size_t j = 0; j < k; j++)
				pred += cm[j * k + c];
			present += sup[c] > 0 || pred > 0;
		}
		if (present > 2) {
#define BINARY_MSG "the binary average needs two classes; the rows have %zu (choose average macro, weighted or micro)"
			undefined(r, PM_PRECISION, BINARY_MSG, present);
			undefined(r, PM_RECALL, BINARY_MSG, present);
			undefined(r, PM_F1, BINARY_MSG, present);
#undef BINARY_MSG
		} else if (d->pos < 0 || sup[d->pos] == 0) {
			const char *msg = "no row has the positive label";
			if (d->pos < 0 || isnan(p[d->pos]))
				undefined(r, PM_PRECISION, "no row is predicted as the positive label");
			else
				set(r, PM_PRECISION, p[d->pos]);
			undefined(r, PM_RECALL, "%s", msg);
			undefined(r, PM_F1, "%s", msg);
		} else if (isnan(p[d->pos])) {
			const char *msg = "no row is predicted as the positive label";
			undefined(r, PM_PRECISION, "%s", msg);
			set(r, PM_RECALL, rc[d->pos]);
			undefined(r, PM_F1, "%s", msg);
		} else {
			set(r, PM_PRECISION, p[d->pos]);
			set(r, PM_RECALL, rc[d->pos]);
			set(r, PM_F1, f[d->pos]);
		}
	} else if (avg == PM_AVG_MICRO) {
		double trace = 0, v, fv;
		for (size_t c = 0; c < k; c++)
			trace += cm[c * k + c];
		v = trace / total;
		fv = v + v == 0 ? 0.0 : 2.0 * v * v / (v + v);
		set(r, PM_PRECISION, v);
		set(r, PM_RECALL, v);
		set(r, PM_F1, fv);
	} else {
		const double *vals[3] = {p, rc, f};
		const enum pm_metric ms[3] = {PM_PRECISION, PM_RECALL, PM_F1};
		for (int i = 0; i < 3; i++) {
			struct ksum num = {0, 0}, den = {0, 0};
			int bad = -1;
			for (size_t c = 0; c < k; c++) {
				double pred = 0, wt;
				for (size_t j = 0; j < k; j++)
					pred += cm[j * k + c];
				if (sup[c] == 0 && pred == 0)
					continue; /* class absent from these rows */
				wt = avg == PM_AVG_MACRO ? 1.0 : sup[c];
				if (wt == 0)
					continue;
				if (isnan(vals[i][c])) {
					bad = (int)c;
					break;
				}
				ksum_add(&num, vals[i][c] * wt);
				ksum_add(&den, wt);
			}
			if (bad >= 0) {
				const char *nm = class_name(d, (size_t)bad, name,
							    sizeof(name));
				if (isnan(p[bad]) && ms[i] != PM_RECALL)
					undefined(r, ms[i], "class '%s' is never predicted", nm);
				else
					undefined(r, ms[i], "class '%s' never occurs in the labels", nm);
			} else {
				set(r, ms[i], ksum_get(&num) / ksum_get(&den));
			}
		}
	}
	free(p);
}

struct scored {
	double s;
	size_t i;
};

static int cmp_scored(const void *a, const void *b)
{
	double x = ((const struct scored *)a)->s, y = ((const struct scored *)b)->s;

	return (x < y) - (x > y); /* descending */
}

static void build_order(struct pm_data *d)
{
	struct scored *v;

	if (d->order)
		return;
	v = xmalloc((d->n ? d->n : 1) * sizeof(*v));
	for (size_t i = 0; i < d->n; i++) {
		v[i].s = d->score[i];
		v[i].i = i;
	}
	qsort(v, d->n, sizeof(*v), cmp_scored);
	d->order = xmalloc((d->n ? d->n : 1) * sizeof(*d->order));
	for (size_t i = 0; i < d->n; i++)
		d->order[i] = v[i].i;
	free(v);
}

/* ROC AUC as scikit-learn computes it: the ROC curve has one point per
 * distinct score (tied scores move together, so ties count one half), and
 * the area is the trapezoid rule over those points.  The counts are exact
 * integers, so the area is one exact sum divided once. */
static void roc_auc(struct pm_data *d, const unsigned *w, struct pm_result *r)
{
	double P = 0, N = 0, tp = 0, fp = 0, tp0 = 0, fp0 = 0, area = 0;

	if (d->pos >= 0)
		for (size_t i = 0; i < d->n; i++) {
			if (d->y[i] == d->pos)
				P += W(i);
			else
				N += W(i);
		}
	if (d->pos < 0 || P == 0 || N == 0) {
		undefined(r, PM_ROC_AUC, "only one class in the labels (%s): ROC AUC is undefined",
			  P == 0 ? "no positive row" : "no negative row");
		return;
	}
	build_order(d);
	for (size_t j = 0; j < d->n;) {
		double s = d->score[d->order[j]];
		while (j < d->n && d->score[d->order[j]] == s) {
			size_t i = d->order[j++];
			if (d->y[i] == d->pos)
				tp += W(i);
			else
				fp += W(i);
		}
		area += (fp - fp0) * (tp + tp0);
		tp0 = tp;
		fp0 = fp;
	}
	set(r, PM_ROC_AUC, area / (2.0 * P * N));
}

/* Log loss as scikit-learn 1.2 computes it for a binary problem: the
 * probability of the positive class is clipped to [eps, 1-eps] (eps the
 * double epsilon), the pair (1-p, p) renormalised, and the loss is the mean
 * of -ln(probability of the true class). */
static void log_loss(struct pm_data *d, const unsigned *w, double total,
		     struct pm_result *r)
{
	struct ksum s = {0, 0};

	if (!d->loss) {
		/* a row's loss does not depend on the weights: compute it once
		 * for every bootstrap resample */
		d->loss = xmalloc((d->n ? d->n : 1) * sizeof(*d->loss));
		for (size_t i = 0; i < d->n; i++) {
			double p = d->score[i], q, prob;
			if (p < DBL_EPSILON)
				p = DBL_EPSILON;
			if (p > 1.0 - DBL_EPSILON)
				p = 1.0 - DBL_EPSILON;
			q = 1.0 - p;
			prob = (d->y[i] == d->pos ? p : q) / (p + q);
			d->loss[i] = -log(prob);
		}
	}
	for (size_t i = 0; i < d->n; i++)
		if (!w || w[i])
			ksum_add(&s, d->loss[i] * W(i));
	set(r, PM_LOG_LOSS, ksum_get(&s) / total);
}

static void regression(const struct pm_data *d, const unsigned *w,
		       double total, struct pm_result *r)
{
	struct ksum sy = {0, 0}, ae = {0, 0}, se = {0, 0}, ape = {0, 0},
		    tot = {0, 0};
	double mean, ss_res, ss_tot;

	for (size_t i = 0; i < d->n; i++) {
		double e = d->tp[i] - d->ty[i], wt = W(i), den;
		if (wt == 0)
			continue;
		ksum_add(&sy, wt * d->ty[i]);
		ksum_add(&ae, wt * fabs(e));
		ksum_add(&se, wt * e * e);
		den = fabs(d->ty[i]);
		if (den < DBL_EPSILON)
			den = DBL_EPSILON;
		ksum_add(&ape, wt * fabs(e) / den);
	}
	set(r, PM_MAE, ksum_get(&ae) / total);
	set(r, PM_MSE, ksum_get(&se) / total);
	set(r, PM_RMSE, sqrt(ksum_get(&se) / total));
	set(r, PM_MAPE, ksum_get(&ape) / total);
	if (!(r->computed & PM_BIT(PM_R2)))
		return;
	if (total < 2) {
		undefined(r, PM_R2, "R² needs at least two rows");
		return;
	}
	mean = ksum_get(&sy) / total;
	for (size_t i = 0; i < d->n; i++) {
		double dev = d->ty[i] - mean;
		if (w && !w[i])
			continue;
		ksum_add(&tot, W(i) * dev * dev);
	}
	ss_res = ksum_get(&se);
	ss_tot = ksum_get(&tot);
	if (ss_tot == 0) {
		undefined(r, PM_R2, "the labels are constant: R² is undefined");
		return;
	}
	set(r, PM_R2, 1.0 - ss_res / ss_tot);
}

void pm_compute(struct pm_data *d, const unsigned *w, enum pm_average avg,
		unsigned want, struct pm_result *r)
{
	double total = 0;

	memset(r, 0, sizeof(*r));
	for (int m = 0; m < PM_NMETRICS; m++)
		r->v[m] = NAN;
	r->computed = want;
	for (size_t i = 0; i < d->n; i++)
		total += W(i);
	if (total == 0) {
		for (int m = 0; m < PM_NMETRICS; m++)
			if (want & PM_BIT(m))
				undefined(r, (enum pm_metric)m, "no rows");
		return;
	}
	if (d->task == PM_REGRESSION) {
		for (int m = 0; m < PM_NMETRICS; m++)
			if ((want & PM_BIT(m)) && !(PM_REG_METRICS & PM_BIT(m)))
				undefined(r, (enum pm_metric)m, "'%s' is a classification metric",
					  metric_names[m]);
		regression(d, w, total, r);
		return;
	}
	for (int m = 0; m < PM_NMETRICS; m++)
		if ((want & PM_BIT(m)) && (PM_REG_METRICS & PM_BIT(m)))
			undefined(r, (enum pm_metric)m, "'%s' is a regression metric",
				  metric_names[m]);
	if (want & PM_CLF_LABEL_METRICS) {
		double *cm = xcalloc(d->k * d->k, sizeof(*cm)), trace = 0;
		pm_confusion(d, w, cm);
		for (size_t c = 0; c < d->k; c++)
			trace += cm[c * d->k + c];
		set(r, PM_ACCURACY, trace / total);
		if (want & (PM_BIT(PM_PRECISION) | PM_BIT(PM_RECALL) | PM_BIT(PM_F1)))
			prf(d, cm, avg, total, r);
		free(cm);
	}
	if (want & PM_CLF_SCORE_METRICS) {
		if (!d->score) {
			if (want & PM_BIT(PM_ROC_AUC))
				undefined(r, PM_ROC_AUC, "'roc_auc' needs a score column");
			if (want & PM_BIT(PM_LOG_LOSS))
				undefined(r, PM_LOG_LOSS, "'log_loss' needs a score column");
		} else {
			if (want & PM_BIT(PM_ROC_AUC))
				roc_auc(d, w, r);
			if (want & PM_BIT(PM_LOG_LOSS))
				log_loss(d, w, total, r);
		}
	}
}

void pm_rng_seed(struct pm_rng *g, uint64_t seed)
{
	g->state = seed;
}

uint64_t pm_rng_next(struct pm_rng *g)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t pm_rng_below(struct pm_rng *g, uint64_t n)
{
	/* reject the top partial block so every residue is equally likely */
	uint64_t limit = (uint64_t)0 - ((uint64_t)0 - n) % n, x;

	do
		x = pm_rng_next(g);
	while (limit != 0 && x >= limit);
	return x % n;
}

void pm_bootstrap(struct pm_data *d, enum pm_average avg, unsigned want,
		  size_t reps, uint64_t seed, double conf,
		  double lo[PM_NMETRICS], double hi[PM_NMETRICS],
		  size_t used[PM_NMETRICS])
{
	unsigned *w = xcalloc(d->n ? d->n : 1, sizeof(*w));
	double *vals = xcalloc((reps ? reps : 1) * PM_NMETRICS, sizeof(*vals));
	struct pm_result *res = xmalloc(sizeof(*res));
	struct pm_rng g;

	pm_rng_seed(&g, seed);
	for (int m = 0; m < PM_NMETRICS; m++) {
		lo[m] = hi[m] = NAN;
		used[m] = 0;
	}
	for (size_t b = 0; b < reps && d->n; b++) {
		memset(w, 0, d->n * sizeof(*w));
		for (size_t i = 0; i < d->n; i++)
			w[pm_rng_below(&g, d->n)]++;
		pm_compute(d, w, avg, want, res);
		for (int m = 0; m < PM_NMETRICS; m++)
			if (res->defined & PM_BIT(m))
				vals[(size_t)m * reps + used[m]++] = res->v[m];
	}
	for (int m = 0; m < PM_NMETRICS; m++) {
		double *v = vals + (size_t)m * reps;
		if (!(want & PM_BIT(m)) || !used[m])
			continue;
		qsort(v, used[m], sizeof(*v), num_cmp_double);
		lo[m] = num_quantile7(v, used[m], (1.0 - conf) / 2.0);
		hi[m] = num_quantile7(v, used[m], (1.0 + conf) / 2.0);
	}
	free(res);
	free(vals);
	free(w);
}
