/* fuzz target: judging a probe's response against `expect:` (latency_expect)
 * and quoting it.  Input: "MODE\nEXPECTED\nPOINTER\nBODY" -- MODE '=' is
 * equals (EXPECTED is JSON), '~' contains, 't' the text form; an empty
 * POINTER means none. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <string.h>

#include "ext/jsondoc.h"
#include "model/latency_expect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size, *a, *b;
	size_t na, nb;
	char mode, why[1200], q[LT_QUOTE_MAX * 4 + 8];
	struct lt_expect x;
	struct mg_error e;
	int rc;

	if (size < 2)
		return 0;
	mode = (char)data[0];
	p = data + 1;
	(void)fuzz_next_part(&p, end, "\n", 1);
	a = p;
	na = fuzz_next_part(&p, end, "\n", 1);
	b = p;
	nb = fuzz_next_part(&p, end, "\n", 1);
	memset(&x, 0, sizeof(x));
	x.set = 1;
	if (nb && b[0] == '/')
		x.json_path = strndup((const char *)b, nb);
	if (mode == '=' && x.json_path) {
		x.equals = jv_parse((const char *)a, na, "expected", 3, &e);
		x.equals_shown = strndup((const char *)a, na);
		if (!x.equals)
			goto done;
	} else if (mode == '~' && na) {
		x.contains = strndup((const char *)a, na);
		if (!x.contains[0])
			goto done;
	} else {
		x.equals_text = strndup((const char *)a, na);
	}
	why[0] = '\0';
	rc = lt_expect_check(&x, (const char *)p, (size_t)(end - p), why, sizeof(why));
	FUZZ_ASSERT(rc == 0 || rc == -1);
	if (rc < 0)
		FUZZ_ASSERT(strncmp(why, "wrong answer: ", 14) == 0);
	/* the quote is bounded and printable ASCII only */
	lt_quote((const char *)p, (size_t)(end - p), q, sizeof(q));
	FUZZ_ASSERT(strlen(q) <= LT_QUOTE_MAX + 4 + 3 + 2);
	for (const char *c = q; *c; c++)
		FUZZ_ASSERT(*c >= 0x20 && *c < 0x7f);
done:
	free(x.json_path);
	jv_free(x.equals);
	free(x.equals_shown);
	free(x.contains);
	free(x.equals_text);
	return 0;
}
