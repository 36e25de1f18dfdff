/* itab: interned byte strings (class labels, group names), each with an id
 * in order of first appearance and the first lines it was seen on.  The
 * predictions loader owns one table per column it interns. */
#ifndef MLGATE_ITAB_H
#define MLGATE_ITAB_H

#include <stddef.h>
#include <stdint.h>

struct istr {
	char *s;
	size_t n;
	long line_label, line_pred; /* first line where it is a label / prediction */
};

struct itab {
	struct istr *v;
	size_t n, cap;
	uint32_t *slot; /* id + 1, 0 = empty */
	size_t nslot;
};

/* The id of the string, added when new (the table copies it). */
size_t itab_get(struct itab *t, const char *p, size_t n);
void itab_release(struct itab *t);

#endif
