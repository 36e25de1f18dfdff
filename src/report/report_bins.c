/* report_bins: a drift gate's bins from its details, checked, for the
 * reporters that draw them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ext/jsondoc.h"
#include "report/report_bins.h"
#include "report/report_fmt.h"

double *rep_numbers(const struct jval *a, size_t max, int nonneg, size_t *n)
{
	double *v;

	if (!a || jv_type(a) != J_ARRAY || jv_size(a) == 0 || jv_size(a) > max)
		return NULL;
	*n = jv_size(a);
	v = xcalloc(*n, sizeof(*v));
	for (size_t i = 0; i < *n; i++) {
		const struct jval *e = jv_at(a, i);
		if (jv_type(e) != J_NUMBER || !isfinite(jv_number(e)) ||
		    (nonneg && jv_number(e) < 0)) {
			free(v);
			return NULL;
		}
		v[i] = jv_number(e);
	}
	return v;
}

static double sum(const double *v, size_t n)
{
	double t = 0;

	for (size_t i = 0; i < n; i++)
		t += v[i];
	return t;
}

void rep_bins_release(struct rep_bins *b)
{
	if (!b)
		return;
	free(b->ref);
	free(b->cur);
	free(b->edges);
	if (b->cats)
		for (size_t i = 0; i < b->n; i++)
			free(b->cats[i]);
	free(b->cats);
	memset(b, 0, sizeof(*b));
}

static int read_categories(const struct jval *cats, struct rep_bins *b)
{
	if (jv_type(cats) != J_ARRAY || jv_size(cats) != b->n)
		return -1;
	for (size_t i = 0; i < b->n; i++)
		if (jv_type(jv_at(cats, i)) != J_STRING)
			return -1;
	b->cats = xcalloc(b->n, sizeof(*b->cats));
	for (size_t i = 0; i < b->n; i++)
		b->cats[i] = xstrdup(jv_string(jv_at(cats, i)));
	return 0;
}

static int read_edges(const struct jval *edges, struct rep_bins *b)
{
	size_t ne = 0;

	if (b->n == 1)
		return jv_type(edges) == J_ARRAY && jv_size(edges) == 0 ? 0 : -1;
	b->edges = rep_numbers(edges, REP_BINS_MAX, 0, &ne);
	if (!b->edges || ne != b->n - 1)
		return -1;
	for (size_t i = 1; i < ne; i++)
		if (!(b->edges[i] > b->edges[i - 1]))
			return -1;
	return 0;
}

int rep_bins_read(const struct jval *d, struct rep_bins *b)
{
	const struct jval *bins = d ? jv_get(d, "bins") : NULL, *edges, *cats, *fr;
	size_t nc = 0;

	memset(b, 0, sizeof(*b));
	if (!bins || jv_type(bins) != J_OBJECT)
		return -1;
	b->ref = rep_numbers(jv_get(bins, "reference_counts"), REP_BINS_MAX, 1, &b->n);
	b->cur = rep_numbers(jv_get(bins, "current_counts"), REP_BINS_MAX, 1, &nc);
	if (!b->ref || !b->cur || nc != b->n)
		return -1;
	edges = jv_get(bins, "edges");
	cats = jv_get(bins, "categories");
	if (!edges == !cats || (edges ? read_edges(edges, b) : read_categories(cats, b)) < 0)
		return -1;
	b->nref = sum(b->ref, b->n);
	b->ncur = sum(b->cur, b->n);
	fr = jv_get(d, "frozen_reference");
	b->frozen = fr && jv_type(fr) == J_BOOL && jv_bool(fr);
	return 0;
}

int rep_bins_parse(const char *details, struct rep_bins *b)
{
	struct mg_error err;
	struct jval *d;
	int rc;

	memset(b, 0, sizeof(*b));
	if (!details)
		return -1;
	d = jv_parse(details, strlen(details), "details", 0, &err);
	rc = d && jv_type(d) == J_OBJECT ? rep_bins_read(d, b) : -1;
	jv_free(d);
	return rc;
}

static void bins_alloc(struct rep_bins *o, size_t n, int cats, int edges)
{
	memset(o, 0, sizeof(*o));
	o->n = n;
	o->ref = xcalloc(n, sizeof(*o->ref));
	o->cur = xcalloc(n, sizeof(*o->cur));
	if (cats)
		o->cats = xcalloc(n, sizeof(*o->cats));
	if (edges && n > 1)
		o->edges = xcalloc(n - 1, sizeof(*o->edges));
}

static double larger_share(const struct rep_bins *b, size_t i)
{
	return fmax(rep_share(b->ref[i], b->nref), rep_share(b->cur[i], b->ncur));
}

/* The categories to keep: the `keep` largest, ties to the earlier one. */
static unsigned char *largest(const struct rep_bins *b, size_t keep)
{
	unsigned char *kept = xcalloc(b->n, 1);

	for (size_t k = 0; k < keep; k++) {
		size_t best = b->n;
		for (size_t i = 0; i < b->n; i++)
			if (!kept[i] && (best == b->n || larger_share(b, i) > larger_share(b, best)))
				best = i;
		kept[best] = 1;
	}
	return kept;
}

