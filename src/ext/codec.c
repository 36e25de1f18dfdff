/* codec: dispatch by Parquet codec to the one adapter of each library
 * (snappy.c, gz.c, brotli.c, lz4.c, zstd.c). */
#include "ext/codec.h"

#include <stdio.h>
#include <string.h>

#include "ext/gz.h"

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
	snprintf(buf, sizeof(buf), "zlib %s, zstd %s, lz4 %s, brotli %s", gz_version(),
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
		return gz_inflate_exact(src, n, dst, want, why);
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
