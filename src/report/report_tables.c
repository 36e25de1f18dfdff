#include "report/report_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "ext/jsondoc.h"
#include "report/report_fmt.h"

static char *cell_text(const struct jval *v, int *numeric)
{
	char buf[64];

	*numeric = 0;
	if (!v)
		return xstrdup("");
	switch (jv_type(v)) {
	case J_NUMBER:
		*numeric = 1;
		rep_num(buf, sizeof(buf), jv_number(v));
		return xstrdup(buf);
	case J_STRING:
	case J_NONFINITE:
		return xstrdup(jv_string(v));
	case J_BOOL:
		return xstrdup(jv_bool(v) ? "true" : "false");
	case J_NULL:
		*numeric = 1; /* an undefined number: keep the column's alignment */
		return xstrdup("—");
	default:
		return xstrdup("…");
	}
}

static void table_init(struct rep_table *t, const char *title, size_t nrows,
		       size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->title = xstrdup(title);
	t->more = nrows > REP_TABLE_ROWS ? nrows - REP_TABLE_ROWS : 0;
	t->nrows = nrows - t->more;
	t->ncols = ncols;
	t->cell = xcalloc((t->nrows + 1) * ncols, sizeof(char *));
	t->right = xcalloc(ncols ? ncols : 1, 1);
}

static void put(struct rep_table *t, size_t r, size_t c, char *s)
{
	t->cell[r * t->ncols + c] = s;
}

/* {NAME: {k: v, ...}, ...} as a table: the first column NAME (headed
 * `first`), then one column per key, in the order keys first appear. */
static int object_table(const struct jval *obj, const char *first,
			const char *title, struct rep_table *t)
{
	const char *keys[32];
	size_t nk = 0, n = jv_size(obj);

	if (jv_type(obj) != J_OBJECT || n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct jval *row = jv_at(obj, i);
		if (jv_type(row) != J_OBJECT)
			return -1;
		for (size_t j = 0; j < jv_size(row); j++) {
			const char *k = jv_key(jv_at(row, j));
			size_t q;
			for (q = 0; q < nk; q++)
				if (strcmp(keys[q], k) == 0)
					break;
			if (q == nk && nk < 32)
				keys[nk++] = k;
		}
	}
	table_init(t, title, n, nk + 1);
	put(t, 0, 0, xstrdup(first));
	for (size_t q = 0; q < nk; q++)
		put(t, 0, q + 1, xstrdup(keys[q]));
	for (size_t q = 0; q < nk; q++)
		t->right[q + 1] = 1;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct jval *row = jv_at(obj, i);
		put(t, i + 1, 0, xstrdup(jv_key(row)));
		for (size_t q = 0; q < nk; q++) {
			int num;
			put(t, i + 1, q + 1, cell_text(jv_get(row, keys[q]), &num));
			if (!num && jv_get(row, keys[q]))
				t->right[q + 1] = 0;
		}
	}
	return 0;
}

static int matrix_table(const struct jval *cm, struct rep_table *t)
{
	const struct jval *labels = jv_get(cm, "labels"), *m = jv_get(cm, "matrix");
	size_t k;

	if (!labels || !m || jv_type(labels) != J_ARRAY || jv_type(m) != J_ARRAY)
		return -1;
	k = jv_size(labels);
	if (k == 0 || k > REP_TABLE_CLASSES || jv_size(m) != k)
		return -1;
	for (size_t r = 0; r < k; r++)
		if (jv_type(jv_at(m, r)) != J_ARRAY || jv_size(jv_at(m, r)) != k)
			return -1;
	table_init(t, "confusion matrix (rows: true class, columns: predicted)", k, k + 1);
	put(t, 0, 0, xstrdup(""));
	for (size_t c = 0; c < k; c++) {
		int num;
		put(t, 0, c + 1, cell_text(jv_at(labels, c), &num));
		put(t, c + 1, 0, cell_text(jv_at(labels, c), &num));
		t->right[c + 1] = 1;
	}
	for (size_t r = 0; r < k; r++)
		for (size_t c = 0; c < k; c++) {
			int num;
			put(t, r + 1, c + 1, cell_text(jv_at(jv_at(m, r), c), &num));
		}
	return 0;
}

size_t rep_tables(const char *details, struct rep_table **out)
{
	struct mg_error err;
	struct jval *d;
	struct rep_table *t;
	const struct jval *v;
	size_t n = 0;

	*out = NULL;
	if (!details || !details[0])
		return 0;
	d = jv_parse(details, strlen(details), "details", 3, &err);
	if (!d)
		return 0;
	if (jv_type(d) != J_OBJECT) {
		jv_free(d);
		return 0;
	}
	t = xcalloc(3, sizeof(*t));
	if ((v = jv_get(d, "groups"))) {
		const struct jval *col = jv_get(d, "column");
		const char *name = col && jv_type(col) == J_STRING ? jv_string(col) : "group";
		char *title = xasprintf("by %s", name);
		if (object_table(v, name, title, &t[n]) == 0)
			n++;
		free(title);
	}
	if ((v = jv_get(d, "confusion_matrix")) && matrix_table(v, &t[n]) == 0)
		n++;
	if ((v = jv_get(d, "per_class")) && object_table(v, "class", "per class", &t[n]) == 0)
		n++;
	jv_free(d);
	if (!n) {
		free(t);
		return 0;
	}
	*out = t;
	return n;
}

void rep_tables_free(struct rep_table *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++) {
		for (size_t c = 0; c < (t[i].nrows + 1) * t[i].ncols; c++)
			free(t[i].cell[c]);
		free(t[i].cell);
		free(t[i].right);
		free(t[i].title);
	}
	free(t);
}

size_t rep_table_sets(const struct gate_list *gl, const size_t *order,
		      struct rep_table_set **out)
{
	struct rep_table_set *s = xcalloc(gl->n ? gl->n : 1, sizeof(*s));
	size_t n = 0;

	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];
		size_t j;
		if (!g->details)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(gl->v[s[j].gate[0]].details, g->details) == 0)
				break;
		if (j < n) {
			s[j].gate[s[j].ngates++] = order[k];
			continue;
		}
		s[n].nt = rep_tables(g->details, &s[n].t);
		if (!s[n].nt)
			continue;
		s[n].gate = xcalloc(gl->n, sizeof(size_t));
		s[n].gate[s[n].ngates++] = order[k];
		n++;
	}
	if (!n) {
		free(s);
		s = NULL;
	}
	*out = s;
	return n;
}

void rep_table_sets_free(struct rep_table_set *s, size_t n)
{
	for (size_t i = 0; s && i < n; i++) {
		rep_tables_free(s[i].t, s[i].nt);
		free(s[i].gate);
	}
	free(s);
}
