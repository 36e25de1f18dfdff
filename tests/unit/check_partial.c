/* The quantile sketch (data/qsketch.c) and partial profiles
 * (data/partial.c): exactness below the cap, the rank error bound on
 * adversarial inputs, and merges that are commutative and associative. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/num.h"
#include "data/partial.h"
#include "data/qsketch.h"
#include "suites.h"
#include "testutil.h"

/* a small deterministic generator (splitmix64) */
static uint64_t rng_state;
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The a priori bound the documentation states: every level that halves
 * passes at most n of weight, in steps of at least (K - 1) 2^h, so it adds
 * at most n / (K - 1); at most floor(log2(n / (K - 1))) + 1 levels halve. */
static double stated_bound(uint64_t n)
{
	double levels = n < QSKETCH_K ? 0 : floor(log2((double)n / (QSKETCH_K - 1))) + 1;
	return levels / (QSKETCH_K - 1);
}

/* Largest |estimated - true| count of values <= x over every x in the
 * sorted data (the true counts from the data itself). */
static uint64_t max_rank_error(const struct qsketch *s, const double *sorted,
			       size_t n)
{
	struct qsview v;
	uint64_t worst = 0, est = 0;
	size_t j = 0;

	qsketch_view(s, &v);
	ck_assert_uint_eq(v.total, n);
	for (size_t i = 0; i < n; i++) {
		uint64_t truth, d;
		if (i + 1 < n && sorted[i + 1] == sorted[i])
			continue;
		truth = i + 1;
		while (j < v.n && v.v[j] <= sorted[i])
			est += v.w[j++];
		d = est > truth ? est - truth : truth - est;
		if (d > worst)
			worst = d;
	}
	qsview_release(&v);
	return worst;
}

START_TEST(test_exact_below_the_cap)
{
	/* 3 shards of ties: the merged quantiles must equal numpy's over the
	 * whole column, bit for bit (num_quantile7 is checked against numpy) */
	enum { N = 30000 };
	double *all = malloc(N * sizeof(double));
	struct qsketch s[3], m;
	struct qsview v;
	const double qs[] = {0, 0.05, 0.1, 0.25, 0.333, 0.5, 0.75, 0.95, 1};

	rng_state = 1;
	for (int k = 0; k < 3; k++)
		qsketch_init(&s[k]);
	for (size_t i = 0; i < N; i++) {
		all[i] = (double)(rng() % 997) / 8.0 - 30;
		qsketch_add(&s[i % 3], all[i], 1);
	}
	qsort(all, N, sizeof(double), num_cmp_double);
	qsketch_init(&m);
	qsketch_merge(&m, &s[2]);
	qsketch_merge(&m, &s[0]);
	qsketch_merge(&m, &s[1]);
	ck_assert_int_eq(m.exact, 1);
	ck_assert_uint_eq(m.err, 0);
	ck_assert_uint_eq(m.n, N);
	ck_assert_int_eq(qsketch_check(&m), 0);
	qsketch_view(&m, &v);
	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++)
		ck_assert(qsview_quantile7(&v, qs[i]) == num_quantile7(all, N, qs[i]));
	{
		double e1[9], e2[9];
		size_t n1 = qsview_edges(&v, 10, e1), n2 = num_edges(all, N, 10, e2);
		ck_assert_uint_eq(n1, n2);
		for (size_t i = 0; i < n1; i++)
			ck_assert(e1[i] == e2[i]);
	}
	ck_assert_uint_eq(max_rank_error(&m, all, N), 0);
	qsview_release(&v);
	for (int k = 0; k < 3; k++)
		qsketch_release(&s[k]);
	qsketch_release(&m);
	free(all);
}
END_TEST

/* Build the sketch of data[] split into `parts` shards, merged as a chain
 * (((0+1)+2)+...) or as a balanced tree. */
static void sketch_of_shards(struct qsketch *out, const double *data, size_t n,
			     size_t parts, int tree)
{
	struct qsketch *s = calloc(parts, sizeof(*s));
	size_t step;

	for (size_t p = 0; p < parts; p++) {
		size_t lo = n * p / parts, hi = n * (p + 1) / parts;
		double *shard = malloc((hi - lo + 1) * sizeof(double));
		memcpy(shard, data + lo, (hi - lo) * sizeof(double));
		qsort(shard, hi - lo, sizeof(double), num_cmp_double);
		qsketch_init(&s[p]);
		qsketch_from_sorted(&s[p], shard, hi - lo);
		free(shard);
	}
	if (tree) {
		for (step = 1; step < parts; step *= 2)
			for (size_t p = 0; p + step < parts; p += 2 * step)
				qsketch_merge(&s[p], &s[p + step]);
	} else {
		for (size_t p = 1; p < parts; p++)
			qsketch_merge(&s[0], &s[p]);
	}
	*out = s[0];
	for (size_t p = 1; p < parts; p++)
		qsketch_release(&s[p]);
	free(s);
}