static void cap_categories(const struct rep_bins *b, size_t max, struct rep_bins *o)
{
	unsigned char *kept = largest(b, max - 1);
	size_t j = 0;

	bins_alloc(o, max, 1, 0);
	for (size_t i = 0; i < b->n; i++) {
		if (kept[i]) {
			o->ref[j] = b->ref[i];
			o->cur[j] = b->cur[i];
			o->cats[j++] = xstrdup(b->cats[i]);
		} else {
			o->ref[max - 1] += b->ref[i];
			o->cur[max - 1] += b->cur[i];
		}
	}
	o->cats[max - 1] = xasprintf("%zu others", b->n - (max - 1));
	free(kept);
}

static void cap_edges(const struct rep_bins *b, size_t max, struct rep_bins *o)
{
	size_t g = (b->n + max - 1) / max, m = (b->n + g - 1) / g;

	bins_alloc(o, m, 0, 1);
	for (size_t i = 0; i < b->n; i++) {
		o->ref[i / g] += b->ref[i];
		o->cur[i / g] += b->cur[i];
	}
	/* merged bin j covers (edges[j*g - 1], edges[(j+1)*g - 1]] */
	for (size_t j = 0; j + 1 < m; j++)
		o->edges[j] = b->edges[(j + 1) * g - 1];
}

void rep_bins_cap(const struct rep_bins *b, size_t max, struct rep_bins *o)
{
	if (max < 2)
		max = 2;
	if (b->n > max) {
		if (b->cats)
			cap_categories(b, max, o);
		else
			cap_edges(b, max, o);
	} else {
		bins_alloc(o, b->n, b->cats != NULL, b->edges != NULL);
		memcpy(o->ref, b->ref, b->n * sizeof(*o->ref));
		memcpy(o->cur, b->cur, b->n * sizeof(*o->cur));
		for (size_t i = 0; b->cats && i < b->n; i++)
			o->cats[i] = xstrdup(b->cats[i]);
		if (o->edges)
			memcpy(o->edges, b->edges, (b->n - 1) * sizeof(*o->edges));
	}
	o->nref = b->nref;
	o->ncur = b->ncur;
	o->frozen = b->frozen;
}

void rep_bin_name(struct sbuf *o, const struct rep_bins *b, size_t i)
{
	char lo[64], hi[64];

	if (b->cats) {
		sbuf_adds(o, b->cats[i]);
		return;
	}
	if (b->n == 1) {
		sbuf_adds(o, "all values");
		return;
	}
	if (i > 0)
		rep_num(lo, sizeof(lo), b->edges[i - 1]);
	if (i < b->n - 1)
		rep_num(hi, sizeof(hi), b->edges[i]);
	if (i == 0)
		sbuf_addf(o, "≤ %s", hi);
	else if (i == b->n - 1)
		sbuf_addf(o, "> %s", lo);
	else
		sbuf_addf(o, "(%s, %s]", lo, hi);
}

double rep_share(double count, double of)
{
	return of > 0 ? count / of : 0;
}

double rep_nice_ceil(double v)
{
	static const double steps[] = {1, 2, 2.5, 5, 10};
	double p;

	if (!(v > 0))
		return 1;
	p = pow(10, floor(log10(v)));
	for (size_t i = 0; i < 5; i++)
		if (steps[i] * p >= v * (1 - 1e-12))
			return steps[i] * p;
	return 10 * p;
}
