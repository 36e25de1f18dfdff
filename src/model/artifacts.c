/* artifacts: size gates on model files and directories. */
#define _POSIX_C_SOURCE 200809L
#include "model/artifacts.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/jsonw.h"
#include "core/section.h"

/* MB is 10^6 bytes, as SPEC writes sizes and as `du --si`, `ls --si` and
 * most registries show them. */
#define BYTES_PER_MB 1e6

struct artifact_rule {
	char *path;     /* as written: used in the gate id */
	char *resolved; /* relative to the policy */
	struct bound min, max; /* in MB */
	enum gate_severity severity;
	int line, col;
};

struct artifacts_policy {
	struct artifact_rule *v;
	size_t n;
};

/* ----- measuring ----- */

struct inode_id {
	dev_t dev;
	ino_t ino;
};

/* A set of (device, inode) pairs: open addressing with linear probing,
 * kept at most half full, so a lookup or insertion is O(1) expected and a
 * walk of n files is O(n) (it was a list scanned per file: O(n^2), 4 s
 * for 150,000 files). */
struct inode_set {
	struct inode_id *slot; /* cap entries; an empty slot has used[i] 0 */
	unsigned char *used;
	size_t n, cap;         /* cap a power of two, or 0 */
};

static size_t inode_hash(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9e3779b97f4a7c15ULL ^ (uint64_t)dev;

	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return (size_t)h;
}

static void inode_set_grow(struct inode_set *s)
{
	struct inode_set big;

	big.cap = s->cap ? s->cap * 2 : 64;
	big.n = 0;
	big.slot = xcalloc(big.cap, sizeof(*big.slot));
	big.used = xcalloc(big.cap, 1);
	for (size_t i = 0; i < s->cap; i++) {
		if (s->used[i]) {
			size_t j = inode_hash(s->slot[i].dev, s->slot[i].ino) & (big.cap - 1);
			while (big.used[j])
				j = (j + 1) & (big.cap - 1);
			big.slot[j] = s->slot[i];
			big.used[j] = 1;
			big.n++;
		}
	}
	free(s->slot);
	free(s->used);
	*s = big;
}

/* Add (dev, ino): 1 when it was new, 0 when it was there already. */
static int inode_set_add(struct inode_set *s, dev_t dev, ino_t ino)
{
	size_t j;

	if (2 * (s->n + 1) > s->cap)
		inode_set_grow(s);
	j = inode_hash(dev, ino) & (s->cap - 1);
	for (; s->used[j]; j = (j + 1) & (s->cap - 1))
		if (s->slot[j].dev == dev && s->slot[j].ino == ino)
			return 0;
	s->slot[j].dev = dev;
	s->slot[j].ino = ino;
	s->used[j] = 1;
	s->n++;
	return 1;
}

static void inode_set_release(struct inode_set *s)
{
	free(s->slot);
	free(s->used);
	memset(s, 0, sizeof(*s));
}

struct walk {
	struct artifact_size *out;
	struct inode_set files; /* regular files counted, to count each once */
	struct inode_set seen;  /* directories walked */
	struct inode_id stack[ARTIFACT_MAX_DEPTH + 1]; /* the current ancestry */
	size_t depth;
	struct mg_error *err;
};

static int same(const struct inode_id *a, dev_t dev, ino_t ino)
{
	return a->dev == dev && a->ino == ino;
}

/* Is (dev, ino) among the at most ARTIFACT_MAX_DEPTH ancestors? */
static int find_id(const struct inode_id *v, size_t n, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < n; i++)
		if (same(&v[i], dev, ino))
			return 1;
	return 0;
}

static int stat_error(struct walk *w, const char *path, int e, int is_link)
{
	if (e == ELOOP)
		return mg_errorf(w->err, MG_EXIT_INPUT, path, 0, 0,
				 "symlink loop: '%s' cannot be resolved", path);
	if (e == ENOENT && is_link)
		return mg_errorf(w->err, MG_EXIT_INPUT, path, 0, 0,
				 "dangling symlink '%s'", path);
	if (e == ENOENT)
		return mg_errorf(w->err, MG_EXIT_INPUT, path, 0, 0,
				 "artifact '%s' does not exist", path);
	return mg_errorf(w->err, MG_EXIT_INPUT, path, 0, 0, "cannot read '%s': %s",
			 path, strerror(e));
}

static int walk_dir(struct walk *w, const char *path, const struct stat *st);

