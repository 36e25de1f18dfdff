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
	"accuracy", "balanced_accuracy", "precision", "recall", "f1",
	"matthews_corrcoef", "cohen_kappa", "selection_rate",
	"true_positive_rate", "false_positive_rate",
	"roc_auc", "average_precision", "log_loss", "brier_score",
	"top_k_accuracy",
	"mae", "mse", "rmse", "r2", "mape", "median_absolute_error",
	"max_error", "explained_variance",
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

static const char *const zero_division_names[] = {"error", "0", "1"};
static const char *const multi_class_names[] = {"ovr", "ovo"};

const char *pm_zero_division_name(enum pm_zero_division z)
{
	return zero_division_names[z];
}

int pm_zero_division_from_name(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(zero_division_names[i], name) == 0)
			return i;
	return -1;
}

const char *pm_multi_class_name(enum pm_multi_class m)
{
	return multi_class_names[m];
}

int pm_multi_class_from_name(const char *name)
{
	for (int i = 0; i < 2; i++)
		if (strcmp(multi_class_names[i], name) == 0)
			return i;
	return -1;
}

void pm_params_init(struct pm_params *p)
{
	p->average = PM_AVG_BINARY;
	p->zero_division = PM_ZD_ERROR;
	p->multi_class = PM_OVR;
	p->top_k = 2;
	p->cls = -1;
}

unsigned pm_task_metrics(enum pm_task task, unsigned have)
{
	unsigned m;

	if (task == PM_REGRESSION)
		return PM_REG_METRICS;
	m = PM_CLF_LABEL_METRICS;
	if (have & PM_HAVE_SCORE)
		m |= PM_CLF_SCORE_METRICS;
	if (have & PM_HAVE_PROBA)
		m |= PM_CLF_PROBA_METRICS | PM_BIT(PM_LOG_LOSS);
	return m;
}

void pm_data_release_cache(struct pm_data *d)
{
	free(d->order);
	free(d->loss);
	free(d->aerr_order);
	d->order = NULL;
	d->loss = NULL;
	d->aerr_order = NULL;
}

void pm_subset_make(const struct pm_data *d, const size_t *rows, size_t m,
		    struct pm_subset *out)
{
	size_t a = m ? m : 1, k = d->k;

	memset(out, 0, sizeof(*out));
	out->d = *d;
	out->d.n = m;
	out->d.order = NULL;
	out->d.loss = NULL;
	out->d.aerr_order = NULL;
	if (d->task == PM_REGRESSION) {
		out->d.ty = out->ty = xcalloc(a, sizeof(double));
		out->d.tp = out->tp = xcalloc(a, sizeof(double));
		for (size_t i = 0; i < m; i++) {
			out->ty[i] = d->ty[rows[i]];
			out->tp[i] = d->tp[rows[i]];
		}
		return;
	}
	out->d.y = out->y = xcalloc(a, sizeof(int));
	out->d.yhat = out->yhat = xcalloc(a, sizeof(int));
	for (size_t i = 0; i < m; i++) {
		out->y[i] = d->y[rows[i]];
		out->yhat[i] = d->yhat[rows[i]];
	}
	if (d->score) {
		out->d.score = out->score = xcalloc(a, sizeof(double));
		for (size_t i = 0; i < m; i++)
			out->score[i] = d->score[rows[i]];
	}
	if (d->proba) {
		out->d.proba = out->proba = xcalloc(a * k, sizeof(double));
		for (size_t i = 0; i < m; i++)
			memcpy(out->proba + i * k, d->proba + rows[i] * k,
			       k * sizeof(double));
	}
}

