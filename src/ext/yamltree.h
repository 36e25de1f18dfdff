/* yamltree: a YAML document (libyaml) as a small tree of nodes that carry
 * their file positions.  The only module that sees <yaml.h>.  Aliases are
 * refused (no expansion bombs), duplicate keys and non-scalar keys are
 * errors, nesting depth and node count are bounded. */
#ifndef MLGATE_YAMLTREE_H
#define MLGATE_YAMLTREE_H

#include <stddef.h>

#include "common/util.h"

enum ynode_kind { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ynode_kind kind;
	int line, col;       /* 1-based position of the node's start */
	/* scalars */
	char *str;           /* value (after ${VAR} expansion for policies) */
	char *raw;           /* as written in the file (secrets stay unexpanded) */
	size_t len;
	int plain;           /* 1 for an unquoted scalar: may be a number, bool, null */
	int deferred;        /* policies: str still holds a ${VAR} that is not set,
			      * left for later (only under `promote:`) */
	/* maps (keys[i] -> items[i]) and sequences (items[i]) */
	struct ynode **keys;
	struct ynode **items;
	size_t n, cap;
};

#define YAML_MAX_DEPTH 64
#define YAML_MAX_NODES 1000000

/* Parse `len` bytes of YAML.  `file` names the input in error messages.
 * Returns the root node (caller frees with ynode_free) or NULL with err set
 * (err->code is `bad_code`: 2 for a policy, 3 for a metrics file).  An empty
 * document yields an empty map. */
struct ynode *yaml_parse(const char *text, size_t len, const char *file,
			 int bad_code, struct mg_error *err);
void ynode_free(struct ynode *n);

/* Map lookup by key; NULL when absent or `map` is not a map. */
struct ynode *ynode_get(const struct ynode *map, const char *key);
/* A scalar node, new, for programmatic edits (--set). */
struct ynode *ynode_new_scalar(const char *s, int plain, int line, int col);
/* Append to a map (key copied) or replace an existing key's value. */
void ynode_map_set(struct ynode *map, const char *key, struct ynode *value);

/* YAML 1.2 core-schema resolution of plain scalars. */
int ynode_is_null(const struct ynode *n);            /* ~, null, empty plain */
int ynode_bool(const struct ynode *n, int *out);     /* true/false (any case) */
int ynode_number(const struct ynode *n, double *out); /* finite numbers only */
/* 1 when the plain scalar spells a non-finite number (.nan, .inf, -.inf). */
int ynode_is_nonfinite(const struct ynode *n);
const char *ynode_kind_name(const struct ynode *n);

/* libyaml's version string, for --version. */
const char *yamltree_version(void);

#endif
