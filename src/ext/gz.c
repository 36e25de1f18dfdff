#define _GNU_SOURCE /* fopencookie */
#include "ext/gz.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct gz_reader {
	z_stream z;
	char *name;
	char *out;
	uint64_t max_out, nout;
	gz_out_fn fn;
	void *ctx;
	int ended; /* the last member ended with the input */
};

int gz_is_gzip(const void *buf, size_t n)
{
	const unsigned char *p = buf;

	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

struct gz_reader *gz_reader_new(const char *name, uint64_t max_out,
				gz_out_fn out, void *ctx, struct mg_error *err)
{
	struct gz_reader *z = xcalloc(1, sizeof(*z));

	/* 16 + MAX_WBITS: a gzip header and trailer, not zlib's or raw */
	if (inflateInit2(&z->z, 16 + MAX_WBITS) != Z_OK) {
		mg_errorf(err, MG_EXIT_INPUT, name, 0, 0,
			  "cannot start gzip decoding");
		free(z);
		return NULL;
	}
	z->name = xstrdup(name);
	z->out = xmalloc(GZ_CHUNK);
	z->max_out = max_out;
	z->fn = out;
	z->ctx = ctx;
	return z;
}

static int emit(struct gz_reader *z, size_t n, struct mg_error *err)
{
	z->nout += n;
	if (z->max_out && z->nout > z->max_out) {
		mg_errorf(err, MG_EXIT_INPUT, z->name, 0, 0,
			  "gzip data inflates to more than %llu bytes",
			  (unsigned long long)z->max_out);
		if (err)
			err->kind = MG_ERR_TOO_LARGE;
		return -1;
	}
	return z->fn(z->ctx, z->out, n, err);
}

static int feed_part(struct gz_reader *z, const void *buf, size_t n,
		     struct mg_error *err)
{
	z->z.next_in = (unsigned char *)buf;
	z->z.avail_in = (unsigned)n;
	if (z->ended) { /* another member follows (gzip a b > c) */
		inflateReset(&z->z);
		z->ended = 0;
	}
	for (;;) {
		int zr;
		z->z.next_out = (unsigned char *)z->out;
		z->z.avail_out = (unsigned)GZ_CHUNK;
		zr = inflate(&z->z, Z_NO_FLUSH);
		if (zr == Z_BUF_ERROR && z->z.avail_out == GZ_CHUNK)
			break; /* needs more input */
		if (zr != Z_OK && zr != Z_STREAM_END)
			return mg_errorf(err, MG_EXIT_INPUT, z->name, 0, 0,
					 "corrupt gzip data: %s",
					 z->z.msg ? z->z.msg : "inflate failed");
		if (emit(z, GZ_CHUNK - z->z.avail_out, err))
			return -1;
		if (zr == Z_STREAM_END) {
			z->ended = 1;
			if (z->z.avail_in == 0)
				break;
			inflateReset(&z->z);
			z->ended = 0;
			continue;
		}
		if (z->z.avail_in == 0 && z->z.avail_out != 0)
			break;
	}
	return 0;
}

int gz_reader_feed(struct gz_reader *z, const void *buf, size_t n,
		   struct mg_error *err)
{
	const char *p = buf;

	/* zlib counts its input in unsigned int */
	while (n > 0) {
		size_t k = n < ((size_t)1 << 30) ? n : (size_t)1 << 30;
		if (feed_part(z, p, k, err))
			return -1;
		p += k;
		n -= k;
	}
	return 0;
}

int gz_reader_finish(struct gz_reader *z, struct mg_error *err)
{
	if (!z->ended)
		return mg_errorf(err, MG_EXIT_INPUT, z->name, 0, 0,
				 "truncated gzip data");
	return 0;
}

void gz_reader_free(struct gz_reader *z)
{
	if (!z)
		return;
	inflateEnd(&z->z);
	free(z->out);
	free(z->name);
	free(z);
}

int gz_inflate_exact(const void *src, size_t n, void *dst, size_t want,
		     const char **why)
{
	z_stream z;
	int zr, rc = -1, full = 0;
	unsigned char probe;

	if (n > 0xFFFFFFFFu || want > 0xFFFFFFFFu) {
		*why = "the gzip page is too large";
		return -1;
	}
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 32 + MAX_WBITS) != Z_OK) {
		*why = "cannot start the gzip decoder";
		return -1;
	}
	z.next_in = (unsigned char *)(size_t)src;
	z.avail_in = (uInt)n;
	z.next_out = want ? dst : &probe;
	z.avail_out = (uInt)want;
	for (;;) {
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			if (z.avail_in == 0)
				break;
			/* another gzip member follows */
			if (inflateReset(&z) != Z_OK)
				goto corrupt;
			continue;
		}
		if (zr == Z_BUF_ERROR && z.avail_in == 0) {
			*why = "the gzip data is truncated";
			goto out;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			goto corrupt;
		if (z.avail_out == 0) {
			/* the page is full: only the end of the stream may follow */
			z.next_out = &probe;
			z.avail_out = 1;
			full = 1;
			zr = inflate(&z, Z_NO_FLUSH);
			if (zr == Z_STREAM_END && z.avail_out == 1 && z.avail_in == 0)
				break;
			if (zr == Z_STREAM_END && z.avail_out == 1) {
				if (inflateReset(&z) != Z_OK)
					goto corrupt;
				z.avail_out = 0; /* full: back to the probe */
				continue;
			}
			*why = "the gzip data is longer than the page says";
			goto out;
		}
	}
	if (!full && z.avail_out != 0) {
		*why = "the gzip data is shorter than the page says";
		goto out;
	}
	rc = 0;
	goto out;
