/* data_recheck: the exact second pass of `unique` and `allowed` past the
 * category cap. */
#define _POSIX_C_SOURCE 200809L
#include "data/data_recheck.h"

#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "common/trust.h"
#include "data/colstats.h"
#include "data/fileset.h"

void data_recheck_show_value(struct jsonw *w, size_t *shown, const char *p,
			     size_t len, uint64_t count)
{
	size_t shown_len;

	if ((*shown)++ >= DATA_RECHECK_SHOW_VALUES)
		return;
	shown_len = trust_echo_len(p, len, TRUST_ECHO_MAX);

	jw_obj_open(w);
	jw_key(w, "value");
	jw_strn(w, p, shown_len);
	if (shown_len < len) /* a value from the data is echoed bounded */
		jw_kint(w, "bytes_cut", (long long)(len - shown_len));
	if (count)
		jw_kint(w, "count", (long long)count);
	jw_obj_close(w);
}

/* A set of byte strings (open addressing, FNV-1a; the text lives in one
 * arena, length-prefixed), for exact uniqueness of any number of values. */
struct strset {
	uint64_t *hash; /* 0 = empty slot */
	size_t *off;
	size_t cap, n;
	char *arena;
	size_t alen, acap;
};

static int strset_add(struct strset *s, const char *p, size_t n);

static void strset_grow(struct strset *s)
{
	struct strset old = *s;

	s->cap = old.cap ? old.cap * 2 : 1024;
	s->hash = xcalloc(s->cap, sizeof(*s->hash));
	s->off = xcalloc(s->cap, sizeof(*s->off));
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++) {
		size_t at, j;
		if (!old.hash[i])
			continue;
		for (j = old.hash[i] & (s->cap - 1); s->hash[j]; j = (j + 1) & (s->cap - 1))
			;
		at = j;
		s->hash[at] = old.hash[i];
		s->off[at] = old.off[i];
		s->n++;
	}
	free(old.hash);
	free(old.off);
}

/* 1 when p[0..n) was new, 0 when it was there already. */
static int strset_add(struct strset *s, const char *p, size_t n)
{
	uint64_t h = hash_fnv1a(p, n) | 1; /* 0 marks an empty slot */
	size_t j;

	if ((s->n + 1) * 4 > s->cap * 3)
		strset_grow(s);
	for (j = h & (s->cap - 1); s->hash[j]; j = (j + 1) & (s->cap - 1)) {
		size_t len;
		if (s->hash[j] != h)
			continue;
		memcpy(&len, s->arena + s->off[j], sizeof(len));
		if (len == n && memcmp(s->arena + s->off[j] + sizeof(len), p, n) == 0)
			return 0;
	}
	s->arena = xgrow(s->arena, &s->acap, s->alen + sizeof(n) + n, 1);
	memcpy(s->arena + s->alen, &n, sizeof(n));
	memcpy(s->arena + s->alen + sizeof(n), p, n);
	s->hash[j] = h;
	s->off[j] = s->alen;
	s->alen += sizeof(n) + n;
	s->n++;
	return 1;
}

static void strset_release(struct strset *s)
{
	free(s->hash);
	free(s->off);
	free(s->arena);
	memset(s, 0, sizeof(*s));
}

struct recheck {
	const struct col_rule *r;
	struct csv_nulls nl;
	size_t col;           /* index of the column in the header */
	int found;
	struct strset seen;   /* unique */
	double dups, bad;     /* repeated cells, cells not allowed */
	struct jsonw w;       /* details: the first values found */
	struct sbuf sb;
	size_t shown;
};

static int recheck_header(void *ctx, const char *const *names, size_t n,
			  struct mg_error *err)
{
	struct recheck *k = ctx;

	(void)err;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], k->r->name) == 0) {
			k->col = i;
			k->found = 1;
		}
	return 0;
}

static int recheck_row(void *ctx, const struct csv_row *row,
		       struct mg_error *err)
{
	struct recheck *k = ctx;
	const struct csv_cell *c;

	(void)err;
	if (!k->found || k->col >= row->n)
		return 0;
	c = &row->cells[k->col];
	if (csv_is_null(&k->nl, c->p, c->n))
		return 0;
	if (k->r->unique) {
		if (!strset_add(&k->seen, c->p, c->n)) {
			k->dups += 1;
			data_recheck_show_value(&k->w, &k->shown, c->p, c->n, 0);
		}
		return 0;
	}
	for (size_t i = 0; i < k->r->nallowed; i++)
		if (strlen(k->r->allowed[i]) == c->n &&
		    memcmp(k->r->allowed[i], c->p, c->n) == 0)
			return 0;
	k->bad += 1;
	data_recheck_show_value(&k->w, &k->shown, c->p, c->n, 0);
	return 0;
}

/* Count repeated (unique) or disallowed (allowed) cells of a string column
 * exactly by reading the file again; the category counts stop at the cap.
 * Judges g.  Standard input cannot be read twice: an error. */
void data_recheck_strings(struct gate_result *g, const struct dataset *ds,
			  const struct col_rule *r,
			  const struct csv_options *opts, int unique)
{
	struct col_rule one = *r;
	struct recheck k;
	struct fileset fs;
	struct mg_error err;
	char ebuf[1200];

	if (strcmp(ds->path, "-") == 0) {
		gate_error(g, "'%s' has more than %d distinct values: checking '%s' exactly needs a second pass, and standard input cannot be read twice",
			   r->name, COLSTATS_DISTINCT_CAP, unique ? "unique" : "allowed");
		return;
	}
	memset(&k, 0, sizeof(k));
	one.unique = unique;
	k.r = &one;
	csv_nulls_init(&k.nl, opts);
	jw_init(&k.w, &k.sb, 0);
	jw_obj_open(&k.w);
	jw_key(&k.w, unique ? "duplicated" : "not_allowed");
	jw_arr_open(&k.w);
	if (fileset_expand(ds->path, 1, &fs, &err) < 0 ||
	    fileset_read(&fs, opts, recheck_header, recheck_row, &k, NULL, &err) < 0) {
		mg_error_format(&err, ebuf, sizeof(ebuf));
		gate_error(g, "cannot read data again: %s", ebuf);
	} else {
		double v = unique ? k.dups : k.bad;

		g->value = v;
		gate_verdict(g, v == 0);
		if (unique && v == 0)
			gate_message(g, "the %zu values of '%s' are unique", k.seen.n,
				     r->name);
		else if (unique)
			gate_message(g, "%.0f duplicate value%s in '%s'", v,
				     v == 1 ? "" : "s", r->name);
		else
			gate_message(g, "%.0f value%s of '%s' not allowed", v,
				     v == 1 ? "" : "s", r->name);
	}
	jw_arr_close(&k.w);
	jw_kbool(&k.w, "second_pass", 1);
	jw_obj_close(&k.w);
	free(g->details);
	g->details = sbuf_detach(&k.sb);
	strset_release(&k.seen);
	fileset_release(&fs);
}
