/* jsonl: two passes over the file, line by line (a line is cut at '\n'; a
 * trailing '\r' and blank lines are ignored).  Pass one collects the
 * flattened keys in a hash table, pass two fills one cell per key. */
#define _POSIX_C_SOURCE 200809L
#include "data/jsonl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/escape.h"
#include "ext/gz.h"
#include "ext/jsondoc.h"

#define MAX_DEPTH 64

struct keys {
	char **name;      /* by column index */
	size_t n, cap;
	size_t *slot;     /* hash table of column index + 1, 0 = empty */
	size_t nslots;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

/* The index of `key`, or SIZE_MAX when absent. */
static size_t keys_find(const struct keys *k, const char *key)
{
	if (!k->nslots)
		return SIZE_MAX;
	for (size_t i = hash(key) & (k->nslots - 1);; i = (i + 1) & (k->nslots - 1)) {
		if (!k->slot[i])
			return SIZE_MAX;
		if (strcmp(k->name[k->slot[i] - 1], key) == 0)
			return k->slot[i] - 1;
	}
}

static void keys_add(struct keys *k, const char *key)
{
	if ((k->n + 1) * 2 > k->nslots) {
		size_t ns = k->nslots ? k->nslots * 2 : 64;
		free(k->slot);
		k->slot = xcalloc(ns, sizeof(size_t));
		k->nslots = ns;
		for (size_t j = 0; j < k->n; j++) {
			size_t i = hash(k->name[j]) & (ns - 1);
			while (k->slot[i])
				i = (i + 1) & (ns - 1);
			k->slot[i] = j + 1;
		}
	}
	k->name = xgrow(k->name, &k->cap, k->n + 1, sizeof(char *));
	k->name[k->n] = xstrdup(key);
	{
		size_t i = hash(key) & (k->nslots - 1);
		while (k->slot[i])
			i = (i + 1) & (k->nslots - 1);
		k->slot[i] = k->n + 1;
	}
	k->n++;
}

static void keys_release(struct keys *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->name[i]);
	free(k->name);
	free(k->slot);
	memset(k, 0, sizeof(*k));
}

struct reader {
	const char *path;
	struct mg_error *err;
	size_t max_columns;
	struct keys keys;
	/* pass two */
	struct csv_cell *cells;
	char **text;      /* per column: formatted numbers (owned) */
	long line;
	int pass;
};

static int fail(struct reader *r, const char *msg)
{
	return mg_errorf(r->err, MG_EXIT_INPUT, r->path, (int)r->line, 0, "%s", msg);
}

static int valid_utf8(const char *s)
{
	size_t n = strlen(s);
	for (size_t j = 0; j < n;) {
		size_t k = utf8_seq_len((const unsigned char *)s + j, n - j);
		if (!k)
			return 0;
		j += k;
	}
	return 1;
}

/* Visit the members of obj under `prefix`: pass one adds the keys, pass
 * two fills the cells. */
