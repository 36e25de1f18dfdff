#include "report/report.h"

#include <string.h>

#define REPORT_MAX_BYTES (256u << 20)

static const struct report_ops *const formats[] = {
	&report_text,
	&report_json,
	&report_junit,
	&report_github,
	&report_markdown,
	&report_codequality,
	&report_sarif,
	&report_html,
	&report_dotenv,
	&report_openmetrics,
	&report_azure,
	&report_tap,
	NULL,
};

const struct report_ops *const *report_all(void)
{
	return formats;
}

const struct report_ops *report_find(const char *name)
{
	for (size_t i = 0; formats[i]; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

int report_write(const struct report_ops *ops, const char *path,
		 const struct run_result *r, const struct report_opts *o,
		 struct mg_error *err)
{
	struct sbuf sb;
	int rc;

	sbuf_init(&sb, REPORT_MAX_BYTES);
	if (ops->render(r, o, &sb) < 0) {
		sbuf_release(&sb);
		return mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
				 "%s report could not be rendered", ops->name);
	}
	if (sb.toobig) {
		sbuf_release(&sb);
		return mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
				 "%s report exceeds %u MiB", ops->name,
				 REPORT_MAX_BYTES >> 20);
	}
	rc = mg_write_file_atomic(path ? path : "-", sbuf_str(&sb), sb.len, err);
	sbuf_release(&sb);
	if (rc == 0 && ops->after)
		rc = ops->after(r, err);
	return rc;
}

int report_write_problems(const struct report_ops *ops, const char *path,
			  const struct mg_error *v, size_t n, struct mg_error *err)
{
	struct sbuf sb;
	int rc;

	if (ops != &report_github)
		return 0;
	sbuf_init(&sb, REPORT_MAX_BYTES);
	if (report_github_problems(v, n, &sb) < 0 || sb.toobig) {
		sbuf_release(&sb);
		return mg_errorf(err, MG_EXIT_USAGE, path, 0, 0,
				 "%s report could not be rendered", ops->name);
	}
	rc = mg_write_file_atomic(path ? path : "-", sbuf_str(&sb), sb.len, err);
	sbuf_release(&sb);
	if (rc == 0)
		rc = report_github_problems_summary(v, n, err);
	return rc;
}

int report_write_rank(const struct report_ops *ops)
{
	return ops == &report_json ? 2 :
	       ops == &report_sarif || ops == &report_dotenv || ops == &report_openmetrics ? 1 : 0;
}

int gate_status_rank(enum gate_status s)
{
	switch (s) {
	case GS_ERROR: return 0;
	case GS_FAIL: return 1;
	case GS_WARN: return 2;
	case GS_SKIP: return 3;
	case GS_WAIVED: return 4;
	case GS_PASS: return 5;
	}
	return 6;
}
