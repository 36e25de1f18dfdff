/* sha256: SHA-256 (FIPS 180-4), for the provenance tags mlgate writes on a
 * promoted model version.  Streaming: init, update any number of times,
 * final.  No allocation. */
#ifndef MLGATE_SHA256_H
#define MLGATE_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;      /* total length so far */
	unsigned char buf[64];
	size_t fill;         /* bytes waiting in buf */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
void sha256_final(struct sha256 *s, unsigned char digest[32]);
/* The digest of n bytes as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t n, char hex[65]);

#endif
