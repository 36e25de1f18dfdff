/* profile: one pass of the CSV reader into a colstats per column, the JSON
 * and text renderings of `mlgate profile`, and the loader of profile JSON
 * files (frozen references). */
#define _POSIX_C_SOURCE 200809L
#include "data/profile.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/escape.h"
#include "common/num.h"
#include "data/jsonl.h"
#include "data/partial.h"
#include "data/qsketch.h"
#include "data/parquet.h"
#include "ext/jsondoc.h"
#include "common/jsonw.h"

void profile_options_init(struct profile_options *po)
{
	memset(po, 0, sizeof(*po));
	po->keep_values = 1;
	po->hist_bins = 10;
}

int profile_budget_init(struct colstats_budget *b, struct mg_error *err)
{
	const char *s = getenv("MLGATE_MAX_VALUES");
	uint64_t max = COLSTATS_MAX_VALUES;

	if (s && *s && num_parse_size(s, &max))
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "MLGATE_MAX_VALUES must be a positive count of values such as 200M, not '%.40s'",
				 s);
	colstats_budget_init(b, max);
	return 0;
}

void profile_release(struct profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ncols; i++)
		colstats_release(&p->cols[i]);
	free(p->cols);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

struct colstats *profile_column(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->ncols; i++)
		if (strcmp(p->cols[i].name, name) == 0)
			return &p->cols[i];
	return NULL;
}

int profile_path_is_json(const char *path)
{
	size_t n = strlen(path);
	return n >= 5 && strcmp(path + n - 5, ".json") == 0;
}

/* --- computing ------------------------------------------------------------- */

struct pq_state;

struct prof_ctx {
	struct profile *p;
	struct csv_nulls nl;
	int keep_values, track_text;
	unsigned char *rescan; /* per column: re-read its text */
	struct colstats_quota quota; /* this thread's share of the budget */
	struct pq_state *pq; /* reading Parquet column at a time (on_run) */
};

static int on_header(void *ctx, const char *const *names, size_t n,
		     struct mg_error *err)
{
	struct prof_ctx *pc = ctx;
	(void)err;
	pc->p->cols = xcalloc(n ? n : 1, sizeof(struct colstats));
	pc->p->ncols = n;
	for (size_t i = 0; i < n; i++) {
		colstats_init(&pc->p->cols[i], names[i], pc->keep_values,
			      pc->track_text);
		pc->p->cols[i].quota = &pc->quota;
	}
	return 0;
}

/* A column's quota refused a value at `line`. */
static int over_budget(struct prof_ctx *pc, long line, struct mg_error *err)
{
	const struct colstats *c = NULL;

	for (size_t i = 0; i < pc->p->ncols && !c; i++)
		if (pc->p->cols[i].over_budget)
			c = &pc->p->cols[i];
	return mg_errorf(err, MG_EXIT_INPUT, pc->p->path, (int)line, 0,
			 "column '%s': more than %llu numeric values to keep (the cap on kept values, for a data file and its reference together, 8 bytes each): raise it with MLGATE_MAX_VALUES, e.g. MLGATE_MAX_VALUES=%llu",
			 c ? c->name : "?",
			 (unsigned long long)pc->quota.budget->max,
			 (unsigned long long)pc->quota.budget->max * 2);
}

static int on_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct prof_ctx *pc = ctx;

	if (colstats_add_row(pc->p->cols, &pc->nl, row->cells, row->n) == 0)
		return 0;
	return over_budget(pc, row->line, err);
}

/* --- Parquet, column at a time ---------------------------------------------- *
 * The same statistics as on_row given the text of each value (the CSV of
 * the same data), without the text where it is not needed: a number goes
 * in as a double (its text read back is that double: data/parquet.h)
 * while the column is numeric and its categories are not kept
 * (track_text), unless a null token could be such a text; a dictionary
 * entry is classified once, and once the column is a string column each
 * entry of a run is counted once (colstats_add_repeated), in the order of
 * first appearance, which is the order one-by-one adds would meet them. */

struct pq_dictcache {
	uint64_t id;       /* the dictionary classified, 0: none */
	size_t cap;
	unsigned char *cls; /* 0 null, 1 number, 2 text */
	double *num;
	uint32_t *cnt, *order;
};

struct pq_state {
	int numeric_tokens; /* a null token reads as a number */
	struct pq_dictcache *dc; /* per column */
	size_t ncols;
};

static struct pq_state *pq_state_new(const struct prof_ctx *pc)
{
	struct pq_state *s = xcalloc(1, sizeof(*s));
	double v;

	for (size_t i = 0; i < pc->nl.n; i++)
		if (csv_parse_number(pc->nl.tok[i], pc->nl.len[i], &v) == 0)
			s->numeric_tokens = 1;
	s->ncols = pc->p->ncols;
	s->dc = xcalloc(s->ncols ? s->ncols : 1, sizeof(*s->dc));
	return s;
}

static void pq_state_free(struct pq_state *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncols; i++) {
		free(s->dc[i].cls);
		free(s->dc[i].num);
		free(s->dc[i].cnt);
		free(s->dc[i].order);
	}
	free(s->dc);
	free(s);
}

static void classify_dict(struct prof_ctx *pc, struct pq_dictcache *d,
			  const struct parquet_dict *dict)
{
	if (dict->n > d->cap) {
		d->cap = dict->n;
		free(d->cls);
		free(d->num);
		free(d->cnt);
		free(d->order);
		d->cls = xmalloc(d->cap);
		d->num = xmalloc(d->cap * sizeof(double));
		d->cnt = xmalloc(d->cap * sizeof(uint32_t));
		d->order = xmalloc(d->cap * sizeof(uint32_t));
	}
	for (uint32_t e = 0; e < dict->n; e++) {
		const struct csv_cell *t = &dict->text[e];
		d->cnt[e] = 0;
		if (csv_is_null(&pc->nl, t->p, t->n))
			d->cls[e] = 0;
		else
			d->cls[e] = csv_parse_number(t->p, t->n, &d->num[e]) == 0 ? 1 : 2;
	}
	d->id = dict->id;
}

