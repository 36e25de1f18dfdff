/* mlgate merge PART...: combine partial profiles (mlgate profile --partial)
 * of the shards of one table into one partial profile, which is also a
 * frozen reference for mlgate check and mlgate drift. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "data/partial.h"

static const struct cli_option merge_options[] = {
	CLI_VALUE('o', "output", "OUT", CLI_SHORT,
		  "write to the file OUT (- for stdout, the default), whole or not at all"),
	CLI_END,
};

static const struct cli_exit merge_exits[] = {
	{"0", "the merged profile was written"},
	{"2", "usage error"},
	{"3", "input error: a partial is missing, malformed, of another format version, "
	      "or of other columns or bins than the first (the message names it), or the "
	      "output could not be written"},
	{NULL, NULL},
};

const struct cli_command command_merge = {
	"merge", cmd_merge, "merge partial profiles of the shards of a table", "PART...",
	"Merge partial profiles (mlgate profile --partial, or earlier merges) into\n"
	"one.  Counts, nulls, min/max, moments, frozen bins and categories merge\n"
	"exactly; quantiles come from a sketch whose rank error bound is written\n"
	"beside them.  The result is a frozen reference.  See doc/data-profile.md.\n",
	merge_options, merge_exits,
};

int cmd_merge(int argc, char **argv)
{
	const char *out_path = "-";
	struct profile acc, part;
	struct sbuf out = SBUF_INIT;
	struct mg_error err;
	struct cli_parser ps;
	int opt, code = MG_EXIT_PASS;

	cli_parser_init(&ps, &command_merge);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'o':
			out_path = optarg;
			break;
		case CLI_STOP:
			return ps.code;
		}
	}
	if (optind >= argc)
		return usage_error("merge", "missing PART files");
	memset(&err, 0, sizeof(err));
	if (profile_load_json(argv[optind], &acc, &err)) {
		mg_error_print(&err);
		return MG_EXIT_INPUT;
	}
	if (!acc.partial) {
		fprintf(stderr, "mlgate: %s: not a partial profile (make one with mlgate profile --partial)\n",
			argv[optind]);
		profile_release(&acc);
		return MG_EXIT_INPUT;
	}
	for (int i = optind + 1; i < argc; i++) {
		if (profile_load_json(argv[i], &part, &err) ||
		    partial_merge(&acc, &part, argv[i], &err)) {
			mg_error_print(&err);
			profile_release(&part);
			profile_release(&acc);
			return MG_EXIT_INPUT;
		}
		profile_release(&part);
	}
	partial_finish(&acc);
	free(acc.path);
	acc.path = xasprintf("merge of %llu parts", (unsigned long long)acc.parts);
	profile_write_json(&acc, &out);
	if (mg_write_file_atomic(out_path, out.buf ? out.buf : "", out.len, &err)) {
		mg_error_print(&err);
		code = err.code ? err.code : MG_EXIT_INPUT;
	}
	sbuf_release(&out);
	profile_release(&acc);
	return code;
}