static int visit(struct walk *w, const char *path, int top)
{
	struct stat lst, st;
	int is_link = 0;

	if (!top) {
		if (lstat(path, &lst) < 0)
			return stat_error(w, path, errno, 0);
		is_link = S_ISLNK(lst.st_mode);
	}
	if (top || is_link) {
		if (stat(path, &st) < 0) {
			int e = errno;
			if (top)
				is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
			return stat_error(w, path, e, is_link);
		}
	} else {
		st = lst;
	}
	if (S_ISREG(st.st_mode)) {
		if (!inode_set_add(&w->files, st.st_dev, st.st_ino))
			return 0;
		w->out->bytes += (uint64_t)st.st_size;
		w->out->files++;
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (top)
			w->out->is_dir = 1;
		return walk_dir(w, path, &st);
	}
	return 0; /* sockets, pipes, devices hold no model bytes */
}

static int walk_dir(struct walk *w, const char *path, const struct stat *st)
{
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (find_id(w->stack, w->depth, st->st_dev, st->st_ino))
		return mg_errorf(w->err, MG_EXIT_INPUT, path, 0, 0,
				 "symlink loop: '%s' leads back to a directory above it",
				 path);
	if (!inode_set_add(&w->seen, st->st_dev, st->st_ino))
		return 0; /* reached twice through links: already counted */
	if (w->depth >= ARTIFACT_MAX_DEPTH)
		return mg_errorf(w->err, MG_EXIT_INPUT, path, 0, 0,
				 "'%s' is nested more than %d directories deep",
				 path, ARTIFACT_MAX_DEPTH);
	d = opendir(path);
	if (!d)
		return stat_error(w, path, errno, 0);
	w->stack[w->depth].dev = st->st_dev;
	w->stack[w->depth++].ino = st->st_ino;
	w->out->dirs++;
	errno = 0;
	while (rc == 0 && (de = readdir(d))) {
		char *child;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		child = xasprintf("%s/%s", path, de->d_name);
		rc = visit(w, child, 0);
		free(child);
		errno = 0;
	}
	if (rc == 0 && errno)
		rc = stat_error(w, path, errno, 0);
	w->depth--;
	closedir(d);
	return rc;
}

int artifact_measure(const char *path, struct artifact_size *out,
		     struct mg_error *err)
{
	struct walk w;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.out = out;
	w.err = err;
	rc = visit(&w, path, 1);
	inode_set_release(&w.files);
	inode_set_release(&w.seen);
	return rc;
}

/* ----- policy ----- */

static void rule_release(struct artifact_rule *r)
{
	free(r->path);
	free(r->resolved);
}

/* The size in MB: `size_mb: {min|gt|max|lt, warn}`, or the scalars
 * `max_size_mb`/`min_size_mb` (with `warn: {max_size_mb: ...}` beside). */
static int parse_sizes(struct pol_ctx *c, const struct ynode *e,
		       const char *path, struct artifact_rule *r)
{
	static const struct pol_bounds range = {"min", "gt", "max", "lt", 0,
						INFINITY};
	static const struct pol_bounds scalars = {"min_size_mb", NULL,
						  "max_size_mb", NULL, 0,
						  INFINITY};
	char *where;
	int rc;

	if (ynode_get(e, "size_mb")) {
		const struct ynode *old = ynode_get(e, "max_size_mb");

		if (!old)
			old = ynode_get(e, "min_size_mb");
		if (!old)
			old = ynode_get(e, "warn");
		if (old)
			return pol_err(c, old,
				       "artifact '%s': 'size_mb' holds every size bound; '%s' cannot stand beside it",
				       path ? path : "", ynode_get(e, "warn") == old ?
				       "warn" : old == ynode_get(e, "max_size_mb") ?
				       "max_size_mb" : "min_size_mb");
		return pol_get_range(c, e, "size_mb", &range, &r->min, &r->max);
	}
	where = xasprintf("artifact '%s'", path ? path : "");
	rc = pol_get_bounds(c, e, &scalars, where, &r->min, &r->max);
	free(where);
	/* reported as "max" and "min", as before size_mb */
	r->min.key = r->max.key = r->min.warn_key = r->max.warn_key = NULL;
	return rc;
}

/* The last part of a size gate's id: `size` for max (as before strict
 * bounds), `min_size` for min, `size.lt` and `size.gt` for strict ones. */
static const char *size_suffix(const struct bound *b)
{
	const char *k = bound_name(b);

	if (strcmp(k, "lt") == 0)
		return "size.lt";
	if (strcmp(k, "gt") == 0)
		return "size.gt";
	return strstr(k, "max") ? "size" : "min_size";
}

