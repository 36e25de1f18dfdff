#include "ext/jsondoc.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ext/yamltree.h"

#define NONFINITE_MARK '\x01'
/* A string of the input that itself begins with \x01 or \x02 gets a \x02
 * in front, removed again after parsing, so that only the marked tokens
 * begin with NONFINITE_MARK (a CSV column may well be named "\x01id"). */
#define LITERAL_MARK '\x02'

static int starts_with_mark(const char *s, size_t n)
{
	if (n >= 1 && (s[0] == NONFINITE_MARK || s[0] == LITERAL_MARK))
		return 1;
	return n >= 6 && (memcmp(s, "\\u0001", 6) == 0 ||
			  memcmp(s, "\\u0002", 6) == 0);
}

static const cJSON *C(const struct jval *v)
{
	return (const cJSON *)v;
}

/* Why the number lexeme at s (the maximal run of number characters, n
 * bytes) is not an RFC 8259 number, or NULL when it is one.  cJSON hands
 * the run to strtod, which takes "01", "1." and "-.5". */
static const char *bad_number(const char *s, size_t n)
{
	size_t i = 0;

	if (i < n && s[i] == '-')
		i++;
	if (i == n || s[i] < '0' || s[i] > '9')
		return "a digit must follow '-'";
	if (s[i] == '0' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
		return "a number must not start with 0 (leading zeros are not JSON)";
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < n && s[i] == '.') {
		i++;
		if (i == n || s[i] < '0' || s[i] > '9')
			return "a digit must follow the decimal point";
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i == n || s[i] < '0' || s[i] > '9')
			return "an exponent needs digits";
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i == n ? NULL : "not a JSON number";
}

static int number_char(char c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
	       c == '+' || c == '-';
}

/* Copy `text`, turning the bare tokens NaN, Infinity and -Infinity (outside
 * strings) into marked strings that are converted to raw nodes after
 * parsing, and checking every number outside strings against RFC 8259
 * (*bad_num, *bad_why: the first that is not one).  Returns a new buffer;
 * *outlen its length. */
static char *mark_nonfinite(const char *text, size_t len, size_t *outlen,
			    const char **nul_escape, const char **bad_num,
			    const char **bad_why)
{
	static const char *const toks[] = {"-Infinity", "Infinity", "NaN", NULL};
	struct sbuf sb = SBUF_INIT;
	int in_str = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_str) {
			if (c == '\\' && i + 1 < len) {
				if (!*nul_escape && len - i >= 6 &&
				    memcmp(text + i + 1, "u0000", 5) == 0)
					*nul_escape = text + i;
				sbuf_add(&sb, text + i, 2);
				i++;
				continue;
			}
			if (c == '"')
				in_str = 0;
			sbuf_addc(&sb, c);
			continue;
		}
		if (c == '"') {
			in_str = 1;
			sbuf_addc(&sb, c);
			if (starts_with_mark(text + i + 1, len - i - 1))
				sbuf_adds(&sb, "\\u0002");
			continue;
		}
		for (size_t t = 0; toks[t]; t++) {
			size_t tl = strlen(toks[t]);
			if (len - i >= tl && memcmp(text + i, toks[t], tl) == 0) {
				sbuf_adds(&sb, "\"\\u0001");
				sbuf_adds(&sb, toks[t]);
				sbuf_addc(&sb, '"');
				i += tl - 1;
				goto next;
			}
		}
		if (c == '-' || (c >= '0' && c <= '9')) {
			size_t k = i;
			const char *why;
			while (k < len && number_char(text[k]))
				k++;
			/* a number cut by the end of the file is reported as
			 * truncation, by cJSON */
			why = k < len ? bad_number(text + i, k - i) : NULL;
			if (why && !*bad_num) {
				*bad_num = text + i;
				*bad_why = why;
			}
			sbuf_add(&sb, text + i, k - i);
			i = k - 1;
			continue;
		}
		sbuf_addc(&sb, c);
next:;
	}
	*outlen = sb.len;
	return sbuf_detach(&sb);
}

static int cmp_names(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(x->string, y->string);
}

/* Objects with at least this many members keep a sorted index of them in
 * their otherwise unused `valuestring` (cJSON_Delete frees it) and the
 * count in `valueint`, so that looking up thousands of metrics in a file
 * with a million keys stays fast. */
#define INDEX_MIN 16

/* Sort the members of `obj` (n of them) by name; keep the result as the
 * object's index when it is large.  Returns a duplicated name or NULL. */
