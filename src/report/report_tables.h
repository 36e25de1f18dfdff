/* report_tables: the tables a gate's `details` JSON holds -- a value per
 * group ("groups": {NAME: {n, METRIC, ...}}), per class ("per_class":
 * {CLASS: {precision, recall, f1, support}}) and a confusion matrix
 * ("confusion_matrix": {labels, matrix}) -- as cells of plain text, for the
 * text and Markdown reporters to lay out.  The cells are not escaped: each
 * reporter escapes for its medium.  At most REP_TABLE_ROWS rows per table
 * (the rest counted in `more`) and a matrix of at most REP_TABLE_CLASSES
 * classes, so a report stays readable; the JSON report has everything. */
#ifndef MLGATE_REPORT_TABLES_H
#define MLGATE_REPORT_TABLES_H

#include <stddef.h>

#include "core/gate.h"

#define REP_TABLE_ROWS 20
#define REP_TABLE_CLASSES 12

struct rep_table {
	char *title;          /* e.g. "confusion matrix (rows: true, columns: predicted)" */
	size_t nrows, ncols;  /* rows without the header */
	char **cell;          /* (nrows + 1) * ncols, row 0 the header */
	unsigned char *right; /* ncols: right-aligned (a column of numbers) */
	size_t more;          /* rows left out */
};

/* The tables in `details` (NULL or not JSON: none).  Returns how many, in
 * *out (caller frees with rep_tables_free). */
size_t rep_tables(const char *details, struct rep_table **out);
void rep_tables_free(struct rep_table *t, size_t n);

/* The gates that share one `details` (the gates of one policy entry: min,
 * max and max_gap of a metric by group) and its tables, shown once. */
struct rep_table_set {
	size_t *gate;     /* indices into the gate list, in report order */
	size_t ngates;
	struct rep_table *t;
	size_t nt;
};

/* The table sets of the gates, in the order `order` gives them (the first
 * gate of each set decides its place).  Returns how many, in *out (caller
 * frees with rep_table_sets_free). */
size_t rep_table_sets(const struct gate_list *gl, const size_t *order,
		      struct rep_table_set **out);
void rep_table_sets_free(struct rep_table_set *s, size_t n);

/* The cell at row r (0 = header), column c. */
static inline const char *rep_cell(const struct rep_table *t, size_t r, size_t c)
{
	return t->cell[r * t->ncols + c];
}

#endif
