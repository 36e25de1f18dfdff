/* fuzz target: reading a predictions file (model/predictions.c over the
 * CSV reader and the label table, model/itab.c).  Input: one byte of
 * options (which columns are named, the task, the average, a positive
 * label, a threshold), then the CSV.  Columns are y, p, s, proba_<class>
 * and g.  Invariants: refused with a message and code 2 or 3, or loaded
 * with at least one row, every encoded label and prediction a class index
 * below k, every score and probability finite and in [0, 1], every
 * regression value finite, and each group's rows adding up to the rows. */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "model/predictions.h"

static void check_set(const struct pred_set *ps)
{
	const struct pm_data *d = &ps->d;

	FUZZ_ASSERT(d->n > 0);
	if (d->task == PM_REGRESSION) {
		for (size_t i = 0; i < d->n; i++)
			FUZZ_ASSERT(isfinite(d->ty[i]) && isfinite(d->tp[i]));
	} else {
		FUZZ_ASSERT(d->k >= 1 && d->k <= PRED_MAX_CLASSES);
		for (size_t i = 0; i < d->n; i++) {
			FUZZ_ASSERT(d->y[i] >= 0 && (size_t)d->y[i] < d->k);
			if (d->yhat)
				FUZZ_ASSERT(d->yhat[i] >= 0 && (size_t)d->yhat[i] < d->k);
			if (d->score)
				FUZZ_ASSERT(d->score[i] >= 0 && d->score[i] <= 1);
		}
		if (d->proba)
			for (size_t i = 0; i < d->n * d->k; i++)
				FUZZ_ASSERT(d->proba[i] >= 0 && d->proba[i] <= 1);
		for (size_t c = 0; c < d->k; c++)
			FUZZ_ASSERT(ps->class_names && ps->class_names[c]);
	}
	for (size_t b = 0; b < ps->nby; b++) {
		size_t rows = 0;
		for (size_t gi = 0; gi < ps->by[b].n; gi++)
			rows += ps->by[b].v[gi].d.n;
		FUZZ_ASSERT(rows == d->n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pred_options o;
	struct pred_set ps;
	struct mg_error err;
	unsigned f;

	if (size < 1)
		return 0;
	f = data[0];
	memset(&o, 0, sizeof(o));
	memset(&err, 0, sizeof(err));
	o.path = fuzz_memfile(0, data + 1, size - 1);
	o.label = "y";
	o.task = (f & 1) ? PM_REGRESSION : PM_CLASSIFICATION;
	if (f & 2)
		o.prediction = "p";
	if (f & 4)
		o.score = "s";
	if (f & 8)
		o.proba_prefix = "proba_";
	if (f & 16) {
		o.by[0] = "g";
		o.nby = 1;
	}
	if (f & 32) {
		o.has_average = 1;
		o.average = (enum pm_average)((f >> 6) & 3);
	} else if (f & 64) {
		o.positive = "1";
	}
	if (f & 128) {
		o.has_threshold = 1;
		o.threshold = 0.3;
	}
	memset(&ps, 0, sizeof(ps));
	if (pred_load(&o, &ps, &err) == 0) {
		check_set(&ps);
		pred_release(&ps);
	} else {
		FUZZ_ASSERT(err.msg[0] != '\0');
		FUZZ_ASSERT(err.code == 2 || err.code == 3);
	}
	return 0;
}