static int on_dict_run(struct prof_ctx *pc, struct colstats *c,
		       const struct parquet_run *r, struct mg_error *err)
{
	struct pq_dictcache *d = &pc->pq->dc[r->col];
	const struct csv_cell *text = r->dict->text;
	size_t i = 0, norder = 0;

	if (d->id != r->dict->id)
		classify_dict(pc, d, r->dict);
	for (; i < r->n && c->type == COL_NUMBER; i++) {
		uint32_t e = r->idx[i];
		int rc = 0;
		if (d->cls[e] == 0)
			colstats_add_null(c);
		else if (d->cls[e] == 1)
			rc = colstats_add_number(c, d->num[e], text[e].p, text[e].n);
		else
			rc = colstats_add(c, &pc->nl, text[e].p, text[e].n);
		if (rc)
			return over_budget(pc, (long)(r->row + i + 2), err);
	}
	for (; i < r->n; i++) {
		uint32_t e = r->idx[i];
		if (!d->cnt[e]++)
			d->order[norder++] = e;
	}
	for (size_t k = 0; k < norder; k++) {
		uint32_t e = d->order[k];
		/* a string column keeps no values: nothing to refuse */
		colstats_add_repeated(c, &pc->nl, text[e].p, text[e].n, d->cnt[e]);
		d->cnt[e] = 0;
	}
	return 0;
}

static int on_run(void *ctx, const struct parquet_run *r, struct mg_error *err)
{
	struct prof_ctx *pc = ctx;
	struct colstats *c = &pc->p->cols[r->col];
	char buf[PQ_TEXT_MAX];
	size_t i = 0;
	int rc = 0;

	if (!pc->pq)
		pc->pq = pq_state_new(pc);
	if (r->form == PQ_RUN_DICT)
		return on_dict_run(pc, c, r, err);
	if (r->form == PQ_RUN_CELLS) {
		for (; i < r->n && !rc; i++)
			rc = colstats_add(c, &pc->nl, r->cells[i].p, r->cells[i].n);
	} else {
		int direct = !c->track_text && !pc->pq->numeric_tokens;
		for (; i < r->n && !rc; i++) {
			double v = r->num[i];
			if (isnan(v))
				colstats_add_null(c);
			else if (direct && c->type == COL_NUMBER && isfinite(v))
				rc = colstats_add_number(c, v, NULL, 0);
			else
				rc = colstats_add(c, &pc->nl, buf, parquet_run_text(r, i, buf));
		}
	}
	return rc ? over_budget(pc, (long)(r->row + i + 1), err) : 0;
}

/* A Hive key's value over a Parquet file's rows (profile_sink.repeat). */
static int on_repeat(void *ctx, size_t col, const char *p, size_t n,
		     uint64_t count, struct mg_error *err)
{
	struct prof_ctx *pc = ctx;

	if (col >= pc->p->ncols)
		return mg_errorf(err, MG_EXIT_INPUT, pc->p->path, 0, 0,
				 "no column %zu to fill", col + 1);
	if (colstats_add_repeated(&pc->p->cols[col], &pc->nl, p, n, count))
		return over_budget(pc, 0, err);
	return 0;
}

static int on_row_text(void *ctx, const struct csv_row *row,
		       struct mg_error *err)
{
	struct prof_ctx *pc = ctx;
	(void)err;
	for (size_t i = 0; i < row->n; i++)
		if (pc->rescan[i] &&
		    !csv_is_null(&pc->nl, row->cells[i].p, row->cells[i].n))
			colstats_add_text_only(&pc->p->cols[i], row->cells[i].p,
					       row->cells[i].n);
	return 0;
}

static int ignore_header(void *ctx, const char *const *names, size_t n,
			 struct mg_error *err)
{
	struct prof_ctx *pc = ctx;
	(void)names;
	if (n != pc->p->ncols)
		return mg_errorf(err, MG_EXIT_INPUT, pc->p->path, 0, 0,
				 "the file changed while it was read");
	return 0;
}

static int read_path(void *src, const struct csv_options *copts,
		     csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		     struct csv_read_stats *st, struct mg_error *err)
{
	return csv_read_file(src, copts, header_fn, row_fn, ctx, st, err);
}

/* Columns that turned string after numbers were seen lack the text of
 * those numbers: read the source again for them (profile_csv only does
 * this for files; standard input is read with track_text from the start). */
static int complete_text(struct prof_ctx *pc, profile_source_fn read, void *src,
			 const struct csv_options *copts, struct mg_error *err)
{
	struct profile *p = pc->p;
	size_t need = 0;
	int rc;

	pc->rescan = xcalloc(p->ncols ? p->ncols : 1, 1);
	for (size_t i = 0; i < p->ncols; i++) {
		if (p->cols[i].type == COL_STRING && !p->cols[i].text_complete) {
			pc->rescan[i] = 1;
			colstats_reset_text(&p->cols[i]);
			need++;
		}
	}
	rc = need ? read(src, copts, ignore_header, on_row_text, pc, NULL, err) : 0;
	free(pc->rescan);
	pc->rescan = NULL;
	return rc;
}

struct finish_work {
	struct profile *p;
	size_t bins;
	_Atomic size_t next;
};

static void *finish_worker(void *arg)
{
	struct finish_work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->p->ncols)
		colstats_finish(&w->p->cols[i], w->bins);
	return NULL;
}

/* Sort and sum up every column: on two threads unless one was asked for
 * or another profile is being read at the same time (each column is
 * finished by one thread, so the results do not depend on which). */
static void finish_columns(struct profile *p, const struct profile_options *po)
{
	struct finish_work w;
	pthread_t t;
	int threaded;

	w.p = p;
	w.bins = po->hist_bins ? po->hist_bins : 10;
	atomic_init(&w.next, 0);
	for (size_t i = 0; i < p->ncols; i++)
		p->cols[i].quota = NULL; /* the reading thread's, gone now */
	threaded = po->threads != 1 && p->ncols > 1 &&
		   sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
		   pthread_create(&t, NULL, finish_worker, &w) == 0;
	finish_worker(&w);
	if (threaded)
		pthread_join(t, NULL);
}

/* --- two threads on one file ------------------------------------------------ */

#define SPLIT_MIN_BYTES ((off_t)8 << 20)
#define PART_CHUNK ((size_t)1 << 18) /* as csv.c's READ_CHUNK */
#define HEADER_PROBE ((size_t)1 << 20)

