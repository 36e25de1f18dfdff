#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "ext/gz.h"
#include "suites.h"

/* Test streams are built here from stored (uncompressed) deflate blocks,
 * RFC 1951 section 3.2.4, in a gzip member (RFC 1952), so the expected
 * output is known without another compressor. */
static unsigned long crc32_of(const unsigned char *p, size_t n)
{
	unsigned long c = 0xffffffffUL;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320UL & (0UL - (c & 1)));
	}
	return c ^ 0xffffffffUL;
}

static void put_le(struct sbuf *sb, unsigned long v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		sbuf_addc(sb, (char)((v >> (8 * i)) & 0xff));
}

static void gzip_member(struct sbuf *sb, const char *data, size_t n)
{
	static const char header[] = "\x1f\x8b\x08\0\0\0\0\0\0\xff";
	size_t at = 0;

	sbuf_add(sb, header, 10);
	do {
		size_t k = n - at < 65535 ? n - at : 65535;
		sbuf_addc(sb, at + k == n ? 1 : 0); /* BFINAL, BTYPE 00 */
		put_le(sb, k, 2);
		put_le(sb, ~k & 0xffff, 2);
		sbuf_add(sb, data + at, k);
		at += k;
	} while (at < n);
	put_le(sb, crc32_of((const unsigned char *)data, n), 4);
	put_le(sb, n & 0xffffffffUL, 4);
}

struct sink {
	struct sbuf out;
	size_t calls, largest;
	int fail_at; /* fail on this call (1-based), 0 = never */
};

static int collect(void *ctx, const char *buf, size_t n, struct mg_error *err)
{
	struct sink *s = ctx;

	s->calls++;
	if (n > s->largest)
		s->largest = n;
	if (s->fail_at && (int)s->calls == s->fail_at)
		return mg_errorf(err, MG_EXIT_INPUT, "sink", 0, 0, "sink full");
	sbuf_add(&s->out, buf, n);
	return 0;
}

/* Feed `in` in pieces of `step` bytes (0 = whole), then finish. */
static int run(const struct sbuf *in, size_t step, uint64_t max_out,
	       struct sink *s, struct mg_error *err)
{
	struct gz_reader *z = gz_reader_new("t.gz", max_out, collect, s, err);
	int rc = 0;

	ck_assert_ptr_nonnull(z);
	for (size_t at = 0; rc == 0 && at < in->len;) {
		size_t k = step && in->len - at > step ? step : in->len - at;
		rc = gz_reader_feed(z, in->buf + at, k, err);
		at += k;
	}
	if (rc == 0)
		rc = gz_reader_finish(z, err);
	gz_reader_free(z);
	return rc;
}

START_TEST(test_magic)
{
	ck_assert(gz_is_gzip("\x1f\x8b", 2));
	ck_assert(!gz_is_gzip("\x1f", 1));
	ck_assert(!gz_is_gzip("a,b", 3));
	ck_assert(!gz_is_gzip("\x8b\x1f", 2));
}
END_TEST

START_TEST(test_members_in_any_pieces)
{
	struct sbuf in = SBUF_INIT;
	struct mg_error err;
	static const size_t steps[] = {0, 1, 7, 16};

	gzip_member(&in, "hello ", 6);
	gzip_member(&in, "world\n", 6);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct sink s = {SBUF_INIT, 0, 0, 0};
		ck_assert_int_eq(run(&in, steps[i], 0, &s, &err), 0);
		ck_assert_str_eq(sbuf_str(&s.out), "hello world\n");
		sbuf_release(&s.out);
	}
	sbuf_release(&in);
}
END_TEST

START_TEST(test_large_output_in_chunks)
{
	size_t n = 3 * GZ_CHUNK + 12345;
	char *data = xmalloc(n);
	struct sbuf in = SBUF_INIT;
	struct sink s = {SBUF_INIT, 0, 0, 0};
	struct mg_error err;

	for (size_t i = 0; i < n; i++)
		data[i] = (char)('a' + i % 26);
	gzip_member(&in, data, n);
	ck_assert_int_eq(run(&in, 0, 0, &s, &err), 0);
	ck_assert_uint_eq(s.out.len, n);
	ck_assert(memcmp(s.out.buf, data, n) == 0);
	ck_assert_uint_le(s.largest, GZ_CHUNK);
	ck_assert_uint_ge(s.calls, 4);
	/* exactly at the bound passes, one byte less does not */
	sbuf_release(&s.out);
	s.calls = 0;
	ck_assert_int_eq(run(&in, 4096, n, &s, &err), 0);
	sbuf_release(&s.out);
	ck_assert_int_eq(run(&in, 4096, n - 1, &s, &err), -1);
	ck_assert_int_eq(err.code, MG_EXIT_INPUT);
	ck_assert_str_eq(err.file, "t.gz");
	ck_assert_str_eq(err.msg, "gzip data inflates to more than 3158072 bytes");
	sbuf_release(&s.out);
	sbuf_release(&in);
	free(data);
}
END_TEST

START_TEST(test_truncated_and_corrupt)
{
	struct sbuf in = SBUF_INIT, cut = SBUF_INIT;
	struct sink s = {SBUF_INIT, 0, 0, 0};
	struct mg_error err;

	gzip_member(&in, "a,b\n1,2\n", 8);
	sbuf_add(&cut, in.buf, in.len - 3);
	ck_assert_int_eq(run(&cut, 0, 0, &s, &err), -1);
	ck_assert_str_eq(err.msg, "truncated gzip data");
	sbuf_release(&s.out);

	in.buf[in.len - 8] ^= 1; /* the CRC */
	ck_assert_int_eq(run(&in, 0, 0, &s, &err), -1);
	ck_assert_str_eq(err.msg, "corrupt gzip data: incorrect data check");
	sbuf_release(&s.out);

	in.buf[in.len - 8] ^= 1;
	s.calls = 0;
	s.fail_at = 1; /* the consumer's error comes back as it is */
	ck_assert_int_eq(run(&in, 0, 0, &s, &err), -1);
	ck_assert_str_eq(err.msg, "sink full");
	sbuf_release(&s.out);
	sbuf_release(&cut);
	sbuf_release(&in);
}
END_TEST

Suite *suite_gz(void)
{
	Suite *s = suite_create("gz");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_magic);
	tcase_add_test(tc, test_members_in_any_pieces);
	tcase_add_test(tc, test_large_output_in_chunks);
	tcase_add_test(tc, test_truncated_and_corrupt);
	suite_add_tcase(s, tc);
	return s;
}
