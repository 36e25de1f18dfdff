#include "ext/yamltree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "common/hash.h"

struct builder {
	yaml_parser_t parser;
	const char *file;
	int bad_code;
	size_t nodes;
	struct mg_error *err;
};

static struct ynode *node_new(enum ynode_kind kind, int line, int col)
{
	struct ynode *n = xcalloc(1, sizeof(*n));
	n->kind = kind;
	n->line = line;
	n->col = col;
	return n;
}

struct ynode *ynode_new_scalar(const char *s, int plain, int line, int col)
{
	struct ynode *n = node_new(Y_SCALAR, line, col);
	n->len = strlen(s);
	n->str = xstrndup(s, n->len);
	n->raw = xstrndup(s, n->len);
	n->plain = plain;
	return n;
}

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		if (n->keys)
			ynode_free(n->keys[i]);
		ynode_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->str);
	free(n->raw);
	free(n);
}

static void append(struct ynode *parent, struct ynode *key,
		   struct ynode *value)
{
	size_t cap = parent->cap;
	parent->items = xgrow(parent->items, &cap, parent->n + 1,
			      sizeof(*parent->items));
	if (parent->kind == Y_MAP) {
		size_t kcap = parent->cap;
		parent->keys = xgrow(parent->keys, &kcap, parent->n + 1,
				     sizeof(*parent->keys));
		parent->keys[parent->n] = key;
	}
	parent->cap = cap;
	parent->items[parent->n++] = value;
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->items[i];
	return NULL;
}

void ynode_map_set(struct ynode *map, const char *key, struct ynode *value)
{
	for (size_t i = 0; i < map->n; i++) {
		if (strcmp(map->keys[i]->str, key) == 0) {
			ynode_free(map->items[i]);
			map->items[i] = value;
			return;
		}
	}
	append(map, ynode_new_scalar(key, 1, value->line, value->col), value);
}

/* The keys of one mapping, hashed, so that checking for duplicates stays
 * linear: a 4 MiB policy can hold several hundred thousand keys. */
struct keyset {
	size_t *slot; /* index + 1 into the map's keys; 0 = empty */
	size_t cap;   /* a power of two, or 0 */
};

/* Insert key i of `map`; returns the index of an equal key already there,
 * or (size_t)-1. */
static size_t keyset_add(struct keyset *ks, const struct ynode *map, size_t i)
{
	size_t mask;

	if ((i + 1) * 2 > ks->cap) {
		size_t ncap = ks->cap ? ks->cap * 2 : 16;
		while ((i + 1) * 2 > ncap)
			ncap *= 2;
		free(ks->slot);
		ks->slot = xcalloc(ncap, sizeof(*ks->slot));
		ks->cap = ncap;
		for (size_t j = 0; j < i; j++) {
			size_t h = (size_t)hash_fnv1a_str(map->keys[j]->str) & (ncap - 1);
			while (ks->slot[h])
				h = (h + 1) & (ncap - 1);
			ks->slot[h] = j + 1;
		}
	}
	mask = ks->cap - 1;
	for (size_t h = (size_t)hash_fnv1a_str(map->keys[i]->str) & mask;; h = (h + 1) & mask) {
		if (!ks->slot[h]) {
			ks->slot[h] = i + 1;
			return (size_t)-1;
		}
		if (strcmp(map->keys[ks->slot[h] - 1]->str, map->keys[i]->str) == 0)
			return ks->slot[h] - 1;
	}
}

static int fail_at(struct builder *b, int line, int col, const char *msg,
		   const char *arg)
{
	return mg_errorf(b->err, b->bad_code, b->file, line, col, "%s%s", msg, arg);
}

static int parser_error(struct builder *b)
{
	const yaml_parser_t *p = &b->parser;
	const yaml_mark_t *m = &p->problem_mark;

	if (p->context)
		return mg_errorf(b->err, b->bad_code, b->file, (int)m->line + 1,
				 (int)m->column + 1,
				 "invalid YAML: %s (%s started at line %d, column %d)",
				 p->problem ? p->problem : "syntax error", p->context,
				 (int)p->context_mark.line + 1,
				 (int)p->context_mark.column + 1);
	return mg_errorf(b->err, b->bad_code, b->file, (int)m->line + 1,
			 (int)m->column + 1, "invalid YAML: %s",
			 p->problem ? p->problem : "syntax error");
}

/* Parse the node whose first event is `ev` (consumed by the caller's
 * yaml_parser_parse); recursion depth is bounded by YAML_MAX_DEPTH. */
static struct ynode *build(struct builder *b, yaml_event_t *ev, int depth)
{
	int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
	struct ynode *n = NULL;

