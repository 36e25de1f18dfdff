/* fuzz target: reading partial profiles (mlgate merge's input), merging a
 * file with itself, and writing the result, which must read back as a
 * partial whose counts doubled.  Input: the JSON file. */
#include "fuzz.h"

#include <string.h>

#include "data/partial.h"
#include "data/qsketch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile a, b, c;
	struct mg_error err;
	struct sbuf sb;
	const char *path = fuzz_memfile(0, data, size);

	memset(&err, 0, sizeof(err));
	if (profile_load_json(path, &a, &err) < 0) {
		FUZZ_ASSERT(err.code == 3 && err.msg[0]);
		return 0;
	}
	if (!a.partial) {
		profile_release(&a);
		return 0;
	}
	/* doubled counts must stay within what a profile may hold (2^53) */
	for (size_t i = 0; i < a.ncols; i++)
		if (a.cols[i].count > ((uint64_t)1 << 51))
			a.partial = 0;
	if (!a.partial || a.rows > ((uint64_t)1 << 51) || a.parts > ((uint64_t)1 << 51)) {
		profile_release(&a);
		return 0;
	}
	FUZZ_ASSERT(profile_load_json(path, &b, &err) == 0);
	for (size_t i = 0; i < a.ncols; i++) {
		struct colstats *col = &a.cols[i];
		if (col->sketch) {
			FUZZ_ASSERT(qsketch_check(col->sketch) == 0);
			FUZZ_ASSERT(col->sketch->n == col->count);
			FUZZ_ASSERT(qsketch_rank_error(col->sketch) <= 1);
		}
	}
	FUZZ_ASSERT(partial_merge(&a, &b, "b.json", &err) == 0);
	partial_finish(&a);
	for (size_t i = 0; i < a.ncols; i++) {
		struct colstats *col = &a.cols[i];
		FUZZ_ASSERT(col->count == 2 * b.cols[i].count);
		if (col->sketch)
			FUZZ_ASSERT(qsketch_check(col->sketch) == 0 &&
				    col->sketch->n == col->count);
	}
	sbuf_init(&sb, 0);
	profile_write_json(&a, &sb);
	FUZZ_ASSERT(fuzz_utf8_ok((const unsigned char *)sbuf_str(&sb), sb.len));
	path = fuzz_memfile(1, (const uint8_t *)sbuf_str(&sb), sb.len);
	if (profile_load_json(path, &c, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		FUZZ_ASSERT(0);
	}
	FUZZ_ASSERT(c.partial && c.parts == 2 * b.parts && c.rows == 2 * b.rows);
	profile_release(&c);
	sbuf_release(&sb);
	profile_release(&a);
	profile_release(&b);
	return 0;
}
