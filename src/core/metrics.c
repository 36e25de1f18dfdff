#include "core/metrics.h"
#include "common/trust.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ext/yamltree.h"

struct jval *metrics_parse(const char *text, size_t len, const char *name,
			   struct mg_error *err)
{
	struct jval *doc = NULL;

	if (mg_ends_with(name, ".yaml") || mg_ends_with(name, ".yml")) {
		struct ynode *y = yaml_parse(text, len, name, MG_EXIT_INPUT, err);
		if (y && y->kind == Y_MAP && y->n == 0)
			mg_errorf(err, MG_EXIT_INPUT, name, 0, 0, "file is empty");
		else if (y)
			doc = jv_from_ynode(y);
		ynode_free(y);
	} else {
		doc = jv_parse(text, len, name, MG_EXIT_INPUT, err);
	}
	if (doc && jv_type(doc) != J_OBJECT) {
		mg_errorf(err, MG_EXIT_INPUT, name, 0, 0,
			  "metrics must be an object at the top level, not %s",
			  jv_type_name(doc));
		jv_free(doc);
		return NULL;
	}
	return doc;
}

struct jval *metrics_load(const char *path, struct mg_error *err)
{
	size_t len;
	char *text = mg_read_file(path, METRICS_MAX_BYTES, &len, err);
	struct jval *doc;

	if (!text)
		return NULL;
	doc = metrics_parse(text, len, path, err);
	free(text);
	return doc;
}

/* One step: object member `key`, or array element when key is an index. */
static const struct jval *step(const struct jval *v, const char *key)
{
	if (jv_type(v) == J_OBJECT)
		return jv_get(v, key);
	if (jv_type(v) == J_ARRAY) {
		char *end;
		unsigned long i;
		if (!key[0] || (key[0] == '0' && key[1]) || key[0] == '-' || key[0] == '+')
			return NULL;
		i = strtoul(key, &end, 10);
		if (*end)
			return NULL;
		return jv_at(v, i);
	}
	return NULL;
}

/* JSON Pointer (RFC 6901): "/a/b~1c/0". */
static const struct jval *find_pointer(const struct jval *doc, const char *ptr,
				       char *why, size_t why_size)
{
	const struct jval *cur = doc;
	const char *p = ptr + 1;
	struct sbuf tok = SBUF_INIT;

	for (;;) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		sbuf_release(&tok);
		sbuf_add(&tok, "", 0);
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '~' && i + 1 < n && p[i + 1] == '0') {
				sbuf_addc(&tok, '~');
				i++;
			} else if (p[i] == '~' && i + 1 < n && p[i + 1] == '1') {
				sbuf_addc(&tok, '/');
				i++;
			} else {
				sbuf_addc(&tok, p[i]);
			}
		}
		cur = step(cur, sbuf_str(&tok));
		if (!cur) {
			if (why && p == ptr + 1)
				snprintf(why, why_size, "is absent");
			else if (why)
				snprintf(why, why_size, "is absent (no '%s' under '%.*s')",
					 sbuf_str(&tok), (int)(p - ptr - 1), ptr);
			break;
		}
		if (!end)
			break;
		p = end + 1;
	}
	sbuf_release(&tok);
	return cur;
}

static const struct jval *find_dotted(const struct jval *doc, const char *path,
				      char *why, size_t why_size)
{
	const struct jval *cur = doc;
	const char *p = path;

	for (;;) {
		const char *dot = strchr(p, '.');
		char *key = dot ? xstrndup(p, (size_t)(dot - p)) : xstrdup(p);
		const struct jval *next = step(cur, key);

		if (!next) {
			if (why && p == path)
				snprintf(why, why_size, "is absent");
			else if (why)
				snprintf(why, why_size, "is absent ('%.*s' has no '%s')",
					 (int)(p - path - 1), path, key);
			free(key);
			return NULL;
		}
		free(key);
		cur = next;
		if (!dot)
			return cur;
		p = dot + 1;
	}
}

const struct jval *metrics_find(const struct jval *doc, const char *path,
				char *why, size_t why_size)
{
	const struct jval *v;

	if (why && why_size)
		why[0] = '\0';
	if (path[0] == '/')
		return find_pointer(doc, path, why, why_size);
	v = find_dotted(doc, path, why, why_size);
	/* a flat key that itself contains dots ("latency_ms.p95": 12) */
	if (!v && strchr(path, '.'))
		v = jv_get(doc, path);
	return v;
}

int metrics_number(const struct jval *doc, const char *path, double *out,
		   char *why, size_t why_size)
{
	char dummy[8];
	const struct jval *v;

	if (!why) {
		why = dummy;
		why_size = sizeof(dummy);
	}
	v = metrics_find(doc, path, why, why_size);
	if (!v)
		return -1;
	switch (jv_type(v)) {
	case J_NUMBER:
		if (isfinite(jv_number(v))) {
			*out = jv_number(v);
			return 0;
		}
		snprintf(why, why_size, "is %s (not a finite number)",
			 jv_number(v) > 0 ? "+Infinity" : "-Infinity");
		return -1;
	case J_NONFINITE:
		snprintf(why, why_size, "is %s (not a finite number)",
			 jv_string(v));
		return -1;
	case J_STRING: {
		struct sbuf shown = SBUF_INIT;

		trust_echo(&shown, jv_string(v), strlen(jv_string(v)));
		snprintf(why, why_size, "is a string (\"%s\"), not a number",
			 sbuf_str(&shown));
		sbuf_release(&shown);
		return -1;
	}
	default:
		snprintf(why, why_size, "is %s, not a number", jv_type_name(v));
		return -1;
	}
}