static int artifacts_parse(struct pol_ctx *c, const struct ynode *n,
			   void **out, size_t *ngates)
{
	static const char *const keys[] = {"path", "size_mb", "max_size_mb",
					   "min_size_mb", "warn", "severity",
					   NULL};
	struct artifacts_policy *ap;
	int rc = 0;

	if (pol_expect(c, n, Y_SEQ, "'artifacts'") < 0)
		return -1;
	ap = xcalloc(1, sizeof(*ap));
	ap->v = xcalloc(n->n ? n->n : 1, sizeof(*ap->v));
	*out = ap;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *e = n->items[i];
		struct artifact_rule r;
		const char *path = NULL;
		int bad = 0;

		memset(&r, 0, sizeof(r));
		if (pol_expect(c, e, Y_MAP, "an artifact entry") < 0) {
			rc = -1;
			continue;
		}
		if (pol_check_keys(c, e, keys, "an artifact entry"))
			bad = 1;
		if (pol_get_string(c, e, "path", &path) < 0)
			bad = 1;
		else if (!path)
			bad = pol_err(c, e, "artifact entry needs 'path'");
		else if (!path[0])
			bad = pol_err(c, ynode_get(e, "path"), "'path' is empty");
		if (pol_get_severity(c, e, &r.severity) < 0 ||
		    parse_sizes(c, e, path, &r) < 0)
			bad = 1;
		if (!bad && !bound_is_set(&r.max) && !bound_is_set(&r.min))
			bad = pol_err(c, e, "artifact '%s' needs 'size_mb' (or 'max_size_mb', 'min_size_mb')",
				      path);
		for (size_t j = 0; !bad && j < ap->n; j++)
			if (strcmp(ap->v[j].path, path) == 0)
				bad = pol_err(c, e,
					      "artifact '%s' is listed twice (also at line %d)",
					      path, ap->v[j].line);
		if (bad) {
			rc = -1;
			continue;
		}
		r.path = xstrdup(path);
		r.resolved = pol_path(c, path);
		r.line = e->line;
		r.col = e->col;
		*ngates += (size_t)(bound_is_set(&r.max) + bound_is_set(&r.min));
		ap->v[ap->n++] = r;
	}
	return rc;
}

static void artifacts_free(void *sec)
{
	struct artifacts_policy *ap = sec;

	if (!ap)
		return;
	for (size_t i = 0; i < ap->n; i++)
		rule_release(&ap->v[i]);
	free(ap->v);
	free(ap);
}

static char *size_details(const struct artifact_rule *r,
			  const struct artifact_size *s, double threshold_mb)
{
	struct sbuf sb = SBUF_INIT;
	struct jsonw w;

	jw_init(&w, &sb, 0);
	jw_obj_open(&w);
	jw_kstr(&w, "path", r->resolved);
	jw_kstr(&w, "type", s->is_dir ? "directory" : "file");
	jw_kint(&w, "bytes", (long long)s->bytes);
	jw_kint(&w, "files", (long long)s->files);
	jw_knum(&w, "threshold_bytes", threshold_mb * BYTES_PER_MB);
	jw_kstr(&w, "unit", "MB = 10^6 bytes");
	jw_obj_close(&w);
	return sbuf_detach(&sb);
}

static void one_gate(struct gate_list *gates, const struct artifact_rule *r,
		     int is_max, int ok, const struct artifact_size *s,
		     const struct mg_error *e)
{
	const struct bound *b = is_max ? &r->max : &r->min;
	char *id = xasprintf("artifact.%s.%s", r->path, size_suffix(b));
	struct gate_result *g = gates_add(gates, id, "artifact_size");
	double mb;
	char vb[40], files[48] = "", *lhs;

	free(id);
	gate_set_str(&g->target, r->path);
	g->severity = r->severity;
	g->line = b->line;
	gate_set_bound(g, b);
	if (!ok) {
		gate_error(g, "%s", e->msg);
		return;
	}
	mb = (double)s->bytes / BYTES_PER_MB;
	snprintf(vb, sizeof(vb), "%.6g", mb);
	if (s->is_dir)
		snprintf(files, sizeof(files), " in %llu files",
			 (unsigned long long)s->files);
	lhs = xasprintf("%s = %s MB (%llu bytes%s)", r->path, vb,
			(unsigned long long)s->bytes, files);
	gate_judge_describe(g, b, mb, lhs, " MB", "");
	g->details = size_details(r, s, g->threshold);
	free(lhs);
}

static int artifacts_evaluate(const void *sec, const struct eval_ctx *ctx,
			      struct gate_list *gates, struct mg_error *err)
{
	const struct artifacts_policy *ap = sec;

	(void)ctx;
	(void)err;
	for (size_t i = 0; i < ap->n; i++) {
		const struct artifact_rule *r = &ap->v[i];
		struct artifact_size s;
		struct mg_error e;
		int ok;

		memset(&e, 0, sizeof(e));
		ok = artifact_measure(r->resolved, &s, &e) == 0;
		if (bound_is_set(&r->max))
			one_gate(gates, r, 1, ok, &s, &e);
		if (bound_is_set(&r->min))
			one_gate(gates, r, 0, ok, &s, &e);
	}
	return 0;
}

const struct section_ops artifacts_section = {
	.key = "artifacts",
	.parse = artifacts_parse,
	.evaluate = artifacts_evaluate,
	.free = artifacts_free,
};
