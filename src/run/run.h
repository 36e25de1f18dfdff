/* run: the one path from a loaded policy to a verdict, shared by `check`
 * and `promote` -- load the metrics and baseline the sections need,
 * evaluate every section, apply waivers, summarize, choose the exit code
 * and decide promotion, then promote.  It prints nothing: the command
 * prints what comes back (input errors, warnings, the dry-run plan) and
 * writes the reports.  The section table is in sections.c. */
#ifndef MLGATE_RUN_H
#define MLGATE_RUN_H

#include "common/util.h"
#include "core/gate.h"
#include "core/outcome.h"
#include "core/policy.h"
#include "core/section.h"

/* Every section mlgate knows, in evaluation order (sections.c). */
extern const struct section_table run_sections;

/* policy_load / policy_load_buffer with run_sections. */
struct policy *run_policy_load(const char *path, const struct policy_opts *o,
			       struct mg_diags *d);
struct policy *run_policy_load_buffer(const char *text, size_t len,
				      const char *name,
				      const struct policy_opts *o,
				      struct mg_diags *d);

struct run_opts {
	int fail_on_warn;   /* a warning fails the run (exit 1) */
	int warn_exit_code; /* the exit code of a run whose worst is a warning */
	int promote;        /* -1: when the policy promotes, 0: never, 1: asked */
	int dry_run;        /* promotion sends nothing, the plan says what */
	const char *from_report; /* `mlgate promote --from-report`: the gates
				  * of that passing JSON report, not evaluated */
	const char *today;  /* YYYY-MM-DD for waivers; NULL = mg_today() */
};

struct run {
	struct run_result result; /* what reporters read; gates = &gates */
	struct gate_list gates;
	struct mg_diags inputs;   /* inputs that could not be loaded */
	char **warnings;          /* registry warnings, each once, no prefix */
	size_t nwarnings;
	struct sbuf plan;         /* the dry-run requests, or empty */
	int exit_code;            /* the command's exit code: the reported
				   * one, or higher when a report was lost */
	double t0;
	/* the MLflow run the metrics came from (result points here) */
	char *origin_run_id, *origin_experiment, *origin_how;
};

void run_init(struct run *r);
void run_release(struct run *r);

/* Evaluate every section of `p` with the documents in `ctx` (metrics and
 * baseline already loaded, or NULL) and append the gates.  0, or -1 with
 * err when a section stopped the whole run. */
int run_evaluate(const struct policy *p, const struct eval_ctx *ctx,
		 struct gate_list *gates, struct mg_error *err);

/* Summarize `gates` into r: summary, status and exit code (SPEC section 3). */
void run_summarize(struct run_result *r, const struct gate_list *gates,
		   const struct run_opts *o);

/* Load, evaluate, apply waivers, summarize and decide promotion
 * (r->result.promotion.requested / attempted).  Returns the exit code so
 * far; when a section stops the whole run, that code with `err` set
 * (err->msg non-empty). */
int run_check(struct run *r, const struct policy *p, const struct run_opts *o,
	      struct mg_error *err);

/* Promote when run_check decided to; sets promotion ok / message /
 * details and, when it fails, exit code 4.  Returns the final exit code. */
int run_promote(struct run *r, const struct policy *p, const struct run_opts *o);

/* Every 'tracking_uri' of the policy names the origin of the operator's
 * MLFLOW_TRACKING_URI or an allowed host (trust.h).  0, or -1 with err
 * (code 2) at the URI's position. */
int run_check_origins(const struct policy *p, struct mg_error *err);

/* A report could not be written: the command's exit code becomes at
 * least 2 (the reports keep the code they show).  Returns it. */
int run_report_failed(struct run *r);

#endif
