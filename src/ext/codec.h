/* codec: the decompressors of Parquet's compression codecs, each behind the
 * one module that sees its library's header (snappy.c, zstd.c, lz4.c,
 * brotli.c; gzip through zlib in codec.c, which also dispatches by codec).
 * Every call decompresses into a caller-given buffer of exactly the size
 * the page header announced: output that would be longer or shorter is an
 * error, so a decompression bomb can never allocate more than the caller
 * allowed. */
#ifndef MLGATE_CODEC_H
#define MLGATE_CODEC_H

#include <stddef.h>

/* Parquet's CompressionCodec values. */
enum codec_id {
	CODEC_UNCOMPRESSED = 0,
	CODEC_SNAPPY = 1,
	CODEC_GZIP = 2,
	CODEC_LZO = 3,
	CODEC_BROTLI = 4,
	CODEC_LZ4 = 5, /* legacy: Hadoop framing (or an LZ4 frame, or raw) */
	CODEC_ZSTD = 6,
	CODEC_LZ4_RAW = 7,
};

/* "SNAPPY", ...; "codec N" for an unknown value (static or thread-local
 * storage: do not free). */
const char *codec_name(int codec);
/* 1 when the codec can be read. */
int codec_supported(int codec);

/* "zlib 1.2.13, zstd 1.5.4, lz4 1.9.4, brotli 1.0.9": the linked
 * decompressors' versions, read at run time (snappy's C API has none). */
const char *codec_versions(void);
const char *codec_zstd_version(void);
const char *codec_lz4_version(void);
const char *codec_brotli_version(void);

/* Decompress n bytes at src into dst, which must come out exactly `want`
 * bytes long.  0, or -1 with *why set to a static message. */
int codec_decompress(int codec, const void *src, size_t n, void *dst,
		     size_t want, const char **why);

/* The per-library halves (same contract as codec_decompress). */
int codec_snappy(const void *src, size_t n, void *dst, size_t want,
		 const char **why);
int codec_zstd(const void *src, size_t n, void *dst, size_t want,
	       const char **why);
int codec_lz4_raw(const void *src, size_t n, void *dst, size_t want,
		  const char **why);
int codec_lz4_hadoop(const void *src, size_t n, void *dst, size_t want,
		     const char **why);
int codec_brotli(const void *src, size_t n, void *dst, size_t want,
		 const char **why);


#endif
