/* thrift: the compact protocol (varints, zigzag integers, field-id deltas,
 * nibble-packed collection headers), decoded with bounds checks. */
#include "data/thrift.h"

#include <string.h>

void thrift_init(struct thrift *t, const void *buf, size_t n)
{
	t->start = t->p = buf;
	t->end = t->p + n;
	t->why = NULL;
}

size_t thrift_pos(const struct thrift *t)
{
	return (size_t)(t->p - t->start);
}

static int fail(struct thrift *t, const char *why)
{
	if (!t->why)
		t->why = why;
	t->p = t->end;
	return -1;
}

static int varint(struct thrift *t, uint64_t *v)
{
	uint64_t x = 0;
	int shift = 0;

	if (t->why)
		return -1;
	for (;;) {
		uint8_t b;
		if (t->p >= t->end)
			return fail(t, "the metadata ends inside a number");
		b = *t->p++;
		if (shift == 63 && (b & 0x7e))
			return fail(t, "a number in the metadata is too long");
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
		if (shift > 63)
			return fail(t, "a number in the metadata is too long");
	}
	*v = x;
	return 0;
}

static int64_t unzigzag(uint64_t u)
{
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

int thrift_field(struct thrift *t, int16_t *last, int *type, int16_t *id)
{
	uint8_t b;

	if (t->why)
		return -1;
	if (t->p >= t->end)
		return fail(t, "the metadata ends inside a struct");
	b = *t->p++;
	*type = b & 0x0f;
	if (*type == THRIFT_STOP)
		return 0;
	if (*type > THRIFT_STRUCT)
		return fail(t, "unknown type in the metadata");
	if (b >> 4) {
		int next = *last + (b >> 4);
		if (next > INT16_MAX)
			return fail(t, "a field id in the metadata is out of range");
		*id = (int16_t)next;
	} else {
		uint64_t u;
		int64_t v;
		if (varint(t, &u))
			return -1;
		v = unzigzag(u);
		if (v < INT16_MIN || v > INT16_MAX)
			return fail(t, "a field id in the metadata is out of range");
		*id = (int16_t)v;
	}
	*last = *id;
	return 1;
}

int thrift_i64(struct thrift *t, int type, int64_t *v)
{
	uint64_t u;

	if (t->why)
		return -1;
	if (type == THRIFT_BYTE) {
		if (t->p >= t->end)
			return fail(t, "the metadata ends inside a number");
		*v = (int8_t)*t->p++;
		return 0;
	}
	if (type != THRIFT_I16 && type != THRIFT_I32 && type != THRIFT_I64)
		return fail(t, "a metadata field holds a value of the wrong type");
	if (varint(t, &u))
		return -1;
	*v = unzigzag(u);
	if ((type == THRIFT_I16 && (*v < INT16_MIN || *v > INT16_MAX)) ||
	    (type == THRIFT_I32 && (*v < INT32_MIN || *v > INT32_MAX)))
		return fail(t, "a number in the metadata is out of range");
	return 0;
}

int thrift_i32(struct thrift *t, int type, int32_t *v)
{
	int64_t x;

	if (thrift_i64(t, type, &x))
		return -1;
	if (x < INT32_MIN || x > INT32_MAX)
		return fail(t, "a number in the metadata is out of range");
	*v = (int32_t)x;
	return 0;
}

int thrift_bool(struct thrift *t, int type, int in_list, int *v)
{
	if (t->why)
		return -1;
	if (in_list) {
		if (type != THRIFT_TRUE && type != THRIFT_FALSE)
			return fail(t, "a metadata field holds a value of the wrong type");
		if (t->p >= t->end)
			return fail(t, "the metadata ends inside a list");
		*v = *t->p++ == THRIFT_TRUE;
		return 0;
	}
	if (type == THRIFT_TRUE || type == THRIFT_FALSE) {
		*v = type == THRIFT_TRUE;
		return 0;
	}
	return fail(t, "a metadata field holds a value of the wrong type");
}

int thrift_double(struct thrift *t, int type, double *v)
{
	uint64_t u = 0;

	if (t->why)
		return -1;
	if (type != THRIFT_DOUBLE)
		return fail(t, "a metadata field holds a value of the wrong type");
	if (t->end - t->p < 8)
		return fail(t, "the metadata ends inside a number");
	for (int i = 7; i >= 0; i--)
		u = (u << 8) | t->p[i];
	t->p += 8;
	memcpy(v, &u, sizeof(*v));
	return 0;
}

int thrift_binary(struct thrift *t, int type, const uint8_t **p, size_t *n)
{
	uint64_t len;

	if (t->why)
		return -1;
	if (type != THRIFT_BINARY)
		return fail(t, "a metadata field holds a value of the wrong type");
	if (varint(t, &len))
		return -1;
	if (len > (uint64_t)(t->end - t->p))
		return fail(t, "a string in the metadata runs past its end");
	*p = t->p;
	*n = (size_t)len;
	t->p += len;
	return 0;
}

int thrift_list(struct thrift *t, int type, int *elem, uint32_t *count)
{
	uint8_t b;
	uint64_t n;

	if (t->why)
		return -1;
	if (type != THRIFT_LIST && type != THRIFT_SET)
		return fail(t, "a metadata field holds a value of the wrong type");
	if (t->p >= t->end)
		return fail(t, "the metadata ends inside a list");
	b = *t->p++;
	*elem = b & 0x0f;
	n = b >> 4;
	if (n == 15 && varint(t, &n))
		return -1;
	if (*elem == THRIFT_STOP || *elem > THRIFT_STRUCT)
		return fail(t, "unknown list element type in the metadata");
	if (n > (uint64_t)(t->end - t->p))
		return fail(t, "a list in the metadata is longer than the metadata");
	*count = (uint32_t)n;
	return 0;
}

static int skip(struct thrift *t, int type, int in_list, int depth)
{
	int64_t i;
	const uint8_t *p;
	size_t n;
	double d;
	int b, elem;
	uint32_t count;

	if (t->why)
		return -1;
	if (depth > THRIFT_MAX_DEPTH)
		return fail(t, "the metadata is nested too deeply");
	switch (type) {
	case THRIFT_TRUE:
	case THRIFT_FALSE:
		return in_list ? thrift_bool(t, type, 1, &b) : 0;
	case THRIFT_BYTE:
	case THRIFT_I16:
	case THRIFT_I32:
	case THRIFT_I64:
		return thrift_i64(t, type, &i);
	case THRIFT_DOUBLE:
		return thrift_double(t, type, &d);
	case THRIFT_BINARY:
		return thrift_binary(t, type, &p, &n);
	case THRIFT_LIST:
	case THRIFT_SET:
		if (thrift_list(t, type, &elem, &count))
			return -1;
		for (uint32_t k = 0; k < count; k++)
			if (skip(t, elem, 1, depth + 1))
				return -1;
		return 0;
	case THRIFT_MAP: {
		uint64_t m;
		uint8_t kv;
		if (varint(t, &m))
			return -1;
		if (m == 0)
			return 0;
		if (m > (uint64_t)(t->end - t->p))
			return fail(t, "a map in the metadata is longer than the metadata");
		if (t->p >= t->end)
			return fail(t, "the metadata ends inside a map");
		kv = *t->p++;
		if ((kv >> 4) == 0 || (kv >> 4) > THRIFT_STRUCT ||
		    (kv & 0x0f) == 0 || (kv & 0x0f) > THRIFT_STRUCT)
			return fail(t, "unknown map element type in the metadata");
		for (uint64_t k = 0; k < m; k++)
			if (skip(t, kv >> 4, 1, depth + 1) ||
			    skip(t, kv & 0x0f, 1, depth + 1))
				return -1;
		return 0;
	}
	case THRIFT_STRUCT: {
		int16_t last = 0, id;
		int ft, rc;
		while ((rc = thrift_field(t, &last, &ft, &id)) == 1)
			if (skip(t, ft, 0, depth + 1))
				return -1;
		return rc;
	}
	default:
		return fail(t, "unknown type in the metadata");
	}
}

int thrift_skip(struct thrift *t, int type)
{
	return skip(t, type, 0, 0);
}
