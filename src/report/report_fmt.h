/* report_fmt: helpers shared by the CI-facing reporters (junit, github,
 * markdown, codequality, sarif): gate order, gate groups, numbers for
 * people, stable fingerprints.  Escaping stays in escape.h. */
#ifndef MLGATE_REPORT_FMT_H
#define MLGATE_REPORT_FMT_H

#include "report/report.h"

/* Indices of the gates, most severe first (error, fail, warn, skip, waived, pass),
 * in policy order within a status.  Caller frees; NULL when there are none. */
size_t *rep_order(const struct gate_list *gl);

/* The group a gate belongs to: "data.<dataset>" for data gates, otherwise
 * the id up to its first dot ("model", "latency", "artifact", ...). */
void rep_group(struct sbuf *out, const struct gate_result *g);

/* A number for people: the shortest round-trip form when it is short,
 * otherwise 6 significant digits; non-finite as "n/a". */
void rep_num(char *buf, size_t size, double v);

/* The threshold as "op value" with ASCII operators (">= 0.85"), or "" when
 * the gate has none. */
void rep_threshold(char *buf, size_t size, const struct gate_result *g);

/* value - baseline with a sign ("+0.0011"), or "" when either is missing. */
void rep_delta(char *buf, size_t size, const struct gate_result *g);

/* The policy path as reports show it, relative to the workspace
 * ($GITHUB_WORKSPACE, else $CI_PROJECT_DIR) when one is set and holds it
 * (GitHub and GitLab place findings by repository-relative paths): an
 * absolute path made relative, a relative one prefixed with the working
 * directory's place in the workspace; "." and "dir/.." folded.  Otherwise
 * as given.  "-" (stdin) stays "-".  The string lives until the next call. */
const char *rep_policy(const struct run_result *r);

/* 1 when the policy was read from a file (not stdin), so a report can
 * point at it. */
int rep_policy_is_file(const struct run_result *r);

/* A fingerprint stable across runs: the SHA-256 (64 hex digits) of
 * "mlgate\0<policy path>\0<gate id>\0", followed by "#k" for the k-th
 * repetition of an id in one run (so repeated ids stay distinct). */
void rep_fingerprint(char out[65], const struct run_result *r, size_t gate_index);
/* The same for the one "promotion failed" result of a run. */
void rep_promotion_fingerprint(char out[65], const struct run_result *r);

#endif
