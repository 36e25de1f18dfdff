/* mlgate profile DATA: per-column statistics of a CSV/TSV/.csv.gz file or
 * stdin, as text or as the JSON that can serve as a frozen reference. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "data/profile.h"

/* Split "a,b,,c" into tokens (an empty item is the empty token).  The
 * tokens point into `s`, which is modified. */
static size_t split_list(char *s, const char **out, size_t max)
{
	size_t n = 0;
	for (;;) {
		char *comma = strchr(s, ',');
		if (n == max)
			return max + 1;
		out[n++] = s;
		if (!comma)
			break;
		*comma = '\0';
		s = comma + 1;
	}
	return n;
}

static int parse_delimiter(const char *s, char *out)
{
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		return -1;
	*out = s[0];
	return 0;
}

int cmd_profile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"delimiter", required_argument, NULL, 'd'},
		{"null-values", required_argument, NULL, 'n'},
		{"skip-bad-rows", no_argument, NULL, 's'},
		{"threads", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text", *out_path = "-", *data;
	const char *tokens[CSV_MAX_NULL_TOKENS];
	char *null_arg = NULL;
	struct csv_options copts;
	struct profile_options po;
	struct profile prof;
	struct sbuf out = SBUF_INIT;
	struct mg_error err;
	int opt, code = MG_EXIT_PASS;

	csv_options_init(&copts);
	profile_options_init(&po);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":f:o:d:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'd':
			if (parse_delimiter(optarg, &copts.delimiter))
				return usage_error("profile",
						   "--delimiter must be one character (or '\\t'), not '%s'",
						   optarg);
			copts.delimiter_set = 1;
			break;
		case 'n':
			free(null_arg);
			null_arg = xstrdup(optarg);
			copts.null_values = tokens;
			copts.n_null_values = split_list(null_arg, tokens,
							 CSV_MAX_NULL_TOKENS);
			if (copts.n_null_values > CSV_MAX_NULL_TOKENS) {
				free(null_arg);
				return usage_error("profile",
						   "--null-values: at most %d values",
						   CSV_MAX_NULL_TOKENS);
			}
			break;
		case 's':
			copts.skip_bad_rows = 1;
			break;
		case 't': {
			char *end;
			long t = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || t < 0 || t > 2) {
				free(null_arg);
				return usage_error("profile",
						   "--threads must be 0 (automatic), 1 or 2, not '%s'",
						   optarg);
			}
			po.threads = (int)t;
			break;
		}
		case 'h':
			fputs(command_usage("profile"), stdout);
			free(null_arg);
			return 0;
		case ':':
			free(null_arg);
			return usage_error("profile", "option '%s' needs a value",
					   argv[optind - 1]);
		default:
			free(null_arg);
			return usage_error("profile", "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (strcmp(format, "json") != 0 && strcmp(format, "text") != 0) {
		free(null_arg);
		return usage_error("profile", "unknown format '%s' (json or text)",
				   format);
	}
	if (optind >= argc) {
		free(null_arg);
		return usage_error("profile", "missing DATA file");
	}
	if (optind + 1 < argc) {
		free(null_arg);
		return usage_error("profile", "unexpected argument '%s'",
				   argv[optind + 1]);
	}
	data = argv[optind];
	memset(&err, 0, sizeof(err));
	if (profile_csv(data, &copts, &po, &prof, &err)) {
		mg_error_print(&err);
		free(null_arg);
		return err.code ? err.code : MG_EXIT_INPUT;
	}
	if (profile_check_numbers(&prof, &err)) {
		mg_error_print(&err);
		profile_release(&prof);
		free(null_arg);
		return MG_EXIT_INPUT;
	}
	if (strcmp(format, "json") == 0)
		profile_write_json(&prof, &out);
	else
		profile_write_text(&prof, &out);
	if (mg_write_file_atomic(out_path, out.buf ? out.buf : "", out.len, &err)) {
		mg_error_print(&err);
		code = err.code ? err.code : MG_EXIT_INPUT;
	}
	sbuf_release(&out);
	profile_release(&prof);
	free(null_arg);
	return code;
}
