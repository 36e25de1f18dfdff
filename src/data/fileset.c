#define _DEFAULT_SOURCE
#include "data/fileset.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/jsonw.h"
#include "common/trust.h"
#include "data/parquet.h"

#define FILESET_MAX_THREADS 8

/* --- finding the files ------------------------------------------------------ */

struct found {
	char **v;
	size_t n, cap;
	int too_many;
};

static void found_add(struct found *f, char *path)
{
	if (f->n >= FILESET_MAX_FILES) {
		f->too_many = 1;
		free(path);
		return;
	}
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->v = xrealloc(f->v, f->cap * sizeof(char *));
	}
	f->v[f->n++] = path;
}

/* Names a writer leaves beside its data (Spark's _SUCCESS, Parquet's
 * _metadata, Hadoop's .crc checksums, editors' dotfiles), left out as
 * pyarrow's dataset discovery does (ignore_prefixes '.' and '_'). */
static int ignored(const char *name)
{
	size_t n = strlen(name);
	return name[0] == '.' || name[0] == '_' ||
	       (n >= 4 && strcmp(name + n - 4, ".crc") == 0);
}

static int has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static char *join(const char *dir, const char *name)
{
	if (!*dir)
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

/* The sorted names of dir's entries, or NULL (an unreadable folder is
 * skipped in a walk, as find does; the folder given is checked first). */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 32;
			v = xrealloc(v, cap * sizeof(char *));
		}
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* 1 a folder (not through a symlink: a link to a folder is not followed,
 * so a walk cannot loop), 2 a regular file (a link to one counts), 0 else. */
static int kind(const char *path)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode))
		return 1;
	if (S_ISLNK(sb.st_mode) && stat(path, &sb) != 0)
		return 0;
	return S_ISREG(sb.st_mode) ? 2 : 0;
}

static void walk(const char *dir, int depth, struct found *f);

/* A match: a file is a data file, a folder stands for the files in it. */
static void add_match(char *path, int depth, struct found *f)
{
	int k = kind(path);

	if (k == 1)
		walk(path, depth + 1, f);
	if (k == 2)
		found_add(f, path);
	else
		free(path);
}

/* Every data file under dir, at any depth. */
static void walk(const char *dir, int depth, struct found *f)
{
	size_t n;
	char **names = depth <= FILESET_MAX_DEPTH ? list_dir(dir, &n) : NULL;

	for (size_t i = 0; names && i < n && !f->too_many; i++)
		if (!ignored(names[i]))
			add_match(join(dir, names[i]), depth, f);
	if (names)
		free_list(names, n);
}

static void step(char *p, char **segs, size_t i, size_t n, int depth,
		 struct found *f);

/* Match segs[i..n) of a glob under dir. */
static void match(const char *dir, char **segs, size_t i, size_t n, int depth,
		  struct found *f)
{
	const char *seg = segs[i];
	int last = i + 1 == n;
	char **names;
	size_t nn;

	if (f->too_many || depth > FILESET_MAX_DEPTH)
		return;
	if (!*seg) { /* "a//b" or a trailing '/' */
		if (last)
			walk(dir, depth, f);
		else
			match(dir, segs, i + 1, n, depth, f);
		return;
	}
	if (strcmp(seg, "**") == 0) {
		/* zero folders, or one more and still in the ** */
		if (last) {
			walk(dir, depth, f);
			return;
		}
		match(dir, segs, i + 1, n, depth, f);
		names = list_dir(dir, &nn);
		for (size_t j = 0; names && j < nn; j++) {
			char *p = ignored(names[j]) ? NULL : join(dir, names[j]);
			if (p && kind(p) == 1)
				match(p, segs, i, n, depth + 1, f);
			free(p);
		}
		free_list(names, nn);
		return;
	}
	if (!has_glob(seg)) {
		step(join(dir, seg), segs, i, n, depth, f);
		return;
	}
	names = list_dir(dir, &nn);
	for (size_t j = 0; names && j < nn; j++)
		if (!ignored(names[j]) && fnmatch(seg, names[j], FNM_PERIOD) == 0)
			step(join(dir, names[j]), segs, i, n, depth, f);
	free_list(names, nn);
}

/* p matched segs[i]: a data file (or folder) at the last segment, else a
 * folder to match the rest in. */
