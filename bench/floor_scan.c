/* The physical floor any CSV scanner is measured against (the memchr loop of
 * ../shared/bench/floor_scan.c, used when that folder is absent): read() in
 * 1 MiB chunks and count newlines and commas, one memchr per hit.
 * Usage: floor_scan FILE... */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t count_byte(const char *p, size_t n, int c)
{
	const char *end = p + n;
	size_t k = 0;
	while (p < end && (p = memchr(p, c, (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

int main(int argc, char **argv)
{
	char *buf = malloc(1 << 20);
	if (!buf || argc < 2) {
		fputs("usage: floor_scan FILE...\n", stderr);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		size_t bytes = 0, lines = 0, commas = 0;
		ssize_t n;
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			perror(argv[i]);
			return 1;
		}
		while ((n = read(fd, buf, 1 << 20)) > 0) {
			bytes += (size_t)n;
			lines += count_byte(buf, (size_t)n, '\n');
			commas += count_byte(buf, (size_t)n, ',');
		}
		close(fd);
		printf("%s: %zu bytes, %zu lines, %zu commas\n", argv[i], bytes, lines, commas);
	}
	free(buf);
	return 0;
}
