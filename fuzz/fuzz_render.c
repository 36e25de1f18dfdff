/* fuzz target: the text and GitHub renderers (report/report_text.c,
 * report_github.c) on gates built from the input.  Input: gates separated
 * by "\n%%\n"; each gate is fields separated by "\t|": status (its first
 * byte picks pass/warn/fail/error/waived), id, message, target, value,
 * threshold, waiver reason.  Invariants: the text report holds no C0
 * control but '\n', no C1 control (U+0080-U+009F) and no bidi control
 * (U+202A-U+202E, U+2066-U+2069); the GitHub report holds none of these
 * either, and every line of it is one workflow command (a raw newline in a
 * message would start a line of its own). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "core/gate.h"
#include "report/report.h"
#include "run/run.h"

#define MAX_GATES 64

static char *field(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *s = *p;
	size_t n = fuzz_next_part(p, end, "\t|", 2);
	char *out = malloc(n + 1);

	memcpy(out, s, n);
	out[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!out[i])
			out[i] = ' '; /* gate strings are C strings */
	return out;
}

/* No control or bidi character in out[0..n); '\n' only when allowed. */
static void check_clean(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		FUZZ_ASSERT(s[i] >= 0x20 || s[i] == '\n');
		FUZZ_ASSERT(s[i] != 0x7f);
		if (s[i] == 0xc2 && i + 1 < n)
			FUZZ_ASSERT(!(s[i + 1] >= 0x80 && s[i + 1] <= 0x9f));
		if (s[i] == 0xe2 && i + 2 < n) {
			FUZZ_ASSERT(!(s[i + 1] == 0x80 && s[i + 2] >= 0xaa && s[i + 2] <= 0xae));
			FUZZ_ASSERT(!(s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9));
		}
	}
}

static void check_github(const char *s, size_t n)
{
	const char *line = s, *end = s + n;

	FUZZ_ASSERT(n == 0 || s[n - 1] == '\n');
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		FUZZ_ASSERT(nl);
		FUZZ_ASSERT(strncmp(line, "::error ", 8) == 0 ||
			    strncmp(line, "::warning ", 10) == 0 ||
			    strncmp(line, "::notice ", 9) == 0);
		line = nl + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct gate_list gl;
	struct run_result run;
	struct report_opts ro = {0};
	const struct report_ops *fmts[2] = {&report_text, &report_github};

	gates_init(&gl);
	while (p < end && gl.n < MAX_GATES) {
		const uint8_t *rs = p;
		size_t rn = fuzz_next_part(&p, end, "\n%%\n", 4);
		const uint8_t *q = rs, *re = rs + rn;
		char *st = field(&q, re), *id = field(&q, re), *msg = field(&q, re);
		char *target = field(&q, re), *val = field(&q, re);
		char *thr = field(&q, re), *waiver = field(&q, re);
		struct gate_result *g = gates_add(&gl, id[0] ? id : "g", "metric");
		static const enum gate_status sts[] = {GS_PASS, GS_WARN, GS_FAIL,
						       GS_ERROR, GS_WAIVED};

		g->status = sts[(unsigned char)st[0] % 5];
		gate_message(g, "%s", msg);
		gate_set_str(&g->target, target);
		g->value = strtod(val, NULL);
		g->threshold = strtod(thr, NULL);
		g->op = (enum gate_op)((unsigned char)st[0] / 5 % 6);
		g->line = (unsigned char)(st[0] ? st[1] : 0);
		if (g->status == GS_WAIVED)
			gate_set_str(&g->waiver, waiver);
		free(st), free(id), free(msg), free(target), free(val), free(thr),
			free(waiver);
	}
	memset(&run, 0, sizeof(run));
	run.policy_path = "fuzz/policy.yml";
	run.policy_name = "fuzz";
	run.gates = &gl;
	run_summarize(&run, &gl, NULL);
	for (int i = 0; i < 2; i++) {
		struct sbuf sb;

		sbuf_init(&sb, 64u << 20);
		FUZZ_ASSERT(fmts[i]->render(&run, &ro, &sb) == 0);
		check_clean((const unsigned char *)sbuf_str(&sb), sb.len);
		if (i == 1)
			check_github(sbuf_str(&sb), sb.len);
		sbuf_release(&sb);
	}
	gates_release(&gl);
	return 0;
}
