#include "common/jsonw.h"

#include <math.h>
#include <string.h>

#include "common/escape.h"

void jw_init(struct jsonw *w, struct sbuf *out, int pretty)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
}

static void newline(struct jsonw *w)
{
	if (!w->pretty)
		return;
	sbuf_addc(w->out, '\n');
	for (int i = 0; i < w->depth; i++)
		sbuf_adds(w->out, "  ");
}

/* Separator and indentation before a value (or a key). */
static void before_value(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (w->count[w->depth - 1]++ > 0)
			sbuf_addc(w->out, ',');
		newline(w);
	}
}

static void open(struct jsonw *w, char c)
{
	before_value(w);
	sbuf_addc(w->out, c);
	if (w->depth < JW_MAX_DEPTH)
		w->count[w->depth] = 0;
	w->depth++;
}

static void close(struct jsonw *w, char c)
{
	int had = w->depth <= JW_MAX_DEPTH ? w->count[w->depth - 1] : 1;
	w->depth--;
	if (had)
		newline(w);
	sbuf_addc(w->out, c);
}

void jw_obj_open(struct jsonw *w) { open(w, '{'); }
void jw_obj_close(struct jsonw *w) { close(w, '}'); }
void jw_arr_open(struct jsonw *w) { open(w, '['); }
void jw_arr_close(struct jsonw *w) { close(w, ']'); }

void jw_key(struct jsonw *w, const char *key)
{
	before_value(w);
	esc_json(w->out, key, strlen(key));
	sbuf_adds(w->out, w->pretty ? ": " : ":");
	w->after_key = 1;
}

void jw_strn(struct jsonw *w, const char *s, size_t n)
{
	before_value(w);
	esc_json(w->out, s, n);
}

void jw_str(struct jsonw *w, const char *s)
{
	if (!s)
		jw_null(w);
	else
		jw_strn(w, s, strlen(s));
}

void jw_num(struct jsonw *w, double v)
{
	char buf[40];

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	before_value(w);
	if (v == 0)
		v = 0; /* no "-0" in reports */
	mg_fmt_double(buf, sizeof(buf), v);
	sbuf_adds(w->out, buf);
}

void jw_int(struct jsonw *w, long long v)
{
	before_value(w);
	sbuf_addf(w->out, "%lld", v);
}

void jw_bool(struct jsonw *w, int v)
{
	before_value(w);
	sbuf_adds(w->out, v ? "true" : "false");
}

void jw_null(struct jsonw *w)
{
	before_value(w);
	sbuf_adds(w->out, "null");
}

void jw_raw(struct jsonw *w, const char *json)
{
	before_value(w);
	sbuf_adds(w->out, json);
}

void jw_kstr(struct jsonw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_knum(struct jsonw *w, const char *key, double v)
{
	jw_key(w, key);
	jw_num(w, v);
}

void jw_kint(struct jsonw *w, const char *key, long long v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kbool(struct jsonw *w, const char *key, int v)
{
	jw_key(w, key);
	jw_bool(w, v);
}
