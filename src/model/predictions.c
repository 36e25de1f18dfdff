/* predictions: load a predictions file, report its metrics, and the
 * `predictions:` policy section. */
#define _POSIX_C_SOURCE 200809L
#include "model/predictions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data/csv.h"
#include "common/jsonw.h"
#include "core/sections.h"

/* ----- interned strings (class labels, group names) ----- */

struct istr {
	char *s;
	size_t n;
	long line_label, line_pred; /* first line where it is a label / prediction */
};

struct itab {
	struct istr *v;
	size_t n, cap;
	uint32_t *slot; /* id + 1, 0 = empty */
	size_t nslot;
};

static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void itab_rehash(struct itab *t, size_t nslot)
{
	free(t->slot);
	t->slot = xcalloc(nslot, sizeof(*t->slot));
	t->nslot = nslot;
	for (size_t i = 0; i < t->n; i++) {
		size_t h = (size_t)hash_bytes(t->v[i].s, t->v[i].n) & (nslot - 1);
		while (t->slot[h])
			h = (h + 1) & (nslot - 1);
		t->slot[h] = (uint32_t)(i + 1);
	}
}

/* The id of the string, added when new. */
static size_t itab_get(struct itab *t, const char *p, size_t n)
{
	size_t h;

	if (2 * (t->n + 1) > t->nslot)
		itab_rehash(t, t->nslot ? t->nslot * 2 : 64);
	h = (size_t)hash_bytes(p, n) & (t->nslot - 1);
	while (t->slot[h]) {
		const struct istr *e = &t->v[t->slot[h] - 1];
		if (e->n == n && memcmp(e->s, p, n) == 0)
			return t->slot[h] - 1;
		h = (h + 1) & (t->nslot - 1);
	}
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
	t->v[t->n].s = xstrndup(p, n);
	t->v[t->n].n = n;
	t->v[t->n].line_label = t->v[t->n].line_pred = 0;
	t->slot[h] = (uint32_t)(t->n + 1);
	return t->n++;
}

static void itab_release(struct itab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].s);
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* ----- loading ----- */

struct loader {
	const struct pred_options *o;
	long col_label, col_pred, col_score, col_by[PRED_MAX_BY];
	struct csv_nulls nulls;
	struct itab classes;
	struct itab groups[PRED_MAX_BY];
	uint32_t *lab, *pre, *grp[PRED_MAX_BY];
	double *sc, *ty, *tp;
	long *line;
	size_t n, cap;
};

static long find_column(const char *const *names, size_t n, const char *want)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], want) == 0)
			return (long)i;
	return -1;
}

static int column_error(const struct pred_options *o, const char *const *names,
			size_t n, const char *role, const char *want,
			struct mg_error *err)
{
	const char **cand = xcalloc(n + 1, sizeof(*cand));
	const char *hint;
	struct sbuf list = SBUF_INIT;
	int rc;

	for (size_t i = 0; i < n; i++) {
		cand[i] = names[i];
		if (i < 12)
			sbuf_addf(&list, "%s'%s'", i ? ", " : "", names[i]);
	}
	if (n > 12)
		sbuf_addf(&list, ", ... (%zu in all)", n);
	hint = mg_suggest(want, cand);
	if (hint)
		rc = mg_errorf(err, MG_EXIT_INPUT, o->path, 1, 0,
			       "no %s column '%s' (did you mean '%s'?)", role, want, hint);
	else
		rc = mg_errorf(err, MG_EXIT_INPUT, o->path, 1, 0,
			       "no %s column '%s' (columns: %s)", role, want,
			       sbuf_str(&list));
	sbuf_release(&list);
	free(cand);
	return rc;
}

static int on_header(void *ctx, const char *const *names, size_t n,
		     struct mg_error *err)
{
	struct loader *L = ctx;
	const struct pred_options *o = L->o;

	L->col_label = find_column(names, n, o->label);
	if (L->col_label < 0)
		return column_error(o, names, n, "label", o->label, err);
	L->col_pred = L->col_score = -1;
	if (o->prediction &&
	    (L->col_pred = find_column(names, n, o->prediction)) < 0)
		return column_error(o, names, n, "prediction", o->prediction, err);
	if (o->score && (L->col_score = find_column(names, n, o->score)) < 0)
		return column_error(o, names, n, "score", o->score, err);
	for (size_t j = 0; j < o->nby; j++)
		if ((L->col_by[j] = find_column(names, n, o->by[j])) < 0)
			return column_error(o, names, n, "group", o->by[j], err);
	return 0;
}

static void grow(struct loader *L)
{
	size_t cap;

	if (L->n < L->cap)
		return;
	cap = L->cap ? L->cap * 2 : 1024;
	L->lab = xrealloc(L->lab, cap * sizeof(*L->lab));
	L->pre = xrealloc(L->pre, cap * sizeof(*L->pre));
	L->sc = xrealloc(L->sc, cap * sizeof(*L->sc));
	L->ty = xrealloc(L->ty, cap * sizeof(*L->ty));
	L->tp = xrealloc(L->tp, cap * sizeof(*L->tp));
	L->line = xrealloc(L->line, cap * sizeof(*L->line));
	for (size_t j = 0; j < L->o->nby; j++)
		L->grp[j] = xrealloc(L->grp[j], cap * sizeof(*L->grp[j]));
	L->cap = cap;
}

/* Show a cell in a message: at most 40 bytes. */
static int shown(size_t n)
{
	return n > 40 ? 40 : (int)n;
}

