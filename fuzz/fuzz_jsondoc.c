/* fuzz target: the JSON reader (jsondoc) used for metrics files, frozen
 * profiles and registry responses. */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "ext/jsondoc.h"

static void walk(const struct jval *v, int depth)
{
	size_t n = jv_size(v);

	FUZZ_ASSERT(depth < 2000);
	(void)jv_type_name(v);
	switch (jv_type(v)) {
	case J_NUMBER:
		(void)jv_number(v);
		break;
	case J_STRING:
	case J_NONFINITE:
		FUZZ_ASSERT(jv_string(v) != NULL);
		break;
	case J_OBJECT:
		for (size_t i = 0; i < n; i++) {
			const struct jval *m = jv_at(v, i);
			double d;
			FUZZ_ASSERT(m && jv_key(m));
			/* duplicate keys are refused, so lookup finds this member */
			FUZZ_ASSERT(jv_get(v, jv_key(m)) == m);
			if (jv_get_number(v, jv_key(m), &d) == 0)
				FUZZ_ASSERT(isfinite(d));
			walk(m, depth + 1);
		}
		break;
	case J_ARRAY:
		for (size_t i = 0; i < n; i++)
			walk(jv_at(v, i), depth + 1);
		FUZZ_ASSERT(jv_at(v, n) == NULL);
		break;
	default:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_error err;
	struct jval *doc;

	memset(&err, 0, sizeof(err));
	doc = jv_parse((const char *)data, size, "fuzz.json", 3, &err);
	if (!doc) {
		FUZZ_ASSERT(err.code == 3 && err.msg[0]);
		return 0;
	}
	walk(doc, 0);
	jv_free(doc);
	return 0;
}
