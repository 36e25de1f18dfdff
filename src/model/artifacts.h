/* artifacts: the size of a model file or directory (the `artifacts:` policy
 * section, SPEC section 4).  A directory's size is the total of the regular
 * files below it; symbolic links are followed (model caches such as Hugging
 * Face's are trees of links) with loop detection, each file counted once. */
#ifndef MLGATE_ARTIFACTS_H
#define MLGATE_ARTIFACTS_H

#include <stdint.h>

#include "common/util.h"
#include "core/section.h"

#define ARTIFACT_MAX_DEPTH 64

struct artifact_size {
	uint64_t bytes;
	uint64_t files;      /* distinct regular files counted */
	uint64_t dirs;       /* directories walked (0 for a file) */
	int is_dir;
};

/* Measure `path`.  0 and *out, or -1 with err (code 3): the path does not
 * exist, is a symlink loop or a dangling link, a directory cannot be read,
 * or the tree is deeper than ARTIFACT_MAX_DEPTH. */
int artifact_measure(const char *path, struct artifact_size *out,
		     struct mg_error *err);

/* The `artifacts:` section: one size gate per threshold of each entry. */
extern const struct section_ops artifacts_section;

#endif