static int on_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct loader *L = ctx;
	const struct pred_options *o = L->o;
	const struct csv_cell *c;
	const char *path = o->path;
	long line = row->line;

	grow(L);
	L->line[L->n] = line;
	c = &row->cells[L->col_label];
	if (csv_is_null(&L->nulls, c->p, c->n))
		return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
				 "the label ('%s') is empty or null", o->label);
	if (o->task == PM_REGRESSION) {
		if (csv_parse_number(c->p, c->n, &L->ty[L->n]) < 0)
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "label '%.*s' is not a number (a regression needs numeric labels)",
					 shown(c->n), c->p);
	} else {
		size_t id = itab_get(&L->classes, c->p, c->n);
		if (!L->classes.v[id].line_label)
			L->classes.v[id].line_label = line;
		L->lab[L->n] = (uint32_t)id;
	}
	if (L->col_pred >= 0) {
		c = &row->cells[L->col_pred];
		if (csv_is_null(&L->nulls, c->p, c->n))
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "the prediction ('%s') is empty or null", o->prediction);
		if (o->task == PM_REGRESSION) {
			if (csv_parse_number(c->p, c->n, &L->tp[L->n]) < 0)
				return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
						 "prediction '%.*s' is not a number (a regression needs numeric predictions)",
						 shown(c->n), c->p);
		} else {
			size_t id = itab_get(&L->classes, c->p, c->n);
			if (!L->classes.v[id].line_pred)
				L->classes.v[id].line_pred = line;
			L->pre[L->n] = (uint32_t)id;
		}
	}
	if (L->classes.n > PRED_MAX_CLASSES)
		return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
				 "more than %d distinct labels: is this a regression (--task regression)?",
				 PRED_MAX_CLASSES);
	if (L->col_score >= 0) {
		double s;
		c = &row->cells[L->col_score];
		if (csv_is_null(&L->nulls, c->p, c->n))
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "the score ('%s') is empty or null", o->score);
		if (csv_parse_number(c->p, c->n, &s) < 0)
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "score '%.*s' is not a number", shown(c->n), c->p);
		if (s < 0 || s > 1)
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "score %.*s is outside [0, 1]: '%s' must be the probability of the positive label",
					 shown(c->n), c->p, o->score);
		L->sc[L->n] = s;
	}
	for (size_t j = 0; j < o->nby; j++) {
		struct itab *t = &L->groups[j];
		c = &row->cells[L->col_by[j]];
		if (csv_is_null(&L->nulls, c->p, c->n))
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "the group column '%s' is empty or null", o->by[j]);
		L->grp[j][L->n] = (uint32_t)itab_get(t, c->p, c->n);
		if (t->n > PRED_MAX_GROUPS)
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "more than %d groups in '%s'", PRED_MAX_GROUPS, o->by[j]);
	}
	L->n++;
	return 0;
}

static void loader_release(struct loader *L)
{
	itab_release(&L->classes);
	for (size_t j = 0; j < PRED_MAX_BY; j++) {
		itab_release(&L->groups[j]);
		free(L->grp[j]);
	}
	free(L->lab);
	free(L->pre);
	free(L->sc);
	free(L->ty);
	free(L->tp);
	free(L->line);
}

struct keyed {
	const char *s;
	size_t n;
	double v;
	size_t id;
	int numeric;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t m = x->n < y->n ? x->n : y->n;
	int c;

	if (x->numeric)
		return (x->v > y->v) - (x->v < y->v);
	c = memcmp(x->s, y->s, m);
	if (c)
		return c;
	return (x->n > y->n) - (x->n < y->n);
}

static int all_numeric(const struct itab *t, int pred_side, long *bad_line,
		       size_t *bad_id)
{
	for (size_t i = 0; i < t->n; i++) {
		double v;
		long line = pred_side ? t->v[i].line_pred : t->v[i].line_label;
		if (!line)
			continue;
		if (csv_parse_number(t->v[i].s, t->v[i].n, &v) < 0) {
			*bad_line = line;
			*bad_id = i;
			return 0;
		}
	}
	return 1;
}

static char *fmt_num(double v)
{
	char buf[40];

	mg_fmt_double(buf, sizeof(buf), v);
	return xstrdup(buf);
}

/* Label classes from the interned label and prediction strings: one class
 * per distinct label (numbers by value, so "1" and "1.0" are one class),
 * sorted; every prediction must be one of them. */
static int build_classes(struct loader *L, struct pred_set *ps, size_t **map,
			 struct mg_error *err)
{
	const struct pred_options *o = L->o;
	const struct itab *t = &L->classes;
	struct keyed *k = xcalloc(t->n ? t->n : 1, sizeof(*k));
	long bad_line = 0;
	size_t bad = 0, nk = 0;
	int lab_num = all_numeric(t, 0, &bad_line, &bad), pred_num;
	long pbad_line = 0;
	size_t pbad = 0;

	pred_num = o->prediction ? all_numeric(t, 1, &pbad_line, &pbad) : lab_num;
	if (lab_num != pred_num) {
		free(k);
		if (lab_num)
			return mg_errorf(err, MG_EXIT_INPUT, o->path, (int)pbad_line, 0,
					 "labels and predictions have different types: '%s' holds numbers, but prediction '%.*s' is not a number",
					 o->label, shown(t->v[pbad].n), t->v[pbad].s);
		return mg_errorf(err, MG_EXIT_INPUT, o->path, (int)bad_line, 0,
				 "labels and predictions have different types: '%s' holds numbers, but label '%.*s' is not a number",
				 o->prediction, shown(t->v[bad].n), t->v[bad].s);
	}
	ps->numeric = lab_num;
	for (size_t i = 0; i < t->n; i++) {
		k[i].s = t->v[i].s;
		k[i].n = t->v[i].n;
		k[i].id = i;
		k[i].numeric = lab_num;
		if (lab_num)
			csv_parse_number(t->v[i].s, t->v[i].n, &k[i].v);
	}
	qsort(k, t->n, sizeof(*k), cmp_keyed);
	*map = xcalloc(t->n ? t->n : 1, sizeof(**map));
	ps->class_names = xcalloc(t->n + 1, sizeof(char *));
	ps->class_values = xcalloc(t->n + 1, sizeof(double));
	/* classes: distinct values among the strings used as labels */
	for (size_t i = 0; i < t->n;) {
		size_t j = i;
		int is_label = 0;
		long first_pred = 0;
		while (j < t->n && cmp_keyed(&k[i], &k[j]) == 0) {
			is_label |= t->v[k[j].id].line_label != 0;
			if (t->v[k[j].id].line_pred &&
			    (!first_pred || t->v[k[j].id].line_pred < first_pred))
				first_pred = t->v[k[j].id].line_pred;
			j++;
		}
		if (!is_label) {
			int rc = mg_errorf(err, MG_EXIT_INPUT, o->path, (int)first_pred, 0,
					   "prediction '%.*s' is a class that never occurs in the labels ('%s')",
					   shown(k[i].n), k[i].s, o->label);
			free(k);
			return rc;
		}
		ps->class_names[nk] = lab_num ? fmt_num(k[i].v) : xstrndup(k[i].s, k[i].n);
		ps->class_values[nk] = k[i].v;
		for (size_t q = i; q < j; q++)
			(*map)[k[q].id] = nk;
		nk++;
		i = j;
	}
	ps->k = nk;
	free(k);
	return 0;
}

