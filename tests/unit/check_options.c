/* The option tables: every command's table keeps the rules options.h states,
 * and a small table parses, prints its help and its man page source as
 * written out here by hand. */
#define _POSIX_C_SOURCE 200809L
#include "suites.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"

static char *render(void (*fn)(FILE *, const void *), const void *arg)
{
	FILE *f = tmpfile();
	long n;
	char *s;

	ck_assert_ptr_nonnull(f);
	fn(f, arg);
	n = ftell(f);
	s = calloc(1, (size_t)n + 1);
	rewind(f);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

START_TEST(test_every_table_keeps_the_rules)
{
	for (size_t c = 0; mlgate_commands[c]; c++) {
		const struct cli_command *cmd = mlgate_commands[c];
		const struct cli_option *o = cmd->options;
		struct cli_parser ps;
		int saw_usage = 0;

		ck_assert(cmd->run != NULL);
		ck_assert_ptr_nonnull(cmd->summary);
		for (size_t d = 0; d < c; d++)
			ck_assert_str_ne(mlgate_commands[d]->name, cmd->name);
		cli_parser_init(&ps, cmd); /* aborts on a broken table */
		ck_assert_msg(!(o[0].name && (o[0].flags & CLI_OR)),
			      "%s: CLI_OR on the first option", cmd->name);
		for (size_t i = 0; o[i].name; i++) {
			int hidden = (o[i].flags & CLI_HIDDEN) != 0;

			ck_assert_msg(hidden || (o[i].help && o[i].help[0]),
				      "%s --%s: no help", cmd->name, o[i].name);
			if (!hidden) {
				size_t n = strlen(o[i].help);
				ck_assert_msg(o[i].help[n - 1] != '.' &&
					      !(isupper((unsigned char)o[i].help[0]) &&
						islower((unsigned char)o[i].help[1])),
					      "%s --%s: help is a lowercase phrase without a full stop",
					      cmd->name, o[i].name);
			}
			for (size_t j = 0; j < i; j++) {
				ck_assert_str_ne(o[j].name, o[i].name);
				if ((o[j].flags & CLI_SHORT) && (o[i].flags & CLI_SHORT))
					ck_assert_int_ne(o[j].val, o[i].val);
				/* one val for two spellings only for a hidden alias */
				if (o[j].val == o[i].val)
					ck_assert_msg(hidden && !o[j].arg == !o[i].arg,
						      "%s: --%s and --%s share a val",
						      cmd->name, o[j].name, o[i].name);
			}
		}
		ck_assert_ptr_nonnull(cmd->exits[0].code);
		for (size_t i = 0; cmd->exits[i].code; i++) {
			ck_assert_ptr_nonnull(cmd->exits[i].meaning);
			saw_usage |= strcmp(cmd->exits[i].code, "2") == 0;
			for (size_t j = 0; j < i; j++)
				ck_assert_str_ne(cmd->exits[j].code, cmd->exits[i].code);
		}
		ck_assert_msg(saw_usage, "%s: every command has usage errors (2)",
			      cmd->name);
	}
}
END_TEST

static int run_nothing(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static const struct cli_option demo_options[] = {
	CLI_VALUE('k', "key", "COL", CLI_REQUIRED, "the key column"),
	CLI_VALUE('x', "xval", "FMT[:PATH]", CLI_SHORT | CLI_REPEAT, "write x to PATH"),
	CLI_FLAG('y', "yes", 0, "say yes"),
	CLI_FLAG('n', "no", CLI_OR, "say no, which is a much longer help line that has to wrap around"),
	CLI_VALUE('c', "colour-of-the-day-and-night", "json|text", 0, "a long option"),
	CLI_VALUE('y', "aye", NULL, CLI_HIDDEN, NULL),
	CLI_END,
};

static const struct cli_exit demo_exits[] = {
	{"0", "fine"},
	{"2", "usage error"},
	{"N", "with --n N: chosen"},
	{NULL, NULL},
};

static const struct cli_command demo = {
	"demo", run_nothing, "a demo", "IN [OUT]", "About the demo.\n",
	demo_options, demo_exits,
};

START_TEST(test_parse)
{
	char w[][12] = {"demo", "-x", "1", "--yes", "--xval=2:p", "--aye", "in", "-y", "--key"};
	char *argv[] = {w[0], w[1], w[2], w[3], w[4], w[5], w[6], NULL};
	char *unknown[] = {w[0], w[7], NULL};
	char *missing[] = {w[0], w[8], NULL};
	struct cli_parser ps;

	cli_parser_init(&ps, &demo);
	ck_assert_str_eq(ps.shortopts, ":x:h");
	ck_assert_int_eq(cli_next(&ps, 7, argv), 'x');
	ck_assert_str_eq(optarg, "1");
	ck_assert_int_eq(cli_next(&ps, 7, argv), 'y');
	ck_assert_int_eq(cli_next(&ps, 7, argv), 'x');
	ck_assert_str_eq(optarg, "2:p");
	ck_assert_int_eq(cli_next(&ps, 7, argv), 'y'); /* the hidden alias */
	ck_assert_int_eq(cli_next(&ps, 7, argv), -1);
	ck_assert_int_eq(optind, 6);

	/* --yes has no short spelling */
	cli_parser_init(&ps, &demo);
	ck_assert_int_eq(cli_next(&ps, 2, unknown), CLI_STOP);
	ck_assert_int_eq(ps.code, 2);
	cli_parser_init(&ps, &demo);
	ck_assert_int_eq(cli_next(&ps, 2, missing), CLI_STOP);
	ck_assert_int_eq(ps.code, 2);
}
END_TEST

static void help_of(FILE *f, const void *cmd)
{
	cli_print_help(f, cmd);
}

START_TEST(test_help_text)
{
	char *s = render(help_of, &demo);

	ck_assert_str_eq(s,
		"usage: mlgate demo IN [OUT] --key COL [-x FMT[:PATH]]... [--yes | --no]\n"
		"                   [--colour-of-the-day-and-night json|text]\n"
		"\n"
		"About the demo.\n"
		"\n"
		"options:\n"
		"      --key COL          the key column\n"
		"  -x, --xval FMT[:PATH]  write x to PATH (repeatable)\n"
		"      --yes              say yes\n"
		"      --no               say no, which is a much longer help line that has to\n"
		"                         wrap around\n"
		"      --colour-of-the-day-and-night json|text\n"
		"                         a long option\n"
		"  -h, --help             print this help and exit\n"
		"\n"
		"exit codes:\n"
		"  0  fine\n"
		"  2  usage error\n"
		"  N  with --n N: chosen\n");
	free(s);
}
END_TEST

static void man_of(FILE *f, const void *part)
{
	static const struct cli_command *const cmds[] = {&demo, NULL};
	ck_assert_int_eq(cli_write_man(f, part, cmds), 0);
}

START_TEST(test_man_source)
{
	static const struct cli_command *const cmds[] = {&demo, NULL};
	char *s = render(man_of, "synopsis");

	ck_assert_str_eq(s,
		".ad l\n.in +4n\n"
		".ti -4n\n.B mlgate demo\n"
		"\\fIIN\\fR [\\fIOUT\\fR]\n"
		"\\%\\fB\\-\\-key\\fR\\ \\fICOL\\fR\n"
		"\\%[\\fB\\-x\\fR\\ \\fIFMT\\fR[:\\fIPATH\\fR]]...\n"
		"\\%[\\fB\\-\\-yes\\fR | \\fB\\-\\-no\\fR]\n"
		"\\%[\\fB\\-\\-colour\\-of\\-the\\-day\\-and\\-night\\fR\\ json|text]\n"
		".br\n"
		".in -4n\n.ad\n");
	free(s);
	s = render(man_of, "options");
	ck_assert_ptr_nonnull(strstr(s,
		".SS \"mlgate demo\"\n"
		".TP\n\\fB\\-\\-key\\fR \\fICOL\\fR\nThe key column.\n"
		".TP\n\\fB\\-x\\fR, \\fB\\-\\-xval\\fR \\fIFMT\\fR[:\\fIPATH\\fR]\n"
		"Write x to PATH (repeatable).\n"));
	ck_assert_ptr_nonnull(strstr(s,
		".PP\nExit status:\n"
		".IP \\fB0\\fR 4\nFine.\n"
		".IP \\fB2\\fR 4\nUsage error.\n"
		".IP \\fIN\\fR 4\nWith \\-\\-n N: chosen.\n"));
	ck_assert_ptr_null(strstr(s, "aye")); /* hidden */
	free(s);
	ck_assert_int_eq(cli_write_man(stdout, "nonsense", cmds), -1);
}
END_TEST

Suite *suite_options(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("options");

	tcase_add_test(tc, test_every_table_keeps_the_rules);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_help_text);
	tcase_add_test(tc, test_man_source);
	suite_add_tcase(s, tc);
	return s;
}
