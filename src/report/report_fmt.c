#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* realpath */
#include "report/report_fmt.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/sha256.h"

size_t *rep_order(const struct gate_list *gl)
{
	size_t *idx, k = 0;

	if (!gl->n)
		return NULL;
	idx = xmalloc(gl->n * sizeof(*idx));
	for (int rank = 0; rank <= 5; rank++)
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

/* v with `digits` significant digits, or more where %g would switch to
 * an exponent for a number from 1 to 1e15 (123456 stays 123456). */
static void fmt_sig(char *buf, double v, int digits)
{
	if (!isfinite(v)) {
		mg_fmt_double(buf, REP_NUM_MAX, v);
		return;
	}
	for (;; digits++) {
		snprintf(buf, REP_NUM_MAX, "%.*g", digits, v);
		if (digits >= 17 || !strchr(buf, 'e') || fabs(v) < 1 || fabs(v) >= 1e15)
			return;
	}
}

static int cmp3(double a, double b)
{
	return (a > b) - (a < b);
}

/* Do the printed numbers compare as the numbers do, two by two? */
static int orders_kept(const double *v, size_t n, char (*out)[REP_NUM_MAX])
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (!isnan(v[i]) && !isnan(v[j]) &&
			    cmp3(strtod(out[i], NULL), strtod(out[j], NULL)) != cmp3(v[i], v[j]))
				return 0;
	return 1;
}

int rep_people(const double *v, size_t n, int digits, char (*out)[REP_NUM_MAX])
{
	if (digits < 1)
		digits = 1;
	for (;; digits++) {
		for (size_t i = 0; i < n; i++)
			fmt_sig(out[i], v[i], digits);
		/* 17 digits read back exactly, so every order holds there */
		if (digits >= 17 || orders_kept(v, n, out))
			return digits;
	}
}

/* The length of the number that starts at s ([+-]D[.D][e[+-]D]), or 0 when
 * none does or it runs on into a word ("5x", "1.2.3"). */
static size_t number_at(const char *s)
{
	size_t i = 0, k;

	if (s[i] == '+' || s[i] == '-')
		i++;
	if (!isdigit((unsigned char)s[i]))
		return 0;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (s[i] == '.' && isdigit((unsigned char)s[i + 1]))
		for (i++; isdigit((unsigned char)s[i]); i++)
			;
	if (s[i] == 'e' || s[i] == 'E') {
		k = i + 1;
		if (s[k] == '+' || s[k] == '-')
			k++;
		if (isdigit((unsigned char)s[k])) {
			while (isdigit((unsigned char)s[k]))
				k++;
			i = k;
		}
	}
	if (isalnum((unsigned char)s[i]) || s[i] == '_' ||
	    (s[i] == '.' && isalnum((unsigned char)s[i + 1])))
		return 0;
	return i;
}

static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Does the text before `end` end with an operator and a space, maybe with
 * one or two words between ("> max ", "< warn min ", ">= ")? */
static int after_operator(const char *m, size_t end)
{
	static const char *const ops[] = {">=", "<=", "==", "!=", ">", "<"};

	for (int words = 0; words <= 2; words++) {
		if (end == 0 || m[end - 1] != ' ')
			return 0;
		end--;
		for (size_t k = 0; k < sizeof(ops) / sizeof(*ops); k++) {
			size_t n = strlen(ops[k]);
			if (end >= n && memcmp(m + end - n, ops[k], n) == 0 &&
			    (end == n || m[end - n - 1] == ' '))
				return 1;
		}
		if (!end || !word_char(m[end - 1]))
			return 0;
		while (end && word_char(m[end - 1]))
			end--;
	}
	return 0;
}

/* Is the token (len bytes at t) how the message code renders x? */
static int renders(const char *t, size_t len, double x)
{
	char b[48];

	if (!isfinite(x))
		return 0;
	mg_fmt_double(b, sizeof(b), x);
	if (strlen(b) == len && memcmp(t, b, len) == 0)
		return 1;
	for (int p = 4; p <= 6; p += 2) {
		snprintf(b, sizeof(b), "%.*g", p, x);
		if (strlen(b) == len && memcmp(t, b, len) == 0)
			return 1;
	}
	return 0;
}