START_TEST(test_rank_error_adversarial)
{
	enum { N = 400000 };
	double *data = malloc(N * sizeof(double)), *sorted = malloc(N * sizeof(double));
	const char *names[] = {"sorted", "reversed", "heavy ties", "random",
			       "sawtooth"};

	for (int kind = 0; kind < 5; kind++) {
		rng_state = 42 + (uint64_t)kind;
		for (size_t i = 0; i < N; i++) {
			switch (kind) {
			case 0: data[i] = (double)i; break;
			case 1: data[i] = (double)(N - i); break;
			case 2: /* 70% one value, 20% another, the rest distinct */
				data[i] = i % 10 < 7 ? 5.0 : i % 10 < 9 ? -1.0 : (double)i * 0.5;
				break;
			case 3: data[i] = (double)(rng() >> 11) * 0x1p-53; break;
			default: data[i] = (double)(i % 5000) + (double)(i / 5000) * 1e-6; break;
			}
		}
		memcpy(sorted, data, N * sizeof(double));
		qsort(sorted, N, sizeof(double), num_cmp_double);
		for (int shards = 1; shards <= 13; shards += 6) {
			for (int tree = 0; tree < 2; tree++) {
				struct qsketch s;
				uint64_t worst;

				sketch_of_shards(&s, data, N, (size_t)shards, tree);
				ck_assert_int_eq(qsketch_check(&s), 0);
				worst = max_rank_error(&s, sorted, N);
				/* the tracked bound holds, and is within the stated one */
				ck_assert_msg(worst <= s.err, "%s, %d shards: error %llu > bound %llu",
					      names[kind], shards, (unsigned long long)worst,
					      (unsigned long long)s.err);
				ck_assert_msg(qsketch_rank_error(&s) <= stated_bound(N),
					      "%s: bound %g > stated %g", names[kind],
					      qsketch_rank_error(&s), stated_bound(N));
				ck_assert(qsketch_rank_error(&s) > 0);
				qsketch_release(&s);
			}
		}
	}
	free(data);
	free(sorted);
}
END_TEST

START_TEST(test_sketch_merge_commutes)
{
	enum { N = 50000 };
	double *a = malloc(N * sizeof(double)), *b = malloc(N * sizeof(double));
	struct qsketch x, y, ab, ba;

	rng_state = 7;
	for (size_t i = 0; i < N; i++) {
		a[i] = (double)(rng() % 100000);
		b[i] = (double)(rng() % 3000); /* exact on its own */
	}
	qsort(a, N, sizeof(double), num_cmp_double);
	qsort(b, N, sizeof(double), num_cmp_double);
	qsketch_init(&x);
	qsketch_init(&y);
	qsketch_from_sorted(&x, a, N);
	qsketch_from_sorted(&y, b, N);
	ck_assert_int_eq(x.exact, 0);
	ck_assert_int_eq(y.exact, 1);
	qsketch_init(&ab);
	qsketch_init(&ba);
	qsketch_merge(&ab, &x);
	qsketch_merge(&ab, &y);
	qsketch_merge(&ba, &y);
	qsketch_merge(&ba, &x);
	qsketch_normalize(&ab);
	qsketch_normalize(&ba);
	ck_assert_uint_eq(ab.n, ba.n);
	ck_assert_uint_eq(ab.err, ba.err);
	ck_assert_int_eq(ab.nlevels, ba.nlevels);
	for (int h = 0; h < ab.nlevels; h++) {
		ck_assert_uint_eq(ab.lvn[h], ba.lvn[h]);
		ck_assert(memcmp(ab.lv[h], ba.lv[h], ab.lvn[h] * sizeof(double)) == 0);
	}
	ck_assert(memcmp(ab.hll, ba.hll, COLSTATS_HLL_REGS) == 0);
	qsketch_release(&x);
	qsketch_release(&y);
	qsketch_release(&ab);
	qsketch_release(&ba);
	free(a);
	free(b);
}
END_TEST

/* --- partial profiles ------------------------------------------------------ */

static char *dir;

static char *write_shard(const char *name, int lo, int hi)
{
	struct sbuf sb = SBUF_INIT;
	char *path;

	sbuf_adds(&sb, "k,x,plan,maybe\n");
	for (int i = lo; i < hi; i++)
		sbuf_addf(&sb, "%d,%.3f,%s,%s\n", i % 37, (double)((i * 7919) % 4001) / 7.0,
			  i % 3 ? "basic" : i % 5 ? "pro" : "enterprise",
			  i % 11 ? "1.5" : "");
	path = tu_write(dir, name, sbuf_str(&sb));
	sbuf_release(&sb);
	return path;
}

