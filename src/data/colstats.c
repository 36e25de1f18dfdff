/* colstats: per-column accumulators.  Hot path: colstats_add, once per
 * cell; it allocates nothing except amortised growth of the value array,
 * the table of counted numbers and the category table. */
#define _GNU_SOURCE /* mremap, madvise */
#include "data/colstats.h"
#include "common/num.h"
#include "data/qsketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif


/* --- hashing and the category table --------------------------------------- */

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

static inline uint64_t load8(const char *p)
{
	uint64_t k;
	memcpy(&k, p, 8);
	return k;
}

static inline uint64_t load4(const char *p)
{
	uint32_t k;
	memcpy(&k, p, 4);
	return k;
}

/* Short keys (the usual category) are read with two overlapping loads
 * instead of a byte loop or a memcpy call. */
static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);

	if (n >= 8) {
		while (n > 16) {
			h = (h ^ load8(p)) * 0xbf58476d1ce4e5b9ULL;
			h ^= h >> 31;
			p += 8;
			n -= 8;
		}
		h = (h ^ load8(p)) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
		h = (h ^ load8(p + n - 8)) * 0x94d049bb133111ebULL;
	} else if (n >= 4) {
		h = (h ^ (load4(p) << 32 | load4(p + n - 4))) * 0x94d049bb133111ebULL;
	} else if (n > 0) {
		uint64_t k = (uint64_t)(unsigned char)p[0] |
			     (uint64_t)(unsigned char)p[n / 2] << 8 |
			     (uint64_t)(unsigned char)p[n - 1] << 16;
		h = (h ^ k) * 0x94d049bb133111ebULL;
	}
	return mix64(h);
}

/* The words a key is compared by: its first and last 8 bytes (overlapping
 * loads, as hash_bytes reads them), or its bytes packed when shorter.  For
 * keys of at most 16 bytes equal words and equal lengths mean equal keys,
 * so the entry holds them and a lookup never reads the arena. */
struct keyw {
	uint64_t w0, w1;
};

static inline struct keyw key_words(const char *p, size_t n)
{
	struct keyw k = {0, 0};

	if (n >= 8) {
		k.w0 = load8(p);
		k.w1 = load8(p + n - 8);
	} else if (n >= 4) {
		k.w0 = load4(p) << 32 | load4(p + n - 4);
	} else {
		for (size_t i = 0; i < n; i++)
			k.w0 |= (uint64_t)(unsigned char)p[i] << (8 * i);
	}
	return k;
}

struct catent {
	uint64_t count;
	size_t off, len; /* text at arena + off */
	struct keyw kw;  /* key_words of the text */
};

struct catmap {
	struct catent *e; /* insertion order */
	size_t n, cap;
	uint32_t *slot; /* (hash tag << 14) | (index + 1); 0 = empty; nslot is a power of two */
	size_t nslot;
	char *arena;
	size_t alen, acap;
	/* Once the table is full (COLSTATS_DISTINCT_CAP entries) it never
	 * changes but for counts: a bitmap of FILT_BITS bits, one set per
	 * entry's hash, tells most new texts (a column past the cap) that
	 * they are absent without probing the slots. */
	uint64_t *filt;
};

#define FILT_BITS ((size_t)1 << 17) /* 16 KiB: a miss stays in L1 */
#define FILT_BIT(h) (((size_t)(h) >> 14) & (FILT_BITS - 1))

#define HLL_P 16
#define HLL_M (1u << HLL_P)

struct hll {
	unsigned char reg[HLL_M];
};

static void hll_add(struct hll *h, uint64_t hash)
{
	uint32_t idx = (uint32_t)(hash >> (64 - HLL_P));
	uint64_t rest = hash << HLL_P;
	unsigned char rank = (unsigned char)(rest ? __builtin_clzll(rest) + 1 :
					     64 - HLL_P + 1);
	if (rank > h->reg[idx])
		h->reg[idx] = rank;
}

static double hll_estimate(const struct hll *h)
{
	double sum = 0, m = HLL_M, est;
	size_t zeros = 0;

	for (size_t i = 0; i < HLL_M; i++) {
		sum += ldexp(1.0, -h->reg[i]);
		zeros += h->reg[i] == 0;
	}
	est = 0.7213 / (1 + 1.079 / m) * m * m / sum;
	if (est <= 2.5 * m && zeros)
		est = m * log(m / (double)zeros); /* linear counting */
	return est;
}

static struct catmap *catmap_new(void)
{
	struct catmap *m = xcalloc(1, sizeof(*m));
	m->nslot = 64;
	m->slot = xcalloc(m->nslot, sizeof(uint32_t));
	return m;
}

static void catmap_free(struct catmap *m)
{
	if (!m)
		return;
	free(m->e);
	free(m->slot);
	free(m->arena);
	free(m->filt);
	free(m);
}

/* Small slots keep the probe table in cache: 14 bits of entry index
 * (the table never holds more than COLSTATS_DISTINCT_CAP entries) and 18
 * bits of the hash's top as a tag, so that a miss rarely reads an entry. */
#define SLOT_IDX_BITS 14
#define SLOT_IDX_MASK ((1u << SLOT_IDX_BITS) - 1)
#define SLOT_TAG(h) ((uint32_t)((h) >> (64 - (32 - SLOT_IDX_BITS))) << SLOT_IDX_BITS)
_Static_assert(COLSTATS_DISTINCT_CAP < (1 << SLOT_IDX_BITS) - 1,
	       "slot index too small for the distinct cap");

static uint64_t entry_hash(const struct catmap *m, const struct catent *e)
{
	return hash_bytes(m->arena + e->off, e->len);
}

static struct catent *catmap_find(const struct catmap *m, const char *p,
				  size_t n, uint64_t h)
{
	size_t mask = m->nslot - 1, i = (size_t)h & mask;
	uint32_t s, tag = SLOT_TAG(h);
	struct keyw k = key_words(p, n);

	while ((s = m->slot[i]) != 0) {
		if ((s & ~SLOT_IDX_MASK) == tag) {
			struct catent *e = &m->e[(s & SLOT_IDX_MASK) - 1];
			if (e->len == n && e->kw.w0 == k.w0 && e->kw.w1 == k.w1 &&
			    (n <= 16 || memcmp(m->arena + e->off, p, n) == 0))
				return e;
		}
		i = (i + 1) & mask;
	}
	return NULL;
}

/* The table is full: build its filter (once). */
static void catmap_freeze(struct catmap *m)
{
	m->filt = xcalloc(FILT_BITS / 64, sizeof(uint64_t));
	for (size_t k = 0; k < m->n; k++) {
		size_t b = FILT_BIT(entry_hash(m, &m->e[k]));
		m->filt[b / 64] |= (uint64_t)1 << (b % 64);
	}
}

static inline int catmap_maybe_has(const struct catmap *m, uint64_t h)
{
	size_t b = FILT_BIT(h);
	return (m->filt[b / 64] >> (b % 64)) & 1;
}

