/* brotli: Parquet's BROTLI codec through libbrotlidec. */
#include "ext/codec.h"

#include <stdint.h>
#include <stdio.h>

#include <brotli/decode.h>

const char *codec_brotli_version(void)
{
	static char buf[32];
	uint32_t v = BrotliDecoderVersion(); /* 0xMMMmmmppp: 12 bits each */
	snprintf(buf, sizeof(buf), "%u.%u.%u", (unsigned)(v >> 24), (unsigned)(v >> 12) & 0xfff,
		 (unsigned)v & 0xfff);
	return buf;
}

int codec_brotli(const void *src, size_t n, void *dst, size_t want,
		 const char **why)
{
	size_t got = want;

	if (BrotliDecoderDecompress(n, src, &got, dst) !=
	    BROTLI_DECODER_RESULT_SUCCESS) {
		*why = "the brotli data is corrupt or longer than the page says";
		return -1;
	}
	if (got != want) {
		*why = "the brotli data is shorter than the page says";
		return -1;
	}
	return 0;
}
