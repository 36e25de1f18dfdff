#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int mg_verrorf(struct mg_error *err, int code, const char *file, int line,
	       int col, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->code = code;
	err->kind = MG_ERR_OTHER;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int mg_errorf(struct mg_error *err, int code, const char *file, int line,
	      int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mg_verrorf(err, code, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void mg_error_format(const struct mg_error *err, char *buf, size_t size)
{
	if (err->file[0] && err->line > 0 && err->col > 0)
		snprintf(buf, size, "%s:%d:%d: %s", err->file, err->line,
			 err->col, err->msg);
	else if (err->file[0] && err->line > 0)
		snprintf(buf, size, "%s:%d: %s", err->file, err->line, err->msg);
	else if (err->file[0])
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else
		snprintf(buf, size, "%s", err->msg);
}

void mg_error_print(const struct mg_error *err)
{
	char buf[1600];

	mg_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "mlgate: %s\n", buf);
}

void mg_diags_init(struct mg_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void mg_diags_release(struct mg_diags *d)
{
	free(d->v);
	mg_diags_init(d);
}

void mg_diags_add(struct mg_diags *d, const struct mg_error *e)
{
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	d->v[d->n++] = *e;
	if (e->code > d->max_code)
		d->max_code = e->code;
}

int mg_diag(struct mg_diags *d, int code, const char *file, int line, int col,
	    const char *fmt, ...)
{
	struct mg_error e;
	va_list ap;

	va_start(ap, fmt);
	mg_verrorf(&e, code, file, line, col, fmt, ap);
	va_end(ap);
	mg_diags_add(d, &e);
	return -1;
}

void mg_diags_print(const struct mg_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		mg_error_print(&d->v[i]);
}

static void oom(void)
{
	fputs("mlgate: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return sbuf_detach(&sb);
}

void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 8)
		c = 8;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			oom();
		c *= 2;
	}
	if (c > SIZE_MAX / size)
		oom();
	*cap = c;
	return xrealloc(p, c * size);
}

void sbuf_init(struct sbuf *sb, size_t max)
{
	memset(sb, 0, sizeof(*sb));
	sb->max = max;
}

void sbuf_release(struct sbuf *sb)
{
	free(sb->buf);
	sbuf_init(sb, sb->max);
}

void sbuf_add(struct sbuf *sb, const void *data, size_t n)
{
	if (sb->toobig)
		return;
	if (sb->max && (n > sb->max || sb->len > sb->max - n)) {
		sb->toobig = 1;
		return;
	}
	sb->buf = xgrow(sb->buf, &sb->cap, sb->len + n + 1, 1);
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sbuf_adds(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void sbuf_addc(struct sbuf *sb, char c)
{
	sbuf_add(sb, &c, 1);
}

void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sbuf_add(sb, small, (size_t)n);
	} else {
		char *big = xmalloc((size_t)n + 1);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		sbuf_add(sb, big, (size_t)n);
		free(big);
	}
}

void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

const char *sbuf_str(const struct sbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *sbuf_detach(struct sbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return s;
}

char *mg_read_file(const char *path, size_t max, size_t *len,
		   struct mg_error *err)
{
	struct sbuf sb;
	char chunk[65536];
	int fd, is_stdin = strcmp(path, "-") == 0;
	struct stat st;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0) {
		mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "cannot open: %s",
			  strerror(errno));
		return NULL;
	}
	if (!is_stdin && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
			  "is a directory, not a file");
		return NULL;
	}
	sbuf_init(&sb, max);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				  "read error: %s", strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		sbuf_add(&sb, chunk, (size_t)n);
		if (sb.toobig) {
			mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				  "file is larger than the limit of %zu bytes",
				  max);
			if (err)
				err->kind = MG_ERR_TOO_LARGE;
			goto fail;
		}
	}
	if (!is_stdin)
		close(fd);
	if (len)
		*len = sb.len;
	return sbuf_detach(&sb);
fail:
	if (!is_stdin)
		close(fd);
	sbuf_release(&sb);
	return NULL;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write to a target that must not be replaced: standard output or error
 * named by path (/dev/stdout), a FIFO, a device. */
static int write_in_place(int fd, const char *path, const char *data,
			  size_t len, struct mg_error *err)
{
	int own = fd < 0, saved;

	if (fd == STDOUT_FILENO)
		fflush(stdout);
	if (own)
		fd = open(path, O_WRONLY);
	if (fd < 0 || write_all(fd, data, len) < 0) {
		saved = errno;
		if (own && fd >= 0)
			close(fd);
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "cannot write: %s",
				 strerror(saved ? saved : EIO));
	}
	if (own && close(fd) < 0)
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "cannot write: %s",
				 strerror(errno));
	return 0;
}