static void step(char *p, char **segs, size_t i, size_t n, int depth,
		 struct found *f)
{
	if (i + 1 == n) {
		add_match(p, depth, f);
		return;
	}
	if (kind(p) == 1)
		match(p, segs, i + 1, n, depth + 1, f);
	free(p);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fileset_is_multi(const char *spec)
{
	struct stat sb;

	if (strcmp(spec, "-") == 0)
		return 0;
	if (stat(spec, &sb) == 0)
		return S_ISDIR(sb.st_mode);
	return has_glob(spec);
}

/* --- Hive partition folders --------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* %XX decoded (pyarrow's segment_encoding "uri"); a '%' that does not
 * start two hex digits stays as it is. */
static char *url_decode(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* The key=value folders of `rel` (a path under the dataset's base, the
 * file name last): keys and values appended, their count returned. */
static size_t hive_parts(const char *rel, char ***keys, char ***values)
{
	size_t n = 0;
	const char *seg = rel, *slash;

	*keys = *values = NULL;
	while ((slash = strchr(seg, '/')) != NULL) {
		const char *eq = memchr(seg, '=', (size_t)(slash - seg));
		if (eq && eq > seg) {
			*keys = xrealloc(*keys, (n + 1) * sizeof(char *));
			*values = xrealloc(*values, (n + 1) * sizeof(char *));
			(*keys)[n] = url_decode(seg, (size_t)(eq - seg));
			(*values)[n] = url_decode(eq + 1, (size_t)(slash - eq - 1));
			if (strcmp((*values)[n], FILESET_HIVE_NULL) == 0) {
				free((*values)[n]);
				(*values)[n] = NULL;
			}
			n++;
		}
		seg = slash + 1;
	}
	return n;
}

static int set_hive(struct fileset *fs, size_t base_len, struct mg_error *err)
{
	for (size_t i = 0; i < fs->n; i++) {
		const char *rel = fs->paths[i] + base_len;
		char **k, **v;
		size_t nk;
		int same;

		while (*rel == '/')
			rel++;
		nk = hive_parts(rel, &k, &v);
		if (i == 0) {
			fs->nkeys = nk;
			fs->keys = k;
			fs->values = xcalloc(fs->n * (nk ? nk : 1), sizeof(char *));
		}
		same = nk == fs->nkeys;
		for (size_t j = 0; same && j < nk; j++)
			same = strcmp(k[j], fs->keys[j]) == 0;
		if (!same) {
			struct sbuf a = SBUF_INIT, b = SBUF_INIT;
			for (size_t j = 0; j < nk; j++)
				sbuf_addf(&a, "%s%s=", j ? "/" : "", k[j]);
			for (size_t j = 0; j < fs->nkeys; j++)
				sbuf_addf(&b, "%s%s=", j ? "/" : "", fs->keys[j]);
			mg_errorf(err, MG_EXIT_INPUT, fs->paths[i], 0, 0,
				  "its partition folders (%s) differ from those of %s (%s)",
				  nk ? sbuf_str(&a) : "none", fs->paths[0],
				  fs->nkeys ? sbuf_str(&b) : "none");
			sbuf_release(&a);
			sbuf_release(&b);
		}
		for (size_t j = 0; j < nk; j++) {
			if (same)
				fs->values[i * nk + j] = v[j];
			else
				free(v[j]);
			if (i > 0)
				free(k[j]);
		}
		if (i > 0)
			free(k);
		free(v);
		if (!same)
			return -1;
	}
	return 0;
}

/* --- expanding a spec --------------------------------------------------------- */

static char **split_segments(const char *s, size_t *n)
{
	char **v = NULL;
	const char *p = s;

	*n = 0;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		v = xrealloc(v, (*n + 1) * sizeof(char *));
		v[(*n)++] = xstrndup(p, len);
		if (!slash)
			break;
		p = slash + 1;
	}
	return v;
}

/* Glob: the folder before the first segment with a wildcard is the base. */
static size_t expand_glob(const char *spec, struct found *f)
{
	size_t n, first = 0, base_len;
	char **segs = split_segments(spec, &n);
	char *base;

	while (first < n && !has_glob(segs[first]) && strcmp(segs[first], "**") != 0)
		first++;
	base = xstrdup("");
	for (size_t i = 0; i < first; i++) {
		char *b = i == 0 && !*segs[0] ? xstrdup("/") : join(base, segs[i]);
		free(base);
		base = b;
	}
	base_len = strlen(base);
	if (first < n && (!*base || kind(base) == 1))
		match(base, segs, first, n, 0, f);
	free(base);
	free_list(segs, n);
	return base_len;
}

int fileset_expand(const char *spec, int confine, struct fileset *fs,
		   struct mg_error *err)
{
	struct found f = {NULL, 0, 0, 0};
	size_t base_len = 0, out = 0;
	struct stat sb;
	int dir;

