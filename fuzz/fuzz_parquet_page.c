/* fuzz target: Parquet page decoding.  The input is one data page (and
 * optionally a dictionary page) that this target wraps in a well-formed
 * file -- magic, page headers, footer -- so the fuzzer spends its time in
 * the level, dictionary and value decoders rather than in the footer.
 * Input: [0] physical type (low 3 bits) and FIXED_LEN_BYTE_ARRAY length,
 * [1] value encoding, [2] flags (1 optional, 2 page v2, 4 dictionary,
 * 8 logical type from [3]), [3] logical/converted selector, [4] value count,
 * [5] dictionary page length, then the dictionary page, then the data
 * page.  A failure must be an input error; rows are one cell each. */
#include "fuzz.h"

#include <string.h>

#include "data/parquet.h"

struct out {
	unsigned char *p;
	size_t n, cap;
};

static void put(struct out *o, const void *p, size_t n)
{
	if (o->n + n > o->cap) {
		o->cap = (o->n + n) * 2 + 64;
		o->p = realloc(o->p, o->cap);
		FUZZ_ASSERT(o->p != NULL);
	}
	memcpy(o->p + o->n, p, n);
	o->n += n;
}

static void byte(struct out *o, unsigned b)
{
	unsigned char c = (unsigned char)b;
	put(o, &c, 1);
}

static void varint(struct out *o, uint64_t v)
{
	while (v >= 0x80) {
		byte(o, (unsigned)(v & 0x7f) | 0x80);
		v >>= 7;
	}
	byte(o, (unsigned)v);
}

/* Field headers with small deltas (callers keep ids increasing by <= 15). */
static void field(struct out *o, int *last, int id, int type)
{
	byte(o, (unsigned)((id - *last) << 4 | type));
	*last = id;
}