static int visit(struct reader *r, const struct jval *obj, const char *prefix,
		 int depth)
{
	if (depth > MAX_DEPTH)
		return fail(r, "the object is nested too deeply");
	for (size_t i = 0; i < jv_size(obj); i++) {
		const struct jval *m = jv_at(obj, i);
		char *name = prefix ? xasprintf("%s.%s", prefix, jv_key(m)) :
				      xstrdup(jv_key(m));
		size_t col;
		int rc = 0;

		if (jv_type(m) == J_OBJECT) {
			rc = visit(r, m, name, depth + 1);
			free(name);
			if (rc)
				return -1;
			continue;
		}
		if (jv_type(m) == J_ARRAY) {
			rc = mg_errorf(r->err, MG_EXIT_INPUT, r->path, (int)r->line, 0,
				       "key '%.200s' holds an array (arrays are not read; flatten them or drop the key)",
				       name);
			free(name);
			return rc;
		}
		col = keys_find(&r->keys, name);
		if (r->pass == 1) {
			if (col == SIZE_MAX) {
				if (r->keys.n >= r->max_columns) {
					free(name);
					return mg_errorf(r->err, MG_EXIT_INPUT, r->path, (int)r->line, 0,
							 "more than %zu keys (the column limit)",
							 r->max_columns);
				}
				if (!valid_utf8(name)) {
					free(name);
					return fail(r, "a key is not valid UTF-8 (save the file as UTF-8)");
				}
				keys_add(&r->keys, name);
			}
			free(name);
			continue;
		}
		if (col == SIZE_MAX) {
			free(name);
			return mg_errorf(r->err, MG_EXIT_INPUT, r->path, 0, 0,
					 "the file changed while it was read");
		}
		if (r->cells[col].p) {
			rc = mg_errorf(r->err, MG_EXIT_INPUT, r->path, (int)r->line, 0,
				       "key '%.200s' appears twice in the line", name);
			free(name);
			return rc;
		}
		free(name);
		switch (jv_type(m)) {
		case J_NULL:
			break;
		case J_BOOL:
			r->cells[col].p = jv_bool(m) ? "true" : "false";
			r->cells[col].n = jv_bool(m) ? 4 : 5;
			break;
		case J_NUMBER: {
			char buf[40];
			mg_fmt_double(buf, sizeof(buf), jv_number(m));
			free(r->text[col]);
			r->text[col] = xstrdup(buf);
			r->cells[col].p = r->text[col];
			r->cells[col].n = strlen(buf);
			break;
		}
		case J_NONFINITE: /* NaN, Infinity: as their literal (not numbers) */
		case J_STRING:
			r->cells[col].p = jv_string(m);
			r->cells[col].n = strlen(jv_string(m));
			break;
		default:
			break;
		}
	}
	return 0;
}

static int do_line(struct reader *r, const char *s, size_t n, csv_row_fn row_fn,
		   void *ctx, uint64_t *rows)
{
	struct jval *doc;
	size_t i = 0;
	int rc;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i == n)
		return 0; /* a blank line */
	doc = jv_parse(s, n, r->path, MG_EXIT_INPUT, r->err);
	if (!doc) {
		if (r->err) /* the parser counts lines within the line */
			r->err->line = (int)r->line;
		return -1;
	}
	if (jv_type(doc) != J_OBJECT) {
		jv_free(doc);
		return fail(r, "the line is not a JSON object (JSON Lines hold one object per line)");
	}
	if (r->pass == 2)
		for (size_t c = 0; c < r->keys.n; c++)
			r->cells[c].p = NULL, r->cells[c].n = 0;
	rc = visit(r, doc, NULL, 0);
	if (rc == 0 && r->pass == 2) {
		struct csv_row row;
		row.cells = r->cells;
		row.n = r->keys.n;
		row.line = r->line;
		row.index = *rows;
		rc = row_fn(ctx, &row, r->err);
	}
	if (rc == 0)
		(*rows)++;
	jv_free(doc);
	return rc;
}

static int ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n > m && strcmp(s + n - m, tail) == 0;
}

/* The input: a file by name (gzip inflated on the fly: *.gz), or a
 * buffer in memory (fmemopen). */
struct source {
	const char *path;
	const char *buf;
	size_t n;
};

static FILE *source_open(const struct source *src)
{
	if (!src->buf && ends_with(src->path, ".gz"))
		return gz_fopen(src->path, csv_max_inflate());
	if (!src->buf)
		return fopen(src->path, "rb");
	if (src->n == 0)
		return fopen("/dev/null", "rb"); /* fmemopen may refuse size 0 */
	return fmemopen((void *)(size_t)src->buf, src->n, "rb");
}