static void slot_put(struct catmap *m, uint64_t h, size_t idx)
{
	size_t mask = m->nslot - 1, i = (size_t)h & mask;
	while (m->slot[i])
		i = (i + 1) & mask;
	m->slot[i] = SLOT_TAG(h) | (uint32_t)(idx + 1);
}

static void catmap_rehash(struct catmap *m)
{
	free(m->slot);
	m->nslot *= 2;
	m->slot = xcalloc(m->nslot, sizeof(uint32_t));
	for (size_t k = 0; k < m->n; k++)
		slot_put(m, entry_hash(m, &m->e[k]), k);
}

static void catmap_insert(struct catmap *m, const char *p, size_t n,
			  uint64_t h, uint64_t count)
{
	struct catent *e;

	if ((m->n + 1) * 10 > m->nslot * 7)
		catmap_rehash(m);
	if (m->n == m->cap)
		m->e = xgrow(m->e, &m->cap, m->n + 1, sizeof(*m->e));
	if (m->alen + n > m->acap) {
		size_t cap = m->acap ? m->acap : 1024;
		while (cap < m->alen + n)
			cap *= 2;
		m->arena = xrealloc(m->arena, cap);
		m->acap = cap;
	}
	if (n)
		memcpy(m->arena + m->alen, p, n);
	e = &m->e[m->n];
	e->kw = key_words(p, n);
	e->count = count;
	e->off = m->alen;
	e->len = n;
	m->alen += n;
	slot_put(m, h, m->n);
	m->n++;
}

/* Start c's distinct estimate from its categories (at the cap). */
static void hll_seed(struct colstats *c)
{
	c->hll = xcalloc(1, sizeof(*c->hll));
	for (size_t i = 0; c->cats && i < c->cats->n; i++)
		hll_add(c->hll, entry_hash(c->cats, &c->cats->e[i]));
}

/* Count `count` occurrences of a text in c's categories. */
static void cat_add(struct colstats *c, const char *p, size_t n, uint64_t count)
{
	uint64_t h = hash_bytes(p, n);
	struct catent *e;

	if (!c->cats)
		c->cats = catmap_new();
	if (c->cats->filt && !catmap_maybe_has(c->cats, h))
		goto absent; /* past the cap and not in the table */
	e = catmap_find(c->cats, p, n, h);
	if (e) {
		e->count += count;
		return;
	}
	if (c->cats->n < COLSTATS_DISTINCT_CAP) {
		catmap_insert(c->cats, p, n, h, count);
		return;
	}
	if (!c->cats->filt)
		catmap_freeze(c->cats);
absent:
	if (!c->hll)
		hll_seed(c);
	c->cats_truncated = 1;
	hll_add(c->hll, h);
}

/* --- the budget of kept values --------------------------------------------- */

void colstats_budget_init(struct colstats_budget *b, uint64_t max)
{
	atomic_init(&b->used, 0);
	b->max = max;
}

void colstats_quota_init(struct colstats_quota *q, struct colstats_budget *b)
{
	q->budget = b;
	q->left = 0;
}

/* Draw the next block from the shared budget: 0, or -1 when it is spent. */
static int quota_refill(struct colstats_quota *q)
{
	struct colstats_budget *b = q->budget;
	uint64_t used = atomic_load_explicit(&b->used, memory_order_relaxed);
	uint64_t block = b->max / 64, want;

	if (block > COLSTATS_QUOTA_BLOCK)
		block = COLSTATS_QUOTA_BLOCK;
	if (block == 0)
		block = 1;
	do {
		if (used >= b->max)
			return -1;
		want = b->max - used < block ? b->max - used : block;
	} while (!atomic_compare_exchange_weak_explicit(
		&b->used, &used, used + want, memory_order_relaxed,
		memory_order_relaxed));
	q->left = want;
	return 0;
}

/* May c keep one more value?  Takes it from the quota. */
static inline int quota_take(struct colstats *c)
{
	struct colstats_quota *q = c->quota;

	if (!q || !q->budget)
		return 0;
	if (!q->left && quota_refill(q)) {
		c->over_budget = 1;
		return -1;
	}
	q->left--;
	return 0;
}

/* --- the value array -------------------------------------------------------- */

/* ThreadSanitizer does not follow mremap (an address reused after a move
 * keeps the old mapping's access history and reads as a race), so a
 * -fsanitize=thread build grows the arrays with realloc. */
#if defined(__linux__) && defined(MREMAP_MAYMOVE) && !defined(__SANITIZE_THREAD__)
#define VALUES_MREMAP 1
#else
#define VALUES_MREMAP 0
#endif

/* Small arrays are malloc'd.  From VALUES_MAP_MIN bytes on (Linux) an
 * array is an anonymous mapping of its own, grown by mremap: the kernel
 * moves the page tables, so growing copies no byte and faults in no page
 * twice (realloc copies a heap block below glibc's mmap threshold, up to
 * 32 MiB, into freshly zeroed pages).  Capacity never touched is never
 * resident, and the mapping asks for transparent huge pages: a million
 * values fault in 4 pages instead of 2000.  Which kind an array is
 * follows from its capacity alone. */
#if VALUES_MREMAP
#define VALUES_MAP_MIN ((size_t)1 << 20)
#define VALUES_MAPPED(cap) ((cap) * sizeof(double) >= VALUES_MAP_MIN)

static void hint_huge(void *p, size_t bytes)
{
#if defined(MADV_HUGEPAGE)
	madvise(p, bytes, MADV_HUGEPAGE);
#else
	(void)p;
	(void)bytes;
#endif
}

static double *map_values(double *old, size_t old_cap, size_t cap)
{
	size_t bytes = cap * sizeof(double);
	void *p;

	if (old && VALUES_MAPPED(old_cap))
		p = mremap(old, old_cap * sizeof(double), bytes, MREMAP_MAYMOVE);
	else
		p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		xoom(bytes);
	hint_huge(p, bytes);
	if (old && !VALUES_MAPPED(old_cap)) {
		memcpy(p, old, old_cap * sizeof(double));
		free(old);
	}
	return p;
}
#else
#define VALUES_MAPPED(cap) 0
#endif

static void runs_free(struct numcount *m);

static void values_free(struct colstats *c)
{
	runs_free(c->runs);
	c->runs = NULL;
#if VALUES_MREMAP
	if (c->values && VALUES_MAPPED(c->cap_values))
		munmap(c->values, c->cap_values * sizeof(double));
	else
#endif
		free(c->values);
	c->values = NULL;
	c->nvalues = c->cap_values = 0;
}

