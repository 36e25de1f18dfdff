#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include "common/util.h"

#include "common/escape.h"
#include "common/trust.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
	struct sbuf out = SBUF_INIT, clean = SBUF_INIT;

	mg_error_format(err, buf, sizeof(buf));
	/* messages quote file names and values from the input: no control,
	 * C1 or bidi character reaches the terminal or the CI log, and no
	 * credential of the environment */
	trust_scrub(&clean, buf, strlen(buf));
	esc_terminal(&out, sbuf_str(&clean), clean.len);
	fprintf(stderr, "mlgate: %s\n", sbuf_str(&out));
	sbuf_release(&out);
	sbuf_release(&clean);
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

/* Temporary files being written, removed when the process dies early (a
 * signal, out of memory) so that no complete-looking report is left beside
 * the real one.  Slots hold heap strings owned by the writer; the handler
 * only reads them and calls unlink, which is async-signal-safe. */
#define TEMP_SLOTS 16
static const char *volatile temp_paths[TEMP_SLOTS];

static void temp_unlink_all(void)
{
	for (size_t i = 0; i < TEMP_SLOTS; i++) {
		const char *p = temp_paths[i];
		if (p)
			unlink(p);
	}
}

static void on_fatal_signal(int sig)
{
	temp_unlink_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void temp_handlers_install(void)
{
	static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
	static int done;
	struct sigaction sa;

	if (done)
		return;
	done = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;
		/* an ignored signal stays ignored (nohup) */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static int temp_register(const char *path)
{
	for (int i = 0; i < TEMP_SLOTS; i++)
		if (!temp_paths[i]) {
			temp_paths[i] = path;
			return i;
		}
	return -1;
}

static void temp_unregister(int slot)
{
	if (slot >= 0)
		temp_paths[slot] = NULL;
}

/* Out of memory: exit 3 with the size asked for.  _exit, not exit: stdio
 * buffers may hold half a report, and a half report must not be flushed. */
__attribute__((noreturn)) static void oom(size_t n)
{
	char msg[96];
	int len;

	temp_unlink_all();
	len = snprintf(msg, sizeof(msg), "mlgate: out of memory (%zu bytes)\n", n);
	if (len > 0 && write(STDERR_FILENO, msg, (size_t)len) < 0)
		len = 0; /* nothing else can be done */
	_exit(MG_EXIT_INPUT);
}

void xoom(size_t n)
{
	oom(n);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(size && n > SIZE_MAX / size ? SIZE_MAX : n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
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
			oom(SIZE_MAX);
		c *= 2;
	}
	if (c > SIZE_MAX / size)
		oom(SIZE_MAX);
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

	/* O_NONBLOCK: opening a FIFO with no writer must not hang; the type
	 * is checked before anything is read, then reads block as usual */
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "cannot open: %s",
			  strerror(errno));
		return NULL;
	}
	if (!is_stdin) {
		const char *kind = NULL;
		int fl;

		if (fstat(fd, &st) < 0)
			kind = "cannot be examined";
		else if (S_ISDIR(st.st_mode))
			kind = "is a directory, not a file";
		else if (S_ISFIFO(st.st_mode))
			kind = "is a FIFO (named pipe), not a regular file: "
			       "pass '-' to read standard input";
		else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
			kind = "is a device, not a regular file";
		else if (!S_ISREG(st.st_mode))
			kind = "is not a regular file";
		if (kind) {
			close(fd);
			mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "%s", kind);
			return NULL;
		}
		fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
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

/* The descriptor of our standard output or error that `st` is, or -1. */
static int std_stream_of(const struct stat *st)
{
	struct stat so;

	for (int std = STDOUT_FILENO; std <= STDERR_FILENO; std++)
		if (fstat(std, &so) == 0 && so.st_dev == st->st_dev &&
		    so.st_ino == st->st_ino)
			return std;
	return -1;
}

static int write_atomic(const char *path, const char *data, size_t len,
			struct mg_error *err)
{
	char *tmp;
	int fd, saved, slot, is_link;
	mode_t mode;
	struct stat st, lst;

	if (strcmp(path, "-") == 0) {
		fflush(stdout);
		if (write_all(STDOUT_FILENO, data, len) < 0)
			return mg_errorf(err, MG_EXIT_INPUT, "<stdout>", 0, 0,
					 "write error: %s", strerror(errno));
		return 0;
	}
	/* Renaming over /dev/stdout, a FIFO or a device would replace the
	 * node (as root, /dev/stdout itself) and the report would be lost:
	 * those are written in place.  Any other symlink is replaced, never
	 * followed: a link committed to a repository must not send the
	 * report over a file elsewhere. */
	is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
	{
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (stat(path, &st) == 0) {
		int std = std_stream_of(&st);
		if (std >= 0)
			return write_in_place(std, path, data, len, err);
		if (!is_link) {
			if (S_ISDIR(st.st_mode))
				return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
						 "cannot write: is a directory");
			if (!S_ISREG(st.st_mode))
				return write_in_place(-1, path, data, len, err);
			/* the file keeps its mode: a 0600 report stays 0600 */
			mode = st.st_mode & 0777;
		}
	}
	tmp = xasprintf("%s.tmp.XXXXXX", path);
	temp_handlers_install();
	{
		/* no signal between creating the file and registering it */
		sigset_t all, old;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, &old);
		fd = mkstemp(tmp);
		saved = errno;
		slot = fd >= 0 ? temp_register(tmp) : -1;
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (fd < 0) {
		free(tmp);
		return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0,
				 "cannot write: %s", strerror(saved));
	}
	saved = 0;
	/* mkstemp creates 0600: set the mode before any byte is written */
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		saved = errno;
		goto fail;
	}
	temp_unregister(slot);
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	temp_unregister(slot);
	free(tmp);
	return mg_errorf(err, MG_EXIT_INPUT, path, 0, 0, "cannot write: %s",
			 strerror(saved ? saved : EIO));
}

