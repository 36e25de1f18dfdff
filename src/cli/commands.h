/* commands: the subcommands, each a `struct cli_command` (options.h) in its
 * cmd_<name>.c with the function that parses its options and returns the
 * process exit code, and the program's entry point (cli.c). */
#ifndef MLGATE_COMMANDS_H
#define MLGATE_COMMANDS_H

#include "cli/options.h"

int cmd_check(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_drift(int argc, char **argv);
int cmd_metrics(int argc, char **argv);
int cmd_promote(int argc, char **argv);
int cmd_comment(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_checkrun(int argc, char **argv);

extern const struct cli_command command_check, command_lint, command_init,
	command_profile, command_drift, command_metrics, command_promote,
	command_comment, command_merge, command_checkrun;

/* Every command, in the order `mlgate --help` lists them; NULL-ended. */
extern const struct cli_command *const mlgate_commands[];

/* The whole program (main.c calls it; tests may too). */
int mlgate_main(int argc, char **argv);

#endif
