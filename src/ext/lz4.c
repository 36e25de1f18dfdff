/* lz4: Parquet's LZ4_RAW codec (one raw LZ4 block) and the legacy LZ4
 * codec, which writers filled three ways: Hadoop's framing (blocks of a
 * 4-byte big-endian uncompressed size, a 4-byte big-endian compressed size
 * and a raw block), the LZ4 frame format, or one raw block.  They are tried
 * in that order; each must produce exactly the page size. */
#include "ext/codec.h"

#include <lz4.h>
#include <lz4frame.h>

const char *codec_lz4_version(void)
{
	return LZ4_versionString();
}

int codec_lz4_raw(const void *src, size_t n, void *dst, size_t want,
		  const char **why)
{
	int got;

	if (n > (size_t)LZ4_MAX_INPUT_SIZE || want > (size_t)LZ4_MAX_INPUT_SIZE * 2) {
		*why = "the lz4 data is too large";
		return -1;
	}
	got = LZ4_decompress_safe(src, dst, (int)n, (int)want);
	if (got < 0 || (size_t)got != want) {
		*why = "the lz4 data is corrupt or does not match the page size";
		return -1;
	}
	return 0;
}

static unsigned long be32(const unsigned char *p)
{
	return ((unsigned long)p[0] << 24) | ((unsigned long)p[1] << 16) |
	       ((unsigned long)p[2] << 8) | p[3];
}

static int hadoop(const unsigned char *s, size_t n, unsigned char *d,
		  size_t want)
{
	size_t out = 0;

	while (n > 0) {
		unsigned long ulen, clen;
		int got;
		if (n < 8)
			return -1;
		ulen = be32(s);
		clen = be32(s + 4);
		s += 8;
		n -= 8;
		if (clen > n || ulen > want - out || clen > (unsigned long)LZ4_MAX_INPUT_SIZE)
			return -1;
		got = LZ4_decompress_safe((const char *)s, (char *)d + out,
					  (int)clen, (int)ulen);
		if (got < 0 || (unsigned long)got != ulen)
			return -1;
		out += ulen;
		s += clen;
		n -= clen;
	}
	return out == want ? 0 : -1;
}

static int frame(const void *src, size_t n, void *dst, size_t want)
{
	LZ4F_dctx *dc = NULL;
	size_t in = n, out = want, r;
	unsigned char probe;
	size_t in2, out2 = 1;

	if (LZ4F_isError(LZ4F_createDecompressionContext(&dc, LZ4F_VERSION)))
		return -1;
	r = LZ4F_decompress(dc, dst, &out, src, &in, NULL);
	if (LZ4F_isError(r) || out != want) {
		LZ4F_freeDecompressionContext(dc);
		return -1;
	}
	if (r != 0) {
		/* the frame goes on: it must end without more output */
		in2 = n - in;
		r = LZ4F_decompress(dc, &probe, &out2,
				    (const unsigned char *)src + in, &in2, NULL);
		if (LZ4F_isError(r) || r != 0 || out2 != 0) {
			LZ4F_freeDecompressionContext(dc);
			return -1;
		}
	}
	LZ4F_freeDecompressionContext(dc);
	return 0;
}

int codec_lz4_hadoop(const void *src, size_t n, void *dst, size_t want,
		     const char **why)
{
	if (hadoop(src, n, dst, want) == 0)
		return 0;
	if (n >= 4 && be32(src) == 0x04224D18ul && frame(src, n, dst, want) == 0)
		return 0;
	if (codec_lz4_raw(src, n, dst, want, why) == 0)
		return 0;
	*why = "the lz4 data is corrupt or does not match the page size";
	return -1;
}
