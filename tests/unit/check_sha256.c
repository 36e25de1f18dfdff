/* SHA-256 against the FIPS 180-2 example vectors and digests computed with
 * Python's hashlib (the commands are in the comments). */
#include "suites.h"
#include <stdlib.h>
#include <string.h>

#include "common/sha256.h"

static void hex_of(const void *data, size_t n, const char *want)
{
	char hex[65];

	sha256_hex(data, n, hex);
	ck_assert_str_eq(hex, want);
}

START_TEST(test_fips_vectors)
{
	/* FIPS 180-2, appendix B: one block, two blocks, a million 'a' */
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char *million = malloc(1000000);

	hex_of("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(million, 'a', 1000000);
	hex_of(million, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}
END_TEST

START_TEST(test_padding_edges_and_streaming)
{
	/* python3 -c "import hashlib; print(hashlib.sha256(b'x'*N).hexdigest())"
	 * for N = 55, 56, 64 (the lengths around the padding boundary), and
	 * bytes(range(256))*3 */
	unsigned char all[768], d1[32], d2[32];
	char x[64];
	struct sha256 s;

	memset(x, 'x', sizeof(x));
	hex_of(x, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	hex_of(x, 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
	hex_of(x, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
	for (size_t i = 0; i < sizeof(all); i++)
		all[i] = (unsigned char)(i % 256);
	hex_of(all, sizeof(all), "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363");

	/* fed in uneven pieces, the same digest as in one piece */
	sha256_init(&s);
	sha256_update(&s, all, sizeof(all));
	sha256_final(&s, d1);
	sha256_init(&s);
	for (size_t i = 0, step = 1; i < sizeof(all); i += step, step = step % 70 + 7)
		sha256_update(&s, all + i, i + step > sizeof(all) ? sizeof(all) - i : step);
	sha256_final(&s, d2);
	ck_assert(memcmp(d1, d2, 32) == 0);
}
END_TEST

Suite *suite_sha256(void)
{
	Suite *s = suite_create("sha256");
	TCase *tc = tcase_create("vectors");

	tcase_add_test(tc, test_fips_vectors);
	tcase_add_test(tc, test_padding_edges_and_streaming);
	suite_add_tcase(s, tc);
	return s;
}
