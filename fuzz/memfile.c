/* fuzz_memfile (fuzz.h): memfd-backed files for targets whose code under
 * test reads by path (profiles, gzip detection). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

const char *fuzz_memfile(int slot, const uint8_t *data, size_t size)
{
	static int fds[4] = {-1, -1, -1, -1};
	static char paths[4][64];

	if (slot < 0 || slot >= 4)
		abort();
	if (fds[slot] < 0) {
		fds[slot] = memfd_create("fuzz", 0);
		if (fds[slot] < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(paths[slot], sizeof(paths[slot]), "/proc/self/fd/%d",
			 fds[slot]);
	}
	if (ftruncate(fds[slot], 0) < 0 ||
	    (size && pwrite(fds[slot], data, size, 0) != (ssize_t)size)) {
		perror("memfile");
		abort();
	}
	return paths[slot];
}