corrupt:
	*why = "the gzip data is corrupt";
out:
	inflateEnd(&z);
	return rc;
}

uint32_t gz_crc32(const void *buf, size_t n)
{
	uLong crc = crc32(0L, Z_NULL, 0);
	const unsigned char *p = buf;

	while (n > 0) {
		uInt k = n > 0x40000000u ? 0x40000000u : (uInt)n;
		crc = crc32(crc, p, k);
		p += k;
		n -= k;
	}
	return (uint32_t)crc;
}

const char *gz_version(void)
{
	return zlibVersion();
}

/* --- a gzip file as a FILE ---------------------------------------------------- */

#define GZ_FILE_IN ((size_t)16 << 10)

struct gz_file {
	FILE *raw;
	struct gz_reader *z;
	char *pend;          /* inflated, not yet read */
	size_t npend, off, cap;
	int eof;
};

static __thread char gz_file_msg[1200];

static int gz_file_take(void *ctx, const char *buf, size_t n, struct mg_error *err)
{
	struct gz_file *g = ctx;
	(void)err;
	if (g->npend + n > g->cap) {
		g->cap = g->npend + n;
		g->pend = xrealloc(g->pend, g->cap);
	}
	memcpy(g->pend + g->npend, buf, n);
	g->npend += n;
	return 0;
}

static ssize_t gz_file_read(void *cookie, char *buf, size_t size)
{
	struct gz_file *g = cookie;
	char in[GZ_FILE_IN];
	struct mg_error err;

	while (g->off == g->npend && !g->eof) {
		size_t got = fread(in, 1, sizeof(in), g->raw);
		int rc;

		g->off = g->npend = 0;
		if (got == 0 && ferror(g->raw)) {
			snprintf(gz_file_msg, sizeof(gz_file_msg), "%s", strerror(errno));
			errno = EIO;
			return -1;
		}
		if (got == 0) {
			g->eof = 1;
			rc = gz_reader_finish(g->z, &err);
		} else {
			rc = gz_reader_feed(g->z, in, got, &err);
		}
		if (rc) {
			snprintf(gz_file_msg, sizeof(gz_file_msg), "%s", err.msg);
			errno = EIO;
			return -1;
		}
	}
	if (size > g->npend - g->off)
		size = g->npend - g->off;
	memcpy(buf, g->pend + g->off, size);
	g->off += size;
	return (ssize_t)size;
}

static int gz_file_close(void *cookie)
{
	struct gz_file *g = cookie;
	gz_reader_free(g->z);
	fclose(g->raw);
	free(g->pend);
	free(g);
	return 0;
}

FILE *gz_fopen(const char *path, uint64_t max_out)
{
	cookie_io_functions_t io = {gz_file_read, NULL, NULL, gz_file_close};
	struct gz_file *g;
	struct mg_error err;
	FILE *f, *raw = fopen(path, "rb");

	if (!raw)
		return NULL;
	g = xcalloc(1, sizeof(*g));
	g->raw = raw;
	g->z = gz_reader_new(path, max_out, gz_file_take, g, &err);
	if (!g->z || !(f = fopencookie(g, "rb", io))) {
		gz_reader_free(g->z);
		fclose(raw);
		free(g);
		errno = EIO;
		return NULL;
	}
	return f;
}

const char *gz_file_error(void)
{
	return gz_file_msg;
}
