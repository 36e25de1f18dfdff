/* latency_expect: the answer a probe expects. */
#define _GNU_SOURCE
#include "model/latency_expect.h"

#include <stdio.h>
#include <string.h>

#include "common/trust.h"
#include "core/metrics.h"
#include "ext/jsondoc.h"

void lt_quote(const char *s, size_t n, char *buf, size_t size)
{
	struct sbuf clean = SBUF_INIT, out = SBUF_INIT;
	size_t k;

	/* scrub the whole text first: a secret cut in two by the bound would
	 * not be recognised */
	trust_scrub(&clean, s, n);
	for (k = 0; k < clean.len && out.len < LT_QUOTE_MAX; k++) {
		unsigned char ch = (unsigned char)sbuf_str(&clean)[k];
		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			sbuf_add(&out, (const char *)&ch, 1);
		else if (ch == '\n')
			sbuf_adds(&out, "\\n");
		else if (ch == '\r')
			sbuf_adds(&out, "\\r");
		else if (ch == '\t')
			sbuf_adds(&out, "\\t");
		else
			sbuf_addf(&out, "\\x%02x", ch);
	}
	snprintf(buf, size, "'%s'%s", sbuf_str(&out), k < clean.len ? "..." : "");
	sbuf_release(&clean);
	sbuf_release(&out);
}

static int jv_equal(const struct jval *a, const struct jval *b)
{
	size_t n;

	if (jv_type(a) != jv_type(b))
		return 0;
	switch (jv_type(a)) {
	case J_NULL:
		return 1;
	case J_BOOL:
		return !jv_bool(a) == !jv_bool(b);
	case J_NUMBER:
		return jv_number(a) == jv_number(b);
	case J_STRING:
	case J_NONFINITE:
		return strcmp(jv_string(a), jv_string(b)) == 0;
	case J_ARRAY:
		n = jv_size(a);
		if (n != jv_size(b))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!jv_equal(jv_at(a, i), jv_at(b, i)))
				return 0;
		return 1;
	case J_OBJECT:
		n = jv_size(a);
		if (n != jv_size(b))
			return 0;
		for (size_t i = 0; i < n; i++) {
			const struct jval *m = jv_at(a, i), *o = jv_get(b, jv_key(m));
			if (!o || !jv_equal(m, o))
				return 0;
		}
		return 1;
	}
	return 0;
}

static int wrong(char *why, size_t size, const char *body, size_t len, const char *what)
{
	char q[LT_QUOTE_MAX * 4 + 8];

	lt_quote(body, len, q, sizeof(q));
	snprintf(why, size, "wrong answer: %s (response %s)", what, q);
	return -1;
}

int lt_expect_check(const struct lt_expect *x, const char *body, size_t len,
		    char *why, size_t why_size)
{
	struct jval *doc;
	const struct jval *v;
	struct mg_error e;
	char what[200], where[120];
	int rc = 0;

	if (!x->set)
		return 0;
	if (!x->json_path) {
		size_t n = len;
		if (x->equals_text) {
			while (n && (body[n - 1] == '\n' || body[n - 1] == '\r'))
				n--;
			if (n != strlen(x->equals_text) || memcmp(body, x->equals_text, n) != 0)
				return wrong(why, why_size, body, len, "the response is not the expected text");
		}
		if (x->contains && !memmem(body, len, x->contains, strlen(x->contains)))
			return wrong(why, why_size, body, len, "the expected text is not in the response");
		return 0;
	}
	doc = jv_parse(body, len, "response", MG_EXIT_INPUT, &e);
	if (!doc)
		return wrong(why, why_size, body, len, "the response is not JSON");
	v = metrics_find(doc, x->json_path, where, sizeof(where));
	if (!v) {
		snprintf(what, sizeof(what), "no %s in the response", x->json_path);
		rc = wrong(why, why_size, body, len, what);
	} else if (x->equals && !jv_equal(v, x->equals)) {
		snprintf(what, sizeof(what), "%s is not %.80s", x->json_path, x->equals_shown);
		rc = wrong(why, why_size, body, len, what);
	} else if (x->contains && (jv_type(v) != J_STRING ||
				   !strstr(jv_string(v), x->contains))) {
		if (jv_type(v) != J_STRING)
			snprintf(what, sizeof(what), "%s is %s, not a string", x->json_path,
				 jv_type_name(v));
		else
			snprintf(what, sizeof(what), "%s does not contain '%.80s'", x->json_path,
				 x->contains);
		rc = wrong(why, why_size, body, len, what);
	}
	jv_free(doc);
	return rc;
}
