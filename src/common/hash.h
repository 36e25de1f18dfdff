/* hash: FNV-1a, the hash of mlgate's small open-addressing tables (policy
 * keys, prediction labels, exact-unique values).  Not for hostile-collision
 * resistance: the tables it serves are bounded by the input caps. */
#ifndef MLGATE_HASH_H
#define MLGATE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit FNV-1a of p[0..n). */
uint64_t hash_fnv1a(const void *p, size_t n);
/* The same of a NUL-terminated string. */
uint64_t hash_fnv1a_str(const char *s);

#endif
