#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/trust.h"
#include "common/util.h"

char *tu_tempdir(void)
{
	const char *base = getenv("TMPDIR");
	char *t = xasprintf("%s/mlgate-unit.XXXXXX", base && base[0] ? base : "/tmp");

	if (!mkdtemp(t)) {
		perror("mkdtemp");
		abort();
	}
	/* the tests' policies name files in their own folder */
	trust_allow_path(t);
	return t;
}

char *tu_write(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rmrf(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
