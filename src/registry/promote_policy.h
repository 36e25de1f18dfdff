/* promote_policy: the parsed forms of `promote:` and of `baseline:
 * {mlflow: ...}`.  promote.c builds and frees them; promote_run.c reads
 * them.  Values hold ${VAR}s expanded; the *_raw fields keep the text as
 * written, the only form either module shows. */
#ifndef MLGATE_PROMOTE_POLICY_H
#define MLGATE_PROMOTE_POLICY_H

#include <stddef.h>

#include "core/policy.h"

struct tag {
	char *key, *value;
};

struct header {
	char *name, *value, *raw;
	int sensitive;
};

struct promote_policy {
	double timeout_s, connect_timeout_s, backoff_s;
	int retries;
	/* mlflow: */
	int has_mlflow;
	char *tracking_uri; /* NULL: $MLFLOW_TRACKING_URI */
	char *model, *version, *alias, *stage;
	/* how `version` is chosen: as written (digits), the newest version
	 * (`latest`), the version an alias points at (models:/NAME@ALIAS), or
	 * a new version registered from the gated run (`register`) */
	enum { PV_NUMBER, PV_LATEST, PV_ALIAS, PV_REGISTER } version_kind;
	char *from_alias;           /* PV_ALIAS */
	char *artifact_path;        /* PV_REGISTER: the run's model artifact */
	double wait_s;              /* PV_REGISTER: longest wait while PENDING_REGISTRATION */
	int archive_existing;
	struct tag *tags;
	size_t ntags;
	/* webhook: */
	int has_webhook;
	char *wh_url, *wh_url_raw, *wh_method, *wh_body, *wh_body_raw;
	struct header *wh_headers;
	size_t nwh_headers;
	long *wh_expect;
	size_t nwh_expect;
	int wh_idempotent;
	/* the first ${VAR} under `promote:` that is not set, as a message
	 * ("environment variable 'X' is not set (policy.yml:9:14)"), or NULL:
	 * it fails promotion when promotion runs, never a check without it */
	char *unset;
};

struct registry_baseline {
	char *model, *alias, *tracking_uri;
	char *version;          /* or a version: digits, or "latest" */
	int if_missing_skip;    /* `if_missing: skip`: no such alias/version yet
				 * (a first promotion) skips the baseline gates */
	int line, col;
	char *compared_version; /* set when the baseline was read */
	int missing;            /* the run found no such alias/version (skipped) */
};

/* `metrics: {mlflow: ...}`: which run's metrics are gated -- one run by
 * id, a model version's run (version or alias), or the best run of an
 * experiment as search_runs picks it. */
struct registry_metrics {
	char *tracking_uri;
	char *run_id;
	char *model, *version, *alias;
	char *experiment, *order_by, *filter;
	int line, col;
};

/* The policy's parsed `promote:` / registry baseline, or NULL. */
const struct promote_policy *promote_policy_of(const struct policy *p);
/* (not const: the run notes which version it compared with) */
struct registry_baseline *promote_baseline_of(const struct policy *p);
const struct registry_metrics *promote_metrics_of(const struct policy *p);

#endif