static atomic_int active_profiles;

struct part {
	int fd;
	off_t begin, end;
	const char *name;
	struct csv_options copts;
	struct prof_ctx pc;
	struct profile prof;
	struct csv_reader *r;
	size_t probe_ncols;
	char **probe_names;
	int rc, at_start;
	long end_line;
	struct mg_error err;
};

static int read_range(struct part *pt, struct mg_error *err)
{
	char *buf = xmalloc(PART_CHUNK);
	off_t off = pt->begin;
	int rc = 0;

	while (off < pt->end) {
		size_t want = (size_t)(pt->end - off) < PART_CHUNK ?
				      (size_t)(pt->end - off) :
				      PART_CHUNK;
		ssize_t got = pread(pt->fd, buf, want, off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			rc = mg_errorf(err, MG_EXIT_INPUT, pt->name, 0, 0,
				       "cannot read: %s",
				       got < 0 ? strerror(errno) : "the file shrank");
			break;
		}
		if (csv_reader_feed(pt->r, buf, (size_t)got, err)) {
			rc = -1;
			break;
		}
		off += got;
	}
	free(buf);
	return rc;
}

static void *part_main(void *arg)
{
	struct part *pt = arg;

	pt->rc = read_range(pt, &pt->err);
	if (pt->rc == 0) {
		if (pt->begin == 0) {
			pt->at_start = csv_reader_at_record_start(pt->r);
		} else {
			pt->rc = csv_reader_finish(pt->r, &pt->err);
		}
	}
	pt->end_line = csv_reader_lines(pt->r);
	return NULL;
}

static int probe_header_cb(void *ctx, const char *const *names, size_t n,
			   struct mg_error *err)
{
	struct part *pt = ctx;
	(void)err;
	pt->probe_ncols = n;
	pt->probe_names = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		pt->probe_names[i] = xstrdup(names[i]);
	return -1; /* stop: only the header was wanted */
}

static int probe_row_cb(void *ctx, const struct csv_row *row,
			struct mg_error *err)
{
	(void)ctx;
	(void)row;
	(void)err;
	return -1;
}

/* The header's column names, from the first MiB; 0 when not found. */
static size_t probe_header(int fd, const char *name,
			   const struct csv_options *copts, char ***names)
{
	struct part pt;
	struct mg_error err;
	char *buf = xmalloc(HEADER_PROBE);
	ssize_t got = pread(fd, buf, HEADER_PROBE, 0);
	struct csv_reader *r;

	memset(&pt, 0, sizeof(pt));
	*names = NULL;
	if (got < 4 || ((unsigned char)buf[0] == 0x1f &&
			(unsigned char)buf[1] == 0x8b) ||
	    memcmp(buf, "PAR1", 4) == 0) {
		free(buf);
		return 0; /* gzip, Parquet (or nothing): read serially */
	}
	r = csv_reader_new(name, copts, probe_row_cb, &pt);
	csv_reader_set_header_fn(r, probe_header_cb);
	csv_reader_feed(r, buf, (size_t)got, &err);
	csv_reader_free(r);
	free(buf);
	*names = pt.probe_names;
	return pt.probe_ncols;
}

/* The start of the line after the first newline at or after `target`. */
static off_t find_split(int fd, off_t target, off_t size)
{
	char buf[65536];
	off_t off = target;

	while (off < size) {
		ssize_t got = pread(fd, buf, sizeof(buf), off);
		char *nl;
		if (got <= 0)
			return 0;
		nl = memchr(buf, '\n', (size_t)got);
		if (nl)
			return off + (nl - buf) + 1;
		off += got;
	}
	return 0;
}

/* Where the even quote parity says a record starts, after `target`: a
 * second try after a split that landed inside a quoted field. */
static off_t find_split_parity(int fd, off_t target, off_t size)
{
	char *buf = xmalloc(PART_CHUNK);
	off_t off = 0, found = 0;
	int odd = 0;

	while (off < size && !found) {
		ssize_t got = pread(fd, buf, PART_CHUNK, off);
		if (got <= 0)
			break;
		for (ssize_t i = 0; i < got; i++) {
			if (buf[i] == '"')
				odd ^= 1;
			else if (buf[i] == '\n' && !odd && off + i >= target) {
				found = off + i + 1;
				break;
			}
		}
		off += got;
	}
	free(buf);
	return found < size ? found : 0;
}

static void part_init(struct part *pt, int fd, const char *name,
		      const struct csv_options *copts, const struct prof_ctx *pc0,
		      off_t begin, off_t end)
{
	memset(pt, 0, sizeof(*pt));
	pt->fd = fd;
	pt->name = name;
	pt->copts = *copts;
	pt->begin = begin;
	pt->end = end;
	pt->pc = *pc0;
	pt->pc.p = &pt->prof;
	pt->prof.path = xstrdup(name);
	pt->r = csv_reader_new(name, &pt->copts, on_row, &pt->pc);
	csv_reader_set_header_fn(pt->r, on_header);
}

static void part_release(struct part *pt)
{
	csv_reader_free(pt->r);
	pt->r = NULL;
	profile_release(&pt->prof);
}

/* Profile [0, split) and [split, size) on two threads and merge.  Returns
 * 0 (done, *out filled), -1 (input error, err set) or 1 (the split was not
 * at a record boundary: the caller should read serially). */
static int profile_split(int fd, const char *path, const struct csv_options *copts,
			 const struct prof_ctx *pc0, off_t split, off_t size,
			 char **names, size_t ncols, struct profile *out,
			 struct mg_error *err)
{
	struct part a, b;
	pthread_t t;
	int rc = 1;