int mg_write_file_atomic(const char *path, const char *data, size_t len,
			 struct mg_error *err)
{
	struct sbuf clean = SBUF_INIT;
	size_t nsecrets;
	int rc;

	/* no report may carry a credential of the job's environment */
	trust_secrets(&nsecrets);
	if (!nsecrets)
		return write_atomic(path, data, len, err);
	trust_scrub(&clean, data, len);
	rc = write_atomic(path, sbuf_str(&clean), clean.len, err);
	sbuf_release(&clean);
	return rc;
}

/* Where a report written to `path` lands: the node that would be replaced
 * (the link itself for a symlink), or the directory and name it would be
 * created under. */
struct out_id {
	int exists, in_place;
	dev_t dev;
	ino_t ino;
	dev_t dir_dev;
	ino_t dir_ino;
	const char *base;
	size_t base_len;
};

static int out_identify(const char *path, struct out_id *id, struct mg_error *err)
{
	struct stat st, lst, dst;
	const char *slash = strrchr(path, '/');
	char *dir;

	memset(id, 0, sizeof(*id));
	if (lstat(path, &lst) == 0) {
		id->exists = 1;
		id->dev = lst.st_dev;
		id->ino = lst.st_ino;
		if (stat(path, &st) == 0) {
			if (std_stream_of(&st) >= 0 ||
			    (!S_ISLNK(lst.st_mode) && !S_ISREG(st.st_mode) &&
			     !S_ISDIR(st.st_mode))) {
				id->in_place = 1;
				return 0;
			}
			if (!S_ISLNK(lst.st_mode) && S_ISDIR(st.st_mode))
				return mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
						 "cannot write a report here: it is a directory");
		}
	} else if (errno != ENOENT) {
		return mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
				 "cannot write a report here: %s", strerror(errno));
	}
	if (slash && slash[1] == '\0')
		return mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
				 "cannot write a report here: it names a directory");
	dir = slash ? (slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path)))
		    : xstrdup(".");
	id->base = slash ? slash + 1 : path;
	id->base_len = strlen(id->base);
	if (stat(dir, &dst) < 0 || !S_ISDIR(dst.st_mode)) {
		const char *why = errno == ENOENT ? "does not exist" : strerror(errno);
		if (stat(dir, &dst) == 0)
			why = "is not a directory";
		mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
			  "cannot write a report here: directory '%s' %s", dir, why);
		free(dir);
		return -1;
	}
	/* the report is a new file renamed into the directory */
	if (access(dir, W_OK | X_OK) < 0) {
		mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
			  "cannot write a report here: directory '%s' is not writable", dir);
		free(dir);
		return -1;
	}
	free(dir);
	id->dir_dev = dst.st_dev;
	id->dir_ino = dst.st_ino;
	return 0;
}

