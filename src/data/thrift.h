/* thrift: a pull decoder for the Thrift compact protocol, the encoding of
 * Parquet's metadata (file footer and page headers).  The caller walks a
 * struct field by field and reads or skips each value; every length and
 * count is checked against the bytes that remain, nesting is capped, and
 * the first problem is kept in `why` (the decoder then refuses to go on).
 * The decoder reads a caller-owned buffer and allocates nothing. */
#ifndef MLGATE_THRIFT_H
#define MLGATE_THRIFT_H

#include <stddef.h>
#include <stdint.h>

/* Compact protocol type codes (field headers and collection headers). */
enum thrift_type {
	THRIFT_STOP = 0,
	THRIFT_TRUE = 1, /* a bool field whose value is true; BOOL in lists */
	THRIFT_FALSE = 2,
	THRIFT_BYTE = 3,
	THRIFT_I16 = 4,
	THRIFT_I32 = 5,
	THRIFT_I64 = 6,
	THRIFT_DOUBLE = 7,
	THRIFT_BINARY = 8,
	THRIFT_LIST = 9,
	THRIFT_SET = 10,
	THRIFT_MAP = 11,
	THRIFT_STRUCT = 12,
};

#define THRIFT_MAX_DEPTH 64

struct thrift {
	const uint8_t *start, *p, *end;
	const char *why; /* first error (static text), NULL while fine */
};

void thrift_init(struct thrift *t, const void *buf, size_t n);
/* Bytes consumed so far. */
size_t thrift_pos(const struct thrift *t);

/* The next field of the struct being read.  *last holds the previous field
 * id of this struct (start it at 0 for each struct).  1 with *type and *id
 * set, 0 at the struct's end (STOP), -1 on error. */
int thrift_field(struct thrift *t, int16_t *last, int *type, int16_t *id);

/* Values.  `type` is the type from the field (or list) header; a value of
 * another type is an error.  Integers accept BYTE/I16/I32/I64 and check
 * the range of the result.  A bool field's value is in its type
 * (TRUE/FALSE); thrift_bool also reads the one-byte bools of a list when
 * `in_list` is 1. */
int thrift_i64(struct thrift *t, int type, int64_t *v);
int thrift_i32(struct thrift *t, int type, int32_t *v);
int thrift_bool(struct thrift *t, int type, int in_list, int *v);
int thrift_double(struct thrift *t, int type, double *v);
/* Binary and string: points into the buffer. */
int thrift_binary(struct thrift *t, int type, const uint8_t **p, size_t *n);
/* A list or set header: element type and count (count <= bytes left, as
 * every element takes at least one byte). */
int thrift_list(struct thrift *t, int type, int *elem, uint32_t *count);
/* Skip one value of `type` (nested structs and collections included). */
int thrift_skip(struct thrift *t, int type);

#endif
