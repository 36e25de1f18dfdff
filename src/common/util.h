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

/* Allocation: on out-of-memory these print "mlgate: out of memory (N bytes)",
 * remove the temporary files of reports being written and exit 3 at once
 * (_exit: no half-written stdio buffer is flushed); a gate that cannot
 * allocate has nothing sensible left to report. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same exit for an allocation made otherwise (mmap). */
void xoom(size_t n) __attribute__((noreturn));
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

/* Read a whole regular file ("-" = stdin) up to `max` bytes.  Directories,
 * FIFOs and devices are refused before anything is read (a FIFO with no
 * writer would block forever, a device never ends).  Returns the contents
 * NUL-terminated (caller frees) or NULL with err set (code MG_EXIT_INPUT). */
char *mg_read_file(const char *path, size_t max, size_t *len,
		   struct mg_error *err);

/* Write `data` to `path` whole or not at all: a temporary file beside it,
 * flushed, then renamed over `path`.  A symlink at `path` is replaced, not
 * followed (unless it leads to our own stdout/stderr, e.g. /dev/stdout); an
 * existing file keeps its mode, a new one gets 0666 & ~umask.  FIFOs and
 * devices are written in place.  The temporary file is removed if SIGTERM,
 * SIGINT or SIGHUP arrives meanwhile (the signal is then re-raised).  "-"
 * writes to stdout.  0 or -1 with err. */
int mg_write_file_atomic(const char *path, const char *data, size_t len,
			 struct mg_error *err);

/* Check, before anything runs, that reports can be written to `outs` (n
 * paths, "-" = stdout): each exists or can be created in an existing,
 * writable directory; none is a directory; none is (device and inode, as
 * named or through a symlink) one of the `ni` `inputs` (NULL entries and
 * "-" skipped, missing inputs ignored); no two name the same file.  FIFOs,
 * devices and stdout are written in place and exempt.  0, or -1 with err
 * (code MG_EXIT_USAGE) naming the first offending report. */
int mg_check_outputs(const char *const *outs, size_t n,
		     const char *const *inputs, size_t ni, struct mg_error *err);

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
/* The clause " (did you mean 'HINT'?)" written into buf, or `otherwise`
 * (may be "") when hint is NULL: `"unknown key '%s'%s", k, mg_did_you_mean(...)`.
 * A buffer of MG_HINT_SIZE holds any hint mg_suggest returns. */
#define MG_HINT_SIZE 300
const char *mg_did_you_mean(char *buf, size_t size, const char *hint,
			    const char *otherwise);

/* Does s end with suffix (byte for byte)? */
int mg_ends_with(const char *s, const char *suffix);

/* `*` matches any run of characters; everything else literally.  Linear
 * time: O(strlen(pattern) + strlen(s)), whatever the stars. */
int mg_glob_match(const char *pattern, const char *s);
/* The same, adding the number of character comparisons made to *steps
 * (may be NULL): for tests that bound the cost without a clock. */
int mg_glob_match_steps(const char *pattern, const char *s, size_t *steps);

/* Milliseconds from a monotonic clock. */
double mg_now_ms(void);

/* Parse a complete finite number in C-locale decimal or scientific form
 * (leading/trailing ASCII spaces not allowed).  0 on success. */
int mg_parse_double(const char *s, size_t n, double *out);

/* "true"/"1" -> 1, "false"/"0" -> 0 (ASCII case ignored, as MLflow reads
 * its boolean variables); anything else -1. */
int mg_parse_bool(const char *s);

#endif
