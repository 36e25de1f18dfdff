/* Helpers shared by the unit tests: temporary directories and files. */
#ifndef MLGATE_TESTUTIL_H
#define MLGATE_TESTUTIL_H

#include <stddef.h>

/* A fresh directory under $TMPDIR (or /tmp); caller frees the string. */
char *tu_tempdir(void);
/* Write `text` to dir/name; returns the full path (caller frees). */
char *tu_write(const char *dir, const char *name, const char *text);
/* Remove a directory tree made by tu_tempdir. */
void tu_rmrf(const char *dir);

#endif
