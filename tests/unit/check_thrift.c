#include <check.h>
#include <string.h>

#include "data/thrift.h"
#include "suites.h"

/* Hand-encoded compact-protocol bytes (the Thrift compact protocol spec:
 * field header = delta << 4 | type, or type then a zigzag i16 id; ints are
 * zigzag varints; binary = varint length + bytes; list header = count << 4
 * | element type, count 15 meaning a varint count follows). */

START_TEST(test_fields_and_values)
{
	static const uint8_t b[] = {
		0x15, 0x05,             /* 1: i32 -3 (zigzag 5) */
		0x18, 0x02, 'a', 'b',   /* 2: binary "ab" */
		0x06, 0x28, 0xD8, 0x04, /* 20 (long form, zigzag 40): i64 300 */
		0x11,                   /* 21: bool true */
		0x12,                   /* 22: bool false */
		0x17, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, /* 23: double 1.5 */
		0x00,
	};
	struct thrift t;
	int16_t last = 0, id;
	int ty, bv;
	int32_t i32;
	int64_t i64;
	const uint8_t *p;
	size_t n;
	double d;

	thrift_init(&t, b, sizeof(b));
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(id, 1);
	ck_assert_int_eq(ty, THRIFT_I32);
	ck_assert_int_eq(thrift_i32(&t, ty, &i32), 0);
	ck_assert_int_eq(i32, -3);
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(id, 2);
	ck_assert_int_eq(thrift_binary(&t, ty, &p, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert(memcmp(p, "ab", 2) == 0);
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(id, 20);
	ck_assert_int_eq(thrift_i64(&t, ty, &i64), 0);
	ck_assert_int_eq(i64, 300);
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(id, 21);
	ck_assert_int_eq(thrift_bool(&t, ty, 0, &bv), 0);
	ck_assert_int_eq(bv, 1);
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(id, 22);
	ck_assert_int_eq(thrift_bool(&t, ty, 0, &bv), 0);
	ck_assert_int_eq(bv, 0);
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(thrift_double(&t, ty, &d), 0);
	ck_assert(d == 1.5);
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 0);
	ck_assert_uint_eq(thrift_pos(&t), sizeof(b));
	ck_assert_ptr_null(t.why);
}
END_TEST

START_TEST(test_lists_and_skip)
{
	static const uint8_t b[] = {
		0x35, 0x02, 0x04, 0x06,       /* list<i32> [1, 2, 3] */
		0x02, 0x85, 0x01, 'k', 0x02, 0x01, 'v', 0x04, /* map<binary,i32> {"k": 1, "v": 2} */
		0x1C, 0x15, 0x02, 0x29, 0x21, 0x01, 0x02, 0x00, 0x00, /* struct {1: 1, 3: list<bool> [t, f]} */
		0x7F,                         /* not consumed */
	};
	struct thrift t;
	int elem;
	uint32_t count;
	int32_t v;
	int16_t last = 0, id;
	int ty;

	thrift_init(&t, b, sizeof(b));
	ck_assert_int_eq(thrift_list(&t, THRIFT_LIST, &elem, &count), 0);
	ck_assert_int_eq(elem, THRIFT_I32);
	ck_assert_uint_eq(count, 3);
	for (int i = 1; i <= 3; i++) {
		ck_assert_int_eq(thrift_i32(&t, elem, &v), 0);
		ck_assert_int_eq(v, i);
	}
	ck_assert_int_eq(thrift_skip(&t, THRIFT_MAP), 0);
	ck_assert_uint_eq(thrift_pos(&t), 12);
	/* the struct: read its first field, skip the rest */
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(ty, THRIFT_STRUCT);
	ck_assert_int_eq(thrift_skip(&t, ty), 0);
	ck_assert_uint_eq(thrift_pos(&t), sizeof(b) - 2);
	ck_assert_ptr_null(t.why);
}
END_TEST

START_TEST(test_bounds)
{
	/* a list claiming 20 elements with 2 bytes left */
	static const uint8_t longlist[] = {0xF5, 0x14, 0x02, 0x04};
	/* a string longer than the buffer */
	static const uint8_t longstr[] = {0x18, 0x10, 'a'};
	/* a varint of eleven continuation bytes */
	static const uint8_t longvar[] = {0x16, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
					  0xFF, 0xFF, 0xFF, 0xFF, 0x01};
	/* an i32 field holding 2^33 */
	static const uint8_t big32[] = {0x15, 0x80, 0x80, 0x80, 0x80, 0x40};
	/* a struct that never ends */
	static const uint8_t open[] = {0x15, 0x02};
	/* a type code 13 */
	static const uint8_t badtype[] = {0x1D};
	uint8_t deep[201];
	struct thrift t;
	int elem, ty;
	uint32_t count;
	int16_t last = 0, id;
	const uint8_t *p;
	size_t n;
	int64_t i64;
	int32_t i32;

	thrift_init(&t, longlist, sizeof(longlist));
	ck_assert_int_eq(thrift_list(&t, THRIFT_LIST, &elem, &count), -1);
	ck_assert_ptr_nonnull(t.why);

	thrift_init(&t, longstr, sizeof(longstr));
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(thrift_binary(&t, ty, &p, &n), -1);
	/* errors are sticky */
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), -1);

	last = 0;
	thrift_init(&t, longvar, sizeof(longvar));
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(thrift_i64(&t, ty, &i64), -1);

	last = 0;
	thrift_init(&t, big32, sizeof(big32));
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(thrift_i32(&t, ty, &i32), -1);

	thrift_init(&t, open, sizeof(open));
	ck_assert_int_eq(thrift_skip(&t, THRIFT_STRUCT), -1);

	last = 0;
	thrift_init(&t, badtype, sizeof(badtype));
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), -1);

	/* 100 nested structs: deeper than THRIFT_MAX_DEPTH */
	for (int i = 0; i < 100; i++) {
		deep[i] = 0x1C;
		deep[100 + i] = 0x00;
	}
	deep[200] = 0x00;
	thrift_init(&t, deep, sizeof(deep));
	ck_assert_int_eq(thrift_skip(&t, THRIFT_STRUCT), -1);
	ck_assert_str_eq(t.why, "the metadata is nested too deeply");
	/* 20 nested structs are fine */
	thrift_init(&t, deep + 80, 41);
	ck_assert_int_eq(thrift_skip(&t, THRIFT_STRUCT), 0);

	/* a wrong type for the value asked for */
	last = 0;
	thrift_init(&t, longstr, sizeof(longstr));
	ck_assert_int_eq(thrift_field(&t, &last, &ty, &id), 1);
	ck_assert_int_eq(thrift_i32(&t, ty, &i32), -1);
}
END_TEST

Suite *suite_thrift(void)
{
	Suite *s = suite_create("thrift");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_fields_and_values);
	tcase_add_test(tc, test_lists_and_skip);
	tcase_add_test(tc, test_bounds);
	suite_add_tcase(s, tc);
	return s;
}
