/* Metric math against scikit-learn's numbers (tests/gen/gen_metrics_expected.py
 * wrote the fixtures and expected.json) and against small cases worked by
 * hand.  Tolerance: 1e-9 relative (1e-12 absolute near 0). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "model/clfmetrics.h"
#include "suites.h"
#include "core/metrics.h"
#include "model/predictions.h"
#include "testutil.h"
#include "common/util.h"

#define FIX "tests/fixtures/metrics/"

/* the metrics these tests were written for, before the masks grew */
#define LABEL4 \
	(PM_BIT(PM_ACCURACY) | PM_BIT(PM_PRECISION) | PM_BIT(PM_RECALL) | PM_BIT(PM_F1))
#define SCORE2 (PM_BIT(PM_ROC_AUC) | PM_BIT(PM_LOG_LOSS))
#define REG5 \
	(PM_BIT(PM_MAE) | PM_BIT(PM_MSE) | PM_BIT(PM_RMSE) | PM_BIT(PM_R2) | PM_BIT(PM_MAPE))

static int close_rel(double got, double want)
{
	return fabs(got - want) <= 1e-9 * fabs(want) || fabs(got - want) <= 1e-12;
}

#define ck_close(got, want)                                                  \
	ck_assert_msg(close_rel((got), (want)), "%s = %.17g, expected %.17g", \
		      #got, (double)(got), (double)(want))

/* The fixtures are plain (no quotes), so a test-local splitter will do. */
struct table {
	char *text;
	size_t nrows, ncols;
	char **cell; /* nrows * ncols */
};

static void table_load(struct table *t, const char *path)
{
	struct mg_error err;
	size_t len, cap = 0;
	char *line, *save = NULL;

	memset(t, 0, sizeof(*t));
	t->text = mg_read_file(path, 1 << 24, &len, &err);
	ck_assert_msg(t->text != NULL, "%s", err.msg);
	line = strtok_r(t->text, "\n", &save);
	for (char *p = line; p; p = strchr(p + 1, ','))
		t->ncols++;
	for (line = strtok_r(NULL, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f = line;
		t->cell = xgrow(t->cell, &cap, (t->nrows + 1) * t->ncols,
				sizeof(*t->cell));
		for (size_t c = 0; c < t->ncols; c++) {
			char *comma = strchr(f, ',');
			t->cell[t->nrows * t->ncols + c] = f;
			if (comma) {
				*comma = '\0';
				f = comma + 1;
			}
		}
		t->nrows++;
	}
}

static void table_free(struct table *t)
{
	free(t->text);
	free(t->cell);
}

static const char *cell(const struct table *t, size_t r, size_t c)
{
	return t->cell[r * t->ncols + c];
}

static struct jval *expected(void)
{
	struct mg_error err;
	struct jval *e = metrics_load(FIX "expected.json", &err);

	ck_assert_msg(e != NULL, "%s", err.msg);
	return e;
}

static double ex(const struct jval *e, const char *ptr)
{
	double v;
	char why[300];

	ck_assert_msg(metrics_number(e, ptr, &v, why, sizeof(why)) == 0,
		      "%s: %s", ptr, why);
	return v;
}

static void check_prf(struct pm_data *d, const unsigned *w,
		      const struct jval *e, const char *base)
{
	static const char *const avgs[] = {"binary", "macro", "weighted", "micro"};
	char p[200];

	for (int a = 0; a < 4; a++) {
		struct pm_result r;
		snprintf(p, sizeof(p), "%s/%s", base, avgs[a]);
		if (!metrics_find(e, p, NULL, 0))
			continue;
		pm_compute(d, w, (enum pm_average)a, LABEL4, &r);
		ck_assert_msg(r.defined == LABEL4, "%s: %s %s %s", p,
			      r.why[PM_PRECISION], r.why[PM_RECALL], r.why[PM_F1]);
		snprintf(p, sizeof(p), "%s/%s/precision", base, avgs[a]);
		ck_close(r.v[PM_PRECISION], ex(e, p));
		snprintf(p, sizeof(p), "%s/%s/recall", base, avgs[a]);
		ck_close(r.v[PM_RECALL], ex(e, p));
		snprintf(p, sizeof(p), "%s/%s/f1", base, avgs[a]);
		ck_close(r.v[PM_F1], ex(e, p));
		snprintf(p, sizeof(p), "%s/accuracy", base);
		ck_close(r.v[PM_ACCURACY], ex(e, p));
	}
}

struct binary {
	struct table t;
	int *y, *yhat;
	double *score;
	struct pm_data d;
};

static void binary_load(struct binary *b)
{
	table_load(&b->t, FIX "binary.csv");
	ck_assert_uint_eq(b->t.nrows, 400);
	b->y = xcalloc(b->t.nrows, sizeof(int));
	b->yhat = xcalloc(b->t.nrows, sizeof(int));
	b->score = xcalloc(b->t.nrows, sizeof(double));
	for (size_t i = 0; i < b->t.nrows; i++) {
		b->y[i] = atoi(cell(&b->t, i, 0));
		b->yhat[i] = atoi(cell(&b->t, i, 1));
		b->score[i] = strtod(cell(&b->t, i, 2), NULL);
	}
	memset(&b->d, 0, sizeof(b->d));
	b->d.task = PM_CLASSIFICATION;
	b->d.n = b->t.nrows;
	b->d.k = 2;
	b->d.y = b->y;
	b->d.yhat = b->yhat;
	b->d.score = b->score;
	b->d.pos = 1;
}

static void binary_free(struct binary *b)
{
	pm_data_release_cache(&b->d);
	free(b->y);
	free(b->yhat);
	free(b->score);
	table_free(&b->t);
}

START_TEST(test_binary_vs_sklearn)
{
	struct binary b;
	struct jval *e = expected();
	struct pm_result r;
	double cm[4];

	binary_load(&b);
	check_prf(&b.d, NULL, e, "/binary");
	pm_compute(&b.d, NULL, PM_AVG_BINARY, SCORE2, &r);
	ck_assert_uint_eq(r.defined, SCORE2);
	ck_close(r.v[PM_ROC_AUC], ex(e, "/binary/roc_auc"));
	ck_close(r.v[PM_LOG_LOSS], ex(e, "/binary/log_loss"));
	pm_confusion(&b.d, NULL, cm);
	ck_assert(cm[0] == ex(e, "/binary/confusion_matrix/0/0"));
	ck_assert(cm[1] == ex(e, "/binary/confusion_matrix/0/1"));
	ck_assert(cm[2] == ex(e, "/binary/confusion_matrix/1/0"));
	ck_assert(cm[3] == ex(e, "/binary/confusion_matrix/1/1"));

	/* the positive class 0 */
	b.d.pos = 0;
	pm_compute(&b.d, NULL, PM_AVG_BINARY, LABEL4, &r);
	ck_close(r.v[PM_PRECISION], ex(e, "/binary/positive0/precision"));
	ck_close(r.v[PM_RECALL], ex(e, "/binary/positive0/recall"));
	ck_close(r.v[PM_F1], ex(e, "/binary/positive0/f1"));
	binary_free(&b);
	jv_free(e);
}
END_TEST

START_TEST(test_binary_groups_as_weights)
{
	struct binary b;
	struct jval *e = expected();
	const char *groups[] = {"A", "B", "C"};
	unsigned *w;

	binary_load(&b);
	w = xcalloc(b.d.n, sizeof(*w));
	for (int g = 0; g < 3; g++) {
		char base[64], p[128];
		struct pm_result r;
		for (size_t i = 0; i < b.d.n; i++)
			w[i] = strcmp(cell(&b.t, i, 3), groups[g]) == 0;
		snprintf(base, sizeof(base), "/binary/by_group/%s", groups[g]);
		check_prf(&b.d, w, e, base);
		pm_compute(&b.d, w, PM_AVG_BINARY, SCORE2, &r);
		snprintf(p, sizeof(p), "%s/roc_auc", base);
		ck_close(r.v[PM_ROC_AUC], ex(e, p));
		snprintf(p, sizeof(p), "%s/log_loss", base);
		ck_close(r.v[PM_LOG_LOSS], ex(e, p));
	}
	free(w);
	binary_free(&b);
	jv_free(e);
}
END_TEST

START_TEST(test_threshold_predictions)
{
	struct binary b;
	struct jval *e = expected();
	const double ts[] = {0.5, 0.3};

	binary_load(&b);
	for (int t = 0; t < 2; t++) {
		char base[64];
		for (size_t i = 0; i < b.d.n; i++)
			b.yhat[i] = b.score[i] >= ts[t];
		snprintf(base, sizeof(base), "/binary/threshold/%g", ts[t]);
		check_prf(&b.d, NULL, e, base);
	}
	binary_free(&b);
	jv_free(e);
}
END_TEST

START_TEST(test_bootstrap_vs_independent_implementation)
{
	struct binary b;
	struct jval *e = expected();
	double lo[PM_NMETRICS], hi[PM_NMETRICS];
	size_t used[PM_NMETRICS];
	const enum pm_metric ms[] = {PM_ACCURACY, PM_F1, PM_ROC_AUC, PM_LOG_LOSS};
	unsigned want = PM_BIT(PM_ACCURACY) | PM_BIT(PM_F1) | PM_BIT(PM_ROC_AUC) |
			PM_BIT(PM_LOG_LOSS);

	binary_load(&b);
	ck_assert(ex(e, "/binary/bootstrap/reps") == 200);
	pm_bootstrap(&b.d, PM_AVG_BINARY, want, 200, 42, 0.95, lo, hi, used);
	for (int i = 0; i < 4; i++) {
		char p[128];
		const char *nm = pm_metric_name(ms[i]);
		snprintf(p, sizeof(p), "/binary/bootstrap/values/%s/used", nm);
		ck_assert_uint_eq(used[ms[i]], (size_t)ex(e, p));
		snprintf(p, sizeof(p), "/binary/bootstrap/values/%s/low", nm);
		ck_close(lo[ms[i]], ex(e, p));
		snprintf(p, sizeof(p), "/binary/bootstrap/values/%s/high", nm);
		ck_close(hi[ms[i]], ex(e, p));
	}
	/* metrics not asked for stay unset */
	ck_assert(isnan(lo[PM_PRECISION]) && used[PM_PRECISION] == 0);
	binary_free(&b);
	jv_free(e);
}
END_TEST

START_TEST(test_multiclass_vs_sklearn)
{
	struct table t;
	struct jval *e = expected();
	const char *names[] = {"bird", "cat", "dog"};
	int *y, *yhat;
	unsigned *w;
	struct pm_data d;
	double cm[9], p[3], r[3], f[3], sup[3];
	struct pm_result res;

	table_load(&t, FIX "multiclass.csv");
	y = xcalloc(t.nrows, sizeof(int));
	yhat = xcalloc(t.nrows, sizeof(int));
	w = xcalloc(t.nrows, sizeof(*w));
	for (size_t i = 0; i < t.nrows; i++)
		for (int c = 0; c < 3; c++) {
			if (strcmp(cell(&t, i, 0), names[c]) == 0)
				y[i] = c;
			if (strcmp(cell(&t, i, 1), names[c]) == 0)
				yhat[i] = c;
		}
	memset(&d, 0, sizeof(d));
	d.task = PM_CLASSIFICATION;
	d.n = t.nrows;
	d.k = 3;
	d.y = y;
	d.yhat = yhat;
	d.pos = -1;
	d.names = names;
	check_prf(&d, NULL, e, "/multiclass");
	/* binary is undefined for three classes, with the reason */
	pm_compute(&d, NULL, PM_AVG_BINARY, LABEL4, &res);
	ck_assert(!(res.defined & PM_BIT(PM_F1)));
	ck_assert(res.defined & PM_BIT(PM_ACCURACY));
	ck_assert_msg(strstr(res.why[PM_F1], "two classes") != NULL, "%s", res.why[PM_F1]);

	pm_confusion(&d, NULL, cm);
	pm_per_class(3, cm, p, r, f, sup);
	for (int c = 0; c < 3; c++) {
		char ptr[128];
		snprintf(ptr, sizeof(ptr), "/multiclass/per_class/%s/precision", names[c]);
		ck_close(p[c], ex(e, ptr));
		snprintf(ptr, sizeof(ptr), "/multiclass/per_class/%s/recall", names[c]);
		ck_close(r[c], ex(e, ptr));
		snprintf(ptr, sizeof(ptr), "/multiclass/per_class/%s/f1", names[c]);
		ck_close(f[c], ex(e, ptr));
		snprintf(ptr, sizeof(ptr), "/multiclass/per_class/%s/support", names[c]);
		ck_assert(sup[c] == ex(e, ptr));
		for (int j = 0; j < 3; j++) {
			snprintf(ptr, sizeof(ptr), "/multiclass/confusion_matrix/%d/%d", c, j);
			ck_assert(cm[c * 3 + j] == ex(e, ptr));
		}
	}
	for (int g = 0; g < 2; g++) {
		const char *gn = g ? "south" : "north";
		char base[64];
		for (size_t i = 0; i < t.nrows; i++)
			w[i] = strcmp(cell(&t, i, 2), gn) == 0;
		snprintf(base, sizeof(base), "/multiclass/by_group/%s", gn);
		check_prf(&d, w, e, base);
	}
	free(w);
	free(y);
	free(yhat);
	table_free(&t);
	jv_free(e);
}
END_TEST

START_TEST(test_regression_vs_sklearn)
{
	struct table t;
	struct jval *e = expected();
	double *ty, *tp;
	unsigned *w;
	struct pm_data d;
	struct pm_result r;
	static const char *const names[] = {"mae", "mse", "rmse", "r2", "mape"};
	const enum pm_metric ms[] = {PM_MAE, PM_MSE, PM_RMSE, PM_R2, PM_MAPE};

	table_load(&t, FIX "regression.csv");
	ty = xcalloc(t.nrows, sizeof(double));
	tp = xcalloc(t.nrows, sizeof(double));
	w = xcalloc(t.nrows, sizeof(*w));
	for (size_t i = 0; i < t.nrows; i++) {
		ty[i] = strtod(cell(&t, i, 0), NULL);
		tp[i] = strtod(cell(&t, i, 1), NULL);
	}
	memset(&d, 0, sizeof(d));
	d.task = PM_REGRESSION;
	d.n = t.nrows;
	d.ty = ty;
	d.tp = tp;
	for (int g = -1; g < 2; g++) {
		char base[64], p[128];
		if (g >= 0)
			for (size_t i = 0; i < t.nrows; i++)
				w[i] = strcmp(cell(&t, i, 2), g ? "s2" : "s1") == 0;
		snprintf(base, sizeof(base), g < 0 ? "/regression" :
			 "/regression/by_group/%s", g ? "s2" : "s1");
		pm_compute(&d, g < 0 ? NULL : w, PM_AVG_BINARY, REG5, &r);
		ck_assert_uint_eq(r.defined, REG5);
		for (int i = 0; i < 5; i++) {
			snprintf(p, sizeof(p), "%s/%s", base, names[i]);
			ck_close(r.v[ms[i]], ex(e, p));
		}
	}
	free(w);
	free(ty);
	free(tp);
	table_free(&t);
	jv_free(e);
}
END_TEST

static void mk(struct pm_data *d, size_t n, size_t k, const int *y,
	       const int *yhat, const double *s, int pos)
{
	memset(d, 0, sizeof(*d));
	d->task = PM_CLASSIFICATION;
	d->n = n;
	d->k = k;
	d->y = y;
	d->yhat = yhat;
	d->score = s;
	d->pos = pos;
}

START_TEST(test_roc_auc_ties_by_hand)
{
	struct pm_data d;
	struct pm_result r;
	const int y1[] = {0, 0, 1, 1}, y2[] = {0, 1, 1, 0}, yz[] = {0, 1};
	const double s1[] = {0.1, 0.4, 0.35, 0.8}, s2[] = {0.2, 0.5, 0.5, 0.5},
		     sz[] = {0.5, 0.5};

	/* 3 of 4 (positive, negative) pairs ordered right */
	mk(&d, 4, 2, y1, y1, s1, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY, PM_BIT(PM_ROC_AUC), &r);
	ck_assert(r.v[PM_ROC_AUC] == 0.75);
	pm_data_release_cache(&d);
	/* positives at 0.5; negatives at 0.2 (2 right pairs) and 0.5 (2 ties
	 * at one half each): (2 + 1) / 4 */
	mk(&d, 4, 2, y2, y2, s2, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY, PM_BIT(PM_ROC_AUC), &r);
	ck_assert(r.v[PM_ROC_AUC] == 0.75);
	pm_data_release_cache(&d);
	mk(&d, 2, 2, yz, yz, sz, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY, PM_BIT(PM_ROC_AUC), &r);
	ck_assert(r.v[PM_ROC_AUC] == 0.5);
	pm_data_release_cache(&d);
}
END_TEST

START_TEST(test_undefined_is_never_a_number)
{
	struct pm_data d;
	struct pm_result r;
	const int zeros[] = {0, 0, 0}, ones[] = {1, 1, 1}, y3[] = {0, 1, 2},
		  p3[] = {0, 1, 1};
	const double s[] = {0.1, 0.2, 0.3};

	/* no positive label anywhere: recall, precision, F1 and AUC undefined */
	mk(&d, 3, 2, zeros, zeros, s, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY,
		   LABEL4 | SCORE2, &r);
	ck_assert(r.defined & PM_BIT(PM_ACCURACY));
	ck_assert(r.v[PM_ACCURACY] == 1.0);
	ck_assert(!(r.defined & PM_BIT(PM_RECALL)) && isnan(r.v[PM_RECALL]));
	ck_assert(!(r.defined & PM_BIT(PM_PRECISION)));
	ck_assert(!(r.defined & PM_BIT(PM_F1)));
	ck_assert(!(r.defined & PM_BIT(PM_ROC_AUC)));
	ck_assert_msg(strstr(r.why[PM_RECALL], "positive label") != NULL, "%s", r.why[PM_RECALL]);
	ck_assert_msg(strstr(r.why[PM_ROC_AUC], "one class") != NULL, "%s", r.why[PM_ROC_AUC]);
	/* log loss is defined: every row is a negative */
	ck_assert(r.defined & PM_BIT(PM_LOG_LOSS));
	pm_data_release_cache(&d);

	/* every row positive and predicted positive: recall 1, precision 1,
	 * but AUC undefined */
	mk(&d, 3, 2, ones, ones, s, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY,
		   LABEL4 | SCORE2, &r);
	ck_assert(r.v[PM_RECALL] == 1.0 && r.v[PM_PRECISION] == 1.0);
	ck_assert(!(r.defined & PM_BIT(PM_ROC_AUC)));
	pm_data_release_cache(&d);

	/* positive never predicted: precision undefined, recall 0 */
	mk(&d, 3, 2, ones, zeros, NULL, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY, LABEL4, &r);
	ck_assert(!(r.defined & PM_BIT(PM_PRECISION)));
	ck_assert(r.defined & PM_BIT(PM_RECALL));
	ck_assert(r.v[PM_RECALL] == 0.0);
	ck_assert(!(r.defined & PM_BIT(PM_F1)));

	/* macro with class 2 never predicted: precision and F1 undefined,
	 * recall defined (1 + 1 + 0) / 3 */
	mk(&d, 3, 3, y3, p3, NULL, -1);
	pm_compute(&d, NULL, PM_AVG_MACRO, LABEL4, &r);
	ck_assert(!(r.defined & PM_BIT(PM_PRECISION)));
	ck_assert_msg(strstr(r.why[PM_PRECISION], "never predicted") != NULL, "%s",
		      r.why[PM_PRECISION]);
	ck_assert(r.defined & PM_BIT(PM_RECALL));
	ck_assert(close_rel(r.v[PM_RECALL], 2.0 / 3.0));
	/* micro pools the counts: 2 of 3 right */
	pm_compute(&d, NULL, PM_AVG_MICRO, LABEL4, &r);
	ck_assert(close_rel(r.v[PM_F1], 2.0 / 3.0));

	/* no rows at all (a group that is empty) */
	mk(&d, 0, 2, zeros, zeros, s, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY, PM_BIT(PM_ACCURACY), &r);
	ck_assert(!(r.defined & PM_BIT(PM_ACCURACY)));
	ck_assert_str_eq(r.why[PM_ACCURACY], "no rows");
}
END_TEST

START_TEST(test_log_loss_clipping_by_hand)
{
	struct pm_data d;
	struct pm_result r;
	const int y[] = {1, 0}, y1[] = {1};
	const double s[] = {0.8, 0.4}, s0[] = {0.0};

	/* (-ln 0.8 - ln 0.6) / 2 */
	mk(&d, 2, 2, y, y, s, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY, PM_BIT(PM_LOG_LOSS), &r);
	ck_close(r.v[PM_LOG_LOSS], (-log(0.8) - log(0.6)) / 2);
	pm_data_release_cache(&d);
	/* a positive scored 0 is clipped to eps = 2^-52: 52 ln 2 */
	mk(&d, 1, 2, y1, y1, s0, 1);
	pm_compute(&d, NULL, PM_AVG_BINARY, PM_BIT(PM_LOG_LOSS), &r);
	ck_close(r.v[PM_LOG_LOSS], 36.04365338911715);
	pm_data_release_cache(&d);
}
END_TEST

START_TEST(test_regression_by_hand)
{
	struct pm_data d;
	struct pm_result r;
	const double y[] = {0.0, 2.0, 4.0}, p[] = {1.0, 2.0, 5.0};
	const double c[] = {3.0, 3.0}, cp[] = {3.0, 4.0};
	struct jval *e = expected();

	memset(&d, 0, sizeof(d));
	d.task = PM_REGRESSION;
	d.n = 3;
	d.ty = y;
	d.tp = p;
	pm_compute(&d, NULL, PM_AVG_BINARY, REG5, &r);
	ck_close(r.v[PM_MAE], 2.0 / 3.0);
	ck_close(r.v[PM_MSE], 2.0 / 3.0);
	ck_close(r.v[PM_RMSE], sqrt(2.0 / 3.0));
	/* mean 2, ss_tot 8, ss_res 2 */
	ck_close(r.v[PM_R2], 0.75);
	/* |1-0|/eps dominates: (2^52 + 0 + 1/4) / 3 */
	ck_close(r.v[PM_MAPE], ex(e, "/mape_zero/mape"));
	ck_close(r.v[PM_MAPE], (4503599627370496.0 + 0.25) / 3.0);
	/* constant labels: R² undefined (scikit-learn would say 0 or 1) */
	d.n = 2;
	d.ty = c;
	d.tp = cp;
	pm_compute(&d, NULL, PM_AVG_BINARY, REG5, &r);
	ck_assert(!(r.defined & PM_BIT(PM_R2)));
	ck_assert(r.defined & PM_BIT(PM_MAE));
	d.n = 1;
	pm_compute(&d, NULL, PM_AVG_BINARY, PM_BIT(PM_R2), &r);
	ck_assert(!(r.defined & PM_BIT(PM_R2)));
	/* a classification metric on a regression is undefined, not 0 */
	pm_compute(&d, NULL, PM_AVG_BINARY, PM_BIT(PM_F1), &r);
	ck_assert(!(r.defined & PM_BIT(PM_F1)));
	jv_free(e);
}
END_TEST

START_TEST(test_quantile_and_rng)
{
	const double x[] = {1, 2, 3, 4};
	const double same[] = {0.1, 0.1, 0.1};
	struct pm_rng g;
	size_t counts[3] = {0, 0, 0};

	ck_assert(num_quantile7(x, 4, 0.5) == 2.5);
	ck_close(num_quantile7(x, 4, 0.025), 1.075);
	ck_close(num_quantile7(x, 4, 0.975), 3.925);
	ck_assert(num_quantile7(x, 4, 0) == 1 && num_quantile7(x, 4, 1) == 4);
	ck_assert(num_quantile7(same, 3, 0.3) == 0.1); /* exact on ties */
	ck_assert(isnan(num_quantile7(x, 0, 0.5)));
	/* splitmix64's published first outputs for seed 0 */
	pm_rng_seed(&g, 0);
	ck_assert(pm_rng_next(&g) == 0xe220a8397b1dcdafULL);
	ck_assert(pm_rng_next(&g) == 0x6e789e6aa1b965f4ULL);
	ck_assert(pm_rng_next(&g) == 0x06c45d188009454fULL);
	pm_rng_seed(&g, 7);
	for (int i = 0; i < 3000; i++)
		counts[pm_rng_below(&g, 3)]++;
	for (int i = 0; i < 3; i++)
		ck_assert(counts[i] > 850 && counts[i] < 1150);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_int_eq(pm_metric_from_name("roc_auc"), PM_ROC_AUC);
	ck_assert_int_eq(pm_metric_from_name("f1_score"), -1);
	ck_assert_str_eq(pm_metric_name(PM_MAPE), "mape");
	ck_assert_int_eq(pm_average_from_name("weighted"), PM_AVG_WEIGHTED);
	ck_assert_int_eq(pm_average_from_name("samples"), -1);
}
END_TEST



START_TEST(test_loader_multiclass_fixture)
{
	struct pred_options o;
	struct pred_set ps;
	struct mg_error err;
	struct pm_result r;
	struct jval *e = expected();

	memset(&o, 0, sizeof(o));
	o.path = FIX "multiclass.csv";
	o.label = "animal";
	o.prediction = "predicted";
	o.by[o.nby++] = "region";
	o.has_average = 1;
	o.average = PM_AVG_WEIGHTED;
	ck_assert_msg(pred_load(&o, &ps, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(ps.k, 3);
	ck_assert_str_eq(ps.class_names[0], "bird");
	ck_assert_str_eq(ps.class_names[2], "dog");
	ck_assert(!ps.numeric);
	pm_compute(&ps.d, NULL, ps.average, LABEL4, &r);
	ck_close(r.v[PM_F1], ex(e, "/multiclass/weighted/f1"));
	ck_close(r.v[PM_PRECISION], ex(e, "/multiclass/weighted/precision"));
	ck_assert_uint_eq(ps.by[0].n, 2);
	ck_assert_str_eq(ps.by[0].v[1].name, "south");
	pm_compute(&ps.by[0].v[1].d, NULL, ps.average, LABEL4, &r);
	ck_close(r.v[PM_RECALL], ex(e, "/multiclass/by_group/south/weighted/recall"));
	ck_assert(ps.by[0].v[0].d.n + ps.by[0].v[1].d.n == 300);
	pred_release(&ps);
	jv_free(e);
}
END_TEST

START_TEST(test_loader_csv_quirks_and_classes)
{
	char *dir = tu_tempdir(), *a, *b;
	struct pred_options o;
	struct pred_set ps;
	struct mg_error err;
	struct pm_result r;

	/* BOM, CRLF, quoted labels holding a comma and quotes */
	a = tu_write(dir, "q.csv",
		     "\xef\xbb\xbf\"label\",\"pred\"\r\n"
		     "\"a,b\",\"a,b\"\r\n"
		     "\"c \"\"q\"\"\",\"a,b\"\r\n"
		     "\"c \"\"q\"\"\",\"c \"\"q\"\"\"\r\n");
	memset(&o, 0, sizeof(o));
	o.path = a;
	o.label = "label";
	o.prediction = "pred";
	ck_assert_msg(pred_load(&o, &ps, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(ps.k, 2);
	ck_assert_str_eq(ps.class_names[0], "a,b");
	ck_assert_str_eq(ps.class_names[1], "c \"q\"");
	ck_assert_int_eq(ps.d.pos, 1); /* the second of two sorted labels */
	pm_compute(&ps.d, NULL, ps.average, LABEL4, &r);
	ck_assert(r.v[PM_PRECISION] == 1.0 && r.v[PM_RECALL] == 0.5);
	pred_release(&ps);

	/* 1 and 1.0 are one class; the positive label is 1 */
	b = tu_write(dir, "n.csv", "y,p\n1.0,1\n0,0.0\n1,1\n0,1\n");
	o.path = b;
	o.label = "y";
	o.prediction = "p";
	ck_assert_msg(pred_load(&o, &ps, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(ps.k, 2);
	ck_assert(ps.numeric && ps.class_values[1] == 1.0);
	ck_assert_int_eq(ps.d.pos, 1);
	pm_compute(&ps.d, NULL, ps.average, LABEL4, &r);
	ck_close(r.v[PM_PRECISION], 2.0 / 3.0);
	pred_release(&ps);

	/* a prediction class the labels never have: error with its line */
	free(b);
	b = tu_write(dir, "u.csv", "y,p\n0,0\n1,1\n1,3\n");
	o.path = b;
	ck_assert_int_eq(pred_load(&o, &ps, &err), -1);
	ck_assert_int_eq(err.code, MG_EXIT_INPUT);
	ck_assert_int_eq(err.line, 4);
	ck_assert_msg(strstr(err.msg, "never occurs in the labels") != NULL, "%s", err.msg);
	tu_rmrf(dir);
	free(dir);
	free(a);
	free(b);
}
END_TEST

/* ----- issue 14's metrics, through the loader ----- */

struct keyed_metric {
	enum pm_metric m;
	const char *key; /* under the expected block */
};

/* Compare every metric of `km` computed on (d, w) with base/key. */
static void check_metrics(struct pm_data *d, const unsigned *w,
			  const struct pm_params *par, const struct jval *e,
			  const char *base, const struct keyed_metric *km, size_t n)
{
	unsigned want = 0;
	struct pm_result r;
	char p[200];

	for (size_t i = 0; i < n; i++)
		want |= PM_BIT(km[i].m);
	pm_compute_params(d, w, par, want, &r);
	for (size_t i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/%s", base, km[i].key);
		ck_assert_msg(r.defined & PM_BIT(km[i].m), "%s: %s", p, r.why[km[i].m]);
		ck_assert_msg(close_rel(r.v[km[i].m], ex(e, p)), "%s = %.17g, sklearn %.17g", p,
			      r.v[km[i].m], ex(e, p));
	}
}

static void load_ok(const struct pred_options *o, struct pred_set *ps)
{
	struct mg_error err;

	ck_assert_msg(pred_load(o, ps, &err) == 0, "%s", err.msg);
}

static const struct keyed_metric binary_new[] = {
	{PM_BALANCED_ACCURACY, "balanced_accuracy"},
	{PM_MCC, "matthews_corrcoef"},
	{PM_COHEN_KAPPA, "cohen_kappa"},
	{PM_SELECTION_RATE, "rates/selection_rate"},
	{PM_TPR, "rates/true_positive_rate"},
	{PM_FPR, "rates/false_positive_rate"},
	{PM_AVERAGE_PRECISION, "average_precision"},
	{PM_BRIER, "brier_score"},
};

START_TEST(test_more_binary_vs_sklearn)
{
	struct pred_options o;
	struct pred_set ps;
	struct pm_params par;
	struct jval *e = expected();
	char base[64];

	memset(&o, 0, sizeof(o));
	o.path = FIX "binary.csv";
	o.label = "label";
	o.prediction = "pred";
	o.score = "score";
	o.by[o.nby++] = "group";
	load_ok(&o, &ps);
	pm_params_init(&par);
	check_metrics(&ps.d, NULL, &par, e, "/binary", binary_new, 8);
	for (size_t g = 0; g < ps.by[0].n; g++) {
		snprintf(base, sizeof(base), "/binary/by_group/%s", ps.by[0].v[g].name);
		check_metrics(&ps.by[0].v[g].d, NULL, &par, e, base, binary_new, 8);
	}
	/* the same groups as 0/1 row weights */
	{
		unsigned *w = xcalloc(ps.d.n, sizeof(*w));
		for (size_t g = 0; g < ps.by[0].n; g++) {
			for (size_t i = 0; i < ps.d.n; i++)
				w[i] = ps.by[0].row_group[i] == g;
			snprintf(base, sizeof(base), "/binary/by_group/%s", ps.by[0].v[g].name);
			check_metrics(&ps.d, w, &par, e, base, binary_new, 8);
		}
		free(w);
	}
	pred_release(&ps);
	jv_free(e);
}
END_TEST

START_TEST(test_more_multiclass_and_regression_vs_sklearn)
{
	static const struct keyed_metric mc[] = {
		{PM_BALANCED_ACCURACY, "balanced_accuracy"},
		{PM_MCC, "matthews_corrcoef"},
		{PM_COHEN_KAPPA, "cohen_kappa"},
	};
	static const struct keyed_metric reg[] = {
		{PM_MEDAE, "median_absolute_error"},
		{PM_MAX_ERROR, "max_error"},
		{PM_EXPLAINED_VARIANCE, "explained_variance"},
		{PM_MAE, "mae"},
		{PM_R2, "r2"},
	};
	struct pred_options o;
	struct pred_set ps;
	struct pm_params par;
	struct jval *e = expected();
	char base[64];
	unsigned *w;

	pm_params_init(&par);
	memset(&o, 0, sizeof(o));
	o.path = FIX "multiclass.csv";
	o.label = "animal";
	o.prediction = "predicted";
	o.by[o.nby++] = "region";
	load_ok(&o, &ps);
	check_metrics(&ps.d, NULL, &par, e, "/multiclass", mc, 3);
	for (size_t g = 0; g < ps.by[0].n; g++) {
		snprintf(base, sizeof(base), "/multiclass/by_group/%s", ps.by[0].v[g].name);
		check_metrics(&ps.by[0].v[g].d, NULL, &par, e, base, mc, 3);
	}
	pred_release(&ps);

	memset(&o, 0, sizeof(o));
	o.path = FIX "regression.csv";
	o.label = "y";
	o.prediction = "yhat";
	o.task = PM_REGRESSION;
	o.by[o.nby++] = "segment";
	load_ok(&o, &ps);
	check_metrics(&ps.d, NULL, &par, e, "/regression", reg, 5);
	for (size_t g = 0; g < ps.by[0].n; g++) {
		snprintf(base, sizeof(base), "/regression/by_group/%s", ps.by[0].v[g].name);
		check_metrics(&ps.by[0].v[g].d, NULL, &par, e, base, reg, 5);
	}
	/* integer weights are repeated rows: sklearn on np.repeat(rows, i % 4) */
	w = xcalloc(ps.d.n, sizeof(*w));
	for (size_t i = 0; i < ps.d.n; i++)
		w[i] = (unsigned)(i % 4);
	check_metrics(&ps.d, w, &par, e, "/regression/repeated", reg, 5);
	free(w);
	pred_release(&ps);
	jv_free(e);
}
END_TEST

START_TEST(test_zero_division_vs_sklearn)
{
	static const int yz[] = {0, 1, 0, 1, 0, 0}, pz[] = {0, 0, 0, 0, 0, 0};
	static const int ym[] = {0, 1, 2, 2, 1, 0, 1}, pm[] = {0, 1, 1, 0, 1, 0, 1};
	static const int y0[] = {0, 0, 0};
	static const struct keyed_metric prf3[] = {
		{PM_PRECISION, "precision"}, {PM_RECALL, "recall"}, {PM_F1, "f1"},
	};
	struct jval *e = expected();
	struct pm_data d;
	struct pm_params par;
	struct pm_result r;
	char base[64];

	for (int z = 0; z < 2; z++) {
		pm_params_init(&par);
		par.zero_division = z ? PM_ZD_ONE : PM_ZD_ZERO;
		memset(&d, 0, sizeof(d));
		d.task = PM_CLASSIFICATION;
		d.n = 6;
		d.k = 2;
		d.y = yz;
		d.yhat = pz;
		d.pos = 1;
		snprintf(base, sizeof(base), "/zero_division/%d/binary", z);
		check_metrics(&d, NULL, &par, e, base, prf3, 3);
		/* the positive label 1 never occurs: 0/0 everywhere */
		d.n = 3;
		d.k = 1;
		d.y = d.yhat = y0;
		d.pos = -1;
		snprintf(base, sizeof(base), "/zero_division/%d/absent", z);
		check_metrics(&d, NULL, &par, e, base, prf3, 3);
		d.n = 7;
		d.k = 3;
		d.y = ym;
		d.yhat = pm;
		par.average = PM_AVG_MACRO;
		snprintf(base, sizeof(base), "/zero_division/%d/macro", z);
		check_metrics(&d, NULL, &par, e, base, prf3, 3);
		par.average = PM_AVG_WEIGHTED;
		snprintf(base, sizeof(base), "/zero_division/%d/weighted", z);
		check_metrics(&d, NULL, &par, e, base, prf3, 3);
	}
	/* the default fails closed: class 2 is never predicted */
	pm_params_init(&par);
	par.average = PM_AVG_MACRO;
	pm_compute_params(&d, NULL, &par, PM_BIT(PM_PRECISION) | PM_BIT(PM_RECALL), &r);
	ck_assert(!(r.defined & PM_BIT(PM_PRECISION)));
	ck_assert_str_eq(r.why[PM_PRECISION], "class '#2' is never predicted");
	ck_assert(r.defined & PM_BIT(PM_RECALL));
	ck_assert_int_eq(pm_zero_division_from_name("1"), PM_ZD_ONE);
	ck_assert_int_eq(pm_zero_division_from_name("warn"), -1);
	jv_free(e);
}
END_TEST

START_TEST(test_class_probabilities_vs_sklearn)
{
	static const struct keyed_metric topk[] = {
		{PM_LOG_LOSS, "log_loss"},
	};
	struct pred_options o;
	struct pred_set ps;
	struct pm_params par;
	struct jval *e = expected();

	memset(&o, 0, sizeof(o));
	o.path = FIX "proba.csv";
	o.label = "animal";
	o.prediction = "predicted";
	o.proba_prefix = "p_";
	o.by[o.nby++] = "region";
	load_ok(&o, &ps);
	ck_assert_uint_eq(ps.k, 3);
	ck_assert(ps.score == NULL);
	for (int g = -1; g < (int)ps.by[0].n; g++) {
		struct pm_data *d = g < 0 ? &ps.d : &ps.by[0].v[g].d;
		char base[64];
		if (g < 0)
			snprintf(base, sizeof(base), "/proba");
		else
			snprintf(base, sizeof(base), "/proba/by_group/%s", ps.by[0].v[g].name);
		for (int mc = 0; mc < 2; mc++)
			for (int avg = 0; avg < 2; avg++) {
				char key[64];
				struct keyed_metric km = {PM_ROC_AUC, key};
				pm_params_init(&par);
				par.multi_class = mc ? PM_OVO : PM_OVR;
				par.average = avg ? PM_AVG_WEIGHTED : PM_AVG_MACRO;
				snprintf(key, sizeof(key), "roc_auc_%s_%s", mc ? "ovo" : "ovr",
					 avg ? "weighted" : "macro");
				check_metrics(d, NULL, &par, e, base, &km, 1);
			}
		for (unsigned k = 1; k <= 2; k++) {
			struct keyed_metric km = {PM_TOP_K, k == 1 ? "top_1" : "top_2"};
			pm_params_init(&par);
			par.top_k = k;
			check_metrics(d, NULL, &par, e, base, &km, 1);
		}
		pm_params_init(&par);
		check_metrics(d, NULL, &par, e, base, topk, 1);
	}
	pred_release(&ps);
	jv_free(e);
}
END_TEST

/* Worked by hand: MCC and kappa that are 0/0, top-k ties, medians. */
START_TEST(test_more_metrics_by_hand)
{
	static const int y[] = {0, 1, 1, 0}, same[] = {1, 1, 1, 1};
	static const int y3[] = {0, 1, 2};
	/* row 0: all tied (class 2 ranks first); row 1: 1 and 2 tied for the
	 * top (2 first); row 2: class 2 clearly first */
	static const double pr[] = {1.0 / 3, 1.0 / 3, 1.0 / 3, 0.2, 0.4, 0.4,
				     0.1, 0.2, 0.7};
	static const double ty[] = {1, 2, 3, 4}, tp[] = {1.5, 2, 5, 3};
	struct pm_data d;
	struct pm_params par;
	struct pm_result r;
	unsigned w[] = {0, 3, 1, 1};

	memset(&d, 0, sizeof(d));
	d.task = PM_CLASSIFICATION;
	d.n = 4;
	d.k = 2;
	d.y = y;
	d.yhat = same;
	d.pos = 1;
	pm_params_init(&par);
	pm_compute_params(&d, NULL, &par,
			  PM_BIT(PM_MCC) | PM_BIT(PM_COHEN_KAPPA) | PM_BIT(PM_BALANCED_ACCURACY) |
			  PM_BIT(PM_SELECTION_RATE) | PM_BIT(PM_FPR), &r);
	/* scikit-learn returns 0 for this MCC; it is 0/0 */
	ck_assert(!(r.defined & PM_BIT(PM_MCC)));
	ck_assert_str_eq(r.why[PM_MCC],
			 "the predictions are a single class: the Matthews coefficient is 0/0");
	/* kappa: observed agreement 1/2 = expected agreement 1/2: 0 */
	ck_assert(r.v[PM_COHEN_KAPPA] == 0.0);
	ck_assert(r.v[PM_BALANCED_ACCURACY] == 0.5);
	ck_assert(r.v[PM_SELECTION_RATE] == 1.0);
	ck_assert(r.v[PM_FPR] == 1.0);
	d.yhat = y;
	pm_compute_params(&d, NULL, &par, PM_BIT(PM_MCC), &r);
	ck_assert(r.v[PM_MCC] == 1.0);

	memset(&d, 0, sizeof(d));
	d.task = PM_CLASSIFICATION;
	d.n = 3;
	d.k = 3;
	d.y = y3;
	d.yhat = y3;
	d.proba = pr;
	d.pos = -1;
	par.top_k = 1;
	pm_compute_params(&d, NULL, &par, PM_BIT(PM_TOP_K), &r);
	ck_assert(r.v[PM_TOP_K] == 1.0 / 3); /* only row 2 */
	par.top_k = 2;
	pm_compute_params(&d, NULL, &par, PM_BIT(PM_TOP_K), &r);
	ck_assert(r.v[PM_TOP_K] == 2.0 / 3); /* rows 1 and 2 */
	pm_compute_params(&d, NULL, &par, PM_BIT(PM_BRIER), &r);
	ck_assert_str_eq(r.why[PM_BRIER], "'brier_score' needs a binary problem with a score column");

	/* |errors| 0.5, 0, 2, 1: median 0.75; with weights 0,3,1,1: 0,0,0,2,1
	 * sorted 0,0,0,1,2: median 0, max 2 */
	memset(&d, 0, sizeof(d));
	d.task = PM_REGRESSION;
	d.n = 4;
	d.ty = ty;
	d.tp = tp;
	pm_compute_params(&d, NULL, &par, PM_BIT(PM_MEDAE) | PM_BIT(PM_MAX_ERROR), &r);
	ck_assert(r.v[PM_MEDAE] == 0.75);
	ck_assert(r.v[PM_MAX_ERROR] == 2.0);
	pm_compute_params(&d, w, &par, PM_BIT(PM_MEDAE) | PM_BIT(PM_MAX_ERROR), &r);
	ck_assert(r.v[PM_MEDAE] == 0.0);
	ck_assert(r.v[PM_MAX_ERROR] == 2.0);
	pm_data_release_cache(&d);
	d.ty = tp;
	d.tp = tp;
	pm_compute_params(&d, NULL, &par, PM_BIT(PM_EXPLAINED_VARIANCE), &r);
	ck_assert(r.v[PM_EXPLAINED_VARIANCE] == 1.0);
	d.ty = (const double[]){2, 2, 2, 2};
	pm_compute_params(&d, NULL, &par, PM_BIT(PM_EXPLAINED_VARIANCE), &r);
	ck_assert_str_eq(r.why[PM_EXPLAINED_VARIANCE],
			 "the labels are constant: explained variance is undefined");
	pm_data_release_cache(&d);
}
END_TEST

START_TEST(test_loader_class_probabilities_errors)
{
	struct pred_options o;
	struct pred_set ps;
	struct mg_error err;
	char *dir = tu_tempdir(), *path;

	memset(&o, 0, sizeof(o));
	o.label = "y";
	o.prediction = "p";
	o.proba_prefix = "p_";
#define TRY(TEXT, MSG, LINE)                                                 \
	do {                                                               \
		path = tu_write(dir, "p.csv", TEXT);                       \
		o.path = path;                                             \
		ck_assert_int_eq(pred_load(&o, &ps, &err), -1);            \
		ck_assert_str_eq(err.msg, MSG);                            \
		ck_assert_int_eq(err.line, LINE);                          \
		free(path);                                                \
	} while (0)
	TRY("y,p,p_a,p_b,p_c\na,a,0.5,0.25,0.25\nb,b,0.5,0.5,0.5\nc,c,0,0,1\n",
	    "the class probabilities sum to 1.5, not 1", 3);
	TRY("y,p,p_a,p_b\na,a,0.5,0.5\nb,b,0.5,0.5\nc,c,0,1\n",
	    "no probability column 'p_c' for class 'c'", 1);
	TRY("y,p,p_a,p_b,p_x\na,a,0.5,0.5,0\nb,b,0.5,0.5,0\n",
	    "probability column 'p_x' names no class of 'y'", 1);
	TRY("y,p,q\na,a,1\n", "no probability columns: no column name starts with 'p_'", 1);
	TRY("y,p,p_a,p_b\na,a,1.5,-0.5\n",
	    "probability '1.5' in 'p_a' is not a number in [0, 1]", 2);
#undef TRY
	/* two classes: the positive class's column is the score */
	path = tu_write(dir, "p.csv", "y,p,p_0,p_1\n0,0,0.75,0.25\n1,1,0.25,0.75\n");
	o.path = path;
	ck_assert_msg(pred_load(&o, &ps, &err) == 0, "%s", err.msg);
	ck_assert(ps.score != NULL && ps.score[0] == 0.25 && ps.score[1] == 0.75);
	pred_release(&ps);
	free(path);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

Suite *suite_clfmetrics(void)
{
	Suite *s = suite_create("clfmetrics");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_binary_vs_sklearn);
	tcase_add_test(tc, test_binary_groups_as_weights);
	tcase_add_test(tc, test_threshold_predictions);
	tcase_add_test(tc, test_bootstrap_vs_independent_implementation);
	tcase_add_test(tc, test_multiclass_vs_sklearn);
	tcase_add_test(tc, test_regression_vs_sklearn);
	tcase_add_test(tc, test_roc_auc_ties_by_hand);
	tcase_add_test(tc, test_undefined_is_never_a_number);
	tcase_add_test(tc, test_log_loss_clipping_by_hand);
	tcase_add_test(tc, test_regression_by_hand);
	tcase_add_test(tc, test_quantile_and_rng);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_more_binary_vs_sklearn);
	tcase_add_test(tc, test_more_multiclass_and_regression_vs_sklearn);
	tcase_add_test(tc, test_zero_division_vs_sklearn);
	tcase_add_test(tc, test_class_probabilities_vs_sklearn);
	tcase_add_test(tc, test_more_metrics_by_hand);
	suite_add_tcase(s, tc);
	tc = tcase_create("loader");
	tcase_add_test(tc, test_loader_multiclass_fixture);
	tcase_add_test(tc, test_loader_csv_quirks_and_classes);
	tcase_add_test(tc, test_loader_class_probabilities_errors);
	suite_add_tcase(s, tc);
	return s;
}