static int choose_positive(const struct pred_options *o, struct pred_set *ps,
			   struct mg_error *err)
{
	ps->d.pos = -1;
	if (o->positive) {
		double v;
		int is_num = csv_parse_number(o->positive, strlen(o->positive), &v) == 0;
		struct sbuf list = SBUF_INIT;
		for (size_t c = 0; c < ps->k; c++) {
			if (ps->numeric ? (is_num && ps->class_values[c] == v) :
			    strcmp(ps->class_names[c], o->positive) == 0) {
				ps->d.pos = (int)c;
				return 0;
			}
		}
		/* `positive: true` in YAML for labels written True/False */
		{
			size_t hits = 0;
			for (size_t c = 0; !ps->numeric && c < ps->k; c++)
				if (strcasecmp(ps->class_names[c], o->positive) == 0) {
					ps->d.pos = (int)c;
					hits++;
				}
			if (hits == 1)
				return 0; /* a unique match ignoring case */
			ps->d.pos = -1;
		}
		for (size_t c = 0; c < ps->k && c < 10; c++)
			sbuf_addf(&list, "%s'%s'", c ? ", " : "", ps->class_names[c]);
		mg_errorf(err, MG_EXIT_INPUT, o->path, 0, 0,
			  "the positive label '%s' never occurs in the labels ('%s' has %s%s)",
			  o->positive, o->label, sbuf_str(&list), ps->k > 10 ? ", ..." : "");
		sbuf_release(&list);
		return -1;
	}
	for (size_t c = 0; c < ps->k; c++)
		if (ps->numeric ? ps->class_values[c] == 1.0 :
		    strcmp(ps->class_names[c], "1") == 0 ||
		    strcasecmp(ps->class_names[c], "true") == 0) {
			ps->d.pos = (int)c;
			return 0;
		}
	if (ps->k == 2)
		ps->d.pos = 1;
	return 0;
}

static int cmp_group_keys(const void *a, const void *b)
{
	return cmp_keyed(a, b);
}

static void build_groups(struct loader *L, struct pred_set *ps, size_t j)
{
	const struct itab *t = &L->groups[j];
	struct pred_grouping *g = &ps->by[j];
	struct keyed *k = xcalloc(t->n ? t->n : 1, sizeof(*k));
	size_t *rank = xcalloc(t->n ? t->n : 1, sizeof(*rank)), *count, *fill;
	int numeric = 1;

	for (size_t i = 0; i < t->n; i++) {
		k[i].s = t->v[i].s;
		k[i].n = t->v[i].n;
		k[i].id = i;
		if (csv_parse_number(k[i].s, k[i].n, &k[i].v) < 0)
			numeric = 0;
	}
	for (size_t i = 0; i < t->n; i++)
		k[i].numeric = numeric;
	qsort(k, t->n, sizeof(*k), cmp_group_keys);
	g->column = L->o->by[j];
	g->n = t->n;
	g->v = xcalloc(t->n ? t->n : 1, sizeof(*g->v));
	count = xcalloc(t->n ? t->n : 1, sizeof(*count));
	fill = xcalloc(t->n ? t->n : 1, sizeof(*fill));
	for (size_t i = 0; i < t->n; i++) {
		rank[k[i].id] = i;
		g->v[i].name = xstrndup(k[i].s, k[i].n);
	}
	for (size_t r = 0; r < L->n; r++)
		count[rank[L->grp[j][r]]]++;
	for (size_t i = 0; i < t->n; i++) {
		struct pred_group *G = &g->v[i];
		size_t m = count[i] ? count[i] : 1;
		G->d = ps->d;
		G->d.n = count[i];
		G->d.order = NULL;
		G->d.loss = NULL;
		if (ps->d.task == PM_CLASSIFICATION) {
			G->y = xcalloc(m, sizeof(int));
			G->yhat = xcalloc(m, sizeof(int));
			G->d.y = G->y;
			G->d.yhat = G->yhat;
			if (ps->score) {
				G->score = xcalloc(m, sizeof(double));
				G->d.score = G->score;
			}
		} else {
			G->ty = xcalloc(m, sizeof(double));
			G->tp = xcalloc(m, sizeof(double));
			G->d.ty = G->ty;
			G->d.tp = G->tp;
		}
	}
	for (size_t r = 0; r < L->n; r++) {
		size_t gi = rank[L->grp[j][r]], at = fill[gi]++;
		struct pred_group *G = &g->v[gi];
		if (ps->d.task == PM_CLASSIFICATION) {
			G->y[at] = ps->y[r];
			G->yhat[at] = ps->yhat[r];
			if (ps->score)
				G->score[at] = ps->score[r];
		} else {
			G->ty[at] = ps->ty[r];
			G->tp[at] = ps->tp[r];
		}
	}
	free(count);
	free(fill);
	free(rank);
	free(k);
}

int pred_load(const struct pred_options *o, struct pred_set *ps,
	      struct mg_error *err)
{
	struct loader L;
	struct csv_options co;
	size_t *map = NULL;
	int rc = -1;

	memset(ps, 0, sizeof(*ps));
	memset(&L, 0, sizeof(L));
	L.o = o;
	if (!o->prediction && !o->score)
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "name a prediction column or a score column");
	if (o->task == PM_REGRESSION && (o->score || !o->prediction))
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "a regression needs a prediction column and takes no score column");
	if (o->has_threshold && (o->prediction || !o->score))
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "a threshold applies only when predictions come from a score column (no prediction column)");
	if (o->nby > PRED_MAX_BY)
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "at most %d group columns", PRED_MAX_BY);
	csv_options_init(&co);
	csv_options_for_path(&co, o->path);
	csv_nulls_init(&L.nulls, &co);
	if (csv_read_file(o->path, &co, on_header, on_row, &L, NULL, err) < 0)
		goto out;
	if (L.n == 0) {
		mg_errorf(err, MG_EXIT_INPUT, o->path, 0, 0, "no rows: the predictions file has only a header");
		goto out;
	}
	ps->path = o->path;
	ps->d.task = o->task;
	ps->d.n = L.n;
	ps->average = o->has_average ? o->average : PM_AVG_BINARY;
	if (o->task == PM_REGRESSION) {
		ps->ty = L.ty;
		ps->tp = L.tp;
		L.ty = L.tp = NULL;
		ps->d.ty = ps->ty;
		ps->d.tp = ps->tp;
	} else {
		if (build_classes(&L, ps, &map, err) < 0)
			goto out;
		if (choose_positive(o, ps, err) < 0)
			goto out;
		ps->y = xcalloc(L.n, sizeof(int));
		ps->yhat = xcalloc(L.n, sizeof(int));
		for (size_t r = 0; r < L.n; r++) {
			ps->y[r] = (int)map[L.lab[r]];
			if (o->prediction)
				ps->yhat[r] = (int)map[L.pre[r]];
		}
		if (o->score) {
			if (ps->k > 2) {
				mg_errorf(err, MG_EXIT_INPUT, o->path, 0, 0,
					  "a score column needs binary labels; '%s' has %zu classes",
					  o->label, ps->k);
				goto out;
			}
			ps->score = L.sc;
			L.sc = NULL;
			ps->d.score = ps->score;
		}
		if (!o->prediction) {
			if (ps->k != 2 || ps->d.pos < 0) {
				mg_errorf(err, MG_EXIT_INPUT, o->path, 0, 0,
					  "predictions from scores need labels with exactly two classes; '%s' has %zu",
					  o->label, ps->k);
				goto out;
			}
			ps->derived = 1;
			ps->threshold = o->has_threshold ? o->threshold : 0.5;
			for (size_t r = 0; r < L.n; r++)
				ps->yhat[r] = ps->score[r] >= ps->threshold ? ps->d.pos :
					      1 - ps->d.pos;
		}
		ps->d.k = ps->k;
		ps->d.y = ps->y;
		ps->d.yhat = ps->yhat;
		ps->d.names = (const char *const *)ps->class_names;
	}
	ps->nby = o->nby;
	for (size_t j = 0; j < o->nby; j++)
		build_groups(&L, ps, j);
	rc = 0;
