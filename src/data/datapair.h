/* datapair: read a data file and the reference it is compared with, side
 * by side on two threads when both are files (stdin is read on the calling
 * thread).  The reference may be a frozen profile JSON.  Used by the
 * `data:` section and by `mlgate drift`. */
#ifndef MLGATE_DATAPAIR_H
#define MLGATE_DATAPAIR_H

#include "data/csv.h"
#include "data/fileset.h"
#include "data/profile.h"
#include "common/util.h"

struct data_side {
	const char *path;    /* NULL: nothing to read; a file, "-", a glob or a folder */
	int confine;         /* the files of a glob or folder stay in the workspace */
	int reference;       /* a *.json reference is read as a frozen profile */
	int keep_values;     /* hold numeric values (drift, unique, allowed) */
	struct profile prof; /* filled when ok */
	struct fileset files; /* what was read (fileset.h) */
	int ok;
	struct mg_error err; /* when !ok */
};

/* Read both sides with the same CSV options (copied per side; the
 * delimiter is picked from each file's name unless opts sets one:
 * `delimiter_set`).  Each side's outcome is in its ok/err. */
void data_read_pair(struct data_side *cur, struct data_side *ref,
		    const struct csv_options *opts, int delimiter_set);
void data_side_release(struct data_side *s);

#endif
