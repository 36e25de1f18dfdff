/* fuzz target: the YAML reader (yamltree) and its conversion to JSON values,
 * as used for policies and DVC-style metrics files. */
#include "fuzz.h"

#include <string.h>

#include "ext/jsondoc.h"
#include "ext/yamltree.h"

static size_t walk(const struct ynode *n, int depth)
{
	size_t count = 1;
	double d;
	int b;

	FUZZ_ASSERT(depth <= YAML_MAX_DEPTH + 1);
	FUZZ_ASSERT(n->line >= 1 && n->col >= 1);
	(void)ynode_kind_name(n);
	if (n->kind == Y_SCALAR) {
		FUZZ_ASSERT(n->str && n->raw && strlen(n->str) <= n->len);
		if (ynode_number(n, &d) == 0)
			FUZZ_ASSERT(d == d && d - d == 0); /* finite */
		(void)ynode_bool(n, &b);
		(void)ynode_is_null(n);
		(void)ynode_is_nonfinite(n);
		return count;
	}
	for (size_t i = 0; i < n->n; i++) {
		if (n->kind == Y_MAP) {
			FUZZ_ASSERT(n->keys[i]->kind == Y_SCALAR);
			/* keys are unique, so lookup finds this very value */
			FUZZ_ASSERT(ynode_get(n, n->keys[i]->str) == n->items[i]);
		}
		count += walk(n->items[i], depth + 1);
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_error err;
	struct ynode *root;

	memset(&err, 0, sizeof(err));
	root = yaml_parse((const char *)data, size, "fuzz.yml", 2, &err);
	if (!root) {
		FUZZ_ASSERT(err.code == 2 && err.msg[0]);
		return 0;
	}
	FUZZ_ASSERT(walk(root, 0) <= YAML_MAX_NODES);
	jv_free(jv_from_ynode(root));
	ynode_free(root);
	return 0;
}
