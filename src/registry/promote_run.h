/* promote_run: the registry baseline and the promotion sequence after a
 * pass (SPEC section 9), from the parsed forms promote.c owns.  It prints
 * nothing: warnings and the dry-run plan come back as text. */
#ifndef MLGATE_PROMOTE_RUN_H
#define MLGATE_PROMOTE_RUN_H

#include "common/util.h"
#include "core/outcome.h"
#include "core/policy.h"

struct jval;

/* Fetch the baseline metrics from the registry as a JSON document.  A
 * warning about the registry settings is added to `warnings` (one line,
 * each at most once).  The tracking URI is the baseline's, else
 * promote.mlflow's, else $MLFLOW_TRACKING_URI.  When the alias or version
 * does not exist and the policy says `if_missing: skip`, NULL with *skip
 * set to why (caller frees) and err untouched. */
struct jval *promote_run_baseline(const struct policy *p, struct sbuf *warnings,
				  char **skip, struct mg_error *err);

/* Where registry metrics came from (each malloc'd, or NULL). */
struct metrics_origin {
	char *run_id, *experiment_id, *how;
};

/* Fetch the candidate's metrics (`metrics: {mlflow: ...}`): the latest
 * value of each metric of the run, as a JSON object document.  The
 * tracking URI is the section's, else promote.mlflow's, else
 * $MLFLOW_TRACKING_URI. */
struct jval *promote_run_metrics(const struct policy *p, struct sbuf *warnings,
				 struct metrics_origin *o, struct mg_error *err);

/* Promote after a pass.  Fills `out` (ok, message, details); returns 0
 * when promotion succeeded, -1 when it failed.  `dry_run` adds the requests
 * to `plan` instead of sending them; warnings go to `warnings` as above. */
int promote_run(const struct policy *p, const struct run_result *r,
		int dry_run, struct sbuf *plan, struct sbuf *warnings,
		struct promotion_result *out);

#endif
