/* failio: an LD_PRELOAD shim that makes I/O calls fail, to prove mlgate
 * reports lost reads and writes instead of passing or leaving a truncated
 * report behind.  Controlled by the environment:
 *   FAILIO_CALLS=read,write,...  which calls may fail (default all of:
 *                                read (and pread) write fsync close rename
 *                                fopen fclose fflush open (and mkstemp))
 *   FAILIO_NTH=N                 fail the Nth matching call (1-based) and
 *                                every later one when FAILIO_STICKY=1
 *   FAILIO_PATH=GLOB             fail calls on paths matching GLOB (fnmatch;
 *                                for fds, the path the fd was opened with)
 *   FAILIO_ERRNO=NAME            EIO (default), ENOSPC, EACCES, EINTR-less
 *                                names only
 *   FAILIO_LOG=1                 print each injected failure to stderr
 *   FAILIO_SIGNAL=TERM|INT       instead of failing the chosen call, send
 *                                the process that signal just before it
 *   FAILIO_MALLOC_OVER=N         malloc, calloc and realloc of more than N
 *                                bytes return NULL (ENOMEM); only in the
 *                                shim built with -DFAILIO_MALLOC (failmem.so),
 *                                since a sanitizer runtime must own malloc
 *   FAILIO_SHOW_LIMITS=1         at exit, print "failio: dumpable=D core=C"
 *                                (prctl PR_GET_DUMPABLE, RLIMIT_CORE soft)
 * With neither NTH nor PATH set, nothing fails.  Only descriptors >= 3 and
 * files opened by name are candidates, except write on stdout/stderr when
 * FAILIO_STDOUT=1 (write(1) fails like a full disk). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXFD 1024

static char *fd_path[MAXFD];
static long ncalls;

static int enabled(const char *call)
{
	const char *list = getenv("FAILIO_CALLS");
	size_t n = strlen(call);

	if (!list || !*list)
		return 1;
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, call, n) == 0)
			return 1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

static int fail_errno(void)
{
	const char *e = getenv("FAILIO_ERRNO");

	if (!e || strcmp(e, "EIO") == 0)
		return EIO;
	if (strcmp(e, "ENOSPC") == 0)
		return ENOSPC;
	if (strcmp(e, "EACCES") == 0)
		return EACCES;
	if (strcmp(e, "EDQUOT") == 0)
		return EDQUOT;
	return EIO;
}

/* Should this call fail?  `path` may be NULL (unknown). */
static int should_fail(const char *call, const char *path)
{
	const char *nth = getenv("FAILIO_NTH"), *pat = getenv("FAILIO_PATH");
	int hit = 0;

	if (!enabled(call))
		return 0;
	if (pat && *pat) {
		if (!path || fnmatch(pat, path, 0) != 0)
			return 0;
		hit = !(nth && *nth);
	}
	if (nth && *nth) {
		long n = atol(nth);
		long k = ++ncalls;
		const char *sticky = getenv("FAILIO_STICKY");
		hit = k == n || (sticky && *sticky == '1' && k > n);
	}
	if (hit && getenv("FAILIO_SIGNAL")) {
		const char *sig = getenv("FAILIO_SIGNAL");
		raise(strcmp(sig, "INT") == 0 ? SIGINT : SIGTERM);
		return 0; /* the call goes ahead if the process lives on */
	}
	if (hit) {
		if (getenv("FAILIO_LOG"))
			fprintf(stderr, "failio: %s(%s) fails\n", call,
				path ? path : "?");
		errno = fail_errno();
	}
	return hit;
}

