/* predictions_section: the `predictions:` section (section.h) -- gates on
 * metrics of a predictions file read with predictions.h.  It owns its
 * parsed form and the gates it appends. */
#ifndef MLGATE_PREDICTIONS_SECTION_H
#define MLGATE_PREDICTIONS_SECTION_H

#include "core/section.h"

extern const struct section_ops predictions_section;

#endif
