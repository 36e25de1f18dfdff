/* report_markdown: the Markdown report (PR/MR comments, GitHub's job
 * summary).  Shared with report_github, which appends it to
 * $GITHUB_STEP_SUMMARY and may need a shorter form to stay under 1 MiB. */
#ifndef MLGATE_REPORT_MARKDOWN_H
#define MLGATE_REPORT_MARKDOWN_H

#include "report/report.h"

enum md_size {
	MD_FULL,    /* verdict, every gate in the table, details of non-passing gates */
	MD_PROBLEMS, /* verdict, only non-passing gates, no details */
	MD_VERDICT, /* the verdict line, the counts and the marker */
};

void markdown_render(const struct run_result *r, enum md_size size,
		     struct sbuf *out);

#define MD_MARKER "<!-- mlgate-report -->"

/* `--report markdown` falls back to the shorter forms above this size (in
 * bytes, so never more characters than GitHub's comment limit). */
#define MD_COMMENT_MAX 65536

#endif