	if (++b->nodes > YAML_MAX_NODES) {
		fail_at(b, line, col, "document has too many nodes (limit 1000000)", "");
		return NULL;
	}
	if (depth > YAML_MAX_DEPTH) {
		fail_at(b, line, col, "document is nested too deeply (limit 64)", "");
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		fail_at(b, line, col,
			"YAML aliases (*name) are not allowed: write the value out", "");
		return NULL;
	case YAML_SCALAR_EVENT:
		/* "\0" in a quoted scalar: C strings would silently cut the
		 * value (a key "min\0x" would read as "min") */
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length)) {
			fail_at(b, line, col, "a NUL character (\\0) is not allowed in a value", "");
			return NULL;
		}
		n = node_new(Y_SCALAR, line, col);
		n->len = ev->data.scalar.length;
		n->str = xstrndup((const char *)ev->data.scalar.value, n->len);
		n->raw = xstrndup(n->str, n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			   !ev->data.scalar.tag;
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int is_map = ev->type == YAML_MAPPING_START_EVENT;
		struct keyset ks = {NULL, 0};
		n = node_new(is_map ? Y_MAP : Y_SEQ, line, col);
		for (;;) {
			yaml_event_t child;
			struct ynode *key = NULL, *value;

			if (!yaml_parser_parse(&b->parser, &child)) {
				parser_error(b);
				goto map_fail;
			}
			if (child.type == YAML_SEQUENCE_END_EVENT ||
			    child.type == YAML_MAPPING_END_EVENT) {
				yaml_event_delete(&child);
				free(ks.slot);
				return n;
			}
			if (is_map) {
				if (child.type != YAML_SCALAR_EVENT) {
					fail_at(b, (int)child.start_mark.line + 1,
						(int)child.start_mark.column + 1,
						"mapping keys must be plain strings", "");
					yaml_event_delete(&child);
					goto map_fail;
				}
				key = build(b, &child, depth + 1);
				yaml_event_delete(&child);
				if (!key)
					goto map_fail;
				if (!yaml_parser_parse(&b->parser, &child)) {
					ynode_free(key);
					parser_error(b);
					goto map_fail;
				}
			}
			value = build(b, &child, depth + 1);
			yaml_event_delete(&child);
			if (!value) {
				ynode_free(key);
				goto map_fail;
			}
			append(n, key, value);
			if (is_map && keyset_add(&ks, n, n->n - 1) != (size_t)-1) {
				key = n->keys[n->n - 1];
				mg_errorf(b->err, b->bad_code, b->file, key->line,
					  key->col, "duplicate key '%s'", key->str);
				goto map_fail;
			}
		}
map_fail:
		free(ks.slot);
		goto fail;
	}
	default:
		fail_at(b, line, col, "unexpected YAML event", "");
		return NULL;
	}
fail:
	ynode_free(n);
	return NULL;
}

struct ynode *yaml_parse(const char *text, size_t len, const char *file,
			 int bad_code, struct mg_error *err)
{
	struct builder b;
	yaml_event_t ev;
	struct ynode *root = NULL;
	int docs = 0;

	memset(&b, 0, sizeof(b));
	b.file = file;
	b.bad_code = bad_code;
	b.err = err;
	if (!yaml_parser_initialize(&b.parser)) {
		mg_errorf(err, bad_code, file, 0, 0, "cannot initialise YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&b.parser, &ev)) {
			parser_error(&b);
			goto fail;
		}
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			if (++docs > 1) {
				fail_at(&b, (int)ev.start_mark.line + 1,
					(int)ev.start_mark.column + 1,
					"more than one YAML document", "");
				yaml_event_delete(&ev);
				goto fail;
			}
		} else if (ev.type != YAML_STREAM_START_EVENT &&
			   ev.type != YAML_DOCUMENT_END_EVENT) {
			root = build(&b, &ev, 0);
			if (!root) {
				yaml_event_delete(&ev);
				goto fail;
			}
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&b.parser);
	if (!root)
		root = node_new(Y_MAP, 1, 1);
	return root;
fail:
	yaml_parser_delete(&b.parser);
	ynode_free(root);
	return NULL;
}

int ynode_is_null(const struct ynode *n)
{
	if (!n)
		return 1;
	if (n->kind != Y_SCALAR || !n->plain)
		return 0;
	return n->len == 0 || strcmp(n->str, "~") == 0 ||
	       strcasecmp(n->str, "null") == 0;
}

int ynode_bool(const struct ynode *n, int *out)
{
	if (!n || n->kind != Y_SCALAR || !n->plain)
		return -1;
	if (strcasecmp(n->str, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcasecmp(n->str, "false") == 0) {
		*out = 0;
		return 0;
	}
	return -1;
}

int ynode_number(const struct ynode *n, double *out)
{
	if (!n || n->kind != Y_SCALAR || !n->plain)
		return -1;
	return mg_parse_double(n->str, n->len, out);
}

int ynode_is_nonfinite(const struct ynode *n)
{
	static const char *const spellings[] = {
		".nan", ".inf", "+.inf", "-.inf", "nan", "inf", "-inf", "+inf",
		"infinity", "-infinity", NULL,
	};
	if (!n || n->kind != Y_SCALAR || !n->plain)
		return 0;
	for (size_t i = 0; spellings[i]; i++)
		if (strcasecmp(n->str, spellings[i]) == 0)
			return 1;
	return 0;
}

const char *ynode_kind_name(const struct ynode *n)
{
	double d;
	int b;

	if (!n)
		return "nothing";
	switch (n->kind) {
	case Y_MAP:
		return "a mapping";
	case Y_SEQ:
		return "a list";
	case Y_SCALAR:
		break;
	}
	if (ynode_is_null(n))
		return "null";
	if (ynode_bool(n, &b) == 0)
		return "a boolean";
	if (ynode_number(n, &d) == 0)
		return "a number";
	return "a string";
}

const char *yamltree_version(void)
{
	return yaml_get_version_string();
}
