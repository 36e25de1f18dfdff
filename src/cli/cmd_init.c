/* mlgate init: a commented starter policy from what it finds.  From a
 * metrics file or a data file alone, thresholds are written as `~` (unset)
 * so that the policy is refused until a person chooses them: a generated
 * policy must never pass by default.  From a reference data set
 * (--reference) the data contract and its thresholds are derived from the
 * reference, each commented with the figure it came from (the rules are in
 * doc/data-checks.md, "mlgate init --reference").  Every name, value and
 * path written goes through esc_yaml. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "common/escape.h"
#include "core/metrics.h"
#include "data/profile.h"

/* Derivation rules of --reference (documented in doc/data-checks.md). */
#define INIT_MAX_ALLOWED 20    /* an allowed list: at most this many values */
#define INIT_ALLOWED_MIN_SEEN 2 /* ... each seen at least this often */
#define INIT_NULL_MARGIN 0.01  /* null ratio bound: at least ratio + this */
#define INIT_DRIFT_MIN_ROWS 30 /* drift's default min_rows */
#define INIT_DRIFT_PSI_MAX 0.2 /* drift's default PSI threshold */
#define INIT_MAX_KEY 1000      /* YAML simple keys: at most 1024 characters */
#define INIT_MAX_METRICS 200

/* Metrics where smaller is better get a `max` gate, the rest a `min`. */
static int lower_is_better(const char *name)
{
	static const char *const words[] = {
		"loss", "error", "err", "mse", "mae", "rmse", "mape", "latency",
		"time", "duration", "size", "bytes", "_ms", "seconds", "brier",
		"perplexity", "fpr", "fnr", "drift", NULL,
	};
	for (size_t i = 0; words[i]; i++)
		if (strstr(name, words[i]))
			return 1;
	return 0;
}

static int plain_key(const char *k)
{
	if (!k[0])
		return 0;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return 0;
	return 1;
}

static void pointer_escape(struct sbuf *sb, const char *k)
{
	for (; *k; k++) {
		if (*k == '~')
			sbuf_adds(sb, "~0");
		else if (*k == '/')
			sbuf_adds(sb, "~1");
		else
			sbuf_addc(sb, *k);
	}
}

/* A policy value (expanded by mlgate, so `${` is kept literal). */
static void put_value(struct sbuf *out, const char *s)
{
	esc_yaml(out, s, strlen(s), 1);
}

/* Walk numeric leaves; `dotted` stays usable while every key is plain,
 * otherwise the JSON Pointer form is written. */
static void walk(const struct jval *v, struct sbuf *dot, struct sbuf *ptr,
		 int dotted, struct sbuf *out, size_t *count)
{
	if (*count >= INIT_MAX_METRICS)
		return;
	if (jv_type(v) == J_NUMBER) {
		char buf[40];
		const char *path = dotted ? sbuf_str(dot) : sbuf_str(ptr);
		mg_fmt_double(buf, sizeof(buf), jv_number(v));
		sbuf_adds(out, "  - metric: ");
		put_value(out, path);
		sbuf_addf(out, "\n    %s: ~    # TODO: choose (current value %s)\n",
			  lower_is_better(path) ? "max" : "min", buf);
		(*count)++;
		return;
	}
	if (jv_type(v) != J_OBJECT && jv_type(v) != J_ARRAY)
		return;
	for (size_t i = 0; i < jv_size(v); i++) {
		const struct jval *c = jv_at(v, i);
		size_t dl = dot->len, pl = ptr->len;
		char idx[32];
		const char *k = jv_type(v) == J_OBJECT ? jv_key(c) : idx;

		snprintf(idx, sizeof(idx), "%zu", i);
		if (dot->len)
			sbuf_addc(dot, '.');
		sbuf_adds(dot, k);
		sbuf_addc(ptr, '/');
		pointer_escape(ptr, k);
		walk(c, dot, ptr, dotted && plain_key(k), out, count);
		dot->len = dl;
		ptr->len = pl;
		if (dot->buf)
			dot->buf[dl] = '\0';
		if (ptr->buf)
			ptr->buf[pl] = '\0';
	}
}

/* ----- paths: relative to the policy's folder ----- */

/* The folder of `path` ("." when it has none), resolved; NULL when it
 * does not exist. */
static char *real_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	char *real = realpath(dir, NULL);

	free(dir);
	return real;
}

