/* clfmetrics: model metrics computed from predictions, with scikit-learn's
 * definitions (classification: accuracy, balanced accuracy,
 * precision/recall/F1 with an average and a zero_division rule, MCC, Cohen's kappa,
 * the rates fairness compares (selection rate, TPR, FPR), ROC AUC (binary,
 * or multiclass one-vs-rest / one-vs-one from class probabilities), average
 * precision, log loss, Brier score, top-k accuracy, confusion matrix;
 * regression: MAE, MSE, RMSE, R², MAPE, median absolute error, max error,
 * explained variance), optional integer row weights (groups, bootstrap
 * resamples), a seeded percentile bootstrap and the type-7 quantile.  Pure math on arrays:
 * the caller (predictions.c) encodes labels and owns every array.  A metric
 * the data does not define is reported as undefined with a reason, never as
 * a number. */
#ifndef MLGATE_CLFMETRICS_H
#define MLGATE_CLFMETRICS_H

#include <stddef.h>
#include <stdint.h>

enum pm_task { PM_CLASSIFICATION, PM_REGRESSION };
enum pm_average { PM_AVG_BINARY, PM_AVG_MACRO, PM_AVG_WEIGHTED, PM_AVG_MICRO };

enum pm_zero_division { PM_ZD_ERROR, PM_ZD_ZERO, PM_ZD_ONE };
enum pm_multi_class { PM_OVR, PM_OVO };

enum pm_metric {
	PM_ACCURACY, PM_BALANCED_ACCURACY, PM_PRECISION, PM_RECALL, PM_F1,
	PM_MCC, PM_COHEN_KAPPA, PM_SELECTION_RATE, PM_TPR, PM_FPR,
	PM_ROC_AUC, PM_AVERAGE_PRECISION, PM_LOG_LOSS, PM_BRIER, PM_TOP_K,
	PM_MAE, PM_MSE, PM_RMSE, PM_R2, PM_MAPE, PM_MEDAE, PM_MAX_ERROR,
	PM_EXPLAINED_VARIANCE,
	PM_NMETRICS
};

#define PM_BIT(m) (1u << (m))
/* from the labels and predicted classes */
#define PM_CLF_LABEL_METRICS                                                  \
	(PM_BIT(PM_ACCURACY) | PM_BIT(PM_BALANCED_ACCURACY) |                 \
	 PM_BIT(PM_PRECISION) | PM_BIT(PM_RECALL) | PM_BIT(PM_F1) |           \
	 PM_BIT(PM_MCC) | PM_BIT(PM_COHEN_KAPPA) | PM_BIT(PM_SELECTION_RATE) | \
	 PM_BIT(PM_TPR) | PM_BIT(PM_FPR))
/* from the probability of the positive label (binary) */
#define PM_CLF_SCORE_METRICS                                                  \
	(PM_BIT(PM_ROC_AUC) | PM_BIT(PM_AVERAGE_PRECISION) |                  \
	 PM_BIT(PM_LOG_LOSS) | PM_BIT(PM_BRIER))
/* from one probability column per class */
#define PM_CLF_PROBA_METRICS (PM_BIT(PM_ROC_AUC) | PM_BIT(PM_TOP_K))
/* defined for two classes and a positive label only */
#define PM_BINARY_ONLY_METRICS                                                \
	(PM_BIT(PM_SELECTION_RATE) | PM_BIT(PM_TPR) | PM_BIT(PM_FPR) |        \
	 PM_BIT(PM_AVERAGE_PRECISION) | PM_BIT(PM_BRIER))
#define PM_REG_METRICS                                                        \
	(PM_BIT(PM_MAE) | PM_BIT(PM_MSE) | PM_BIT(PM_RMSE) | PM_BIT(PM_R2) |  \
	 PM_BIT(PM_MAPE) | PM_BIT(PM_MEDAE) | PM_BIT(PM_MAX_ERROR) |          \
	 PM_BIT(PM_EXPLAINED_VARIANCE))

/* How the metrics are computed, where scikit-learn takes an argument:
 * `average` for precision/recall/F1 (and, when macro or weighted, for the
 * multiclass ROC AUC, which is macro otherwise), `zero_division` for a
 * precision/recall/F1 that is 0/0 (error: undefined, the default; 0 or 1:
 * that value, as scikit-learn), `multi_class` for a multiclass ROC AUC, and
 * `top_k` for top-k accuracy; `cls` >= 0 makes precision/recall/F1 those
 * of that one class (scikit-learn's average=None, one entry). */
struct pm_params {
	enum pm_average average;
	enum pm_zero_division zero_division;
	enum pm_multi_class multi_class;
	unsigned top_k;
	int cls;
};

/* binary average, zero_division error, one-vs-rest, k = 2 (scikit-learn's
 * default k), no class */
void pm_params_init(struct pm_params *p);

