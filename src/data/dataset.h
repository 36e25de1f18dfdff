/* dataset: the parsed form of the `data:` section -- one struct dataset
 * per entry with its column and drift rules.  data.c builds and frees it;
 * data_eval.c and data_recheck.c only read it.  No other module sees it. */
#ifndef MLGATE_DATASET_H
#define MLGATE_DATASET_H

#include <stddef.h>

#include "core/gate.h"
#include "data/drift.h"

/* `schema: {from: reference}` takes an `allowed` list from a string column
 * of the reference with at most this many distinct values. */
#define DATA_FROM_REF_MAX_ALLOWED 20
/* The drift threshold of `drift: {share: ...}` without a method: PSI max. */
#define DATA_DRIFT_DEFAULT_PSI_MAX 0.2
/* Strings under a numbers-only default method: chi2 with this min_pvalue. */
#define DATA_DRIFT_STRING_MIN_PVALUE 0.05

enum ctype { CT_ANY, CT_NUMBER, CT_STRING };

struct pos {
	int line, col;
};

struct col_rule {
	char *name;
	struct pos at;
	enum ctype type;
	struct pos type_at;
	struct bound min, max;    /* low side (min or gt), high (max or lt) */
	struct bound null_max;    /* null_ratio: max or lt */
	const char **allowed; /* NULL-terminated copies */
	size_t nallowed;
	struct pos allowed_at;
	int unique;
	struct pos unique_at;
	struct bound newcat_max;  /* new_categories.max_share (needs a reference) */
};

struct drift_rule {
	char *column;   /* NULL for the dataset default */
	char *method;
	int pvalue;     /* b bounds the p-value (min_pvalue, gt_pvalue), else
			 * the statistic (max, lt) */
	struct bound b;
	enum gate_severity sev;
	enum drift_ks_method ks;  /* ks_method (default auto) */
	struct pos at;
};

struct dataset {
	char *name;
	char *path_raw, *path;    /* as written, and resolved */
	char *ref_raw, *ref;      /* NULL when no reference */
	struct pos at, path_at, ref_at;
	char **nulls;             /* NULL = the default list */
	size_t nnulls;
	char delim;               /* 0 = by file name */
	int skip_bad;
	enum gate_severity sev;
	struct bound rc_min, rc_max;  /* row_count: low and high side */
	struct bound null_max;
	char **required;
	size_t nrequired;
	struct pos required_at;
	int allow_extra;          /* default 1 */
	struct pos extra_at;
	int has_extra;
	int from_ref;             /* schema: {from: reference} */
	struct pos from_at;
	struct col_rule *cols;
	size_t ncols;
	/* drift */
	int has_drift;
	struct pos drift_at;
	int has_default;          /* a default method with a threshold */
	struct drift_rule def;
	unsigned bins;
	size_t min_rows;
	char **exclude;
	size_t nexclude;
	struct drift_rule *dcols;
	size_t ndcols;
	struct bound share_max;   /* drift.share.max */
	struct bound newcat_max;  /* drift.new_categories.max_share */
	struct pos newcat_at;
	size_t ngates;            /* gates this dataset declares */
};

struct data_policy {
	struct dataset *v;
	size_t n;
};

#endif
