/* sections: the policy sections parsed and evaluated by their own modules.
 * Each parse function validates its subtree of the policy (reporting into
 * c->d), stores its parsed form in c->p and adds its gate count to
 * c->p->ngates.  Each evaluate function appends gate results; it returns -1
 * only for a failure that stops the whole run (err set), while a gate that
 * cannot be evaluated is recorded as a gate with status error. */
#ifndef MLGATE_SECTIONS_H
#define MLGATE_SECTIONS_H

#include "core/gate.h"
#include "core/policy.h"

struct jval;

/* data: (data.c) */
int data_policy_parse(struct pol_ctx *c, const struct ynode *n);
void data_policy_free(struct data_policy *dp);
int data_evaluate(const struct policy *p, struct gate_list *gates,
		  struct mg_error *err);

/* predictions: (predictions.c) */
int predictions_policy_parse(struct pol_ctx *c, const struct ynode *n);
void predictions_policy_free(struct predictions_policy *pp);
int predictions_evaluate(const struct policy *p, struct gate_list *gates,
			 struct mg_error *err);

/* artifacts: (artifacts.c) */
int artifacts_policy_parse(struct pol_ctx *c, const struct ynode *n);
void artifacts_policy_free(struct artifacts_policy *ap);
int artifacts_evaluate(const struct policy *p, struct gate_list *gates,
		       struct mg_error *err);

/* latency: (latency.c) */
int latency_policy_parse(struct pol_ctx *c, const struct ynode *n);
void latency_policy_free(struct latency_policy *lp);
int latency_evaluate(const struct policy *p, struct gate_list *gates,
		     struct mg_error *err);

/* promote: and baseline: {mlflow: ...} (promote.c) */
int promote_policy_parse(struct pol_ctx *c, const struct ynode *n);
void promote_policy_free(struct promote_policy *pp);
int registry_baseline_parse(struct pol_ctx *c, const struct ynode *n);
void registry_baseline_free(struct registry_baseline *rb);
/* Fetch the baseline metrics from the registry as a JSON document. */
struct jval *registry_baseline_load(const struct policy *p, struct mg_error *err);

struct run_result;
struct promotion_result;
/* Promote after a pass (cmd_check only calls it then).  Fills `out`
 * (ok, message, details); returns 0 when promotion succeeded, -1 when it
 * failed (exit 4).  `dry_run` prints the requests instead of sending them. */
int promote_run(const struct policy *p, const struct run_result *r,
		int dry_run, struct promotion_result *out);
/* Does the policy promote at all? */
int promote_configured(const struct policy *p);

#endif
