/* options: how a command describes itself -- its operands, one table of
 * options and one of exit codes -- and everything built from that one
 * description: the getopt_long arrays, `mlgate help CMD` (= CMD --help),
 * usage errors, and the per-command parts of the man page.  A command owns
 * its `struct cli_command` (static storage, in its cmd_<name>.c). */
#ifndef MLGATE_OPTIONS_H
#define MLGATE_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

/* cli_option.flags */
enum {
	CLI_SHORT = 1 << 0,    /* `val` is also the short option -VAL */
	CLI_REPEAT = 1 << 1,   /* may be given more than once ("..." in synopses) */
	CLI_HIDDEN = 1 << 2,   /* accepted but never shown (a spelling alias) */
	CLI_REQUIRED = 1 << 3, /* shown without brackets */
	CLI_OR = 1 << 4,       /* an alternative to the option before it: [A | B] */
};

struct cli_option {
	const char *name; /* long name without "--"; NULL ends the table */
	int val;          /* what cli_next returns for it; never 'h' */
	const char *arg;  /* its value's name (FILE, json|text); NULL for a flag */
	unsigned flags;
	const char *help; /* one line, lowercase, no full stop */
};

#define CLI_FLAG(val, name, flags, help) { name, val, NULL, flags, help }
#define CLI_VALUE(val, name, arg, flags, help) { name, val, arg, flags, help }
#define CLI_END { NULL, 0, NULL, 0, NULL }

/* One exit status a command can return: code is "0".."4", or a word such as
 * "N" for a code the user chooses. */
struct cli_exit {
	const char *code; /* NULL ends the table */
	const char *meaning;
};

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	const char *summary;  /* one line for `mlgate --help` */
	const char *operands; /* e.g. "REFERENCE CURRENT", "[POLICY]"; NULL: none */
	const char *about;    /* paragraph after the synopsis; NULL: none */
	const struct cli_option *options;
	const struct cli_exit *exits;
};

/* Options of one table at most (--help comes on top). */
#define CLI_MAX_OPTIONS 24

/* cli_next's value when it has printed --help (code 0) or a usage error
 * (code 2); the command stops and returns `code`. */
#define CLI_STOP (-2)

/* The getopt_long arrays of one command, built on the caller's stack (no
 * release needed, so a command may return from inside its option loop). */
struct cli_parser {
	const struct cli_command *cmd;
	struct option longopts[CLI_MAX_OPTIONS + 2];
	char shortopts[3 * CLI_MAX_OPTIONS + 4];
	int code;
};

/* Build the arrays and reset getopt (optind = 1, opterr = 0).  Aborts on a
 * table that breaks the rules above (a programming error). */
void cli_parser_init(struct cli_parser *ps, const struct cli_command *cmd);
/* The next option's val (optarg set for a value), -1 after the last option
 * (optind is then the first operand), or CLI_STOP after printing the help to
 * stdout or "mlgate: CMD: message" and the hint to stderr. */
int cli_next(struct cli_parser *ps, int argc, char **argv);

/* The whole help of one command, as `mlgate help CMD` prints it. */
void cli_print_help(FILE *f, const struct cli_command *cmd);
/* The man page's generated parts for every command of `cmds` (NULL-ended):
 * part "synopsis" (the SYNOPSIS lines) or "options" (an OPTIONS section with
 * one subsection per command: its options and exit statuses).  -1 for an
 * unknown part. */
int cli_write_man(FILE *f, const char *part,
		  const struct cli_command *const *cmds);

/* Print "mlgate: CMD: message" and "(see 'mlgate help CMD')" to stderr
 * (without CMD: "mlgate: message", "(see 'mlgate --help')"); returns 2. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The policy a command reads without -p / POLICY: mlgate.yml, then
 * .mlgate.yml in the current directory; NULL if neither exists. */
const char *default_policy_path(void);

#endif