	memset(fs, 0, sizeof(*fs));
	fs->spec = xstrdup(spec);
	if (!fileset_is_multi(spec)) {
		fs->n = 1;
		fs->paths = xcalloc(1, sizeof(char *));
		fs->paths[0] = xstrdup(spec);
		return 0;
	}
	fs->multi = 1;
	dir = stat(spec, &sb) == 0 && S_ISDIR(sb.st_mode);
	if (dir) {
		if (access(spec, R_OK | X_OK) != 0)
			return mg_errorf(err, MG_EXIT_INPUT, spec, 0, 0,
					 "cannot read the folder: %s", strerror(errno));
		walk(spec, 0, &f);
		base_len = strlen(spec);
	} else {
		base_len = expand_glob(spec, &f);
	}
	if (f.too_many) {
		free_list(f.v, f.n);
		return mg_errorf(err, MG_EXIT_INPUT, spec, 0, 0,
				 "more than %d files (the limit)", FILESET_MAX_FILES);
	}
	if (f.n == 0) {
		free(f.v);
		return mg_errorf(err, MG_EXIT_INPUT, spec, 0, 0,
				 dir ? "the folder holds no data file (hidden files, "
				       "_* and *.crc files are not data)" :
				       "no data file matches the pattern");
	}
	qsort(f.v, f.n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < f.n; i++) { /* a ** can find a file twice */
		if (out && strcmp(f.v[out - 1], f.v[i]) == 0)
			free(f.v[i]);
		else
			f.v[out++] = f.v[i];
	}
	fs->paths = f.v;
	fs->n = out;
	for (size_t i = 0; confine && i < fs->n; i++) {
		char why[1200];
		if (trust_confine(fs->paths[i], why, sizeof(why)) < 0)
			return mg_errorf(err, MG_EXIT_INPUT, spec, 0, 0,
					 "a file of the dataset: %s", why);
	}
	return set_hive(fs, base_len, err);
}

void fileset_release(struct fileset *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++) {
		free(fs->paths[i]);
		for (size_t j = 0; fs->values && j < fs->nkeys; j++)
			free(fs->values[i * fs->nkeys + j]);
	}
	for (size_t j = 0; j < fs->nkeys; j++)
		free(fs->keys[j]);
	free(fs->paths);
	free(fs->keys);
	free(fs->values);
	free(fs->spec);
	memset(fs, 0, sizeof(*fs));
}

void fileset_describe(const struct fileset *fs, size_t show, struct sbuf *out)
{
	if (!fs || !fs->multi)
		return;
	sbuf_addf(out, "%zu file%s: ", fs->n, fs->n == 1 ? "" : "s");
	for (size_t i = 0; i < fs->n && i < show; i++)
		sbuf_addf(out, "%s%s", i ? ", " : "", fs->paths[i]);
	if (fs->n > show)
		sbuf_addf(out, ", ...");
}

/* --- reading files as one table ----------------------------------------------- */

struct table {
	const struct fileset *fs;
	size_t file;            /* the file being read */
	size_t start;           /* the first file read */
	int first;              /* its header sets the table's columns */
	char **names;           /* the table's columns (the Hive keys last) */
	size_t ncols, nfile;    /* all columns; those from the files */
	size_t *map;            /* the current file's column j is map[j] */
	int identity;
	struct csv_cell *cells;
	csv_header_fn header_fn;
	csv_row_fn row_fn;
	const struct profile_sink *sink; /* Parquet files column at a time */
	void *ctx;
};

static long find_name(char **names, size_t n, const char *name, size_t hint)
{
	if (hint < n && strcmp(names[hint], name) == 0)
		return (long)hint;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (long)i;
	return -1;
}

static int table_header(void *vt, const char *const *names, size_t n,
			struct mg_error *err)
{
	struct table *t = vt;
	const struct fileset *fs = t->fs;
	const char *path = fs->paths[t->file];

