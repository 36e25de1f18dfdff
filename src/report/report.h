/* report: the reporters that render the outcome of one run (outcome.h).
 * Each format is one file with one const report_ops, found by name; a
 * reporter renders into a memory buffer, and report_write puts the buffer
 * on stdout or into a file whole (temporary file + rename). */
#ifndef MLGATE_REPORT_H
#define MLGATE_REPORT_H

#include "core/gate.h"
#include "core/outcome.h"
#include "common/util.h"

/* The gates the text report lists; the others are counted in one line. */
enum report_only {
	REPORT_ONLY_PROBLEMS, /* all but the passes (the default) */
	REPORT_ONLY_FAILURES, /* failures and errors */
	REPORT_ONLY_ALL,
};

struct report_opts {
	int color; /* text: ANSI colours */
	enum report_only only; /* text: the gates listed */
	int width; /* text: the columns lines fit in (0: 80) */
};

struct report_ops {
	const char *name;
	const char *description;
	int (*render)(const struct run_result *r, const struct report_opts *o,
		      struct sbuf *out);
	/* Optional side effect after rendering, e.g. GitHub's step summary. */
	int (*after)(const struct run_result *r, struct mg_error *err);
};

const struct report_ops *report_find(const char *name);
/* All formats, NULL-terminated. */
const struct report_ops *const *report_all(void);

/* Render and write one report to `path` ("-" or NULL = stdout). */
int report_write(const struct report_ops *ops, const char *path,
		 const struct run_result *r, const struct report_opts *o,
		 struct mg_error *err);

/* The place of a format in the write order: 0 for most, 1 for sarif,
 * dotenv and openmetrics, 2 for json, which state the process's exit code and so are written after
 * the others (a report that failed to write makes it 2); json last of all,
 * since the Action reads its outputs from it. */
int report_write_rank(const struct report_ops *ops);

/* For a run that stopped before its gates were evaluated (an invalid
 * policy, an unreadable input): write the `n` problems in `v`, each at its
 * file:line:col, in the format of `ops`, as report_write does.  Only
 * github has such a form (annotations and a step summary); the others
 * write nothing and return 0. */
int report_write_problems(const struct report_ops *ops, const char *path,
			  const struct mg_error *v, size_t n, struct mg_error *err);
/* github's form of those problems, and its step summary of them. */
int report_github_problems(const struct mg_error *v, size_t n, struct sbuf *out);
int report_github_problems_summary(const struct mg_error *v, size_t n,
				   struct mg_error *err);

/* The gates passed but promotion failed (exit 4): reports say "promotion
 * failed", while each gate keeps its own status. */
static inline int report_promotion_failed(const struct run_result *r)
{
	return r->promotion.attempted && !r->promotion.ok;
}

/* Sort order "most severe first": error, fail, warn, skip, waived, pass. */
int gate_status_rank(enum gate_status s);

extern const struct report_ops report_text;
extern const struct report_ops report_json;
extern const struct report_ops report_junit;
extern const struct report_ops report_github;
extern const struct report_ops report_markdown;
extern const struct report_ops report_codequality;
extern const struct report_ops report_sarif;
extern const struct report_ops report_html;
extern const struct report_ops report_dotenv;
extern const struct report_ops report_openmetrics;
extern const struct report_ops report_azure;
extern const struct report_ops report_tap;

#endif
