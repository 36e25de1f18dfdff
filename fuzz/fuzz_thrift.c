/* fuzz target: the Thrift compact-protocol decoder.  The input is read as a
 * struct, every value through the typed reader of its type (collections
 * and nested structs recursively), then again with thrift_skip: both walks
 * must agree on success and on where the struct ends, never read past the
 * input, and leave an error message when they fail. */
#include "fuzz.h"

#include <string.h>

#include "data/thrift.h"

static int walk_value(struct thrift *t, int type, int in_list, int depth);

static int walk_struct(struct thrift *t, int depth)
{
	int16_t last = 0, id;
	int ty, rc;

	if (depth > THRIFT_MAX_DEPTH)
		return thrift_skip(t, THRIFT_STRUCT); /* let skip report it */
	while ((rc = thrift_field(t, &last, &ty, &id)) == 1)
		if (walk_value(t, ty, 0, depth + 1))
			return -1;
	return rc;
}

static int walk_value(struct thrift *t, int type, int in_list, int depth)
{
	int64_t i;
	int b, elem;
	double d;
	const uint8_t *p;
	size_t n;
	uint32_t count;

	switch (type) {
	case THRIFT_TRUE:
	case THRIFT_FALSE:
		return thrift_bool(t, type, in_list, &b);
	case THRIFT_BYTE:
	case THRIFT_I16:
	case THRIFT_I32:
	case THRIFT_I64:
		return thrift_i64(t, type, &i);
	case THRIFT_DOUBLE:
		return thrift_double(t, type, &d);
	case THRIFT_BINARY:
		if (thrift_binary(t, type, &p, &n))
			return -1;
		FUZZ_ASSERT(p >= t->start && p + n <= t->end);
		return 0;
	case THRIFT_LIST:
	case THRIFT_SET:
		if (thrift_list(t, type, &elem, &count))
			return -1;
		FUZZ_ASSERT(count <= (uint32_t)(t->end - t->p));
		if (depth > THRIFT_MAX_DEPTH) {
			t->why = "nested too deeply";
			return -1;
		}
		for (uint32_t k = 0; k < count; k++)
			if (walk_value(t, elem, 1, depth + 1))
				return -1;
		return 0;
	case THRIFT_STRUCT:
		return walk_struct(t, depth);
	default:
		return thrift_skip(t, type);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct thrift a, b;
	int ra, rb;

	thrift_init(&a, data, size);
	ra = walk_struct(&a, 0);
	FUZZ_ASSERT(thrift_pos(&a) <= size);
	FUZZ_ASSERT(ra == 0 || a.why != NULL);
	thrift_init(&b, data, size);
	rb = thrift_skip(&b, THRIFT_STRUCT);
	FUZZ_ASSERT(thrift_pos(&b) <= size);
	FUZZ_ASSERT(rb == 0 || b.why != NULL);
	if (ra == 0 && rb == 0)
		FUZZ_ASSERT(thrift_pos(&a) == thrift_pos(&b));
	return 0;
}
