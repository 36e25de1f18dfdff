/* qsketch: exact value/count pairs, then a compactor stack with a tracked
 * rank error bound (see qsketch.h). */
#include "data/qsketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "common/util.h"
#include "data/colstats.h"

void qsketch_init(struct qsketch *s)
{
	memset(s, 0, sizeof(*s));
	s->exact = 1;
}

void qsketch_release(struct qsketch *s)
{
	free(s->val);
	free(s->cnt);
	for (int h = 0; h < QSKETCH_LEVELS; h++)
		free(s->lv[h]);
	free(s->hll);
	memset(s, 0, sizeof(*s));
}

static void push_level(struct qsketch *s, int h, double v);

/* Halve level h: sort it, keep every other value (from the first or the
 * second, by a parity of the values themselves, so that the result does
 * not depend on the order the values arrived in) at weight 2^(h+1); an odd
 * value out, the largest, stays.  For any x the count of values <= x moves
 * by at most 2^h. */
static void compact(struct qsketch *s, int h)
{
	size_t m = s->lvn[h] & ~(size_t)1, keep = 0;
	uint64_t mix = 0;
	double *tmp;
	int odd;

	if (!s->ascending)
		qsort(s->lv[h], s->lvn[h], sizeof(double), num_cmp_double);
	for (size_t i = 0; i < m; i++)
		mix ^= colstats_hash_double(s->lv[h][i]);
	odd = (int)(mix >> 63);
	tmp = xmalloc((m / 2 + 1) * sizeof(double));
	for (size_t i = (size_t)odd; i < m; i += 2)
		tmp[keep++] = s->lv[h][i];
	if (s->lvn[h] > m)
		s->lv[h][0] = s->lv[h][m];
	s->lvn[h] -= m;
	s->err += (uint64_t)1 << h;
	for (size_t i = 0; i < keep; i++)
		push_level(s, h + 1, tmp[i]);
	free(tmp);
}

static void push_level(struct qsketch *s, int h, double v)
{
	if (h >= QSKETCH_LEVELS)
		return; /* unreachable: weights stay below 2^63 */
	if (s->lvn[h] == s->lvcap[h])
		s->lv[h] = xgrow(s->lv[h], &s->lvcap[h], s->lvn[h] + 1,
				 sizeof(double));
	s->lv[h][s->lvn[h]++] = v;
	if (h >= s->nlevels)
		s->nlevels = h + 1;
	if (s->lvn[h] >= QSKETCH_K)
		compact(s, h);
}

/* Weight `count` at once: one value per set bit (no error). */
static void push_weighted(struct qsketch *s, double v, uint64_t count)
{
	for (int h = 0; count; h++, count >>= 1)
		if (count & 1)
			push_level(s, h, v);
}

/* Exact pairs to levels (no error yet), with the distinct estimate. */
static void to_levels(struct qsketch *s)
{
	double *val = s->val;
	uint64_t *cnt = s->cnt;
	size_t np = s->npairs;

	s->exact = 0;
	s->val = NULL;
	s->cnt = NULL;
	s->npairs = s->cappairs = 0;
	if (!s->hll)
		s->hll = xcalloc(COLSTATS_HLL_REGS, 1);
	for (size_t i = 0; i < np; i++) {
		colstats_hll_add(s->hll, colstats_hash_double(val[i]));
		push_weighted(s, val[i], cnt[i]);
	}
	free(val);
	free(cnt);
}

/* index of the first pair >= v */
static size_t pair_lower(const struct qsketch *s, double v)
{
	size_t lo = 0, hi = s->npairs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->val[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void qsketch_add(struct qsketch *s, double v, uint64_t count)
{
	size_t i;

	if (!count)
		return;
	if (v == 0)
		v = 0.0;
	s->n += count;
	if (!s->exact) {
		colstats_hll_add(s->hll, colstats_hash_double(v));
		push_weighted(s, v, count);
		return;
	}
	i = pair_lower(s, v);
	if (i < s->npairs && s->val[i] == v) {
		s->cnt[i] += count;
		return;
	}
	if (s->npairs == QSKETCH_EXACT_CAP) {
		s->n -= count;
		to_levels(s);
		qsketch_add(s, v, count);
		return;
	}
	if (s->npairs == s->cappairs) {
		size_t cap = s->cappairs;
		s->val = xgrow(s->val, &cap, s->npairs + 1, sizeof(double));
		s->cnt = xgrow(s->cnt, &s->cappairs, s->npairs + 1, sizeof(uint64_t));
	}
	memmove(s->val + i + 1, s->val + i, (s->npairs - i) * sizeof(double));
	memmove(s->cnt + i + 1, s->cnt + i, (s->npairs - i) * sizeof(uint64_t));
	s->val[i] = v;
	s->cnt[i] = count;
	s->npairs++;
}

void qsketch_from_sorted(struct qsketch *s, const double *v, size_t n)
{
	size_t d = 0;

	for (size_t i = 0; i < n; i++)
		d += i == 0 || v[i] != v[i - 1];
	if (d <= QSKETCH_EXACT_CAP) {
		s->val = xmalloc((d ? d : 1) * sizeof(double));
		s->cnt = xmalloc((d ? d : 1) * sizeof(uint64_t));
		s->cappairs = d;
		for (size_t i = 0; i < n; i++) {
			if (i == 0 || v[i] != v[i - 1]) {
				s->val[s->npairs] = v[i] == 0 ? 0.0 : v[i];
				s->cnt[s->npairs++] = 0;
			}
			s->cnt[s->npairs - 1]++;
		}
		s->n = n;
		return;
	}
	s->exact = 0;
	s->hll = xcalloc(COLSTATS_HLL_REGS, 1);
	/* ascending input keeps every level ascending (each level receives
	 * the halves of ascending runs in order): no sorting needed */
	s->ascending = 1;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i] != v[i - 1])
			colstats_hll_add(s->hll, colstats_hash_double(v[i]));
		push_level(s, 0, v[i] == 0 ? 0.0 : v[i]);
	}
	s->ascending = 0;
	s->n = n;
}

