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

/* The longest number rep_people writes, with its NUL. */
#define REP_NUM_MAX 32

/* Numbers for people that never misread: each of the `n` numbers in `v`
 * with `digits` significant digits (all the digits of an integer part up
 * to 1e15, never an exponent there), or with as many more as it takes,
 * the same for all, up to the 17 that read back exactly, for every two
 * finite numbers to compare once printed as they do exactly: numbers that
 * differ never look equal or the wrong way round, so whatever operator a
 * message shows between two of them stays true; equal numbers print
 * alike.  NaN is "nan", the infinities "inf" and "-inf" (as mg_fmt_double
 * writes them).  Returns the significant digits used. */
int rep_people(const double *v, size_t n, int digits, char (*out)[REP_NUM_MAX]);

/* g's message for people, appended to `out`.  Where the message shows the
 * gate's value, threshold and baseline as mg_fmt_double, "%.4g" or "%.6g"
 * render them (the value: the first such number; the threshold: one after
 * it that follows an operator, as in ">= 0.85", "> max 50", "< warn min
 * 0.9"; the baseline: one after the value), they become rep_people's forms
 * of the three with 4 digits, so each keeps its side of the others; the
 * value minus the baseline, written "%+.6g", becomes "%+.4g".  A message
 * whose value is not found there, or a gate whose value is not finite, is
 * appended unchanged.  The gate keeps its message: the machine reports
 * show every digit. */
void rep_people_message(struct sbuf *out, const struct gate_result *g);

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
