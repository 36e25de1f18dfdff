/* Fairness metrics against Fairlearn's definitions, computed with numpy by
 * tests/gen/gen_metrics_expected.py (fairness.csv, expected.json
 * "/fairness"), and small cases worked by hand.  Tolerance: 1e-9 relative
 * (1e-12 absolute near 0), as check_clfmetrics. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "core/metrics.h"
#include "model/fairness.h"
#include "model/predictions.h"
#include "suites.h"

#define FIX "tests/fixtures/metrics/"

static int close_rel(double got, double want)
{
	return fabs(got - want) <= 1e-9 * fabs(want) || fabs(got - want) <= 1e-12;
}

static double ex(const struct jval *e, const char *ptr)
{
	double v;
	char why[300];

	ck_assert_msg(metrics_number(e, ptr, &v, why, sizeof(why)) == 0, "%s: %s", ptr, why);
	return v;
}

#define ck_close(got, ptr)                                                     \
	ck_assert_msg(close_rel((got), ex(e, (ptr))), "%s = %.17g, expected %.17g", \
		      (ptr), (double)(got), ex(e, (ptr)))

struct fixture {
	struct pred_set ps;
	struct fm_partition part[3]; /* sex, age_band, sex × age_band */
	struct jval *e;
};

static void fixture_load(struct fixture *f)
{
	struct pred_options o;
	struct mg_error err;
	const size_t *col[2];
	const char *const *names[2];
	const char **nm[2];

	memset(f, 0, sizeof(*f));
	memset(&o, 0, sizeof(o));
	o.path = FIX "fairness.csv";
	o.label = "label";
	o.prediction = "pred";
	o.score = "score";
	o.by[o.nby++] = "sex";
	o.by[o.nby++] = "age_band";
	ck_assert_msg(pred_load(&o, &f->ps, &err) == 0, "%s", err.msg);
	for (size_t j = 0; j < 2; j++) {
		const struct pred_grouping *g = &f->ps.by[j];
		nm[j] = xcalloc(g->n, sizeof(char *));
		for (size_t i = 0; i < g->n; i++)
			nm[j][i] = g->v[i].name;
		col[j] = g->row_group;
		names[j] = nm[j];
	}
	fm_partition_make(f->ps.d.n, 1, col, names, &f->part[0]);
	fm_partition_make(f->ps.d.n, 1, col + 1, names + 1, &f->part[1]);
	fm_partition_make(f->ps.d.n, 2, col, names, &f->part[2]);
	free(nm[0]);
	free(nm[1]);
	f->e = metrics_load(FIX "expected.json", &err);
	ck_assert_msg(f->e != NULL, "%s", err.msg);
}

static void fixture_free(struct fixture *f)
{
	for (int i = 0; i < 3; i++)
		fm_partition_release(&f->part[i]);
	pred_release(&f->ps);
	jv_free(f->e);
}

static const char *const part_key[3] = {"sex", "age_band", "sex,age_band"};

START_TEST(test_partitions)
{
	struct fixture f;
	const struct fm_partition *x;
	struct jval *e;

	fixture_load(&f);
	e = f.e;
	ck_assert_uint_eq(f.part[0].ngroups, 2);
	ck_assert_uint_eq(f.part[1].ngroups, 3);
	x = &f.part[2];
	ck_assert_uint_eq(x->ngroups, 6);
	/* sorted by sex, then by age band; every combination that occurs */
	ck_assert_str_eq(x->names[0], "F, 18-39");
	ck_assert_str_eq(x->names[2], "F, 65+");
	ck_assert_str_eq(x->names[5], "M, 65+");
	for (size_t g = 0; g < x->ngroups; g++) {
		char p[100];
		snprintf(p, sizeof(p), "/fairness/sex,age_band/sizes/%s", x->names[g]);
		ck_assert(x->size[g] == ex(e, p));
	}
	for (size_t i = 0; i < x->n; i++)
		ck_assert_str_eq(f.part[0].names[f.ps.by[0].row_group[i]],
				 f.ps.by[0].v[f.ps.by[0].row_group[i]].name);
	fixture_free(&f);
}
END_TEST