/* `path` (relative to the working directory) as the policy written to
 * `out_path` must name it: relative to the policy's folder.  Absolute
 * paths, stdin and paths whose folders cannot be resolved stay as given. */
static char *policy_relative(const char *out_path, const char *path)
{
	char *od, *pd;
	const char *base = strrchr(path, '/');
	struct sbuf sb = SBUF_INIT;
	size_t common = 0;

	if (path[0] == '/' || strcmp(path, "-") == 0 ||
	    strcmp(out_path, "-") == 0 || !strchr(out_path, '/'))
		return xstrdup(path);
	od = real_dir(out_path);
	pd = real_dir(path);
	if (!od || !pd) {
		free(od);
		free(pd);
		return xstrdup(path);
	}
	/* "/" as the empty path, so that components always follow a '/' */
	if (strcmp(od, "/") == 0)
		od[0] = '\0';
	if (strcmp(pd, "/") == 0)
		pd[0] = '\0';
	/* the longest common prefix of whole components */
	for (size_t i = 0;; i++) {
		int oe = od[i] == '\0' || od[i] == '/', pe = pd[i] == '\0' || pd[i] == '/';
		if (oe && pe)
			common = i;
		if (od[i] != pd[i] || !od[i])
			break;
	}
	for (const char *p = od + common; *p; p++)
		if (*p == '/')
			sbuf_adds(&sb, "../");
	if (pd[common])
		sbuf_adds(&sb, pd + common + 1), sbuf_addc(&sb, '/');
	sbuf_adds(&sb, base ? base + 1 : path);
	free(od);
	free(pd);
	return sbuf_detach(&sb);
}

/* ----- the data contract from a reference ----- */

/* The null-ratio bound for a reference ratio r: twice r, at least
 * r + 0.01, at most halfway from r to 1; rounded up to 4 decimals. */
static double null_bound(double r)
{
	double b = r + (r > INIT_NULL_MARGIN ? r : INIT_NULL_MARGIN);

	if (b > (1 + r) / 2)
		b = (1 + r) / 2;
	b = ceil(b * 1e4 - 1e-6) / 1e4;
	return b < r ? r : b > 1 ? 1 : b;
}

/* Why the default drift rule leaves a reference column out, or NULL. */
static const char *drift_exclusion(struct colstats *c, char *why, size_t size)
{
	int approx = 0;
	int64_t distinct = colstats_distinct(c, &approx);

	if (c->count == 0)
		return "every reference value is null";
	if (c->count < INIT_DRIFT_MIN_ROWS) {
		snprintf(why, size, "%llu non-null values in the reference, fewer than min_rows %d",
			 (unsigned long long)c->count, INIT_DRIFT_MIN_ROWS);
		return why;
	}
	if (c->type == COL_STRING && (approx || c->cats_truncated)) {
		snprintf(why, size, "more than %d distinct values in the reference (id-like)",
			 COLSTATS_DISTINCT_CAP);
		return why;
	}
	if (distinct >= 0 && !approx && (uint64_t)distinct == c->count) {
		size_t n = 0;
		const double *v = c->type == COL_NUMBER ? colstats_sorted_values(c, &n) : NULL;
		int integers = c->type == COL_STRING || n > 0;

		for (size_t i = 0; i < n && integers; i++)
			integers = v[i] == floor(v[i]);
		if (integers) {
			snprintf(why, size, "id-like: every one of the %llu reference values is distinct%s",
				 (unsigned long long)c->count,
				 c->type == COL_NUMBER ? " (integers)" : "");
			return why;
		}
	}
	return NULL;
}

/* Whether the string column gets an allowed list, and if not why. */
static int allowed_list(const struct colstats *c, const char **why)
{
	size_t k = colstats_ncategories(c);

	*why = NULL;
	if (c->type != COL_STRING || c->count == 0)
		return 0;
	if (c->cats_truncated || k > INIT_MAX_ALLOWED) {
		*why = "more than 20 distinct values";
		return 0;
	}
	for (size_t i = 0; i < k; i++) {
		const char *s;
		size_t n;
		uint64_t count;

		colstats_category(c, i, &s, &n, &count);
		if (count < INIT_ALLOWED_MIN_SEEN) {
			*why = "a value is seen only once (an open set of values)";
			return 0;
		}
		if (!utf8_valid(s, n)) {
			*why = "a value is not valid UTF-8 or holds a NUL byte";
			return 0;
		}
	}
	return 1;
}

#define COMMENT_COL 36

/* Pad the line that started at `line_start` to COMMENT_COL, then write
 * "# COMMENT" and the newline. */
