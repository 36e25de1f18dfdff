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
};

struct registry_baseline {
	char *model, *alias, *tracking_uri;
	int line, col;
	char *compared_version; /* set when the baseline was read */
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
