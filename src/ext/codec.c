/* codec: dispatch by Parquet codec, and GZIP through zlib (members may be
 * concatenated; a zlib-wrapped stream is accepted too). */
#include "ext/codec.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

const char *codec_name(int codec)
{
	static const char *const names[] = {"UNCOMPRESSED", "SNAPPY", "GZIP",
					    "LZO", "BROTLI", "LZ4", "ZSTD",
					    "LZ4_RAW"};
	if (codec >= 0 && codec < (int)(sizeof(names) / sizeof(names[0])))
		return names[codec];
	return "an unknown codec";
}

const char *codec_versions(void)
{
	static char buf[160];
	snprintf(buf, sizeof(buf), "zlib %s, zstd %s, lz4 %s, brotli %s", zlibVersion(),
		 codec_zstd_version(), codec_lz4_version(), codec_brotli_version());
	return buf;
}

int codec_supported(int codec)
{
	return codec >= 0 && codec <= CODEC_LZ4_RAW && codec != CODEC_LZO;
}

int codec_decompress(int codec, const void *src, size_t n, void *dst,
		     size_t want, const char **why)
{
	if (want == 0 && n == 0)
		return 0; /* an empty page: nothing was compressed */
	switch (codec) {
	case CODEC_UNCOMPRESSED:
		if (n != want) {
			*why = "the page size does not match its uncompressed size";
			return -1;
		}
		if (n)
			memcpy(dst, src, n);
		return 0;
	case CODEC_SNAPPY:
		return codec_snappy(src, n, dst, want, why);
	case CODEC_GZIP:
		return codec_gzip(src, n, dst, want, why);
	case CODEC_BROTLI:
		return codec_brotli(src, n, dst, want, why);
	case CODEC_LZ4:
		return codec_lz4_hadoop(src, n, dst, want, why);
	case CODEC_ZSTD:
		return codec_zstd(src, n, dst, want, why);
	case CODEC_LZ4_RAW:
		return codec_lz4_raw(src, n, dst, want, why);
	default:
		*why = "the compression codec is not supported";
		return -1;
	}
}

int codec_gzip(const void *src, size_t n, void *dst, size_t want,
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
