/* predictions: a predictions file (CSV, streamed by csv.h) read into the
 * encoded arrays clfmetrics works on -- label classes sorted and matched by
 * type, the positive label chosen, predictions derived from scores at a
 * threshold, rows split into groups.  The metrics report (pred_report.h)
 * and the `predictions:` section (predictions_section.h) are built on this
 * loader.  Bad input (a missing column, an empty cell, labels
 * and predictions of different types, a predicted class never seen in the
 * labels, a score outside [0, 1], no rows) is an error with file:line. */
#ifndef MLGATE_PREDICTIONS_H
#define MLGATE_PREDICTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "model/clfmetrics.h"
#include "common/util.h"

#define PRED_MAX_CLASSES 10000
#define PRED_MAX_GROUPS 10000
#define PRED_MAX_BY 16

struct pred_options {
	const char *path;          /* "-" = stdin; shown in messages as given */
	const char *label;         /* column names */
	const char *prediction;    /* may be NULL when score is set */
	const char *score;         /* probability of the positive label, or NULL */
	const char *proba_prefix;  /* columns PREFIX<class>: each class's probability, or NULL */
	const char *by[PRED_MAX_BY];
	size_t nby;
	enum pm_task task;
	const char *positive;      /* NULL: 1 / true / the second of two labels */
	int has_average;
	enum pm_average average;   /* default binary */
	int has_threshold;
	double threshold;          /* default 0.5; only without a prediction column */
	enum pm_zero_division zero_division; /* default error */
	enum pm_multi_class multi_class;     /* default ovr */
	unsigned top_k;                      /* 0: the default, 2 */
};

struct pred_group {
	char *name;
	struct pm_data d;          /* the group's rows, arrays owned */
	int *y, *yhat;
	double *score, *proba, *ty, *tp;
};

struct pred_grouping {
	const char *column;
	struct pred_group *v;      /* sorted by name (numerically when all are numbers) */
	size_t n;
	size_t *row_group;         /* the index in v of each row's group */
};

struct pred_set {
	const char *path;          /* borrowed from the options */
	struct pm_data d;          /* every row */
	size_t k;
	char **class_names;        /* labels as shown: numbers formatted, or the strings */
	int numeric;               /* labels are numbers (JSON numbers in reports) */
	double *class_values;      /* when numeric */
	enum pm_average average;
	struct pm_params params;   /* average and the options above */
	int derived;               /* predictions are score >= threshold */
	double threshold;
	struct pred_grouping by[PRED_MAX_BY];
	size_t nby;
	int *y, *yhat;
	double *score, *proba, *ty, *tp;
};

/* Read and encode.  0, or -1 with err (code 3 for bad input, 2 for options
 * that contradict each other). */
int pred_load(const struct pred_options *o, struct pred_set *ps,
	      struct mg_error *err);
void pred_release(struct pred_set *ps);

#endif