	if (t->first) {
		t->first = 0;
		t->nfile = n;
		t->ncols = n + fs->nkeys;
		t->names = xcalloc(t->ncols ? t->ncols : 1, sizeof(char *));
		for (size_t j = 0; j < n; j++)
			t->names[j] = xstrdup(names[j]);
		for (size_t j = 0; j < fs->nkeys; j++) {
			if (find_name(t->names, n, fs->keys[j], 0) >= 0)
				return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
						 "column '%s' is also a partition folder (%s=...)",
						 fs->keys[j], fs->keys[j]);
			t->names[n + j] = xstrdup(fs->keys[j]);
		}
		t->cells = xcalloc(t->ncols ? t->ncols : 1, sizeof(struct csv_cell));
		t->map = xcalloc(n ? n : 1, sizeof(size_t));
		for (size_t j = 0; j < n; j++)
			t->map[j] = j;
		t->identity = 1;
		return t->header_fn ? t->header_fn(t->ctx, (const char *const *)t->names,
						   t->ncols, err) :
				      0;
	}
	t->map = xrealloc(t->map, (n ? n : 1) * sizeof(size_t));
	t->identity = n == t->nfile;
	for (size_t j = 0; j < n; j++) {
		long at = find_name(t->names, t->nfile, names[j], j);
		if (at < 0)
			return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					 "has a column '%s' that %s has not",
					 names[j], t->fs->paths[t->start]);
		t->map[j] = (size_t)at;
		if ((size_t)at != j)
			t->identity = 0;
	}
	if (n != t->nfile) {
		for (size_t i = 0; i < t->nfile; i++) {
			int seen = 0;
			for (size_t j = 0; j < n && !seen; j++)
				seen = strcmp(names[j], t->names[i]) == 0;
			if (!seen)
				return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
						 "has no column '%s' (%s has it)",
						 t->names[i], t->fs->paths[t->start]);
		}
	}
	return 0;
}

static int table_row(void *vt, const struct csv_row *row, struct mg_error *err)
{
	struct table *t = vt;
	const struct fileset *fs = t->fs;
	struct csv_row r = *row;

	if (t->identity && !fs->nkeys)
		return t->row_fn(t->ctx, row, err);
	for (size_t j = 0; j < row->n && j < t->nfile; j++)
		t->cells[t->map[j]] = row->cells[j];
	for (size_t j = 0; j < fs->nkeys; j++) {
		const char *v = fs->values[t->file * fs->nkeys + j];
		t->cells[t->nfile + j].p = v;
		t->cells[t->nfile + j].n = v ? strlen(v) : 0;
	}
	r.cells = t->cells;
	r.n = t->ncols;
	return t->row_fn(t->ctx, &r, err);
}

/* A run of a Parquet file's column, handed on as the table's column. */
static int table_run(void *vt, const struct parquet_run *run, struct mg_error *err)
{
	struct table *t = vt;
	struct parquet_run r = *run;

	if (r.col >= t->nfile)
		return mg_errorf(err, MG_EXIT_INPUT, t->fs->paths[t->file], 0, 0,
				 "a column beyond the header's");
	r.col = t->map[r.col];
	return t->sink->run(t->ctx, &r, err);
}

/* File i read column at a time, then its Hive keys' values over its rows
 * (the cells table_row appends to every row). */
static int read_runs(struct table *t, size_t i, const struct csv_options *copts,
		     struct csv_read_stats *one, struct mg_error *err)
{
	const struct fileset *fs = t->fs;

	if (parquet_read_runs(fs->paths[i], NULL, copts, table_header, table_run, t,
			      one, err))
		return -1;
	for (size_t j = 0; j < fs->nkeys && !t->first; j++) {
		const char *v = fs->values[i * fs->nkeys + j];
		if (t->sink->repeat(t->ctx, t->nfile + j, v, v ? strlen(v) : 0, one->rows,
				    err))
			return -1;
	}
	return 0;
}

/* Files [first, end) as one table: by row, or with a sink, Parquet files
 * column at a time (the other files by row through sink->row). */
