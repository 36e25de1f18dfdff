/* outcome: the result of one run (`check` or `promote`) as plain structs.
 * The run core fills them; reporters and the registry only read them, so
 * neither needs the other's headers. */
#ifndef MLGATE_OUTCOME_H
#define MLGATE_OUTCOME_H

#include "core/gate.h"

struct promotion_result {
	int requested;  /* the policy promotes and --no-promote was not given */
	int attempted;  /* gates passed, so promotion ran */
	int ok;
	int dry_run;
	char *message;  /* one line for people (never a secret) */
	char *details;  /* JSON array of {method, url, status, attempts, ...} or NULL */
	char *version;  /* the version acted on, once known (or NULL) */
	char *version_from; /* how it was chosen: "policy", "latest", "alias 'a'",
			     * "registered", "reused" (or NULL) */
	char *warning;  /* one line about the promotion for the report (a stage
			 * is deprecated ...), or NULL */
};

struct run_result {
	const char *policy_path;
	const char *policy_name;
	const struct gate_list *gates;
	struct gate_summary summary;
	const char *status; /* pass | fail | error */
	int exit_code;
	double duration_ms;
	struct promotion_result promotion;
	/* The evidence a promotion is bound to (SPEC section 9): set when the
	 * policy promotes or its metrics come from MLflow (evidence = 1). */
	int evidence;
	char policy_sha256[65];
	char metrics_sha256[65];        /* "" when no metrics were read */
	const char *metrics_run_id;     /* the MLflow run gated, or NULL */
	const char *metrics_experiment; /* its experiment (id), or NULL */
	const char *metrics_origin;     /* how the run was chosen, or NULL */
};

#endif
