/* mlgate metrics PREDICTIONS: model metrics computed from a predictions
 * file, as a metrics JSON a policy can read (SPEC section 8).  Computes and
 * reports without judging: 0 with output (a metric undefined for the data
 * is written as null with its reason, and named on stderr), 2 on usage
 * errors, 3 when the input is bad (then nothing is written). */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "model/pred_report.h"
#include "model/predictions.h"

#define MAX_BOOTSTRAP 100000

static int parse_count(const char *s, unsigned long long max,
		       unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -1;
	v = strtoull(s, &end, 10);
	if (*end || v > max)
		return -1;
	*out = v;
	return 0;
}

static const struct cli_option metrics_options[] = {
	CLI_VALUE('l', "label", "COL", CLI_REQUIRED, "the column of true labels (or values)"),
	CLI_VALUE('p', "prediction", "COL", CLI_REQUIRED,
		  "the column of predicted classes (or values); may be given with --score"),
	CLI_VALUE('s', "score", "COL", CLI_OR,
		  "the column of positive-class scores, for roc_auc and log_loss (and the "
		  "predicted classes, by --threshold, without --prediction)"),
	CLI_VALUE('c', "proba", "PREFIX", 0,
		  "one probability column per class, named PREFIX<class>, for the multiclass "
		  "roc_auc, log_loss and top_k_accuracy (with --prediction, without --score)"),
	CLI_VALUE('t', "task", "classification|regression", 0, "the kind of model (default classification)"),
	CLI_VALUE('P', "positive", "LABEL", 0, "the positive class (default 1, else true, else the second label)"),
	CLI_VALUE('a', "average", "binary|macro|weighted|micro", 0,
		  "how precision, recall and f1 are averaged over the classes"),
	CLI_VALUE('z', "zero-division", "error|0|1", 0,
		  "a precision, recall or f1 that is 0/0: undefined (error, the default), or that value"),
	CLI_VALUE('m', "multi-class", "ovr|ovo", 0,
		  "the multiclass ROC AUC: one-vs-rest (default) or one-vs-one"),
	CLI_VALUE('k', "top-k", "K", 0, "top_k_accuracy counts the true class among the K most probable (default 2)"),
	CLI_VALUE('T', "threshold", "T", 0,
		  "a score from 0 to 1 at or above which --score predicts the positive class (default 0.5)"),
	CLI_VALUE('b', "by", "COL", CLI_REPEAT, "the metrics also per group of COL"),
	CLI_VALUE('B', "bootstrap", "N", 0, "confidence intervals from N resamples (1 to 100000)"),
	CLI_VALUE('S', "seed", "S", 0, "the bootstrap's seed, 0 to 2^64-1 (with --bootstrap)"),
	CLI_VALUE('o', "output", "OUT", CLI_SHORT, "write to the file OUT (- for stdout, the default), whole or not at all"),
	CLI_END,
};

static const struct cli_exit metrics_exits[] = {
	{"0", "the metrics were written"},
	{"2", "usage error (flags that contradict each other)"},
	{"3", "input error: the predictions could not be read (then nothing is written), "
	      "or the output could not be written"},
	{NULL, NULL},
};

const struct cli_command command_metrics = {
	"metrics", cmd_metrics, "model metrics from a predictions file", "PREDICTIONS",
	"Writes a metrics JSON a policy can read (- reads the predictions from stdin).\n"
	"See doc/model-checks.md.\n",
	metrics_options, metrics_exits,
};