static int read_table(const struct fileset *fs, size_t first, size_t end,
		      const struct csv_options *copts, csv_header_fn header_fn,
		      csv_row_fn row_fn, const struct profile_sink *sink, void *ctx,
		      struct csv_read_stats *st, struct mg_error *err)
{
	struct table t;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	t.fs = fs;
	t.first = 1;
	t.start = first;
	t.header_fn = header_fn;
	t.row_fn = row_fn;
	t.sink = sink;
	t.ctx = ctx;
	if (st)
		memset(st, 0, sizeof(*st));
	for (size_t i = first; i < end && !rc; i++) {
		struct csv_read_stats one;

		memset(&one, 0, sizeof(one));
		t.file = i;
		if (sink && parquet_path_is_parquet(fs->paths[i]))
			rc = read_runs(&t, i, copts, &one, err);
		else
			rc = csv_read_file(fs->paths[i], copts, table_header, table_row,
					   &t, &one, err);
		if (!rc && t.first) /* a reader that found no header at all */
			rc = mg_errorf(err, MG_EXIT_INPUT, fs->paths[i], 0, 0,
				       "no header row");
		if (!rc && st) {
			st->rows += one.rows;
			st->bad_rows += one.bad_rows;
			st->bytes += one.bytes;
			if (!st->first_bad_line)
				st->first_bad_line = one.first_bad_line;
		}
	}
	for (size_t j = 0; j < t.ncols; j++)
		free(t.names[j]);
	free(t.names);
	free(t.cells);
	free(t.map);
	return rc;
}

int fileset_read_range(const struct fileset *fs, size_t first, size_t end,
		       const struct csv_options *copts, csv_header_fn header_fn,
		       csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
		       struct mg_error *err)
{
	return read_table(fs, first, end, copts, header_fn, row_fn, NULL, ctx, st,
			  err);
}

int fileset_read(void *fs, const struct csv_options *copts,
		 csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		 struct csv_read_stats *st, struct mg_error *err)
{
	const struct fileset *f = fs;
	return fileset_read_range(f, 0, f->n, copts, header_fn, row_fn, ctx, st, err);
}

/* --- profiling on several threads ------------------------------------------- */

struct part {
	const struct fileset *fs;
	size_t first, end;
	const struct csv_options *copts;
	const struct profile_options *po;
	int by_rows;    /* MLGATE_PARQUET_ROWS: Parquet files read by row */
	struct profile prof;
	struct mg_error err;
	int rc;
};

static int read_part(void *vp, const struct csv_options *copts,
		     csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		     struct csv_read_stats *st, struct mg_error *err)
{
	struct part *p = vp;
	return fileset_read_range(p->fs, p->first, p->end, copts, header_fn, row_fn,
				  ctx, st, err);
}

static int read_part_runs(void *vp, const struct csv_options *copts,
			  const struct profile_sink *sink, struct csv_read_stats *st,
			  struct mg_error *err)
{
	struct part *p = vp;
	return read_table(p->fs, p->first, p->end, copts, sink->header, sink->row,
			  sink, sink->ctx, st, err);
}

static void *part_main(void *vp)
{
	struct part *p = vp;
	const char *name = p->fs->paths[p->first];

	if (p->by_rows)
		p->rc = profile_source(read_part, p, name, p->copts, p->po, &p->prof,
				       &p->err);
	else
		p->rc = profile_source_runs(read_part_runs, p, name, p->copts, p->po,
					    &p->prof, &p->err);
	return NULL;
}

/* MLGATE_PARQUET_ROWS=1 reads a dataset's Parquet files row by row as
 * text, the way of other files (the tests compare both ways). */
static int parquet_by_rows(void)
{
	const char *v = getenv("MLGATE_PARQUET_ROWS");
	return v && strcmp(v, "1") == 0;
}

static size_t thread_count(const struct profile_options *po, size_t nfiles)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t t = po->threads > 0 ? (size_t)po->threads : cpus > 1 ? (size_t)cpus : 1;

	if (t > FILESET_MAX_THREADS)
		t = FILESET_MAX_THREADS;
	return t < nfiles ? t : nfiles;
}

/* Cut the files into nt contiguous runs of about the same bytes. */
static void cut(const struct fileset *fs, size_t nt, size_t *starts)
{
	double *size = xcalloc(fs->n, sizeof(double)), total = 0, acc = 0;
	size_t t = 1;

	for (size_t i = 0; i < fs->n; i++) {
		struct stat sb;
		size[i] = stat(fs->paths[i], &sb) == 0 ? (double)sb.st_size + 1 : 1;
		total += size[i];
	}
	starts[0] = 0;
	for (size_t i = 0; i < fs->n && t < nt; i++) {
		acc += size[i];
		/* leave at least one file for each run still to start */
		if ((acc >= total * (double)t / (double)nt && i + 1 < fs->n) ||
		    fs->n - (i + 1) == nt - t)
			starts[t++] = i + 1;
	}
	starts[nt] = fs->n;
	free(size);
}