void pm_subset_release(struct pm_subset *s)
{
	if (!s)
		return;
	pm_data_release_cache(&s->d);
	free(s->y);
	free(s->yhat);
	free(s->score);
	free(s->proba);
	free(s->ty);
	free(s->tp);
	memset(s, 0, sizeof(*s));
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

/* Per-class precision, recall and F1 with 0/0 replaced by `zd` (0 or 1),
 * as scikit-learn's zero_division: F1 then comes from the replaced values
 * (2PR/(P+R), 0 when P + R = 0). */
static void per_class_zd(size_t k, const double *cm, double zd, double *p,
			 double *r, double *f, double *support)
{
	pm_per_class(k, cm, p, r, f, support);
	for (size_t c = 0; c < k; c++) {
		if (isnan(p[c]))
			p[c] = zd;
		if (isnan(r[c]))
			r[c] = zd;
		f[c] = p[c] + r[c] == 0 ? 0.0 : 2.0 * p[c] * r[c] / (p[c] + r[c]);
	}
}

/* Precision, recall and F1 for the chosen average, scikit-learn's
 * precision_recall_fscore_support: binary uses the positive class only;
 * macro is the plain mean over the classes present in the rows (true or
 * predicted), weighted the mean weighted by support, micro pools the
 * counts (equal to accuracy for single-label data).  With zero_division
 * error, a class that makes a figure 0/0 makes the average undefined
 * (scikit-learn would warn and use 0); with 0 or 1 it takes that value.  In
 * the weighted average only classes with support count. */
static void prf(struct pm_data *d, const double *cm, const struct pm_params *par,
		double total, struct pm_result *r)
{
	size_t k = d->k;
	double *p = xcalloc(k * 5, sizeof(double)), *rc = p + k, *f = p + 2 * k,
	       *sup = p + 3 * k, *pred = p + 4 * k;
	enum pm_average avg = par->average;
	int zd = par->zero_division != PM_ZD_ERROR;
	char name[32];

	if (zd)
		per_class_zd(k, cm, par->zero_division == PM_ZD_ONE ? 1.0 : 0.0,
			     p, rc, f, sup);
	else
		pm_per_class(k, cm, p, rc, f, sup);
	for (size_t c = 0; c < k; c++)
		for (size_t j = 0; j < k; j++)
			pred[c] += cm[j * k + c];
	if (par->cls >= 0 && (size_t)par->cls < k) {
		const double *vals[3] = {p, rc, f};
		const enum pm_metric ms[3] = {PM_PRECISION, PM_RECALL, PM_F1};
		const char *nm = class_name(d, (size_t)par->cls, name, sizeof(name));
		for (int i = 0; i < 3; i++) {
			if (!isnan(vals[i][par->cls]))
				set(r, ms[i], vals[i][par->cls]);
			else if (ms[i] != PM_RECALL && isnan(p[par->cls]))
				undefined(r, ms[i], "class '%s' is never predicted", nm);
			else
				undefined(r, ms[i], "class '%s' never occurs in the labels", nm);
		}
	} else if (avg == PM_AVG_BINARY) {
		size_t present = 0;
		for (size_t c = 0; c < k; c++)
			present += sup[c] > 0 || pred[c] > 0;
		if (present > 2) {
#define BINARY_MSG "the binary average needs two classes; the rows have %zu (choose average macro, weighted or micro)"
			undefined(r, PM_PRECISION, BINARY_MSG, present);
			undefined(r, PM_RECALL, BINARY_MSG, present);
			undefined(r, PM_F1, BINARY_MSG, present);
#undef BINARY_MSG
		} else if (zd) {
			/* an absent positive label is 0/0 everywhere */
			double zv = par->zero_division == PM_ZD_ONE ? 1.0 : 0.0;
			set(r, PM_PRECISION, d->pos < 0 ? zv : p[d->pos]);
			set(r, PM_RECALL, d->pos < 0 ? zv : rc[d->pos]);
			set(r, PM_F1, d->pos < 0 ? zv : f[d->pos]);
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
				double wt;
				if (sup[c] == 0 && pred[c] == 0)
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

/* Balanced accuracy (balanced_accuracy_score): the mean recall over the
 * classes that occur in the labels. */
static void balanced_accuracy(const struct pm_data *d, const double *cm,
			      struct pm_result *r)
{
	size_t k = d->k;
	struct ksum s = {0, 0};
	size_t m = 0;

	for (size_t c = 0; c < k; c++) {
		double truth = 0;
		for (size_t j = 0; j < k; j++)
			truth += cm[c * k + j];
		if (truth == 0)
			continue;
		ksum_add(&s, cm[c * k + c] / truth);
		m++;
	}
	set(r, PM_BALANCED_ACCURACY, ksum_get(&s) / (double)m);
}

/* Matthews correlation coefficient (matthews_corrcoef), multiclass form:
 * (c·s − Σ t_k p_k) / sqrt((s² − Σ p_k²)(s² − Σ t_k²)) with c the correct
 * rows, s the rows, t_k and p_k the true and predicted counts of class k.
 * scikit-learn returns 0 when the denominator is 0; that is 0/0, so it is
 * undefined here. */
static void mcc(const struct pm_data *d, const double *cm, struct pm_result *r)
{
	size_t k = d->k;
	double c = 0, s = 0, tp = 0, pp = 0, tt = 0, cov_ytyp, cov_ypyp, cov_ytyt;

	for (size_t i = 0; i < k; i++) {
		double t = 0, p = 0;
		for (size_t j = 0; j < k; j++) {
			t += cm[i * k + j];
			p += cm[j * k + i];
		}
		c += cm[i * k + i];
		s += p;
		tp += t * p;
		pp += p * p;
		tt += t * t;
	}
	cov_ytyp = c * s - tp;
	cov_ypyp = s * s - pp;
	cov_ytyt = s * s - tt;
	if (cov_ypyp * cov_ytyt == 0) {
		undefined(r, PM_MCC, "%s: the Matthews coefficient is 0/0",
			  cov_ytyt == 0 ? "the labels are a single class" :
					  "the predictions are a single class");
		return;
	}
	set(r, PM_MCC, cov_ytyp / sqrt(cov_ytyt * cov_ypyp));
}

/* Cohen's kappa (cohen_kappa_score, no weights): 1 − Σ_{i≠j} C_ij /
 * Σ_{i≠j} E_ij, E_ij = (predicted count of i)(true count of j) / n. */
static void cohen_kappa(const struct pm_data *d, const double *cm,
			struct pm_result *r)
{
	size_t k = d->k;
	double *sum0 = xcalloc(2 * k, sizeof(double)), *sum1 = sum0 + k, n = 0;
	struct ksum num = {0, 0}, den = {0, 0};

	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++) {
			sum0[j] += cm[i * k + j];
			sum1[i] += cm[i * k + j];
		}
	for (size_t i = 0; i < k; i++)
		n += sum0[i];
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++) {
			if (i == j)
				continue;
			ksum_add(&num, cm[i * k + j]);
			ksum_add(&den, sum0[i] * sum1[j] / n);
		}
	if (ksum_get(&den) == 0)
		undefined(r, PM_COHEN_KAPPA,
			  "the labels and the predictions are one single class: Cohen's kappa is 0/0");
	else
		set(r, PM_COHEN_KAPPA, 1.0 - ksum_get(&num) / ksum_get(&den));
	free(sum0);
}

/* The classes that occur in the rows (as true or predicted class). */
static size_t classes_present(size_t k, const double *cm)
{
	size_t present = 0;

	for (size_t c = 0; c < k; c++) {
		double any = 0;
		for (size_t j = 0; j < k; j++)
			any += cm[c * k + j] + cm[j * k + c];
		present += any > 0;
	}
	return present;
}

/* The rates fairness compares, as Fairlearn defines them for a binary
 * problem: selection rate = rows predicted positive / rows; true positive
 * rate = TP / (TP + FN); false positive rate = FP / (FP + TN).  Fairlearn
 * returns 0 where a rate is 0/0 (no positive or no negative row); that is
 * undefined here. */
static void rates(const struct pm_data *d, const double *cm, double total,
		  unsigned want, struct pm_result *r)
{
	size_t k = d->k;
	double sel = 0, tp = 0, fn = 0, fp = 0, tn = 0;
	int pos = d->pos;

	if (pos < 0 || classes_present(k, cm) > 2) {
		const char *why = pos < 0 ? "there is no positive label" :
			"the rows have more than two classes (a rate needs a binary problem)";
		for (int m = PM_SELECTION_RATE; m <= PM_FPR; m++)
			if (want & PM_BIT(m))
				undefined(r, (enum pm_metric)m, "%s", why);
		return;
	}
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++) {
			double v = cm[i * k + j];
			int t = (int)i == pos, p = (int)j == pos;
			sel += p ? v : 0;
			tp += t && p ? v : 0;
			fn += t && !p ? v : 0;
			fp += !t && p ? v : 0;
			tn += !t && !p ? v : 0;
		}
	set(r, PM_SELECTION_RATE, sel / total);
	if (want & PM_BIT(PM_TPR)) {
		if (tp + fn == 0)
			undefined(r, PM_TPR, "no row has the positive label");
		else
			set(r, PM_TPR, tp / (tp + fn));
	}
	if (want & PM_BIT(PM_FPR)) {
		if (fp + tn == 0)
			undefined(r, PM_FPR, "no row has a negative label");
		else
			set(r, PM_FPR, fp / (fp + tn));
	}
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

static size_t *sort_desc(size_t n, const double *v, size_t stride)
{
	struct scored *t = xmalloc((n ? n : 1) * sizeof(*t));
	size_t *order = xmalloc((n ? n : 1) * sizeof(*order));

	for (size_t i = 0; i < n; i++) {
		t[i].s = v[i * stride];
		t[i].i = i;
	}
	qsort(t, n, sizeof(*t), cmp_scored);
	for (size_t i = 0; i < n; i++)
		order[i] = t[i].i;
	free(t);
	return order;
}

/* Row orders by descending score: the score column, or each class's
 * probability column (k orders of n). */
static void build_order(struct pm_data *d)
{
	if (d->order)
		return;
	if (d->proba && d->k > 2) {
		d->order = xmalloc((d->n ? d->n : 1) * d->k * sizeof(*d->order));
		for (size_t c = 0; c < d->k; c++) {
			size_t *o = sort_desc(d->n, d->proba + c, d->k);
			memcpy(d->order + c * d->n, o, d->n * sizeof(*o));
			free(o);
		}
	} else {
		d->order = sort_desc(d->n, d->score, 1);
	}
}

static double score_at(const struct pm_data *d, int col, size_t i)
{
	return col < 0 ? d->score[i] : d->proba[i * d->k + (size_t)col];
}

/* The area under the ROC curve of rows with class `a` (positive) against
 * rows with class `b` (negative; -1: every other class), ranked by `col`
 * (-1: the score column; else that class's probability), in the row order
 * `order`.  As scikit-learn: one curve point per distinct score (tied
 * scores move together, so a tie counts one half), the trapezoid rule over
 * those points.  The counts are exact integers, so the area is one exact
 * sum divided once.  -1 when either side has no row. */
static int auc_pair(const struct pm_data *d, const unsigned *w,
		    const size_t *order, int a, int b, int col, double *out)
{
	double P = 0, N = 0, tp = 0, fp = 0, tp0 = 0, fp0 = 0, area = 0;

	for (size_t i = 0; i < d->n; i++) {
		if (d->y[i] == a)
			P += W(i);
		else if (b < 0 || d->y[i] == b)
			N += W(i);
	}
	if (P == 0 || N == 0)
		return -1;
	for (size_t j = 0; j < d->n;) {
		double s = score_at(d, col, order[j]);
		while (j < d->n && score_at(d, col, order[j]) == s) {
			size_t i = order[j++];
			if (d->y[i] == a)
				tp += W(i);
			else if (b < 0 || d->y[i] == b)
				fp += W(i);
		}
		area += (fp - fp0) * (tp + tp0);
		tp0 = tp;
		fp0 = fp;
	}
	*out = area / (2.0 * P * N);
	return 0;
}

static void roc_auc_binary(struct pm_data *d, const unsigned *w,
			   struct pm_result *r)
{
	double v;

	if (d->pos < 0 || auc_pair(d, w, (build_order(d), d->order), d->pos, -1,
				   -1, &v) < 0) {
		double P = 0;
		for (size_t i = 0; d->pos >= 0 && i < d->n; i++)
			P += d->y[i] == d->pos ? W(i) : 0;
		undefined(r, PM_ROC_AUC, "only one class in the labels (%s): ROC AUC is undefined",
			  P == 0 ? "no positive row" : "no negative row");
		return;
	}
	set(r, PM_ROC_AUC, v);
}

/* Multiclass ROC AUC from class probabilities (roc_auc_score with
 * multi_class and labels = every class): one-vs-rest averages each class's
 * AUC against the rest (macro: plain mean; weighted: by the class's
 * support), and every class must occur in the labels; one-vs-one (Hand &
 * Till) averages, over the pairs of classes that occur, the mean of the
 * two AUCs of the pair restricted to its rows (macro: plain mean; weighted:
 * by the share of rows in the pair). */
static void roc_auc_multi(struct pm_data *d, const unsigned *w,
			  const struct pm_params *par, struct pm_result *r)
{
	size_t k = d->k, n = d->n;
	double *sup = xcalloc(k, sizeof(double)), total = 0;
	int weighted = par->average == PM_AVG_WEIGHTED;
	struct ksum num = {0, 0}, den = {0, 0};
	char name[32];

	build_order(d);
	for (size_t i = 0; i < n; i++) {
		sup[d->y[i]] += W(i);
		total += W(i);
	}
	if (par->multi_class == PM_OVR) {
		for (size_t c = 0; c < k; c++) {
			double v;
			if (auc_pair(d, w, d->order + c * n, (int)c, -1, (int)c, &v) < 0) {
				undefined(r, PM_ROC_AUC,
					  "class '%s' %s: its one-vs-rest ROC AUC is undefined",
					  class_name(d, c, name, sizeof(name)),
					  sup[c] == 0 ? "never occurs in the labels" :
							"is the only class in the labels");
				free(sup);
				return;
			}
			ksum_add(&num, weighted ? v * sup[c] : v);
			ksum_add(&den, weighted ? sup[c] : 1.0);
		}
	} else {
		size_t pairs = 0;
		for (size_t a = 0; a < k; a++)
			for (size_t b = a + 1; b < k; b++) {
				double va, vb, v;
				if (sup[a] == 0 || sup[b] == 0)
					continue; /* scikit-learn pairs the classes in y_true */
				auc_pair(d, w, d->order + a * n, (int)a, (int)b, (int)a, &va);
				auc_pair(d, w, d->order + b * n, (int)b, (int)a, (int)b, &vb);
				v = (va + vb) / 2;
				if (weighted) {
					double prev = (sup[a] + sup[b]) / total;
					ksum_add(&num, v * prev);
					ksum_add(&den, prev);
				} else {
					ksum_add(&num, v);
					ksum_add(&den, 1.0);
				}
				pairs++;
			}
		if (!pairs) {
			undefined(r, PM_ROC_AUC,
				  "only one class in the labels: one-vs-one ROC AUC is undefined");
			free(sup);
			return;
		}
	}
	set(r, PM_ROC_AUC, ksum_get(&num) / ksum_get(&den));
	free(sup);
}

/* Average precision (average_precision_score, binary): Σ (R_i − R_{i−1})
 * P_i over the distinct scores from the highest, P_i and R_i the precision
 * and recall of predicting positive at or above the i-th score. */
static void average_precision(struct pm_data *d, const unsigned *w,
			      struct pm_result *r)
{
	double P = 0, tp = 0, fp = 0, rec0 = 0;
	struct ksum ap = {0, 0};

	for (size_t i = 0; d->pos >= 0 && i < d->n; i++)
		P += d->y[i] == d->pos ? W(i) : 0;
	if (P == 0) {
		undefined(r, PM_AVERAGE_PRECISION, "no row has the positive label");
		return;
	}
	build_order(d);
	for (size_t j = 0; j < d->n;) {
		double s = d->score[d->order[j]], rec;
		while (j < d->n && d->score[d->order[j]] == s) {
			size_t i = d->order[j++];
			if (d->y[i] == d->pos)
				tp += W(i);
			else
				fp += W(i);
		}
		if (tp + fp == 0)
			continue; /* only rows of weight 0 so far */
		rec = tp / P;
		ksum_add(&ap, (rec - rec0) * (tp / (tp + fp)));
		rec0 = rec;
	}
	set(r, PM_AVERAGE_PRECISION, ksum_get(&ap));
}

/* Brier score (brier_score_loss): the mean of (1[y = positive] − score)². */
static void brier(const struct pm_data *d, const unsigned *w, double total,
		  struct pm_result *r)
{
	struct ksum s = {0, 0};

	for (size_t i = 0; i < d->n; i++) {
		double e = (d->y[i] == d->pos ? 1.0 : 0.0) - d->score[i];
		if (!w || w[i])
			ksum_add(&s, e * e * W(i));
	}
	set(r, PM_BRIER, ksum_get(&s) / total);
}

/* Top-k accuracy (top_k_accuracy_score) from class probabilities: a row
 * counts when its true class is among the k most probable; of tied
 * probabilities the later class in label order ranks first (scikit-learn
 * reverses numpy's stable argsort). */
static void top_k(const struct pm_data *d, const unsigned *w, double total,
		  const struct pm_params *par, struct pm_result *r)
{
	size_t k = d->k;
	double hits = 0;

	for (size_t i = 0; i < d->n; i++) {
		const double *p = d->proba + i * k;
		size_t t = (size_t)d->y[i], rank = 0;
		for (size_t j = 0; j < k; j++)
			rank += p[j] > p[t] || (j > t && p[j] == p[t]);
		if (rank < par->top_k)
			hits += W(i);
	}
	set(r, PM_TOP_K, hits / total);
}

/* Log loss as scikit-learn 1.2 computes it: the probabilities (the pair
 * (1-p, p) of a binary score, or a row of class probabilities) are clipped
 * to [eps, 1-eps] (eps the double epsilon) and renormalised, and the loss
 * is the mean of -ln(probability of the true class). */
static void log_loss(struct pm_data *d, const unsigned *w, double total,
		     struct pm_result *r)
{
	struct ksum s = {0, 0};
	int multi = d->proba && d->k > 2;

	if (!d->loss) {
		/* a row's loss does not depend on the weights: compute it once
		 * for every bootstrap resample */
		d->loss = xmalloc((d->n ? d->n : 1) * sizeof(*d->loss));
		for (size_t i = 0; i < d->n; i++) {
			double prob;
			if (multi) {
				const double *row = d->proba + i * d->k;
				double sum = 0, pt = 0;
				for (size_t c = 0; c < d->k; c++) {
					double q = row[c];
					q = q < DBL_EPSILON ? DBL_EPSILON :
					    q > 1.0 - DBL_EPSILON ? 1.0 - DBL_EPSILON : q;
					sum += q;
					if ((int)c == d->y[i])
						pt = q;
				}
				prob = pt / sum;
			} else {
				double p = d->score[i], q;
				if (p < DBL_EPSILON)
					p = DBL_EPSILON;
				if (p > 1.0 - DBL_EPSILON)
					p = 1.0 - DBL_EPSILON;
				q = 1.0 - p;
				prob = (d->y[i] == d->pos ? p : q) / (p + q);
			}
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

struct aerr {
	double e;
	size_t i;
};

static int cmp_aerr(const void *a, const void *b)
{
	double x = ((const struct aerr *)a)->e, y = ((const struct aerr *)b)->e;

	return (x > y) - (x < y);
}

/* Median absolute error (median_absolute_error): numpy's median of
 * |ŷ − y| over the rows, each row repeated w[i] times (the mean of the two
 * middle values when their number is even); max error (max_error): the
 * largest |y − ŷ|. */
static void median_max_error(struct pm_data *d, const unsigned *w,
			     double total, struct pm_result *r)
{
	size_t n = d->n, lo, hi, seen = 0;
	double a = NAN, b = NAN, mx = 0;

	if (!d->aerr_order) {
		struct aerr *t = xmalloc((n ? n : 1) * sizeof(*t));
		for (size_t i = 0; i < n; i++) {
			t[i].e = fabs(d->tp[i] - d->ty[i]);
			t[i].i = i;
		}
		qsort(t, n, sizeof(*t), cmp_aerr);
		d->aerr_order = xmalloc((n ? n : 1) * sizeof(*d->aerr_order));
		for (size_t i = 0; i < n; i++)
			d->aerr_order[i] = t[i].i;
		free(t);
	}
	/* positions of the middle values among the repeated rows */
	lo = ((size_t)total - 1) / 2;
	hi = (size_t)total / 2;
	for (size_t j = 0; j < n; j++) {
		size_t i = d->aerr_order[j], c = w ? w[i] : 1;
		double e = fabs(d->tp[i] - d->ty[i]);
		if (!c)
			continue;
		if (seen <= lo && lo < seen + c)
			a = e;
		if (seen <= hi && hi < seen + c)
			b = e;
		seen += c;
		mx = e; /* ascending: the last row counted is the largest */
	}
	set(r, PM_MEDAE, lo == hi ? a : (a + b) / 2.0);
	set(r, PM_MAX_ERROR, mx);
}

/* Explained variance (explained_variance_score): 1 − Var(y − ŷ) / Var(y),
 * both variances the weighted mean of squared deviations from the
 * weighted mean.  scikit-learn gives 1 or 0 when Var(y) = 0 (force_finite);
 * that is 0/0, so it is undefined here, as R² is. */
static void explained_variance(const struct pm_data *d, const unsigned *w,
			       double total, struct pm_result *r)
{
	struct ksum sd = {0, 0}, sy = {0, 0}, num = {0, 0}, den = {0, 0};
	double md, my;

	for (size_t i = 0; i < d->n; i++) {
		if (w && !w[i])
			continue;
		ksum_add(&sd, W(i) * (d->ty[i] - d->tp[i]));
		ksum_add(&sy, W(i) * d->ty[i]);
	}
	md = ksum_get(&sd) / total;
	my = ksum_get(&sy) / total;
	for (size_t i = 0; i < d->n; i++) {
		double e, v;
		if (w && !w[i])
			continue;
		e = d->ty[i] - d->tp[i] - md;
		v = d->ty[i] - my;
		ksum_add(&num, W(i) * e * e);
		ksum_add(&den, W(i) * v * v);
	}
	if (ksum_get(&den) == 0) {
		undefined(r, PM_EXPLAINED_VARIANCE,
			  "the labels are constant: explained variance is undefined");
		return;
	}
	set(r, PM_EXPLAINED_VARIANCE,
	    1.0 - (ksum_get(&num) / total) / (ksum_get(&den) / total));
}

/* The metrics computed from scores: the probability of the positive label
 * (binary) or of every class. */
static void score_metrics(struct pm_data *d, const unsigned *w, double total,
			  const struct pm_params *par, unsigned want,
			  struct pm_result *r)
{
	int multi = d->proba && d->k > 2;

	if (want & PM_BIT(PM_ROC_AUC)) {
		if (multi)
			roc_auc_multi(d, w, par, r);
		else if (d->score)
			roc_auc_binary(d, w, r);
		else
			undefined(r, PM_ROC_AUC, "'roc_auc' needs a score column");
	}
	if (want & PM_BIT(PM_LOG_LOSS)) {
		if (multi || d->score)
			log_loss(d, w, total, r);
		else
			undefined(r, PM_LOG_LOSS, "'log_loss' needs a score column");
	}
	for (int m = PM_AVERAGE_PRECISION; m <= PM_BRIER; m++) {
		if (!(want & PM_BIT(m)) || m == PM_LOG_LOSS)
			continue;
		if (!d->score)
			undefined(r, (enum pm_metric)m, "'%s' needs a binary problem with a score column",
				  metric_names[m]);
		else if (d->pos < 0)
			undefined(r, (enum pm_metric)m, "there is no positive label");
		else if (m == PM_AVERAGE_PRECISION)
			average_precision(d, w, r);
		else
			brier(d, w, total, r);
	}
	if (want & PM_BIT(PM_TOP_K)) {
		if (!d->proba)
			undefined(r, PM_TOP_K, "'top_k_accuracy' needs a probability column per class");
		else if (d->k < 3)
			undefined(r, PM_TOP_K, "'top_k_accuracy' needs three or more classes (scikit-learn's binary form reads one score)");
		else
			top_k(d, w, total, par, r);
	}
}

void pm_compute_params(struct pm_data *d, const unsigned *w,
		       const struct pm_params *par, unsigned want,
		       struct pm_result *r)
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
		if (want & (PM_BIT(PM_MEDAE) | PM_BIT(PM_MAX_ERROR)))
			median_max_error(d, w, total, r);
		if (want & PM_BIT(PM_EXPLAINED_VARIANCE))
			explained_variance(d, w, total, r);
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
			prf(d, cm, par, total, r);
		if (want & PM_BIT(PM_BALANCED_ACCURACY))
			balanced_accuracy(d, cm, r);
		if (want & PM_BIT(PM_MCC))
			mcc(d, cm, r);
		if (want & PM_BIT(PM_COHEN_KAPPA))
			cohen_kappa(d, cm, r);
		if (want & (PM_BIT(PM_SELECTION_RATE) | PM_BIT(PM_TPR) | PM_BIT(PM_FPR)))
			rates(d, cm, total, want, r);
		free(cm);
	}
	if (want & (PM_CLF_SCORE_METRICS | PM_CLF_PROBA_METRICS))
		score_metrics(d, w, total, par, want, r);
}

void pm_compute(struct pm_data *d, const unsigned *w, enum pm_average avg,
		unsigned want, struct pm_result *r)
{
	struct pm_params p;

	pm_params_init(&p);
	p.average = avg;
	pm_compute_params(d, w, &p, want, r);
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
	struct pm_params p;

	pm_params_init(&p);
	p.average = avg;
	pm_bootstrap_params(d, &p, want, reps, seed, conf, lo, hi, used);
}

void pm_bootstrap_params(struct pm_data *d, const struct pm_params *par,
			 unsigned want, size_t reps, uint64_t seed, double conf,
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
		pm_compute_params(d, w, par, want, res);
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
