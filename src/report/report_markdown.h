/* report_markdown: the Markdown report (PR/MR comments, GitHub's job
 * summary).  Shared with report_github, which appends it to
 * $GITHUB_STEP_SUMMARY and may need a shorter form to stay under 1 MiB. */
#ifndef MLGATE_REPORT_MARKDOWN_H
#define MLGATE_REPORT_MARKDOWN_H

#include "report/report.h"

enum md_size {
	MD_FULL,     /* verdict, problems and their charts, passes folded, tables */
	MD_PROBLEMS, /* verdict, problems and their charts */
	MD_VERDICT,  /* the verdict line, the counts and the marker */
};

void markdown_render(const struct run_result *r, enum md_size size,
		     struct sbuf *out);

#define MD_MARKER "<!-- mlgate-report -->"

/* What the report draws at most: drift charts, bars in one chart (more
 * bins are merged, see rep_bins_cap), code points of an axis label and of
 * a gate's message in the table. */
#define MD_CHARTS 8
#define MD_CHART_BINS 24
#define MD_LABEL_CHARS 24
#define MD_MESSAGE_CHARS 300

/* `--report markdown` falls back to the shorter forms above this size (in
 * bytes, so never more characters than GitHub's comment limit). */
#define MD_COMMENT_MAX 65536

#endif