/* Room for `need` values (capacity doubles). */
static void grow_values(struct colstats *c, size_t need)
{
	size_t cap = c->cap_values;

	if (need <= cap)
		return;
	if (cap < 8)
		cap = 8;
	while (cap < need) {
		if (cap > SIZE_MAX / 2 / sizeof(double))
			xoom(SIZE_MAX);
		cap *= 2;
	}
#if VALUES_MREMAP
	if (VALUES_MAPPED(cap)) {
		c->values = map_values(c->values, c->cap_values, cap);
		c->cap_values = cap;
		return;
	}
#endif
	c->values = xrealloc(c->values, cap * sizeof(double));
	c->cap_values = cap;
}

/* --- kept numbers as distinct value -> count --------------------------------- */

/* While a column has at most COLSTATS_RUNS_CAP distinct values, a kept
 * number is counted in an open-addressing table keyed by its bits instead
 * of being appended to the value array: the quantiles, bins, moments, KS
 * and Wasserstein all follow from the counts, so the column costs a table
 * of at most 2 * COLSTATS_RUNS_CAP slots (128 KiB) instead of 8 bytes a
 * value, and is never sorted.  The value that would be the cap's first
 * one past it moves the column to the value array for good ("spills":
 * every counted value is written out, in ascending order). */
#define RUNS_EMPTY UINT64_MAX /* the bits of a NaN: never a kept value */
#define RUNS_MIN_SLOTS 64
#define RUNS_MULT 0x9E3779B97F4A7C15ULL /* the home slot: key * this, top bits */
/* Linear probing at a load of at most 1/2 finds a key within a few slots;
 * values whose bits crowd one stretch of the table (by chance or by
 * design) make the column spill instead of probing on: a lookup never
 * costs more than this many slots. */
#define RUNS_MAX_PROBE 64

struct nslot {
	uint64_t key, count;
};

struct numcount {
	struct nslot *slot;
	size_t n;      /* distinct values */
	size_t nslots; /* a power of 2, at least twice n */
	int shift;     /* 64 - log2(nslots) */
	uint64_t total; /* values counted */
	/* the entries ascending (runs_sort), while `sorted` */
	double *v;
	uint64_t *w;
	int sorted;
};

static inline uint64_t dbits(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof(u));
	return u;
}

static inline double bitsd(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof(d));
	return d;
}

static struct numcount *runs_new(size_t nslots)
{
	struct numcount *m = xcalloc(1, sizeof(*m));
	int bits = 0;

	while (((size_t)1 << bits) < nslots)
		bits++;
	m->nslots = (size_t)1 << bits;
	m->shift = 64 - bits;
	m->slot = xmalloc(m->nslots * sizeof(*m->slot));
	for (size_t i = 0; i < m->nslots; i++)
		m->slot[i].key = RUNS_EMPTY;
	return m;
}

static void runs_free(struct numcount *m)
{
	if (!m)
		return;
	free(m->slot);
	free(m->v);
	free(m->w);
	free(m);
}

static inline size_t runs_home(const struct numcount *m, uint64_t key)
{
	return (size_t)((key * RUNS_MULT) >> m->shift);
}

/* The slot holding key, or the empty slot where it goes; NULL when
 * neither is within RUNS_MAX_PROBE slots of its home.  Keys are never
 * removed, so a key placed within the bound is found within it. */
static inline struct nslot *runs_find(const struct numcount *m, uint64_t key)
{
	size_t i = runs_home(m, key);

	for (int k = 0; k < RUNS_MAX_PROBE; k++) {
		if (m->slot[i].key == key || m->slot[i].key == RUNS_EMPTY)
			return &m->slot[i];
		i = (i + 1) & (m->nslots - 1);
	}
	return NULL;
}

/* Twice the slots: 0, or -1 when some key would then lie past the probe
 * bound (m is unchanged: the caller spills). */
static int runs_rehash(struct numcount *m)
{
	struct numcount *g = runs_new(m->nslots * 2);

	for (size_t i = 0; i < m->nslots; i++) {
		struct nslot *s;
		if (m->slot[i].key == RUNS_EMPTY)
			continue;
		s = runs_find(g, m->slot[i].key);
		if (!s) {
			runs_free(g);
			return -1;
		}
		*s = m->slot[i];
	}
	free(m->slot);
	m->slot = g->slot;
	m->nslots = g->nslots;
	m->shift = g->shift;
	free(g);
	return 0;
}

struct vw2 {
	double v;
	uint64_t w;
};

static int vw2_cmp(const void *pa, const void *pb)
{
	const struct vw2 *a = pa, *b = pb;
	return (a->v > b->v) - (a->v < b->v);
}

/* m->v and m->w: the entries in ascending order of value. */
static void runs_sort(struct numcount *m)
{
	struct vw2 *e;
	size_t k = 0;

	if (m->sorted)
		return;
	e = xmalloc((m->n + 1) * sizeof(*e));
	for (size_t i = 0; i < m->nslots; i++)
		if (m->slot[i].key != RUNS_EMPTY)
			e[k++] = (struct vw2){bitsd(m->slot[i].key), m->slot[i].count};
	qsort(e, k, sizeof(*e), vw2_cmp);
	free(m->v);
	free(m->w);
	m->v = xmalloc((k + 1) * sizeof(double));
	m->w = xmalloc((k + 1) * sizeof(uint64_t));
	m->total = 0;
	for (size_t i = 0; i < k; i++) {
		m->v[i] = e[i].v;
		m->w[i] = e[i].w;
		m->total += e[i].w;
	}
	free(e);
	m->sorted = 1;
}

/* Write the counted values of c out to its value array, ascending, and
 * drop the counts: from now on c keeps its values one by one. */
static void runs_spill(struct colstats *c)
{
	struct numcount *m = c->runs;

	c->runs = NULL;
	runs_sort(m);
	grow_values(c, c->nvalues + m->total + 1);
	c->sorted = c->nvalues == 0;
	for (size_t i = 0; i < m->n; i++)
		for (uint64_t k = 0; k < m->w[i]; k++)
			c->values[c->nvalues++] = m->v[i];
	runs_free(m);
}

/* Count v (`count` times) in c's table: 0, or 1 when c keeps its values
 * one by one (it has an array, or v would pass the cap: c spills). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int runs_add_slow(struct colstats *c, double v, uint64_t count)
{
	struct numcount *m = c->runs;
	uint64_t key = dbits(v);
	struct nslot *s;

	if (c->values)
		return 1;
	if (!m)
		m = c->runs = runs_new(RUNS_MIN_SLOTS);
	s = runs_find(m, key);
	if (s && s->key == RUNS_EMPTY) {
		/* a new value: room for it, or the column spills */
		if (m->n == COLSTATS_RUNS_CAP)
			s = NULL;
		else if (2 * (m->n + 1) > m->nslots)
			s = runs_rehash(m) ? NULL : runs_find(m, key);
		if (s) {
			s->key = key;
			s->count = 0;
			m->n++;
		}
	}
	if (!s) {
		runs_spill(c);
		return 1;
	}
	s->count += count;
	m->sorted = 0;
	return 0;
}

