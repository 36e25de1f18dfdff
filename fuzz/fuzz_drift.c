/* fuzz target: drift between two CSV files, and between the same current
 * file and the reference's frozen profile.  Input: a bins byte, then
 * REFERENCE "\n%%\n" CURRENT.  Invariants: every statistic is NaN or in
 * its range (psi, chi2, wasserstein >= 0; ks, p-values, JS in [0, 1] and JS
 * <= sqrt(ln 2)); the bin counts add up to n on each side; edges ascend;
 * with 10 bins a frozen reference gives bit-identical PSI, JS and chi2
 * and identical bins (unless a category is invalid UTF-8: JSON cannot hold
 * those bytes, the profile writes U+FFFD); the drift JSON is valid UTF-8
 * JSON. */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "data/drift.h"
#include "ext/jsondoc.h"
#include "common/jsonw.h"
#include "data/profile.h"

static int same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int cats_utf8(const struct drift_result *r)
{
	for (size_t i = 0; !r->numeric && i < r->nbins; i++)
		if (!fuzz_utf8_ok((const unsigned char *)r->cats[i], strlen(r->cats[i])))
			return 0;
	return 1;
}

static void check_result(const struct drift_result *r)
{
	double sr = 0, sc = 0;
	struct sbuf sb;
	struct jsonw w;
	struct mg_error e;
	struct jval *v;

	FUZZ_ASSERT(isnan(r->psi) || r->psi >= 0);
	FUZZ_ASSERT(isnan(r->js) || (r->js >= 0 && r->js <= sqrt(log(2.0)) + 1e-12));
	FUZZ_ASSERT(isnan(r->chi2) || r->chi2 >= 0);
	FUZZ_ASSERT(isnan(r->chi2_p) || (r->chi2_p >= 0 && r->chi2_p <= 1));
	if (r->has_raw) {
		FUZZ_ASSERT(isnan(r->ks) || (r->ks >= 0 && r->ks <= 1));
		FUZZ_ASSERT(isnan(r->ks_p) || (r->ks_p >= 0 && r->ks_p <= 1));
		FUZZ_ASSERT(isnan(r->w) || r->w >= 0);
		FUZZ_ASSERT(isnan(r->w_norm) || r->w_norm >= 0);
	}
	for (size_t i = 0; i < r->nbins; i++) {
		sr += r->ref_counts[i];
		sc += r->cur_counts[i];
		if (r->numeric && i + 1 < r->nbins && i > 0)
			FUZZ_ASSERT(r->edges[i - 1] < r->edges[i]);
		if (!r->numeric && i > 0)
			FUZZ_ASSERT(strcmp(r->cats[i - 1], r->cats[i]) < 0);
	}
	FUZZ_ASSERT(sr == (double)r->n_ref && sc == (double)r->n_cur);
	sbuf_init(&sb, 0);
	jw_init(&w, &sb, 0);
	drift_result_write_json(r, "c", "psi", &w);
	FUZZ_ASSERT(fuzz_utf8_ok((const unsigned char *)sbuf_str(&sb), sb.len));
	v = jv_parse(sbuf_str(&sb), sb.len, "drift.json", 3, &e);
	FUZZ_ASSERT(v != NULL);
	jv_free(v);
	sbuf_release(&sb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p, *end = data + size;
	struct profile ref, cur, frozen;
	struct profile_options po;
	struct csv_options o;
	struct mg_error e;
	struct sbuf sb;
	unsigned bins;
	size_t nref;
	int have_frozen = 0;

	if (size < 1)
		return 0;
	bins = 2 + data[0] % 15; /* 10 is one of them */
	p = data + 1;
	nref = fuzz_next_part(&p, end, "\n%%\n", 4);
	csv_options_init(&o);
	profile_options_init(&po);
	po.threads = 1;
	if (profile_csv(fuzz_memfile(0, data + 1, nref), &o, &po, &ref, &e) < 0)
		return 0;
	if (profile_csv(fuzz_memfile(1, p, (size_t)(end - p)), &o, &po, &cur, &e) < 0) {
		profile_release(&ref);
		return 0;
	}
	sbuf_init(&sb, 0);
	profile_write_json(&ref, &sb);
	if (profile_load_json(fuzz_memfile(2, (const uint8_t *)sbuf_str(&sb), sb.len),
			      &frozen, &e) == 0)
		have_frozen = 1;
	sbuf_release(&sb);
	for (size_t i = 0; i < cur.ncols; i++) {
		struct colstats *rc = profile_column(&ref, cur.cols[i].name);
		struct colstats *fc = have_frozen ? profile_column(&frozen, cur.cols[i].name) : NULL;
		struct drift_result a, b;
		char why[600];
		int ok;

		if (!rc)
			continue;
		ok = drift_colstats(rc, &cur.cols[i], bins, &a, why, sizeof(why)) == 0;
		if (ok)
			check_result(&a);
		else
			FUZZ_ASSERT(why[0] != '\0');
		if (ok && fc && bins == DRIFT_DEFAULT_BINS && cats_utf8(&a) &&
		    drift_colstats(fc, &cur.cols[i], bins, &b, why, sizeof(why)) == 0) {
			check_result(&b);
			/* the frozen reference: same bins, same numbers */
			FUZZ_ASSERT(a.numeric == b.numeric && a.nbins == b.nbins);
			for (size_t k = 0; k < a.nbins; k++) {
				FUZZ_ASSERT(a.ref_counts[k] == b.ref_counts[k]);
				FUZZ_ASSERT(a.cur_counts[k] == b.cur_counts[k]);
				if (a.numeric && k + 1 < a.nbins)
					FUZZ_ASSERT(a.edges[k] == b.edges[k]);
				if (!a.numeric)
					FUZZ_ASSERT(strcmp(a.cats[k], b.cats[k]) == 0);
			}
			FUZZ_ASSERT(same(a.psi, b.psi) && same(a.js, b.js));
			FUZZ_ASSERT(same(a.chi2, b.chi2) && same(a.chi2_p, b.chi2_p));
			drift_result_release(&b);
		} else if (ok && fc && bins == DRIFT_DEFAULT_BINS && cats_utf8(&a)) {
			drift_result_release(&b);
		}
		drift_result_release(&a);
	}
	if (have_frozen)
		profile_release(&frozen);
	profile_release(&ref);
	profile_release(&cur);
	return 0;
}
