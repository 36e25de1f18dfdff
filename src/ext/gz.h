/* gz: the gzip decoder (zlib; the only module that sees <zlib.h>).  Fed
 * compressed bytes in chunks of any size, it hands the inflated bytes to a
 * callback in chunks of at most GZ_CHUNK, so a stream is never inflated in
 * memory.  Concatenated members (`gzip a b > c`) are one stream.  Errors
 * carry the stream's name and code MG_EXIT_INPUT. */
#ifndef MLGATE_GZ_H
#define MLGATE_GZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/util.h"

#define GZ_CHUNK ((size_t)1 << 20)

/* Receives inflated bytes; returns 0, or -1 (err set) to stop. */
typedef int (*gz_out_fn)(void *ctx, const char *buf, size_t n,
			 struct mg_error *err);

struct gz_reader;

/* Do the first bytes of a stream look like gzip (1f 8b)? */
int gz_is_gzip(const void *buf, size_t n);

/* A decoder named `name` (for messages; copied) that passes what it inflates
 * to `out`.  `max_out` bounds the inflated bytes in all (0 = no bound).
 * NULL with err set when zlib cannot start. */
struct gz_reader *gz_reader_new(const char *name, uint64_t max_out,
				gz_out_fn out, void *ctx, struct mg_error *err);
/* Inflate `n` more compressed bytes.  0, or -1 with err set (corrupt data,
 * the bound passed, or the callback's own failure). */
int gz_reader_feed(struct gz_reader *z, const void *buf, size_t n,
		   struct mg_error *err);
/* The input has ended: 0, or -1 with err set when the last member is cut
 * short. */
int gz_reader_finish(struct gz_reader *z, struct mg_error *err);
void gz_reader_free(struct gz_reader *z); /* accepts NULL */

/* Inflate a whole gzip (or zlib) buffer of `n` bytes into exactly `want`
 * bytes at dst (members may be concatenated): a Parquet GZIP page.  0, or
 * -1 with *why set when the data is corrupt, truncated, or inflates to
 * more or fewer bytes than `want` -- so a page cannot grow past its
 * announced size. */
int gz_inflate_exact(const void *src, size_t n, void *dst, size_t want,
		     const char **why);
/* The CRC-32 (zlib's, as Parquet page headers carry it) of buf. */
uint32_t gz_crc32(const void *buf, size_t n);
/* The gzip file `path` opened for reading as the bytes it inflates to
 * (at most max_out in all; 0 = no bound), through the decoder above:
 * reading it twice inflates it twice, holding one chunk at a time.  NULL
 * with errno set when it cannot be opened.  A read that fails (corrupt or
 * truncated data, the bound passed) sets the stream's error flag and
 * errno EIO; gz_file_error() then says why (this thread's last failure). */
FILE *gz_fopen(const char *path, uint64_t max_out);
const char *gz_file_error(void);

/* zlib's version, for --version. */
const char *gz_version(void);

#endif
