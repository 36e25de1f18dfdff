/* mlgate drift REFERENCE CURRENT: every applicable drift statistic of every
 * column the two files share (SPEC section 7), as JSON, text or Markdown.
 * Computes and reports without judging: exit 0 with the report, 2 on usage
 * errors, 3 when an input cannot be read or a column cannot be compared. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "data/colstats.h"
#include "data/datapair.h"
#include "data/drift.h"
#include "common/escape.h"
#include "common/jsonw.h"

enum fmt { F_JSON, F_TEXT, F_MARKDOWN };

struct column_out {
	const char *name;
	struct colstats *ref, *cur;
	struct drift_result res;
	int ok;
	char why[600];
};

/* The columns' statistics on two threads.  Each column's values are put
 * in the form the drift reads first, on this thread (colstats_prepare:
 * finished profiles are in it already; this makes sure of it, as two
 * columns of the current data may share a reference column), so the
 * workers only read the colstats and the results are those of one
 * thread, in any order. */
struct drift_work {
	struct column_out *cols;
	size_t ncols;
	unsigned bins;
	enum drift_ks_method ks;
	atomic_size_t next;
};

static void *drift_worker(void *arg)
{
	struct drift_work *dw = arg;
	size_t i;

	while ((i = atomic_fetch_add(&dw->next, 1)) < dw->ncols) {
		struct column_out *c = &dw->cols[i];
		c->ok = drift_colstats_ks(c->ref, c->cur, dw->bins, dw->ks,
					  &c->res, c->why, sizeof(c->why)) == 0;
	}
	return NULL;
}

static void drift_all(struct column_out *cols, size_t ncols, unsigned bins,
		      enum drift_ks_method ks)
{
	struct drift_work dw = {cols, ncols, bins, ks, 0};
	pthread_t t;
	int threaded;

	for (size_t i = 0; i < ncols; i++) {
		colstats_prepare(cols[i].ref);
		colstats_prepare(cols[i].cur);
	}
	threaded = ncols > 1 && sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
		   pthread_create(&t, NULL, drift_worker, &dw) == 0;
	drift_worker(&dw);
	if (threaded)
		pthread_join(t, NULL);
}

static int split_columns(const char *arg, char ***out, size_t *n)
{
	char *copy = xstrdup(arg), *save = NULL, *tok;

	*out = NULL;
	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		*out = xrealloc(*out, (*n + 1) * sizeof(char *));
		(*out)[(*n)++] = xstrdup(tok);
	}
	free(copy);
	return *n ? 0 : -1;
}

static void write_json(struct sbuf *out, const char *refpath,
		       const char *curpath, const struct profile *ref,
		       const struct profile *cur, const struct column_out *cols,
		       size_t n, const char *method, unsigned bins)
{
	struct jsonw w;

	jw_init(&w, out, 1);
	jw_obj_open(&w);
	jw_kstr(&w, "reference", refpath);
	jw_kstr(&w, "current", curpath);
	jw_kbool(&w, "reference_frozen", ref->frozen);
	jw_kint(&w, "bins", bins);
	if (method)
		jw_kstr(&w, "method", method);
	jw_key(&w, "columns");
	jw_arr_open(&w);
	for (size_t i = 0; i < n; i++) {
		const struct column_out *c = &cols[i];

		if (!c->ok) {
			jw_obj_open(&w);
			jw_kstr(&w, "name", c->name);
			jw_kstr(&w, "error", c->why);
			jw_obj_close(&w);
			continue;
		}
		if (!method) {
			drift_result_write_json(&c->res, c->name, NULL, &w);
			continue;
		}
		/* one statistic (and its p-value) per column */
		jw_obj_open(&w);
		jw_kstr(&w, "name", c->name);
		jw_kstr(&w, "type", c->res.numeric ? "number" : "string");
		jw_kint(&w, "n_reference", (long long)c->res.n_ref);
		jw_kint(&w, "n_current", (long long)c->res.n_cur);
		if (!(drift_method_numeric_only(method) &&
		      (!c->res.numeric || !c->res.has_raw))) {
			char key[40];
			jw_knum(&w, method, drift_result_value(&c->res, method, 0));
			snprintf(key, sizeof(key), "%s_pvalue", method);
			if (drift_method_has_pvalue(method))
				jw_knum(&w, key, drift_result_value(&c->res, method, 1));
		}
		jw_obj_close(&w);
	}
	jw_arr_close(&w);
	jw_key(&w, "only_in_reference");
	jw_arr_open(&w);
	for (size_t i = 0; i < ref->ncols; i++)
		if (!profile_column(cur, ref->cols[i].name))
			jw_str(&w, ref->cols[i].name);
	jw_arr_close(&w);
	jw_key(&w, "only_in_current");
	jw_arr_open(&w);
	for (size_t i = 0; i < cur->ncols; i++)
		if (!profile_column(ref, cur->cols[i].name))
			jw_str(&w, cur->cols[i].name);
	jw_arr_close(&w);
	jw_obj_close(&w);
	sbuf_addc(out, '\n');
}

