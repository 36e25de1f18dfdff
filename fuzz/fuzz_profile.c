/* fuzz target: `mlgate profile` of a CSV file, serial and on two threads
 * (split at a tiny size so the split logic runs), then the profile JSON
 * written, read back and written again.  Input: a flags byte, then the
 * data.  Invariants: serial and parallel profiles give the same JSON; the
 * JSON is valid UTF-8 JSON; a written profile loads back. */
#include "fuzz.h"

#include <string.h>

#include "ext/jsondoc.h"
#include "data/profile.h"

static char *profile_json(const char *path, const struct csv_options *o,
			  int threads, struct mg_error *err)
{
	struct profile_options po;
	struct profile p;
	struct sbuf sb;

	profile_options_init(&po);
	po.threads = threads;
	po.split_min = 16;
	if (profile_csv(path, o, &po, &p, err) < 0)
		return NULL;
	sbuf_init(&sb, 0);
	profile_write_json(&p, &sb);
	{
		struct sbuf text;
		sbuf_init(&text, 0);
		profile_write_text(&p, &text);
		FUZZ_ASSERT(fuzz_utf8_ok((const unsigned char *)sbuf_str(&text), text.len));
		sbuf_release(&text);
	}
	profile_release(&p);
	return sbuf_detach(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_options o;
	struct mg_error e1, e2;
	char *a, *b;
	const char *path;

	if (size < 1)
		return 0;
	csv_options_init(&o);
	o.delimiter = data[0] & 1 ? '\t' : ',';
	o.skip_bad_rows = (data[0] >> 1) & 1;
	path = fuzz_memfile(0, data + 1, size - 1);

	memset(&e1, 0, sizeof(e1));
	memset(&e2, 0, sizeof(e2));
	a = profile_json(path, &o, 1, &e1);
	b = profile_json(path, &o, 2, &e2);
	FUZZ_ASSERT((a == NULL) == (b == NULL));
	if (!a) {
		FUZZ_ASSERT(e1.code == 3 && e1.msg[0]);
		FUZZ_ASSERT(e1.line == e2.line);
		return 0;
	}
	/* the same profile however the file was split */
	if (strcmp(a, b) != 0) {
		fprintf(stderr, "serial:\n%s\nparallel:\n%s\n", a, b);
		FUZZ_ASSERT(strcmp(a, b) == 0);
	}
	FUZZ_ASSERT(fuzz_utf8_ok((const unsigned char *)a, strlen(a)));
	{
		struct mg_error e;
		struct jval *v = jv_parse(a, strlen(a), "profile.json", 3, &e);
		struct profile back;
		struct sbuf sb;

		FUZZ_ASSERT(v != NULL);
		jv_free(v);
		path = fuzz_memfile(1, (const uint8_t *)a, strlen(a));
		if (profile_load_json(path, &back, &e) < 0) {
			fprintf(stderr, "%s\nreload: %d:%d: %s\n", a, e.line, e.col, e.msg);
			FUZZ_ASSERT(!"a written profile loads back");
		}
		sbuf_init(&sb, 0);
		profile_write_json(&back, &sb);
		v = jv_parse(sbuf_str(&sb), sb.len, "profile2.json", 3, &e);
		FUZZ_ASSERT(v != NULL);
		jv_free(v);
		sbuf_release(&sb);
		profile_release(&back);
	}
	free(a);
	free(b);
	return 0;
}