out:
	free(map);
	loader_release(&L);
	if (rc < 0)
		pred_release(ps);
	return rc;
}

void pred_release(struct pred_set *ps)
{
	for (size_t j = 0; j < ps->nby; j++) {
		for (size_t i = 0; i < ps->by[j].n; i++) {
			struct pred_group *G = &ps->by[j].v[i];
			free(G->name);
			free(G->y);
			free(G->yhat);
			free(G->score);
			free(G->ty);
			free(G->tp);
			pm_data_release_cache(&G->d);
		}
		free(ps->by[j].v);
	}
	for (size_t c = 0; ps->class_names && ps->class_names[c]; c++)
		free(ps->class_names[c]);
	free(ps->class_names);
	free(ps->class_values);
	free(ps->y);
	free(ps->yhat);
	free(ps->score);
	free(ps->ty);
	free(ps->tp);
	pm_data_release_cache(&ps->d);
	memset(ps, 0, sizeof(*ps));
}

/* ----- the metrics report ----- */

static void jw_label(struct jsonw *w, const struct pred_set *ps, size_t c)
{
	if (ps->numeric)
		jw_num(w, ps->class_values[c]);
	else
		jw_str(w, ps->class_names[c]);
}

static void write_confusion(struct jsonw *w, const struct pred_set *ps,
			    const struct pm_data *d)
{
	size_t k = ps->k;
	double *cm = xcalloc(k * k, sizeof(*cm));

	pm_confusion(d, NULL, cm);
	jw_key(w, "confusion_matrix");
	jw_obj_open(w);
	jw_key(w, "labels");
	jw_arr_open(w);
	for (size_t c = 0; c < k; c++)
		jw_label(w, ps, c);
	jw_arr_close(w);
	jw_key(w, "matrix");
	jw_arr_open(w);
	for (size_t r = 0; r < k; r++) {
		jw_arr_open(w);
		for (size_t c = 0; c < k; c++)
			jw_int(w, (long long)cm[r * k + c]);
		jw_arr_close(w);
	}
	jw_arr_close(w);
	jw_obj_close(w);
	free(cm);
}

static void write_per_class(struct jsonw *w, const struct pred_set *ps)
{
	size_t k = ps->k;
	double *cm = xcalloc(k * k, sizeof(*cm)), *v = xcalloc(4 * k, sizeof(*v));

	pm_confusion(&ps->d, NULL, cm);
	pm_per_class(k, cm, v, v + k, v + 2 * k, v + 3 * k);
	jw_key(w, "per_class");
	jw_obj_open(w);
	for (size_t c = 0; c < k; c++) {
		jw_key(w, ps->class_names[c]);
		jw_obj_open(w);
		jw_knum(w, "precision", v[c]); /* null when undefined */
		jw_knum(w, "recall", v[k + c]);
		jw_knum(w, "f1", v[2 * k + c]);
		jw_kint(w, "support", (long long)v[3 * k + c]);
		jw_obj_close(w);
	}
	jw_obj_close(w);
	free(cm);
	free(v);
}

/* Report each undefined metric once per reason ("precision, f1 are
 * undefined: ..."), so one cause does not read as three problems. */
static int collect_undefined(const struct pred_set *ps, const struct pm_result *r,
			     unsigned want, const char *where,
			     struct mg_diags *problems)
{
	unsigned todo = want & ~r->defined;
	int bad = todo != 0;

	for (int m = 0; m < PM_NMETRICS; m++) {
		struct sbuf names = SBUF_INIT;
		size_t count = 0;
		if (!(todo & PM_BIT(m)))
			continue;
		for (int q = m; q < PM_NMETRICS; q++)
			if ((todo & PM_BIT(q)) && strcmp(r->why[q], r->why[m]) == 0) {
				sbuf_addf(&names, "%s%s", count++ ? ", " : "",
					  pm_metric_name((enum pm_metric)q));
				if (q != m)
					todo &= ~PM_BIT(q);
			}
		mg_diag(problems, MG_EXIT_INPUT, ps->path, 0, 0, "%s%s %s undefined: %s",
			where, sbuf_str(&names), count > 1 ? "are" : "is", r->why[m]);
		sbuf_release(&names);
	}
	return bad;
}

static void write_metrics(struct jsonw *w, const struct pm_result *r, unsigned want)
{
	for (int m = 0; m < PM_NMETRICS; m++)
		if (want & PM_BIT(m))
			jw_knum(w, pm_metric_name((enum pm_metric)m), r->v[m]);
}

int pred_report(struct pred_set *ps, size_t reps, uint64_t seed,
		struct sbuf *out, struct mg_diags *problems)
{
	unsigned want = pm_task_metrics(ps->d.task, ps->score != NULL);
	struct pm_result *r = xmalloc(sizeof(*r));
	struct pm_result *gr = NULL;
	size_t ngr = 0, at = 0;
	int bad = 0;
	struct jsonw w;
	int clf = ps->d.task == PM_CLASSIFICATION;