	part_init(&a, fd, path, copts, pc0, 0, split);
	part_init(&b, fd, path, copts, pc0, split, size);
	csv_reader_set_columns(b.r, ncols, 1);
	on_header(&b.pc, (const char *const *)names, ncols, NULL);
	if (pthread_create(&t, NULL, part_main, &b) != 0) {
		part_release(&a);
		part_release(&b);
		return 1;
	}
	part_main(&a);
	pthread_join(t, NULL);
	if (a.rc) { /* the first error in file order */
		*err = a.err;
		rc = -1;
	} else if (!a.at_start || csv_reader_ncolumns(a.r) != ncols) {
		rc = 1;
	} else if (b.rc) {
		*err = b.err;
		if (err->line > 0)
			err->line += (int)(a.end_line - 1);
		rc = -1;
	} else {
		*out = a.prof;
		memset(&a.prof, 0, sizeof(a.prof));
		out->rows = csv_reader_rows(a.r) + csv_reader_rows(b.r);
		out->bad_rows = csv_reader_bad_rows(a.r) + csv_reader_bad_rows(b.r);
		out->first_bad_line = csv_reader_first_bad_line(a.r);
		if (!out->first_bad_line && csv_reader_first_bad_line(b.r))
			out->first_bad_line = csv_reader_first_bad_line(b.r) +
					      a.end_line - 1;
		for (size_t i = 0; i < ncols; i++) {
			colstats_merge(&out->cols[i], &b.prof.cols[i]);
			/* free each half as soon as it is merged: the peak
			 * stays near one copy of the values */
			colstats_release(&b.prof.cols[i]);
		}
		rc = 0;
	}
	part_release(&a);
	part_release(&b);
	return rc;
}

/* --- Parquet: the two halves of the columns on two threads ----------------- */

struct pq_half {
	const char *path;
	const struct csv_options *copts;
	struct parquet_select sel;
	struct prof_ctx pc;
	struct profile prof;
	struct csv_read_stats st;
	struct mg_error err;
	int rc;
};

static void *pq_half_main(void *arg)
{
	struct pq_half *h = arg;
	h->rc = parquet_read_runs(h->path, &h->sel, h->copts, on_header, on_run,
				  &h->pc, &h->st, &h->err);
	pq_state_free(h->pc.pq);
	h->pc.pq = NULL;
	return NULL;
}

/* A Parquet file is read on two threads by halves of its row groups, each
 * into its own colstats, merged as the halves of a CSV are (exact); a
 * file of one row group by halves of its columns, each thread decoding
 * its own, and the two lists are joined -- no merging of statistics.
 * 0 done, -1 error, 1 not attempted. */
static int profile_parquet_split(const char *path, const struct csv_options *copts,
				 const struct prof_ctx *pc0, struct profile *out,
				 struct mg_error *err)
{
	struct parquet_select count = {0, 0, 0, 0, 0, 0};
	struct pq_half h[2];
	pthread_t t;
	int rc = -1, by_rows;

	if (parquet_read_columns(path, &count, copts, NULL, NULL, NULL, NULL, err))
		return -1;
	by_rows = count.total_rg >= 2;
	if (!by_rows && count.total < 2)
		return 1;
	memset(h, 0, sizeof(h));
	for (int i = 0; i < 2; i++) {
		h[i].path = path;
		h[i].copts = copts;
		h[i].sel.end = count.total;
		if (by_rows) {
			h[i].sel.rg_first = i ? count.total_rg / 2 : 0;
			h[i].sel.rg_end = i ? count.total_rg : count.total_rg / 2;
		} else {
			h[i].sel.first = i ? count.total / 2 : 0;
			h[i].sel.end = i ? count.total : count.total / 2;
		}
		h[i].pc = *pc0;
		h[i].pc.p = &h[i].prof;
		h[i].prof.path = xstrdup(path);
	}
	if (pthread_create(&t, NULL, pq_half_main, &h[1]) != 0) {
		profile_release(&h[0].prof);
		profile_release(&h[1].prof);
		return 1;
	}
	pq_half_main(&h[0]);
	pthread_join(t, NULL);
	if (h[0].rc || h[1].rc) {
		*err = h[0].rc ? h[0].err : h[1].err;
		goto out;
	}
	if (by_rows) {
		h[0].prof.rows = h[0].st.rows;
		h[1].prof.rows = h[1].st.rows;
		if (h[0].prof.ncols != h[1].prof.ncols) {
			if (profile_merge(&h[0].prof, &h[1].prof, err))
				goto out;
		} else {
			/* the same columns in the same order: merge each and free
			 * the second half's copy at once, so the peak stays near
			 * one copy of the values (as profile_split does) */
			for (size_t i = 0; i < h[0].prof.ncols; i++) {
				colstats_merge(&h[0].prof.cols[i], &h[1].prof.cols[i]);
				colstats_release(&h[1].prof.cols[i]);
			}
			h[0].prof.rows += h[1].prof.rows;
		}
		*out = h[0].prof;
		memset(&h[0].prof, 0, sizeof(h[0].prof));
		rc = 0;
		goto out;
	}
	*out = h[0].prof;
	out->ncols = h[0].prof.ncols + h[1].prof.ncols;
	out->cols = xcalloc(out->ncols ? out->ncols : 1, sizeof(struct colstats));
	memcpy(out->cols, h[0].prof.cols, h[0].prof.ncols * sizeof(struct colstats));
	memcpy(out->cols + h[0].prof.ncols, h[1].prof.cols,
	       h[1].prof.ncols * sizeof(struct colstats));
	out->rows = h[0].st.rows;
	/* the columns moved to out: free only the arrays */
	free(h[0].prof.cols);
	free(h[1].prof.cols);
	free(h[1].prof.path);
	memset(&h, 0, sizeof(h));
	rc = 0;
out:
	profile_release(&h[0].prof);
	profile_release(&h[1].prof);
	return rc;
}

/* A regular file that starts with Parquet's magic (csv_read_file would
 * hand it to data/parquet.c row by row). */
static int is_parquet_file(const char *path)
{
	return parquet_path_is_parquet(path);
}

