/* fuzz target: reading a frozen profile JSON (`reference: ref.json`), then
 * writing it out again and using its columns.  Input: the JSON file. */
#include "fuzz.h"

#include <string.h>

#include "ext/jsondoc.h"
#include "data/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p;
	struct mg_error err;
	struct sbuf sb;
	struct jval *v;

	memset(&err, 0, sizeof(err));
	if (profile_load_json(fuzz_memfile(0, data, size), &p, &err) < 0) {
		FUZZ_ASSERT(err.code == 3 && err.msg[0]);
		return 0;
	}
	for (size_t i = 0; i < p.ncols; i++) {
		struct colstats *c = &p.cols[i];
		int approx;
		size_t idx[COLSTATS_TOP], n;
		(void)colstats_mean(c);
		(void)colstats_std(c);
		(void)colstats_distinct(c, &approx);
		n = colstats_top(c, idx, COLSTATS_TOP);
		FUZZ_ASSERT(n <= COLSTATS_TOP);
		FUZZ_ASSERT(profile_column(&p, c->name) != NULL);
	}
	sbuf_init(&sb, 0);
	profile_write_json(&p, &sb);
	FUZZ_ASSERT(fuzz_utf8_ok((const unsigned char *)sbuf_str(&sb), sb.len));
	v = jv_parse(sbuf_str(&sb), sb.len, "profile.json", 3, &err);
	if (!v) {
		fprintf(stderr, "%s\n%s\n", sbuf_str(&sb), err.msg);
		FUZZ_ASSERT(v != NULL);
	}
	jv_free(v);
	sbuf_release(&sb);
	sbuf_init(&sb, 0);
	profile_write_text(&p, &sb);
	FUZZ_ASSERT(fuzz_utf8_ok((const unsigned char *)sbuf_str(&sb), sb.len));
	sbuf_release(&sb);
	profile_release(&p);
	return 0;
}