#define REAL(ret, name, args)                                                 \
	static ret(*real_##name) args;                                        \
	if (!real_##name)                                                     \
		*(void **)&real_##name = dlsym(RTLD_NEXT, #name)

static const char *path_of(int fd)
{
	return fd >= 0 && fd < MAXFD ? fd_path[fd] : NULL;
}

static void remember(int fd, const char *path)
{
	if (fd < 0 || fd >= MAXFD)
		return;
	free(fd_path[fd]);
	fd_path[fd] = path ? strdup(path) : NULL;
}

int open(const char *path, int flags, ...)
{
	REAL(int, open, (const char *, int, ...));
	mode_t mode = 0;
	int fd;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (should_fail("open", path))
		return -1;
	fd = real_open(path, flags, mode);
	remember(fd, path);
	return fd;
}

int open64(const char *path, int flags, ...)
{
	REAL(int, open64, (const char *, int, ...));
	mode_t mode = 0;
	int fd;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (should_fail("open", path))
		return -1;
	fd = real_open64(path, flags, mode);
	remember(fd, path);
	return fd;
}

int mkstemp(char *tmpl)
{
	REAL(int, mkstemp, (char *));
	int fd;

	if (should_fail("open", tmpl))
		return -1;
	fd = real_mkstemp(tmpl);
	remember(fd, tmpl);
	return fd;
}

int mkstemp64(char *tmpl)
{
	REAL(int, mkstemp64, (char *));
	int fd;

	if (should_fail("open", tmpl))
		return -1;
	fd = real_mkstemp64(tmpl);
	remember(fd, tmpl);
	return fd;
}

ssize_t read(int fd, void *buf, size_t n)
{
	REAL(ssize_t, read, (int, void *, size_t));
	if (fd > 2 && should_fail("read", path_of(fd)))
		return -1;
	return real_read(fd, buf, n);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	REAL(ssize_t, pread, (int, void *, size_t, off_t));
	if (fd > 2 && should_fail("read", path_of(fd)))
		return -1;
	return real_pread(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
	REAL(ssize_t, pread64, (int, void *, size_t, off_t));
	if (fd > 2 && should_fail("read", path_of(fd)))
		return -1;
	return real_pread64(fd, buf, n, off);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(ssize_t, write, (int, const void *, size_t));
	const char *so = getenv("FAILIO_STDOUT");

	if (fd == 1 && so && *so == '1') {
		errno = ENOSPC;
		return -1;
	}
	if (fd > 2 && should_fail("write", path_of(fd)))
		return -1;
	return real_write(fd, buf, n);
}

int fsync(int fd)
{
	REAL(int, fsync, (int));
	if (fd > 2 && should_fail("fsync", path_of(fd)))
		return -1;
	return real_fsync(fd);
}

int close(int fd)
{
	REAL(int, close, (int));
	int fail = fd > 2 && should_fail("close", path_of(fd));
	int rc;

	remember(fd, NULL);
	rc = real_close(fd); /* the descriptor is gone either way, as on Linux */
	if (fail) {
		errno = fail_errno();
		return -1;
	}
	return rc;
}

int rename(const char *from, const char *to)
{
	REAL(int, rename, (const char *, const char *));
	if (should_fail("rename", to))
		return -1;
	return real_rename(from, to);
}

FILE *fopen(const char *path, const char *mode)
{
	REAL(FILE *, fopen, (const char *, const char *));
	FILE *f;

	if (should_fail("fopen", path))
		return NULL;
	f = real_fopen(path, mode);
	if (f)
		remember(fileno(f), path);
	return f;
}

FILE *fopen64(const char *path, const char *mode)
{
	REAL(FILE *, fopen64, (const char *, const char *));
	FILE *f;

	if (should_fail("fopen", path))
		return NULL;
	f = real_fopen64(path, mode);
	if (f)
		remember(fileno(f), path);
	return f;
}

int fclose(FILE *f)
{
	REAL(int, fclose, (FILE *));
	int fd = fileno(f);
	int fail = fd > 2 && should_fail("fclose", path_of(fd));
	int rc;

	remember(fd, NULL);
	rc = real_fclose(f);
	if (fail) {
		errno = fail_errno();
		return EOF;
	}
	return rc;
}

int fflush(FILE *f)
{
	REAL(int, fflush, (FILE *));
	int fd = f ? fileno(f) : -1;

	if (fd > 2 && should_fail("fflush", path_of(fd)))
		return EOF;
	return real_fflush(f);
}

/* FAILIO_COUNT=1: print how many candidate calls were made (with FAILIO_NTH
 * set high so none fails), so a test can sweep every call number. */
__attribute__((destructor)) static void report_count(void)
{
	const char *c = getenv("FAILIO_COUNT");
	if (c && *c == '1')
		fprintf(stderr, "failio: %ld calls\n", ncalls);
}

#ifdef FAILIO_MALLOC
/* Allocation failures.  glibc's own entry points underneath, so that no
 * dlsym (which allocates) is needed. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static int too_big(size_t n)
{
	static long over = -2;

	if (over == -2) {
		const char *v = getenv("FAILIO_MALLOC_OVER");
		over = v && *v ? atol(v) : -1;
	}
	return over >= 0 && n > (size_t)over;
}

void *malloc(size_t n)
{
	if (too_big(n)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size) {
		errno = ENOMEM;
		return NULL;
	}
	if (too_big(n * size)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	if (too_big(n)) {
		errno = ENOMEM;
		return NULL;
	}
	return __libc_realloc(p, n);
}

#endif

__attribute__((destructor)) static void show_limits(void)
{
	struct rlimit rl;
	const char *v = getenv("FAILIO_SHOW_LIMITS");

	if (!v || *v != '1' || getrlimit(RLIMIT_CORE, &rl) != 0)
		return;
	fprintf(stderr, "failio: dumpable=%d core=%ld\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0),
		(long)rl.rlim_cur);
}
