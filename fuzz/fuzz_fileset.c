/* fuzz target: datasets of many files (data/fileset.c) -- glob expansion
 * with * ? [...] and **, folder walks, hidden and _ names, symlinks, Hive
 * key=value folders with %XX decoding, and reading the files as one table.
 * Input: the pattern on the first line, then one entry a line, each built
 * under a fresh temporary folder (removed afterwards): "NAME/" a folder,
 * "NAME -> TARGET" a symlink, "NAME" a file, "NAME\tTEXT" a file holding
 * TEXT ('|' stands for a newline; the default is a two-column CSV).  Names
 * with ".." or a leading '/' are skipped, so nothing is made outside it.
 * Invariants: an expansion either fails as an input error with a message,
 * or gives at least one path, sorted and unique, each a regular file inside
 * the folder; the partition keys are those of the first file's key=value
 * folders, decoded here independently, the same in every file, with each
 * file's own values; reading the table gives the file's columns then the
 * keys, and the key cells hold the file's values. */
#define _XOPEN_SOURCE 700
#include "fuzz.h"

#include <ftw.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/fileset.h"

#define MAX_ENTRIES 32
#define MAX_NAME 200

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* A relative path without "..", "." or empty segments. */
static int safe_name(const char *s)
{
	const char *seg = s;

	if (!*s || *s == '/' || strlen(s) > MAX_NAME)
		return 0;
	for (;;) {
		const char *slash = strchr(seg, '/');
		size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
		if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (n == 0 && slash)
			return 0;
		if (!slash)
			return 1;
		seg = slash + 1;
	}
}

static void mkdirs(const char *root, const char *rel, int last_too)
{
	char path[1024];
	size_t rl = strlen(root);

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + rl + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	}
	if (last_too)
		mkdir(path, 0755);
}

static void make_entry(const char *root, char *line)
{
	char path[1024], *arrow = strstr(line, " -> "), *tab = strchr(line, '\t');
	size_t n = strlen(line);

	if (arrow) {
		*arrow = '\0';
		if (!safe_name(line) || !safe_name(arrow + 4))
			return;
		mkdirs(root, line, 0);
		snprintf(path, sizeof(path), "%s/%s", root, line);
		if (symlink(arrow + 4, path) != 0)
			return;
		return;
	}
	if (tab)
		*tab = '\0';
	if (!tab && n > 1 && line[n - 1] == '/') {
		line[n - 1] = '\0';
		if (safe_name(line))
			mkdirs(root, line, 1);
		return;
	}
	if (!safe_name(line))
		return;
	mkdirs(root, line, 0);
	snprintf(path, sizeof(path), "%s/%s", root, line);
	{
		FILE *f = fopen(path, "wx");
		if (!f)
			return;
		if (tab) {
			for (char *p = tab + 1; *p; p++)
				fputc(*p == '|' ? '\n' : *p, f);
		} else {
			fputs("a,b\n1,x\n2,y\n", f);
		}
		fclose(f);
	}
}

