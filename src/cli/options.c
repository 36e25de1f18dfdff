/* options: one description per command, turned into getopt_long arrays,
 * `mlgate help CMD` text and man page source, so the three cannot disagree. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/options.h"
#include "common/util.h"

#define WIDTH 79    /* help text stays left of this column */
#define HELP_COL 30 /* option help starts here at the latest */

static const struct cli_option help_option =
	CLI_FLAG('h', "help", CLI_SHORT, "print this help and exit");

static void table_error(const struct cli_command *cmd, const char *what)
{
	fprintf(stderr, "mlgate: internal error: option table of '%s': %s\n",
		cmd->name, what);
	abort();
}

void cli_parser_init(struct cli_parser *ps, const struct cli_command *cmd)
{
	char *s = ps->shortopts;
	size_t n = 0;

	ps->cmd = cmd;
	ps->code = 0;
	*s++ = ':'; /* a missing value is ':', not '?' */
	for (const struct cli_option *o = cmd->options; o->name; o++) {
		if (n == CLI_MAX_OPTIONS)
			table_error(cmd, "more than CLI_MAX_OPTIONS options");
		if (o->val <= 0 || o->val == 'h' || o->val == ':' || o->val == '?')
			table_error(cmd, "a val that getopt_long returns for itself");
		if ((o->flags & CLI_SHORT) && (o->val > 127 || !isalnum(o->val)))
			table_error(cmd, "a short option that is not a letter or digit");
		ps->longopts[n].name = o->name;
		ps->longopts[n].has_arg = o->arg ? required_argument : no_argument;
		ps->longopts[n].flag = NULL;
		ps->longopts[n].val = o->val;
		n++;
		if (o->flags & CLI_SHORT) {
			*s++ = (char)o->val;
			if (o->arg)
				*s++ = ':';
		}
	}
	ps->longopts[n].name = help_option.name;
	ps->longopts[n].has_arg = no_argument;
	ps->longopts[n].flag = NULL;
	ps->longopts[n].val = help_option.val;
	memset(&ps->longopts[n + 1], 0, sizeof(ps->longopts[n + 1]));
	*s++ = (char)help_option.val;
	*s = '\0';
	optind = 1;
	opterr = 0;
}

int cli_next(struct cli_parser *ps, int argc, char **argv)
{
	int opt = getopt_long(argc, argv, ps->shortopts, ps->longopts, NULL);
	const char *name = ps->cmd->name;

	switch (opt) {
	case 'h':
		cli_print_help(stdout, ps->cmd);
		ps->code = MG_EXIT_PASS;
		return CLI_STOP;
	case ':':
		ps->code = usage_error(name, "option '%s' needs a value", argv[optind - 1]);
		return CLI_STOP;
	case '?': {
		const char *arg = argv[optind - 1], *eq = strchr(arg, '=');
		/* getopt_long names the option in optopt when --flag=VALUE
		 * gave a value to a flag */
		if (optopt && eq && strncmp(arg, "--", 2) == 0)
			ps->code = usage_error(name, "option '%.*s' takes no value",
					       (int)(eq - arg), arg);
		else
			ps->code = usage_error(name, "unknown option '%s'", arg);
		return CLI_STOP;
	}
	default:
		return opt;
	}
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("mlgate: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\n(see 'mlgate help %s')\n", cmd);
	else
		fputs("\n(see 'mlgate --help')\n", stderr);
	return MG_EXIT_USAGE;
}

const char *default_policy_path(void)
{
	if (access("mlgate.yml", F_OK) == 0)
		return "mlgate.yml";
	if (access(".mlgate.yml", F_OK) == 0)
		return ".mlgate.yml";
	return NULL;
}

/* ----- text shared by help and man ----- */

/* Roff source for plain text: hyphens as minus signs (options stay
 * copyable), backslashes escaped. */
static void roff_plain(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-')
			sbuf_adds(b, "\\-");
		else if (s[i] == '\\')
			sbuf_adds(b, "\\e");
		else
			sbuf_addc(b, s[i]);
	}
}

/* A value's name: the upper-case words (FILE, KEY=VALUE, FMT[:PATH]) are
 * placeholders and set in italics; the rest (json|text, a,b) is literal. */
static void add_arg(struct sbuf *b, const char *arg, int roff)
{
	if (!roff) {
		sbuf_adds(b, arg);
		return;
	}
	while (*arg) {
		size_t n = 0;
		while (isupper((unsigned char)arg[n]) || arg[n] == '_')
			n++;
		if (n) {
			sbuf_adds(b, "\\fI");
			sbuf_add(b, arg, n);
			sbuf_adds(b, "\\fR");
		} else {
			n = 1;
			roff_plain(b, arg, 1);
		}
		arg += n;
	}
}

/* "-p POLICY" (the short spelling when `brief` and there is one) or
 * "--policy POLICY"; `sep` goes between the option and its value. */