/* 0 done, -1 error, 1 not attempted (read serially). */
static int try_parallel(const char *path, const struct csv_options *copts,
			const struct profile_options *po,
			const struct prof_ctx *pc0, struct profile *out,
			struct mg_error *err)
{
	struct stat sb;
	int fd, rc = 1;
	char **names = NULL;
	size_t ncols = 0;
	off_t split;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (po->threads == 1 || (po->threads == 0 && cpus < 2) ||
	    strcmp(path, "-") == 0 || jsonl_path(path))
		return 1;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 1; /* the serial path reports it */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size < (po->split_min ? (off_t)po->split_min : SPLIT_MIN_BYTES) ||
	    sb.st_size < 2)
		goto out;
	if (parquet_fd_is_parquet(fd)) {
		rc = profile_parquet_split(path, copts, pc0, out, err);
		goto out;
	}
	if (copts->columns_set)
		goto out; /* a CSV cut to some columns is read serially */
	ncols = probe_header(fd, path, copts, &names);
	if (!ncols)
		goto out;
	split = find_split(fd, sb.st_size / 2, sb.st_size);
	if (split > 0 && split < sb.st_size)
		rc = profile_split(fd, path, copts, pc0, split, sb.st_size,
				   names, ncols, out, err);
	if (rc == 1) {
		split = find_split_parity(fd, sb.st_size / 2, sb.st_size);
		if (split > 0 && split < sb.st_size)
			rc = profile_split(fd, path, copts, pc0, split,
					   sb.st_size, names, ncols, out, err);
	}
out:
	for (size_t i = 0; i < ncols; i++)
		free(names[i]);
	free(names);
	close(fd);
	return rc;
}

int profile_csv(const char *path, const struct csv_options *copts_in,
		const struct profile_options *po_in, struct profile *out,
		struct mg_error *err)
{
	struct profile_options po;
	struct csv_options copts;
	struct csv_read_stats st;
	struct prof_ctx pc;
	struct colstats_budget own;
	int is_stdin = strcmp(path, "-") == 0, rc;

	memset(out, 0, sizeof(*out));
	if (po_in)
		po = *po_in;
	else
		profile_options_init(&po);
	if (copts_in)
		copts = *copts_in;
	else
		csv_options_init(&copts);
	csv_options_for_path(&copts, path);
	memset(&pc, 0, sizeof(pc));
	pc.keep_values = po.keep_values;
	pc.track_text = is_stdin;
	if (!po.budget) {
		if (profile_budget_init(&own, err))
			return -1;
		po.budget = &own;
	}
	colstats_quota_init(&pc.quota, po.budget);
	if (csv_nulls_init(&pc.nl, &copts))
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "too many null values (at most %d)",
				 CSV_MAX_NULL_TOKENS);
	/* two files profiled at once (drift) already use both cores */
	if (atomic_fetch_add(&active_profiles, 1) > 0 && po.threads == 0)
		po.threads = 1;
	rc = try_parallel(path, &copts, &po, &pc, out, err);
	atomic_fetch_sub(&active_profiles, 1);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		pc.p = out;
		out->path = xstrdup(path);
		memset(&st, 0, sizeof(st));
		rc = is_parquet_file(path) ?
			     parquet_read_runs(path, NULL, &copts, on_header, on_run, &pc,
					       &st, err) :
			     csv_read_file(path, &copts, on_header, on_row, &pc, &st, err);
		pq_state_free(pc.pq);
		pc.pq = NULL;
		if (rc)
			goto fail;
		out->rows = st.rows;
		out->bad_rows = st.bad_rows;
		out->first_bad_line = st.first_bad_line;
	}
	pc.p = out;
	if (!is_stdin && complete_text(&pc, read_path, (void *)path, &copts, err))
		goto fail;
	finish_columns(out, &po);
	return 0;
fail:
	profile_release(out);
	return -1;
}

/* profile_source with the rows' reader or the column-at-a-time one. */
static int source_read(profile_source_fn read, profile_runs_fn runs, void *src,
		       const char *name, const struct csv_options *copts,
		       const struct profile_options *po, struct profile *out,
		       struct mg_error *err)
{
	struct csv_read_stats st;
	struct prof_ctx pc;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&pc, 0, sizeof(pc));
	memset(&st, 0, sizeof(st));
	pc.keep_values = po->keep_values;
	pc.p = out;
	out->path = xstrdup(name);
	if (csv_nulls_init(&pc.nl, copts)) {
		profile_release(out);
		return mg_errorf(err, MG_EXIT_USAGE, NULL, 0, 0,
				 "too many null values (at most %d)",
				 CSV_MAX_NULL_TOKENS);
	}
	if (runs) {
		struct profile_sink sink = {on_header, on_row, on_run, on_repeat, &pc};
		rc = runs(src, copts, &sink, &st, err);
		pq_state_free(pc.pq);
	} else {
		rc = read(src, copts, on_header, on_row, &pc, &st, err);
	}
	if (rc) {
		profile_release(out);
		return -1;
	}
	out->rows = st.rows;
	out->bad_rows = st.bad_rows;
	out->first_bad_line = st.first_bad_line;
	return 0;
}

int profile_source(profile_source_fn read, void *src, const char *name,
		   const struct csv_options *copts, const struct profile_options *po,
		   struct profile *out, struct mg_error *err)
{
	return source_read(read, NULL, src, name, copts, po, out, err);
}

int profile_source_runs(profile_runs_fn read, void *src, const char *name,
			const struct csv_options *copts,
			const struct profile_options *po, struct profile *out,
			struct mg_error *err)
{
	return source_read(NULL, read, src, name, copts, po, out, err);
}

int profile_source_finish(profile_source_fn read, void *src,
			  const struct csv_options *copts,
			  const struct profile_options *po, struct profile *p,
			  struct mg_error *err)
{
	struct prof_ctx pc;

	memset(&pc, 0, sizeof(pc));
	pc.p = p;
	csv_nulls_init(&pc.nl, copts); /* profile_source checked the count */
	if (complete_text(&pc, read, src, copts, err))
		return -1;
	finish_columns(p, po);
	return 0;
}

/* b's column named like a's column i (the same position first), or -1. */
static long column_in(const struct profile *b, const char *name, size_t i)
{
	if (i < b->ncols && strcmp(b->cols[i].name, name) == 0)
		return (long)i;
	for (size_t j = 0; j < b->ncols; j++)
		if (strcmp(b->cols[j].name, name) == 0)
			return (long)j;
	return -1;
}

int profile_merge(struct profile *a, const struct profile *b,
		  struct mg_error *err)
{
	long *at = xcalloc(a->ncols ? a->ncols : 1, sizeof(long));
	int rc = 0;