	pm_compute(&ps->d, NULL, ps->average, want, r);
	bad |= collect_undefined(ps, r, want, "", problems);
	for (size_t j = 0; j < ps->nby; j++)
		ngr += ps->by[j].n;
	gr = xcalloc(ngr ? ngr : 1, sizeof(*gr));
	for (size_t j = 0; j < ps->nby; j++)
		for (size_t i = 0; i < ps->by[j].n; i++, at++) {
			struct pred_group *G = &ps->by[j].v[i];
			char where[300];
			snprintf(where, sizeof(where), "%s=%s: ", ps->by[j].column, G->name);
			if (G->d.n < 2) {
				mg_diag(problems, MG_EXIT_INPUT, ps->path, 0, 0,
					"group %s='%s' has a single row: its metrics mean nothing",
					ps->by[j].column, G->name);
				bad = 1;
				continue;
			}
			pm_compute(&G->d, NULL, ps->average, want, &gr[at]);
			bad |= collect_undefined(ps, &gr[at], want, where, problems);
		}
	if (bad) {
		free(r);
		free(gr);
		return -1;
	}

	jw_init(&w, out, 1);
	jw_obj_open(&w);
	jw_kstr(&w, "task", clf ? "classification" : "regression");
	jw_kint(&w, "n", (long long)ps->d.n);
	if (clf) {
		jw_key(&w, "labels");
		jw_arr_open(&w);
		for (size_t c = 0; c < ps->k; c++)
			jw_label(&w, ps, c);
		jw_arr_close(&w);
		jw_key(&w, "positive");
		if (ps->d.pos >= 0)
			jw_label(&w, ps, (size_t)ps->d.pos);
		else
			jw_null(&w);
		jw_kstr(&w, "average", pm_average_name(ps->average));
		if (ps->derived)
			jw_knum(&w, "threshold", ps->threshold);
	}
	write_metrics(&w, r, want);
	if (clf) {
		write_confusion(&w, ps, &ps->d);
		write_per_class(&w, ps);
	}
	if (reps) {
		double lo[PM_NMETRICS], hi[PM_NMETRICS];
		size_t used[PM_NMETRICS];
		pm_bootstrap(&ps->d, ps->average, want, reps, seed, 0.95, lo, hi, used);
		for (int m = 0; m < PM_NMETRICS; m++) {
			char key[64];
			if (!(want & PM_BIT(m)))
				continue;
			snprintf(key, sizeof(key), "%s_ci_low", pm_metric_name((enum pm_metric)m));
			jw_knum(&w, key, lo[m]);
			snprintf(key, sizeof(key), "%s_ci_high", pm_metric_name((enum pm_metric)m));
			jw_knum(&w, key, hi[m]);
		}
		jw_key(&w, "bootstrap");
		jw_obj_open(&w);
		jw_kint(&w, "replicates", (long long)reps);
		jw_kint(&w, "seed", (long long)seed);
		jw_knum(&w, "confidence", 0.95);
		jw_kstr(&w, "interval", "percentile, type-7 quantiles at 0.025 and 0.975");
		jw_key(&w, "replicates_used");
		jw_obj_open(&w);
		for (int m = 0; m < PM_NMETRICS; m++)
			if (want & PM_BIT(m))
				jw_kint(&w, pm_metric_name((enum pm_metric)m), (long long)used[m]);
		jw_obj_close(&w);
		jw_obj_close(&w);
	}
	if (ps->nby) {
		at = 0;
		jw_key(&w, "by");
		jw_obj_open(&w);
		for (size_t j = 0; j < ps->nby; j++) {
			jw_key(&w, ps->by[j].column);
			jw_obj_open(&w);
			for (size_t i = 0; i < ps->by[j].n; i++, at++) {
				struct pred_group *G = &ps->by[j].v[i];
				jw_key(&w, G->name);
				jw_obj_open(&w);
				jw_kint(&w, "n", (long long)G->d.n);
				write_metrics(&w, &gr[at], want);
				if (clf)
					write_confusion(&w, ps, &G->d);
				jw_obj_close(&w);
			}
			jw_obj_close(&w);
		}
		jw_obj_close(&w);
	}
	jw_obj_close(&w);
	sbuf_addc(out, '\n');
	free(r);
	free(gr);
	return 0;
}

/* ----- the predictions: policy section ----- */

struct pred_gate {
	int metric;
	int ci;           /* 0, or the bound of a bootstrap interval: CI_LOW/CI_HIGH */
	const char *by;   /* into the policy tree; NULL = overall */
	int by_index;
	int has_min, has_max, has_gap;
	double min, max, gap;
	enum gate_severity severity;
	int line, col, min_line, max_line, gap_line;
};

enum { CI_NONE, CI_LOW, CI_HIGH };

struct predictions_policy {
	struct pred_options o; /* strings point into the policy tree */
	long reps;             /* bootstrap: replicates (0 = none) */
	unsigned long long seed;
	char *path;            /* resolved */
	const char *path_raw;
	struct pred_gate *g;
	size_t ng;
	int line, col;
};

void predictions_policy_free(struct predictions_policy *pp)
{
	if (!pp)
		return;
	free(pp->path);
	free(pp->g);
	free(pp);
}

static int parse_pred_gate(struct pol_ctx *c, const struct ynode *e,
			   struct predictions_policy *pp, struct pred_gate *g)
{
	static const char *const keys[] = {"metric", "by", "min", "max", "max_gap",
					   "severity", "description", NULL};
	const char *metric = NULL, *desc = NULL;
	unsigned allowed = pm_task_metrics(pp->o.task, pp->o.score != NULL);
	int bad = 0;

