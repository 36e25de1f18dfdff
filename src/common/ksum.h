/* ksum: Neumaier's compensated sum (an improved Kahan sum).  Long sums stay
 * within an ulp or two of the exact sum whatever the order of the terms, so
 * results agree with numpy's pairwise summation far below any tolerance.
 * Start from `struct ksum s = {0, 0};`.  Inline: it sits in inner loops. */
#ifndef MLGATE_KSUM_H
#define MLGATE_KSUM_H

#include <math.h>

struct ksum {
	double s, c; /* the running sum and the compensation */
};

static inline void ksum_add(struct ksum *k, double x)
{
	double t = k->s + x;

	if (fabs(k->s) >= fabs(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

static inline double ksum_get(const struct ksum *k)
{
	return k->s + k->c;
}

#endif