	for (size_t i = 0; i < a->ncols && !rc; i++)
		if ((at[i] = column_in(b, a->cols[i].name, i)) < 0)
			rc = mg_errorf(err, MG_EXIT_INPUT, b->path, 0, 0,
				       "has no column '%s' (%s has it)",
				       a->cols[i].name, a->path);
	for (size_t j = 0; j < b->ncols && !rc && a->ncols != b->ncols; j++)
		if (column_in(a, b->cols[j].name, j) < 0)
			rc = mg_errorf(err, MG_EXIT_INPUT, b->path, 0, 0,
				       "has a column '%s' that %s has not",
				       b->cols[j].name, a->path);
	if (rc) {
		free(at);
		return -1;
	}
	for (size_t i = 0; i < a->ncols; i++)
		colstats_merge(&a->cols[i], &b->cols[at[i]]);
	free(at);
	a->rows += b->rows;
	if (!a->first_bad_line)
		a->first_bad_line = b->first_bad_line;
	a->bad_rows += b->bad_rows;
	return 0;
}

/* --- JSON ----------------------------------------------------------------- */

static const double quant_q[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
static const char *const quant_key[5] = {"p05", "p25", "p50", "p75", "p95"};

/* The column's quant_q[i] quantile: from its values (one by one or
 * counted), else as loaded from a profile file. */
static double col_quantile(struct colstats *c, int i)
{
	struct qsview r;
	size_t n;
	const double *v;

	if (colstats_runs(c, &r))
		return qsview_quantile7(&r, quant_q[i]);
	v = colstats_sorted_values(c, &n);
	return v ? num_quantile7(v, n, quant_q[i]) : c->q_loaded[i];
}

/* A category value as JSON: invalid UTF-8 becomes U+FFFD (esc_json). */
struct cat_out {
	char *json; /* escaped, quotes included */
	uint64_t count;
};

static int cat_out_cmp(const void *a, const void *b)
{
	const struct cat_out *x = a, *y = b;
	return strcmp(x->json, y->json);
}

static int valid_utf8(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t k;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq_len((const unsigned char *)s + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* "categories": {value: count}.  Values that are not valid UTF-8 are
 * written with U+FFFD, so two of them can print alike: their counts are
 * then added under the one key (an object must not repeat a key). */
static void write_categories(struct jsonw *w, const struct colstats *c,
			     int sorted)
{
	size_t n = colstats_ncategories(c), m = 0;
	struct cat_out *v = xcalloc(n ? n : 1, sizeof(*v));
	int invalid = 0;

	for (size_t i = 0; i < n; i++) {
		const char *s;
		size_t len;
		struct sbuf sb = SBUF_INIT;
		colstats_category(c, i, &s, &len, &v[i].count);
		if (valid_utf8(s, len)) {
			esc_json(&sb, s, len);
		} else {
			/* replace the invalid bytes by U+FFFD itself, so that the
			 * value equals a real U+FFFD in the data when compared */
			struct sbuf clean = SBUF_INIT;
			for (size_t j = 0; j < len;) {
				size_t k = utf8_seq_len((const unsigned char *)s + j, len - j);
				if (k) {
					sbuf_add(&clean, s + j, k);
					j += k;
				} else {
					sbuf_add(&clean, "\xEF\xBF\xBD", 3);
					j++;
				}
			}
			esc_json(&sb, sbuf_str(&clean), clean.len);
			sbuf_release(&clean);
			invalid = 1;
		}
		v[i].json = sbuf_detach(&sb);
	}
	m = n;
	if (sorted && !invalid) /* a partial: the same bytes in any merge order */
		qsort(v, n, sizeof(*v), cat_out_cmp);
	if (invalid) {
		qsort(v, n, sizeof(*v), cat_out_cmp);
		m = 0;
		for (size_t i = 0; i < n; i++) {
			if (m && strcmp(v[m - 1].json, v[i].json) == 0) {
				v[m - 1].count += v[i].count;
				free(v[i].json);
				continue;
			}
			v[m++] = v[i];
		}
	}
	jw_key(w, "categories");
	jw_obj_open(w);
	for (size_t i = 0; i < m; i++) {
		/* the key is already escaped: write it raw, then the count */
		w->after_key = 0;
		jw_raw(w, v[i].json);
		sbuf_addc(w->out, ':');
		if (w->pretty)
			sbuf_addc(w->out, ' ');
		w->after_key = 1;
		jw_int(w, (long long)v[i].count);
		free(v[i].json);
	}
	jw_obj_close(w);
	free(v);
}

static void write_column_json(struct jsonw *w, struct colstats *c,
			      uint64_t rows, int partial)
{
	int approx = 0;
	int64_t distinct = colstats_distinct(c, &approx);

	jw_obj_open(w);
	jw_kstr(w, "name", c->name);
	jw_kstr(w, "type", c->type == COL_NUMBER ? "number" : "string");
	jw_kint(w, "count", (long long)c->count);
	jw_kint(w, "nulls", (long long)c->nulls);
	jw_knum(w, "null_ratio", rows ? (double)c->nulls / (double)rows : NAN);
	if (distinct >= 0)
		jw_kint(w, "distinct", distinct);
	else
		jw_knum(w, "distinct", NAN);
	if (approx)
		jw_kbool(w, "distinct_approx", 1);
	if (c->type == COL_NUMBER) {
		jw_knum(w, "min", c->nnum ? c->min : NAN);
		jw_knum(w, "max", c->nnum ? c->max : NAN);
		jw_knum(w, "mean", colstats_mean(c));
		jw_knum(w, "std", colstats_std(c));
		for (int i = 0; i < 5; i++)
			jw_knum(w, quant_key[i], col_quantile(c, i));
		jw_kint(w, "n", (long long)c->count);
		if (c->has_hist) {
			jw_key(w, "hist");
			jw_obj_open(w);
			jw_key(w, "edges");
			jw_arr_open(w);
			for (size_t i = 0; i < c->hist_nedges; i++)
				jw_num(w, c->hist_edges[i]);
			jw_arr_close(w);
			jw_key(w, "counts");
			jw_arr_open(w);
			for (size_t i = 0; i <= c->hist_nedges; i++)
				jw_int(w, (long long)c->hist_counts[i]);
			jw_arr_close(w);
			jw_obj_close(w);
		}
	} else {
		size_t idx[COLSTATS_TOP];
		size_t k = colstats_top(c, idx, COLSTATS_TOP);
		jw_key(w, "top");
		jw_arr_open(w);
		for (size_t i = 0; i < k; i++) {
			const char *s;
			size_t len;
			uint64_t cnt;
			colstats_category(c, idx[i], &s, &len, &cnt);
			jw_obj_open(w);
			jw_key(w, "value");
			jw_strn(w, s, len);
			jw_kint(w, "count", (long long)cnt);
			jw_obj_close(w);
		}
		jw_arr_close(w);
		if (c->cats_truncated)
			jw_kbool(w, "top_approx", 1);
		jw_kint(w, "n", (long long)c->count);
		write_categories(w, c, partial);
		if (c->cats_truncated)
			jw_kbool(w, "categories_truncated", 1);
	}
	if (partial)
		partial_write_column(w, c);
	jw_obj_close(w);
}

int profile_check_numbers(struct profile *p, struct mg_error *err)
{
	for (size_t i = 0; i < p->ncols; i++) {
		struct colstats *c = &p->cols[i];

		if (c->type != COL_NUMBER || c->nnum < 2)
			continue;
		if (!isfinite(colstats_std(c)))
			return mg_errorf(err, MG_EXIT_INPUT, p->path, 0, 0,
					 "column '%s': the standard deviation is beyond the largest double (%g); the column cannot be profiled",
					 c->name, DBL_MAX);
	}
	return 0;
}

void profile_write_json(struct profile *p, struct sbuf *out)
{
	struct jsonw w;

	jw_init(&w, out, 1);
	jw_obj_open(&w);
	jw_kstr(&w, "path", p->path);
	jw_kint(&w, "rows", (long long)p->rows);
	if (p->bad_rows) {
		jw_kint(&w, "bad_rows", (long long)p->bad_rows);
		jw_kint(&w, "first_bad_line", p->first_bad_line);
	}
	if (p->partial)
		partial_write_header(&w, p);
	jw_key(&w, "columns");
	jw_arr_open(&w);
	for (size_t i = 0; i < p->ncols; i++)
		write_column_json(&w, &p->cols[i], p->rows, p->partial);
	jw_arr_close(&w);
	jw_obj_close(&w);
	sbuf_addc(out, '\n');
}

/* --- text -------------------------------------------------------------------- */

static void text_num(struct sbuf *out, const char *label, double v)
{
	char buf[40];
	mg_fmt_double(buf, sizeof(buf), v);
	sbuf_addf(out, "  %s %s", label, isfinite(v) ? buf : "-");
}

void profile_write_text(struct profile *p, struct sbuf *out)
{
	sbuf_adds(out, "profile of ");
	esc_terminal(out, p->path, strlen(p->path));
	sbuf_addf(out, ": %llu rows, %zu columns", (unsigned long long)p->rows,
		  p->ncols);
	if (p->bad_rows)
		sbuf_addf(out, " (%llu bad rows skipped, the first on line %ld)",
			  (unsigned long long)p->bad_rows, p->first_bad_line);
	sbuf_addc(out, '\n');
	for (size_t i = 0; i < p->ncols; i++) {
		struct colstats *c = &p->cols[i];
		int approx = 0;
		int64_t d = colstats_distinct(c, &approx);
		sbuf_addc(out, '\n');
		esc_terminal(out, c->name, strlen(c->name));
		sbuf_addf(out, " (%s): count %llu, nulls %llu",
			  c->type == COL_NUMBER ? "number" : "string",
			  (unsigned long long)c->count,
			  (unsigned long long)c->nulls);
		if (p->rows)
			sbuf_addf(out, " (%.2f%%)",
				  100.0 * (double)c->nulls / (double)p->rows);
		if (d >= 0)
			sbuf_addf(out, ", distinct %s%lld", approx ? "~" : "",
				  (long long)d);
		sbuf_addc(out, '\n');
		if (c->type == COL_NUMBER) {
			if (!c->nnum)
				continue;
			text_num(out, "min", c->min);
			for (int k = 0; k < 5; k++)
				text_num(out, quant_key[k], col_quantile(c, k));
			text_num(out, "max", c->max);
			sbuf_addc(out, '\n');
			text_num(out, "mean", colstats_mean(c));
			text_num(out, "std", colstats_std(c));
			sbuf_addc(out, '\n');
		} else {
			size_t idx[COLSTATS_TOP];
			size_t k = colstats_top(c, idx, COLSTATS_TOP);
			if (!k)
				continue;
			sbuf_adds(out, c->cats_truncated ? "  top (approximate):" :
							   "  top:");
			for (size_t j = 0; j < k; j++) {
				const char *s;
				size_t len;
				uint64_t cnt;
				colstats_category(c, idx[j], &s, &len, &cnt);
				sbuf_adds(out, j ? ", " : " ");
				sbuf_addc(out, '\'');
				esc_terminal(out, s, len);
				sbuf_addf(out, "' %llu", (unsigned long long)cnt);
			}
			sbuf_addc(out, '\n');
		}
	}
}

/* --- loading a profile ------------------------------------------------------ */

static int get_count(const struct jval *o, const char *key, uint64_t *out)
{
	double d;
	if (jv_get_number(o, key, &d) || d < 0 || d > 9007199254740992.0 ||
	    d != floor(d))
		return -1;
	*out = (uint64_t)d;
	return 0;
}

static int load_column(const char *path, size_t i, const struct jval *o,
		       struct colstats *c, struct mg_error *err)
{
	const struct jval *name = jv_get(o, "name"), *type = jv_get(o, "type");
	const char *tn;
	uint64_t count, nulls;
	double d;

	if (jv_type(o) != J_OBJECT)
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "column %zu is not an object", i + 1);
	if (!name || jv_type(name) != J_STRING)
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "column %zu has no 'name'", i + 1);
	colstats_init(c, jv_string(name), 0, 0);
	if (!type || jv_type(type) != J_STRING ||
	    (strcmp((tn = jv_string(type)), "number") != 0 &&
	     strcmp(tn, "string") != 0))
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "column '%s': 'type' must be \"number\" or \"string\"",
				 c->name);
	if (get_count(o, "count", &count) || get_count(o, "nulls", &nulls))
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "column '%s': 'count' and 'nulls' must be non-negative integers",
				 c->name);
	c->count = count;
	c->nulls = nulls;
	if (jv_get_number(o, "distinct", &d) == 0 && d >= 0) {
		const struct jval *a = jv_get(o, "distinct_approx");
		c->distinct_loaded = (int64_t)d;
		c->distinct_loaded_approx = a && jv_type(a) == J_BOOL && jv_bool(a);
	}
	if (strcmp(tn, "number") == 0) {
		const struct jval *h = jv_get(o, "hist"), *e, *k;
		uint64_t sum = 0;
		c->type = COL_NUMBER;
		c->nnum = count;
		if (count) {
			double sd;
			if (jv_get_number(o, "min", &c->min) ||
			    jv_get_number(o, "max", &c->max) ||
			    jv_get_number(o, "mean", &c->mean))
				return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
						 "column '%s': 'min', 'max' and 'mean' must be finite numbers",
						 c->name);
			if (count >= 2) {
				if (jv_get_number(o, "std", &sd) || sd < 0)
					return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
							 "column '%s': 'std' must be a finite number",
							 c->name);
				colstats_set_std(c, sd);
			}
		}
		for (int q = 0; q < 5; q++)
			if (jv_get_number(o, quant_key[q], &c->q_loaded[q]))
				c->q_loaded[q] = NAN;
		e = h ? jv_get(h, "edges") : NULL;
		k = h ? jv_get(h, "counts") : NULL;
		if (!h || jv_type(h) != J_OBJECT || !e || jv_type(e) != J_ARRAY ||
		    !k || jv_type(k) != J_ARRAY || jv_size(k) != jv_size(e) + 1)
			return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					 "column '%s': 'hist' must hold 'edges' and one more 'counts'",
					 c->name);
		c->hist_nedges = jv_size(e);
		c->hist_edges = xmalloc((c->hist_nedges + 1) * sizeof(double));
		c->hist_counts = xcalloc(c->hist_nedges + 1, sizeof(uint64_t));
		for (size_t j = 0; j < c->hist_nedges; j++) {
			const struct jval *x = jv_at(e, j);
			if (jv_type(x) != J_NUMBER || !isfinite(jv_number(x)) ||
			    (j && !(jv_number(x) > c->hist_edges[j - 1])))
				return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
						 "column '%s': hist edges must be finite and increasing",
						 c->name);
			c->hist_edges[j] = jv_number(x);
		}
		for (size_t j = 0; j <= c->hist_nedges; j++) {
			const struct jval *x = jv_at(k, j);
			double cv = jv_type(x) == J_NUMBER ? jv_number(x) : -1;
			if (cv < 0 || cv != floor(cv) || cv > 9007199254740992.0)
				return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
						 "column '%s': hist counts must be non-negative integers",
						 c->name);
			c->hist_counts[j] = (uint64_t)cv;
			sum += c->hist_counts[j];
		}
		if (sum != count)
			return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					 "column '%s': hist counts add up to %llu, not the count %llu",
					 c->name, (unsigned long long)sum,
					 (unsigned long long)count);
		c->has_hist = 1;
	} else {
		const struct jval *cats = jv_get(o, "categories");
		const struct jval *tr = jv_get(o, "categories_truncated");
		uint64_t sum = 0;
		c->type = COL_STRING;
		if (!cats || jv_type(cats) != J_OBJECT)
			return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					 "column '%s': 'categories' must be an object",
					 c->name);
		for (const struct jval *m = jv_at(cats, 0); m; m = jv_next(m)) {
			double cv = jv_type(m) == J_NUMBER ? jv_number(m) : -1;
			const char *key = jv_key(m);
			if (cv < 1 || cv != floor(cv) || cv > 9007199254740992.0)
				return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
						 "column '%s': category counts must be positive integers",
						 c->name);
			colstats_add_category(c, key, strlen(key), (uint64_t)cv);
			sum += (uint64_t)cv;
		}
		c->cats_truncated = tr && jv_type(tr) == J_BOOL && jv_bool(tr);
		if (c->cats_truncated ? sum > count : sum != count)
			return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					 "column '%s': categories add up to %llu, not the count %llu",
					 c->name, (unsigned long long)sum,
					 (unsigned long long)count);
	}
	return 0;
}

