/* util: errors with positions, diagnostics lists, a capped string builder and
 * allocation helpers shared by every mlgate module.  Core modules report
 * problems through struct mg_error / struct mg_diags and never print or exit. */
#ifndef MLGATE_UTIL_H
#define MLGATE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define MLGATE_VERSION "0.1.0"

/* Exit codes, SPEC section 3.  The highest applicable wins (except 4). */
enum mg_exit {
	MG_EXIT_PASS = 0,
	MG_EXIT_FAIL = 1,
	MG_EXIT_USAGE = 2,   /* bad flags, invalid policy */
	MG_EXIT_INPUT = 3,   /* an input could not be read or evaluated */
	MG_EXIT_PROMOTE = 4, /* gates passed, promotion failed */
};

/* What went wrong, where a caller must tell cases apart (never by the
 * message text). */
enum mg_error_kind {
	MG_ERR_OTHER = 0,
	MG_ERR_TOO_LARGE, /* an input is larger than the caller's limit */
};

/* One error with an optional position.  `code` is the exit code it implies. */
struct mg_error {
	int code;
	enum mg_error_kind kind;
	char file[256];
	int line, col; /* 1-based; 0 when unknown */
	char msg[1024];
};

/* Fill `err` (may be NULL; kind MG_ERR_OTHER) and return -1, so callers
 * can `return mg_errorf(...)`.  The one routine behind every error path. */
int mg_verrorf(struct mg_error *err, int code, const char *file, int line,
	       int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
int mg_errorf(struct mg_error *err, int code, const char *file, int line,
	      int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Format "file:line:col: msg" (only the parts that are known) into buf. */
void mg_error_format(const struct mg_error *err, char *buf, size_t size);
/* Print "mlgate: file:line:col: msg" to stderr. */
void mg_error_print(const struct mg_error *err);

/* A list of errors, for tools that report every problem at once (lint). */
struct mg_diags {
	struct mg_error *v;
	size_t n, cap;
	int max_code;
};
void mg_diags_init(struct mg_diags *d);
void mg_diags_release(struct mg_diags *d);
void mg_diags_add(struct mg_diags *d, const struct mg_error *e);
int mg_diag(struct mg_diags *d, int code, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void mg_diags_print(const struct mg_diags *d);

/* Allocation: on out-of-memory these print a message and abort; a gate that
 * cannot allocate a few bytes has nothing sensible left to report. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Grow an array of `*cap` elements of `size` bytes so it can hold `need`. */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

/* A string builder.  `max` (0 = unlimited) caps its length: appends past it
 * set `toobig` and are dropped, so callers check once at the end. */
struct sbuf {
	char *buf; /* always NUL-terminated once anything was appended */
	size_t len, cap, max;
	int toobig;
};
#define SBUF_INIT {NULL, 0, 0, 0, 0}
void sbuf_init(struct sbuf *sb, size_t max);
void sbuf_release(struct sbuf *sb);
void sbuf_add(struct sbuf *sb, const void *data, size_t n);
void sbuf_adds(struct sbuf *sb, const char *s);
void sbuf_addc(struct sbuf *sb, char c);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
const char *sbuf_str(const struct sbuf *sb); /* "" when empty */
char *sbuf_detach(struct sbuf *sb);          /* caller frees; never NULL */

/* Read a whole file ("-" = stdin) up to `max` bytes.  Returns the contents
 * NUL-terminated (caller frees) or NULL with err set (code MG_EXIT_INPUT). */
char *mg_read_file(const char *path, size_t max, size_t *len,
		   struct mg_error *err);

/* Write `data` to `path` whole or not at all: a temporary file beside it,
 * flushed, then renamed.  "-" writes to stdout.  0 or -1 with err. */
int mg_write_file_atomic(const char *path, const char *data, size_t len,
			 struct mg_error *err);

/* Join a path relative to the directory of `base_file` (absolute paths and
 * "-" are returned as they are).  Caller frees. */
char *mg_path_relative_to(const char *base_file, const char *path);

/* Format a double so that it reads back to the same value (shortest of
 * %.15g/%.16g/%.17g).  Non-finite values give "nan", "inf", "-inf". */
void mg_fmt_double(char *buf, size_t size, double v);

/* Levenshtein distance, for "did you mean" suggestions. */
size_t mg_edit_distance(const char *a, const char *b);
/* The closest of `candidates` (NULL-terminated) to `word`, or NULL when none
 * is close enough to be a plausible typo. */
const char *mg_suggest(const char *word, const char *const *candidates);

/* `*` matches any run of characters; everything else literally. */
int mg_glob_match(const char *pattern, const char *s);

/* Milliseconds from a monotonic clock. */
double mg_now_ms(void);

/* Parse a complete finite number in C-locale decimal or scientific form
 * (leading/trailing ASCII spaces not allowed).  0 on success. */
int mg_parse_double(const char *s, size_t n, double *out);

#endif