static const char *index_members(cJSON *obj, size_t n)
{
	cJSON **v;
	const char *dup = NULL;
	size_t i = 0;

	if (n < 2)
		return NULL;
	v = xmalloc(n * sizeof(*v));
	for (cJSON *c = obj->child; c; c = c->next)
		v[i++] = c;
	qsort(v, n, sizeof(*v), cmp_names);
	for (i = 1; i < n && !dup; i++)
		if (strcmp(v[i - 1]->string, v[i]->string) == 0)
			dup = v[i]->string;
	if (dup || n < INDEX_MIN || n > INT_MAX || obj->valuestring) {
		free(v);
		return dup;
	}
	obj->valuestring = (char *)v;
	obj->valueint = (int)n;
	return NULL;
}

static void drop_first(char *s)
{
	memmove(s, s + 1, strlen(s));
}

/* Undo mark_nonfinite on one node: its key and its string value. */
static void unmark(cJSON *c)
{
	if (c->string && c->string[0] == LITERAL_MARK &&
	    !(c->type & cJSON_StringIsConst))
		drop_first(c->string);
	if (!cJSON_IsString(c) || !c->valuestring)
		return;
	if (c->valuestring[0] == NONFINITE_MARK) {
		drop_first(c->valuestring);
		c->type = cJSON_Raw | (c->type & cJSON_StringIsConst);
	} else if (c->valuestring[0] == LITERAL_MARK) {
		drop_first(c->valuestring);
	}
}

/* Convert marked strings to raw nodes (when `marks`), find duplicate keys
 * and index large objects.  Returns the first duplicated key name or NULL. */
static const char *fixup(cJSON *node, int depth, int marks)
{
	const char *dup = NULL;
	size_t n = 0;

	if (depth > 1100)
		return NULL; /* cJSON's own nesting limit stops before this */
	for (cJSON *c = node->child; c; c = c->next) {
		n++;
		if (marks)
			unmark(c);
		if (!dup && (cJSON_IsObject(c) || cJSON_IsArray(c)))
			dup = fixup(c, depth + 1, marks);
	}
	if (!dup && cJSON_IsObject(node))
		dup = index_members(node, n);
	return dup;
}