int profile_dataset(const char *spec, int confine, const struct csv_options *copts,
		    const struct profile_options *po_in, struct profile *out,
		    struct fileset *files, struct mg_error *err)
{
	struct profile_options po;
	struct fileset fs;
	struct part *parts = NULL;
	pthread_t *tid = NULL;
	size_t nt, *starts = NULL;
	int rc = -1, *started = NULL, by_rows = parquet_by_rows();

	memset(out, 0, sizeof(*out));
	if (po_in)
		po = *po_in;
	else
		profile_options_init(&po);
	if (files)
		memset(files, 0, sizeof(*files));
	if (fileset_expand(spec, confine, &fs, err))
		goto out;
	if (!fs.multi) {
		rc = profile_csv(spec, copts, &po, out, err);
		goto out;
	}
	nt = thread_count(&po, fs.n);
	parts = xcalloc(nt, sizeof(*parts));
	tid = xcalloc(nt, sizeof(*tid));
	started = xcalloc(nt, sizeof(int));
	starts = xcalloc(nt + 1, sizeof(size_t));
	cut(&fs, nt, starts);
	for (size_t i = 0; i < nt; i++) {
		parts[i].fs = &fs;
		parts[i].first = starts[i];
		parts[i].end = starts[i + 1];
		parts[i].copts = copts;
		parts[i].po = &po;
		parts[i].by_rows = by_rows;
	}
	for (size_t i = 1; i < nt; i++)
		started[i] = pthread_create(&tid[i], NULL, part_main, &parts[i]) == 0;
	part_main(&parts[0]);
	for (size_t i = 1; i < nt; i++) {
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			part_main(&parts[i]);
	}
	for (size_t i = 0; i < nt; i++) { /* the first error in path order */
		if (parts[i].rc) {
			*err = parts[i].err;
			goto out;
		}
	}
	*out = parts[0].prof;
	memset(&parts[0].prof, 0, sizeof(parts[0].prof));
	for (size_t i = 1; i < nt; i++) {
		if (profile_merge(out, &parts[i].prof, err))
			goto out;
		profile_release(&parts[i].prof);
	}
	free(out->path);
	out->path = xstrdup(spec);
	if (profile_source_finish(fileset_read, &fs, copts, &po, out, err))
		goto out;
	rc = 0;
out:
	for (size_t i = 0; parts && i < nt; i++)
		profile_release(&parts[i].prof);
	if (rc)
		profile_release(out);
	free(parts);
	free(tid);
	free(started);
	free(starts);
	if (files && rc == 0)
		*files = fs;
	else
		fileset_release(&fs);
	return rc;
}

/* --- naming the files in a report -------------------------------------------- */

#define FILESET_SHOW 5

void fileset_note_gates(const struct fileset *fs, struct gate_list *gl, size_t from,
			const char *key)
{
	struct sbuf files = {0}, names = {0};
	struct jsonw w;

	if (!fs || !fs->multi || from >= gl->n)
		return;
	jw_init(&w, &files, 0);
	jw_obj_open(&w);
	jw_kint(&w, "count", (long long)fs->n);
	jw_key(&w, "first");
	jw_arr_open(&w);
	for (size_t i = 0; i < fs->n && i < FILESET_SHOW; i++)
		jw_str(&w, fs->paths[i]);
	jw_arr_close(&w);
	jw_obj_close(&w);
	for (size_t i = from; i < gl->n; i++) {
		struct gate_result *g = &gl->v[i];
		char *d = g->details;

		if (!d)
			g->details = xasprintf("{\"%s\":%s}", key, sbuf_str(&files));
		else if (d[0] == '{')
			g->details = xasprintf("{\"%s\":%s%s%s", key, sbuf_str(&files),
					       strcmp(d, "{}") ? "," : "", d + 1);
		else
			continue;
		free(d);
	}
	fileset_describe(fs, FILESET_SHOW, &names);
	if (gl->v[from].message) {
		char *m = xasprintf("%s (%s %s)", gl->v[from].message,
				    strcmp(key, "files") ? "reference:" : "read",
				    sbuf_str(&names));
		free(gl->v[from].message);
		gl->v[from].message = m;
	}
	sbuf_release(&files);
	sbuf_release(&names);
}