/* The union of two exact sketches' pairs into a (which may then hold more
 * than the cap: the caller turns it into levels). */
static void union_pairs(struct qsketch *a, const struct qsketch *b)
{
	size_t n = a->npairs + b->npairs, i = 0, j = 0, m = 0;
	double *v = xmalloc((n + 1) * sizeof(double));
	uint64_t *c = xmalloc((n + 1) * sizeof(uint64_t));

	while (i < a->npairs || j < b->npairs) {
		if (j >= b->npairs || (i < a->npairs && a->val[i] < b->val[j])) {
			v[m] = a->val[i];
			c[m++] = a->cnt[i++];
		} else if (i >= a->npairs || b->val[j] < a->val[i]) {
			v[m] = b->val[j];
			c[m++] = b->cnt[j++];
		} else {
			v[m] = a->val[i];
			c[m++] = a->cnt[i++] + b->cnt[j++];
		}
	}
	free(a->val);
	free(a->cnt);
	a->val = v;
	a->cnt = c;
	a->npairs = m;
	a->cappairs = n;
	a->n += b->n;
}

/* b's levels into a's (both compacted), then halve from the bottom up:
 * the result depends only on the two multisets of each level. */
static void merge_levels(struct qsketch *a, const struct qsketch *b)
{
	for (size_t i = 0; i < COLSTATS_HLL_REGS; i++)
		if (b->hll[i] > a->hll[i])
			a->hll[i] = b->hll[i];
	for (int h = 0; h < b->nlevels; h++) {
		size_t need = a->lvn[h] + b->lvn[h];
		if (!b->lvn[h])
			continue;
		if (need > a->lvcap[h])
			a->lv[h] = xgrow(a->lv[h], &a->lvcap[h], need, sizeof(double));
		memcpy(a->lv[h] + a->lvn[h], b->lv[h], b->lvn[h] * sizeof(double));
		a->lvn[h] = need;
		if (h >= a->nlevels)
			a->nlevels = h + 1;
	}
	for (int h = 0; h < a->nlevels; h++)
		if (a->lvn[h] >= QSKETCH_K)
			compact(a, h);
	a->n += b->n;
	a->err += b->err;
}

void qsketch_merge(struct qsketch *a, const struct qsketch *b)
{
	struct qsketch t;

	if (a->exact && b->exact) {
		union_pairs(a, b);
		if (a->npairs > QSKETCH_EXACT_CAP)
			to_levels(a);
		return;
	}
	if (a->exact) {
		to_levels(a);
		merge_levels(a, b);
		return;
	}
	if (!b->exact) {
		merge_levels(a, b);
		return;
	}
	/* an exact b becomes levels on its own first, as an exact a does */
	qsketch_init(&t);
	t.val = xmalloc((b->npairs + 1) * sizeof(double));
	t.cnt = xmalloc((b->npairs + 1) * sizeof(uint64_t));
	memcpy(t.val, b->val, b->npairs * sizeof(double));
	memcpy(t.cnt, b->cnt, b->npairs * sizeof(uint64_t));
	t.npairs = t.cappairs = b->npairs;
	t.n = b->n;
	to_levels(&t);
	merge_levels(a, &t);
	qsketch_release(&t);
}

double qsketch_rank_error(const struct qsketch *s)
{
	return s->n ? (double)s->err / (double)s->n : 0.0;
}

int64_t qsketch_distinct(const struct qsketch *s, int *approx)
{
	double est;

	*approx = 0;
	if (s->exact)
		return (int64_t)s->npairs;
	*approx = 1;
	est = colstats_hll_estimate(s->hll);
	if (est < QSKETCH_EXACT_CAP + 1)
		est = QSKETCH_EXACT_CAP + 1;
	if (est > (double)s->n)
		est = (double)s->n;
	return (int64_t)llround(est);
}