void rep_people_message(struct sbuf *out, const struct gate_result *g)
{
	const char *m = g->message ? g->message : "";
	enum { VALUE, THRESHOLD, BASELINE, DELTA, NQ };
	size_t at[NQ], len[NQ], pos = 0;
	char shown[3][REP_NUM_MAX], delta[REP_NUM_MAX], want[48];
	double v[3];
	int found[NQ] = {0};

	if (!isfinite(g->value)) {
		sbuf_adds(out, m);
		return;
	}
	snprintf(want, sizeof(want), "%+.6g", g->value - g->baseline);
	for (size_t i = 0; m[i]; i++) {
		size_t n;
		int q = -1;

		if (i && (word_char(m[i - 1]) || m[i - 1] == '.'))
			continue;
		n = number_at(m + i);
		if (!n)
			continue;
		if (!found[VALUE]) {
			if (renders(m + i, n, g->value))
				q = VALUE;
		} else if (!found[THRESHOLD] && after_operator(m, i) &&
			   renders(m + i, n, g->threshold)) {
			q = THRESHOLD;
		} else if (!found[BASELINE] && renders(m + i, n, g->baseline)) {
			q = BASELINE;
		} else if (!found[DELTA] && isfinite(g->baseline) && strlen(want) == n &&
			   memcmp(m + i, want, n) == 0) {
			q = DELTA;
		}
		if (q >= 0) {
			found[q] = 1;
			at[q] = i;
			len[q] = n;
		}
		i += n - 1;
	}
	if (!found[VALUE]) {
		sbuf_adds(out, m);
		return;
	}
	/* threshold and baseline count even where the message shows them some
	 * other way: the value then keeps its side of each */
	v[VALUE] = g->value;
	v[THRESHOLD] = g->threshold;
	v[BASELINE] = g->baseline;
	rep_people(v, 3, 4, shown);
	snprintf(delta, sizeof(delta), "%+.4g", g->value - g->baseline);
	while (m[pos]) {
		int next = -1;
		for (int q = 0; q < NQ; q++)
			if (found[q] && at[q] >= pos && (next < 0 || at[q] < at[next]))
				next = q;
		if (next < 0)
			break;
		sbuf_add(out, m + pos, at[next] - pos);
		sbuf_adds(out, next == DELTA ? delta : shown[next]);
		pos = at[next] + len[next];
	}
	sbuf_adds(out, m + pos);
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

/* The workspace CI places findings relative to, or NULL. */
static const char *workspace(void)
{
	const char *ws = getenv("GITHUB_WORKSPACE");

	if (!ws || ws[0] != '/')
		ws = getenv("CI_PROJECT_DIR");
	return ws && ws[0] == '/' ? ws : NULL;
}

/* The working directory relative to the workspace ("" when they are the
 * same, NULL when it lies outside), into buf. */
static const char *cwd_in_workspace(const char *ws, char *buf, size_t size)
{
	char cwd[PATH_MAX], real[PATH_MAX];
	const char *rel;
	size_t n;

	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) { /* a workspace reached through a symlink */
			if (!realpath(ws, real))
				return NULL;
			ws = real;
		}
		n = strlen(ws);
		while (n > 1 && ws[n - 1] == '/')
			n--;
		if (strlen(cwd) == n && strncmp(cwd, ws, n) == 0)
			rel = "";
		else
			rel = under(cwd, ws);
		if (rel) {
			snprintf(buf, size, "%s", rel);
			return buf;
		}
	}
	return NULL;
}

/* Drop "." segments and fold "dir/.." in a relative path, in place; a
 * leading ".." that cannot fold stays. */
static void fold_dots(char *path)
{
	char *seg[PATH_MAX / 2];
	size_t nseg = 0, kept = 0;
	char *save = NULL, *tok, out[PATH_MAX];
	size_t len = 0;

	for (tok = strtok_r(path, "/", &save); tok && nseg < PATH_MAX / 2;
	     tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0 && kept && strcmp(seg[kept - 1], "..")) {
			kept--;
			continue;
		}
		seg[kept++] = tok;
		nseg++;
	}
	out[0] = '\0';
	for (size_t i = 0; i < kept; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
					i ? "/" : "", seg[i]);
	memcpy(path, out, strlen(out) + 1);
}

const char *rep_policy(const struct run_result *r)
{
	/* reports run one after another in one thread: one buffer is enough */
	static char shown[2 * PATH_MAX];
	const char *p = r->policy_path ? r->policy_path : "", *ws = workspace(), *rel;
	char dir[PATH_MAX];

	if (strcmp(p, "-") == 0 || !p[0])
		return p;
	if (p[0] == '/') {
		if (!ws || !(rel = under(p, ws)))
			return p;
		snprintf(shown, sizeof(shown), "%s", rel);
	} else if (ws && (rel = cwd_in_workspace(ws, dir, sizeof(dir)))) {
		snprintf(shown, sizeof(shown), "%s%s%s", rel, rel[0] ? "/" : "", p);
	} else {
		snprintf(shown, sizeof(shown), "%s", p);
	}
	fold_dots(shown);
	return shown;
}

int rep_policy_is_file(const struct run_result *r)
{
	return r->policy_path && r->policy_path[0] && strcmp(r->policy_path, "-") != 0;
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