#if defined(__GNUC__)
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define ALWAYS_INLINE inline
#endif

static ALWAYS_INLINE int runs_add(struct colstats *c, double v, uint64_t count)
{
	struct numcount *m = c->runs;

	if (m) {
		struct nslot *s = runs_find(m, dbits(v));
		if (s && s->key != RUNS_EMPTY) {
			s->count += count;
			m->sorted = 0;
			return 0;
		}
	}
	return runs_add_slow(c, v, count);
}

/* Keep `count` copies of v: counted while c has few distinct values, else
 * in the value array.  Inlined into the row loop, as add_cell. */
static ALWAYS_INLINE void keep_value(struct colstats *c, double v,
				     uint64_t count)
{
	if (!c->values && runs_add(c, v == 0 ? 0.0 : v, count) == 0)
		return;
	if (c->nvalues + count > c->cap_values)
		grow_values(c, c->nvalues + count);
	while (count--)
		c->values[c->nvalues++] = v;
	c->sorted = 0;
}

/* --- accumulate ------------------------------------------------------------ */

void colstats_init(struct colstats *c, const char *name, int keep_values,
		   int track_text)
{
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(name ? name : "");
	c->type = COL_NUMBER;
	c->keep_values = keep_values;
	c->text_complete = 1;
	c->track_text = track_text;
	c->sorted = 1;
	c->min = NAN;
	c->max = NAN;
	c->distinct_loaded = -1;
	for (int i = 0; i < 5; i++)
		c->q_loaded[i] = NAN;
}

void colstats_release(struct colstats *c)
{
	if (!c)
		return;
	free(c->name);
	values_free(c);
	catmap_free(c->cats);
	free(c->hll);
	free(c->hist_edges);
	free(c->hist_counts);
	if (c->sketch) {
		qsketch_release(c->sketch);
		free(c->sketch);
	}
	memset(c, 0, sizeof(*c));
}

void colstats_add_null(struct colstats *c)
{
	c->nulls++;
}

static void to_string(struct colstats *c)
{
	c->type = COL_STRING;
	values_free(c);
	c->sorted = 1;
	c->has_hist = 0;
}

/* a - b scaled by 2^-e, without overflow when a and b are near opposite
 * ends of the double range */
static double sdiff(double a, double b, int e)
{
	double d = a - b;

	if (isfinite(d))
		return e ? ldexp(d, -e) : d;
	return ldexp(a / 2 - b / 2, 1 - e);
}

/* The smallest e >= 0 with x y 2^-e <= 2^limit (x, y >= 0; a bound by
 * exponents, so it also serves when x y itself overflows). */
static int scale_for(double x, double y, int limit)
{
	int ex, ey;

	if (!(x > 0) || !(y > 0))
		return 0;
	frexp(x, &ex);
	frexp(y, &ey);
	return ex + ey - limit > 0 ? ex + ey - limit : 0;
}

/* Add w (a1 - b1)(a2 - b2) to a sum of squared deviations kept as m2 and
 * a scale: the sum is m2 4^e.  e stays 0 (plain arithmetic) unless the
 * deviations pass 2^400, so the sum never overflows while the standard
 * deviation itself is a double. */
static void m2_add(double *m2, int *e, double a1, double b1, double a2,
		   double b2, double w)
{
	double x, y;

	/* a difference that overflows unscaled is finite from e = 1 on */
	for (;;) {
		x = sdiff(a1, b1, *e);
		y = sdiff(a2, b2, *e);
		if (!(fabs(x) > 0x1p400 || fabs(y) > 0x1p400))
			break;
		*e += 64;
		*m2 = ldexp(*m2, -128);
	}
	*m2 += x * y * w;
}

static void num_stream(struct colstats *c, double v);

/* 0, or -1 when the value cannot be kept (nothing changed but
 * over_budget). */
static ALWAYS_INLINE int num_update(struct colstats *c, double v)
{
	if (c->keep_values) {
		/* min, max and the moments come from the values at the end
		 * (colstats_finish): nothing else to do per value */
		if (quota_take(c))
			return -1;
		c->nnum++;
		keep_value(c, v, 1);
		c->moments_stale = 1;
		return 0;
	}
	num_stream(c, v);
	return 0;
}

/* A number not kept: min, max and the moments, streamed (Welford). */
static void num_stream(struct colstats *c, double v)
{
	double d, old;

	c->nnum++;
	if (c->nnum == 1) {
		c->min = c->max = v;
	} else {
		if (v < c->min)
			c->min = v;
		if (v > c->max)
			c->max = v;
	}
	if (c->nnum == 1) {
		c->mean = v;
		c->m2 = 0;
		c->m2_exp = 0;
		return;
	}
	old = c->mean;
	d = v - old;
	if (isfinite(d))
		c->mean += d / (double)c->nnum;
	else /* v and the mean near opposite ends of the double range */
		c->mean += 2 * ((v / 2 - old / 2) / (double)c->nnum);
	m2_add(&c->m2, &c->m2_exp, v, old, v, c->mean, 1.0);
}

int colstats_add_number(struct colstats *c, double v, const char *text,
			size_t n)
{
	if (c->type == COL_NUMBER) {
		if (num_update(c, v == 0 ? 0.0 : v))
			return -1;
		c->count++;
		if (c->track_text && text)
			cat_add(c, text, n, 1);
		else
			c->text_complete = 0;
	} else {
		c->count++;
		cat_add(c, text ? text : "", text ? n : 0, 1);
	}
	return 0;
}

void colstats_add_string(struct colstats *c, const char *p, size_t n)
{
	c->count++;
	if (c->type == COL_NUMBER)
		to_string(c);
	cat_add(c, p, n, 1);
}

/* Inlined into the row loop (GCC alone would call it since the number
 * front is inline too: a call and its saved registers cost 13 instructions
 * a cell). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int add_cell(struct colstats *c, const struct csv_nulls *nl,
			   const char *p, size_t n)
{
	double v;

	if (csv_is_null(nl, p, n)) {
		c->nulls++;
		return 0;
	}
	if (c->type == COL_NUMBER) {
		if (csv_parse_number(p, n, &v) == 0) {
			if (num_update(c, v))
				return -1;
			c->count++;
			if (c->track_text)
				cat_add(c, p, n, 1);
			else
				c->text_complete = 0;
			return 0;
		}
		to_string(c);
	}
	c->count++;
	cat_add(c, p, n, 1);
	return 0;
}

int colstats_add_row(struct colstats *cols, const struct csv_nulls *nl,
		     const struct csv_cell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (add_cell(&cols[i], nl, cells[i].p, cells[i].n))
			return -1;
	return 0;
}

int colstats_add(struct colstats *c, const struct csv_nulls *nl,
		 const char *p, size_t n)
{
	return add_cell(c, nl, p, n);
}

void colstats_add_text_only(struct colstats *c, const char *p, size_t n)
{
	cat_add(c, p, n, 1);
}

void colstats_add_category(struct colstats *c, const char *p, size_t n,
			   uint64_t count)
{
	cat_add(c, p, n, count);
}

void colstats_reset_text(struct colstats *c)
{
	catmap_free(c->cats);
	c->cats = NULL;
	free(c->hll);
	c->hll = NULL;
	c->cats_truncated = 0;
	c->text_complete = 1;
}

/* --- moments ---------------------------------------------------------------- */

