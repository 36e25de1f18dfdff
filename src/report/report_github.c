/* github: GitHub Actions workflow commands on stdout, and the Markdown
 * report appended to $GITHUB_STEP_SUMMARY when that is set.
 *
 * Errors (could not evaluate) and failures become ::error, warnings
 * ::warning, waived gates ::notice, each with file=policy, line=the gate's
 * line and title=the gate id; passing gates print nothing.  GitHub keeps at
 * most 10 annotations of each level per step and drops the rest silently,
 * so the most severe come first and one closing ::notice says how many were
 * left out.  Untrusted text is escaped per actions/toolkit's command.ts;
 * reports never contain secrets, so ::add-mask:: is not needed. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/escape.h"
#include "report/report_fmt.h"
#include "report/report_markdown.h"

#define GH_PER_LEVEL 10
#define GH_SUMMARY_MAX (1024u * 1024u) /* per step, GitHub's cap */

static void gh(struct sbuf *out, const char *s, int prop)
{
	if (s)
		esc_gh(out, s, strlen(s), prop);
}

static const char *level_of(enum gate_status s)
{
	switch (s) {
	case GS_ERROR:
	case GS_FAIL: return "error";
	case GS_WARN: return "warning";
	case GS_WAIVED:
	case GS_SKIP: return "notice";
	case GS_PASS: break;
	}
	return NULL;
}

/* "file=F,line=L,col=C," (the parts that are known), or nothing for a
 * policy read from stdin. */
static void place(struct sbuf *out, const char *file, int line, int col)
{
	if (!file || !file[0] || strcmp(file, "-") == 0)
		return;
	sbuf_adds(out, "file=");
	gh(out, file, 1);
	if (line > 0) {
		sbuf_addf(out, ",line=%d", line);
		if (col > 0)
			sbuf_addf(out, ",col=%d", col);
	}
	sbuf_addc(out, ',');
}

static void annotation(struct sbuf *out, const struct run_result *r,
		       const struct gate_result *g, const char *level)
{
	sbuf_addf(out, "::%s ", level);
	place(out, rep_policy(r), g->line, g->col);
	sbuf_adds(out, "title=");
	gh(out, g->id, 1);
	sbuf_adds(out, "::");
	if (g->status == GS_ERROR)
		sbuf_adds(out, "could not evaluate: ");
	else if (g->status == GS_WAIVED)
		sbuf_adds(out, "waived: ");
	else if (g->status == GS_SKIP)
		sbuf_adds(out, "skipped: ");
	gh(out, g->message ? g->message : gate_status_name(g->status), 0);
	if (g->status == GS_WAIVED && g->waiver) {
		sbuf_adds(out, " (reason: ");
		gh(out, g->waiver, 0);
		sbuf_addc(out, ')');
	}
	sbuf_addc(out, '\n');
}

static int render(const struct run_result *r, const struct report_opts *o,
		  struct sbuf *out)
{
	const struct gate_list *gl = r->gates;
	size_t *order = rep_order(gl);
	size_t n_error = 0, n_warning = 0, n_notice = 0, left_out = 0;
	size_t notice_cap = GH_PER_LEVEL, want_notice = r->summary.waived + r->summary.skipped;

	(void)o;
	/* The closing notice takes one of the 10 notice slots. */
	if (r->summary.failed + r->summary.errored > GH_PER_LEVEL ||
	    r->summary.warned > GH_PER_LEVEL || want_notice > GH_PER_LEVEL)
		notice_cap = GH_PER_LEVEL - 1;
	/* Promotion runs only after every gate passed, so this error never
	 * competes with gate errors for the 10 slots. */
	if (r->promotion.attempted && !r->promotion.ok) {
		sbuf_adds(out, "::error ");
		place(out, rep_policy(r), 0, 0);
		sbuf_adds(out, "title=mlgate promotion::promotion failed");
		if (r->promotion.message) {
			sbuf_adds(out, ": ");
			gh(out, r->promotion.message, 0);
		}
		sbuf_addc(out, '\n');
		n_error++;
	}
	for (size_t k = 0; k < gl->n; k++) {
		const struct gate_result *g = &gl->v[order[k]];
		const char *level = level_of(g->status);
		size_t *count;
		size_t cap = GH_PER_LEVEL;

		if (!level)
			continue;
		count = level[0] == 'e' ? &n_error : level[0] == 'w' ? &n_warning : &n_notice;
		if (level[0] == 'n')
			cap = notice_cap;
		if (*count >= cap) {
			left_out++;
			continue;
		}
		(*count)++;
		annotation(out, r, g, level);
	}
	if (left_out)
		sbuf_addf(out, "::notice title=mlgate::%zu more annotation%s left out (GitHub shows at most %d per level); see the job summary or the json report\n",
			  left_out, left_out == 1 ? " was" : "s were", GH_PER_LEVEL);
	free(order);
	return 0;
}

