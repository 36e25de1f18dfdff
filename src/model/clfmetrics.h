/* clfmetrics: model metrics computed from predictions, with scikit-learn's
 * definitions (classification: accuracy, precision/recall/F1 with an
 * average, ROC AUC, log loss, confusion matrix; regression: MAE, MSE, RMSE,
 * R², MAPE), optional integer row weights (groups, bootstrap resamples), a
 * seeded percentile bootstrap and the type-7 quantile.  Pure math on arrays:
 * the caller (predictions.c) encodes labels and owns every array.  A metric
 * the data does not define is reported as undefined with a reason, never as
 * a number. */
#ifndef MLGATE_CLFMETRICS_H
#define MLGATE_CLFMETRICS_H

#include <stddef.h>
#include <stdint.h>

enum pm_task { PM_CLASSIFICATION, PM_REGRESSION };
enum pm_average { PM_AVG_BINARY, PM_AVG_MACRO, PM_AVG_WEIGHTED, PM_AVG_MICRO };

enum pm_metric {
	PM_ACCURACY, PM_PRECISION, PM_RECALL, PM_F1, PM_ROC_AUC, PM_LOG_LOSS,
	PM_MAE, PM_MSE, PM_RMSE, PM_R2, PM_MAPE,
	PM_NMETRICS
};

#define PM_BIT(m) (1u << (m))
#define PM_CLF_LABEL_METRICS \
	(PM_BIT(PM_ACCURACY) | PM_BIT(PM_PRECISION) | PM_BIT(PM_RECALL) | PM_BIT(PM_F1))
#define PM_CLF_SCORE_METRICS (PM_BIT(PM_ROC_AUC) | PM_BIT(PM_LOG_LOSS))
#define PM_REG_METRICS \
	(PM_BIT(PM_MAE) | PM_BIT(PM_MSE) | PM_BIT(PM_RMSE) | PM_BIT(PM_R2) | PM_BIT(PM_MAPE))

/* Predictions, encoded.  Classification: classes are 0..k-1 (the caller's
 * sorted label order), y the true class per row, yhat the predicted class,
 * score the probability of class `pos` (in [0, 1]) or NULL.  `pos` is the
 * positive class for the binary average, ROC AUC and log loss, or -1 when
 * the positive label does not occur in the data.  Regression: ty (true) and
 * tp (predicted).  The arrays belong to the caller. */
struct pm_data {
	enum pm_task task;
	size_t n;
	size_t k;
	const int *y, *yhat;
	const double *score;
	int pos;
	const double *ty, *tp;
	const char *const *names; /* class names for messages, or NULL */
	/* caches built on first use: row indices by descending score (ROC
	 * AUC), each row's log loss */
	size_t *order;
	double *loss;
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
/* The metrics that apply to a task, and those that need scores. */
unsigned pm_task_metrics(enum pm_task task, int have_score);

/* Release what pm_compute cached in d (score order, row losses). */
void pm_data_release_cache(struct pm_data *d);

/* Compute the metrics in `want` (PM_BIT mask) over the rows of d, each row
 * counted w[i] times (w NULL = once).  Never fails: each metric is either
 * defined (bit in r->defined) or has a reason in r->why. */
void pm_compute(struct pm_data *d, const unsigned *w, enum pm_average avg,
		unsigned want, struct pm_result *r);

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
void pm_bootstrap(struct pm_data *d, enum pm_average avg, unsigned want,
		  size_t reps, uint64_t seed, double conf,
		  double lo[PM_NMETRICS], double hi[PM_NMETRICS],
		  size_t used[PM_NMETRICS]);

#endif
