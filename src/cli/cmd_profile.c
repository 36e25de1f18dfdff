/* mlgate profile DATA: per-column statistics of a CSV/TSV/.csv.gz file or
 * stdin, as text or as the JSON that can serve as a frozen reference. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "data/fileset.h"
#include "data/partial.h"
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

static const struct cli_option profile_options[] = {
	CLI_VALUE('f', "format", "json|text", CLI_SHORT,
		  "the output's format: text (the default) for people, or json for machines "
		  "(also a frozen drift reference)"),
	CLI_VALUE('o', "output", "OUT", CLI_SHORT, "write to the file OUT (- for stdout, the default), whole or not at all"),
	CLI_VALUE('d', "delimiter", "C", CLI_SHORT,
		  "the field separator, one character or tab; default ',' (a tab for *.tsv)"),
	CLI_VALUE('n', "null-values", "a,b,...", 0,
		  "the cells that are null, replacing the default list (an empty item: the empty cell)"),
	CLI_FLAG('s', "skip-bad-rows", 0, "count ragged rows and leave them out instead of failing"),
	CLI_VALUE('t', "threads", "0|1|2", 0, "threads reading the file or the files and summing up the columns: 0 chooses (the default), 1 or 2"),
	CLI_FLAG('P', "partial", 0,
		 "write a partial profile (JSON with merge state) for mlgate merge"),
	CLI_VALUE('B', "bins-from", "REF", 0,
		  "with --partial: take every number column's histogram edges from the profile REF, "
		  "so that the bins of all parts are the same and merge exactly"),
	CLI_END,
};

static const struct cli_exit profile_exits[] = {
	{"0", "the profile was written"},
	{"2", "usage error"},
	{"3", "input error: the data is missing, unreadable or malformed, a limit was "
	      "exceeded, or the output could not be written"},
	{NULL, NULL},
};

const struct cli_command command_profile = {
	"profile", cmd_profile, "profile a CSV file: types, nulls, quantiles", "DATA",
	"Per-column statistics of a CSV, TSV, Parquet or JSON Lines file, gzipped or\n"
	"not (- for stdin), or of a folder or glob of them read as one table.  The\n"
	"JSON output can be used as a frozen drift reference.  See\n"
	"doc/data-profile.md.\n",
	profile_options, profile_exits,
};

static int make_partial(struct profile *prof, const char *bins_from,
			struct mg_error *err)
{
	struct profile ref;
	int rc;

	if (!bins_from)
		return partial_prepare(prof, NULL, err);
	if (profile_load_json(bins_from, &ref, err))
		return -1;
	free(ref.path); /* messages name the file, not the data it describes */
	ref.path = xstrdup(bins_from);
	rc = partial_prepare(prof, &ref, err);
	profile_release(&ref);
	return rc;
}

int cmd_profile(int argc, char **argv)
{
	const char *format = "text", *out_path = "-", *data, *bins_from = NULL;
	const char *tokens[CSV_MAX_NULL_TOKENS];
	char *null_arg = NULL;
	struct csv_options copts;
	struct profile_options po;
	struct profile prof;
	struct fileset files;
	struct sbuf out = SBUF_INIT;
	struct mg_error err;
	struct cli_parser ps;
	int opt, code = MG_EXIT_PASS, partial = 0, format_set = 0;

	csv_options_init(&copts);
	profile_options_init(&po);
	cli_parser_init(&ps, &command_profile);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'f':
			format = optarg;
			format_set = 1;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'd':
			if (csv_parse_delimiter(optarg, &copts.delimiter))
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
		case 'P':
			partial = 1;
			break;
		case 'B':
			bins_from = optarg;
			break;
		case CLI_STOP:
			free(null_arg);
			return ps.code;
		}
	}
	if (strcmp(format, "json") != 0 && strcmp(format, "text") != 0) {
		free(null_arg);
		return usage_error("profile", "unknown format '%s' (json or text)",
				   format);
	}
	if (bins_from && !partial) {
		free(null_arg);
		return usage_error("profile", "--bins-from needs --partial");
	}
	if (partial && format_set && strcmp(format, "json") != 0) {
		free(null_arg);
		return usage_error("profile", "--partial writes JSON; --format text does not apply");
	}
	if (partial)
		format = "json";
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
	if (profile_dataset(data, 0, &copts, &po, &prof, &files, &err)) {
		mg_error_print(&err);
		free(null_arg);
		return err.code ? err.code : MG_EXIT_INPUT;
	}
	if (profile_check_numbers(&prof, &err) ||
	    (partial && make_partial(&prof, bins_from, &err))) {
		mg_error_print(&err);
		profile_release(&prof);
		fileset_release(&files);
		free(null_arg);
		return MG_EXIT_INPUT;
	}
	if (strcmp(format, "json") == 0)
		profile_write_json(&prof, &out);
	else {
		profile_write_text(&prof, &out);
		if (files.multi) {
			fileset_describe(&files, 10, &out);
			sbuf_addf(&out, "\n");
		}
	}
	if (mg_write_file_atomic(out_path, out.buf ? out.buf : "", out.len, &err)) {
		mg_error_print(&err);
		code = err.code ? err.code : MG_EXIT_INPUT;
	}
	sbuf_release(&out);
	profile_release(&prof);
	fileset_release(&files);
	free(null_arg);
	return code;
}