static void cell(struct sbuf *out, enum fmt f, double v, int applies)
{
	char b[40];

	if (!applies)
		snprintf(b, sizeof(b), "-");
	else if (!isfinite(v))
		snprintf(b, sizeof(b), "n/a");
	else
		snprintf(b, sizeof(b), "%.4g", v);
	if (f == F_MARKDOWN)
		sbuf_addf(out, " %s |", b);
	else
		sbuf_addf(out, " %12s", b);
}

static void name_cell(struct sbuf *out, enum fmt f, const char *s)
{
	if (f == F_MARKDOWN) {
		sbuf_adds(out, "| ");
		esc_md(out, s, strlen(s));
		sbuf_adds(out, " |");
	} else {
		struct sbuf t = SBUF_INIT;
		esc_terminal(&t, s, strlen(s));
		sbuf_addf(out, "%-20s", sbuf_str(&t));
		sbuf_release(&t);
	}
}

static void write_table(struct sbuf *out, enum fmt f, const char *refpath,
			const char *curpath, const struct column_out *cols,
			size_t n, const char *method)
{
	static const struct {
		const char *label, *brief, *method;
		int pvalue, by_default;
	} stats[] = {
		{"psi", "psi", "psi", 0, 1},
		{"ks", "ks", "ks", 0, 1},
		{"ks_pvalue", "ks_p", "ks", 1, 1},
		{"wasserstein", "wasserstein", "wasserstein", 0, 0},
		{"wasserstein_norm", "w_norm", "wasserstein_norm", 0, 1},
		{"jensenshannon", "js", "jensenshannon", 0, 1},
		{"chi2", "chi2", "chi2", 0, 0},
		{"chi2_pvalue", "chi2_p", "chi2", 1, 1},
		{NULL, NULL, NULL, 0, 0},
	};
	struct sbuf t = SBUF_INIT;
#define SHOWN(s) (method ? strcmp(stats[s].method, method) == 0 : stats[s].by_default)

	if (f == F_MARKDOWN) {
		sbuf_adds(out, "### Drift: ");
		esc_md(out, curpath, strlen(curpath));
		sbuf_adds(out, " against ");
		esc_md(out, refpath, strlen(refpath));
		sbuf_adds(out, "\n\n| column | type | n ref | n cur |");
	} else {
		esc_terminal(&t, curpath, strlen(curpath));
		sbuf_addf(out, "drift of %s", sbuf_str(&t));
		sbuf_release(&t);
		esc_terminal(&t, refpath, strlen(refpath));
		sbuf_addf(out, " against %s\n", sbuf_str(&t));
		sbuf_release(&t);
		sbuf_addf(out, "%-20s %-6s %9s %9s", "column", "type", "n_ref", "n_cur");
	}
	for (size_t s = 0; stats[s].label; s++) {
		if (!SHOWN(s))
			continue;
		if (f == F_MARKDOWN)
			sbuf_addf(out, " %s |", stats[s].label);
		else
			sbuf_addf(out, " %12s", stats[s].brief);
	}
	sbuf_addc(out, '\n');
	if (f == F_MARKDOWN) {
		sbuf_adds(out, "|---|---|---:|---:|");
		for (size_t s = 0; stats[s].label; s++)
			if (SHOWN(s))
				sbuf_adds(out, "---:|");
		sbuf_addc(out, '\n');
	}
	for (size_t i = 0; i < n; i++) {
		const struct column_out *c = &cols[i];
		const struct drift_result *r = &c->res;

		name_cell(out, f, c->name);
		if (!c->ok) {
			if (f == F_MARKDOWN) {
				sbuf_adds(out, " error | | | ");
				esc_md(out, c->why, strlen(c->why));
				sbuf_adds(out, " |\n");
			} else {
				esc_terminal(&t, c->why, strlen(c->why));
				sbuf_addf(out, " error: %s\n", sbuf_str(&t));
				sbuf_release(&t);
			}
			continue;
		}
		if (f == F_MARKDOWN)
			sbuf_addf(out, " %s | %zu | %zu |", r->numeric ? "number" : "string",
				  r->n_ref, r->n_cur);
		else
			sbuf_addf(out, " %-6s %9zu %9zu", r->numeric ? "number" : "string",
				  r->n_ref, r->n_cur);
		for (size_t s = 0; stats[s].label; s++) {
			const char *m = stats[s].method;

			if (!SHOWN(s))
				continue;
			cell(out, f, drift_result_value(r, m, stats[s].pvalue),
			     !drift_method_numeric_only(m) || (r->numeric && r->has_raw));
		}
		sbuf_addc(out, '\n');
		if (r->nnew) {
			if (f == F_MARKDOWN) {
				sbuf_adds(out, "\nnew categories in ");
				esc_md(out, c->name, strlen(c->name));
				sbuf_adds(out, ": ");
			} else {
				sbuf_adds(out, "  new categories: ");
			}
			for (size_t k = 0; k < r->nnew && k < 20; k++) {
				struct sbuf e = SBUF_INIT;
				if (f == F_MARKDOWN)
					esc_md(&e, r->new_cats[k], strlen(r->new_cats[k]));
				else
					esc_terminal(&e, r->new_cats[k], strlen(r->new_cats[k]));
				sbuf_addf(out, "%s%s", k ? ", " : "", sbuf_str(&e));
				sbuf_release(&e);
			}
			if (r->nnew > 20)
				sbuf_addf(out, " and %zu more", r->nnew - 20);
			sbuf_adds(out, f == F_MARKDOWN ? "\n\n" : "\n");
		}
	}
#undef SHOWN
}