/* Predictions, encoded.  Classification: classes are 0..k-1 (the caller's
 * sorted label order), y the true class per row, yhat the predicted class,
 * score the probability of class `pos` (in [0, 1]) or NULL, proba the
 * probability of every class (n rows of k, row-major; each row sums to 1)
 * or NULL.  `pos` is the
 * positive class for the binary average, ROC AUC and log loss, or -1 when
 * the positive label does not occur in the data.  Regression: ty (true) and
 * tp (predicted).  The arrays belong to the caller. */
struct pm_data {
	enum pm_task task;
	size_t n;
	size_t k;
	const int *y, *yhat;
	const double *score;
	const double *proba;
	int pos;
	const double *ty, *tp;
	const char *const *names; /* class names for messages, or NULL */
	/* caches built on first use: row indices by descending score (ROC
	 * AUC), each row's log loss, row indices by absolute error (median
	 * absolute error) */
	size_t *order;
	double *loss;
	size_t *aerr_order;
};

#define PM_WHY_SIZE 160

struct pm_result {
	double v[PM_NMETRICS];
	unsigned computed; /* PM_BIT mask of metrics that were asked for */
	unsigned defined;  /* PM_BIT mask of metrics with a value */
	char why[PM_NMETRICS][PM_WHY_SIZE]; /* reason when asked but undefined */
};

const char *pm_metric_name(enum pm_metric m);
/* The metric called `name` ("f1", "roc_auc", ...) or -1. */
int pm_metric_from_name(const char *name);
const char *pm_average_name(enum pm_average a);
int pm_average_from_name(const char *name); /* or -1 */
const char *pm_zero_division_name(enum pm_zero_division z);
int pm_zero_division_from_name(const char *name); /* "0", "1", "error"; or -1 */
const char *pm_multi_class_name(enum pm_multi_class m);
int pm_multi_class_from_name(const char *name); /* "ovr", "ovo"; or -1 */

#define PM_HAVE_SCORE 1u /* a column with the probability of the positive label */
#define PM_HAVE_PROBA 2u /* a probability column per class */
/* The metrics that apply to a task given the inputs (PM_HAVE_* flags; 1
 * means a score column). */
unsigned pm_task_metrics(enum pm_task task, unsigned have);

/* Release what pm_compute cached in d (score order, row losses). */
void pm_data_release_cache(struct pm_data *d);

/* Compute the metrics in `want` (PM_BIT mask) over the rows of d, each row
 * counted w[i] times (w NULL = once).  Never fails: each metric is either
 * defined (bit in r->defined) or has a reason in r->why. */
void pm_compute_params(struct pm_data *d, const unsigned *w,
		       const struct pm_params *p, unsigned want,
		       struct pm_result *r);
/* The same with pm_params_init's defaults and the average `avg`. */
void pm_compute(struct pm_data *d, const unsigned *w, enum pm_average avg,
		unsigned want, struct pm_result *r);

/* The rows `rows[0..m)` of d as a new pm_data in `out`, whose arrays `out`
 * owns (release with pm_subset_release); names and parameters are shared. */
struct pm_subset {
	struct pm_data d;
	int *y, *yhat;
	double *score, *proba, *ty, *tp;
};
void pm_subset_make(const struct pm_data *d, const size_t *rows, size_t m,
		    struct pm_subset *out);
void pm_subset_release(struct pm_subset *s);

/* The k*k confusion matrix (row = true class, column = predicted), weighted. */
void pm_confusion(const struct pm_data *d, const unsigned *w, double *cm);

/* Per-class precision, recall, F1 and support from a confusion matrix; each
 * of p, r, f gets NaN where the class makes it undefined (never predicted,
 * never true). */
void pm_per_class(size_t k, const double *cm, double *p, double *r, double *f,
		  double *support);

/* splitmix64: a small deterministic PRNG for the bootstrap. */
struct pm_rng {
	uint64_t state;
};
void pm_rng_seed(struct pm_rng *g, uint64_t seed);
uint64_t pm_rng_next(struct pm_rng *g);
/* Uniform in [0, n) without modulo bias (n > 0). */
uint64_t pm_rng_below(struct pm_rng *g, uint64_t n);

/* Bootstrap percentile intervals: `reps` resamples of the n rows with
 * replacement (row i drawn by pm_rng_below(n), n draws per resample); for
 * every metric in `want`, lo/hi are the type-7 quantiles at (1-conf)/2 and
 * (1+conf)/2 of the values over the resamples where the metric is defined;
 * used[m] counts those resamples (lo/hi NaN when 0). */
void pm_bootstrap_params(struct pm_data *d, const struct pm_params *p,
			 unsigned want, size_t reps, uint64_t seed, double conf,
			 double lo[PM_NMETRICS], double hi[PM_NMETRICS],
			 size_t used[PM_NMETRICS]);
/* The same with pm_params_init's defaults and the average `avg`. */
void pm_bootstrap(struct pm_data *d, enum pm_average avg, unsigned want,
		  size_t reps, uint64_t seed, double conf,
		  double lo[PM_NMETRICS], double hi[PM_NMETRICS],
		  size_t used[PM_NMETRICS]);

#endif