/* profile --partial, written and read back as mlgate merge reads it */
static void load_partial(const char *csv, struct profile *out)
{
	struct profile p;
	struct mg_error err;
	struct sbuf sb = SBUF_INIT;
	char *json, name[64];
	static int seq;

	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(profile_csv(csv, NULL, NULL, &p, &err), 0);
	ck_assert_int_eq(partial_prepare(&p, NULL, &err), 0);
	profile_write_json(&p, &sb);
	snprintf(name, sizeof(name), "part%d.json", seq++);
	json = tu_write(dir, name, sbuf_str(&sb));
	ck_assert_int_eq(profile_load_json(json, out, &err), 0);
	ck_assert_int_eq(out->partial, 1);
	sbuf_release(&sb);
	profile_release(&p);
	free(json);
}

static char *render(struct profile *p)
{
	struct sbuf sb = SBUF_INIT;
	partial_finish(p);
	free(p->path);
	p->path = xstrdup("merged");
	profile_write_json(p, &sb);
	return sbuf_detach(&sb);
}

/* Two renderings are equal line by line, except the moment lines (mean,
 * std, m2), which must agree to 1e-12 relative. */
static void same_json(const char *x, const char *y)
{
	while (*x || *y) {
		size_t nx = strcspn(x, "\n"), ny = strcspn(y, "\n");
		if (nx != ny || memcmp(x, y, nx) != 0) {
			const char *kx = strchr(x, '"'), *ky = strchr(y, '"');
			int moment = kx && ky && (strncmp(kx, "\"mean\"", 6) == 0 ||
						  strncmp(kx, "\"std\"", 5) == 0 ||
						  strncmp(kx, "\"m2\"", 4) == 0) &&
				     strncmp(kx, ky, 5) == 0;
			double a, b;
			ck_assert_msg(moment, "differ: %.*s vs %.*s", (int)nx, x, (int)ny, y);
			a = strtod(strchr(kx, ':') + 1, NULL);
			b = strtod(strchr(ky, ':') + 1, NULL);
			ck_assert_msg(fabs(a - b) <= 1e-12 * fabs(a), "%.*s vs %.*s",
				      (int)nx, x, (int)ny, y);
		}
		x += nx + (x[nx] == '\n');
		y += ny + (y[ny] == '\n');
	}
}

START_TEST(test_partial_merge_associative_commutative)
{
	struct profile a, b, c, t;
	struct mg_error err;
	char *csv[3], *r1, *r2, *r3;

	dir = tu_tempdir();
	csv[0] = write_shard("a.csv", 0, 4000);
	csv[1] = write_shard("b.csv", 4000, 9000);
	csv[2] = write_shard("c.csv", 9000, 12000);
	memset(&err, 0, sizeof(err));
	/* (a + b) + c */
	load_partial(csv[0], &a);
	load_partial(csv[1], &b);
	load_partial(csv[2], &c);
	ck_assert_int_eq(partial_merge(&a, &b, "b", &err), 0);
	ck_assert_int_eq(partial_merge(&a, &c, "c", &err), 0);
	r1 = render(&a);
	profile_release(&a);
	profile_release(&b);
	profile_release(&c);
	/* a + (b + c), through a written partial of the partial */
	load_partial(csv[0], &a);
	load_partial(csv[1], &b);
	load_partial(csv[2], &c);
	ck_assert_int_eq(partial_merge(&b, &c, "c", &err), 0);
	ck_assert_int_eq(partial_merge(&a, &b, "bc", &err), 0);
	r2 = render(&a);
	profile_release(&a);
	profile_release(&b);
	profile_release(&c);
	/* c + b + a */
	load_partial(csv[2], &c);
	load_partial(csv[1], &b);
	load_partial(csv[0], &a);
	ck_assert_int_eq(partial_merge(&c, &b, "b", &err), 0);
	ck_assert_int_eq(partial_merge(&c, &a, "a", &err), 0);
	r3 = render(&c);
	same_json(r1, r2);
	same_json(r1, r3);
	/* and a merge refuses a partial of other columns, naming it */
	{
		char *other = tu_write(dir, "o.csv", "k,y,plan,maybe\n1,2,a,\n");
		load_partial(other, &t);
		ck_assert_int_eq(partial_merge(&c, &t, "o.json", &err), -1);
		ck_assert_int_eq(err.code, 3);
		ck_assert_str_eq(err.file, "o.json");
		ck_assert(strstr(err.msg, "column 2 is 'y'") != NULL);
		profile_release(&t);
		free(other);
	}
	profile_release(&a);
	profile_release(&b);
	profile_release(&c);
	free(r1);
	free(r2);
	free(r3);
	for (int i = 0; i < 3; i++)
		free(csv[i]);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

Suite *suite_partial(void)
{
	Suite *s = suite_create("partial");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_exact_below_the_cap);
	tcase_add_test(tc, test_rank_error_adversarial);
	tcase_add_test(tc, test_sketch_merge_commutes);
	tcase_add_test(tc, test_partial_merge_associative_commutative);
	suite_add_tcase(s, tc);
	return s;
}
