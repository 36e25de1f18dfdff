#include "report/report_fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/sha256.h"

size_t *rep_order(const struct gate_list *gl)
{
	size_t *idx, k = 0;

	if (!gl->n)
		return NULL;
	idx = xmalloc(gl->n * sizeof(*idx));
	for (int rank = 0; rank <= 4; rank++)
		for (size_t i = 0; i < gl->n; i++)
			if (gate_status_rank(gl->v[i].status) == rank)
				idx[k++] = i;
	return idx;
}

void rep_group(struct sbuf *out, const struct gate_result *g)
{
	const char *dot;

	if (g->dataset && strncmp(g->id, "data.", 5) == 0) {
		sbuf_adds(out, "data.");
		sbuf_adds(out, g->dataset);
		return;
	}
	dot = strchr(g->id, '.');
	sbuf_add(out, g->id, dot ? (size_t)(dot - g->id) : strlen(g->id));
}

void rep_num(char *buf, size_t size, double v)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "n/a");
		return;
	}
	mg_fmt_double(buf, size, v);
	if (strlen(buf) > 10)
		snprintf(buf, size, "%.6g", v);
}

void rep_threshold(char *buf, size_t size, const struct gate_result *g)
{
	char num[40];

	if (g->op == OP_NONE || !isfinite(g->threshold)) {
		snprintf(buf, size, "%s", "");
		return;
	}
	rep_num(num, sizeof(num), g->threshold);
	snprintf(buf, size, "%s %s", gate_op_symbol(g->op), num);
}

void rep_delta(char *buf, size_t size, const struct gate_result *g)
{
	double d = g->value - g->baseline;

	if (!isfinite(g->value) || !isfinite(g->baseline) || !isfinite(d)) {
		snprintf(buf, size, "%s", "");
		return;
	}
	if (d == 0)
		snprintf(buf, size, "0");
	else
		snprintf(buf, size, "%+.4g", d);
}

/* The rest of `path` when it lies under the directory `dir`, else NULL. */
static const char *under(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 0 || dir[0] != '/' || strncmp(path, dir, n) != 0 || path[n] != '/')
		return NULL;
	return path + n + 1;
}

const char *rep_policy(const struct run_result *r)
{
	const char *p = r->policy_path ? r->policy_path : "", *rel;

	if (p[0] == '/' && ((rel = under(p, getenv("GITHUB_WORKSPACE"))) ||
			    (rel = under(p, getenv("CI_PROJECT_DIR")))))
		p = rel;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

void rep_promotion_fingerprint(char out[65], const struct run_result *r)
{
	const char *policy = rep_policy(r);
	unsigned char digest[32];
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, "mlgate", 7);
	sha256_update(&h, policy, strlen(policy) + 1);
	sha256_update(&h, "promotion", 10); /* a name no gate id has */
	sha256_final(&h, digest);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

void rep_fingerprint(char out[65], const struct run_result *r, size_t gate_index)
{
	const struct gate_list *gl = r->gates;
	const char *id = gl->v[gate_index].id, *policy = rep_policy(r);
	unsigned occurrence = 0;
	unsigned char digest[32];
	struct sha256 h;

	for (size_t i = 0; i < gate_index; i++)
		occurrence += strcmp(gl->v[i].id, id) == 0;
	sha256_init(&h);
	sha256_update(&h, "mlgate", 7); /* the NULs separate the fields */
	sha256_update(&h, policy, strlen(policy) + 1);
	sha256_update(&h, id, strlen(id) + 1);
	if (occurrence) {
		char occ[24];
		int k = snprintf(occ, sizeof(occ), "#%u", occurrence);
		sha256_update(&h, occ, (size_t)k);
	}
	sha256_final(&h, digest);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}
