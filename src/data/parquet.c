/* parquet: footer (FileMetaData) -> flattened leaf columns -> for each row
 * group, one streaming cursor per column chunk that walks its pages
 * (dictionary, data v1 and v2), decompresses each page into a buffer of the
 * announced size, decodes definition levels and values, and formats each
 * value as text.  Rows are assembled by pulling one value from every
 * cursor, so memory stays at one page (plus dictionary) per column.
 * Everything read from the file is checked against the file's bounds. */
#define _DEFAULT_SOURCE /* madvise */
#define _POSIX_C_SOURCE 200809L
#include "data/parquet.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/escape.h"
#include "data/thrift.h"
#include "ext/codec.h"
#include "ext/gz.h"

enum { T_BOOLEAN, T_INT32, T_INT64, T_INT96, T_FLOAT, T_DOUBLE, T_BYTE_ARRAY,
       T_FLBA };
enum { REQUIRED, OPTIONAL, REPEATED };
enum { E_PLAIN = 0, E_PLAIN_DICT = 2, E_RLE = 3, E_BIT_PACKED = 4,
       E_DELTA_BP = 5, E_DELTA_LBA = 6, E_DELTA_BA = 7, E_RLE_DICT = 8,
       E_BSS = 9 };
enum { P_DATA = 0, P_INDEX = 1, P_DICT = 2, P_DATA_V2 = 3 };
/* converted types */
enum { C_UTF8 = 0, C_MAP = 1, C_MAP_KV = 2, C_LIST = 3, C_ENUM = 4,
       C_DECIMAL = 5, C_DATE = 6, C_TIME_MILLIS = 7, C_TIME_MICROS = 8,
       C_TS_MILLIS = 9, C_TS_MICROS = 10, C_UINT_8 = 11, C_UINT_64 = 14,
       C_INT_8 = 15, C_INT_64 = 18, C_JSON = 19, C_BSON = 20,
       C_INTERVAL = 21 };
/* logical type union members */
enum { L_NONE = 0, L_STRING = 1, L_MAP = 2, L_LIST = 3, L_ENUM = 4,
       L_DECIMAL = 5, L_DATE = 6, L_TIME = 7, L_TIMESTAMP = 8,
       L_INTEGER = 10, L_UNKNOWN = 11, L_JSON = 12, L_BSON = 13, L_UUID = 14,
       L_FLOAT16 = 15, L_VARIANT = 16, L_GEOMETRY = 17, L_GEOGRAPHY = 18 };

/* How a leaf's values become text. */
enum kind { K_BOOL, K_INT, K_UINT, K_FLOAT, K_DOUBLE, K_HALF, K_DECIMAL,
	    K_DATE, K_TIME, K_TIMESTAMP, K_INT96, K_BYTES, K_UUID, K_NULL };

#define MAX_SCHEMA_DEPTH 64
#define SCRATCH 192
#define MAX_DECIMAL_BYTES 32
#define MAX_DECIMAL_SCALE 60

static const char *const type_names[] = {"BOOLEAN", "INT32", "INT64", "INT96",
					 "FLOAT", "DOUBLE", "BYTE_ARRAY",
					 "FIXED_LEN_BYTE_ARRAY"};

/* --- metadata ------------------------------------------------------------- */

struct schema_el {
	int type; /* -1: a group */
	int32_t type_length;
	int rep;  /* -1: unset */
	char *name;
	int name_nul;      /* the name held a NUL byte */
	int32_t nchildren; /* -1: unset */
	int conv;          /* -1: unset */
	int32_t scale, precision;
	int logical; /* L_* */
	int lt_unit; /* 0 millis, 1 micros, 2 nanos */
	int lt_utc;
	int lt_bits, lt_signed;
	int32_t lt_scale, lt_precision;
};

struct chunk {
	int has_meta, encrypted, external;
	int type, codec;
	int64_t num_values, total_compressed, data_off, dict_off;
	int has_dict_off;
};

struct rowgroup {
	int64_t num_rows;
	uint32_t ncols;
	struct chunk *cols;
};

struct leaf {
	char *name; /* dotted path */
	int type;
	int32_t type_length;
	int max_def;
	enum kind kind;
	int unit;    /* time and timestamp: 0 ms, 1 us, 2 ns */
	int utc;     /* timestamp adjusted to UTC */
	int32_t scale;
	const char *refuse; /* why it cannot be read, or NULL */
};

/* Dictionaries handed over so far, by every read of the process: an id
 * is never reused, so a consumer reading many files into one cache keyed
 * by id (a dataset of Parquet shards) never meets a stale entry. */
static atomic_uint_fast64_t dict_ids;

struct pqfile {
	const char *name;
	const uint8_t *buf;
	size_t size;
	struct mg_error *err;
	struct schema_el *schema;
	uint32_t nschema;
	struct rowgroup *rgs;
	uint32_t nrg;
	int encrypted;
	struct leaf *leaves;
	size_t nleaves, capleaves;
	struct parquet_select *sel; /* NULL: every column */
	int mapped;                 /* buf is a private read-only file mapping */
};

static int pq_fail(struct pqfile *f, const struct leaf *l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int pq_fail(struct pqfile *f, const struct leaf *l, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l)
		return mg_errorf(f->err, MG_EXIT_INPUT, f->name, 0, 0,
				 "parquet column '%s': %s", l->name, msg);
	return mg_errorf(f->err, MG_EXIT_INPUT, f->name, 0, 0, "parquet: %s",
			 msg);
}

static int meta_fail(struct pqfile *f, struct thrift *t, const char *what)
{
	return pq_fail(f, NULL, "malformed %s: %s", what,
		       t->why ? t->why : "unexpected content");
}

/* Loop over the fields of a struct: FIELDS(t, type, id) { ... } then
 * FIELDS_END(t, id) is 0 at a clean end of the struct, -1 on error. */
