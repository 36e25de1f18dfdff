/* fuzz target: `mlgate check-run`'s reading of a JSON report and of
 * GitHub's answer (src/cli/checkrun.c).  Input: REPORT "\n%%\n" ANSWER.
 * Invariants: a report is read or refused with a message; a read one has
 * conclusion success, neutral or failure -- failure whenever the report's
 * status is not "pass" or a gate failed or could not be evaluated --, a
 * summary within GitHub's 65535 characters, and request bodies that are
 * JSON objects with output.title, output.summary and at most 50
 * annotations, each with path, a line >= 1, a level, a message and a
 * title within their limits (in characters), and together exactly the
 * run's annotations; an answer's id is >= 0. */
#include "fuzz.h"

#include <string.h>

#include "cli/checkrun.h"
#include "ext/jsondoc.h"

/* Characters of UTF-8 text (GitHub's limits count characters; an invalid
 * byte is written as one U+FFFD). */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static size_t check_body(const struct checkrun *cr, size_t k)
{
	struct sbuf body = SBUF_INIT;
	struct mg_error err;
	struct jval *doc;
	const struct jval *out, *ann;
	size_t n;

	checkrun_body(cr, k, "mlgate", "0123456789abcdef0123456789abcdef01234567", &body);
	doc = jv_parse(body.buf, body.len, "body", 3, &err);
	FUZZ_ASSERT(doc && jv_type(doc) == J_OBJECT);
	FUZZ_ASSERT((k == 0) == (jv_get(doc, "head_sha") != NULL));
	out = jv_get(doc, "output");
	FUZZ_ASSERT(jv_string(jv_get(out, "title")) && jv_string(jv_get(out, "summary")));
	FUZZ_ASSERT(chars(jv_string(jv_get(out, "summary"))) <= CHECKRUN_SUMMARY_MAX);
	ann = jv_get(out, "annotations");
	FUZZ_ASSERT(ann && jv_type(ann) == J_ARRAY);
	n = jv_size(ann);
	FUZZ_ASSERT(n <= CHECKRUN_BATCH);
	for (size_t i = 0; i < n; i++) {
		const struct jval *a = jv_at(ann, i);
		const char *level = jv_string(jv_get(a, "annotation_level"));
		double line;

		FUZZ_ASSERT(jv_string(jv_get(a, "path")) && jv_string(jv_get(a, "path"))[0]);
		FUZZ_ASSERT(jv_get_number(a, "start_line", &line) == 0 && line >= 1);
		FUZZ_ASSERT(level && (strcmp(level, "failure") == 0 || strcmp(level, "warning") == 0 ||
				      strcmp(level, "notice") == 0));
		FUZZ_ASSERT(jv_string(jv_get(a, "message")) && jv_string(jv_get(a, "message"))[0]);
		FUZZ_ASSERT(chars(jv_string(jv_get(a, "title"))) <= CHECKRUN_TITLE_MAX);
		FUZZ_ASSERT(chars(jv_string(jv_get(a, "message"))) <= CHECKRUN_MESSAGE_MAX);
	}
	jv_free(doc);
	sbuf_release(&body);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	size_t rlen = fuzz_next_part(&p, end, "\n%%\n", 4), total = 0;
	struct checkrun cr;
	struct mg_error err;

	memset(&err, 0, sizeof(err));
	if (checkrun_from_report(&cr, (const char *)data, rlen, "r.json", &err) < 0) {
		FUZZ_ASSERT(err.msg[0]);
	} else {
		const char *c = cr.conclusion;

		FUZZ_ASSERT(strcmp(c, "success") == 0 || strcmp(c, "neutral") == 0 ||
			    strcmp(c, "failure") == 0);
		if (strcmp(cr.r.status, "pass") != 0 || cr.r.summary.failed || cr.r.summary.errored)
			FUZZ_ASSERT(strcmp(c, "failure") == 0);
		FUZZ_ASSERT(strlen(cr.summary) <= CHECKRUN_SUMMARY_MAX);
		for (size_t k = 0; k < checkrun_requests(&cr); k++)
			total += check_body(&cr, k);
		FUZZ_ASSERT(total == cr.n);
	}
	checkrun_release(&cr);
	FUZZ_ASSERT(checkrun_id((const char *)p, (size_t)(end - p)) >= 0);
	return 0;
}
