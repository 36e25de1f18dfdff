/* trust: what the operator -- the command line and the job's environment,
 * never the policy -- decides about a run: whether the policy is untrusted,
 * which variables ${VAR} may read, which hosts may receive requests, which
 * folders the policy's paths may name, the probes' time budget, and which
 * values (credentials) no output may contain.  One process-wide setting,
 * filled by the command layer before the policy is loaded. */
#ifndef MLGATE_TRUST_H
#define MLGATE_TRUST_H

#include <stddef.h>

#include "common/util.h"

/* Default total time the latency probes of one run may take, seconds. */
#define TRUST_PROBE_BUDGET_S 300.0
/* Longest string value (a metric's, a data value, a column name) echoed
 * into a report or message, in bytes; longer ones are cut. */
#define TRUST_ECHO_MAX 64
/* Most values a message lists ("'a', 'b' and 312 more"). */
#define TRUST_ECHO_ITEMS 10

/* Append p[0..n) to out, cut to at most `max` bytes (at a UTF-8
 * character boundary) and followed by "... (N bytes cut)" when longer: a
 * value from the data or the metrics never floods a report, and a file
 * read by mistake shows its first bytes only. */
void trust_echo_max(struct sbuf *out, const char *p, size_t n, size_t max);
/* The same with TRUST_ECHO_MAX. */
void trust_echo(struct sbuf *out, const char *p, size_t n);
/* How many bytes of p[0..n) trust_echo shows (for a JSON string that
 * carries the cut count beside it). */
size_t trust_echo_len(const char *p, size_t n, size_t max);
/* One item of a list in a message: the *count-th (counted here); the
 * first TRUST_ECHO_ITEMS are appended as "'VALUE'" + tail (tail may be
 * NULL), separated by ", ". */
void trust_echo_item(struct sbuf *out, size_t *count, const char *s,
		     const char *tail);
/* After the last item: " and N more" when some were not shown. */
void trust_echo_more(struct sbuf *out, size_t count);

/* --untrusted-policy; also on when MLGATE_UNTRUSTED_POLICY is true. */
void trust_set_untrusted(int on);
int trust_untrusted(void);
/* --allow-host HOST[:PORT] (also MLGATE_ALLOWED_HOSTS, comma-separated). */
void trust_allow_host(const char *host);
/* --allow-path DIR (also MLGATE_ALLOWED_PATHS, colon-separated). */
void trust_allow_path(const char *dir);
/* --probe-budget SECONDS (> 0). */
void trust_set_probe_budget(double seconds);
double trust_probe_budget(void);
/* Forget every setting (tests). */
void trust_reset(void);

/* Is NAME a credential's name: it contains TOKEN, SECRET, PASSWORD, PASSWD,
 * KEY, CREDENTIAL or AUTH (ASCII case ignored), or it is an MLFLOW_TRACKING_*
 * variable other than MLFLOW_TRACKING_URI? */
int trust_is_credential(const char *name);
/* May ${NAME} read the environment?  The safe default list (doc/policy.md)
 * plus MLGATE_ALLOWED_ENV (comma-separated, `*` globs); a glob never
 * admits a credential, only its exact name does.  Never under
 * --untrusted-policy. */
int trust_env_allowed(const char *name);

/* May a policy send requests to the origin of `url` (scheme://host[:port]):
 * the origin of $MLFLOW_TRACKING_URI, or a host the operator allowed? */
int trust_url_allowed(const char *url);
/* The origin of `url` ("http://host:port", lower-cased, default port
 * made explicit) into buf; -1 when it is not an http(s) URL. */
int trust_origin(const char *url, char *buf, size_t size);

/* May the policy name `path` (as the policy resolved it)?  Its real path
 * (symlinks followed; for a path that does not exist yet, its nearest
 * existing parent's) must be under the working directory,
 * $GITHUB_WORKSPACE, $CI_PROJECT_DIR or an allowed folder.  0, or -1 with
 * the reason in `why`. */
int trust_confine(const char *path, char *why, size_t size);

/* Every file the policy named (trust_confine's callers note them), so that
 * no report is written over one. */
void trust_note_input(const char *path);
const char *const *trust_inputs(size_t *n);

/* The values of the environment's credential variables (8 bytes or
 * longer), gathered once; no output may contain them. */
const char *const *trust_secrets(size_t *n);
/* `s` with every credential value replaced by "***" (esc_scrub). */
void trust_scrub(struct sbuf *out, const char *s, size_t n);

#endif