struct moments {
	double min, max, mean, m2;
	int m2_exp; /* the sum of squared deviations is m2 4^m2_exp */
};

/* The values a sum runs over, in order: v[0], v[1], ... one by one, or
 * (w != NULL) v[i] repeated w[i] times; i and left are the cursor. */
struct vsrc {
	const double *v;
	const uint64_t *w;
	size_t i;
	uint64_t left; /* copies of v[i] still to come (w != NULL) */
	/* per leaf length: the term and sum of the last leaf of that length
	 * that lay inside one run (memo_ok[len] is 0 until there is one) */
	double *memo_d, *memo_sum;
	unsigned char *memo_ok;
};

static void moments_from(const struct vsrc *v, uint64_t n, double min,
			 double max, struct moments *m);
static void moments_of_runs(struct numcount *r, struct moments *m);

/* The moments of c: stored, or computed from its values when stale. */
static void moments_of(const struct colstats *c, struct moments *m)
{
	m->min = c->min;
	m->max = c->max;
	m->mean = c->mean;
	m->m2 = c->m2;
	m->m2_exp = c->m2_exp;
	if (!c->moments_stale)
		return;
	if (c->runs && c->runs->n) {
		moments_of_runs(c->runs, m);
		return;
	}
	if (!c->values || !c->nvalues)
		return;
	m->min = m->max = c->values[0];
	for (size_t i = 1; i < c->nvalues; i++) {
		if (c->values[i] < m->min)
			m->min = c->values[i];
		if (c->values[i] > m->max)
			m->max = c->values[i];
	}
	moments_from(&(struct vsrc){c->values, NULL, 0, 0, NULL, NULL, NULL}, c->nvalues, m->min,
		     m->max, m);
}

/* --- merge ---------------------------------------------------------------- */

static int same_edges(const struct colstats *a, const struct colstats *b)
{
	if (a->hist_nedges != b->hist_nedges)
		return 0;
	for (size_t i = 0; i < a->hist_nedges; i++)
		if (a->hist_edges[i] != b->hist_edges[i])
			return 0;
	return 1;
}

void colstats_merge(struct colstats *a, const struct colstats *b)
{
	int a_text = a->text_complete, b_text = b->text_complete;
	uint64_t a_count = a->count;

	a->count += b->count;
	a->nulls += b->nulls;
	if (a->type == COL_NUMBER && b->type == COL_NUMBER && a->keep_values &&
	    b->keep_values) {
		/* the values are concatenated below; colstats_finish computes
		 * min, max and the moments from them */
		a->nnum += b->nnum;
		a->moments_stale = a->nnum > 0;
	} else if (b->nnum) {
		struct moments mb, ma;
		moments_of(b, &mb);
		moments_of(a, &ma);
		if (!a->nnum) {
			ma = mb;
		} else {
			/* Chan, Golub & LeVeque: pairwise combination */
			double na = (double)a->nnum, nb = (double)b->nnum;
			double n = na + nb, d = mb.mean - ma.mean, old = ma.mean;
			int e = ma.m2_exp > mb.m2_exp ? ma.m2_exp : mb.m2_exp;

			if (isfinite(d))
				ma.mean += d * (nb / n);
			else
				ma.mean += 2 * ((mb.mean / 2 - old / 2) * (nb / n));
			/* both sums on the larger scale, then the cross term */
			ma.m2 = ldexp(ma.m2, 2 * (ma.m2_exp - e)) +
				ldexp(mb.m2, 2 * (mb.m2_exp - e));
			ma.m2_exp = e;
			m2_add(&ma.m2, &ma.m2_exp, mb.mean, old, mb.mean, old,
			       na * nb / n);
			if (mb.min < ma.min)
				ma.min = mb.min;
			if (mb.max > ma.max)
				ma.max = mb.max;
		}
		a->min = ma.min;
		a->max = ma.max;
		a->mean = ma.mean;
		a->m2 = ma.m2;
		a->m2_exp = ma.m2_exp;
		a->moments_stale = 0;
		a->nnum += b->nnum;
	}
	if (a->type == COL_NUMBER && b->type == COL_NUMBER) {
		if (a->keep_values && b->keep_values && b->runs) {
			const struct numcount *r = b->runs;
			for (size_t i = 0; i < r->nslots; i++)
				if (r->slot[i].key != RUNS_EMPTY)
					keep_value(a, bitsd(r->slot[i].key),
						   r->slot[i].count);
		} else if (a->keep_values && b->keep_values && b->nvalues) {
			if (a->runs)
				runs_spill(a);
			grow_values(a, a->nvalues + b->nvalues);
			memcpy(a->values + a->nvalues, b->values,
			       b->nvalues * sizeof(double));
			a->nvalues += b->nvalues;
			a->sorted = 0;
		} else if (!b->keep_values || (!a->keep_values && a->count)) {
			a->keep_values = 0;
			values_free(a);
		}
		if (a->has_hist && b->has_hist && same_edges(a, b)) {
			for (size_t i = 0; i <= a->hist_nedges; i++)
				a->hist_counts[i] += b->hist_counts[i];
		} else if (!a_count && b->has_hist) {
			free(a->hist_edges);
			free(a->hist_counts);
			a->hist_nedges = b->hist_nedges;
			a->hist_edges = xmalloc((b->hist_nedges + 1) * sizeof(double));
			a->hist_counts = xmalloc((b->hist_nedges + 1) * sizeof(uint64_t));
			memcpy(a->hist_edges, b->hist_edges, b->hist_nedges * sizeof(double));
			memcpy(a->hist_counts, b->hist_counts,
			       (b->hist_nedges + 1) * sizeof(uint64_t));
			a->has_hist = 1;
		} else if (b->count) {
			a->has_hist = 0;
		}
	} else {
		if (a->type == COL_NUMBER)
			to_string(a);
	}
	if (b->cats) {
		for (size_t i = 0; i < b->cats->n; i++) {
			const struct catent *e = &b->cats->e[i];
			cat_add(a, b->cats->arena + e->off, e->len, e->count);
		}
	}
	if (b->cats_truncated) {
		if (!a->hll)
			hll_seed(a);
		a->cats_truncated = 1;
		for (size_t i = 0; b->hll && i < HLL_M; i++)
			if (b->hll->reg[i] > a->hll->reg[i])
				a->hll->reg[i] = b->hll->reg[i];
	}
	a->text_complete = a_text && b_text;
	if (b->distinct_loaded >= 0 || a->distinct_loaded >= 0)
		a->distinct_loaded = -1; /* cannot be combined exactly */
	for (int i = 0; i < 5; i++)
		a->q_loaded[i] = NAN;
}