static void add_spelling(struct sbuf *b, const struct cli_option *o, int brief,
			 int roff, const char *sep)
{
	if (roff)
		sbuf_adds(b, "\\fB");
	if (brief && (o->flags & CLI_SHORT)) {
		sbuf_adds(b, roff ? "\\-" : "-");
		sbuf_addc(b, (char)o->val);
	} else if (roff) {
		sbuf_adds(b, "\\-\\-");
		roff_plain(b, o->name, strlen(o->name));
	} else {
		sbuf_addf(b, "--%s", o->name);
	}
	if (roff)
		sbuf_adds(b, "\\fR");
	if (o->arg) {
		sbuf_adds(b, sep);
		add_arg(b, o->arg, roff);
	}
}

/* One synopsis item: "[-p POLICY]", "--label COL", "[--set KEY=VALUE]...",
 * or a group of alternatives "[--promote | --no-promote]".  Returns how
 * many table entries it used. */
static size_t add_synopsis_item(struct sbuf *b, const struct cli_option *o,
				int roff)
{
	int required = (o->flags & CLI_REQUIRED) != 0;
	size_t n = 1;

	while (o[n].name && (o[n].flags & CLI_OR))
		n++;
	if (!required)
		sbuf_addc(b, '[');
	else if (n > 1)
		sbuf_addc(b, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_adds(b, " | ");
		add_spelling(b, &o[i], 1, roff, roff ? "\\ " : " ");
	}
	if (!required)
		sbuf_addc(b, ']');
	else if (n > 1)
		sbuf_addc(b, ')');
	if (o->flags & CLI_REPEAT)
		sbuf_adds(b, "...");
	return n;
}

/* ----- help text ----- */

/* Append one unbreakable piece at column *col: after a space, or at
 * `indent` on a new line when it would pass WIDTH. */
static void add_piece(struct sbuf *b, size_t *col, size_t indent,
		      const char *s, size_t n)
{
	if (*col > indent) {
		if (*col + 1 + n > WIDTH) {
			sbuf_addf(b, "\n%*s", (int)indent, "");
			*col = indent;
		} else {
			sbuf_addc(b, ' ');
			(*col)++;
		}
	}
	sbuf_add(b, s, n);
	*col += n;
}

/* Append `text` word by word, wrapping at WIDTH to `indent`. */
static void add_words(struct sbuf *b, size_t *col, size_t indent,
		      const char *text)
{
	while (*text) {
		size_t n;
		while (*text == ' ')
			text++;
		n = strcspn(text, " ");
		if (n)
			add_piece(b, col, indent, text, n);
		text += n;
	}
}

static void add_option_help(struct sbuf *b, size_t *col, size_t indent,
			    const struct cli_option *o)
{
	add_words(b, col, indent, o->help);
	if (o->flags & CLI_REPEAT)
		add_words(b, col, indent, "(repeatable)");
}

/* "  -p, --policy POLICY" / "      --metrics F" */
static void add_option_left(struct sbuf *b, const struct cli_option *o)
{
	if (o->flags & CLI_SHORT)
		sbuf_addf(b, "  -%c, ", (char)o->val);
	else
		sbuf_adds(b, "      ");
	add_spelling(b, o, 0, 0, " ");
}

/* The column where option help starts: after the longest left part that
 * leaves room, at HELP_COL at the latest. */
static size_t help_column(const struct cli_command *cmd)
{
	struct sbuf left = SBUF_INIT;
	size_t col = 0;

	for (const struct cli_option *o = cmd->options;; o++) {
		const struct cli_option *x = o->name ? o : &help_option;
		if (!(x->flags & CLI_HIDDEN)) {
			left.len = 0;
			add_option_left(&left, x);
			if (left.len + 2 <= HELP_COL && left.len + 2 > col)
				col = left.len + 2;
		}
		if (!o->name)
			break;
	}
	sbuf_release(&left);
	return col;
}

/* One option with its help, the help on the next line when the option
 * is too long to leave room for it. */
static void add_option_line(struct sbuf *b, const struct cli_option *o,
			    size_t help_col)
{
	size_t start = b->len, col;

	add_option_left(b, o);
	col = b->len - start;
	if (col + 2 > help_col)
		sbuf_addf(b, "\n%*s", (int)help_col, "");
	else
		sbuf_addf(b, "%*s", (int)(help_col - col), "");
	col = help_col;
	add_option_help(b, &col, help_col, o);
	sbuf_addc(b, '\n');
}

