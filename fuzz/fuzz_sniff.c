/* fuzz target: the format sniffing of standard input (csv_read_file on
 * "-"): the bytes become standard input (a temporary file on fd 0) and
 * are read as a profile reads them.  Invariants: the outcome and every
 * row are those of the reader the first bytes call for, run on the bytes
 * directly -- Parquet for "PAR1", JSON Lines when the first byte after
 * spaces, tabs, line ends and a UTF-8 BOM is '{', CSV otherwise (gzip
 * input is inflated first, and only checked to fail as an input error or
 * read); a failure is an input error with a message. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/csv.h"
#include "data/jsonl.h"
#include "data/parquet.h"

struct digest {
	uint64_t h, rows;
	size_t ncols;
};

static void mix(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		*h = (*h ^ s[i]) * 1099511628211u;
}

static int on_header(void *ctx, const char *const *names, size_t n, struct mg_error *err)
{
	struct digest *d = ctx;
	(void)err;
	d->ncols = n;
	for (size_t i = 0; i < n; i++)
		mix(&d->h, names[i], strlen(names[i]) + 1);
	return 0;
}

static int on_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	struct digest *d = ctx;
	(void)err;
	FUZZ_ASSERT(row->n == d->ncols);
	for (size_t i = 0; i < row->n; i++) {
		unsigned char tag = row->cells[i].p ? 1 : 0;
		mix(&d->h, &tag, 1);
		if (row->cells[i].p) {
			mix(&d->h, &row->cells[i].n, sizeof(size_t));
			mix(&d->h, row->cells[i].p, row->cells[i].n);
		}
	}
	d->rows++;
	return 0;
}

/* The reader the bytes call for, on the bytes. */
static int direct(const uint8_t *data, size_t size, struct digest *d, struct mg_error *err)
{
	struct csv_options o;
	struct csv_reader *r;
	size_t i = 0;
	int rc;

	csv_options_init(&o);
	csv_options_for_path(&o, "-");
	if (size >= 4 && memcmp(data, "PAR1", 4) == 0)
		return parquet_read_buffer("<stdin>", data, size, &o, on_header, on_row, d,
					   NULL, err);
	while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
			    data[i] == '\n' || data[i] == 0xef || data[i] == 0xbb ||
			    data[i] == 0xbf))
		i++;
	if (i < size && data[i] == '{')
		return jsonl_read_buffer("<stdin>", (const char *)data, size, &o, on_header,
					 on_row, d, NULL, err);
	r = csv_reader_new("<stdin>", &o, on_row, d);
	csv_reader_set_header_fn(r, on_header);
	rc = csv_reader_feed(r, (const char *)data, size, err);
	if (rc == 0)
		rc = csv_reader_finish(r, err);
	csv_reader_free(r);
	return rc ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[512];
	const char *tmp = getenv("TMPDIR");
	struct digest a, b;
	struct mg_error ea, eb;
	int fd, saved, ra, rb, gz;

	snprintf(path, sizeof(path), "%s/mlgate-fuzz-sniff.XXXXXX",
		 tmp && tmp[0] && strlen(tmp) < 256 ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	unlink(path);
	FUZZ_ASSERT(write(fd, data, size) == (ssize_t)size);
	FUZZ_ASSERT(lseek(fd, 0, SEEK_SET) == 0);
	saved = dup(0);
	FUZZ_ASSERT(saved >= 0 && dup2(fd, 0) == 0);
	close(fd);
	memset(&a, 0, sizeof(a));
	memset(&ea, 0, sizeof(ea));
	ra = csv_read_file("-", NULL, on_header, on_row, &a, NULL, &ea);
	FUZZ_ASSERT(dup2(saved, 0) == 0);
	close(saved);
	FUZZ_ASSERT(ra == 0 || ra == -1);
	if (ra)
		FUZZ_ASSERT(ea.code == MG_EXIT_INPUT && ea.msg[0]);
	gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
	if (gz)
		return 0;
	memset(&b, 0, sizeof(b));
	memset(&eb, 0, sizeof(eb));
	rb = direct(data, size, &b, &eb);
	FUZZ_ASSERT((ra == 0) == (rb == 0));
	if (ra == 0) {
		FUZZ_ASSERT(a.rows == b.rows && a.ncols == b.ncols);
		FUZZ_ASSERT(a.h == b.h);
	} else {
		FUZZ_ASSERT(strcmp(ea.msg, eb.msg) == 0);
	}
	return 0;
}