	if (pol_expect(c, e, Y_MAP, "a predictions gate") < 0)
		return -1;
	if (pol_check_keys(c, e, keys, "a predictions gate"))
		bad = 1;
	if (pol_get_string(c, e, "metric", &metric) < 0 ||
	    pol_get_string(c, e, "by", &g->by) < 0 ||
	    pol_get_string(c, e, "description", &desc) < 0 ||
	    pol_get_number(c, e, "min", &g->min, &g->has_min) < 0 ||
	    pol_get_number(c, e, "max", &g->max, &g->has_max) < 0 ||
	    pol_get_number(c, e, "max_gap", &g->gap, &g->has_gap) < 0 ||
	    pol_get_severity(c, e, &g->severity) < 0)
		return -1;
	if (bad)
		return -1;
	if (!metric)
		return pol_err(c, e, "predictions gate needs 'metric'");
	g->metric = pm_metric_from_name(metric);
	{
		size_t len = strlen(metric);
		const char *sfx[] = {"_ci_low", "_ci_high"};
		for (int b = 0; g->metric < 0 && b < 2; b++) {
			size_t sl = strlen(sfx[b]);
			char base[64];
			if (len <= sl || len - sl >= sizeof(base) ||
			    strcmp(metric + len - sl, sfx[b]) != 0)
				continue;
			memcpy(base, metric, len - sl);
			base[len - sl] = '\0';
			if ((g->metric = pm_metric_from_name(base)) >= 0)
				g->ci = b ? CI_HIGH : CI_LOW;
		}
	}
	if (g->ci && !pp->reps)
		return pol_err(c, ynode_get(e, "metric"),
			       "'%s' is a bootstrap interval: add 'bootstrap: {replicates: N, seed: S}' to 'predictions'",
			       metric);
	if (g->ci && (g->by || g->has_gap))
		return pol_err(c, ynode_get(e, "metric"),
			       "'%s': bootstrap intervals are computed for the overall metric only (no 'by', no 'max_gap')",
			       metric);
	if (g->metric < 0) {
		const char *names[PM_NMETRICS + 1], *hint;
		for (int m = 0; m < PM_NMETRICS; m++)
			names[m] = pm_metric_name((enum pm_metric)m);
		names[PM_NMETRICS] = NULL;
		hint = mg_suggest(metric, names);
		for (int m = 0; !hint && m < PM_NMETRICS; m++)
			if (strncmp(metric, names[m], strlen(names[m])) == 0)
				hint = names[m]; /* f1_score, accuracy_score */
		return pol_err(c, ynode_get(e, "metric"),
			       "unknown metric '%s'%s%s%s (known: accuracy, precision, recall, f1, roc_auc, log_loss, mae, mse, rmse, r2, mape)",
			       metric, hint ? " (did you mean '" : "", hint ? hint : "",
			       hint ? "'?)" : "");
	}
	if (!(allowed & PM_BIT(g->metric))) {
		if (PM_CLF_SCORE_METRICS & PM_BIT(g->metric) && pp->o.task == PM_CLASSIFICATION)
			return pol_err(c, ynode_get(e, "metric"),
				       "'%s' needs a 'score' column in 'predictions'", metric);
		return pol_err(c, ynode_get(e, "metric"), "'%s' is not a %s metric",
			       metric, pp->o.task == PM_REGRESSION ? "regression" : "classification");
	}
	if (g->by && !g->by[0])
		return pol_err(c, ynode_get(e, "by"), "'by' is empty");
	if (!g->has_min && !g->has_max && !g->has_gap)
		return pol_err(c, e, "gate on '%s' has no threshold (min, max or max_gap)", metric);
	if (g->has_gap && !g->by)
		return pol_err(c, ynode_get(e, "max_gap"),
			       "'max_gap' compares groups: it needs 'by'");
	if (g->has_gap && g->gap < 0)
		return pol_err(c, ynode_get(e, "max_gap"), "'max_gap' must not be negative");
	if (g->has_min && g->has_max && g->min > g->max)
		return pol_err(c, ynode_get(e, "min"), "min %g is greater than max %g for '%s'",
			       g->min, g->max, metric);
	g->line = e->line;
	g->col = e->col;
	if (g->has_min)
		g->min_line = ynode_get(e, "min")->line;
	if (g->has_max)
		g->max_line = ynode_get(e, "max")->line;
	if (g->has_gap)
		g->gap_line = ynode_get(e, "max_gap")->line;
	g->by_index = -1;
	if (g->by) {
		size_t j;
		for (j = 0; j < pp->o.nby; j++)
			if (strcmp(pp->o.by[j], g->by) == 0)
				break;
		if (j == pp->o.nby) {
			if (pp->o.nby == PRED_MAX_BY)
				return pol_err(c, ynode_get(e, "by"), "at most %d 'by' columns",
					       PRED_MAX_BY);
			pp->o.by[pp->o.nby++] = g->by;
		}
		g->by_index = (int)j;
	}
	return 0;
}

int predictions_policy_parse(struct pol_ctx *c, const struct ynode *n)
{
	static const char *const keys[] = {"path", "label", "prediction", "score",
					   "task", "positive", "average", "threshold",
					   "bootstrap", "gates", NULL};
	struct predictions_policy *pp;
	const char *path = NULL, *task = NULL, *avg = NULL;
	const struct ynode *gates, *b;
	int rc = 0, present;

	if (pol_expect(c, n, Y_MAP, "'predictions'") < 0)
		return -1;
	pp = xcalloc(1, sizeof(*pp));
	c->p->predictions = pp;
	pp->line = n->line;
	pp->col = n->col;
	if (pol_check_keys(c, n, keys, "'predictions'"))
		rc = -1;
	if (pol_get_string(c, n, "path", &path) < 0 ||
	    pol_get_string(c, n, "label", &pp->o.label) < 0 ||
	    pol_get_string(c, n, "prediction", &pp->o.prediction) < 0 ||
	    pol_get_string(c, n, "score", &pp->o.score) < 0 ||
	    pol_get_string(c, n, "task", &task) < 0 ||
	    pol_get_string(c, n, "positive", &pp->o.positive) < 0 ||
	    pol_get_string(c, n, "average", &avg) < 0 ||
	    pol_get_number(c, n, "threshold", &pp->o.threshold, &present) < 0)
		return -1;
	pp->o.has_threshold = present;
	if (!path || !path[0])
		rc = pol_err(c, path ? ynode_get(n, "path") : n, "'predictions' needs a 'path'");
	if (!pp->o.label || !pp->o.label[0])
		rc = pol_err(c, pp->o.label ? ynode_get(n, "label") : n,
			     "'predictions' needs a 'label' column");
	if (!pp->o.prediction && !pp->o.score)
		rc = pol_err(c, n, "'predictions' needs a 'prediction' or a 'score' column");
	pp->o.task = PM_CLASSIFICATION;
	if (task && strcmp(task, "regression") == 0)
		pp->o.task = PM_REGRESSION;
	else if (task && strcmp(task, "classification") != 0)
		rc = pol_err(c, ynode_get(n, "task"),
			     "'task' must be classification or regression, not '%s'", task);
	if (pp->o.task == PM_REGRESSION && (pp->o.score || !pp->o.prediction))
		rc = pol_err(c, n, "a regression needs 'prediction' and takes no 'score'");
	if (avg) {
		int a = pm_average_from_name(avg);
		if (a < 0)
			rc = pol_err(c, ynode_get(n, "average"),
				     "'average' must be binary, macro, weighted or micro, not '%s'", avg);
		pp->o.has_average = 1;
		pp->o.average = a < 0 ? PM_AVG_BINARY : (enum pm_average)a;
	}
	if (pp->o.has_threshold && (pp->o.prediction || !pp->o.score))
		rc = pol_err(c, ynode_get(n, "threshold"),
			     "'threshold' applies only when predictions come from 'score' (no 'prediction')");
	else if (pp->o.has_threshold && (pp->o.threshold < 0 || pp->o.threshold > 1))
		rc = pol_err(c, ynode_get(n, "threshold"), "'threshold' must be in [0, 1]");
	if ((b = ynode_get(n, "bootstrap"))) {
		static const char *const bkeys[] = {"replicates", "seed", NULL};
		double v;
		int has;
		if (pol_expect(c, b, Y_MAP, "'bootstrap'") < 0 ||
		    pol_check_keys(c, b, bkeys, "'bootstrap'")) {
			rc = -1;
		} else {
			if (pol_get_number(c, b, "replicates", &v, &has) < 0)
				rc = -1;
			else if (!has || v != floor(v) || v < 1 || v > 100000)
				rc = pol_err(c, has ? ynode_get(b, "replicates") : b,
					     "'bootstrap' needs 'replicates', a whole number from 1 to 100000");
			else
				pp->reps = (long)v;
			if (pol_get_number(c, b, "seed", &v, &has) < 0)
				rc = -1;
			else if (has && (v != floor(v) || v < 0 || v > 9007199254740992.0))
				rc = pol_err(c, ynode_get(b, "seed"),
					     "'seed' must be a whole number from 0 to 2^53");
			else if (has)
				pp->seed = (unsigned long long)v;
		}
	}
	if (path && path[0]) {
		pp->path_raw = path;
		pp->path = policy_path(c->p, path);
		pp->o.path = pp->path;
	}
	/* the gates are checked even after a problem above, so that one run
	 * of `mlgate lint` shows every mistake */
	gates = ynode_get(n, "gates");
	if (!gates || (gates->kind == Y_SEQ && gates->n == 0))
		return pol_err(c, gates ? gates : n, "'predictions' needs 'gates'");
	if (pol_expect(c, gates, Y_SEQ, "'gates'") < 0)
		return -1;
	pp->g = xcalloc(gates->n, sizeof(*pp->g));
	for (size_t i = 0; i < gates->n; i++) {
		struct pred_gate *g = &pp->g[pp->ng];
		memset(g, 0, sizeof(*g));
		if (parse_pred_gate(c, gates->items[i], pp, g) < 0) {
			rc = -1;
			continue;
		}
		for (size_t j = 0; j < pp->ng; j++) {
			const struct pred_gate *o = &pp->g[j];
			int same_by = (!o->by && !g->by) ||
				      (o->by && g->by && strcmp(o->by, g->by) == 0);
			if (o->metric == g->metric && o->ci == g->ci && same_by &&
			    ((o->has_min && g->has_min) || (o->has_max && g->has_max) ||
			     (o->has_gap && g->has_gap))) {
				rc = pol_err(c, gates->items[i],
					     "'%s'%s%s has the same threshold declared twice (also at line %d)",
					     pm_metric_name((enum pm_metric)g->metric),
					     g->by ? " by " : "", g->by ? g->by : "", o->line);
				break;
			}
		}
		if (rc < 0)
			continue;
		c->p->ngates += (size_t)(g->has_min + g->has_max + g->has_gap);
		pp->ng++;
	}
	return rc;
}

