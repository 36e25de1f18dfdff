#define _POSIX_C_SOURCE 200809L
/* fuzz target: a metrics file and metric lookups in it.  Input: a first line
 * of lookup paths separated by spaces (dot paths or JSON Pointers), then the
 * file.  The first byte of the file part picks YAML when it is '#'. */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "core/metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	size_t plen = fuzz_next_part(&p, end, "\n", 1);
	char *paths = malloc(plen + 1);
	const char *name;
	struct mg_error err;
	struct jval *doc;

	memcpy(paths, data, plen);
	paths[plen] = '\0';
	name = p < end && *p == '#' ? "fuzz-metrics.yaml" : "fuzz-metrics.json";
	memset(&err, 0, sizeof(err));
	doc = metrics_parse((const char *)p, (size_t)(end - p), name, &err);
	if (!doc) {
		FUZZ_ASSERT(err.code == 3 && err.msg[0]);
		free(paths);
		return 0;
	}
	FUZZ_ASSERT(jv_type(doc) == J_OBJECT);
	for (char *save = NULL, *path = strtok_r(paths, " ", &save); path;
	     path = strtok_r(NULL, " ", &save)) {
		char why[300];
		double v;
		if (metrics_number(doc, path, &v, why, sizeof(why)) == 0)
			FUZZ_ASSERT(isfinite(v)); /* never a NaN that could pass */
		else
			FUZZ_ASSERT(why[0] != '\0'); /* and a reason when not */
		(void)metrics_find(doc, path, NULL, 0);
	}
	jv_free(doc);
	free(paths);
	return 0;
}
