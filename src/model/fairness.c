#include "model/fairness.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The rank of `key` among the sorted distinct keys u[0..m). */
static size_t rank_of(const uint64_t *u, size_t m, uint64_t key)
{
	size_t lo = 0, hi = m;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (u[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void fm_partition_make(size_t n, size_t ncols, const size_t *const *col,
		       const char *const *const *col_names,
		       struct fm_partition *out)
{
	uint64_t *key = xcalloc(n ? n : 1, sizeof(*key)),
		 *u = xcalloc(n ? n : 1, sizeof(*u));
	size_t *rep, m = 0;

	memset(out, 0, sizeof(*out));
	out->n = n;
	out->row_group = xcalloc(n ? n : 1, sizeof(size_t));
	/* refine one column at a time: the pair (group so far, this column's
	 * group) as one key, then ranked, keeps the order lexicographic */
	for (size_t j = 0; j < ncols; j++) {
		uint64_t width = 0;
		for (size_t i = 0; i < n; i++)
			if (col[j][i] + 1 > width)
				width = col[j][i] + 1;
		for (size_t i = 0; i < n; i++)
			key[i] = (uint64_t)out->row_group[i] * width + col[j][i];
		memcpy(u, key, n * sizeof(*u));
		qsort(u, n, sizeof(*u), cmp_u64);
		m = 0;
		for (size_t i = 0; i < n; i++)
			if (i == 0 || u[i] != u[m - 1])
				u[m++] = u[i];
		for (size_t i = 0; i < n; i++)
			out->row_group[i] = rank_of(u, m, key[i]);
	}
	out->ngroups = ncols ? m : (n ? 1 : 0);
	out->size = xcalloc(out->ngroups ? out->ngroups : 1, sizeof(size_t));
	out->names = xcalloc(out->ngroups + 1, sizeof(char *));
	rep = xcalloc(out->ngroups ? out->ngroups : 1, sizeof(size_t));
	for (size_t i = n; i-- > 0;) {
		out->size[out->row_group[i]]++;
		rep[out->row_group[i]] = i;
	}
	for (size_t g = 0; g < out->ngroups; g++) {
		struct sbuf sb = SBUF_INIT;
		for (size_t j = 0; j < ncols; j++)
			sbuf_addf(&sb, "%s%s", j ? ", " : "", col_names[j][col[j][rep[g]]]);
		out->names[g] = sbuf_detach(&sb);
	}
	free(rep);
	free(u);
	free(key);
}

void fm_partition_release(struct fm_partition *p)
{
	if (!p)
		return;
	for (size_t g = 0; p->names && g < p->ngroups; g++)
		free(p->names[g]);
	free(p->names);
	free(p->size);
	free(p->row_group);
	memset(p, 0, sizeof(*p));
}

/* The rows of each group, as one array with offsets. */
static void group_rows(const struct fm_partition *p, size_t **rows, size_t **start)
{
	size_t *fill = xcalloc(p->ngroups + 1, sizeof(size_t));

	*rows = xcalloc(p->n ? p->n : 1, sizeof(size_t));
	*start = xcalloc(p->ngroups + 1, sizeof(size_t));
	for (size_t g = 0; g < p->ngroups; g++)
		(*start)[g + 1] = (*start)[g] + p->size[g];
	for (size_t i = 0; i < p->n; i++) {
		size_t g = p->row_group[i];
		(*rows)[(*start)[g] + fill[g]++] = i;
	}
	free(fill);
}

/* Compute the metrics `want` for every group large enough; res[g] is
 * untouched for the small ones. */
static void by_group(const struct pm_data *d, const struct fm_partition *p,
		     unsigned want, const struct pm_params *par,
		     size_t min_group_size, struct pm_result *res)
{
	size_t *rows, *start;

	group_rows(p, &rows, &start);
	for (size_t g = 0; g < p->ngroups; g++) {
		struct pm_subset s;
		if (p->size[g] < min_group_size)
			continue;
		pm_subset_make(d, rows + start[g], p->size[g], &s);
		pm_compute_params(&s.d, NULL, par, want, &res[g]);
		pm_subset_release(&s);
	}
	free(rows);
	free(start);
}

/* Fill frame f from the per-group results. */
static void frame_from(const struct fm_partition *p, enum pm_metric m,
		       size_t min_group_size, const struct pm_result *res,
		       struct fm_frame *f)
{
	const char *name = pm_metric_name(m);
	int have = 0;

	memset(f, 0, sizeof(*f));
	f->metric = m;
	f->ngroups = p->ngroups;
	f->g = xcalloc(p->ngroups ? p->ngroups : 1, sizeof(*f->g));
	f->difference = f->ratio = NAN;
	for (size_t g = 0; g < p->ngroups; g++) {
		struct fm_value *v = &f->g[g];
		v->n = p->size[g];
		v->v = NAN;
		if (p->size[g] < min_group_size) {
			v->status = FM_GROUP_SMALL;
			f->small++;
			continue;
		}
		if (!(res[g].defined & PM_BIT(m))) {
			v->status = FM_GROUP_UNDEFINED;
			snprintf(v->why, sizeof(v->why), "%s", res[g].why[m]);
			if (!f->why[0])
				snprintf(f->why, sizeof(f->why),
					 "%s is undefined for group '%s': %s", name,
					 p->names[g], res[g].why[m]);
			continue;
		}
		v->status = FM_GROUP_OK;
		v->v = res[g].v[m];
		f->compared++;
		if (!have || v->v < f->g[f->lo].v)
			f->lo = g;
		if (!have || v->v > f->g[f->hi].v)
			f->hi = g;
		have = 1;
	}
	if (f->why[0])
		return;
	if (f->compared < 2) {
		snprintf(f->why, sizeof(f->why),
			 "%zu group%s with at least %zu rows (%zu below): no two groups to compare",
			 f->compared, f->compared == 1 ? "" : "s", min_group_size, f->small);
		return;
	}
	f->defined = 1;
	f->difference = f->g[f->hi].v - f->g[f->lo].v;
	if (f->g[f->hi].v == 0) {
		snprintf(f->why, sizeof(f->why),
			 "the largest %s is 0: the ratio between groups is 0/0", name);
		return;
	}
	f->ratio_defined = 1;
	f->ratio = f->g[f->lo].v / f->g[f->hi].v;
}

void fm_frame_compute(const struct pm_data *d, const struct fm_partition *p,
		      enum pm_metric m, const struct pm_params *par,
		      size_t min_group_size, struct fm_frame *f)
{
	struct pm_result *res = xcalloc(p->ngroups ? p->ngroups : 1, sizeof(*res));

	by_group(d, p, PM_BIT(m), par, min_group_size, res);
	frame_from(p, m, min_group_size, res, f);
	free(res);
}

void fm_frame_release(struct fm_frame *f)
{
	if (!f)
		return;
	free(f->g);
	f->g = NULL;
}

static const char *const measure_names[FM_NMEASURES] = {
	"demographic_parity_difference", "demographic_parity_ratio",
	"equalized_odds_difference", "equalized_odds_ratio",
};

const char *fm_measure_name(enum fm_measure m)
{
	return measure_names[m];
}

int fm_measure_from_name(const char *name)
{
	for (int i = 0; i < FM_NMEASURES; i++)
		if (strcmp(measure_names[i], name) == 0)
			return i;
	return -1;
}

static int frame_value(const struct fm_frame *f, int ratio, double *v)
{
	if (!f->defined || (ratio && !f->ratio_defined))
		return -1;
	*v = ratio ? f->ratio : f->difference;
	return 0;
}

/* demographic_parity_difference/_ratio: MetricFrame(selection_rate)
 * .difference()/.ratio(); equalized_odds_difference: max of the TPR and
 * FPR differences; equalized_odds_ratio: min of the two ratios (Fairlearn's
 * default agg='worst_case'). */
void fm_measure_compute(const struct pm_data *d, const struct fm_partition *p,
			enum fm_measure m, const struct pm_params *par,
			size_t min_group_size, struct fm_result *r)
{
	struct pm_result *res = xcalloc(p->ngroups ? p->ngroups : 1, sizeof(*res));
	int ratio = m == FM_DP_RATIO || m == FM_EO_RATIO;
	const enum pm_metric dp[] = {PM_SELECTION_RATE}, eo[] = {PM_TPR, PM_FPR};
	const enum pm_metric *ms = m <= FM_DP_RATIO ? dp : eo;
	unsigned want = 0;

	memset(r, 0, sizeof(*r));
	r->v = NAN;
	r->nframes = m <= FM_DP_RATIO ? 1 : 2;
	for (size_t i = 0; i < r->nframes; i++)
		want |= PM_BIT(ms[i]);
	by_group(d, p, want, par, min_group_size, res);
	for (size_t i = 0; i < r->nframes; i++)
		frame_from(p, ms[i], min_group_size, res, &r->frame[i]);
	free(res);
	for (size_t i = 0; i < r->nframes; i++) {
		double v;
		if (frame_value(&r->frame[i], ratio, &v) < 0) {
			snprintf(r->why, sizeof(r->why), "%s", r->frame[i].why);
			r->defined = 0;
			r->v = NAN;
			return;
		}
		if (!r->defined || (ratio ? v < r->v : v > r->v)) {
			r->v = v;
			r->decided = i;
		}
		r->defined = 1;
	}
}

void fm_result_release(struct fm_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nframes; i++)
		fm_frame_release(&r->frame[i]);
	r->nframes = 0;
}
