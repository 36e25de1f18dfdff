/* cli: the command table, the program's help and version, and dispatch to
 * a command (whose own help comes from its table, options.c). */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "ext/jsondoc.h"
#include "common/util.h"
#include "ext/yamltree.h"

#include "ext/codec.h"
#include "ext/http.h"

const struct cli_command *const mlgate_commands[] = {
	&command_check, &command_profile, &command_merge, &command_drift, &command_metrics,
	&command_promote, &command_comment, &command_checkrun, &command_lint, &command_init, NULL,
};

/* The codes any command may return; `mlgate help CMD` lists its own. */
static const char exit_codes_help[] =
	"exit codes:\n"
	"  0  every gate passed (warnings allowed unless --fail-on-warn)\n"
	"  1  at least one gate failed\n"
	"  2  usage or policy error\n"
	"  3  input error: a file or metric could not be read or evaluated\n"
	"  4  gates passed but promotion failed\n";

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; mlgate_commands[i]; i++)
		if (strcmp(mlgate_commands[i]->name, name) == 0)
			return mlgate_commands[i];
	return NULL;
}

static void print_help(FILE *f)
{
	fputs("usage: mlgate COMMAND [OPTIONS]\n\n"
	      "A quality gate for ML models and data.\n\ncommands:\n", f);
	for (size_t i = 0; mlgate_commands[i]; i++)
		fprintf(f, "  %-9s %s\n", mlgate_commands[i]->name,
			mlgate_commands[i]->summary);
	fputs("\n  mlgate help COMMAND   options and exit codes of one command\n"
	      "  mlgate --version      version and library versions\n\n", f);
	fputs(exit_codes_help, f);
}

static int print_version(void)
{
	printf("mlgate %s (libyaml %s, cJSON %s, %s, %s)\n", MLGATE_VERSION,
	       yamltree_version(), jsondoc_version(), mlgate_http_version(),
	       codec_versions());
	return 0;
}

static int finish(int code)
{
	/* a report lost on a full disk or closed pipe is an error */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("mlgate: error writing to standard output\n", stderr);
		return code > MG_EXIT_USAGE ? code : MG_EXIT_USAGE;
	}
	return code;
}

/* mlgate help [COMMAND]; `help --man PART` prints the man page's generated
 * parts (scripts/man.sh splices them into doc/mlgate.1). */
static int help(int argc, char **argv)
{
	const struct cli_command *cmd;

	if (argc < 2) {
		print_help(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--man") == 0) {
		if (argc != 3 || cli_write_man(stdout, argv[2], mlgate_commands) < 0)
			return usage_error(NULL, "help --man takes synopsis or options");
		return 0;
	}
	if (argc > 2)
		return usage_error(NULL, "help takes one command");
	cmd = find_command(argv[1]);
	if (!cmd)
		return usage_error(NULL, "unknown command '%s'", argv[1]);
	cli_print_help(stdout, cmd);
	return 0;
}

int mlgate_main(int argc, char **argv)
{
	const struct cli_command *cmd;
	const char *name;

	if (argc < 2) {
		print_help(stderr);
		return MG_EXIT_USAGE;
	}
	name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0 ||
	    strcmp(name, "version") == 0)
		return finish(print_version());
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		print_help(stdout);
		return finish(0);
	}
	if (strcmp(name, "help") == 0)
		return finish(help(argc - 1, argv + 1));
	cmd = find_command(name);
	if (cmd)
		return finish(cmd->run(argc - 1, argv + 1));
	{
		const char *names[sizeof(mlgate_commands) / sizeof(mlgate_commands[0])];
		char hb[MG_HINT_SIZE];
		for (size_t i = 0; mlgate_commands[i]; i++)
			names[i] = mlgate_commands[i]->name;
		names[sizeof(names) / sizeof(names[0]) - 1] = NULL;
		fprintf(stderr, "mlgate: unknown command '%s'%s\n", name,
			mg_did_you_mean(hb, sizeof(hb), mg_suggest(name, names),
					" (see 'mlgate --help')"));
	}
	return MG_EXIT_USAGE;
}