int mg_check_outputs(const char *const *outs, size_t n,
		     const char *const *inputs, size_t ni, struct mg_error *err)
{
	struct out_id *ids;
	int rc = -1;

	if (n == 0)
		return 0;
	ids = xcalloc(n, sizeof(*ids));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(outs[i], "-") == 0) {
			ids[i].in_place = 1;
			continue;
		}
		if (out_identify(outs[i], &ids[i], err) < 0)
			goto out;
		if (ids[i].in_place)
			continue;
		for (size_t k = 0; k < ni && ids[i].exists; k++) {
			struct stat st, lst;
			int same;

			if (!inputs[k] || strcmp(inputs[k], "-") == 0)
				continue;
			/* the input as named, and the file it leads to */
			same = (lstat(inputs[k], &lst) == 0 && lst.st_dev == ids[i].dev &&
				lst.st_ino == ids[i].ino) ||
			       (stat(inputs[k], &st) == 0 && st.st_dev == ids[i].dev &&
				st.st_ino == ids[i].ino);
			if (same) {
				mg_errorf(err, MG_EXIT_USAGE, outs[i], 0, 0,
					  "the report would replace the input '%s': "
					  "write the report to another file", inputs[k]);
				goto out;
			}
		}
		for (size_t j = 0; j < i; j++) {
			int same;

			if (ids[j].in_place)
				continue;
			same = (ids[i].exists && ids[j].exists && ids[i].dev == ids[j].dev &&
				ids[i].ino == ids[j].ino) ||
			       (ids[i].dir_dev == ids[j].dir_dev &&
				ids[i].dir_ino == ids[j].dir_ino &&
				ids[i].base_len == ids[j].base_len &&
				memcmp(ids[i].base, ids[j].base, ids[i].base_len) == 0);
			if (same) {
				mg_errorf(err, MG_EXIT_USAGE, outs[i], 0, 0,
					  "two reports would write the same file ('%s' and '%s')",
					  outs[j], outs[i]);
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(ids);
	return rc;
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

const char *mg_did_you_mean(char *buf, size_t size, const char *hint,
			    const char *otherwise)
{
	if (!hint)
		return otherwise;
	snprintf(buf, size, " (did you mean '%s'?)", hint);
	return buf;
}

int mg_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Leftmost occurrence of seg (m bytes) in s[from, to), by Knuth-Morris-
 * Pratt: at most 2(to - from) + 2m comparisons, whatever the text.  Returns
 * the index just past it, or (size_t)-1.  `fail` has room for m entries. */
static size_t kmp_find(const char *seg, size_t m, size_t *fail, const char *s,
		       size_t from, size_t to, size_t *steps)
{
	size_t k = 0;

	fail[0] = 0;
	for (size_t i = 1; i < m; i++) {
		while (k > 0 && seg[i] != seg[k])
			k = fail[k - 1], (*steps)++;
		(*steps)++;
		if (seg[i] == seg[k])
			k++;
		fail[i] = k;
	}
	k = 0;
	for (size_t i = from; i < to; i++) {
		while (k > 0 && s[i] != seg[k])
			k = fail[k - 1], (*steps)++;
		(*steps)++;
		if (s[i] == seg[k] && ++k == m)
			return i + 1;
	}
	return (size_t)-1;
}

/* Stars split the pattern into literal pieces: the first must be a prefix,
 * the last a suffix, and the middle ones occur in order between them.
 * Taking each middle piece at its leftmost occurrence is never wrong (what
 * is left for the others only grows), so there is no backtracking and the
 * cost is linear in the lengths of pattern and subject. */
int mg_glob_match_steps(const char *p, const char *s, size_t *steps)
{
	size_t np = strlen(p), ns = strlen(s), head, tail, pos, end, dummy = 0;
	size_t small[64], *fail = small, cap = sizeof(small) / sizeof(small[0]);
	const char *last;
	int rc = 1;

	if (!steps)
		steps = &dummy;
	head = strcspn(p, "*");
	if (head == np) {
		*steps += np < ns ? np : ns;
		return np == ns && memcmp(p, s, np) == 0;
	}
	last = strrchr(p, '*');
	tail = np - (size_t)(last - p) - 1;
	*steps += head + tail;
	if (head + tail > ns || memcmp(p, s, head) != 0 ||
	    memcmp(last + 1, s + ns - tail, tail) != 0)
		return 0;
	pos = head;
	end = ns - tail;
	for (const char *q = p + head + 1; q < last;) {
		size_t m = strcspn(q, "*");
		if (m) {
			if (m > cap) {
				if (fail != small)
					free(fail);
				fail = xmalloc(m * sizeof(*fail));
				cap = m;
			}
			pos = kmp_find(q, m, fail, s, pos, end, steps);
			if (pos == (size_t)-1) {
				rc = 0;
				break;
			}
		}
		q += m + 1;
	}
	if (fail != small)
		free(fail);
	return rc;
}

int mg_glob_match(const char *pattern, const char *s)
{
	return mg_glob_match_steps(pattern, s, NULL);
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

int mg_parse_bool(const char *s)
{
	static const char *const yes[] = {"true", "1"}, *const no[] = {"false", "0"};

	for (size_t i = 0; i < 2; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}