int mg_write_file_atomic(const char *path, const char *data, size_t len,
			 struct mg_error *err)
{
	const char *target = path;
	char *tmp, *real = NULL;
	int fd, saved;
	struct stat st, lst, so;

	if (strcmp(path, "-") == 0) {
		fflush(stdout);
		if (write_all(STDOUT_FILENO, data, len) < 0)
			return mg_errorf(err, MG_EXIT_INPUT, "<stdout>", 0, 0,
					 "write error: %s", strerror(errno));
		return 0;
	}
	/* Renaming over /dev/stdout, a FIFO or a device would replace the
	 * node (as root, /dev/stdout itself) and the report would be lost:
	 * those are written in place.  A symlink to a file is followed, so
	 * that the file it names is the one replaced. */
	if (stat(path, &st) == 0) {
		for (int std = STDOUT_FILENO; std <= STDERR_FILENO; std++)
			if (fstat(std, &so) == 0 && so.st_dev == st.st_dev &&
			    so.st_ino == st.st_ino)
				return write_in_place(std, path, data, len, err);
		if (S_ISDIR(st.st_mode))
			return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
					 "cannot write: is a directory");
		if (!S_ISREG(st.st_mode))
			return write_in_place(-1, path, data, len, err);
		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) &&
		    (real = realpath(path, NULL)))
			target = real;
	}
	tmp = xasprintf("%s.tmp.XXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		free(real);
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "cannot write: %s", strerror(saved));
	}
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		saved = errno;
		goto fail;
	}
	/* mkstemp creates 0600; a report is an ordinary file. */
	{
		mode_t mask = umask(0);
		umask(mask);
		chmod(tmp, 0666 & ~mask);
	}
	if (rename(tmp, target) < 0) {
		saved = errno;
		goto fail;
	}
	free(tmp);
	free(real);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	free(real);
	return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "cannot write: %s",
			 strerror(saved ? saved : EIO));
}

char *mg_path_relative_to(const char *base_file, const char *path)
{
	const char *slash;

	if (path[0] == '/' || strcmp(path, "-") == 0 || !base_file ||
	    strcmp(base_file, "-") == 0)
		return xstrdup(path);
	slash = strrchr(base_file, '/');
	if (!slash)
		return xstrdup(path);
	return xasprintf("%.*s/%s", (int)(slash - base_file), base_file, path);
}

void mg_fmt_double(char *buf, size_t size, double v)
{
	if (isnan(v)) {
		snprintf(buf, size, "nan");
		return;
	}
	if (isinf(v)) {
		snprintf(buf, size, v > 0 ? "inf" : "-inf");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

size_t mg_edit_distance(const char *a, const char *b)
{
	/* optimal string alignment: insertions, deletions, substitutions and
	 * transpositions of neighbours ("mni" -> "min") each cost 1 */
	size_t la = strlen(a), lb = strlen(b), w = lb + 1, result;
	size_t *d;

	if (la > 256 || lb > 256)
		return (size_t)-1;
	d = xmalloc((la + 1) * w * sizeof(*d));
	for (size_t i = 0; i <= la; i++)
		d[i * w] = i;
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t best = d[(i - 1) * w + j - 1] + cost;
			if (d[(i - 1) * w + j] + 1 < best)
				best = d[(i - 1) * w + j] + 1;
			if (d[i * w + j - 1] + 1 < best)
				best = d[i * w + j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[(i - 2) * w + j - 2] + 1 < best)
				best = d[(i - 2) * w + j - 2] + 1;
			d[i * w + j] = best;
		}
	}
	result = d[la * w + lb];
	free(d);
	return result;
}

const char *mg_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	size_t limit = strlen(word) <= 4 ? 1 : strlen(word) / 3 + 1;

	for (size_t i = 0; candidates[i]; i++) {
		size_t d = mg_edit_distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best && best_d <= limit ? best : NULL;
}

int mg_glob_match(const char *p, const char *s)
{
	const char *star = NULL, *retry = NULL;

	while (*s) {
		if (*p == '*') {
			star = p++;
			retry = s;
		} else if (*p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++retry;
		} else {
			return 0;
		}
	}
	while (*p == '*')
		p++;
	return *p == '\0';
}

double mg_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int mg_parse_double(const char *s, size_t n, double *out)
{
	char small[64], *buf, *end;
	size_t i = 0, digits = 0;
	double v;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp_digits = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, exp_digits++;
		if (!exp_digits)
			return -1;
	}
	if (i != n)
		return -1;
	buf = n < sizeof(small) ? small : xmalloc(n + 1);
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = strtod(buf, &end);
	if (buf != small)
		free(buf);
	if (!isfinite(v))
		return -1;
	*out = v;
	return 0;
}