#define FIELDS(t, ty, id)                                                     \
	int16_t last_##id = 0, id;                                            \
	int ty, frc_##id;                                                     \
	while ((frc_##id = thrift_field(t, &last_##id, &ty, &id)) == 1)
#define FIELDS_END(t, id) ((frc_##id < 0 || (t)->why) ? -1 : 0)

static int read_enum(struct thrift *t, int ty, int *v)
{
	int32_t x;
	if (thrift_i32(t, ty, &x))
		return -1;
	*v = x;
	return 0;
}

static int read_unit(struct thrift *t, int ty, int *unit)
{
	if (ty != THRIFT_STRUCT)
		return thrift_skip(t, ty) ? -1 : (t->why = "a time unit is not a struct", -1);
	*unit = -1;
	FIELDS(t, fty, id)
	{
		if (id >= 1 && id <= 3)
			*unit = id - 1;
		if (thrift_skip(t, fty))
			return -1;
	}
	return FIELDS_END(t, id);
}

static int read_logical(struct thrift *t, int ty, struct schema_el *e)
{
	if (ty != THRIFT_STRUCT)
		return thrift_skip(t, ty);
	FIELDS(t, fty, id)
	{
		int rc = 0;
		e->logical = id;
		if (fty != THRIFT_STRUCT) {
			rc = thrift_skip(t, fty);
		} else if (id == L_DECIMAL) {
			FIELDS(t, dty, did)
			{
				if (did == 1)
					rc = thrift_i32(t, dty, &e->lt_scale);
				else if (did == 2)
					rc = thrift_i32(t, dty, &e->lt_precision);
				else
					rc = thrift_skip(t, dty);
				if (rc)
					return -1;
			}
			rc = FIELDS_END(t, did);
		} else if (id == L_TIME || id == L_TIMESTAMP) {
			FIELDS(t, dty, did)
			{
				if (did == 1)
					rc = thrift_bool(t, dty, 0, &e->lt_utc);
				else if (did == 2)
					rc = read_unit(t, dty, &e->lt_unit);
				else
					rc = thrift_skip(t, dty);
				if (rc)
					return -1;
			}
			rc = FIELDS_END(t, did);
		} else if (id == L_INTEGER) {
			FIELDS(t, dty, did)
			{
				int64_t bits;
				if (did == 1) {
					rc = thrift_i64(t, dty, &bits);
					e->lt_bits = (int)bits;
				} else if (did == 2) {
					rc = thrift_bool(t, dty, 0, &e->lt_signed);
				} else {
					rc = thrift_skip(t, dty);
				}
				if (rc)
					return -1;
			}
			rc = FIELDS_END(t, did);
		} else {
			rc = thrift_skip(t, fty);
		}
		if (rc)
			return -1;
	}
	return FIELDS_END(t, id);
}

static int read_schema_el(struct thrift *t, struct schema_el *e)
{
	const uint8_t *p;
	size_t n;

	e->type = -1;
	e->rep = -1;
	e->nchildren = -1;
	e->conv = -1;
	FIELDS(t, ty, id)
	{
		int rc;
		switch (id) {
		case 1: rc = read_enum(t, ty, &e->type); break;
		case 2: rc = thrift_i32(t, ty, &e->type_length); break;
		case 3: rc = read_enum(t, ty, &e->rep); break;
		case 4:
			rc = thrift_binary(t, ty, &p, &n);
			if (!rc) {
				free(e->name);
				e->name = xstrndup((const char *)p, n);
				e->name_nul |= memchr(p, 0, n) != NULL;
			}
			break;
		case 5: rc = thrift_i32(t, ty, &e->nchildren); break;
		case 6: rc = read_enum(t, ty, &e->conv); break;
		case 7: rc = thrift_i32(t, ty, &e->scale); break;
		case 8: rc = thrift_i32(t, ty, &e->precision); break;
		case 10: rc = read_logical(t, ty, e); break;
		default: rc = thrift_skip(t, ty); break;
		}
		if (rc)
			return -1;
	}
	if (!e->name)
		e->name = xstrdup("");
	return FIELDS_END(t, id);
}

static int read_col_meta(struct thrift *t, struct chunk *c)
{
	FIELDS(t, ty, id)
	{
		int rc;
		switch (id) {
		case 1: rc = read_enum(t, ty, &c->type); break;
		case 4: rc = read_enum(t, ty, &c->codec); break;
		case 5: rc = thrift_i64(t, ty, &c->num_values); break;
		case 7: rc = thrift_i64(t, ty, &c->total_compressed); break;
		case 9: rc = thrift_i64(t, ty, &c->data_off); break;
		case 11:
			rc = thrift_i64(t, ty, &c->dict_off);
			c->has_dict_off = 1;
			break;
		default: rc = thrift_skip(t, ty); break;
		}
		if (rc)
			return -1;
	}
	return FIELDS_END(t, id);
}

static int read_chunk(struct thrift *t, struct chunk *c)
{
	FIELDS(t, ty, id)
	{
		int rc;
		switch (id) {
		case 1: c->external = 1; rc = thrift_skip(t, ty); break;
		case 3:
			if (ty != THRIFT_STRUCT)
				return -1;
			c->has_meta = 1;
			rc = read_col_meta(t, c);
			break;
		case 8:
		case 9: c->encrypted = 1; rc = thrift_skip(t, ty); break;
		default: rc = thrift_skip(t, ty); break;
		}
		if (rc)
			return -1;
	}
	return FIELDS_END(t, id);
}

static int read_rowgroup(struct thrift *t, struct rowgroup *g)
{
	int elem;
	uint32_t n;

	FIELDS(t, ty, id)
	{
		int rc = 0;
		if (id == 1 && !g->cols) {
			if (thrift_list(t, ty, &elem, &n) || elem != THRIFT_STRUCT)
				return -1;
			g->cols = xcalloc(n ? n : 1, sizeof(*g->cols));
			g->ncols = n;
			for (uint32_t i = 0; i < n && !rc; i++)
				rc = read_chunk(t, &g->cols[i]);
		} else if (id == 3) {
			rc = thrift_i64(t, ty, &g->num_rows);
		} else {
			rc = thrift_skip(t, ty);
		}
		if (rc)
			return -1;
	}
	return FIELDS_END(t, id);
}

static int read_footer(struct pqfile *f, const uint8_t *p, size_t n)
{
	struct thrift t;
	int elem;
	uint32_t cnt;

	thrift_init(&t, p, n);
	{
		FIELDS(&t, ty, id)
		{
			int rc = 0;
			if (id == 2 && !f->schema) {
				if (thrift_list(&t, ty, &elem, &cnt) ||
				    elem != THRIFT_STRUCT)
					return meta_fail(f, &t, "file metadata");
				f->schema = xcalloc(cnt ? cnt : 1, sizeof(*f->schema));
				f->nschema = cnt;
				for (uint32_t i = 0; i < cnt && !rc; i++)
					rc = read_schema_el(&t, &f->schema[i]);
			} else if (id == 4 && !f->rgs) {
				if (thrift_list(&t, ty, &elem, &cnt) ||
				    elem != THRIFT_STRUCT)
					return meta_fail(f, &t, "file metadata");
				f->rgs = xcalloc(cnt ? cnt : 1, sizeof(*f->rgs));
				f->nrg = cnt;
				for (uint32_t i = 0; i < cnt && !rc; i++)
					rc = read_rowgroup(&t, &f->rgs[i]);
			} else if (id == 8) {
				f->encrypted = 1;
				rc = thrift_skip(&t, ty);
			} else {
				rc = thrift_skip(&t, ty);
			}
			if (rc)
				return meta_fail(f, &t, "file metadata");
		}
		if (FIELDS_END(&t, id))
			return meta_fail(f, &t, "file metadata");
	}
	if (!f->schema || f->nschema == 0)
		return pq_fail(f, NULL, "the file metadata has no schema");
	return 0;
}

/* --- schema ----------------------------------------------------------------- */

static const char *classify(struct leaf *l, const struct schema_el *e)
{
	int t = e->type, lt = e->logical, cv = e->conv;

	l->scale = 0;
	if (lt == L_UNKNOWN) {
		l->kind = K_NULL;
		return NULL;
	}
	if (lt == L_VARIANT)
		return "VARIANT values are not read";
	if (lt == L_GEOMETRY || lt == L_GEOGRAPHY)
		return "geospatial values are not read";
	if (lt == L_MAP || lt == L_LIST || cv == C_MAP || cv == C_LIST ||
	    cv == C_MAP_KV)
		return "a list or map cannot be read as one value per row";
	if (lt == 9 || lt > L_GEOGRAPHY || (lt == L_NONE && cv > C_INTERVAL))
		return "its logical type is unknown to mlgate";
	if (lt == L_DECIMAL || (lt == L_NONE && cv == C_DECIMAL)) {
		l->scale = lt == L_DECIMAL ? e->lt_scale : e->scale;
		if (l->scale < 0 || l->scale > MAX_DECIMAL_SCALE)
			return "its DECIMAL scale is out of range";
		if (t == T_INT32 || t == T_INT64 || t == T_BYTE_ARRAY ||
		    (t == T_FLBA && e->type_length <= MAX_DECIMAL_BYTES)) {
			l->kind = K_DECIMAL;
			return NULL;
		}
		return "DECIMAL on this physical type is not read";
	}
	switch (t) {
	case T_BOOLEAN:
		l->kind = K_BOOL;
		break;
	case T_INT32:
	case T_INT64:
		l->kind = K_INT;
		if (lt == L_INTEGER) {
			if (!e->lt_signed)
				l->kind = K_UINT;
		} else if (lt == L_DATE || (lt == L_NONE && cv == C_DATE)) {
			l->kind = K_DATE;
		} else if (lt == L_TIME) {
			l->kind = K_TIME;
			l->unit = e->lt_unit;
		} else if (lt == L_TIMESTAMP) {
			l->kind = K_TIMESTAMP;
			l->unit = e->lt_unit;
			l->utc = e->lt_utc;
		} else if (lt == L_NONE && (cv == C_TIME_MILLIS || cv == C_TIME_MICROS)) {
			l->kind = K_TIME;
			l->unit = cv == C_TIME_MILLIS ? 0 : 1;
		} else if (lt == L_NONE && (cv == C_TS_MILLIS || cv == C_TS_MICROS)) {
			l->kind = K_TIMESTAMP;
			l->unit = cv == C_TS_MILLIS ? 0 : 1;
			l->utc = 1;
		} else if (lt == L_NONE && cv >= C_UINT_8 && cv <= C_UINT_64) {
			l->kind = K_UINT;
		} else if (lt != L_NONE || (cv >= 0 && !(cv >= C_INT_8 && cv <= C_INT_64))) {
			return "its logical type does not apply to an integer";
		}
		if ((l->kind == K_TIME || l->kind == K_TIMESTAMP) &&
		    (l->unit < 0 || l->unit > 2))
			return "its time unit is unknown";
		if (l->kind == K_DATE && t != T_INT32)
			return "DATE must be stored as INT32";
		break;
	case T_INT96:
		l->kind = K_INT96;
		break;
	case T_FLOAT:
		l->kind = K_FLOAT;
		break;
	case T_DOUBLE:
		l->kind = K_DOUBLE;
		break;
	case T_BYTE_ARRAY:
		l->kind = K_BYTES;
		if (lt == L_UUID || lt == L_FLOAT16)
			return "its logical type does not apply to BYTE_ARRAY";
		if (cv == C_INTERVAL)
			return "INTERVAL values are not read";
		break;
	case T_FLBA:
		if (e->type_length <= 0)
			return "FIXED_LEN_BYTE_ARRAY needs a positive length";
		l->kind = K_BYTES;
		if (lt == L_FLOAT16) {
			if (e->type_length != 2)
				return "FLOAT16 must be 2 bytes long";
			l->kind = K_HALF;
		} else if (lt == L_UUID) {
			if (e->type_length != 16)
				return "UUID must be 16 bytes long";
			l->kind = K_UUID;
		} else if (cv == C_INTERVAL) {
			return "INTERVAL values are not read";
		}
		break;
	default:
		return "its physical type is unknown";
	}
	return NULL;
}

static int walk(struct pqfile *f, uint32_t *idx, const char *prefix, int def,
		const char *refuse, int depth)
{
	struct schema_el *e;
	char *name;

	if (*idx >= f->nschema)
		return pq_fail(f, NULL, "the schema has fewer elements than its groups say");
	if (depth > MAX_SCHEMA_DEPTH)
		return pq_fail(f, NULL, "the schema is nested too deeply");
	e = &f->schema[(*idx)++];
	if (e->name_nul)
		return pq_fail(f, NULL, "NUL byte in a column name");
	name = prefix ? xasprintf("%s.%s", prefix, e->name) : xstrdup(e->name);
	if (e->rep == OPTIONAL)
		def++;
	if (e->rep == REPEATED && !refuse)
		refuse = "a repeated field (a list or map) cannot be read as one value per row";
	if (e->nchildren >= 0) {
		if (!refuse && (e->logical == L_LIST || e->logical == L_MAP ||
				e->conv == C_LIST || e->conv == C_MAP ||
				e->conv == C_MAP_KV))
			refuse = "a list or map cannot be read as one value per row";
		if (!refuse && e->logical == L_VARIANT)
			refuse = "VARIANT values are not read";
		for (int32_t i = 0; i < e->nchildren; i++)
			if (walk(f, idx, name, def, refuse, depth + 1)) {
				free(name);
				return -1;
			}
		free(name);
		return 0;
	}
	if (e->type < 0 || e->type > T_FLBA) {
		free(name);
		return pq_fail(f, NULL, "schema element '%s' has neither a type nor children",
			       e->name);
	}
	if (f->nleaves >= PQ_MAX_COLUMNS) {
		free(name);
		return pq_fail(f, NULL, "more than %d columns", PQ_MAX_COLUMNS);
	}
	f->leaves = xgrow(f->leaves, &f->capleaves, f->nleaves + 1,
		sizeof(*f->leaves));
	{
		struct leaf *l = &f->leaves[f->nleaves++];
		memset(l, 0, sizeof(*l));
		l->name = name;
		l->type = e->type;
		l->type_length = e->type_length;
		l->max_def = def;
		l->refuse = refuse ? refuse : classify(l, e);
	}
	return 0;
}

static int build_leaves(struct pqfile *f)
{
	uint32_t idx = 1;
	const struct schema_el *root = &f->schema[0];

	if (root->nchildren < 0)
		return pq_fail(f, NULL, "the schema root is not a group");
	for (int32_t i = 0; i < root->nchildren; i++)
		if (walk(f, &idx, NULL, 0, NULL, 1))
			return -1;
	if (idx != f->nschema)
		return pq_fail(f, NULL, "the schema has more elements than its groups hold");
	return 0;
}

/* --- bit-level decoders ----------------------------------------------------------- */

static uint64_t getbits(const uint8_t *base, uint64_t pos, int w)
{
	uint64_t v = 0, byte = pos >> 3;
	int got = 0, sh = (int)(pos & 7);

	while (got < w) {
		v |= (uint64_t)(base[byte++] >> sh) << got;
		got += 8 - sh;
		sh = 0;
	}
	return w >= 64 ? v : v & (((uint64_t)1 << w) - 1);
}

static int uvarint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		uint8_t b;
		if (*p >= end)
			return -1;
		b = *(*p)++;
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

static int zvarint(const uint8_t **p, const uint8_t *end, int64_t *v)
{
	uint64_t u;
	if (uvarint(p, end, &u))
		return -1;
	*v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
	return 0;
}

static int bit_width(uint64_t max)
{
	int w = 0;
	while (max) {
		w++;
		max >>= 1;
	}
	return w;
}

/* The RLE / bit-packed hybrid (levels, dictionary indices, booleans). */
struct rle {
	const uint8_t *p, *end;
	int bw;
	uint64_t run; /* values left in the current run */
	int lit;
	uint64_t val;
	const uint8_t *bits;
	uint64_t bitpos;
};

static void rle_init(struct rle *r, const uint8_t *p, const uint8_t *end, int bw)
{
	memset(r, 0, sizeof(*r));
	r->p = p;
	r->end = end;
	r->bw = bw;
}

/* Start the next run; 0, or -1 when the data is malformed. */
static int rle_refill(struct rle *r)
{
	while (r->run == 0) {
		uint64_t h;
		if (uvarint(&r->p, r->end, &h))
			return -1;
		if (h & 1) {
			uint64_t groups = h >> 1, avail = (uint64_t)(r->end - r->p);
			uint64_t bytes;
			if (r->bw == 0) {
				r->run = groups > ((uint64_t)1 << 40) ? (uint64_t)1 << 43 : groups * 8;
				bytes = 0;
			} else if (groups > avail) {
				bytes = avail;
				r->run = bytes * 8 / (uint64_t)r->bw;
			} else {
				bytes = groups * (uint64_t)r->bw;
				if (bytes > avail)
					bytes = avail;
				r->run = bytes * 8 / (uint64_t)r->bw;
				if (r->run > groups * 8)
					r->run = groups * 8;
			}
			r->lit = 1;
			r->bits = r->p;
			r->bitpos = 0;
			r->p += bytes;
			if (r->run == 0 && r->p >= r->end)
				return -1;
		} else {
			int nb = (r->bw + 7) / 8;
			r->val = 0;
			if (r->end - r->p < nb)
				return -1;
			for (int i = 0; i < nb; i++)
				r->val |= (uint64_t)r->p[i] << (8 * i);
			r->p += nb;
			r->run = h >> 1;
			r->lit = 0;
			if (r->run == 0 && r->p >= r->end)
				return -1;
		}
	}
	return 0;
}

static int rle_next(struct rle *r, uint64_t *v)
{
	if (r->run == 0 && rle_refill(r))
		return -1;
	if (r->lit) {
		*v = r->bw ? getbits(r->bits, r->bitpos, r->bw) : 0;
		r->bitpos += (uint64_t)r->bw;
	} else {
		*v = r->val;
	}
	r->run--;
	return 0;
}

static inline uint64_t load_le64(const uint8_t *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* n values at once (bit width at most 32: levels, dictionary indices,
 * booleans): what n calls of rle_next give. */
static int rle_batch(struct rle *r, uint32_t *out, size_t n)
{
	while (n) {
		size_t k;
		if (r->run == 0 && rle_refill(r))
			return -1;
		k = r->run < n ? (size_t)r->run : n;
		if (!r->lit) {
			uint32_t v = (uint32_t)r->val;
			for (size_t i = 0; i < k; i++)
				out[i] = v;
		} else if (r->bw == 0) {
			memset(out, 0, k * sizeof(*out));
		} else {
			uint64_t pos = r->bitpos, mask = ((uint64_t)1 << r->bw) - 1;
			uint64_t avail = (uint64_t)(r->p - r->bits); /* the run's bytes */
			for (size_t i = 0; i < k; i++, pos += (uint64_t)r->bw) {
				/* an 8-byte load holds the value (7 + 32 bits) */
				if ((pos >> 3) + 8 <= avail)
					out[i] = (uint32_t)((load_le64(r->bits + (pos >> 3)) >>
							     (pos & 7)) & mask);
				else
					out[i] = (uint32_t)getbits(r->bits, pos, r->bw);
			}
			r->bitpos = pos;
		}
		r->run -= k;
		out += k;
		n -= k;
	}
	return 0;
}

/* DELTA_BINARY_PACKED, decoded one miniblock at a time. */
struct dbp {
	const uint8_t *p, *end;
	uint64_t per_mini, nmini, left;
	int first;
	uint64_t last, min_delta;
	const uint8_t *widths;
	uint64_t mini_i;
	const uint8_t *mini;
	uint64_t mini_pos, in_mini;
	int w;
};

static int dbp_header(const uint8_t **p, const uint8_t *end, uint64_t *per_mini,
		      uint64_t *nmini, uint64_t *total, int64_t *first)
{
	uint64_t block;
	if (uvarint(p, end, &block) || uvarint(p, end, nmini) ||
	    uvarint(p, end, total) || zvarint(p, end, first))
		return -1;
	if (block == 0 || block > ((uint64_t)1 << 20) || *nmini == 0 ||
	    *nmini > block || block % *nmini != 0)
		return -1;
	*per_mini = block / *nmini;
	if (*per_mini % 8 != 0)
		return -1;
	return 0;
}

static int dbp_init(struct dbp *d, const uint8_t *p, const uint8_t *end)
{
	int64_t first;

	memset(d, 0, sizeof(*d));
	if (dbp_header(&p, end, &d->per_mini, &d->nmini, &d->left, &first))
		return -1;
	d->p = p;
	d->end = end;
	d->first = d->left > 0;
	d->last = (uint64_t)first;
	d->mini_i = d->nmini;
	return 0;
}

static int dbp_next(struct dbp *d, int64_t *v)
{
	uint64_t delta;

	if (d->left == 0)
		return -1;
	if (d->first) {
		d->first = 0;
		d->left--;
		*v = (int64_t)d->last;
		return 0;
	}
	if (d->in_mini == 0) {
		uint64_t bytes, need, nvals;
		if (d->mini_i >= d->nmini) {
			int64_t md;
			if (zvarint(&d->p, d->end, &md))
				return -1;
			d->min_delta = (uint64_t)md;
			if ((uint64_t)(d->end - d->p) < d->nmini)
				return -1;
			d->widths = d->p;
			d->p += d->nmini;
			d->mini_i = 0;
		}
		d->w = d->widths[d->mini_i++];
		if (d->w > 64)
			return -1;
		bytes = d->per_mini * (uint64_t)d->w / 8;
		nvals = d->left < d->per_mini ? d->left : d->per_mini;
		need = (nvals * (uint64_t)d->w + 7) / 8;
		if (need > (uint64_t)(d->end - d->p))
			return -1;
		d->mini = d->p;
		d->p += bytes < (uint64_t)(d->end - d->p) ? bytes : (uint64_t)(d->end - d->p);
		d->mini_pos = 0;
		d->in_mini = nvals;
	}
	delta = d->w ? getbits(d->mini, d->mini_pos, d->w) : 0;
	d->mini_pos += (uint64_t)d->w;
	d->in_mini--;
	d->left--;
	d->last += d->min_delta + delta;
	*v = (int64_t)d->last;
	return 0;
}

/* Where the DELTA_BINARY_PACKED block at p ends (without decoding it). */
static const uint8_t *dbp_end(const uint8_t *p, const uint8_t *end)
{
	uint64_t per_mini, nmini, total, left;
	int64_t first, md;

	if (dbp_header(&p, end, &per_mini, &nmini, &total, &first))
		return NULL;
	left = total ? total - 1 : 0;
	while (left > 0) {
		const uint8_t *widths;
		if (zvarint(&p, end, &md) || (uint64_t)(end - p) < nmini)
			return NULL;
		widths = p;
		p += nmini;
		for (uint64_t i = 0; i < nmini && left > 0; i++) {
			uint64_t bytes = per_mini * widths[i] / 8;
			if (widths[i] > 64 || bytes > (uint64_t)(end - p))
				return NULL;
			p += bytes;
			left -= left < per_mini ? left : per_mini;
		}
	}
	return p;
}

/* --- value formatting ----------------------------------------------------------- */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static size_t fmt_u64(char *out, uint64_t u)
{
	char tmp[24];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static size_t fmt_i64(char *out, int64_t v)
{
	if (v < 0) {
		out[0] = '-';
		return 1 + fmt_u64(out + 1, 0 - (uint64_t)v);
	}
	return fmt_u64(out, (uint64_t)v);
}

/* A double with at most 9 decimals, as exact text without printf: when
 * x = v * 10^k is an integer below 2^53 and x / 10^k == v (that division
 * of exact operands is correctly rounded, as reading the text back is),
 * the digits of x with a point k places from the right read back as v.
 * 0 when no such k: the caller uses the general formatting. */
static size_t fmt_double_decimal(char *out, double v)
{
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
	char digits[24];

	if (v == 0 || !(fabs(v) < 9007199254740992.0))
		return 0;
	for (int k = 0; k < 10; k++) {
		double x = v * p10[k];
		size_t nd, n = 0;
		uint64_t u;
		if (!(fabs(x) < 9007199254740992.0))
			return 0;
		if (x != floor(x) || x / p10[k] != v)
			continue;
		u = (uint64_t)fabs(x);
		nd = fmt_u64(digits, u);
		if (v < 0)
			out[n++] = '-';
		if ((int)nd <= k) { /* 0.00ddd */
			out[n++] = '0';
			out[n++] = '.';
			for (int z = 0; z < k - (int)nd; z++)
				out[n++] = '0';
			memcpy(out + n, digits, nd);
			return n + nd;
		}
		memcpy(out + n, digits, nd - (size_t)k);
		n += nd - (size_t)k;
		if (k) {
			out[n++] = '.';
			memcpy(out + n, digits + nd - k, (size_t)k);
			n += (size_t)k;
		}
		return n;
	}
	return 0;
}

/* A double's text (not NaN): exact decimals, else the shortest round trip. */
static size_t fmt_double(char *out, double v)
{
	size_t n = fmt_double_decimal(out, v);
	if (!n) {
		mg_fmt_double(out, SCRATCH, v);
		n = strlen(out);
	}
	return n;
}

static size_t fmt_float(char *out, float v)
{
	int n = 0;
	for (int prec = 6; prec <= 9; prec++) {
		n = snprintf(out, SCRATCH, "%.*g", prec, (double)v);
		if (strtof(out, NULL) == v)
			break;
	}
	return (size_t)n;
}

static double half_to_double(uint16_t h)
{
	int e = (h >> 10) & 0x1f, m = h & 0x3ff;
	double v;
	if (e == 0)
		v = ldexp(m, -24);
	else if (e == 31)
		v = m ? NAN : INFINITY;
	else
		v = ldexp(m + 1024, e - 25);
	return (h & 0x8000) ? -v : v;
}

/* The shortest text that reads back as the same half-precision value. */
static size_t fmt_half(char *out, uint16_t h)
{
	double v = half_to_double(h);
	int e = (h >> 10) & 0x1f;
	double ulp = e == 0 ? ldexp(1, -24) : ldexp(1, e - 25);
	int n = 0;

	if (!isfinite(v))
		return (size_t)snprintf(out, SCRATCH, "%s", isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
	for (int prec = 1; prec <= 17; prec++) {
		n = snprintf(out, SCRATCH, "%.*g", prec, v);
		if (fabs(strtod(out, NULL) - v) < ulp / 2)
			break;
	}
	return (size_t)n;
}

/* A two's-complement big-endian integer of n bytes, with `scale` digits
 * after the point. */
static size_t fmt_decimal_be(char *out, const uint8_t *be, size_t n, int32_t scale)
{
	uint8_t mag[MAX_DECIMAL_BYTES];
	char digits[SCRATCH];
	size_t nd = 0, len = 0;
	int neg = n && (be[0] & 0x80);

	memcpy(mag, be, n);
	if (neg) { /* negate: invert and add one */
		int carry = 1;
		for (size_t i = n; i-- > 0;) {
			int x = (uint8_t)~mag[i] + carry;
			mag[i] = (uint8_t)x;
			carry = x >> 8;
		}
	}
	for (;;) {
		int rem = 0, nonzero = 0;
		for (size_t i = 0; i < n; i++) {
			int cur = rem * 256 + mag[i];
			mag[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
			nonzero |= mag[i];
		}
		digits[nd++] = (char)('0' + rem);
		if (!nonzero)
			break;
	}
	while ((int32_t)nd <= scale)
		digits[nd++] = '0';
	if (neg)
		out[len++] = '-';
	for (size_t i = nd; i-- > 0;) {
		out[len++] = digits[i];
		if (scale > 0 && i == (size_t)scale)
			out[len++] = '.';
	}
	return len;
}

static size_t fmt_decimal_int(char *out, int64_t v, int32_t scale)
{
	uint8_t be[8];
	for (int i = 0; i < 8; i++)
		be[i] = (uint8_t)((uint64_t)v >> (56 - 8 * i));
	return fmt_decimal_be(out, be, 8, scale);
}

/* Division rounding down and its remainder in [0, b) (b > 0), without
 * the overflow of a - floor_div(a, b) * b near INT64_MIN. */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;
	return r < 0 ? r + b : r;
}

static size_t fmt_date(char *out, int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return (size_t)snprintf(out, SCRATCH, "%04lld-%02lld-%02lld", (long long)y,
				(long long)m, (long long)d);
}

static const int64_t per_sec[3] = {1000, 1000000, 1000000000};
static const int frac_digits[3] = {3, 6, 9};

static size_t fmt_clock(char *out, int64_t sod, int64_t frac, int unit)
{
	int n = snprintf(out, SCRATCH, "%02lld:%02lld:%02lld", (long long)(sod / 3600),
			 (long long)(sod / 60 % 60), (long long)(sod % 60));
	if (frac) {
		int digits = frac_digits[unit];
		while (digits > 3 && frac % 1000 == 0) { /* .123000 -> .123 */
			frac /= 1000;
			digits -= 3;
		}
		n += snprintf(out + n, (size_t)(SCRATCH - n), ".%0*lld", digits,
			      (long long)frac);
	}
	return (size_t)n;
}

static size_t fmt_timestamp(char *out, int64_t v, int unit, int utc)
{
	int64_t secs = floor_div(v, per_sec[unit]);
	int64_t frac = floor_mod(v, per_sec[unit]);
	size_t n = fmt_date(out, floor_div(secs, 86400));
	out[n++] = ' ';
	n += fmt_clock(out + n, floor_mod(secs, 86400), frac, unit);
	if (utc) {
		memcpy(out + n, "+00:00", 6);
		n += 6;
	}
	return n;
}

/* --- column cursors ----------------------------------------------------------- */

struct value {
	int64_t i; /* INT32 (sign-extended), INT64, BOOLEAN */
	double d;
	float f;
	const uint8_t *p; /* BYTE_ARRAY, FLBA, INT96 */
	size_t n;
};

struct cursor {
	struct pqfile *f;
	const struct leaf *l;
	const struct chunk *ch;
	const uint8_t *p, *end; /* page headers left in the chunk */
	const uint8_t *p0;      /* the chunk's start */
	/* dictionary: ndict entries and a null after them */
	struct csv_cell *dict;
	char *dict_text;
	uint32_t ndict;
	int has_dict;
	struct parquet_dict pdict;
	struct runbuf *rb; /* column-at-a-time reading only */
	/* the current page */
	uint8_t *buf;
	uint64_t page_left;
	struct rle def;
	int enc;
	const uint8_t *vp, *vend;
	uint64_t bitpos; /* PLAIN booleans */
	struct rle idx;  /* dictionary indices, RLE booleans */
	struct dbp d1, d2;
	const uint8_t *data; /* DELTA_LENGTH / DELTA_BYTE_ARRAY bytes */
	uint8_t *prev;
	size_t prevlen, prevcap;
	uint64_t bss_n, bss_i;
	char scratch[SCRATCH];
};

static int value_width(const struct leaf *l)
{
	switch (l->type) {
	case T_INT32:
	case T_FLOAT:
		return 4;
	case T_INT64:
	case T_DOUBLE:
		return 8;
	case T_INT96:
		return 12;
	case T_FLBA:
		return l->type_length;
	default:
		return 0;
	}
}

static int bad(struct cursor *c, const char *what)
{
	return pq_fail(c->f, c->l, "%s", what);
}

/* The next raw value of the current page (not dictionary-encoded). */
static int read_raw(struct cursor *c, struct value *v)
{
	const struct leaf *l = c->l;
	int w = value_width(l);

	switch (c->enc) {
	case E_PLAIN:
		if (l->type == T_BOOLEAN) {
			if (c->bitpos >= (uint64_t)(c->vend - c->vp) * 8)
				return bad(c, "a data page ends before its values");
			v->i = (c->vp[c->bitpos >> 3] >> (c->bitpos & 7)) & 1;
			c->bitpos++;
			return 0;
		}
		if (l->type == T_BYTE_ARRAY) {
			uint32_t len;
			if (c->vend - c->vp < 4)
				return bad(c, "a data page ends before its values");
			len = le32(c->vp);
			if (len > (uint64_t)(c->vend - c->vp - 4))
				return bad(c, "a value runs past the end of its page");
			v->p = c->vp + 4;
			v->n = len;
			c->vp += 4 + (size_t)len;
			return 0;
		}
		if (c->vend - c->vp < w)
			return bad(c, "a data page ends before its values");
		v->p = c->vp;
		v->n = (size_t)w;
		break;
	case E_RLE: {
		uint64_t b;
		if (l->type != T_BOOLEAN || rle_next(&c->idx, &b))
			return bad(c, "malformed RLE booleans");
		v->i = b != 0;
		return 0;
	}
	case E_DELTA_BP: {
		int64_t x;
		if (dbp_next(&c->d1, &x))
			return bad(c, "malformed DELTA_BINARY_PACKED data");
		v->i = l->type == T_INT32 ? (int64_t)(int32_t)(uint32_t)x : x;
		return 0;
	}
	case E_DELTA_LBA: {
		int64_t len;
		if (dbp_next(&c->d1, &len) || len < 0 || len > c->vend - c->data)
			return bad(c, "malformed DELTA_LENGTH_BYTE_ARRAY data");
		v->p = c->data;
		v->n = (size_t)len;
		c->data += len;
		if (l->type == T_FLBA && v->n != (size_t)w)
			return bad(c, "a value has the wrong length");
		return 0;
	}
	case E_DELTA_BA: {
		int64_t pre, suf;
		if (dbp_next(&c->d1, &pre) || dbp_next(&c->d2, &suf) || pre < 0 ||
		    (uint64_t)pre > c->prevlen || suf < 0 || suf > c->vend - c->data)
			return bad(c, "malformed DELTA_BYTE_ARRAY data");
		c->prev = xgrow(c->prev, &c->prevcap, (size_t)pre + (size_t)suf + 1, 1);
		memcpy(c->prev + pre, c->data, (size_t)suf);
		c->data += suf;
		c->prevlen = (size_t)(pre + suf);
		v->p = c->prev;
		v->n = c->prevlen;
		if (l->type == T_FLBA && v->n != (size_t)w)
			return bad(c, "a value has the wrong length");
		return 0;
	}
	case E_BSS: {
		uint8_t *tmp = (uint8_t *)c->scratch + SCRATCH - 16;
		if (c->bss_i >= c->bss_n)
			return bad(c, "a data page ends before its values");
		if (w > 16) {
			/* wide FIXED_LEN_BYTE_ARRAY: gather into the prev buffer */
			c->prev = xgrow(c->prev, &c->prevcap, (size_t)w, 1);
			tmp = c->prev;
		}
		for (int k = 0; k < w; k++)
			tmp[k] = c->vp[(uint64_t)k * c->bss_n + c->bss_i];
		c->bss_i++;
		v->p = tmp;
		v->n = (size_t)w;
		goto decode_fixed;
	}
	default:
		return bad(c, "unsupported encoding");
	}
	c->vp += w;
decode_fixed:
	switch (l->type) {
	case T_INT32:
		v->i = (int32_t)le32(v->p);
		break;
	case T_INT64:
		v->i = (int64_t)le64(v->p);
		break;
	case T_FLOAT: {
		uint32_t u = le32(v->p);
		memcpy(&v->f, &u, 4);
		break;
	}
	case T_DOUBLE: {
		uint64_t u = le64(v->p);
		memcpy(&v->d, &u, 8);
		break;
	}
	default:
		break;
	}
	return 0;
}

/* Text of a value into c->scratch (or pointing at the bytes).  1 when the
 * value is a null (NaN), 0 otherwise, -1 on error. */
static int format_value(struct cursor *c, struct value *v, const char **p, size_t *n)
{
	const struct leaf *l = c->l;
	char *s = c->scratch;

	switch (l->kind) {
	case K_BOOL:
		*p = v->i ? "True" : "False";
		*n = v->i ? 4 : 5;
		return 0;
	case K_INT:
		*n = fmt_i64(s, v->i);
		break;
	case K_UINT:
		*n = fmt_u64(s, l->type == T_INT32 ? (uint64_t)(uint32_t)v->i :
						      (uint64_t)v->i);
		break;
	case K_FLOAT:
		if (isnan(v->f))
			return 1;
		*n = fmt_float(s, v->f);
		break;
	case K_DOUBLE:
		if (isnan(v->d))
			return 1;
		*n = fmt_double(s, v->d);
		break;
	case K_HALF: {
		uint16_t h = (uint16_t)(v->p[0] | v->p[1] << 8);
		if (isnan(half_to_double(h)))
			return 1;
		*n = fmt_half(s, h);
		break;
	}
	case K_DECIMAL:
		if (l->type == T_INT32 || l->type == T_INT64) {
			*n = fmt_decimal_int(s, v->i, l->scale);
		} else {
			if (v->n == 0 || v->n > MAX_DECIMAL_BYTES)
				return bad(c, "a DECIMAL value is empty or longer than 32 bytes");
			*n = fmt_decimal_be(s, v->p, v->n, l->scale);
		}
		break;
	case K_DATE:
		*n = fmt_date(s, v->i);
		break;
	case K_TIME: {
		int64_t ps = per_sec[l->unit];
		if (v->i < 0 || v->i >= 86400 * ps)
			return bad(c, "a TIME value is outside one day");
		*n = fmt_clock(s, v->i / ps, v->i % ps, l->unit);
		break;
	}
	case K_TIMESTAMP:
		*n = fmt_timestamp(s, v->i, l->unit, l->utc);
		break;
	case K_INT96: {
		int64_t nanos = (int64_t)le64(v->p);
		int64_t jd = (int32_t)le32(v->p + 8);
		int64_t days = jd - 2440588 + floor_div(nanos, 86400LL * 1000000000LL);
		int64_t ns = floor_mod(nanos, 86400LL * 1000000000LL);
		size_t k = fmt_date(s, days);
		s[k++] = ' ';
		k += fmt_clock(s + k, ns / 1000000000LL, ns % 1000000000LL, 2);
		*n = k;
		break;
	}
	case K_UUID: {
		static const char hex[] = "0123456789abcdef";
		size_t k = 0;
		for (int i = 0; i < 16; i++) {
			if (i == 4 || i == 6 || i == 8 || i == 10)
				s[k++] = '-';
			s[k++] = hex[v->p[i] >> 4];
			s[k++] = hex[v->p[i] & 15];
		}
		*n = k;
		break;
	}
	case K_BYTES:
		if (memchr(v->p, 0, v->n))
			return bad(c, "a value holds a NUL byte (binary data is not read)");
		*p = v->n ? (const char *)v->p : "";
		*n = v->n;
		return 0;
	case K_NULL:
		return 1;
	}
	*p = s;
	return 0;
}

static void cursor_release(struct cursor *c)
{
	free(c->dict);
	free(c->dict_text);
	free(c->buf);
	free(c->prev);
	memset(c, 0, sizeof(*c));
}

static int read_dict(struct cursor *c, uint32_t n)
{
	size_t cap = 0, len = 0;
	size_t *off;

	if (n > PQ_MAX_DICT)
		return bad(c, "the dictionary has too many entries");
	if (n > (uint64_t)(c->vend - c->vp) * 8 + 8)
		return bad(c, "the dictionary page is shorter than its entries");
	off = xmalloc((n ? n : 1) * 2 * sizeof(size_t));
	c->enc = E_PLAIN;
	c->bitpos = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct value v;
		const char *p = NULL;
		size_t k = 0;
		int rc;
		memset(&v, 0, sizeof(v));
		if (read_raw(c, &v) || (rc = format_value(c, &v, &p, &k)) < 0) {
			free(off);
			return -1;
		}
		if (rc == 1) {
			off[2 * i] = SIZE_MAX;
			continue;
		}
		c->dict_text = xgrow(c->dict_text, &cap, len + k + 1, 1);
		memcpy(c->dict_text + len, p, k);
		off[2 * i] = len;
		off[2 * i + 1] = k;
		len += k;
	}
	c->dict = xcalloc((size_t)n + 1, sizeof(*c->dict)); /* [n]: a null */
	for (uint32_t i = 0; i < n; i++) {
		if (off[2 * i] == SIZE_MAX)
			continue; /* p == NULL: a null */
		c->dict[i].p = c->dict_text ? c->dict_text + off[2 * i] : "";
		c->dict[i].n = off[2 * i + 1];
	}
	free(off);
	c->ndict = n;
	c->has_dict = 1;
	c->pdict.text = c->dict;
	c->pdict.n = n + 1;
	c->pdict.id = atomic_fetch_add(&dict_ids, 1) + 1;
	return 0;
}

struct page_header {
	int type;
	int32_t usize, csize, crc;
	int has_crc;
	int32_t nvalues, nnulls, enc, def_enc, def_len, rep_len;
	int compressed;
	int has_data, has_dict, has_v2;
};

static int read_page_header(struct thrift *t, struct page_header *h)
{
	memset(h, 0, sizeof(*h));
	h->compressed = 1;
	{
		FIELDS(t, ty, id)
		{
			int rc = 0;
			switch (id) {
			case 1: rc = read_enum(t, ty, &h->type); break;
			case 2: rc = thrift_i32(t, ty, &h->usize); break;
			case 3: rc = thrift_i32(t, ty, &h->csize); break;
			case 4: rc = thrift_i32(t, ty, &h->crc); h->has_crc = 1; break;
			case 5:
			case 7:
			case 8: {
				if (ty != THRIFT_STRUCT)
					return -1;
				if (id == 5)
					h->has_data = 1;
				else if (id == 7)
					h->has_dict = 1;
				else
					h->has_v2 = 1;
				FIELDS(t, sty, sid)
				{
					int src = 0;
					if (sid == 1)
						src = thrift_i32(t, sty, &h->nvalues);
					else if (id == 5 && sid == 2)
						src = thrift_i32(t, sty, &h->enc);
					else if (id == 5 && sid == 3)
						src = thrift_i32(t, sty, &h->def_enc);
					else if (id == 7 && sid == 2)
						src = thrift_i32(t, sty, &h->enc);
					else if (id == 8 && sid == 2)
						src = thrift_i32(t, sty, &h->nnulls);
					else if (id == 8 && sid == 4)
						src = thrift_i32(t, sty, &h->enc);
					else if (id == 8 && sid == 5)
						src = thrift_i32(t, sty, &h->def_len);
					else if (id == 8 && sid == 6)
						src = thrift_i32(t, sty, &h->rep_len);
					else if (id == 8 && sid == 7)
						src = thrift_bool(t, sty, 0, &h->compressed);
					else
						src = thrift_skip(t, sty);
					if (src)
						return -1;
				}
				rc = FIELDS_END(t, sid);
				break;
			}
			default: rc = thrift_skip(t, ty); break;
			}
			if (rc)
				return -1;
		}
		return FIELDS_END(t, id);
	}
}

static const char *encoding_name(int e)
{
	static const char *const names[] = {"PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY",
					    "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED",
					    "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY",
					    "RLE_DICTIONARY", "BYTE_STREAM_SPLIT"};
	return e >= 0 && e <= 9 ? names[e] : "an unknown encoding";
}

/* Set up decoding of the values at [c->vp, c->vend) in encoding `enc`. */
static int start_values(struct cursor *c, int enc)
{
	const struct leaf *l = c->l;
	int t = l->type;

	c->enc = enc;
	c->bitpos = 0;
	switch (enc) {
	case E_PLAIN:
		return 0;
	case E_PLAIN_DICT:
	case E_RLE_DICT:
		if (!c->has_dict)
			return bad(c, "a dictionary-encoded page comes without a dictionary");
		if (c->vp >= c->vend) {
			rle_init(&c->idx, c->vp, c->vend, 0);
			return 0;
		}
		if (*c->vp > 32)
			return bad(c, "the dictionary index width is out of range");
		rle_init(&c->idx, c->vp + 1, c->vend, *c->vp);
		return 0;
	case E_RLE:
		if (t != T_BOOLEAN)
			break;
		if (c->vend - c->vp < 4 || le32(c->vp) > (uint64_t)(c->vend - c->vp - 4))
			return bad(c, "malformed RLE booleans");
		rle_init(&c->idx, c->vp + 4, c->vp + 4 + le32(c->vp), 1);
		return 0;
	case E_DELTA_BP:
		if (t != T_INT32 && t != T_INT64)
			break;
		if (dbp_init(&c->d1, c->vp, c->vend))
			return bad(c, "malformed DELTA_BINARY_PACKED header");
		return 0;
	case E_DELTA_LBA:
		if (t != T_BYTE_ARRAY)
			break;
		if (dbp_init(&c->d1, c->vp, c->vend) ||
		    !(c->data = dbp_end(c->vp, c->vend)))
			return bad(c, "malformed DELTA_LENGTH_BYTE_ARRAY lengths");
		return 0;
	case E_DELTA_BA: {
		const uint8_t *mid;
		if (t != T_BYTE_ARRAY && t != T_FLBA)
			break;
		if (dbp_init(&c->d1, c->vp, c->vend) ||
		    !(mid = dbp_end(c->vp, c->vend)) || dbp_init(&c->d2, mid, c->vend) ||
		    !(c->data = dbp_end(mid, c->vend)))
			return bad(c, "malformed DELTA_BYTE_ARRAY lengths");
		c->prevlen = 0;
		return 0;
	}
	case E_BSS: {
		int w = value_width(l);
		size_t len = (size_t)(c->vend - c->vp);
		if (t == T_BOOLEAN || t == T_BYTE_ARRAY || t == T_INT96 || w <= 0)
			break;
		if (len % (size_t)w)
			return bad(c, "BYTE_STREAM_SPLIT data is not a whole number of values");
		c->bss_n = len / (size_t)w;
		c->bss_i = 0;
		return 0;
	}
	default:
		break;
	}
	return pq_fail(c->f, l, "encoding %s is not supported for %s", encoding_name(enc),
		       type_names[t]);
}

/* Read page headers until a data page with values is ready. */
static int next_page(struct cursor *c)
{
	struct pqfile *f = c->f;
	const struct leaf *l = c->l;

	for (;;) {
		struct thrift t;
		struct page_header h;
		const uint8_t *body;
		size_t hlen;
		const char *why = NULL;

		if (c->p >= c->end)
			return bad(c, "the column chunk ends before all its rows");
		thrift_init(&t, c->p, (size_t)(c->end - c->p));
		if (read_page_header(&t, &h))
			return pq_fail(f, l, "malformed page header: %s",
				       t.why ? t.why : "unexpected content");
		hlen = thrift_pos(&t);
		body = c->p + hlen;
		if (h.csize < 0 || h.usize < 0 || (size_t)h.csize > (size_t)(c->end - body))
			return bad(c, "a page runs past the end of its column chunk");
		if ((size_t)h.usize > PQ_MAX_PAGE)
			return pq_fail(f, l, "a page is larger than %zu MiB uncompressed",
				       PQ_MAX_PAGE >> 20);
		c->p = body + h.csize;
		if (h.has_crc &&
		    (uint32_t)h.crc != gz_crc32(body, (size_t)h.csize))
			return bad(c, "a page fails its CRC check (the file is corrupt)");
		if (h.type == P_INDEX || (h.type != P_DICT && h.type != P_DATA &&
					  h.type != P_DATA_V2))
			continue;
		free(c->buf);
		c->buf = NULL;
		if (h.type == P_DICT || h.type == P_DATA) {
			if ((h.type == P_DICT && !h.has_dict) ||
			    (h.type == P_DATA && !h.has_data))
				return bad(c, "a page header lacks its page type's fields");
			c->buf = xmalloc(h.usize ? (size_t)h.usize : 1);
			if (codec_decompress(c->ch->codec, body, (size_t)h.csize, c->buf,
					     (size_t)h.usize, &why))
				return pq_fail(f, l, "cannot decompress a %s page: %s",
					       codec_name(c->ch->codec), why);
			c->vp = c->buf;
			c->vend = c->buf + h.usize;
		}
		if (h.type == P_DICT) {
			if (c->has_dict)
				return bad(c, "the column chunk has two dictionaries");
			if (h.enc != E_PLAIN && h.enc != E_PLAIN_DICT)
				return pq_fail(f, l, "dictionary encoding %s is not supported",
					       encoding_name(h.enc));
			if (h.nvalues < 0)
				return bad(c, "the dictionary has a negative size");
			if (read_dict(c, (uint32_t)h.nvalues))
				return -1;
			free(c->buf);
			c->buf = NULL;
			continue;
		}
		if (h.nvalues < 0)
			return bad(c, "a data page has a negative value count");
		if (h.type == P_DATA) {
			if (l->max_def > 0) {
				uint32_t len;
				if (h.def_enc != E_RLE)
					return pq_fail(f, l, "definition levels in %s are not supported",
						       encoding_name(h.def_enc));
				if (c->vend - c->vp < 4 ||
				    (len = le32(c->vp)) > (uint64_t)(c->vend - c->vp - 4))
					return bad(c, "the definition levels run past the page");
				rle_init(&c->def, c->vp + 4, c->vp + 4 + len,
					 bit_width((uint64_t)l->max_def));
				c->vp += 4 + (size_t)len;
			}
		} else {
			size_t lev;
			if (!h.has_v2)
				return bad(c, "a page header lacks its page type's fields");
			if (h.def_len < 0 || h.rep_len < 0 ||
			    (size_t)h.def_len + (size_t)h.rep_len > (size_t)h.csize ||
			    (size_t)h.def_len + (size_t)h.rep_len > (size_t)h.usize)
				return bad(c, "the level sizes of a page are out of range");
			lev = (size_t)h.def_len + (size_t)h.rep_len;
			c->buf = xmalloc(h.usize ? (size_t)h.usize : 1);
			memcpy(c->buf, body, lev);
			if (h.compressed && c->ch->codec != CODEC_UNCOMPRESSED) {
				if (codec_decompress(c->ch->codec, body + lev,
						     (size_t)h.csize - lev, c->buf + lev,
						     (size_t)h.usize - lev, &why))
					return pq_fail(f, l, "cannot decompress a %s page: %s",
						       codec_name(c->ch->codec), why);
			} else {
				if (h.csize != h.usize)
					return bad(c, "an uncompressed page's sizes differ");
				memcpy(c->buf + lev, body + lev, (size_t)h.usize - lev);
			}
			if (l->max_def > 0)
				rle_init(&c->def, c->buf + h.rep_len,
					 c->buf + lev, bit_width((uint64_t)l->max_def));
			c->vp = c->buf + lev;
			c->vend = c->buf + h.usize;
		}
		if (start_values(c, h.enc))
			return -1;
		c->page_left = (uint64_t)h.nvalues;
		if (c->page_left)
			return 0;
	}
}

static int cursor_open(struct cursor *c, struct pqfile *f, const struct leaf *l,
		       const struct chunk *ch)
{
	int64_t start;

	memset(c, 0, sizeof(*c));
	c->f = f;
	c->l = l;
	c->ch = ch;
	if (ch->encrypted)
		return pq_fail(f, l, "the column is encrypted (Parquet modular encryption is not supported)");
	if (ch->external)
		return pq_fail(f, l, "the column's data is in another file (not supported)");
	if (!ch->has_meta)
		return pq_fail(f, l, "the column chunk has no metadata");
	if (ch->type != l->type)
		return pq_fail(f, l, "the column chunk's type differs from the schema");
	if (!codec_supported(ch->codec))
		return pq_fail(f, l, "compression %s is not supported", codec_name(ch->codec));
	start = ch->data_off;
	if (ch->has_dict_off && ch->dict_off > 0 && ch->dict_off < start)
		start = ch->dict_off;
	if (start < 4 || ch->total_compressed < 0 ||
	    (uint64_t)start >= f->size ||
	    (uint64_t)ch->total_compressed > f->size - (uint64_t)start)
		return pq_fail(f, l, "the column chunk lies outside the file");
	c->p = c->p0 = f->buf + start;
	c->end = c->p + ch->total_compressed;
	return 0;
}

static int cursor_next(struct cursor *c, struct csv_cell *cell)
{
	struct value v;
	int rc;

	while (c->page_left == 0)
		if (next_page(c))
			return -1;
	c->page_left--;
	cell->p = NULL;
	cell->n = 0;
	if (c->l->max_def > 0) {
		uint64_t lev;
		if (rle_next(&c->def, &lev) || lev > (uint64_t)c->l->max_def)
			return bad(c, "malformed definition levels");
		if (lev < (uint64_t)c->l->max_def)
			return 0;
	}
	if (c->enc == E_PLAIN_DICT || c->enc == E_RLE_DICT) {
		uint64_t i;
		if (rle_next(&c->idx, &i) || i >= c->ndict)
			return bad(c, "a dictionary index is malformed or out of range");
		*cell = c->dict[i];
		return 0;
	}
	memset(&v, 0, sizeof(v));
	if (read_raw(c, &v))
		return -1;
	rc = format_value(c, &v, &cell->p, &cell->n);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		cell->p = NULL;
		cell->n = 0;
	}
	return 0;
}

/* --- column at a time ----------------------------------------------------------- */

/* The arrays of one run (one per read: one column is decoded at a time). */
struct runbuf {
	uint32_t lev[PQ_RUN_MAX];
	uint32_t idx[PQ_RUN_MAX];
	double num[PQ_RUN_MAX];
	int64_t raw[PQ_RUN_MAX];
	struct csv_cell cells[PQ_RUN_MAX];
	size_t off[PQ_RUN_MAX]; /* cells: text at arena + off, or SIZE_MAX */
	char *arena;
	size_t alen, acap;
};

/* Leaves whose values go out as doubles: those whose text is an integer,
 * a double or a decimal of an integer. */
static int numeric_kind(const struct leaf *l)
{
	return l->kind == K_INT || l->kind == K_UINT || l->kind == K_DOUBLE ||
	       (l->kind == K_DECIMAL && (l->type == T_INT32 || l->type == T_INT64));
}

static const double exact_p10[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
				     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static size_t number_text(const struct leaf *l, double d, int64_t raw, char *out)
{
	switch (l->kind) {
	case K_INT:
		return fmt_i64(out, raw);
	case K_UINT:
		return fmt_u64(out, l->type == T_INT32 ? (uint64_t)(uint32_t)raw : (uint64_t)raw);
	case K_DECIMAL:
		return fmt_decimal_int(out, raw, l->scale);
	default:
		return fmt_double(out, d);
	}
}

/* The number a numeric leaf's text reads as, computed without the text
 * where that is exact: an integer converts with one rounding, as the text
 * is read; a decimal a/10^s with a and 10^s exact doubles is one correctly
 * rounded division, as reading "a.bc" is (csv_parse_number).  +inf when the
 * text is not a number (it is then read as text). */
static double number_of(const struct leaf *l, double d, int64_t raw)
{
	char buf[SCRATCH];
	size_t n;
	double v;

	switch (l->kind) {
	case K_INT:
		return (double)raw;
	case K_UINT:
		return l->type == T_INT32 ? (double)(uint32_t)raw : (double)(uint64_t)raw;
	case K_DOUBLE:
		return d;
	default:
		break;
	}
	if (l->scale >= 0 && l->scale <= 22 && raw >= -((int64_t)1 << 53) &&
	    raw <= ((int64_t)1 << 53))
		return l->scale ? (double)raw / exact_p10[l->scale] : (double)raw;
	n = number_text(l, d, raw, buf);
	return csv_parse_number(buf, n, &v) == 0 ? v : INFINITY;
}

size_t parquet_run_text(const struct parquet_run *r, size_t i, char *buf)
{
	const struct leaf *l = r->leaf;
	return number_text(l, r->num[i], r->raw ? r->raw[i] : 0, buf);
}

/* The values of the current page in PLAIN fixed-width encoding, k of
 * them at once (no nulls among them). */
static int plain_numbers(struct cursor *c, double *num, int64_t *raw, size_t k)
{
	const struct leaf *l = c->l;
	size_t w = (size_t)value_width(l);
	const uint8_t *p = c->vp;

	if ((size_t)(c->vend - c->vp) / w < k)
		return bad(c, "a data page ends before its values");
	c->vp += k * w;
	if (l->type == T_DOUBLE) {
		for (size_t i = 0; i < k; i++, p += 8) {
			uint64_t u = le64(p);
			memcpy(&num[i], &u, 8);
		}
		return 0;
	}
	for (size_t i = 0; i < k; i++, p += w)
		raw[i] = l->type == T_INT32 ? (int64_t)(int32_t)le32(p) : (int64_t)le64(p);
	if (l->kind == K_INT) {
		for (size_t i = 0; i < k; i++)
			num[i] = (double)raw[i];
	} else {
		for (size_t i = 0; i < k; i++)
			num[i] = number_of(l, 0, raw[i]);
	}
	return 0;
}

/* The next run of at most `want` (> 0) values of the column. */
static int cursor_run(struct cursor *c, uint64_t want, struct parquet_run *run)
{
	const struct leaf *l = c->l;
	struct runbuf *rb = c->rb;
	size_t n, nn, j;
	int dict;

	while (c->page_left == 0)
		if (next_page(c))
			return -1;
	n = want < c->page_left ? (size_t)want : (size_t)c->page_left;
	if (n > PQ_RUN_MAX)
		n = PQ_RUN_MAX;
	c->page_left -= n;
	run->n = n;
	run->leaf = l;
	run->raw = NULL;
	nn = n;
	if (l->max_def > 0) {
		if (rle_batch(&c->def, rb->lev, n))
			return bad(c, "malformed definition levels");
		nn = 0;
		for (size_t i = 0; i < n; i++) {
			if (rb->lev[i] > (uint32_t)l->max_def)
				return bad(c, "malformed definition levels");
			nn += rb->lev[i] == (uint32_t)l->max_def;
		}
	}
	/* present(i): value i is not a null by its level */
#define PRESENT(i) (nn == n || rb->lev[i] == (uint32_t)l->max_def)
	dict = c->enc == E_PLAIN_DICT || c->enc == E_RLE_DICT;
	if (dict) {
		uint32_t *tmp = rb->idx + (n - nn); /* the indices, packed at the end */
		run->form = PQ_RUN_DICT;
		run->dict = &c->pdict;
		run->idx = rb->idx;
		if (rle_batch(&c->idx, tmp, nn))
			return bad(c, "a dictionary index is malformed or out of range");
		for (size_t i = 0; i < nn; i++)
			if (tmp[i] >= c->ndict)
				return bad(c, "a dictionary index is malformed or out of range");
		j = 0;
		for (size_t i = 0; i < n; i++)
			rb->idx[i] = PRESENT(i) ? tmp[j++] : c->ndict;
		return 0;
	}
	if (numeric_kind(l)) {
		run->form = PQ_RUN_NUMBERS;
		run->num = rb->num;
		run->raw = l->kind == K_DOUBLE ? NULL : rb->raw;
		if (c->enc == E_PLAIN && nn == n)
			return plain_numbers(c, rb->num, rb->raw, n);
		for (size_t i = 0; i < n; i++) {
			struct value v;
			if (!PRESENT(i)) {
				rb->num[i] = NAN;
				continue;
			}
			memset(&v, 0, sizeof(v));
			if (read_raw(c, &v))
				return -1;
			rb->raw[i] = v.i;
			rb->num[i] = number_of(l, v.d, v.i);
		}
		return 0;
	}
	run->form = PQ_RUN_CELLS;
	run->cells = rb->cells;
	rb->alen = 0;
	for (size_t i = 0; i < n; i++) {
		struct value v;
		const char *p = NULL;
		size_t k = 0;
		int rc;

		rb->off[i] = SIZE_MAX;
		rb->cells[i].p = NULL;
		rb->cells[i].n = 0;
		if (!PRESENT(i))
			continue;
		memset(&v, 0, sizeof(v));
		if (read_raw(c, &v) || (rc = format_value(c, &v, &p, &k)) < 0)
			return -1;
		if (rc == 1)
			continue; /* NaN: a null */
		rb->cells[i].p = p;
		rb->cells[i].n = k;
		if ((p >= c->scratch && p < c->scratch + SCRATCH) ||
		    (c->prev && (const uint8_t *)p >= c->prev &&
		     (const uint8_t *)p < c->prev + c->prevcap)) {
			/* overwritten by the next value: keep a copy */
			rb->arena = xgrow(rb->arena, &rb->acap, rb->alen + k + 1, 1);
			memcpy(rb->arena + rb->alen, p, k);
			rb->off[i] = rb->alen;
			rb->alen += k;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (rb->off[i] != SIZE_MAX)
			rb->cells[i].p = rb->arena + rb->off[i];
	return 0;
#undef PRESENT
}

/* --- the reader --------------------------------------------------------------- */

static void pqfile_release(struct pqfile *f)
{
	for (uint32_t i = 0; i < f->nschema; i++)
		free(f->schema[i].name);
	free(f->schema);
	for (uint32_t i = 0; i < f->nrg; i++)
		free(f->rgs[i].cols);
	free(f->rgs);
	for (size_t i = 0; i < f->nleaves; i++)
		free(f->leaves[i].name);
	free(f->leaves);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Column names are keys in profiles and reports: valid UTF-8, unique. */
static int check_names(struct pqfile *f)
{
	char **sorted;
	int rc = 0;

	for (size_t i = 0; i < f->nleaves; i++) {
		const unsigned char *s = (const unsigned char *)f->leaves[i].name;
		size_t n = strlen(f->leaves[i].name);
		for (size_t j = 0; j < n;) {
			size_t k = utf8_seq_len(s + j, n - j);
			if (!k)
				return pq_fail(f, NULL, "the name of column %zu is not valid UTF-8",
					       i + 1);
			j += k;
		}
	}
	if (f->nleaves < 2)
		return 0;
	sorted = xmalloc(f->nleaves * sizeof(char *));
	for (size_t i = 0; i < f->nleaves; i++)
		sorted[i] = f->leaves[i].name;
	qsort(sorted, f->nleaves, sizeof(char *), name_cmp);
	for (size_t i = 1; i < f->nleaves && !rc; i++)
		if (strcmp(sorted[i - 1], sorted[i]) == 0)
			rc = pq_fail(f, NULL, "duplicate column name '%.200s'", sorted[i]);
	free(sorted);
	return rc;
}

/* What a read decodes: the selected columns and row groups. */
struct plan {
	size_t *use, nuse;  /* leaf indices of the selected columns */
	const char **names; /* their names */
	uint32_t g_first, g_end;
	uint64_t line0;     /* rows before g_first */
};

static void plan_release(struct plan *pl)
{
	free(pl->use);
	free(pl->names);
	memset(pl, 0, sizeof(*pl));
}

/* The footer, the schema and the selection, then header_fn.  0 to read on,
 * 1 when only the column count was asked for, -1 on error. */
static int plan_read(struct pqfile *f, const struct csv_options *opts,
		     csv_header_fn header_fn, void *ctx, struct plan *pl)
{
	const uint8_t *buf = f->buf;
	size_t n = f->size, flen, maxcols, first = 0, end;

	memset(pl, 0, sizeof(*pl));
	if (n >= 4 && memcmp(buf, "PARE", 4) == 0)
		return pq_fail(f, NULL, "the file is encrypted (Parquet modular encryption is not supported)");
	if (n < 12 || memcmp(buf, "PAR1", 4) != 0)
		return pq_fail(f, NULL, "not a Parquet file (too short or no PAR1 magic)");
	if (memcmp(buf + n - 4, "PARE", 4) == 0)
		return pq_fail(f, NULL, "the file is encrypted (Parquet modular encryption is not supported)");
	if (memcmp(buf + n - 4, "PAR1", 4) != 0)
		return pq_fail(f, NULL, "the file does not end with PAR1 (truncated?)");
	flen = le32(buf + n - 8);
	if (flen > n - 12 || flen > PQ_MAX_FOOTER)
		return pq_fail(f, NULL, "the footer length is out of range (truncated file?)");
	if (read_footer(f, buf + n - 8 - flen, flen))
		return -1;
	if (f->encrypted)
		return pq_fail(f, NULL, "the file is encrypted (Parquet modular encryption is not supported)");
	if (build_leaves(f) || check_names(f))
		return -1;
	end = f->nleaves;
	pl->g_end = f->nrg;
	maxcols = opts && opts->max_columns ? opts->max_columns : CSV_MAX_COLUMNS_DEFAULT;
	if (f->nleaves > maxcols)
		return pq_fail(f, NULL, "%zu columns, more than the limit of %zu", f->nleaves, maxcols);
	if (f->sel) {
		f->sel->total = f->nleaves;
		f->sel->total_rg = f->nrg;
		if (f->sel->rg_end && f->sel->rg_end < pl->g_end)
			pl->g_end = (uint32_t)f->sel->rg_end;
		pl->g_first = f->sel->rg_first < pl->g_end ? (uint32_t)f->sel->rg_first : pl->g_end;
		if (f->sel->first >= f->sel->end)
			return 1; /* only the column count was asked for */
		first = f->sel->first < f->nleaves ? f->sel->first : f->nleaves;
		end = f->sel->end < f->nleaves ? f->sel->end : f->nleaves;
	}
	/* the columns to decode: the range, less those the reader was not
	 * asked for (csv_options.columns) -- only these can be refused */
	pl->use = xcalloc(f->nleaves ? f->nleaves : 1, sizeof(*pl->use));
	for (size_t i = first; i < end; i++)
		if (csv_wants_column(opts, f->leaves[i].name))
			pl->use[pl->nuse++] = i;
	for (size_t k = 0; k < pl->nuse; k++)
		if (f->leaves[pl->use[k]].refuse)
			return pq_fail(f, &f->leaves[pl->use[k]],
				       "%s; convert or drop this column to check the file",
				       f->leaves[pl->use[k]].refuse);
	pl->names = xcalloc(f->nleaves ? f->nleaves : 1, sizeof(*pl->names));
	for (size_t k = 0; k < pl->nuse; k++)
		pl->names[k] = f->leaves[pl->use[k]].name;
	if (header_fn && header_fn(ctx, pl->names, pl->nuse, f->err))
		return -1;
	for (uint32_t g = 0; g < pl->g_first; g++) /* line numbers of the whole file */
		if (f->rgs[g].num_rows > 0)
			pl->line0 += (uint64_t)f->rgs[g].num_rows;
	return 0;
}

/* 0 to read row group g, 1 when it has no rows, -1 when it is malformed. */
static int check_rowgroup(struct pqfile *f, uint32_t g)
{
	const struct rowgroup *rg = &f->rgs[g];

	if (rg->num_rows < 0)
		return pq_fail(f, NULL, "row group %u has a negative row count", g + 1);
	if (rg->num_rows == 0)
		return 1;
	if (f->nleaves == 0)
		return pq_fail(f, NULL, "the file has rows but no columns");
	/* a run-length encoded null costs bits per million rows: a claimed
	 * row count no file of this size could sensibly hold is refused
	 * rather than ground through (PQ_MAX_ROWS_PER_BYTE) */
	if ((uint64_t)rg->num_rows / PQ_MAX_ROWS_PER_BYTE > (uint64_t)f->size)
		return pq_fail(f, NULL, "row group %u claims %lld rows, more than a file of %zu bytes can hold",
			       g + 1, (long long)rg->num_rows, f->size);
	if (rg->ncols != f->nleaves)
		return pq_fail(f, NULL, "row group %u has %u columns, the schema %zu", g + 1,
			       rg->ncols, f->nleaves);
	return 0;
}

static int read_rows(struct pqfile *f, const struct csv_options *opts,
		     csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		     struct csv_read_stats *st)
{
	struct plan pl;
	struct cursor *cur = NULL;
	struct csv_cell *cells = NULL;
	uint64_t rows = 0;
	int rc = plan_read(f, opts, header_fn, ctx, &pl);

	if (rc)
		goto out;
	rc = -1;
	cur = xcalloc(f->nleaves ? f->nleaves : 1, sizeof(*cur));
	cells = xcalloc(f->nleaves ? f->nleaves : 1, sizeof(*cells));
	for (uint32_t g = pl.g_first; g < pl.g_end; g++) {
		const struct rowgroup *rg = &f->rgs[g];
		int crc = check_rowgroup(f, g);
		if (crc < 0)
			goto out;
		if (crc)
			continue;
		for (size_t k = 0; k < pl.nuse; k++)
			if (cursor_open(&cur[pl.use[k]], f, &f->leaves[pl.use[k]],
					&rg->cols[pl.use[k]]))
				goto out;
		for (int64_t r = 0; r < rg->num_rows; r++) {
			struct csv_row row;
			for (size_t k = 0; k < pl.nuse; k++)
				if (cursor_next(&cur[pl.use[k]], &cells[k]))
					goto out;
			row.cells = cells;
			row.n = pl.nuse;
			row.index = pl.line0 + rows;
			row.line = pl.line0 + rows + 2 > (uint64_t)LONG_MAX ? LONG_MAX :
									      (long)(pl.line0 + rows + 2);
			rows++;
			if (row_fn(ctx, &row, f->err))
				goto out;
		}
		for (size_t k = 0; k < pl.nuse; k++) {
			if (cur[pl.use[k]].page_left) {
				pq_fail(f, &f->leaves[pl.use[k]], "a page holds more values than the row group has rows");
				goto out;
			}
			cursor_release(&cur[pl.use[k]]);
		}
	}
	rc = 0;
out:
	if (rc == 0 && st) { /* rc 1: only the column count, no rows read */
		memset(st, 0, sizeof(*st));
		st->rows = rows;
		st->bytes = f->size;
	}
	if (cur)
		for (size_t i = 0; i < f->nleaves; i++)
			cursor_release(&cur[i]);
	free(cur);
	free(cells);
	plan_release(&pl);
	return rc < 0 ? -1 : 0;
}

/* A column chunk read to its end is not read again: give the pages of a
 * mapped file back, so that they do not add up in the peak RSS (a private
 * read-only mapping reads them from the file again if they are touched). */
static void drop_pages(struct pqfile *f, ptrdiff_t len, const uint8_t *p)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t lo, hi;

	if (!f->mapped || pg <= 0 || len <= 0)
		return;
	lo = ((uintptr_t)p + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
	hi = ((uintptr_t)p + (uintptr_t)len) & ~((uintptr_t)pg - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

/* read_rows column at a time: every selected column of a row group in
 * turn, one page (and dictionary) in memory at a time. */
static int read_runs(struct pqfile *f, const struct csv_options *opts,
		     csv_header_fn header_fn, parquet_run_fn run_fn, void *ctx,
		     struct csv_read_stats *st)
{
	struct plan pl;
	struct cursor cur;
	struct runbuf *rb = NULL;
	uint64_t rows = 0;
	int rc = plan_read(f, opts, header_fn, ctx, &pl);

	memset(&cur, 0, sizeof(cur));
	if (rc)
		goto out;
	rc = -1;
	rb = xcalloc(1, sizeof(*rb));
	for (uint32_t g = pl.g_first; g < pl.g_end; g++) {
		const struct rowgroup *rg = &f->rgs[g];
		int crc = check_rowgroup(f, g);
		if (crc < 0)
			goto out;
		if (crc)
			continue;
		for (size_t k = 0; k < pl.nuse; k++) {
			uint64_t left = (uint64_t)rg->num_rows, row = pl.line0 + rows;
			if (cursor_open(&cur, f, &f->leaves[pl.use[k]], &rg->cols[pl.use[k]]))
				goto out;
			cur.rb = rb;
			while (left) {
				struct parquet_run run;
				memset(&run, 0, sizeof(run));
				if (cursor_run(&cur, left, &run))
					goto out;
				run.col = k;
				run.row = row;
				if (run_fn(ctx, &run, f->err))
					goto out;
				left -= run.n;
				row += run.n;
			}
			if (cur.page_left) {
				pq_fail(f, &f->leaves[pl.use[k]], "a page holds more values than the row group has rows");
				goto out;
			}
			drop_pages(f, cur.end - cur.p0, cur.p0);
			cursor_release(&cur);
		}
		rows += (uint64_t)rg->num_rows;
	}
	rc = 0;
out:
	if (rc == 0 && st) {
		memset(st, 0, sizeof(*st));
		st->rows = rows;
		st->bytes = f->size;
	}
	cursor_release(&cur);
	if (rb)
		free(rb->arena);
	free(rb);
	plan_release(&pl);
	return rc < 0 ? -1 : 0;
}

/* One of row_fn (row by row) and run_fn (column at a time). */
static int read_buffer(const char *name, const uint8_t *buf, size_t n, int mapped,
		       struct parquet_select *sel, const struct csv_options *opts,
		       csv_header_fn header_fn, csv_row_fn row_fn,
		       parquet_run_fn run_fn, void *ctx, struct csv_read_stats *st,
		       struct mg_error *err)
{
	struct pqfile f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.mapped = mapped;
	f.name = name;
	f.buf = buf;
	f.size = n;
	f.err = err;
	f.sel = sel;
	if (run_fn)
		rc = read_runs(&f, opts, header_fn, run_fn, ctx, st);
	else
		rc = read_rows(&f, opts, header_fn, row_fn, ctx, st);
	pqfile_release(&f);
	return rc;
}

int parquet_read_buffer(const char *name, const uint8_t *buf, size_t n,
			const struct csv_options *opts, csv_header_fn header_fn,
			csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
			struct mg_error *err)
{
	return read_buffer(name, buf, n, 0, NULL, opts, header_fn, row_fn, NULL, ctx, st,
			   err);
}

int parquet_read_runs_buffer(const char *name, const uint8_t *buf, size_t n,
			     const struct csv_options *opts, csv_header_fn header_fn,
			     parquet_run_fn run_fn, void *ctx,
			     struct csv_read_stats *st, struct mg_error *err)
{
	return read_buffer(name, buf, n, 0, NULL, opts, header_fn, NULL, run_fn, ctx, st,
			   err);
}

int parquet_fd_is_parquet(int fd)
{
	char m[4];
	ssize_t got = pread(fd, m, 4, 0);
	/* PARE: a file with an encrypted footer, refused with that reason */
	return got == 4 && (memcmp(m, "PAR1", 4) == 0 || memcmp(m, "PARE", 4) == 0);
}

int parquet_path_is_parquet(const char *path)
{
	struct stat sb;
	int fd, yes;

	if (strcmp(path, "-") == 0)
		return 0;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	yes = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && parquet_fd_is_parquet(fd);
	close(fd);
	return yes;
}

int parquet_read_file(const char *path, const struct csv_options *opts,
		      csv_header_fn header_fn, csv_row_fn row_fn, void *ctx,
		      struct csv_read_stats *st, struct mg_error *err)
{
	return parquet_read_columns(path, NULL, opts, header_fn, row_fn, ctx, st, err);
}

/* Map the file and read it with row_fn or run_fn. */
static int read_path(const char *path, struct parquet_select *sel,
		     const struct csv_options *opts, csv_header_fn header_fn,
		     csv_row_fn row_fn, parquet_run_fn run_fn, void *ctx,
		     struct csv_read_stats *st, struct mg_error *err)
{
	struct stat sb;
	void *map;
	int fd, rc;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "cannot open: %s",
				 strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "a Parquet file must be a regular file");
	}
	if (sb.st_size < 12) {
		close(fd);
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "parquet: not a Parquet file (too short)");
	}
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "cannot read: %s",
				 strerror(errno));
	rc = read_buffer(path, map, (size_t)sb.st_size, 1, sel, opts, header_fn, row_fn,
			 run_fn, ctx, st, err);
	munmap(map, (size_t)sb.st_size);
	return rc;
}

int parquet_read_columns(const char *path, struct parquet_select *sel,
			 const struct csv_options *opts, csv_header_fn header_fn,
			 csv_row_fn row_fn, void *ctx, struct csv_read_stats *st,
			 struct mg_error *err)
{
	return read_path(path, sel, opts, header_fn, row_fn, NULL, ctx, st, err);
}

int parquet_read_runs(const char *path, struct parquet_select *sel,
		      const struct csv_options *opts, csv_header_fn header_fn,
		      parquet_run_fn run_fn, void *ctx, struct csv_read_stats *st,
		      struct mg_error *err)
{
	return read_path(path, sel, opts, header_fn, NULL, run_fn, ctx, st, err);
}
