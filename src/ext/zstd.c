/* zstd: Parquet's ZSTD codec through libzstd (one or more frames). */
#include "ext/codec.h"

#include <zstd.h>
#include <zstd_errors.h>

const char *codec_zstd_version(void)
{
	return ZSTD_versionString();
}

int codec_zstd(const void *src, size_t n, void *dst, size_t want,
	       const char **why)
{
	size_t got = ZSTD_decompress(dst, want, src, n);

	if (ZSTD_isError(got)) {
		*why = ZSTD_getErrorCode(got) == ZSTD_error_dstSize_tooSmall ?
			       "the zstd data is longer than the page says" :
			       "the zstd data is corrupt";
		return -1;
	}
	if (got != want) {
		*why = "the zstd data is shorter than the page says";
		return -1;
	}
	return 0;
}
