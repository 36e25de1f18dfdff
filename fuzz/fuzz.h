/* fuzz: helpers shared by the fuzz targets (fuzz_*.c).  Each target defines
 * LLVMFuzzerTestOneInput; it is linked either with libFuzzer (`make fuzz`,
 * clang) or with replay.c, which runs the committed corpus and regression
 * inputs in every `make check` (gcc is enough).  A target aborts when an
 * invariant the project promises is broken, so the fuzzer reports it. */
#ifndef MLGATE_FUZZ_H
#define MLGATE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with a message when `cond` is false (kept in release builds). */
#define FUZZ_ASSERT(cond)                                                     \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",      \
				__FILE__, __LINE__, #cond);                   \
			abort();                                              \
		}                                                             \
	} while (0)

/* Split [*p, end) at the next occurrence of `sep` (length n): returns the
 * length of the piece and moves *p past the separator (or to end). */
static inline size_t fuzz_next_part(const uint8_t **p, const uint8_t *end,
				    const char *sep, size_t n)
{
	const uint8_t *s = *p;
	for (const uint8_t *q = s; q + n <= end; q++) {
		size_t i = 0;
		while (i < n && q[i] == (uint8_t)sep[i])
			i++;
		if (i == n) {
			*p = q + n;
			return (size_t)(q - s);
		}
	}
	*p = end;
	return (size_t)(end - s);
}

/* 1 when [s, s+n) is well-formed UTF-8 (no overlongs, no surrogates). */
static inline int fuzz_utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned cp, min;
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) { k = 1; cp = c & 0x1F; min = 0x80; }
		else if ((c & 0xF0) == 0xE0) { k = 2; cp = c & 0x0F; min = 0x800; }
		else if ((c & 0xF8) == 0xF0) { k = 3; cp = c & 0x07; min = 0x10000; }
		else return 0;
		if (i + k >= n)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

struct gate_list;
struct policy;
struct policy_opts;
struct mg_diags;
/* Load `prefix` followed by data[0..size) as a policy (options o, may be
 * NULL; problems into d, which the caller initialises and releases) and
 * check the outcome every policy target promises: refused with at least
 * one non-empty message and code 2 or 3, or accepted with no message.
 * Returns the policy (policy_free it) or NULL. */
struct policy *fuzz_load_policy(const char *prefix, const uint8_t *data,
				size_t size, const struct policy_opts *o,
				struct mg_diags *d);
/* No gate with a threshold passes unless its value is finite and meets it
 * (the "no wrong pass" invariant). */
void fuzz_check_gates(const struct gate_list *gates);
/* A rendered report is valid UTF-8; JSON, SARIF and Code Quality parse as
 * JSON; JUnit XML holds no C0 control character. */
void fuzz_check_report(const char *format, const char *text, size_t len);

/* Put `size` bytes in an in-memory file (one per `slot`, reused) and
 * return a path that opens it, for code that reads files by name. */
const char *fuzz_memfile(int slot, const uint8_t *data, size_t size);

#endif
