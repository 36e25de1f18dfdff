/* itab: interned strings in an open-addressing table (FNV-1a). */
#define _POSIX_C_SOURCE 200809L
#include "model/itab.h"

#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "common/util.h"

static void itab_rehash(struct itab *t, size_t nslot)
{
	free(t->slot);
	t->slot = xcalloc(nslot, sizeof(*t->slot));
	t->nslot = nslot;
	for (size_t i = 0; i < t->n; i++) {
		size_t h = (size_t)hash_fnv1a(t->v[i].s, t->v[i].n) & (nslot - 1);
		while (t->slot[h])
			h = (h + 1) & (nslot - 1);
		t->slot[h] = (uint32_t)(i + 1);
	}
}

size_t itab_get(struct itab *t, const char *p, size_t n)
{
	size_t h;

	if (2 * (t->n + 1) > t->nslot)
		itab_rehash(t, t->nslot ? t->nslot * 2 : 64);
	h = (size_t)hash_fnv1a(p, n) & (t->nslot - 1);
	while (t->slot[h]) {
		const struct istr *e = &t->v[t->slot[h] - 1];
		if (e->n == n && memcmp(e->s, p, n) == 0)
			return t->slot[h] - 1;
		h = (h + 1) & (t->nslot - 1);
	}
	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
	t->v[t->n].s = xstrndup(p, n);
	t->v[t->n].n = n;
	t->v[t->n].line_label = t->v[t->n].line_pred = 0;
	t->slot[h] = (uint32_t)(t->n + 1);
	return t->n++;
}

void itab_release(struct itab *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].s);
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}
