/* fairness: group fairness as Fairlearn defines it (fairlearn.metrics),
 * over clfmetrics' metrics: a partition of the rows into groups (one column,
 * or the intersection of several: a group per combination of values that
 * occurs), a metric per group (MetricFrame.by_group), its difference and
 * ratio between groups (MetricFrame.difference() / ratio(),
 * method='between_groups': max − min and min / max), and demographic parity
 * and equalized odds.  A group with fewer rows than min_group_size is
 * reported as insufficient data and left out of the comparison, never
 * dropped silently; a value that is 0/0 is undefined, never 0 (Fairlearn
 * returns 0 for a rate with an empty denominator).  Pure math: the caller
 * owns the data; each result owns its arrays. */
#ifndef MLGATE_FAIRNESS_H
#define MLGATE_FAIRNESS_H

#include <stddef.h>

#include "model/clfmetrics.h"

#define FM_WHY_SIZE 400

/* Rows split into groups.  Groups are sorted by the columns in turn, each
 * column in the order of its own group indices. */
struct fm_partition {
	size_t n;          /* rows */
	size_t ngroups;
	size_t *row_group; /* n: the group of each row */
	size_t *size;      /* rows per group */
	char **names;      /* the group's values, joined by ", " */
};

/* The intersection of `ncols` columns: col[j][i] is the group index of row
 * i in column j, col_names[j][g] the name of group g of column j. */
void fm_partition_make(size_t n, size_t ncols, const size_t *const *col,
		       const char *const *const *col_names,
		       struct fm_partition *out);
void fm_partition_release(struct fm_partition *p);

enum fm_status { FM_GROUP_OK, FM_GROUP_SMALL, FM_GROUP_UNDEFINED };

struct fm_value {
	enum fm_status status;
	size_t n;
	double v;                /* NaN unless FM_GROUP_OK */
	char why[PM_WHY_SIZE];   /* FM_GROUP_UNDEFINED: the reason */
};

/* One metric by group, and its spread between the compared groups. */
struct fm_frame {
	enum pm_metric metric;
	size_t ngroups;
	struct fm_value *g;
	size_t compared, small;  /* groups compared / below min_group_size */
	int defined;             /* difference (and lo, hi) have values */
	int ratio_defined;       /* also ratio */
	char why[FM_WHY_SIZE];   /* when !defined, or !ratio_defined */
	size_t lo, hi;           /* the groups with the smallest / largest value */
	double difference;       /* max − min */
	double ratio;            /* min / max; undefined when max is 0 */
};

/* The metric `m` per group of `p` over the rows of `d`, with parameters
 * `par`.  Undefined (with a reason) when fewer than two groups have at
 * least min_group_size rows, or when the metric is undefined in one of
 * them. */
void fm_frame_compute(const struct pm_data *d, const struct fm_partition *p,
		      enum pm_metric m, const struct pm_params *par,
		      size_t min_group_size, struct fm_frame *f);
void fm_frame_release(struct fm_frame *f);

/* The aggregate measures of fairlearn.metrics. */
enum fm_measure {
	FM_DP_DIFFERENCE, /* selection rate: max − min over groups */
	FM_DP_RATIO,      /* selection rate: min / max */
	FM_EO_DIFFERENCE, /* the larger of the TPR and FPR differences */
	FM_EO_RATIO,      /* the smaller of the TPR and FPR ratios */
	FM_NMEASURES
};

const char *fm_measure_name(enum fm_measure m);
int fm_measure_from_name(const char *name); /* or -1 */

struct fm_result {
	int defined;
	double v;
	char why[FM_WHY_SIZE];
	struct fm_frame frame[2]; /* selection rate; or TPR and FPR */
	size_t nframes;
	size_t decided;           /* the frame whose value is v */
};

void fm_measure_compute(const struct pm_data *d, const struct fm_partition *p,
			enum fm_measure m, const struct pm_params *par,
			size_t min_group_size, struct fm_result *r);
void fm_result_release(struct fm_result *r);

#endif