START_TEST(test_frames_vs_fairlearn)
{
	static const struct {
		enum pm_metric m;
		const char *key;
	} ms[] = {
		{PM_SELECTION_RATE, "selection_rate"},
		{PM_TPR, "true_positive_rate"},
		{PM_FPR, "false_positive_rate"},
		{PM_ACCURACY, "accuracy"},
		{PM_RECALL, "recall"},
		{PM_F1, "f1"},
	};
	struct fixture f;
	struct pm_params par;
	struct jval *e;
	size_t min_size;

	fixture_load(&f);
	e = f.e;
	min_size = (size_t)ex(e, "/fairness/min_group_size");
	pm_params_init(&par);
	for (int pi = 0; pi < 3; pi++)
		for (size_t mi = 0; mi < sizeof(ms) / sizeof(ms[0]); mi++) {
			struct fm_frame fr;
			char p[200];
			size_t small = 0;
			fm_frame_compute(&f.ps.d, &f.part[pi], ms[mi].m, &par, min_size, &fr);
			ck_assert_msg(fr.defined && fr.ratio_defined, "%s: %s", part_key[pi], fr.why);
			for (size_t g = 0; g < fr.ngroups; g++) {
				if (fr.g[g].status == FM_GROUP_SMALL) {
					small++;
					ck_assert(isnan(fr.g[g].v));
					ck_assert_uint_lt(fr.g[g].n, min_size);
					continue;
				}
				ck_assert_int_eq(fr.g[g].status, FM_GROUP_OK);
				snprintf(p, sizeof(p), "/fairness/%s/groups/%s/%s", part_key[pi],
					 f.part[pi].names[g], ms[mi].key);
				ck_close(fr.g[g].v, p);
			}
			ck_assert_uint_eq(fr.small, small);
			ck_assert_uint_eq(fr.compared + fr.small, fr.ngroups);
			snprintf(p, sizeof(p), "/fairness/%s/%s/difference", part_key[pi], ms[mi].key);
			ck_close(fr.difference, p);
			snprintf(p, sizeof(p), "/fairness/%s/%s/ratio", part_key[pi], ms[mi].key);
			ck_close(fr.ratio, p);
			ck_assert(fr.g[fr.hi].v - fr.g[fr.lo].v == fr.difference);
			fm_frame_release(&fr);
		}
	fixture_free(&f);
}
END_TEST

START_TEST(test_measures_vs_fairlearn)
{
	struct fixture f;
	struct pm_params par;
	struct jval *e;

	fixture_load(&f);
	e = f.e;
	pm_params_init(&par);
	for (int pi = 0; pi < 3; pi++)
		for (int m = 0; m < FM_NMEASURES; m++) {
			struct fm_result r;
			char p[200];
			fm_measure_compute(&f.ps.d, &f.part[pi], (enum fm_measure)m, &par,
					   20, &r);
			ck_assert_msg(r.defined, "%s", r.why);
			snprintf(p, sizeof(p), "/fairness/%s/%s", part_key[pi],
				 fm_measure_name((enum fm_measure)m));
			ck_close(r.v, p);
			ck_assert_uint_eq(r.nframes, m <= FM_DP_RATIO ? 1 : 2);
			fm_result_release(&r);
		}
	/* the intersection: 'F, 65+' (10 rows) is insufficient data, 'M,
	 * 65+' (exactly 20) is compared */
	{
		struct fm_result r;
		fm_measure_compute(&f.ps.d, &f.part[2], FM_DP_RATIO, &par, 20, &r);
		ck_assert_int_eq(r.frame[0].g[2].status, FM_GROUP_SMALL);
		ck_assert_uint_eq(r.frame[0].g[2].n, 10);
		ck_assert_int_eq(r.frame[0].g[5].status, FM_GROUP_OK);
		ck_assert_uint_eq(r.frame[0].small, 1);
		fm_result_release(&r);
	}
	ck_assert_int_eq(fm_measure_from_name("equalized_odds_ratio"), FM_EO_RATIO);
	ck_assert_int_eq(fm_measure_from_name("demographic_parity"), -1);
	fixture_free(&f);
}
END_TEST

