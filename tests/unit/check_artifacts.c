/* Artifact sizes: files, directories, links counted once, loops and missing
 * paths refused.  Sizes are the bytes the test writes. */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/artifacts.h"
#include "suites.h"
#include "testutil.h"
#include "common/util.h"

static char *write_bytes(const char *dir, const char *name, size_t n)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");

	ck_assert(f != NULL);
	for (size_t i = 0; i < n; i++)
		fputc('x', f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static char *join(const char *a, const char *b)
{
	return xasprintf("%s/%s", a, b);
}

START_TEST(test_file_and_directory)
{
	char *dir = tu_tempdir(), *sub = join(dir, "sub"), *f1, *f2, *f3, *lnk;
	struct artifact_size s;
	struct mg_error err;

	ck_assert_int_eq(mkdir(sub, 0755), 0);
	f1 = write_bytes(dir, "model.bin", 1000);
	f2 = write_bytes(sub, "weights.bin", 250);
	f3 = write_bytes(sub, "empty", 0);
	ck_assert_int_eq(artifact_measure(f1, &s, &err), 0);
	ck_assert(s.bytes == 1000 && s.files == 1 && !s.is_dir);
	/* a link to a file already counted adds nothing */
	lnk = join(sub, "again");
	ck_assert_int_eq(symlink("../model.bin", lnk), 0);
	ck_assert_int_eq(artifact_measure(dir, &s, &err), 0);
	ck_assert_msg(s.bytes == 1250, "bytes %llu", (unsigned long long)s.bytes);
	ck_assert(s.files == 3 && s.is_dir && s.dirs == 2);
	/* a link to a file outside the tree counts (Hugging Face blobs) */
	ck_assert_int_eq(artifact_measure(sub, &s, &err), 0);
	ck_assert(s.bytes == 1250 && s.files == 3);
	tu_rmrf(dir);
	free(dir);
	free(sub);
	free(f1);
	free(f2);
	free(f3);
	free(lnk);
}
END_TEST

START_TEST(test_refusals)
{
	char *dir = tu_tempdir(), *a = join(dir, "a"), *b = join(dir, "b"),
	     *d = join(dir, "d"), *x = join(dir, "d/x"), *up = join(dir, "d/x/up"), *dang = join(dir, "dang"),
	     *missing = join(dir, "missing");
	struct artifact_size s;
	struct mg_error err;

	ck_assert_int_eq(artifact_measure(missing, &s, &err), -1);
	ck_assert_int_eq(err.code, MG_EXIT_INPUT);
	ck_assert_msg(strstr(err.msg, "does not exist") != NULL, "%s", err.msg);
	/* a -> b -> a */
	ck_assert_int_eq(symlink("b", a), 0);
	ck_assert_int_eq(symlink("a", b), 0);
	ck_assert_int_eq(artifact_measure(a, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, "symlink loop") != NULL, "%s", err.msg);
	/* d/x/up -> d */
	ck_assert_int_eq(mkdir(d, 0755), 0);
	ck_assert_int_eq(mkdir(x, 0755), 0);
	ck_assert_int_eq(symlink("..", up), 0);
	ck_assert_int_eq(artifact_measure(d, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, "leads back") != NULL, "%s", err.msg);
	ck_assert_int_eq(symlink("nowhere", dang), 0);
	ck_assert_int_eq(artifact_measure(dang, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, "dangling") != NULL, "%s", err.msg);
	tu_rmrf(dir);
	free(dir);
	free(a);
	free(b);
	free(d);
	free(x);
	free(up);
	free(dang);
	free(missing);
}
END_TEST

START_TEST(test_depth_cap)
{
	char *dir = tu_tempdir(), *p = xstrdup(dir);
	struct artifact_size s;
	struct mg_error err;

	for (int i = 0; i < ARTIFACT_MAX_DEPTH + 1; i++) {
		char *q = join(p, "d");
		ck_assert_int_eq(mkdir(q, 0755), 0);
		free(p);
		p = q;
	}
	ck_assert_int_eq(artifact_measure(dir, &s, &err), -1);
	ck_assert_msg(strstr(err.msg, "nested") != NULL, "%s", err.msg);
	tu_rmrf(dir);
	free(dir);
	free(p);
}
END_TEST


Suite *suite_artifacts(void)
{
	Suite *s = suite_create("artifacts");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_file_and_directory);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_depth_cap);
	suite_add_tcase(s, tc);
	return s;
}