static void position(const char *text, const char *at, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (const char *p = text; p < at; p++) {
		if (*p == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

struct jval *jv_parse(const char *text, size_t len, const char *file,
		      int bad_code, struct mg_error *err)
{
	char *buf;
	size_t blen;
	const char *end = NULL, *dup, *nul = NULL, *num = NULL, *num_why = NULL;
	cJSON *root;
	size_t i = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' ||
			   text[i] == '\n' || text[i] == '\r'))
		i++;
	if (i == len) {
		mg_errorf(err, bad_code, file, 0, 0, "file is empty");
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		int line, col;
		position(text, memchr(text, '\0', len), &line, &col);
		mg_errorf(err, bad_code, file, line, col,
			  "invalid JSON: NUL byte in input");
		return NULL;
	}
	buf = mark_nonfinite(text, len, &blen, &nul, &num, &num_why);
	if (num && (!nul || num < nul)) {
		int line, col, n = 0;
		position(text, num, &line, &col);
		while (num + n < text + len && n < 40 && number_char(num[n]))
			n++;
		free(buf);
		mg_errorf(err, bad_code, file, line, col, "invalid JSON: '%.*s': %s", n,
			  num, num_why);
		return NULL;
	}
	if (nul) {
		/* C strings would cut "f1\u0000x" to "f1": a different key */
		int line, col;
		position(text, nul, &line, &col);
		free(buf);
		mg_errorf(err, bad_code, file, line, col,
			  "invalid JSON: \\u0000 (NUL) in a string is not supported");
		return NULL;
	}
	root = cJSON_ParseWithLengthOpts(buf, blen + 1, &end, 1);
	if (!root) {
		int line, col;
		const char *at = end ? end : cJSON_GetErrorPtr();
		if (!at || at < buf || at > buf + blen)
			at = buf + blen;
		position(buf, at, &line, &col);
		mg_errorf(err, bad_code, file, line, col, "%s",
			  at >= buf + blen ? "invalid JSON: unexpected end of input (truncated?)"
					   : "invalid JSON");
		free(buf);
		return NULL;
	}
	free(buf);
	unmark(root);
	dup = fixup(root, 0, 1);
	if (dup) {
		mg_errorf(err, bad_code, file, 0, 0,
			  "duplicate key '%s' (JSON parsers disagree on which one wins, so mlgate refuses)",
			  dup);
		cJSON_Delete(root);
		return NULL;
	}
	return (struct jval *)root;
}

static cJSON *from_ynode(const struct ynode *n)
{
	cJSON *o;
	double d;
	int b;

	switch (n->kind) {
	case Y_MAP:
		o = cJSON_CreateObject();
		for (size_t i = 0; i < n->n; i++)
			cJSON_AddItemToObject(o, n->keys[i]->str,
					      from_ynode(n->items[i]));
		return o;
	case Y_SEQ:
		o = cJSON_CreateArray();
		for (size_t i = 0; i < n->n; i++)
			cJSON_AddItemToArray(o, from_ynode(n->items[i]));
		return o;
	case Y_SCALAR:
		break;
	}
	if (ynode_is_null(n))
		return cJSON_CreateNull();
	if (ynode_bool(n, &b) == 0)
		return cJSON_CreateBool(b);
	if (ynode_number(n, &d) == 0)
		return cJSON_CreateNumber(d);
	if (ynode_is_nonfinite(n))
		return cJSON_CreateRaw(n->str);
	return cJSON_CreateString(n->str);
}

struct jval *jv_from_ynode(const struct ynode *n)
{
	cJSON *c = from_ynode(n);
	if (!c) {
		fputs("mlgate: out of memory\n", stderr);
		abort();
	}
	(void)fixup(c, 0, 0); /* YAML keys are unique already; index only */
	return (struct jval *)c;
}

void jv_free(struct jval *v)
{
	cJSON_Delete((cJSON *)v);
}

enum jtype jv_type(const struct jval *v)
{
	const cJSON *c = C(v);

	if (!c || cJSON_IsNull(c))
		return J_NULL;
	if (cJSON_IsBool(c))
		return J_BOOL;
	if (cJSON_IsNumber(c))
		return J_NUMBER;
	if (cJSON_IsString(c))
		return J_STRING;
	if (cJSON_IsArray(c))
		return J_ARRAY;
	if (cJSON_IsObject(c))
		return J_OBJECT;
	return J_NONFINITE;
}

const char *jv_type_name(const struct jval *v)
{
	static const char *const names[] = {
		"null", "a boolean", "a number", "a string", "a list",
		"an object", "not a finite number",
	};
	return names[jv_type(v)];
}

double jv_number(const struct jval *v)
{
	return cJSON_IsNumber(C(v)) ? C(v)->valuedouble : NAN;
}

int jv_bool(const struct jval *v)
{
	return cJSON_IsTrue(C(v));
}

const char *jv_string(const struct jval *v)
{
	const cJSON *c = C(v);
	return c && (cJSON_IsString(c) || cJSON_IsRaw(c)) ? c->valuestring : NULL;
}

size_t jv_size(const struct jval *v)
{
	const cJSON *c = C(v);
	size_t n = 0;

	if (!c || !(cJSON_IsArray(c) || cJSON_IsObject(c)))
		return 0;
	for (const cJSON *e = c->child; e; e = e->next)
		n++;
	return n;
}

struct jval *jv_next(const struct jval *e)
{
	const cJSON *c = C(e);
	return c ? (struct jval *)c->next : NULL;
}

struct jval *jv_at(const struct jval *v, size_t i)
{
	const cJSON *c = C(v);

	if (!c || !(cJSON_IsArray(c) || cJSON_IsObject(c)))
		return NULL;
	for (const cJSON *e = c->child; e; e = e->next)
		if (i-- == 0)
			return (struct jval *)e;
	return NULL;
}

const char *jv_key(const struct jval *member)
{
	return member ? C(member)->string : NULL;
}

struct jval *jv_get(const struct jval *obj, const char *key)
{
	const cJSON *c = C(obj);

	if (!c || !cJSON_IsObject(c) || !key)
		return NULL;
	if (c->valuestring && c->valueint >= INDEX_MIN) {
		cJSON *const *v = (cJSON *const *)(const void *)c->valuestring;
		size_t lo = 0, hi = (size_t)c->valueint;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int r = strcmp(v[mid]->string, key);
			if (r == 0)
				return (struct jval *)v[mid];
			if (r < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return NULL;
	}
	return (struct jval *)cJSON_GetObjectItemCaseSensitive(c, key);
}

int jv_get_number(const struct jval *obj, const char *key, double *out)
{
	const struct jval *v = jv_get(obj, key);

	if (jv_type(v) != J_NUMBER || !isfinite(jv_number(v)))
		return -1;
	*out = jv_number(v);
	return 0;
}

const char *jsondoc_version(void)
{
	return cJSON_Version();
}