/* The size of the step summary at `path` and the newlines to put before
 * an appended text: one, or two when its last line is unterminated (so a
 * blank line always comes first). */
static size_t summary_size(const char *path, size_t *lf)
{
	struct stat st;
	size_t have = 0;
	FILE *f;

	*lf = 0;
	if (stat(path, &st) == 0 && st.st_size > 0)
		have = (size_t)st.st_size;
	if (have) {
		*lf = 1;
		if ((f = fopen(path, "r"))) {
			if (fseek(f, -1, SEEK_END) == 0 && fgetc(f) != '\n')
				*lf = 2;
			fclose(f);
		}
	}
	return have;
}

/* Append `md` (released here) after `lf` newlines, unless the file would
 * pass GitHub's cap. */
static int summary_finish(const char *path, size_t have, size_t lf, struct sbuf *md,
			  struct mg_error *err)
{
	FILE *f;
	int rc = 0;

	if (have + md->len + lf > GH_SUMMARY_MAX) {
		sbuf_release(md);
		return mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
				 "step summary is already near GitHub's 1 MiB cap; not appended");
	}
	if (!(f = fopen(path, "a"))) {
		sbuf_release(md);
		return mg_errorf(err, MG_EXIT_USAGE, path, 0, 0, "cannot append: %s",
				 strerror(errno));
	}
	if ((lf && fwrite("\n\n", 1, lf, f) != lf) || fwrite(md->buf, 1, md->len, f) != md->len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		mg_errorf(err, MG_EXIT_USAGE, path, 0, 0, "cannot append: %s", strerror(errno));
	sbuf_release(md);
	return rc;
}

/* Append the Markdown report to the step summary, in the largest form that
 * keeps the file under GitHub's 1 MiB cap. */
static int after(const struct run_result *r, struct mg_error *err)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	struct sbuf md = SBUF_INIT;
	size_t have, lf;

	if (!path || !path[0])
		return 0;
	have = summary_size(path, &lf);
	for (enum md_size size = MD_FULL; size <= MD_VERDICT; size++) {
		sbuf_release(&md);
		markdown_render(r, size, &md);
		if (have + md.len + lf <= GH_SUMMARY_MAX)
			break;
	}
	return summary_finish(path, have, lf, &md, err);
}

/* The path of a problem as annotations show it (workspace-relative). */
static const char *problem_file(const struct mg_error *e)
{
	struct run_result r;

	memset(&r, 0, sizeof(r));
	r.policy_path = e->file;
	return rep_policy(&r);
}

/* A run that stopped before its gates: each problem an ::error at its
 * place (the first 10: GitHub drops the rest). */
int report_github_problems(const struct mg_error *v, size_t n, struct sbuf *out)
{
	for (size_t i = 0; i < n && i < GH_PER_LEVEL; i++) {
		const struct mg_error *e = &v[i];

		sbuf_adds(out, "::error ");
		place(out, problem_file(e), e->line, e->col);
		sbuf_adds(out, "title=mlgate::");
		gh(out, e->msg, 0);
		sbuf_addc(out, '\n');
	}
	if (n > GH_PER_LEVEL)
		sbuf_addf(out, "::notice title=mlgate::%zu more problem%s left out (GitHub shows at most %d per level); see the log\n",
			  n - GH_PER_LEVEL, n - GH_PER_LEVEL == 1 ? " was" : "s were", GH_PER_LEVEL);
	return 0;
}

/* The step summary of such a run: the verdict and every problem. */
int report_github_problems_summary(const struct mg_error *v, size_t n,
				   struct mg_error *err)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	struct sbuf md = SBUF_INIT;
	size_t have, lf;

	if (!path || !path[0])
		return 0;
	have = summary_size(path, &lf);
	sbuf_addf(&md, "%s\n### mlgate: \u274c error: no gate was evaluated\n\n", MD_MARKER);
	for (size_t i = 0; i < n && md.len < GH_SUMMARY_MAX / 2; i++) {
		const struct mg_error *e = &v[i];

		sbuf_adds(&md, "- ");
		if (e->file[0]) {
			sbuf_adds(&md, "`");
			/* backticks cannot be escaped in a code span */
			for (const char *c = problem_file(e); *c; c++)
				sbuf_addc(&md, *c == '`' || (unsigned char)*c < 0x20 ? '?' : *c);
			if (e->line > 0)
				sbuf_addf(&md, ":%d", e->line);
			if (e->col > 0)
				sbuf_addf(&md, ":%d", e->col);
			sbuf_adds(&md, "`: ");
		}
		esc_md(&md, e->msg, strlen(e->msg));
		sbuf_addc(&md, '\n');
	}
	return summary_finish(path, have, lf, &md, err);
}

const struct report_ops report_github = {
	"github", "GitHub Actions annotations (+ job summary in $GITHUB_STEP_SUMMARY)",
	render, after,
};
