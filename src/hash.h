/* hash: a small non-cryptographic hash for stable identifiers in reports
 * (Code Quality and SARIF fingerprints).  Not for integrity checks. */
#ifndef MLGATE_HASH_H
#define MLGATE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit FNV-1a of n bytes, continuing from `h` (start with MG_FNV1A64_INIT). */
#define MG_FNV1A64_INIT UINT64_C(0xcbf29ce484222325)
uint64_t mg_fnv1a64(uint64_t h, const void *data, size_t n);

#endif
