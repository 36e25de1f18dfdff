/* mlgate init: a commented starter policy from what it finds.  Thresholds
 * are written as `~` (unset) so that the policy is refused until a person
 * chooses them: a generated policy must never pass by default. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/metrics.h"

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

/* Walk numeric leaves; `dotted` stays usable while every key is plain,
 * otherwise the JSON Pointer form is written. */
static void walk(const struct jval *v, struct sbuf *dot, struct sbuf *ptr,
		 int dotted, struct sbuf *out, size_t *count)
{
	if (*count >= 200)
		return;
	if (jv_type(v) == J_NUMBER) {
		char buf[40];
		const char *path = dotted ? sbuf_str(dot) : sbuf_str(ptr);
		mg_fmt_double(buf, sizeof(buf), jv_number(v));
		sbuf_addf(out, "  - metric: \"%s\"\n    %s: ~    # TODO: choose (current value %s)\n",
			  path, lower_is_better(path) ? "max" : "min", buf);
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

static const struct cli_option init_options[] = {
	CLI_VALUE('m', "metrics", "F", 0, "one gate per numeric metric of F (at most 200)"),
	CLI_VALUE('d', "data", "F", 0, "a data check of the CSV file F: row count and nulls"),
	CLI_VALUE('o', "output", "OUT", CLI_SHORT, "write to OUT (default mlgate.yml; - for stdout)"),
	CLI_FLAG('f', "force", CLI_SHORT, "overwrite OUT if it exists"),
	CLI_END,
};

static const struct cli_exit init_exits[] = {
	{"0", "the starter policy was written"},
	{"2", "usage error, or OUT exists (without --force) or could not be written"},
	{"3", "the metrics file could not be read or holds no numeric metric"},
	{NULL, NULL},
};

const struct cli_command command_init = {
	"init", cmd_init, "write a starter policy from a metrics file", NULL,
	"Writes a policy with one gate per numeric metric (needs --metrics, --data or\n"
	"both).  Thresholds are left unset (~) so the policy is refused until you\n"
	"choose them.\n",
	init_options, init_exits,
};

int cmd_init(int argc, char **argv)
{
	const char *metrics = NULL, *data = NULL, *out_path = "mlgate.yml";
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
		case 'o': out_path = optarg; break;
		case 'f': force = 1; break;
		case CLI_STOP: return ps.code;
		}
	}
	if (optind < argc)
		return usage_error("init", "unexpected argument '%s'", argv[optind]);
	if (!metrics && !data)
		return usage_error("init", "give --metrics F and/or --data F to start from");
	if (strcmp(out_path, "-") != 0 && !force && access(out_path, F_OK) == 0) {
		fprintf(stderr, "mlgate: %s exists; not overwriting it (use --force)\n", out_path);
		return MG_EXIT_USAGE;
	}
	sbuf_adds(&out, "# mlgate policy (written by `mlgate init`).\n"
			"# Every threshold is `~` (unset): mlgate refuses this policy until you\n"
			"# choose each one, so a generated policy can never pass by accident.\n"
			"# Delete the gates you do not want.  `mlgate lint` checks your edits.\n"
			"version: 1\nname: my-model\n");
	if (metrics) {
		struct jval *doc = metrics_load(metrics, &err);
		struct sbuf dot = SBUF_INIT, ptr = SBUF_INIT;

		if (!doc) {
			mg_error_print(&err);
			sbuf_release(&out);
			return MG_EXIT_INPUT;
		}
		sbuf_addf(&out, "metrics: %s\n\nmodel:\n", metrics);
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
	if (data) {
		sbuf_addf(&out, "\ndata:\n  - name: dataset\n    path: %s\n"
				"    row_count: {min: ~}     # TODO: choose\n"
				"    null_ratio: {max: ~}    # TODO: choose (every column)\n",
			  data);
		count++;
	}
	if (mg_write_file_atomic(out_path, sbuf_str(&out), out.len, &err) < 0) {
		mg_error_print(&err);
		code = MG_EXIT_USAGE;
	} else if (strcmp(out_path, "-") != 0) {
		fprintf(stderr, "mlgate: wrote %s with %zu gate%s; set each threshold, then run 'mlgate lint %s'\n",
			out_path, count, count == 1 ? "" : "s", out_path);
	}
	sbuf_release(&out);
	return code;
}