static int read_pass(struct reader *r, const struct source *src, csv_row_fn row_fn,
		     void *ctx, uint64_t *rows, uint64_t *bytes)
{
	FILE *f = source_open(src);
	char *buf = NULL;
	size_t cap = 0, len = 0;
	int rc = 0, c;

	if (!f)
		return mg_errorf(r->err, MG_EXIT_INPUT, r->path, 0, 0, "cannot open: %s",
				 strerror(errno));
	r->line = 1;
	*rows = 0;
	*bytes = 0;
	while (rc == 0) {
		c = getc(f);
		if (c == EOF || c == '\n') {
			if (c == EOF && ferror(f)) {
				rc = mg_errorf(r->err, MG_EXIT_INPUT, r->path, 0, 0,
					       "cannot read: %s",
					       !src->buf && ends_with(src->path, ".gz") ?
						       gz_file_error() :
						       strerror(errno));
				break;
			}
			if (len || c == '\n')
				rc = do_line(r, buf ? buf : "", len, row_fn, ctx, rows);
			len = 0;
			if (c == EOF)
				break;
			r->line++;
			(*bytes)++;
			continue;
		}
		(*bytes)++;
		if (c == '\0') {
			rc = fail(r, "NUL byte in the data (a binary or UTF-16 file?)");
			break;
		}
		if (len >= JSONL_MAX_LINE) {
			rc = mg_errorf(r->err, MG_EXIT_INPUT, r->path, (int)r->line, 0,
				       "line longer than %zu bytes (the limit)", JSONL_MAX_LINE);
			break;
		}
		buf = xgrow(buf, &cap, len + 2, 1);
		buf[len++] = (char)c;
	}
	free(buf);
	fclose(f);
	return rc;
}

int jsonl_path(const char *path)
{
	return ends_with(path, ".jsonl") || ends_with(path, ".ndjson") ||
	       ends_with(path, ".jsonl.gz") || ends_with(path, ".ndjson.gz");
}

static int ignore_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	(void)ctx;
	(void)row;
	(void)err;
	return 0;
}

static int read_source(const struct source *src, const struct csv_options *opts,
		       csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		       struct csv_read_stats *st, struct mg_error *err)
{
	const char *path = src->path;
	struct reader r;
	uint64_t rows = 0, bytes = 0;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.err = err;
	r.max_columns = opts && opts->max_columns ? opts->max_columns :
						    CSV_MAX_COLUMNS_DEFAULT;
	r.pass = 1;
	if (read_pass(&r, src, ignore_row, NULL, &rows, &bytes))
		goto out;
	if (rows == 0) {
		mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
			  "empty file (no JSON object on any line)");
		goto out;
	}
	if (header_fn && header_fn(ctx, (const char *const *)r.keys.name, r.keys.n, err))
		goto out;
	r.pass = 2;
	r.cells = xcalloc(r.keys.n ? r.keys.n : 1, sizeof(*r.cells));
	r.text = xcalloc(r.keys.n ? r.keys.n : 1, sizeof(*r.text));
	if (read_pass(&r, src, row_fn, ctx, &rows, &bytes))
		goto out;
	if (st) {
		memset(st, 0, sizeof(*st));
		st->rows = rows;
		st->bytes = bytes;
	}
	rc = 0;
out:
	if (r.text)
		for (size_t i = 0; i < r.keys.n; i++)
			free(r.text[i]);
	free(r.text);
	free(r.cells);
	keys_release(&r.keys);
	return rc;
}

int jsonl_read_file(const char *path, const struct csv_options *opts,
		    csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		    struct csv_read_stats *st, struct mg_error *err)
{
	struct source src = {path, NULL, 0};
	return read_source(&src, opts, header_fn, row_fn, ctx, st, err);
}

int jsonl_read_buffer(const char *name, const char *buf, size_t n,
		      const struct csv_options *opts, csv_header_fn header_fn,
		      csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
		      struct mg_error *err)
{
	struct source src = {name, buf, n};
	return read_source(&src, opts, header_fn, row_fn, ctx, st, err);
}
