/* Helpers of the fuzz targets (fuzz.h): memfd-backed files for code that
 * reads by path, and the oracles several targets share. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "core/gate.h"
#include "core/policy.h"
#include "run/run.h"
#include "ext/jsondoc.h"
#include "common/util.h"

const char *fuzz_memfile(int slot, const uint8_t *data, size_t size)
{
	static int fds[4] = {-1, -1, -1, -1};
	static char paths[4][64];

	if (slot < 0 || slot >= 4)
		abort();
	if (fds[slot] < 0) {
		fds[slot] = memfd_create("fuzz", 0);
		if (fds[slot] < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(paths[slot], sizeof(paths[slot]), "/proc/self/fd/%d",
			 fds[slot]);
	}
	if (ftruncate(fds[slot], 0) < 0 ||
	    (size && pwrite(fds[slot], data, size, 0) != (ssize_t)size)) {
		perror("memfile");
		abort();
	}
	return paths[slot];
}

static int holds(enum gate_op op, double v, double t)
{
	switch (op) {
	case OP_GE: return v >= t;
	case OP_LE: return v <= t;
	case OP_GT: return v > t;
	case OP_LT: return v < t;
	case OP_EQ: return v == t;
	case OP_NONE: break;
	}
	return 0;
}

void fuzz_check_gates(const struct gate_list *gates)
{
	for (size_t i = 0; i < gates->n; i++) {
		const struct gate_result *g = &gates->v[i];
		FUZZ_ASSERT(g->id && g->id[0]);
		/* pass/fail checks without a threshold (schema) */
		if (g->status != GS_PASS || (isnan(g->threshold) && g->op == OP_NONE))
			continue;
		if (!(isfinite(g->value) && isfinite(g->threshold) &&
		      holds(g->op, g->value, g->threshold))) {
			fprintf(stderr, "gate %s passed: value %.17g %s threshold %.17g\n",
				g->id, g->value, gate_op_symbol(g->op), g->threshold);
			FUZZ_ASSERT(!"a gate passes only when its value meets its threshold");
		}
		if (g->kind && strcmp(g->kind, "baseline") == 0)
			FUZZ_ASSERT(isfinite(g->baseline));
	}
}

void fuzz_check_report(const char *format, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;

	FUZZ_ASSERT(fuzz_utf8_ok(s, len));
	if (strcmp(format, "sarif") == 0 || strcmp(format, "codequality") == 0 ||
	    strcmp(format, "json") == 0) {
		struct mg_error e;
		struct jval *v = jv_parse(text, len, format, 3, &e);
		if (!v)
			fprintf(stderr, "%s report: %s\n%s\n", format, e.msg, text);
		FUZZ_ASSERT(v != NULL);
		jv_free(v);
	}
	if (strcmp(format, "junit") == 0) /* XML 1.0 allows no other C0 */
		for (size_t i = 0; i < len; i++)
			FUZZ_ASSERT(s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n' ||
				    s[i] == '\r');
}

struct policy *fuzz_load_policy(const char *prefix, const uint8_t *data,
				size_t size, const struct policy_opts *o,
				struct mg_diags *d)
{
	size_t np = strlen(prefix), n = np + size;
	char *text = malloc(n + 1);
	struct policy *p;

	memcpy(text, prefix, np);
	if (size)
		memcpy(text + np, data, size);
	text[n] = '\0';
	p = run_policy_load_buffer(text, n, "fuzz/policy.yml", o, d);
	free(text);
	for (size_t i = 0; i < d->n; i++)
		FUZZ_ASSERT(d->v[i].msg[0] != '\0');
	if (!p) {
		FUZZ_ASSERT(d->n > 0);
		FUZZ_ASSERT(d->max_code == 2 || d->max_code == 3);
	} else {
		FUZZ_ASSERT(d->n == 0);
	}
	return p;
}