static void gate_metric_name(const struct pred_gate *g, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", pm_metric_name((enum pm_metric)g->metric),
		 g->ci == CI_LOW ? "_ci_low" : g->ci == CI_HIGH ? "_ci_high" : "");
}

static struct gate_result *pgate(struct gate_list *gates, const struct pred_gate *g,
				 const char *which, int line)
{
	char name[64], *id;
	struct gate_result *r;

	gate_metric_name(g, name, sizeof(name));
	id = g->by ? xasprintf("predictions.%s.by.%s.%s", name, g->by, which) :
		     xasprintf("predictions.%s.%s", name, which);
	r = gates_add(gates, id, "predictions");
	free(id);
	gate_set_str(&r->target, name);
	if (g->by)
		gate_set_str(&r->column, g->by);
	r->severity = g->severity;
	r->line = line;
	return r;
}

/* Every gate of one policy entry, as errors with the same message. */
static void entry_errors(struct gate_list *gates, const struct pred_gate *g,
			 const char *msg)
{
	if (g->has_min)
		gate_error(pgate(gates, g, "min", g->min_line), "%s", msg);
	if (g->has_max)
		gate_error(pgate(gates, g, "max", g->max_line), "%s", msg);
	if (g->has_gap)
		gate_error(pgate(gates, g, "max_gap", g->gap_line), "%s", msg);
}

static void judge(struct gate_result *r, double v, double t, enum gate_op op,
		  const char *what, const char *name)
{
	char vb[40], tb[40];

	r->threshold = t;
	r->op = op;
	gate_judge(r, v);
	mg_fmt_double(vb, sizeof(vb), v);
	mg_fmt_double(tb, sizeof(tb), t);
	gate_message(r, "%s = %s %s %s %s", what, vb,
		     r->status == GS_PASS ? gate_op_symbol(op) : (op == OP_GE ? "<" : ">"),
		     name, tb);
}

static void overall_gate(struct gate_list *gates, const struct pred_gate *g,
			 const struct pm_result *res, const struct pred_set *ps)
{
	const char *name = pm_metric_name((enum pm_metric)g->metric);
	char *details = NULL, *msg;

	if (!(res->defined & PM_BIT(g->metric))) {
		msg = xasprintf("%s is undefined for these predictions: %s", name,
				res->why[g->metric]);
		entry_errors(gates, g, msg);
		free(msg);
		return;
	}
	{
		struct sbuf sb = SBUF_INIT;
		struct jsonw w;
		jw_init(&w, &sb, 0);
		jw_obj_open(&w);
		jw_kint(&w, "n", (long long)ps->d.n);
		if (ps->d.task == PM_CLASSIFICATION) {
			jw_kstr(&w, "average", pm_average_name(ps->average));
			if (ps->d.pos >= 0)
				jw_kstr(&w, "positive", ps->class_names[ps->d.pos]);
			write_confusion(&w, ps, &ps->d); /* the html report draws it */
		}
		jw_obj_close(&w);
		details = sbuf_detach(&sb);
	}
	if (g->has_min) {
		struct gate_result *r = pgate(gates, g, "min", g->min_line);
		judge(r, res->v[g->metric], g->min, OP_GE, name, "min");
		gate_set_str(&r->details, details);
	}
	if (g->has_max) {
		struct gate_result *r = pgate(gates, g, "max", g->max_line);
		judge(r, res->v[g->metric], g->max, OP_LE, name, "max");
		gate_set_str(&r->details, details);
	}
	free(details);
}

static void by_gate(struct gate_list *gates, const struct pred_gate *g,
		    struct pred_set *ps)
{
	const struct pred_grouping *gr = &ps->by[g->by_index];
	const char *name = pm_metric_name((enum pm_metric)g->metric);
	struct pm_result *res = xmalloc(sizeof(*res));
	double *v = xcalloc(gr->n ? gr->n : 1, sizeof(*v));
	size_t lo = 0, hi = 0;
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;
	char *msg = NULL, *details, what[300];