/* --- derived numbers ------------------------------------------------------- */

double colstats_mean(const struct colstats *c)
{
	struct moments m;
	if (!c->nnum)
		return NAN;
	moments_of(c, &m);
	return m.mean;
}

double colstats_std(const struct colstats *c)
{
	struct moments m;
	if (c->nnum < 2)
		return NAN;
	moments_of(c, &m);
	return ldexp(sqrt(m.m2 / (double)(c->nnum - 1)), m.m2_exp);
}

void colstats_set_std(struct colstats *c, double sd)
{
	int e = scale_for(sd, sqrt((double)c->nnum), 500);
	double x = ldexp(sd, -e);

	c->m2 = x * x * (double)(c->nnum - 1);
	c->m2_exp = e;
	c->moments_stale = 0;
}

double colstats_var_pop(const struct colstats *c)
{
	struct moments m;
	if (!c->nnum)
		return NAN;
	moments_of(c, &m);
	return ldexp(m.m2 / (double)c->nnum, 2 * m.m2_exp);
}

static inline uint64_t dkey(double d)
{
	uint64_t u;
	memcpy(&u, &d, 8);
	return (u & 0x8000000000000000ULL) ? ~u : u | 0x8000000000000000ULL;
}

static inline double dunkey(uint64_t u)
{
	double d;
	u = (u & 0x8000000000000000ULL) ? u & ~0x8000000000000000ULL : ~u;
	memcpy(&d, &u, 8);
	return d;
}


/* Most real columns are decimals with few places (money, scores, counts):
 * when every value is exactly a/s for an integer a and one scale s in
 * 1, 10, ..., 10000 (the double of a decimal with that many places is the
 * correctly rounded a/s, which is what IEEE division gives), and the a's
 * span at most COUNT_SORT_RANGE, the values are counted instead of sorted
 * and written back as a/s: exact, and a few operations per value. */
#define COUNT_SORT_RANGE ((int64_t)1 << 20)

static int counting_sort(double *v, size_t n)
{
	static const double scales[] = {1, 10, 100, 1000, 10000};

	for (size_t k = 0; k < sizeof(scales) / sizeof(scales[0]); k++) {
		double s = scales[k];
		int64_t mn = 0, mx = 0;
		size_t i, *cnt, out = 0;

		for (i = 0; i < n; i++) {
			double x = v[i] * s;
			int64_t a;
			if (!(x > -1e15 && x < 1e15))
				return 0;
			a = llrint(x);
			if ((double)a / s != v[i])
				break;
			if (i == 0) {
				mn = mx = a;
			} else if (a < mn) {
				mn = a;
			} else if (a > mx) {
				mx = a;
			}
			if (mx - mn >= COUNT_SORT_RANGE)
				return 0; /* a finer scale only widens it */
		}
		if (i < n)
			continue;
		cnt = xcalloc((size_t)(mx - mn) + 1, sizeof(size_t));
		for (i = 0; i < n; i++)
			cnt[llrint(v[i] * s) - mn]++;
		for (int64_t j = 0; j <= mx - mn; j++) {
			size_t c = cnt[j];
			if (c) {
				double x = (double)(mn + j) / s;
				while (c--)
					v[out++] = x;
			}
		}
		free(cnt);
		return 1;
	}
	return 0;
}

/* In-place MSD radix sort (American flag sort) of the order-preserving
 * integer images of the doubles, 8 bits a level from the top: a counting
 * pass, then each key is swapped straight into its bucket, then each
 * bucket is sorted on the next byte.  A level where every key has the same
 * byte (the sign and exponent of most real columns) costs the counting
 * pass only.  No scratch array: sorting takes no memory beyond the
 * values, whatever their number. */
#define AF_SMALL 48

static void af_sort(uint64_t *a, size_t n, int shift)
{
	size_t cnt[256] = {0}, next[256], end[256], pos = 0;

	while (n > AF_SMALL) {
		for (size_t i = 0; i < n; i++)
			cnt[(a[i] >> shift) & 255]++;
		if (cnt[(a[0] >> shift) & 255] != n)
			break;
		cnt[(a[0] >> shift) & 255] = 0;
		if (shift == 0)
			return; /* all keys equal */
		shift -= 8;
	}
	if (n <= AF_SMALL) {
		for (size_t i = 1; i < n; i++) {
			uint64_t k = a[i];
			size_t j = i;
			while (j > 0 && a[j - 1] > k) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = k;
		}
		return;
	}
	for (unsigned b = 0; b < 256; b++) {
		next[b] = pos;
		pos += cnt[b];
		end[b] = pos;
	}
	for (unsigned b = 0; b < 256; b++) {
		while (next[b] < end[b]) {
			uint64_t k = a[next[b]];
			unsigned d = (unsigned)(k >> shift) & 255;
			while (d != b) { /* k goes to its bucket; take what was there */
				uint64_t t = a[next[d]];
				a[next[d]++] = k;
				k = t;
				d = (unsigned)(k >> shift) & 255;
			}
			a[next[b]++] = k;
		}
	}
	if (shift == 0)
		return;
	for (unsigned b = 0; b < 256; b++)
		if (cnt[b] > 1)
			af_sort(a + (end[b] - cnt[b]), cnt[b], shift - 8);
}

void colstats_sort_doubles(double *v, size_t n)
{
	uint64_t *a = (uint64_t *)(void *)v;

	if (n < 1024) {
		qsort(v, n, sizeof(double), num_cmp_double);
		return;
	}
	if (counting_sort(v, n))
		return;
	/* the keys overwrite the doubles in place */
	for (size_t i = 0; i < n; i++) {
		double d;
		uint64_t k;
		memcpy(&d, &v[i], sizeof(d));
		k = dkey(d);
		memcpy(&a[i], &k, sizeof(k));
	}
	af_sort(a, n, 56);
	for (size_t i = 0; i < n; i++) {
		double d = dunkey(a[i]);
		memcpy(&v[i], &d, sizeof(d));
	}
}

int colstats_runs(struct colstats *c, struct qsview *out)
{
	if (!c->runs || c->type != COL_NUMBER)
		return 0;
	runs_sort(c->runs);
	out->v = c->runs->v;
	out->w = c->runs->w;
	out->n = c->runs->n;
	out->total = c->runs->total;
	return 1;
}

