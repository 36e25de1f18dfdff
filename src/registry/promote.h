/* promote: the `promote:` section and `baseline: {mlflow: ...}` (SPEC
 * sections 4 and 9).  sections.h declares the seam; this header adds what
 * the promote command needs beyond it. */
#ifndef MLGATE_PROMOTE_H
#define MLGATE_PROMOTE_H

#include <stdio.h>

#include "core/sections.h"

/* promote_run, with the dry-run plan printed to `plan` (promote_run
 * prints it to stderr, since stdout carries the reports of `check`). */
int promote_run_to(const struct policy *p, const struct run_result *r,
		   int dry_run, FILE *plan, struct promotion_result *out);

#endif