static void comment(struct sbuf *out, size_t line_start, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void comment(struct sbuf *out, size_t line_start, const char *fmt, ...)
{
	size_t w = out->len - line_start;
	va_list ap;

	do
		sbuf_addc(out, ' ');
	while (++w < COMMENT_COL);
	sbuf_adds(out, "# ");
	va_start(ap, fmt);
	sbuf_vaddf(out, fmt, ap);
	va_end(ap);
	sbuf_addc(out, '\n');
}

/* "CODE   # COMMENT\n" */
static void code_line(struct sbuf *out, const char *code, const char *note)
{
	size_t start = out->len;

	sbuf_adds(out, code);
	comment(out, start, "%s", note);
}

static void write_allowed(struct sbuf *out, const struct profile *p,
			  const struct colstats *c)
{
	size_t k = colstats_ncategories(c), *idx = xcalloc(k ? k : 1, sizeof(*idx));
	size_t n = colstats_top(c, idx, k), start = out->len;

	sbuf_adds(out, "        allowed:");
	comment(out, start, "reference: %zu distinct values, each seen at least %d times",
		  k, INIT_ALLOWED_MIN_SEEN);
	for (size_t i = 0; i < n; i++) {
		const char *s;
		size_t len;
		uint64_t count;

		colstats_category(c, idx[i], &s, &len, &count);
		start = out->len;
		sbuf_adds(out, "          - ");
		esc_yaml(out, s, len, 1);
		comment(out, start, "%llu of %llu", (unsigned long long)count,
			  (unsigned long long)p->rows);
	}
	free(idx);
}

static void write_column(struct sbuf *out, const struct profile *p,
			 struct colstats *c, size_t *gates)
{
	char buf[40], lo[40], hi[40];
	const char *why;
	double r = p->rows ? (double)c->nulls / (double)p->rows : 0;
	size_t start;
	int approx = 0;
	int64_t distinct = colstats_distinct(c, &approx);

	sbuf_adds(out, "      ");
	esc_yaml(out, c->name, strlen(c->name), 0);
	sbuf_adds(out, ":\n");
	start = out->len;
	if (c->count == 0) {
		sbuf_adds(out, "        # no type: every reference value is null\n");
	} else if (c->type == COL_NUMBER) {
		mg_fmt_double(lo, sizeof(lo), c->min);
		mg_fmt_double(hi, sizeof(hi), c->max);
		sbuf_adds(out, "        type: number");
		comment(out, start, "reference: %llu numbers, from %s to %s",
			  (unsigned long long)c->count, lo, hi);
		(*gates)++;
	} else {
		sbuf_adds(out, "        type: string");
		comment(out, start, "reference: %llu strings, %s%lld distinct",
			(unsigned long long)c->count, approx ? "about " : "",
			(long long)distinct);
		(*gates)++;
	}
	if (allowed_list(c, &why)) {
		write_allowed(out, p, c);
		(*gates)++;
	} else if (why) {
		sbuf_addf(out, "        # no allowed list: %s\n", why);
	}
	mg_fmt_double(buf, sizeof(buf), null_bound(r));
	sbuf_adds(out, "        null_ratio:\n");
	start = out->len;
	sbuf_addf(out, "          max: %s", buf);
	mg_fmt_double(lo, sizeof(lo), r);
	comment(out, start, "reference: %s (%llu of %llu)", lo,
		(unsigned long long)c->nulls, (unsigned long long)p->rows);
	(*gates)++;
}

static int load_reference(const char *path, struct profile *p, struct mg_error *err)
{
	struct csv_options copts;
	struct profile_options po;

	if (profile_path_is_json(path))
		return profile_load_json(path, p, err);
	csv_options_init(&copts);
	profile_options_init(&po);
	return profile_csv(path, &copts, &po, p, err);
}

/* The data section of a policy whose contract is the reference's. */
static int write_data_from_reference(struct sbuf *out, const char *out_path,
				     const char *data, const char *ref,
				     size_t *gates, struct mg_error *err)
{
	struct profile p;
	char *rel;
	size_t start, nexcluded = 0;
	char why[160];

	memset(err, 0, sizeof(*err));
	if (load_reference(ref, &p, err))
		return -1;
	if (p.rows == 0) {
		profile_release(&p);
		return mg_errorf(err, MG_EXIT_INPUT, ref, 0, 0,
				 "the reference has no rows: no contract can be derived from it");
	}
	for (size_t i = 0; i < p.ncols; i++) {
		struct sbuf k = SBUF_INIT;
		const char *name = p.cols[i].name;
		int bad = !utf8_valid(name, strlen(name));

		esc_yaml(&k, name, strlen(name), 0);
		if (bad || k.len > INIT_MAX_KEY) {
			sbuf_release(&k);
			profile_release(&p);
			return mg_errorf(err, MG_EXIT_INPUT, ref, 0, 0,
					 "column %zu: its name %s; a policy cannot name it",
					 i + 1, bad ? "is not valid UTF-8" : "is too long for a YAML key (over 1000 bytes written)");
		}
		sbuf_release(&k);
	}

	sbuf_adds(out, "\ndata:\n  - name: dataset\n    path: ");
	rel = policy_relative(out_path, data);
	put_value(out, rel);
	free(rel);
	sbuf_adds(out, "\n    reference: ");
	rel = policy_relative(out_path, ref);
	put_value(out, rel);
	free(rel);
	sbuf_adds(out, "\n    row_count:\n");
	start = out->len;
	sbuf_addf(out, "      min: %llu", (unsigned long long)(p.rows / 2 ? p.rows / 2 : 1));
	comment(out, start, "reference: %llu rows; half of it", (unsigned long long)p.rows);
	(*gates)++;

	sbuf_adds(out, "    schema:\n");
	code_line(out, "      allow_extra: false", "a column the reference lacks fails (true: it is allowed)");
	start = out->len;
	sbuf_adds(out, "      required:");
	comment(out, start, "every column of the reference (%zu)", p.ncols);
	for (size_t i = 0; i < p.ncols; i++) {
		sbuf_adds(out, "        - ");
		put_value(out, p.cols[i].name);
		sbuf_addc(out, '\n');
	}
	*gates += 3; /* required, allow_extra, and the reference's schema.reference */

	sbuf_adds(out, "    columns:\n");
	for (size_t i = 0; i < p.ncols; i++)
		write_column(out, &p, &p.cols[i], gates);

	for (size_t i = 0; i < p.ncols; i++)
		if (drift_exclusion(&p.cols[i], why, sizeof(why)))
			nexcluded++;
	if (nexcluded == p.ncols) {
		sbuf_adds(out, "    # no drift: every reference column is all null, too short or id-like\n");
	} else {
		sbuf_adds(out, "    drift:                          # every shared column (doc/data-checks.md)\n");
		code_line(out, "      method: psi", "the default, for numbers and strings");
		start = out->len;
		sbuf_addf(out, "      max: %g", INIT_DRIFT_PSI_MAX);
		comment(out, start, "%s", "the default PSI threshold (reference: 0 against itself)");
		start = out->len;
		sbuf_addf(out, "      min_rows: %d", INIT_DRIFT_MIN_ROWS);
		comment(out, start, "%s", "the default: non-null values needed on each side");
		if (nexcluded)
			sbuf_adds(out, "      exclude:\n");
		for (size_t i = 0; i < p.ncols; i++) {
			const char *w = drift_exclusion(&p.cols[i], why, sizeof(why));
			if (!w)
				continue;
			start = out->len;
			sbuf_adds(out, "        - ");
			put_value(out, p.cols[i].name);
			comment(out, start, "%s", w);
		}
		(*gates)++;
	}
	profile_release(&p);
	return 0;
}

static const struct cli_option init_options[] = {
	CLI_VALUE('m', "metrics", "F", 0, "one gate per numeric metric of F (at most 200)"),
	CLI_VALUE('d', "data", "F", 0,
		  "a data check of F: row count and nulls, thresholds unset (with "
		  "--reference: the whole contract)"),
	CLI_VALUE('r', "reference", "REF", 0,
		  "derive the data contract of --data from REF (CSV, TSV, JSONL, Parquet or a "
		  "profile JSON): columns, types, allowed values, null ratios, row count, drift"),
	CLI_VALUE('o', "output", "OUT", CLI_SHORT, "write to OUT (default mlgate.yml; - for stdout)"),
	CLI_FLAG('f', "force", CLI_SHORT, "overwrite OUT if it exists"),
	CLI_END,
};

static const struct cli_exit init_exits[] = {
	{"0", "the starter policy was written"},
	{"2", "usage error, or OUT exists (without --force) or could not be written"},
	{"3", "the metrics file could not be read or holds no numeric metric, or the "
	      "reference could not be read, has no rows or a column name a policy cannot hold"},
	{NULL, NULL},
};

const struct cli_command command_init = {
	"init", cmd_init, "write a starter policy from a metrics file or reference data", NULL,
	"Writes a policy with one gate per numeric metric (--metrics) and a data\n"
	"check (--data).  Those thresholds are left unset (~) so the policy is\n"
	"refused until you choose them.  With --reference the data check is the\n"
	"reference's contract, every threshold derived from the reference and\n"
	"commented with the figure it came from (doc/data-checks.md).\n",
	init_options, init_exits,
};

int cmd_init(int argc, char **argv)
{
	const char *metrics = NULL, *data = NULL, *ref = NULL, *out_path = "mlgate.yml";
	int force = 0, opt, code = 0;
	struct sbuf out = SBUF_INIT;
	struct mg_error err;
	size_t count = 0;
	struct cli_parser ps;

	cli_parser_init(&ps, &command_init);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'm': metrics = optarg; break;
		case 'd': data = optarg; break;
		case 'r': ref = optarg; break;
		case 'o': out_path = optarg; break;
		case 'f': force = 1; break;
		case CLI_STOP: return ps.code;
		}
	}
	if (optind < argc)
		return usage_error("init", "unexpected argument '%s'", argv[optind]);
	if (!metrics && !data)
		return usage_error("init", "give --metrics F and/or --data F to start from");
	if (ref && !data)
		return usage_error("init", "--reference needs --data (the data the contract checks)");
	if (strcmp(out_path, "-") != 0 && !force && access(out_path, F_OK) == 0) {
		fprintf(stderr, "mlgate: %s exists; not overwriting it (use --force)\n", out_path);
		return MG_EXIT_USAGE;
	}
	sbuf_adds(&out, "# mlgate policy (written by `mlgate init`).\n");
	if (metrics || !ref)
		sbuf_adds(&out, "# Every threshold marked TODO is `~` (unset): mlgate refuses this\n"
				"# policy until you choose each one, so it can never pass by accident.\n");
	if (ref)
		sbuf_adds(&out, "# The data contract is the reference's: each threshold says which\n"
				"# reference figure it came from.  Review them before relying on it.\n");
	sbuf_adds(&out, "# Delete the gates you do not want.  `mlgate lint` checks your edits.\n"
			"version: 1\nname: my-model\n");
	if (metrics) {
		struct jval *doc = metrics_load(metrics, &err);
		struct sbuf dot = SBUF_INIT, ptr = SBUF_INIT;
		char *rel;

		if (!doc) {
			mg_error_print(&err);
			sbuf_release(&out);
			return MG_EXIT_INPUT;
		}
		sbuf_adds(&out, "metrics: ");
		rel = policy_relative(out_path, metrics);
		put_value(&out, rel);
		free(rel);
		sbuf_adds(&out, "\n\nmodel:\n");
		walk(doc, &dot, &ptr, 1, &out, &count);
		sbuf_release(&dot);
		sbuf_release(&ptr);
		jv_free(doc);
		if (!count) {
			fprintf(stderr, "mlgate: %s: no numeric metric found\n", metrics);
			sbuf_release(&out);
			return MG_EXIT_INPUT;
		}
	}
	if (data && ref) {
		if (write_data_from_reference(&out, out_path, data, ref, &count, &err)) {
			mg_error_print(&err);
			sbuf_release(&out);
			return err.code ? err.code : MG_EXIT_INPUT;
		}
	} else if (data) {
		char *rel = policy_relative(out_path, data);

		sbuf_adds(&out, "\ndata:\n  - name: dataset\n    path: ");
		put_value(&out, rel);
		free(rel);
		sbuf_adds(&out, "\n    row_count: {min: ~}     # TODO: choose\n"
				"    null_ratio: {max: ~}    # TODO: choose (every column)\n");
		count++;
	}
	if (mg_write_file_atomic(out_path, sbuf_str(&out), out.len, &err) < 0) {
		mg_error_print(&err);
		code = MG_EXIT_USAGE;
	} else if (strcmp(out_path, "-") != 0) {
		fprintf(stderr, "mlgate: wrote %s with %zu gate%s%s; %s, then run 'mlgate lint %s'\n",
			out_path, count, count == 1 ? "" : "s",
			ref ? " (drift expands per column)" : "",
			metrics || !ref ? "set each threshold" : "review each threshold",
			out_path);
	}
	sbuf_release(&out);
	return code;
}