/* The columns of one side only: nothing is left out without a word. */
static void write_not_compared(struct sbuf *out, enum fmt f,
			       const struct profile *ref,
			       const struct profile *cur)
{
	size_t n = 0;

	for (int side = 0; side < 2; side++) {
		const struct profile *p = side ? cur : ref, *o = side ? ref : cur;

		for (size_t i = 0; i < p->ncols; i++) {
			const char *name = p->cols[i].name;
			struct sbuf e = SBUF_INIT;

			if (profile_column(o, name))
				continue;
			if (f == F_MARKDOWN)
				esc_md(&e, name, strlen(name));
			else
				esc_terminal(&e, name, strlen(name));
			sbuf_addf(out, "%s%s (%s)",
				  n ? ", " : f == F_MARKDOWN ? "\nNot compared: " : "not compared: ",
				  sbuf_str(&e),
				  side ? "not in the reference" : "not in the current data");
			sbuf_release(&e);
			n++;
		}
	}
	if (n)
		sbuf_addc(out, '\n');
}

static const struct cli_option drift_options[] = {
	CLI_VALUE('c', "columns", "a,b", 0,
		  "only these columns; one that is missing or cannot be compared is then an input error"),
	CLI_VALUE('m', "method", "M", 0,
		  "report only M (and its p-value): psi, ks, wasserstein, wasserstein_norm, "
		  "jensenshannon or chi2"),
	CLI_VALUE('b', "bins", "K", 0, "K quantile bins of the reference, 2 to 1000 (default 10)"),
	CLI_VALUE('f', "format", "json|text|markdown", 0, "the report's format (default json)"),
	CLI_VALUE('o', "output", "OUT", CLI_SHORT, "write to the file OUT (- for stdout, the default), whole or not at all"),
	CLI_VALUE('d', "delimiter", "C", 0,
		  "the field separator of both files, one character or tab; default ',' (a tab for *.tsv)"),
	CLI_VALUE('k', "ks-method", "auto|exact|asymp", 0,
		  "the KS p-value: exact or asymptotic, or auto (exact up to 10,000 values "
		  "per side, as scipy's ks_2samp; the default)"),
	CLI_END,
};