	for (size_t i = 0; i < gr->n && !msg; i++) {
		struct pred_group *G = &gr->v[i];
		if (G->d.n < 2) {
			msg = xasprintf("group %s='%s' has %zu row%s: too few to measure %s",
					gr->column, G->name, G->d.n, G->d.n == 1 ? "" : "s", name);
			break;
		}
		pm_compute(&G->d, NULL, ps->average, PM_BIT(g->metric), res);
		if (!(res->defined & PM_BIT(g->metric))) {
			msg = xasprintf("%s is undefined for group %s='%s': %s", name,
					gr->column, G->name, res->why[g->metric]);
			break;
		}
		v[i] = res->v[g->metric];
		if (v[i] < v[lo])
			lo = i;
		if (v[i] > v[hi])
			hi = i;
	}
	if (!msg && gr->n < 2 && g->has_gap)
		msg = xasprintf("'%s' has a single group ('%s'): no gap to measure", gr->column,
				gr->n ? gr->v[0].name : "");
	if (msg) {
		entry_errors(gates, g, msg);
		free(msg);
		free(v);
		free(res);
		return;
	}
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "column", gr->column);
	jw_key(&w, "groups");
	jw_obj_open(&w);
	for (size_t i = 0; i < gr->n; i++) {
		jw_key(&w, gr->v[i].name);
		jw_obj_open(&w);
		jw_kint(&w, "n", (long long)gr->v[i].d.n);
		jw_knum(&w, name, v[i]);
		jw_obj_close(&w);
	}
	jw_obj_close(&w);
	jw_kstr(&w, "worst", gr->v[lo].name);
	jw_kstr(&w, "best", gr->v[hi].name);
	jw_knum(&w, "gap", v[hi] - v[lo]);
	jw_obj_close(&w);
	details = sbuf_detach(&sb);
	if (g->has_min) {
		struct gate_result *r = pgate(gates, g, "min", g->min_line);
		snprintf(what, sizeof(what), "%s of the lowest group %s='%s'", name,
			 gr->column, gr->v[lo].name);
		judge(r, v[lo], g->min, OP_GE, what, "min");
		gate_set_str(&r->details, details);
	}
	if (g->has_max) {
		struct gate_result *r = pgate(gates, g, "max", g->max_line);
		snprintf(what, sizeof(what), "%s of the highest group %s='%s'", name,
			 gr->column, gr->v[hi].name);
		judge(r, v[hi], g->max, OP_LE, what, "max");
		gate_set_str(&r->details, details);
	}
	if (g->has_gap) {
		struct gate_result *r = pgate(gates, g, "max_gap", g->gap_line);
		snprintf(what, sizeof(what), "%s gap by %s ('%s' - '%s')", name, gr->column,
			 gr->v[hi].name, gr->v[lo].name);
		judge(r, v[hi] - v[lo], g->gap, OP_LE, what, "max_gap");
		gate_set_str(&r->details, details);
	}
	free(details);
	free(v);
	free(res);
}

static void ci_gate(struct gate_list *gates, const struct pred_gate *g,
		    const struct predictions_policy *pp, const struct pm_result *res,
		    const double *bound, const size_t *used)
{
	char name[64], *details, *msg;
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	gate_metric_name(g, name, sizeof(name));
	if (!used[g->metric] || !(res->defined & PM_BIT(g->metric))) {
		msg = !used[g->metric] ?
			xasprintf("%s is undefined in every bootstrap resample", name) :
			xasprintf("%s is undefined for these predictions: %s",
				  pm_metric_name((enum pm_metric)g->metric), res->why[g->metric]);
		entry_errors(gates, g, msg);
		free(msg);
		return;
	}
	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_knum(&w, pm_metric_name((enum pm_metric)g->metric), res->v[g->metric]);
	jw_kint(&w, "replicates", pp->reps);
	jw_kint(&w, "replicates_used", (long long)used[g->metric]);
	jw_kint(&w, "seed", (long long)pp->seed);
	jw_knum(&w, "confidence", 0.95);
	jw_obj_close(&w);
	details = sbuf_detach(&sb);
	if (g->has_min) {
		struct gate_result *r = pgate(gates, g, "min", g->min_line);
		judge(r, bound[g->metric], g->min, OP_GE, name, "min");
		gate_set_str(&r->details, details);
	}
	if (g->has_max) {
		struct gate_result *r = pgate(gates, g, "max", g->max_line);
		judge(r, bound[g->metric], g->max, OP_LE, name, "max");
		gate_set_str(&r->details, details);
	}
	free(details);
}

int predictions_evaluate(const struct policy *p, struct gate_list *gates,
			 struct mg_error *err)
{
	struct predictions_policy *pp = p->predictions;
	struct pred_set ps;
	struct mg_error e;
	struct pm_result *res;
	unsigned want = 0, want_ci = 0;
	double lo[PM_NMETRICS], hi[PM_NMETRICS];
	size_t used[PM_NMETRICS];

	(void)err;
	if (!pp)
		return 0;
	memset(&e, 0, sizeof(e));
	if (pred_load(&pp->o, &ps, &e) < 0) {
		char buf[1400], *msg;
		mg_error_format(&e, buf, sizeof(buf));
		msg = xasprintf("cannot read the predictions: %s", buf);
		for (size_t i = 0; i < pp->ng; i++)
			entry_errors(gates, &pp->g[i], msg);
		free(msg);
		return 0;
	}
	for (size_t i = 0; i < pp->ng; i++)
		if (!pp->g[i].by)
			want |= PM_BIT(pp->g[i].metric); /* ci gates show the point value too */
	res = xmalloc(sizeof(*res));
	pm_compute(&ps.d, NULL, ps.average, want, res);
	for (size_t i = 0; i < pp->ng; i++)
		if (pp->g[i].ci)
			want_ci |= PM_BIT(pp->g[i].metric);
	if (want_ci)
		pm_bootstrap(&ps.d, ps.average, want_ci, (size_t)pp->reps, pp->seed, 0.95,
			     lo, hi, used);
	for (size_t i = 0; i < pp->ng; i++) {
		if (pp->g[i].by)
			by_gate(gates, &pp->g[i], &ps);
		else if (pp->g[i].ci)
			ci_gate(gates, &pp->g[i], pp, res,
				pp->g[i].ci == CI_LOW ? lo : hi, used);
		else
			overall_gate(gates, &pp->g[i], res, &ps);
	}
	free(res);
	pred_release(&ps);
	return 0;
}
