/* data: the `data:` policy section -- per-dataset row counts, null ratios,
 * schema, column checks and drift against a reference.  It owns the parsed
 * datasets and the gates it appends; profiling and drift live in their own
 * modules below it. */
#ifndef MLGATE_DATA_H
#define MLGATE_DATA_H

#include "core/section.h"

extern const struct section_ops data_section;

#endif
