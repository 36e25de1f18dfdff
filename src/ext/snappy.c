/* snappy: Parquet's SNAPPY codec through libsnappy's C API. */
#include "ext/codec.h"

#include <snappy-c.h>

int codec_snappy(const void *src, size_t n, void *dst, size_t want,
		 const char **why)
{
	size_t len = 0;

	if (snappy_uncompressed_length(src, n, &len) != SNAPPY_OK) {
		*why = "the snappy data is corrupt";
		return -1;
	}
	if (len != want) {
		*why = "the snappy data does not decompress to the page size";
		return -1;
	}
	if (snappy_uncompress(src, n, dst, &len) != SNAPPY_OK || len != want) {
		*why = "the snappy data is corrupt";
		return -1;
	}
	return 0;
}