int cmd_metrics(int argc, char **argv)
{
	struct pred_options o;
	struct pred_set ps;
	struct mg_error err;
	struct mg_diags problems;
	struct sbuf out = SBUF_INIT;
	const char *out_path = "-";
	unsigned long long reps = 0, seed = 0;
	int opt, have_seed = 0, loaded = 0, code = MG_EXIT_USAGE;
	struct cli_parser cp;

	memset(&o, 0, sizeof(o));
	memset(&ps, 0, sizeof(ps));
	mg_diags_init(&problems);
	o.task = PM_CLASSIFICATION;
	cli_parser_init(&cp, &command_metrics);
	while ((opt = cli_next(&cp, argc, argv)) != -1) {
		switch (opt) {
		case 'l': o.label = optarg; break;
		case 'p': o.prediction = optarg; break;
		case 's': o.score = optarg; break;
		case 'P': o.positive = optarg; break;
		case 'c':
			if (!optarg[0])
				return usage_error("metrics", "--proba needs a column prefix");
			o.proba_prefix = optarg;
			break;
		case 'z': {
			int z = pm_zero_division_from_name(optarg);
			if (z < 0)
				return usage_error("metrics",
						   "--zero-division takes error, 0 or 1, not '%s'", optarg);
			o.zero_division = (enum pm_zero_division)z;
			break;
		}
		case 'm': {
			int mc = pm_multi_class_from_name(optarg);
			if (mc < 0)
				return usage_error("metrics",
						   "--multi-class takes ovr or ovo, not '%s'", optarg);
			o.multi_class = (enum pm_multi_class)mc;
			break;
		}
		case 'k': {
			unsigned long long k;
			if (parse_count(optarg, PRED_MAX_CLASSES, &k) < 0 || k == 0)
				return usage_error("metrics",
						   "--top-k takes a number of classes from 1 to %d, not '%s'",
						   PRED_MAX_CLASSES, optarg);
			o.top_k = (unsigned)k;
			break;
		}
		case 'o': out_path = optarg; break;
		case 't':
			if (strcmp(optarg, "regression") == 0)
				o.task = PM_REGRESSION;
			else if (strcmp(optarg, "classification") != 0)
				return usage_error("metrics",
						   "--task takes classification or regression, not '%s'",
						   optarg);
			break;
		case 'a': {
			int a = pm_average_from_name(optarg);
			if (a < 0)
				return usage_error("metrics",
						   "--average takes binary, macro, weighted or micro, not '%s'",
						   optarg);
			o.has_average = 1;
			o.average = (enum pm_average)a;
			break;
		}
		case 'T':
			if (mg_parse_double(optarg, strlen(optarg), &o.threshold) < 0 ||
			    o.threshold < 0 || o.threshold > 1)
				return usage_error("metrics",
						   "--threshold takes a number from 0 to 1, not '%s'",
						   optarg);
			o.has_threshold = 1;
			break;
		case 'b':
			if (!optarg[0])
				return usage_error("metrics", "--by needs a column name");
			if (o.nby == PRED_MAX_BY)
				return usage_error("metrics", "at most %d --by columns",
						   PRED_MAX_BY);
			for (size_t j = 0; j < o.nby; j++)
				if (strcmp(o.by[j], optarg) == 0)
					return usage_error("metrics", "--by '%s' given twice", optarg);
			o.by[o.nby++] = optarg;
			break;
		case 'B':
			if (parse_count(optarg, MAX_BOOTSTRAP, &reps) < 0 || reps == 0)
				return usage_error("metrics",
						   "--bootstrap takes a number of resamples from 1 to %d, not '%s'",
						   MAX_BOOTSTRAP, optarg);
			break;
		case 'S':
			if (parse_count(optarg, UINT64_MAX, &seed) < 0)
				return usage_error("metrics",
						   "--seed takes a whole number from 0 to 2^64-1, not '%s'",
						   optarg);
			have_seed = 1;
			break;
		case CLI_STOP:
			return cp.code;
		}
	}
	if (optind >= argc)
		return usage_error("metrics", "name a predictions file (- for stdin)");
	if (optind + 1 < argc)
		return usage_error("metrics", "unexpected argument '%s'", argv[optind + 1]);
	o.path = argv[optind];
	if (!o.label)
		return usage_error("metrics", "--label COL is required");
	if (!o.prediction && !o.score)
		return usage_error("metrics", "give --prediction COL, --score COL, or both");
	if (o.task == PM_REGRESSION && (o.score || !o.prediction))
		return usage_error("metrics", "a regression needs --prediction and takes no --score");
	if (o.has_threshold && (o.prediction || !o.score))
		return usage_error("metrics",
				   "--threshold applies only to predictions made from --score (without --prediction)");
	if (o.task == PM_REGRESSION && (o.positive || o.has_average))
		return usage_error("metrics", "--positive and --average apply to classification only");
	if (o.proba_prefix && (o.score || !o.prediction || o.task == PM_REGRESSION))
		return usage_error("metrics",
				   "--proba goes with --prediction and without --score, in a classification");
	if (have_seed && !reps)
		return usage_error("metrics", "--seed goes with --bootstrap N");

	if (pred_load(&o, &ps, &err) < 0) {
		mg_error_print(&err);
		code = err.code ? err.code : MG_EXIT_INPUT;
		goto out;
	}
	loaded = 1;
	pred_report(&ps, (size_t)reps, (uint64_t)seed, &out, &problems);
	mg_diags_print(&problems);
	if (mg_write_file_atomic(out_path, out.buf, out.len, &err) < 0) {
		mg_error_print(&err);
		code = MG_EXIT_INPUT;
		goto out;
	}
	code = MG_EXIT_PASS;
out:
	if (loaded)
		pred_release(&ps);
	sbuf_release(&out);
	mg_diags_release(&problems);
	return code;
}