int profile_load_json(const char *path, struct profile *out,
		      struct mg_error *err)
{
	size_t len;
	char *text;
	struct jval *doc = NULL;
	const struct jval *cols, *pth;
	uint64_t rows;

	memset(out, 0, sizeof(*out));
	text = mg_read_file(path, (size_t)1 << 30, &len, err);
	if (!text)
		return -1;
	doc = jv_parse(text, len, path, MG_EXIT_INPUT, err);
	free(text);
	if (!doc)
		return -1;
	out->path = xstrdup(path);
	out->frozen = 1;
	cols = jv_get(doc, "columns");
	if (jv_type(doc) != J_OBJECT || !cols || jv_type(cols) != J_ARRAY ||
	    get_count(doc, "rows", &rows)) {
		mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
			  "not a profile: expected an object with 'rows' and 'columns' (from mlgate profile --format json)");
		goto fail;
	}
	pth = jv_get(doc, "path");
	if (pth && jv_type(pth) == J_STRING) {
		free(out->path);
		out->path = xstrdup(jv_string(pth));
	}
	out->rows = rows;
	if (partial_load_header(path, doc, out, err))
		goto fail;
	out->ncols = jv_size(cols);
	out->cols = xcalloc(out->ncols ? out->ncols : 1, sizeof(struct colstats));
	for (size_t i = 0; i < out->ncols; i++) {
		struct colstats *c = &out->cols[i];
		if (load_column(path, i, jv_at(cols, i), c, err) ||
		    (out->partial &&
		     partial_load_column(path, jv_at(cols, i), c, err)))
			goto fail;
		if (c->count + c->nulls != rows) {
			mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				  "column '%s': count + nulls is not the row count",
				  c->name);
			goto fail;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(out->cols[j].name, c->name) == 0) {
				mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					  "duplicate column name '%s'", c->name);
				goto fail;
			}
	}
	jv_free(doc);
	return 0;
fail:
	jv_free(doc);
	profile_release(out);
	return -1;
}