void qsketch_normalize(struct qsketch *s)
{
	for (int h = 0; h < s->nlevels; h++)
		qsort(s->lv[h], s->lvn[h], sizeof(double), num_cmp_double);
}

int qsketch_check(const struct qsketch *s)
{
	uint64_t total = 0;

	if (s->exact) {
		if (s->err || s->npairs > QSKETCH_EXACT_CAP)
			return -1;
		for (size_t i = 0; i < s->npairs; i++) {
			if (!isfinite(s->val[i]) || s->cnt[i] == 0 ||
			    (i && !(s->val[i] > s->val[i - 1])) ||
			    s->cnt[i] > UINT64_MAX - total)
				return -1;
			total += s->cnt[i];
		}
		return total == s->n ? 0 : -1;
	}
	if (!s->hll || s->nlevels > 54)
		return -1;
	for (int h = 0; h < s->nlevels; h++) {
		if (s->lvn[h] >= QSKETCH_K)
			return -1;
		for (size_t i = 0; i < s->lvn[h]; i++) {
			uint64_t w = (uint64_t)1 << h;
			if (!isfinite(s->lv[h][i]) || total > UINT64_MAX - w)
				return -1;
			total += w;
		}
	}
	return total == s->n ? 0 : -1;
}

/* --- the view: sorted values with weights -------------------------------- */

struct vw {
	double v;
	uint64_t w;
};

static int vw_cmp(const void *a, const void *b)
{
	return num_cmp_double(&((const struct vw *)a)->v, &((const struct vw *)b)->v);
}

void qsketch_view(const struct qsketch *s, struct qsview *out)
{
	size_t n = 0, m = 0;
	struct vw *all;

	memset(out, 0, sizeof(*out));
	out->total = s->n;
	if (s->exact) {
		out->n = s->npairs;
		out->v = xmalloc((s->npairs + 1) * sizeof(double));
		out->w = xmalloc((s->npairs + 1) * sizeof(uint64_t));
		if (s->npairs) {
			memcpy(out->v, s->val, s->npairs * sizeof(double));
			memcpy(out->w, s->cnt, s->npairs * sizeof(uint64_t));
		}
		return;
	}
	for (int h = 0; h < s->nlevels; h++)
		n += s->lvn[h];
	all = xmalloc((n + 1) * sizeof(*all));
	n = 0;
	for (int h = 0; h < s->nlevels; h++)
		for (size_t i = 0; i < s->lvn[h]; i++)
			all[n++] = (struct vw){s->lv[h][i], (uint64_t)1 << h};
	qsort(all, n, sizeof(*all), vw_cmp);
	out->v = xmalloc((n + 1) * sizeof(double));
	out->w = xmalloc((n + 1) * sizeof(uint64_t));
	for (size_t i = 0; i < n; i++) {
		if (m && out->v[m - 1] == all[i].v) {
			out->w[m - 1] += all[i].w;
			continue;
		}
		out->v[m] = all[i].v;
		out->w[m++] = all[i].w;
	}
	out->n = m;
	free(all);
}

void qsview_release(struct qsview *v)
{
	free(v->v);
	free(v->w);
	memset(v, 0, sizeof(*v));
}

/* The value at 0-based position r of the expanded ascending values. */
static double value_at(const struct qsview *v, uint64_t r, size_t *hint)
{
	size_t i = *hint;
	uint64_t before = 0;

	/* positions are asked for in ascending order: walk from the hint */
	for (size_t j = 0; j < i; j++)
		before += v->w[j];
	while (i + 1 < v->n && before + v->w[i] <= r) {
		before += v->w[i];
		i++;
	}
	*hint = i;
	return v->v[i];
}

double qsview_quantile7(const struct qsview *v, double q)
{
	double h, fl, a, b;
	uint64_t lo;
	size_t hint = 0;

	if (v->total == 0 || v->n == 0 || !(q >= 0 && q <= 1))
		return NAN;
	h = (double)(v->total - 1) * q;
	if (h >= (double)(v->total - 1))
		return v->v[v->n - 1];
	fl = floor(h);
	lo = (uint64_t)fl;
	a = value_at(v, lo, &hint);
	b = value_at(v, lo + 1, &hint);
	return num_lerp7(a, b, h - fl);
}

size_t qsview_edges(const struct qsview *v, size_t k, double *edges)
{
	size_t m = 0;

	if (v->total == 0)
		return 0;
	for (size_t i = 1; i < k; i++) {
		double e = qsview_quantile7(v, (double)i / (double)k);
		if (m == 0 || e != edges[m - 1])
			edges[m++] = e;
	}
	return m;
}

void qsview_bin_counts(const struct qsview *v, const double *edges,
		       size_t nedges, uint64_t *counts)
{
	memset(counts, 0, (nedges + 1) * sizeof(uint64_t));
	for (size_t i = 0; i < v->n; i++)
		counts[num_bin(edges, nedges, v->v[i])] += v->w[i];
}