int colstats_value_counts(struct colstats *c, struct qsview *out)
{
	struct qsview r;
	size_t n, m = 0;
	const double *v;

	memset(out, 0, sizeof(*out));
	if (c->type != COL_NUMBER)
		return -1;
	if (colstats_runs(c, &r)) {
		if (r.total != c->count)
			return -1;
		out->v = xmalloc((r.n + 1) * sizeof(double));
		out->w = xmalloc((r.n + 1) * sizeof(uint64_t));
		memcpy(out->v, r.v, r.n * sizeof(double));
		memcpy(out->w, r.w, r.n * sizeof(uint64_t));
		out->n = r.n;
		out->total = r.total;
		return 0;
	}
	v = colstats_sorted_values(c, &n);
	if (n != c->count)
		return -1;
	for (size_t i = 0; i < n; i++)
		m += i == 0 || v[i] != v[i - 1];
	out->v = xmalloc((m + 1) * sizeof(double));
	out->w = xmalloc((m + 1) * sizeof(uint64_t));
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i] != v[i - 1]) {
			out->v[out->n] = v[i];
			out->w[out->n++] = 0;
		}
		out->w[out->n - 1]++;
	}
	out->total = n;
	return 0;
}

void colstats_prepare(struct colstats *c)
{
	size_t n;

	if (c->type != COL_NUMBER)
		return;
	if (c->runs)
		runs_sort(c->runs);
	else
		colstats_sorted_values(c, &n);
}

const double *colstats_sorted_values(struct colstats *c, size_t *n)
{
	if (c->runs && c->type == COL_NUMBER)
		runs_spill(c); /* one by one from now on: 8 bytes a value */
	if (!c->values || c->type != COL_NUMBER) {
		*n = 0;
		return NULL;
	}
	if (!c->sorted) {
		colstats_sort_doubles(c->values, c->nvalues);
		c->sorted = 1;
	}
	*n = c->nvalues;
	return c->values;
}

int64_t colstats_distinct(struct colstats *c, int *approx)
{
	*approx = 0;
	if (c->distinct_loaded >= 0) {
		*approx = c->distinct_loaded_approx;
		return c->distinct_loaded;
	}
	if (c->type == COL_NUMBER) {
		size_t n, d = 0;
		const double *v;
		if (c->count == 0)
			return 0;
		if (c->runs) {
			runs_sort(c->runs);
			return c->runs->total == c->count ? (int64_t)c->runs->n : -1;
		}
		v = colstats_sorted_values(c, &n);
		if (!v || n != c->count)
			return -1;
		for (size_t i = 0; i < n; i++)
			d += i == 0 || v[i] != v[i - 1];
		return (int64_t)d;
	}
	if (!c->text_complete)
		return -1;
	if (c->cats_truncated) {
		*approx = 1;
		double est = hll_estimate(c->hll);
		if (est < COLSTATS_DISTINCT_CAP + 1)
			est = COLSTATS_DISTINCT_CAP + 1;
		return (int64_t)llround(est);
	}
	return c->cats ? (int64_t)c->cats->n : 0;
}

size_t colstats_ncategories(const struct colstats *c)
{
	return c->cats ? c->cats->n : 0;
}

void colstats_category(const struct colstats *c, size_t i, const char **s,
		       size_t *n, uint64_t *count)
{
	const struct catent *e = &c->cats->e[i];
	*s = c->cats->arena ? c->cats->arena + e->off : "";
	*n = e->len;
	*count = e->count;
}

uint64_t colstats_category_count(const struct colstats *c, const char *s,
				 size_t n)
{
	const struct catent *e;
	if (!c->cats)
		return 0;
	e = catmap_find(c->cats, s, n, hash_bytes(s, n));
	return e ? e->count : 0;
}

/* a ranks before b: more frequent, then smaller text */
static int ranks_before(const struct catmap *m, size_t a, size_t b)
{
	const struct catent *x = &m->e[a], *y = &m->e[b];
	size_t n = x->len < y->len ? x->len : y->len;
	int r;

	if (x->count != y->count)
		return x->count > y->count;
	r = n ? memcmp(m->arena + x->off, m->arena + y->off, n) : 0;
	if (r)
		return r < 0;
	return x->len < y->len;
}

