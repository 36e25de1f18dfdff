/* fuzz target: esc_yaml, the escaper behind every name and value `mlgate
 * init` writes.  Arbitrary bytes are escaped, placed as a mapping value, a
 * list item and (when short enough for a YAML simple key) a mapping key,
 * parsed back with yamltree, and must read as exactly the input: byte for
 * byte when it is valid UTF-8, else with each invalid byte as U+FFFD (a
 * YAML file is UTF-8).  A plain scalar must not resolve to null, a
 * boolean or a number; a value escaped for expansion must give the input
 * back once `$${` is read as `${`, as mlgate's expansion does.  A NUL
 * byte is written as \\x00, which yamltree refuses: the parse must fail. */
#include "fuzz.h"

#include <string.h>

#include "common/escape.h"
#include "ext/yamltree.h"

/* The input as a YAML file can hold it: invalid bytes as U+FFFD. */
static void expected(struct sbuf *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq_len(p + i, n - i);
		if (len == 0) {
			sbuf_adds(out, "\xEF\xBF\xBD");
			i++;
		} else {
			sbuf_add(out, p + i, len);
			i += len;
		}
	}
}

/* `$${` -> `${`, the literal rule of the policy's ${VAR} expansion. */
static void unexpand(struct sbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (i + 2 < n && s[i] == '$' && s[i + 1] == '$' && s[i + 2] == '{') {
			sbuf_adds(out, "${");
			i += 3;
		} else {
			sbuf_addc(out, s[i++]);
		}
	}
}

static void check_scalar(const struct ynode *n, const struct sbuf *want,
			 int expand)
{
	struct sbuf got = SBUF_INIT;
	double d;
	int b;

	FUZZ_ASSERT(n && n->kind == Y_SCALAR);
	if (n->plain) {
		FUZZ_ASSERT(!ynode_is_null(n));
		FUZZ_ASSERT(ynode_bool(n, &b) != 0);
		FUZZ_ASSERT(ynode_number(n, &d) != 0);
		FUZZ_ASSERT(!ynode_is_nonfinite(n));
	}
	if (expand)
		unexpand(&got, n->str, n->len);
	else
		sbuf_add(&got, n->str, n->len);
	FUZZ_ASSERT(got.len == want->len);
	FUZZ_ASSERT(memcmp(sbuf_str(&got), sbuf_str(want), want->len) == 0);
	sbuf_release(&got);
}

static void round_trip(const uint8_t *data, size_t size, int expand)
{
	struct sbuf want = SBUF_INIT, esc = SBUF_INIT, doc = SBUF_INIT;
	struct mg_error err;
	struct ynode *root;

	expected(&want, data, size);
	esc_yaml(&esc, (const char *)data, size, expand);
	FUZZ_ASSERT(memchr(sbuf_str(&esc), '\n', esc.len) == NULL);

	/* a value and a list item */
	sbuf_adds(&doc, "k: ");
	sbuf_add(&doc, esc.buf, esc.len);
	sbuf_adds(&doc, "   # comment\nl:\n  - ");
	sbuf_add(&doc, esc.buf, esc.len);
	sbuf_adds(&doc, "\n  - x\n");
	memset(&err, 0, sizeof(err));
	root = yaml_parse(doc.buf, doc.len, "fuzz.yml", 2, &err);
	if (memchr(data, 0, size)) {
		/* written as \x00, which yamltree refuses: a NUL cannot be in
		 * a policy (`mlgate init` refuses such a name first) */
		FUZZ_ASSERT(!root && err.code == 2);
		goto out;
	}
	FUZZ_ASSERT(root && root->kind == Y_MAP && root->n == 2);
	check_scalar(ynode_get(root, "k"), &want, expand);
	FUZZ_ASSERT(ynode_get(root, "l")->kind == Y_SEQ && ynode_get(root, "l")->n == 2);
	check_scalar(ynode_get(root, "l")->items[0], &want, expand);
	ynode_free(root);

	/* a key (not expanded by mlgate); YAML limits simple keys to 1024
	 * characters, which `mlgate init` checks before writing one */
	if (!expand && esc.len <= 1000) {
		doc.len = 0;
		sbuf_add(&doc, esc.buf, esc.len);
		sbuf_adds(&doc, ": v\n");
		root = yaml_parse(doc.buf, doc.len, "fuzz.yml", 2, &err);
		FUZZ_ASSERT(root && root->kind == Y_MAP && root->n == 1);
		{
			struct sbuf got = SBUF_INIT;
			sbuf_add(&got, root->keys[0]->str, root->keys[0]->len);
			FUZZ_ASSERT(got.len == want.len &&
				    memcmp(sbuf_str(&got), sbuf_str(&want), want.len) == 0);
			sbuf_release(&got);
		}
		ynode_free(root);
	}
out:
	sbuf_release(&want);
	sbuf_release(&esc);
	sbuf_release(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	round_trip(data, size, 0);
	round_trip(data, size, 1);
	return 0;
}
