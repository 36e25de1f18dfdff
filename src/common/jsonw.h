/* jsonw: a small streaming JSON writer over struct sbuf, used by every JSON
 * output (reports, profiles, drift, metrics).  Numbers are written so that
 * they read back to the same double; non-finite numbers become null. */
#ifndef MLGATE_JSONW_H
#define MLGATE_JSONW_H

#include "common/util.h"

#define JW_MAX_DEPTH 64

struct jsonw {
	struct sbuf *out;
	int pretty;
	int depth;
	int count[JW_MAX_DEPTH]; /* items written at each level */
	int after_key;
};

void jw_init(struct jsonw *w, struct sbuf *out, int pretty);
void jw_obj_open(struct jsonw *w);
void jw_obj_close(struct jsonw *w);
void jw_arr_open(struct jsonw *w);
void jw_arr_close(struct jsonw *w);
void jw_key(struct jsonw *w, const char *key);
void jw_str(struct jsonw *w, const char *s);  /* NULL writes null */
void jw_strn(struct jsonw *w, const char *s, size_t n);
void jw_num(struct jsonw *w, double v);
void jw_int(struct jsonw *w, long long v);
void jw_bool(struct jsonw *w, int v);
void jw_null(struct jsonw *w);
void jw_raw(struct jsonw *w, const char *json); /* a complete JSON value */

/* Shorthands for "key": value inside an object. */
void jw_kstr(struct jsonw *w, const char *key, const char *s);
void jw_knum(struct jsonw *w, const char *key, double v);
void jw_kint(struct jsonw *w, const char *key, long long v);
void jw_kbool(struct jsonw *w, const char *key, int v);

#endif
