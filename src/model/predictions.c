/* predictions: load a predictions file into the encoded arrays clfmetrics
 * works on.  The metrics report is pred_report.c, the `predictions:`
 * section predictions_section.c. */
#define _POSIX_C_SOURCE 200809L
#include "model/predictions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data/csv.h"
#include "model/itab.h"

struct loader {
	const struct pred_options *o;
	long col_label, col_pred, col_score, col_by[PRED_MAX_BY];
	long *col_prob;   /* columns named proba_prefix + something */
	size_t nprob;
	double *pv;       /* their values, nprob per row */
	struct csv_nulls nulls;
	struct itab classes;
	struct itab groups[PRED_MAX_BY];
	uint32_t *lab, *pre, *grp[PRED_MAX_BY];
	double *sc, *ty, *tp;
	long *line;
	size_t n, cap;
	char **prob_names; /* the class each probability column names */
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
	char hb[MG_HINT_SIZE];
	struct sbuf list = SBUF_INIT;
	int rc;

	sbuf_adds(&list, " (columns: ");
	for (size_t i = 0; i < n; i++) {
		cand[i] = names[i];
		if (i < 12)
			sbuf_addf(&list, "%s'%s'", i ? ", " : "", names[i]);
	}
	if (n > 12)
		sbuf_addf(&list, ", ... (%zu in all)", n);
	sbuf_addc(&list, ')');
	rc = mg_errorf(err, MG_EXIT_INPUT, o->path, 1, 0, "no %s column '%s'%s",
		       role, want,
		       mg_did_you_mean(hb, sizeof(hb), mg_suggest(want, cand),
				       sbuf_str(&list)));
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
	if (o->proba_prefix) {
		size_t pl = strlen(o->proba_prefix);
		L->col_prob = xcalloc(n + 1, sizeof(*L->col_prob));
		L->prob_names = xcalloc(n + 1, sizeof(*L->prob_names));
		for (size_t i = 0; i < n; i++)
			if (strncmp(names[i], o->proba_prefix, pl) == 0 && names[i][pl]) {
				L->prob_names[L->nprob] = xstrdup(names[i] + pl);
				L->col_prob[L->nprob++] = (long)i;
			}
		if (!L->nprob)
			return mg_errorf(err, MG_EXIT_INPUT, o->path, 1, 0,
					 "no probability columns: no column name starts with '%s'",
					 o->proba_prefix);
	}
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
	if (L->nprob)
		L->pv = xrealloc(L->pv, cap * L->nprob * sizeof(*L->pv));
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
	for (size_t j = 0; j < L->nprob; j++) {
		double s;
		c = &row->cells[L->col_prob[j]];
		if (csv_is_null(&L->nulls, c->p, c->n))
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "the probability '%s%s' is empty or null",
					 o->proba_prefix, L->prob_names[j]);
		if (csv_parse_number(c->p, c->n, &s) < 0 || s < 0 || s > 1)
			return mg_errorf(err, MG_EXIT_INPUT, path, (int)line, 0,
					 "probability '%.*s' in '%s%s' is not a number in [0, 1]",
					 shown(c->n), c->p, o->proba_prefix, L->prob_names[j]);
		L->pv[L->n * L->nprob + j] = s;
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
	free(L->pv);
	free(L->col_prob);
	for (size_t j = 0; L->prob_names && j < L->nprob; j++)
		free(L->prob_names[j]);
	free(L->prob_names);
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
	g->row_group = xcalloc(L->n ? L->n : 1, sizeof(*g->row_group));
	for (size_t r = 0; r < L->n; r++) {
		g->row_group[r] = rank[L->grp[j][r]];
		count[rank[L->grp[j][r]]]++;
	}
	for (size_t i = 0; i < t->n; i++) {
		struct pred_group *G = &g->v[i];
		size_t m = count[i] ? count[i] : 1;
		G->d = ps->d;
		G->d.n = count[i];
		G->d.order = NULL;
		G->d.loss = NULL;
		G->d.aerr_order = NULL;
		if (ps->d.task == PM_CLASSIFICATION) {
			G->y = xcalloc(m, sizeof(int));
			G->yhat = xcalloc(m, sizeof(int));
			G->d.y = G->y;
			G->d.yhat = G->yhat;
			if (ps->score) {
				G->score = xcalloc(m, sizeof(double));
				G->d.score = G->score;
			}
			G->d.proba = NULL;
			if (ps->proba) {
				G->proba = xcalloc(m * ps->k, sizeof(double));
				G->d.proba = G->proba;
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
			if (ps->proba)
				memcpy(G->proba + at * ps->k, ps->proba + r * ps->k,
				       ps->k * sizeof(double));
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

/* The probability columns in class order: one per class, each naming a
 * class, every row summing to 1 (numpy's allclose, as scikit-learn's
 * multiclass ROC AUC requires).  With two classes the positive class's
 * column is also the score. */
static int take_proba(struct loader *L, struct pred_set *ps, struct mg_error *err)
{
	const struct pred_options *o = L->o;
	size_t k = ps->k, *col = xcalloc(k, sizeof(*col));
	int rc = -1;

	for (size_t c = 0; c < k; c++)
		col[c] = SIZE_MAX;
	for (size_t j = 0; j < L->nprob; j++) {
		size_t c;
		for (c = 0; c < k; c++)
			if (strcmp(ps->class_names[c], L->prob_names[j]) == 0)
				break;
		if (c == k) {
			mg_errorf(err, MG_EXIT_INPUT, o->path, 1, 0,
				  "probability column '%s%s' names no class of '%s'",
				  o->proba_prefix, L->prob_names[j], o->label);
			goto out;
		}
		col[c] = j;
	}
	for (size_t c = 0; c < k; c++)
		if (col[c] == SIZE_MAX) {
			mg_errorf(err, MG_EXIT_INPUT, o->path, 1, 0,
				  "no probability column '%s%s' for class '%s'",
				  o->proba_prefix, ps->class_names[c], ps->class_names[c]);
			goto out;
		}
	ps->proba = xcalloc(L->n * k, sizeof(double));
	for (size_t r = 0; r < L->n; r++) {
		double sum = 0;
		for (size_t c = 0; c < k; c++) {
			ps->proba[r * k + c] = L->pv[r * L->nprob + col[c]];
			sum += ps->proba[r * k + c];
		}
		if (!(fabs(1.0 - sum) <= 1e-8 + 1e-5 * fabs(sum))) {
			mg_errorf(err, MG_EXIT_INPUT, o->path, (int)L->line[r], 0,
				  "the class probabilities sum to %.17g, not 1", sum);
			goto out;
		}
	}
	ps->d.proba = ps->proba;
	if (k == 2 && ps->d.pos >= 0) {
		ps->score = xcalloc(L->n, sizeof(double));
		for (size_t r = 0; r < L->n; r++)
			ps->score[r] = ps->proba[r * k + (size_t)ps->d.pos];
		ps->d.score = ps->score;
	}
	rc = 0;
out:
	free(col);
	return rc;
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
	if (o->proba_prefix && (o->score || !o->prediction || o->task == PM_REGRESSION))
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "class probabilities go with a prediction column and no score column, in a classification");
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
	pm_params_init(&ps->params);
	ps->params.average = ps->average;
	ps->params.zero_division = o->zero_division;
	ps->params.multi_class = o->multi_class;
	if (o->top_k)
		ps->params.top_k = o->top_k;
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
		if (L.nprob && take_proba(&L, ps, err) < 0)
			goto out;
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
			free(G->proba);
			free(G->ty);
			free(G->tp);
			pm_data_release_cache(&G->d);
		}
		free(ps->by[j].v);
		free(ps->by[j].row_group);
	}
	for (size_t c = 0; ps->class_names && ps->class_names[c]; c++)
		free(ps->class_names[c]);
	free(ps->class_names);
	free(ps->class_values);
	free(ps->y);
	free(ps->yhat);
	free(ps->score);
	free(ps->proba);
	free(ps->ty);
	free(ps->tp);
	pm_data_release_cache(&ps->d);
	memset(ps, 0, sizeof(*ps));
}