static const struct cli_exit drift_exits[] = {
	{"0", "the report was written (a column that cannot be compared is in it, with a "
	      "warning, unless --columns names it)"},
	{"2", "usage error, or --bins with a frozen reference"},
	{"3", "input error: a file could not be read, a --columns column is missing or "
	      "cannot be compared, or the output could not be written"},
	{NULL, NULL},
};

const struct cli_command command_drift = {
	"drift", cmd_drift, "drift statistics between a reference and current data",
	"REFERENCE CURRENT",
	"REFERENCE may be a frozen profile (mlgate profile REF --format json -o\n"
	"ref.json); then KS and Wasserstein are absent (they need raw values).\n"
	"Computes without judging: thresholds belong in a policy's 'data:' section.\n",
	drift_options, drift_exits,
};

int cmd_drift(int argc, char **argv)
{
	const char *method = NULL, *outpath = "-", *refpath, *curpath;
	char **want = NULL;
	size_t nwant = 0, ncols = 0;
	unsigned bins = DRIFT_DEFAULT_BINS;
	int bins_given = 0, opt, code = 0, delim_set = 0;
	enum drift_ks_method ks = DRIFT_KS_AUTO;
	enum fmt f = F_JSON;
	struct csv_options opts;
	struct data_side cur, ref;
	struct column_out *cols = NULL;
	struct sbuf out = SBUF_INIT;
	struct mg_error err;
	struct cli_parser ps;

	csv_options_init(&opts);
	cli_parser_init(&ps, &command_drift);
	while ((opt = cli_next(&ps, argc, argv)) != -1) {
		switch (opt) {
		case 'c':
			for (size_t i = 0; i < nwant; i++)
				free(want[i]);
			free(want);
			if (split_columns(optarg, &want, &nwant) < 0)
				return usage_error("drift", "--columns needs column names");
			break;
		case 'm':
			method = optarg;
			if (!drift_method_known(method)) {
				char hb[MG_HINT_SIZE];
				code = usage_error("drift", "unknown method '%s'%s", method,
						   drift_method_hint(hb, sizeof(hb), method));
				goto done;
			}
			break;
		case 'b': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 2 || v > DRIFT_MAX_BINS) {
				code = usage_error("drift", "--bins must be a whole number from 2 to %d, not '%s'",
						   DRIFT_MAX_BINS, optarg);
				goto done;
			}
			bins = (unsigned)v;
			bins_given = 1;
			break;
		}
		case 'f':
			if (strcmp(optarg, "json") == 0)
				f = F_JSON;
			else if (strcmp(optarg, "text") == 0)
				f = F_TEXT;
			else if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0)
				f = F_MARKDOWN;
			else {
				code = usage_error("drift", "unknown format '%s' (json, text, markdown)", optarg);
				goto done;
			}
			break;
		case 'o': outpath = optarg; break;
		case 'd':
			if (csv_parse_delimiter(optarg, &opts.delimiter)) {
				code = usage_error("drift", "--delimiter must be one character (or 'tab'), not '%s'", optarg);
				goto done;
			}
			delim_set = 1;
			break;
		case CLI_STOP: code = ps.code; goto done;
		case 'k':
			if (drift_ks_method_parse(optarg, &ks) < 0) {
				code = usage_error("drift", "--ks-method must be auto, exact or asymp, not '%s'", optarg);
				goto done;
			}
			break;
		}
	}
	if (argc - optind != 2) {
		code = usage_error("drift", "need REFERENCE and CURRENT");
		goto done;
	}
	refpath = argv[optind];
	curpath = argv[optind + 1];
	if (strcmp(refpath, "-") == 0 && strcmp(curpath, "-") == 0) {
		code = usage_error("drift", "standard input ('-') can be only one of the two inputs");
		goto done;
	}
	if (profile_path_is_json(curpath)) {
		fprintf(stderr, "mlgate: %s: the current data must be a CSV file (only the reference may be a frozen profile)\n",
			curpath);
		code = MG_EXIT_INPUT;
		goto done;
	}
	memset(&cur, 0, sizeof(cur));
	memset(&ref, 0, sizeof(ref));
	cur.path = curpath;
	cur.keep_values = 1;
	ref.path = refpath;
	ref.reference = 1;
	ref.keep_values = 1;
	data_read_pair(&cur, &ref, &opts, delim_set);
	if (!cur.ok || !ref.ok) {
		if (!ref.ok)
			mg_error_print(&ref.err);
		if (!cur.ok)
			mg_error_print(&cur.err);
		code = MG_EXIT_INPUT;
		goto release;
	}
	if (ref.prof.frozen && bins_given && bins != DRIFT_DEFAULT_BINS) {
		fprintf(stderr, "mlgate: %s: a frozen profile fixes its %d quantile bins; --bins %u needs the reference CSV\n",
			refpath, DRIFT_DEFAULT_BINS, bins);
		code = MG_EXIT_USAGE;
		goto release;
	}
	for (size_t i = 0; i < nwant; i++) {
		if (!profile_column(&cur.prof, want[i]) || !profile_column(&ref.prof, want[i])) {
			fprintf(stderr, "mlgate: %s: no column '%s'\n",
				profile_column(&cur.prof, want[i]) ? refpath : curpath, want[i]);
			code = MG_EXIT_INPUT;
			goto release;
		}
	}
	cols = xcalloc(cur.prof.ncols + 1, sizeof(*cols));
	for (size_t i = 0; i < cur.prof.ncols; i++) {
		struct colstats *cc = &cur.prof.cols[i], *rc;
		struct column_out *c;
		int wanted = nwant == 0;

		for (size_t k = 0; k < nwant && !wanted; k++)
			wanted = strcmp(want[k], cc->name) == 0;
		if (!wanted || !(rc = profile_column(&ref.prof, cc->name)))
			continue;
		c = &cols[ncols++];
		c->name = cc->name;
		c->ref = rc;
		c->cur = cc;
	}
	drift_all(cols, ncols, bins, ks);
	for (size_t i = 0; i < ncols; i++) {
		struct column_out *c = &cols[i];
		if (!c->ok) {
			/* reported in the output either way; an input error only
			 * when the column was asked for by name */
			fprintf(stderr, "mlgate: %scolumn '%s': %s\n",
				nwant ? "" : "warning: ", c->name, c->why);
			if (nwant)
				code = MG_EXIT_INPUT;
		}
	}
	if (f == F_JSON)
		write_json(&out, refpath, curpath, &ref.prof, &cur.prof, cols, ncols,
			   method, bins);
	else
	{
		write_table(&out, f, refpath, curpath, cols, ncols, method);
		if (!nwant)
			write_not_compared(&out, f, &ref.prof, &cur.prof);
	}
	if (mg_write_file_atomic(outpath, sbuf_str(&out), out.len, &err) < 0) {
		mg_error_print(&err);
		code = MG_EXIT_INPUT;
	}
	for (size_t i = 0; i < ncols; i++)
		drift_result_release(&cols[i].res);
	free(cols);
release:
	data_side_release(&cur);
	data_side_release(&ref);
done:
	sbuf_release(&out);
	for (size_t i = 0; i < nwant; i++)
		free(want[i]);
	free(want);
	return code;
}
