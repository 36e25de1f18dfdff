/* commands: one function per subcommand (cmd_<name>.c), each parsing its
 * own options and returning the process exit code. */
#ifndef MLGATE_COMMANDS_H
#define MLGATE_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_drift(int argc, char **argv);
int cmd_metrics(int argc, char **argv);
int cmd_promote(int argc, char **argv);

/* Usage text of one command (for `mlgate help CMD` and usage errors). */
const char *command_usage(const char *name);
/* Print "mlgate: msg" and the command's usage hint to stderr; returns 2. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Find the default policy (mlgate.yml, then .mlgate.yml); NULL if none. */
const char *default_policy_path(void);

/* The whole program (main.c calls it; tests may too). */
int mlgate_main(int argc, char **argv);

#endif
