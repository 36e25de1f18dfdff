#include "core/modelgates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"

static struct gate_result *add(struct gate_list *gates,
			       const struct metric_rule *r, const char *suffix,
			       const char *kind, int line)
{
	char *id = xasprintf("model.%s.%s", r->metric, suffix);
	struct gate_result *g = gates_add(gates, id, kind);

	free(id);
	gate_set_str(&g->target, r->metric);
	g->severity = r->severity;
	g->line = line ? line : r->line;
	g->col = line ? 0 : r->col;
	return g;
}

static void fmt(char *buf, size_t n, double v)
{
	mg_fmt_double(buf, n, v);
}

/* The baseline threshold for one comparison rule.  Returns 0 or -1 with a
 * reason (a _pct rule needs a non-zero baseline). */
static int baseline_threshold(const char *which, double base, double amount,
			      double *t, enum gate_op *op, char *why, size_t n)
{
	if (strcmp(which, "max_drop") == 0) {
		*t = base - amount;
		*op = OP_GE;
	} else if (strcmp(which, "max_rise") == 0) {
		*t = base + amount;
		*op = OP_LE;
	} else {
		if (base == 0) {
			snprintf(why, n, "baseline value is 0: a percentage change from 0 is undefined");
			return -1;
		}
		if (strcmp(which, "max_drop_pct") == 0) {
			*t = base - fabs(base) * amount / 100.0;
			*op = OP_GE;
		} else {
			*t = base + fabs(base) * amount / 100.0;
			*op = OP_LE;
		}
	}
	return 0;
}

void model_evaluate(const struct policy *p, const struct jval *metrics,
		    const struct jval *baseline, const char *load_error,
		    struct gate_list *gates)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct metric_rule *r = &p->rules[i];
		struct {
			int has;
			const char *name;
			double amount;
			int line;
		} cmp[] = {
			{r->has_max_drop, "max_drop", r->max_drop, r->drop_line},
			{r->has_max_drop_pct, "max_drop_pct", r->max_drop_pct, r->drop_pct_line},
			{r->has_max_rise, "max_rise", r->max_rise, r->rise_line},
			{r->has_max_rise_pct, "max_rise_pct", r->max_rise_pct, r->rise_pct_line},
		};
		char why[300] = "", vbuf[40], tbuf[40];
		double value = NAN, base = NAN;
		int have_value, have_base = 0;
		char base_why[300] = "";

		have_value = metrics && metrics_number(metrics, r->metric, &value,
						       why, sizeof(why)) == 0;
		if (!metrics)
			snprintf(why, sizeof(why), "%s", load_error ? load_error : "no metrics");
		if (baseline)
			have_base = metrics_number(baseline, r->metric, &base,
						   base_why, sizeof(base_why)) == 0;

		if (r->has_min) {
			struct gate_result *g = add(gates, r, "min", "metric", r->min_line);
			g->threshold = r->min;
			g->op = OP_GE;
			if (have_base)
				g->baseline = base;
			if (!have_value) {
				gate_error(g, "metric '%s' %s", r->metric, why);
			} else {
				gate_judge(g, value);
				fmt(vbuf, sizeof(vbuf), value);
				fmt(tbuf, sizeof(tbuf), r->min);
				gate_message(g, "%s = %s %s min %s", r->metric, vbuf,
					     g->status == GS_PASS ? ">=" : "<", tbuf);
			}
		}
		if (r->has_max) {
			struct gate_result *g = add(gates, r, "max", "metric", r->max_line);
			g->threshold = r->max;
			g->op = OP_LE;
			if (have_base)
				g->baseline = base;
			if (!have_value) {
				gate_error(g, "metric '%s' %s", r->metric, why);
			} else {
				gate_judge(g, value);
				fmt(vbuf, sizeof(vbuf), value);
				fmt(tbuf, sizeof(tbuf), r->max);
				gate_message(g, "%s = %s %s max %s", r->metric, vbuf,
					     g->status == GS_PASS ? "<=" : ">", tbuf);
			}
		}
		for (size_t k = 0; k < sizeof(cmp) / sizeof(cmp[0]); k++) {
			char suffix[64], bwhy[200], bbuf[40];
			struct gate_result *g;
			double t;
			enum gate_op op;

			if (!cmp[k].has)
				continue;
			snprintf(suffix, sizeof(suffix), "baseline.%s", cmp[k].name);
			g = add(gates, r, suffix, "baseline", cmp[k].line);
			if (!have_value) {
				gate_error(g, "metric '%s' %s", r->metric, why);
				continue;
			}
			g->value = value;
			if (!baseline) {
				gate_error(g, "no baseline metrics to compare with");
				continue;
			}
			if (!have_base) {
				gate_error(g, "baseline metric '%s' %s", r->metric,
					   base_why);
				continue;
			}
			g->baseline = base;
			if (baseline_threshold(cmp[k].name, base, cmp[k].amount, &t,
					       &op, bwhy, sizeof(bwhy)) < 0) {
				gate_error(g, "%s", bwhy);
				continue;
			}
			g->threshold = t;
			g->op = op;
			gate_judge(g, value);
			fmt(vbuf, sizeof(vbuf), value);
			fmt(bbuf, sizeof(bbuf), base);
			snprintf(tbuf, sizeof(tbuf), "%.6g", t);
			gate_message(g, "%s = %s vs baseline %s (%+.6g); must be %s %s",
				     r->metric, vbuf, bbuf, value - base,
				     gate_op_symbol(op), tbuf);
		}
	}
}
