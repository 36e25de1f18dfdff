/* fileset: a dataset that is many files -- a glob (with `*`, `?`, `[...]`
 * and `**` for any folder depth) or a folder -- found, sorted by path, read as one
 * table (columns matched by name, Hive `key=value` folders as columns) and
 * profiled on several threads with the exact statistics of one file.  A
 * struct fileset owns its paths.  Documented in doc/data-profile.md. */
#ifndef MLGATE_FILESET_H
#define MLGATE_FILESET_H

#include <stddef.h>

#include "core/gate.h"
#include "data/csv.h"
#include "data/profile.h"
#include "common/util.h"

#define FILESET_MAX_FILES 100000 /* files in one dataset */
#define FILESET_MAX_DEPTH 64     /* folder levels under a dataset's base */
#define FILESET_HIVE_NULL "__HIVE_DEFAULT_PARTITION__"

struct fileset {
	char *spec;      /* as given */
	int multi;       /* 1: a glob or a folder (even when it holds one file) */
	size_t n;
	char **paths;    /* n, sorted by bytes */
	size_t nkeys;    /* Hive partition keys, the same in every file */
	char **keys;
	char **values;   /* n * nkeys, file-major, URL-decoded; NULL = null */
};

/* 1 when `spec` names many files: it is a folder, or it holds a glob
 * character (* ? [) and is not itself an existing file. */
int fileset_is_multi(const char *spec);

/* Find the files of `spec` (a file, "-", a glob or a folder).  Hidden
 * names and names starting with '_' (Spark's _SUCCESS, _metadata), and
 * *.crc files are left out of globs and folders.  With `confine`, every
 * file found must be inside the workspace (trust_confine).  0, or -1 with
 * err (MG_EXIT_INPUT): nothing matches, too many files, Hive folders that
 * differ between files, a file outside the workspace. */
int fileset_expand(const char *spec, int confine, struct fileset *fs,
		   struct mg_error *err);
void fileset_release(struct fileset *fs);

/* Read files [first, end) of fs as one table: header_fn once with the
 * first file's columns followed by the Hive keys, then every file's rows
 * with its cells in that order.  A file whose columns differ from the
 * first one's (by name; the order may differ) is an input error naming
 * it.  st (may be NULL) sums rows and bad rows. */
int fileset_read_range(const struct fileset *fs, size_t first, size_t end,
		       const struct csv_options *copts, csv_header_fn header_fn,
		       csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
		       struct mg_error *err);
/* The same over every file: a profile_source_fn whose src is the fileset. */
int fileset_read(void *fs, const struct csv_options *copts,
		 csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		 struct csv_read_stats *st, struct mg_error *err);

/* Profile a dataset: a single file or "-" exactly as profile_csv does;
 * many files on po->threads threads (0: one per CPU, at most 8), each a
 * contiguous run of files, merged in path order -- the same statistics as
 * the files concatenated into one.  `files` (may be NULL) receives what
 * was read (release it with fileset_release). */
int profile_dataset(const char *spec, int confine, const struct csv_options *copts,
		    const struct profile_options *po, struct profile *out,
		    struct fileset *files, struct mg_error *err);

/* "3 files: a.csv, b.csv, c.csv" (at most `show` names, then "..."),
 * appended to out; nothing for a single file. */
void fileset_describe(const struct fileset *fs, size_t show, struct sbuf *out);

/* Name the files of a many-file dataset in the gates [from, gl->n) that
 * read it: key ("files", "reference_files") as {"count": n, "first": [the
 * first five]} in each gate's details, and "(read n files: ...)" after
 * the first one's message.  Nothing for a single file. */
void fileset_note_gates(const struct fileset *fs, struct gate_list *gl,
			size_t from, const char *key);

#endif
