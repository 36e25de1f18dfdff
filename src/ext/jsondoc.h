/* jsondoc: read-only JSON documents (cJSON underneath; the only module that
 * sees <cjson/cJSON.h>).  Used for metrics files, frozen profiles and HTTP
 * responses.  Parsing is strict: a UTF-8 BOM is skipped, duplicate object
 * keys are rejected, and the non-standard NaN/Infinity literals Python's
 * json.dump writes are kept as "non-finite" values so that a gate on them
 * fails closed with a clear message instead of the whole file being garbage. */
#ifndef MLGATE_JSONDOC_H
#define MLGATE_JSONDOC_H

#include <stddef.h>

#include "common/util.h"

struct ynode;
struct jval; /* a node inside a document; owned by the document */

enum jtype { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT, J_NONFINITE };

/* Parse JSON text.  On error returns NULL with err (code `bad_code`) naming
 * file:line:col.  Free the result with jv_free. */
struct jval *jv_parse(const char *text, size_t len, const char *file,
		      int bad_code, struct mg_error *err);
/* Convert a YAML tree (plain scalars resolved to null/bool/number). */
struct jval *jv_from_ynode(const struct ynode *n);
void jv_free(struct jval *v);

enum jtype jv_type(const struct jval *v);
const char *jv_type_name(const struct jval *v); /* "null", "a string", ... */
double jv_number(const struct jval *v);         /* J_NUMBER (may be inf from 1e999) */
int jv_bool(const struct jval *v);
const char *jv_string(const struct jval *v);    /* J_STRING; the literal for J_NONFINITE */
size_t jv_size(const struct jval *v);           /* arrays and objects */
struct jval *jv_at(const struct jval *v, size_t i);      /* array element / object member */
const char *jv_key(const struct jval *member);           /* name of an object member */
/* The element after e in its array or object, or NULL: walking with
 * jv_at(v, 0) and jv_next is linear, where jv_at(v, i) for each i is not. */
struct jval *jv_next(const struct jval *e);
struct jval *jv_get(const struct jval *obj, const char *key); /* NULL when absent */

/* Strict finite number: 0 and *out, or -1 (absent, other type, not finite). */
int jv_get_number(const struct jval *obj, const char *key, double *out);

const char *jsondoc_version(void);

#endif