void cli_print_help(FILE *f, const struct cli_command *cmd)
{
	struct sbuf b = SBUF_INIT;
	size_t indent, col, help_col, code_w = 0;
	const struct cli_option *o;

	sbuf_addf(&b, "usage: mlgate %s ", cmd->name);
	indent = col = b.len;
	if (cmd->operands)
		add_piece(&b, &col, indent, cmd->operands, strlen(cmd->operands));
	for (o = cmd->options; o->name;) {
		struct sbuf item = SBUF_INIT;
		if (o->flags & CLI_HIDDEN) {
			o++;
			continue;
		}
		o += add_synopsis_item(&item, o, 0);
		add_piece(&b, &col, indent, sbuf_str(&item), item.len);
		sbuf_release(&item);
	}
	sbuf_addc(&b, '\n');
	if (cmd->about)
		sbuf_addf(&b, "\n%s", cmd->about);

	help_col = help_column(cmd);
	sbuf_adds(&b, "\noptions:\n");
	for (o = cmd->options; o->name; o++)
		if (!(o->flags & CLI_HIDDEN))
			add_option_line(&b, o, help_col);
	add_option_line(&b, &help_option, help_col);

	for (const struct cli_exit *e = cmd->exits; e->code; e++)
		if (strlen(e->code) > code_w)
			code_w = strlen(e->code);
	sbuf_adds(&b, "\nexit codes:\n");
	for (const struct cli_exit *e = cmd->exits; e->code; e++) {
		sbuf_addf(&b, "  %-*s  ", (int)code_w, e->code);
		col = code_w + 4;
		add_words(&b, &col, code_w + 4, e->meaning);
		sbuf_addc(&b, '\n');
	}
	fputs(sbuf_str(&b), f);
	sbuf_release(&b);
}

/* ----- man page ----- */

/* A help line as a roff text line: a sentence, and never read as a request. */
static void man_sentence(struct sbuf *b, const char *s, const char *tail)
{
	size_t n = strlen(s);

	if (s[0] == '.' || s[0] == '\'')
		sbuf_adds(b, "\\&");
	if (islower((unsigned char)s[0])) {
		sbuf_addc(b, (char)toupper((unsigned char)s[0]));
		s++;
		n--;
	}
	roff_plain(b, s, n);
	if (tail)
		sbuf_adds(b, tail);
	sbuf_adds(b, ".\n");
}

/* One command's synopsis, hanging under its name; \% keeps an item from
 * being hyphenated. */
static void man_synopsis(struct sbuf *b, const struct cli_command *cmd)
{
	sbuf_adds(b, ".ti -4n\n.B mlgate ");
	roff_plain(b, cmd->name, strlen(cmd->name));
	sbuf_addc(b, '\n');
	if (cmd->operands) {
		add_arg(b, cmd->operands, 1);
		sbuf_addc(b, '\n');
	}
	for (const struct cli_option *o = cmd->options; o->name;) {
		if (o->flags & CLI_HIDDEN) {
			o++;
			continue;
		}
		sbuf_adds(b, "\\%");
		o += add_synopsis_item(b, o, 1);
		sbuf_addc(b, '\n');
	}
	sbuf_adds(b, ".br\n");
}

static void man_options(struct sbuf *b, const struct cli_command *cmd)
{
	sbuf_adds(b, ".SS \"mlgate ");
	roff_plain(b, cmd->name, strlen(cmd->name));
	sbuf_adds(b, "\"\n");
	for (const struct cli_option *o = cmd->options; o->name; o++) {
		if (o->flags & CLI_HIDDEN)
			continue;
		sbuf_adds(b, ".TP\n");
		if (o->flags & CLI_SHORT)
			sbuf_addf(b, "\\fB\\-%c\\fR, ", (char)o->val);
		add_spelling(b, o, 0, 1, " ");
		sbuf_addc(b, '\n');
		man_sentence(b, o->help, (o->flags & CLI_REPEAT) ? " (repeatable)" : NULL);
	}
	sbuf_adds(b, ".PP\nExit status:\n");
	for (const struct cli_exit *e = cmd->exits; e->code; e++) {
		sbuf_adds(b, ".IP ");
		if (isdigit((unsigned char)e->code[0]))
			sbuf_addf(b, "\\fB%s\\fR", e->code);
		else
			sbuf_addf(b, "\\fI%s\\fR", e->code);
		sbuf_adds(b, " 4\n");
		man_sentence(b, e->meaning, NULL);
	}
}

int cli_write_man(FILE *f, const char *part,
		  const struct cli_command *const *cmds)
{
	struct sbuf b = SBUF_INIT;
	int synopsis = strcmp(part, "synopsis") == 0;

	if (!synopsis && strcmp(part, "options") != 0)
		return -1;
	if (synopsis)
		sbuf_adds(&b, ".ad l\n.in +4n\n");
	else
		sbuf_adds(&b, ".SH OPTIONS\n"
			      "Every command also takes\n"
			      ".BR \\-h \", \" \\-\\-help :\n"
			      "it prints the command's synopsis, options and exit statuses, as\n"
			      ".BI \"mlgate help \" COMMAND\n"
			      "does.\n");
	for (size_t i = 0; cmds[i]; i++) {
		if (synopsis)
			man_synopsis(&b, cmds[i]);
		else
			man_options(&b, cmds[i]);
	}
	if (synopsis)
		sbuf_adds(&b, ".in -4n\n.ad\n");
	fputs(sbuf_str(&b), f);
	sbuf_release(&b);
	return 0;
}