size_t colstats_top(const struct colstats *c, size_t *idx, size_t k)
{
	size_t got = 0;

	if (!c->cats)
		return 0;
	for (size_t i = 0; i < c->cats->n; i++) {
		size_t j;
		if (got == k && !ranks_before(c->cats, i, idx[k - 1]))
			continue;
		j = got < k ? got++ : k - 1;
		while (j > 0 && ranks_before(c->cats, i, idx[j - 1])) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	return got;
}

/* --- bins ------------------------------------------------------------------ */

void colstats_bin_counts_sorted(const double *sorted, size_t n,
				const double *edges, size_t nedges,
				uint64_t *counts)
{
	size_t prev = 0;
	for (size_t i = 0; i < nedges; i++) {
		size_t ub = num_upper(sorted, prev, n, edges[i]);
		counts[i] = ub - prev;
		prev = ub;
	}
	counts[nedges] = n - prev;
}

/* Pairwise summation (numpy's idea) of the deviations v - k scaled by
 * 2^-e, or of their squares, over the next n values of s: error O(log n)
 * ulps, and a result that depends only on the order of the values, not
 * on how the column was split across threads, nor on whether it was kept
 * as runs (a run adds its term once per copy: the same additions). */
static double pairwise_dev(struct vsrc *s, uint64_t n, double k, int e, int sq)
{
	double acc = 0, l;

	if (n > 128 && (s->w || n > 256)) {
		l = pairwise_dev(s, n / 2, k, e, sq);
		return l + pairwise_dev(s, n - n / 2, k, e, sq);
	}
	if (n > 128) {
		/* two leaves, each summed in its own order, side by side: two
		 * chains of additions instead of one, the same doubles */
		const double *a = s->v + s->i, *b = a + n / 2;
		size_t na = (size_t)n / 2, nb = (size_t)n - na;
		double sa = 0, sb = 0;

		s->i += (size_t)n;
		for (size_t i = 0; i < na; i++) {
			double da = sdiff(a[i], k, e), db = sdiff(b[i], k, e);
			sa += sq ? da * da : da;
			sb += sq ? db * db : db;
		}
		if (nb > na) {
			double db = sdiff(b[na], k, e);
			sb += sq ? db * db : db;
		}
		return sa + sb;
	}
	if (!s->w) {
		const double *v = s->v + s->i;
		s->i += (size_t)n;
		if (sq)
			for (size_t i = 0; i < n; i++) {
				double d = sdiff(v[i], k, e);
				acc += d * d;
			}
		else
			for (size_t i = 0; i < n; i++)
				acc += sdiff(v[i], k, e);
		return acc;
	}
	while (!s->left)
		s->left = s->w[++s->i];
	if (s->left >= n) {
		/* the leaf lies inside one run: the same n additions of the
		 * same term as the leaf before it, most of the time (a run of
		 * 10^5 ties spans hundreds of leaves) */
		double d = sdiff(s->v[s->i], k, e);
		if (sq)
			d *= d;
		s->left -= n;
		if (!s->memo_ok[n] || dbits(s->memo_d[n]) != dbits(d)) {
			s->memo_d[n] = d;
			s->memo_ok[n] = 1;
			for (uint64_t t = n; t; t--)
				acc += d;
			s->memo_sum[n] = acc;
		}
		return s->memo_sum[n];
	}
	while (n) {
		double d;
		uint64_t t;

		while (!s->left)
			s->left = s->w[++s->i];
		d = sdiff(s->v[s->i], k, e);
		if (sq)
			d *= d;
		t = n < s->left ? n : s->left;
		s->left -= t;
		n -= t;
		while (t--)
			acc += d;
	}
	return acc;
}

/* The pairwise sum over all n values of src (from its start). */
static double sum_dev(const struct vsrc *src, uint64_t n, double k, int e,
		      int sq)
{
	struct vsrc s = *src;
	double memo_d[129], memo_sum[129];
	unsigned char memo_ok[129] = {0};

	s.i = 0;
	s.left = s.w ? s.w[0] : 0;
	s.memo_d = memo_d;
	s.memo_sum = memo_sum;
	s.memo_ok = memo_ok;
	return pairwise_dev(&s, n, k, e, sq);
}

/* Mean and sum of squared deviations of n >= 1 values in [min, max], two
 * passes.  The mean is numpy's: the pairwise sum of the values over n
 * (the conformance tests hold it to the last bit), kept inside [min, max]
 * and exactly the value of a constant column, so that column's m2 is 0.
 * Only when that sum overflows is the mean taken from deviations from
 * min, scaled by a power of 2 (a sum of deviations would lose the low bits
 * of a mean near 0 of a wide column: -2^31, -5, 0, 5, 2^31-1 must give
 * -0.2, not -0.20000005).  m2 sums squared deviations from the mean,
 * scaled likewise when n times the range squared would overflow. */
static void moments_from(const struct vsrc *v, uint64_t n, double min,
			 double max, struct moments *m)
{
	double range_h = max / 2 - min / 2, nd = (double)n;
	int s, e;

	if (min == max) {
		m->mean = min;
	} else {
		m->mean = sum_dev(v, n, 0, 0, 0) / nd;
		if (!isfinite(m->mean)) {
			s = scale_for(range_h, 2 * nd, 1022);
			m->mean = min + ldexp(sum_dev(v, n, min, s, 0) / nd, s);
			if (!isfinite(m->mean))
				m->mean = 2 * (min / 2 + ldexp(sum_dev(v, n, min, s, 0) / nd, s - 1));
		}
		if (m->mean < min)
			m->mean = min;
		if (m->mean > max)
			m->mean = max;
	}
	/* squares of deviations up to the range: keep n range^2 finite */
	e = scale_for(range_h, 2 * sqrt(nd), 500);
	m->m2 = sum_dev(v, n, m->mean, e, 1);
	m->m2_exp = e;
}

/* The moments of c's counted values (min and max included). */
static void moments_of_runs(struct numcount *r, struct moments *m)
{
	struct vsrc src;

	runs_sort(r);
	src = (struct vsrc){r->v, r->w, 0, 0, NULL, NULL, NULL};
	m->min = r->v[0];
	m->max = r->v[r->n - 1];
	moments_from(&src, r->total, m->min, m->max, m);
}

void colstats_finish(struct colstats *c, size_t hist_bins)
{
	struct moments m;
	size_t n;
	const double *v;

	if (c->type != COL_NUMBER)
		return;
	if (c->runs)
		runs_sort(c->runs);
	if (c->runs && c->runs->n && c->runs->total == c->nnum) {
		moments_of_runs(c->runs, &m);
		c->min = m.min;
		c->max = m.max;
		c->mean = m.mean;
		c->m2 = m.m2;
		c->m2_exp = m.m2_exp;
		c->moments_stale = 0;
	} else if (!c->runs) {
		v = colstats_sorted_values(c, &n);
		if (v && n && n == c->nnum) {
			c->min = v[0];
			c->max = v[n - 1];
			moments_from(&(struct vsrc){v, NULL, 0, 0, NULL, NULL, NULL}, n, c->min,
				     c->max, &m);
			c->mean = m.mean;
			c->m2 = m.m2;
			c->m2_exp = m.m2_exp;
			c->moments_stale = 0;
		}
	}
	if (hist_bins)
		colstats_hist(c, hist_bins);
}

void colstats_hist(struct colstats *c, size_t k)
{
	struct qsview r;
	size_t n = 0;
	const double *v = NULL;
	int runs;

	if (k < 1)
		k = 1;
	runs = colstats_runs(c, &r);
	if (!runs)
		v = colstats_sorted_values(c, &n);
	if (!runs && !v && c->count)
		return;
	free(c->hist_edges);
	free(c->hist_counts);
	c->hist_edges = xmalloc(k * sizeof(double));
	c->hist_nedges = runs ? qsview_edges(&r, k, c->hist_edges)
			      : num_edges(v, n, k, c->hist_edges);
	c->hist_counts = xcalloc(c->hist_nedges + 1, sizeof(uint64_t));
	if (runs)
		qsview_bin_counts(&r, c->hist_edges, c->hist_nedges,
				  c->hist_counts);
	else if (n)
		colstats_bin_counts_sorted(v, n, c->hist_edges, c->hist_nedges,
					   c->hist_counts);
	c->has_hist = 1;
}

/* --- merge state for partial profiles (data/partial.c, data/qsketch.c) ----- */

uint64_t colstats_hash_double(double v)
{
	uint64_t u;

	if (v == 0)
		v = 0.0; /* -0 is 0 */
	memcpy(&u, &v, 8);
	return mix64(u ^ 0x9e3779b97f4a7c15ULL);
}

void colstats_hll_add(unsigned char *reg, uint64_t hash)
{
	hll_add((struct hll *)(void *)reg, hash);
}

double colstats_hll_estimate(const unsigned char *reg)
{
	return hll_estimate((const struct hll *)(const void *)reg);
}

const unsigned char *colstats_hll_registers(const struct colstats *c)
{
	return c->hll ? c->hll->reg : NULL;
}

void colstats_merge_hll(struct colstats *c, const unsigned char *reg)
{
	if (!c->hll)
		hll_seed(c);
	c->cats_truncated = 1;
	for (size_t i = 0; i < HLL_M; i++)
		if (reg[i] > c->hll->reg[i])
			c->hll->reg[i] = reg[i];
}

/* --- many equal cells at once (a column reader's dictionary) --------------- */

int colstats_add_repeated(struct colstats *c, const struct csv_nulls *nl,
			  const char *p, size_t n, uint64_t count)
{
	if (csv_is_null(nl, p, n)) {
		c->nulls += count;
		return 0;
	}
	/* a number while the column is numeric: each one is a value */
	for (; count && c->type == COL_NUMBER; count--)
		if (add_cell(c, nl, p, n))
			return -1;
	if (count) {
		c->count += count;
		cat_add(c, p, n, count);
	}
	return 0;
}