static void fint(struct out *o, int *last, int id, int type, int64_t v)
{
	field(o, last, id, type);
	varint(o, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void fbin(struct out *o, int *last, int id, const char *s)
{
	field(o, last, id, 8);
	varint(o, strlen(s));
	put(o, s, strlen(s));
}

static void page_header(struct out *o, int type, size_t len, int nvalues, int enc,
			int optional)
{
	int last = 0, l2 = 0;
	fint(o, &last, 1, 5, type);
	fint(o, &last, 2, 5, (int64_t)len);
	fint(o, &last, 3, 5, (int64_t)len);
	if (type == 2) { /* dictionary page header */
		field(o, &last, 7, 12);
		fint(o, &l2, 1, 5, nvalues);
		fint(o, &l2, 2, 5, 0);
	} else if (type == 0) {
		field(o, &last, 5, 12);
		fint(o, &l2, 1, 5, nvalues);
		fint(o, &l2, 2, 5, enc);
		fint(o, &l2, 3, 5, 3);
		fint(o, &l2, 4, 5, 3);
	} else { /* v2: the first byte of the body says the levels' length */
		field(o, &last, 8, 12);
		fint(o, &l2, 1, 5, nvalues);
		fint(o, &l2, 2, 5, 0);
		fint(o, &l2, 3, 5, nvalues);
		fint(o, &l2, 4, 5, enc);
		fint(o, &l2, 5, 5, optional && len ? (int64_t)(len / 4) : 0);
		fint(o, &l2, 6, 5, 0);
	}
	byte(o, 0);
	byte(o, 0);
}

static int count_row(void *ctx, const struct csv_row *row, struct mg_error *err)
{
	(void)err;
	FUZZ_ASSERT(row->n == 1);
	FUZZ_ASSERT(row->cells[0].p || row->cells[0].n == 0);
	if (row->cells[0].p)
		FUZZ_ASSERT(!memchr(row->cells[0].p, 0, row->cells[0].n));
	(*(uint64_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int encodings[] = {0, 2, 3, 5, 6, 7, 8, 9, 4, 1};
	static const int converted[] = {-1, 0, 5, 6, 7, 8, 9, 10, 11, 14, 15, 18, 4, 21};
	struct out o = {0};
	int type, tlen, enc, optional, v2, dict, nvalues, last = 0, l2, l3, flags, sel;
	size_t dlen, dict_off = 0, data_off, chunk_start;
	uint64_t rows = 0;
	struct mg_error err;

	if (size < 6)
		return 0;
	type = data[0] & 7;
	tlen = 1 + (data[0] >> 3);
	enc = encodings[data[1] % (sizeof(encodings) / sizeof(encodings[0]))];
	optional = data[2] & 1;
	v2 = data[2] & 2;
	dict = data[2] & 4;
	flags = data[2];
	sel = data[3];
	nvalues = data[4];
	dlen = data[5];
	data += 6;
	size -= 6;
	if (dlen > size)
		dlen = size;

	put(&o, "PAR1", 4);
	chunk_start = o.n;
	if (dict) {
		dict_off = o.n;
		page_header(&o, 2, dlen, nvalues ? nvalues : 1, 0, 0);
		put(&o, data, dlen);
		data += dlen;
		size -= dlen;
	}
	data_off = o.n;
	page_header(&o, v2 ? 3 : 0, size, nvalues, enc, optional);
	put(&o, data, size);

	{
		size_t footer = o.n, flen;
		unsigned char len4[4];
		fint(&o, &last, 1, 5, 1);
		field(&o, &last, 2, 9); /* schema: root and one leaf */
		byte(&o, 2 << 4 | 12);
		l2 = 0;
		fbin(&o, &l2, 4, "schema");
		fint(&o, &l2, 5, 5, 1);
		byte(&o, 0);
		l2 = 0;
		fint(&o, &l2, 1, 5, type);
		if (type == 7)
			fint(&o, &l2, 2, 5, tlen);
		fint(&o, &l2, 3, 5, optional ? 1 : 0);
		fbin(&o, &l2, 4, "c");
		if (flags & 8) {
			int cv = converted[sel % (int)(sizeof(converted) / sizeof(converted[0]))];
			if (cv >= 0) {
				fint(&o, &l2, 6, 5, cv);
				fint(&o, &l2, 7, 5, 2);
				fint(&o, &l2, 8, 5, 9);
			}
		}
		byte(&o, 0);
		fint(&o, &last, 3, 6, nvalues);
		field(&o, &last, 4, 9); /* one row group */
		byte(&o, 1 << 4 | 12);
		l2 = 0;
		field(&o, &l2, 1, 9); /* one column chunk */
		byte(&o, 1 << 4 | 12);
		l3 = 0;
		fint(&o, &l3, 2, 6, (int64_t)chunk_start);
		field(&o, &l3, 3, 12);
		{
			int l4 = 0;
			fint(&o, &l4, 1, 5, type);
			field(&o, &l4, 2, 9);
			byte(&o, 1 << 4 | 5);
			varint(&o, 0);
			field(&o, &l4, 3, 9);
			byte(&o, 1 << 4 | 8);
			varint(&o, 1);
			put(&o, "c", 1);
			fint(&o, &l4, 4, 5, 0);
			fint(&o, &l4, 5, 6, nvalues);
			fint(&o, &l4, 6, 6, (int64_t)(footer - chunk_start));
			fint(&o, &l4, 7, 6, (int64_t)(footer - chunk_start));
			fint(&o, &l4, 9, 6, (int64_t)data_off);
			if (dict)
				fint(&o, &l4, 11, 6, (int64_t)dict_off);
			byte(&o, 0);
		}
		byte(&o, 0); /* column chunk */
		fint(&o, &l2, 2, 6, 0);
		fint(&o, &l2, 3, 6, nvalues);
		byte(&o, 0); /* row group */
		byte(&o, 0); /* file metadata */
		flen = o.n - footer;
		for (int i = 0; i < 4; i++)
			len4[i] = (unsigned char)(flen >> (8 * i));
		put(&o, len4, 4);
		put(&o, "PAR1", 4);
	}
	memset(&err, 0, sizeof(err));
	if (parquet_read_buffer("page.parquet", o.p, o.n, NULL, NULL, count_row, &rows,
				NULL, &err) != 0)
		FUZZ_ASSERT(err.code == MG_EXIT_INPUT);
	else
		FUZZ_ASSERT(rows == (uint64_t)nvalues);
	free(o.p);
	return 0;
}