/* Worked by hand: 8 rows, groups a (rows 0-3) and b (rows 4-7). */
START_TEST(test_fairness_by_hand)
{
	static const int y[] = {1, 1, 0, 0, 1, 0, 0, 0};
	static const int p[] = {1, 0, 1, 0, 1, 0, 0, 0};
	static const size_t grp[] = {0, 0, 0, 0, 1, 1, 1, 1};
	static const char *const gn[] = {"a", "b"};
	const size_t *col[] = {grp};
	const char *const *names[] = {gn};
	struct pm_data d;
	struct pm_params par;
	struct fm_partition part;
	struct fm_result r;
	struct fm_frame fr;

	memset(&d, 0, sizeof(d));
	d.task = PM_CLASSIFICATION;
	d.n = 8;
	d.k = 2;
	d.y = y;
	d.yhat = p;
	d.pos = 1;
	pm_params_init(&par);
	fm_partition_make(8, 1, col, names, &part);
	/* selection rates a 2/4, b 1/4: difference 0.25, ratio 0.5 */
	fm_measure_compute(&d, &part, FM_DP_DIFFERENCE, &par, 1, &r);
	ck_assert(r.defined && r.v == 0.25);
	fm_result_release(&r);
	fm_measure_compute(&d, &part, FM_DP_RATIO, &par, 1, &r);
	ck_assert(r.defined && r.v == 0.5);
	fm_result_release(&r);
	/* TPR a 1/2, b 1/1 (diff 0.5, ratio 0.5); FPR a 1/2, b 0/3 (diff
	 * 0.5, ratio 0/0.5 = 0): EO difference 0.5, EO ratio 0 */
	fm_measure_compute(&d, &part, FM_EO_DIFFERENCE, &par, 1, &r);
	ck_assert(r.defined && r.v == 0.5);
	fm_result_release(&r);
	fm_measure_compute(&d, &part, FM_EO_RATIO, &par, 1, &r);
	ck_assert(r.defined && r.v == 0.0);
	ck_assert_uint_eq(r.decided, 1);
	fm_result_release(&r);
	/* min_group_size 5: both groups are insufficient data */
	fm_measure_compute(&d, &part, FM_DP_DIFFERENCE, &par, 5, &r);
	ck_assert(!r.defined);
	ck_assert_str_eq(r.why, "0 groups with at least 5 rows (2 below): no two groups to compare");
	ck_assert_int_eq(r.frame[0].g[0].status, FM_GROUP_SMALL);
	fm_result_release(&r);
	fm_partition_release(&part);

	/* group b has no positive label: its TPR is 0/0, so equalized odds
	 * is undefined (Fairlearn would use 0) */
	{
		static const int y2[] = {1, 1, 0, 0, 0, 0, 0, 0};
		d.y = y2;
		fm_partition_make(8, 1, col, names, &part);
		fm_measure_compute(&d, &part, FM_EO_DIFFERENCE, &par, 1, &r);
		ck_assert(!r.defined);
		ck_assert_str_eq(r.why, "true_positive_rate is undefined for group 'b': no row has the positive label");
		fm_result_release(&r);
		/* nobody selected anywhere: the ratio is 0/0 */
		d.yhat = (const int[]){0, 0, 0, 0, 0, 0, 0, 0};
		fm_frame_compute(&d, &part, PM_SELECTION_RATE, &par, 1, &fr);
		ck_assert(fr.defined && fr.difference == 0.0);
		ck_assert(!fr.ratio_defined);
		ck_assert_str_eq(fr.why, "the largest selection_rate is 0: the ratio between groups is 0/0");
		fm_frame_release(&fr);
		fm_partition_release(&part);
	}
}
END_TEST

Suite *suite_fairness(void)
{
	Suite *s = suite_create("fairness");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_partitions);
	tcase_add_test(tc, test_frames_vs_fairlearn);
	tcase_add_test(tc, test_measures_vs_fairlearn);
	tcase_add_test(tc, test_fairness_by_hand);
	suite_add_tcase(s, tc);
	return s;
}