static int hexv(char c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* %XX decoding, written apart from fileset.c's (out has n + 1 bytes). */
static void decode(const char *s, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexv(s[i + 1]) >= 0 && hexv(s[i + 2]) >= 0) {
			out[o++] = (char)(hexv(s[i + 1]) * 16 + hexv(s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

/* The key=value folders of path below `base` agree with fs's keys and the
 * values of file i. */
static void check_hive(const struct fileset *fs, size_t i, size_t base_len)
{
	const char *seg = fs->paths[i] + base_len, *slash;
	size_t k = 0;
	char key[MAX_NAME + 1], val[MAX_NAME + 1];

	while (*seg == '/')
		seg++;
	while ((slash = strchr(seg, '/')) != NULL) {
		const char *eq = memchr(seg, '=', (size_t)(slash - seg));
		if (eq && eq > seg) {
			const char *v;
			FUZZ_ASSERT(k < fs->nkeys);
			decode(seg, (size_t)(eq - seg), key);
			decode(eq + 1, (size_t)(slash - eq - 1), val);
			FUZZ_ASSERT(strcmp(key, fs->keys[k]) == 0);
			v = fs->values[i * fs->nkeys + k];
			if (strcmp(val, FILESET_HIVE_NULL) == 0)
				FUZZ_ASSERT(v == NULL);
			else
				FUZZ_ASSERT(v && strcmp(v, val) == 0);
			k++;
		}
		seg = slash + 1;
	}
	FUZZ_ASSERT(k == fs->nkeys);
}

/* Where the key=value folders start: a folder given is the base; in a
 * glob, the folder before the first segment with a wildcard (or **). */
static size_t base_len(const char *spec)
{
	struct stat sb;
	const char *seg = spec, *slash, *cut = NULL;

	if (stat(spec, &sb) == 0 && S_ISDIR(sb.st_mode))
		return strlen(spec);
	for (;;) {
		slash = strchr(seg, '/');
		size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
		if (memchr(seg, '*', n) || memchr(seg, '?', n) || memchr(seg, '[', n))
			break;
		if (!slash)
			return strlen(spec);
		cut = slash;
		seg = slash + 1;
	}
	return cut ? (size_t)(cut - spec) : 0;
}

struct table_check {
	const struct fileset *fs;
	size_t ncols;
	int got_header;
	unsigned long rows;
};

static int on_header(void *ctx, const char *const *names, size_t n, struct mg_error *err)
{
	struct table_check *t = ctx;
	(void)err;
	FUZZ_ASSERT(!t->got_header);
	FUZZ_ASSERT(n >= t->fs->nkeys);
	for (size_t j = 0; j < t->fs->nkeys; j++)
		FUZZ_ASSERT(strcmp(names[n - t->fs->nkeys + j], t->fs->keys[j]) == 0);
	t->got_header = 1;
	t->ncols = n;
	return 0;
}

static int on_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct table_check *t = ctx;
	(void)err;
	FUZZ_ASSERT(t->got_header);
	FUZZ_ASSERT(row->n == t->ncols);
	/* the key cells are one of the files' values */
	for (size_t j = 0; j < t->fs->nkeys; j++) {
		const struct csv_cell *c = &row->cells[row->n - t->fs->nkeys + j];
		int found = 0;
		for (size_t i = 0; i < t->fs->n && !found; i++) {
			const char *v = t->fs->values[i * t->fs->nkeys + j];
			found = v ? c->p && c->n == strlen(v) && memcmp(c->p, v, c->n) == 0 :
				    c->p == NULL;
		}
		FUZZ_ASSERT(found);
	}
	t->rows++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char root[512], spec[1024], *text, *line, *next;
	const char *tmp = getenv("TMPDIR");
	struct fileset fs;
	struct mg_error err;
	size_t entries = 0, rl;
	int rc;

	if (size > 8192 || memchr(data, 0, size))
		return 0;
	text = malloc(size + 1);
	FUZZ_ASSERT(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	next = strchr(text, '\n');
	if (next)
		*next++ = '\0';
	/* the pattern: relative to the folder, no ".." */
	snprintf(root, sizeof(root), "%s/mlgate-fuzz-fileset.XXXXXX",
		 tmp && tmp[0] && strlen(tmp) < 256 ? tmp : "/tmp");
	if (strstr(text, "..") || text[0] == '/' || strlen(text) > MAX_NAME ||
	    !mkdtemp(root)) {
		free(text);
		return 0;
	}
	rl = strlen(root);
	for (line = next; line && entries < MAX_ENTRIES; line = next, entries++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		make_entry(root, line);
	}
	snprintf(spec, sizeof(spec), "%s%s%s", root, text[0] ? "/" : "", text);
	memset(&err, 0, sizeof(err));
	rc = fileset_expand(spec, 0, &fs, &err);
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc) {
		FUZZ_ASSERT(err.code == MG_EXIT_INPUT && err.msg[0]);
	} else {
		struct table_check t;
		struct sbuf d = SBUF_INIT;

		FUZZ_ASSERT(fs.n >= 1 && fs.paths);
		for (size_t i = 0; fs.multi && i < fs.n; i++) {
			struct stat sb;
			FUZZ_ASSERT(strncmp(fs.paths[i], root, rl) == 0 && fs.paths[i][rl] == '/');
			FUZZ_ASSERT(stat(fs.paths[i], &sb) == 0 && S_ISREG(sb.st_mode));
			FUZZ_ASSERT(i == 0 || strcmp(fs.paths[i - 1], fs.paths[i]) < 0);
		}
		for (size_t i = 0; fs.multi && i < fs.n; i++)
			check_hive(&fs, i, base_len(spec));
		fileset_describe(&fs, 5, &d);
		FUZZ_ASSERT(!fs.multi || d.len > 0);
		sbuf_release(&d);
		memset(&t, 0, sizeof(t));
		t.fs = &fs;
		memset(&err, 0, sizeof(err));
		if (fileset_read(&fs, NULL, on_header, on_row, &t, NULL, &err))
			FUZZ_ASSERT(err.code == MG_EXIT_INPUT && err.msg[0]);
	}
	fileset_release(&fs);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(text);
	return 0;
}
