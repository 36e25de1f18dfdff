/* checkrun: a GitHub check run made from mlgate's JSON report (schema
 * version 1) -- its conclusion, title, Markdown summary and one annotation
 * per finding -- and the bodies of the requests that carry it, at most 50
 * annotations each (GitHub's cap per request).  No I/O: cmd_checkrun.c
 * sends the bodies, fuzz_checkrun.c feeds it hostile reports. */
#ifndef MLGATE_CHECKRUN_H
#define MLGATE_CHECKRUN_H

#include "core/outcome.h"

#define CHECKRUN_BATCH 50          /* annotations per request */
#define CHECKRUN_SUMMARY_MAX 65535 /* output.summary, characters (kept in bytes) */
#define CHECKRUN_TITLE_MAX 255     /* an annotation's title */
#define CHECKRUN_MESSAGE_MAX 4096  /* an annotation's message (GitHub: 64 KB) */

struct checkrun {
	/* the report, rebuilt as the run that wrote it (the reporters' input) */
	struct gate_list gates;
	struct run_result r;
	const char *conclusion; /* success | neutral | failure */
	char *title;            /* output.title */
	char *summary;          /* output.summary: the Markdown report */
	char **annotations;     /* each one JSON object; NULL when none */
	size_t n;
};

/* Read a JSON report (`file` names it in errors).  0, or -1 with err (code
 * 3: not a JSON report of schema version 1).  `cr` needs checkrun_release
 * either way. */
int checkrun_from_report(struct checkrun *cr, const char *text, size_t len,
			 const char *file, struct mg_error *err);
void checkrun_release(struct checkrun *cr);

/* How many requests carry the run: one, plus one per further 50. */
size_t checkrun_requests(const struct checkrun *cr);
/* The JSON body of request k: k = 0 creates the run (name, head_sha,
 * status completed, conclusion, output); k >= 1 adds the next 50
 * annotations (output.title and summary repeated, as GitHub requires). */
void checkrun_body(const struct checkrun *cr, size_t k, const char *name,
		   const char *head_sha, struct sbuf *out);

/* The check run's id in GitHub's answer to the POST, or 0. */
long long checkrun_id(const char *body, size_t len);

#endif
