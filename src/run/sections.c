/* sections: the table of policy sections, one line each, in the order
 * their gates are evaluated and reported.  Adding a section is one new
 * module with a `const struct section_ops` plus one line here. */
#include "run/run.h"

#include "core/modelgates.h"
#include "data/data.h"
#include "model/artifacts.h"
#include "model/latency.h"
#include "model/predictions_section.h"
#include "registry/promote.h"

static const struct section_ops *const sections[] = {
	&modelgates_section,
	&data_section,
	&predictions_section,
	&artifacts_section,
	&latency_section,
	&promote_section,
	NULL,
};

const struct section_table run_sections = {
	.sections = sections,
	.baseline = &promote_baseline_section,
	.metrics = &promote_metrics_section,
};
