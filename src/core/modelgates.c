/* modelgates: the `model:` section, parsed and evaluated in one place. */
#include "core/modelgates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"

/* At most this many entries in `model:` (checks that pair entries stay
 * fast; real policies have tens). */
#define MODELGATES_MAX_ENTRIES 10000

static int rule_uses_baseline(const struct metric_rule *r)
{
	return r->has_max_drop || r->has_max_drop_pct || r->has_max_rise ||
	       r->has_max_rise_pct;
}

static void rule_release(struct metric_rule *r)
{
	free(r->metric);
	free(r->description);
}

static int parse_baseline_rule(struct pol_ctx *c, const struct ynode *b,
			       struct metric_rule *r)
{
	static const char *const keys[] = {"max_drop", "max_drop_pct",
					   "max_rise", "max_rise_pct", NULL};
	struct {
		const char *key;
		int *has;
		double *v;
		int *line;
	} f[] = {
		{"max_drop", &r->has_max_drop, &r->max_drop, &r->drop_line},
		{"max_drop_pct", &r->has_max_drop_pct, &r->max_drop_pct, &r->drop_pct_line},
		{"max_rise", &r->has_max_rise, &r->max_rise, &r->rise_line},
		{"max_rise_pct", &r->has_max_rise_pct, &r->max_rise_pct, &r->rise_pct_line},
	};
	int rc = 0, any = 0;

	if (pol_expect(c, b, Y_MAP, "'baseline' in a model gate") < 0)
		return -1;
	if (pol_check_keys(c, b, keys, "a baseline rule"))
		rc = -1;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (pol_get_number(c, b, f[i].key, f[i].v, f[i].has) < 0) {
			rc = -1;
			continue;
		}
		if (!*f[i].has)
			continue;
		any = 1;
		*f[i].line = ynode_get(b, f[i].key)->line;
		if (*f[i].v < 0)
			rc = pol_err(c, ynode_get(b, f[i].key),
				     "'%s' must not be negative", f[i].key);
	}
	if (rc == 0 && !any)
		rc = pol_err(c, b, "baseline rule needs one of max_drop, max_drop_pct, max_rise, max_rise_pct");
	return rc;
}

static int cmp_rule_metric(const void *a, const void *b)
{
	const struct metric_rule *x = *(const struct metric_rule *const *)a;
	const struct metric_rule *y = *(const struct metric_rule *const *)b;
	int d = strcmp(x->metric, y->metric);
	return d ? d : (x->line > y->line) - (x->line < y->line);
}

/* Two entries declaring the same threshold on one metric would give two
 * gates one id.  Sorting by metric keeps this linear-logarithmic for
 * policies with thousands of gates. */
static int check_duplicate_thresholds(struct pol_ctx *c,
				      const struct modelgates *p)
{
	const struct metric_rule **v;
	int rc = 0;

	if (p->nrules < 2)
		return 0;
	v = xmalloc(p->nrules * sizeof(*v));
	for (size_t i = 0; i < p->nrules; i++)
		v[i] = &p->rules[i];
	qsort(v, p->nrules, sizeof(*v), cmp_rule_metric);
	for (size_t i = 0; i < p->nrules; i++) {
		for (size_t j = i + 1; j < p->nrules &&
				       strcmp(v[i]->metric, v[j]->metric) == 0; j++) {
			const struct metric_rule *o = v[i], *r = v[j];
			if ((o->has_min && r->has_min) || (o->has_max && r->has_max) ||
			    (o->has_max_drop && r->has_max_drop) ||
			    (o->has_max_drop_pct && r->has_max_drop_pct) ||
			    (o->has_max_rise && r->has_max_rise) ||
			    (o->has_max_rise_pct && r->has_max_rise_pct)) {
				mg_diag(c->d, MG_EXIT_USAGE, c->file, r->line, r->col,
					"'%s' has the same threshold declared twice (also at line %d)",
					r->metric, o->line);
				rc = -1;
			}
		}
	}
	free(v);
	return rc;
}

static void modelgates_free(void *sec)
{
	struct modelgates *p = sec;

	if (!p)
		return;
	for (size_t i = 0; i < p->nrules; i++)
		rule_release(&p->rules[i]);
	free(p->rules);
	free(p);
}

static int modelgates_parse(struct pol_ctx *c, const struct ynode *m,
			    void **out, size_t *ngates)
{
	static const char *const keys[] = {"metric", "min", "max", "severity",
					   "baseline", "description", NULL};
	struct modelgates *p;
	int rc = 0;

	if (pol_expect(c, m, Y_SEQ, "'model'") < 0)
		return -1;
	if (m->n > MODELGATES_MAX_ENTRIES)
		return pol_err(c, m, "'model' has %zu entries (limit %d)", m->n,
			       MODELGATES_MAX_ENTRIES);
	p = xcalloc(1, sizeof(*p));
	*out = p;
	p->rules = xcalloc(m->n ? m->n : 1, sizeof(*p->rules));
	for (size_t i = 0; i < m->n; i++) {
		const struct ynode *e = m->items[i], *b;
		struct metric_rule *r = &p->rules[p->nrules];
		const char *metric = NULL, *desc = NULL;
		int bad = 0;

		if (pol_expect(c, e, Y_MAP, "a model gate") < 0) {
			rc = -1;
			continue;
		}
		if (pol_check_keys(c, e, keys, "a model gate"))
			bad = 1;
		if (pol_get_string(c, e, "metric", &metric) < 0)
			bad = 1;
		else if (!metric)
			bad = pol_err(c, e, "model gate needs 'metric'");
		else if (!metric[0])
			bad = pol_err(c, ynode_get(e, "metric"), "'metric' is empty");
		if (pol_get_string(c, e, "description", &desc) < 0)
			bad = 1;
		if (pol_get_number(c, e, "min", &r->min, &r->has_min) < 0)
			bad = 1;
		if (pol_get_number(c, e, "max", &r->max, &r->has_max) < 0)
			bad = 1;
		if (pol_get_severity(c, e, &r->severity) < 0)
			bad = 1;
		b = ynode_get(e, "baseline");
		if (b && parse_baseline_rule(c, b, r) < 0)
			bad = 1;
		if (!bad && r->has_min && r->has_max && r->min > r->max)
			bad = pol_err(c, ynode_get(e, "min"),
				      "min %g is greater than max %g for '%s'",
				      r->min, r->max, metric);
		if (!bad && !r->has_min && !r->has_max && !b)
			bad = pol_err(c, e,
				      "gate on '%s' has no threshold (min, max or baseline)",
				      metric);
		if (bad) {
			memset(r, 0, sizeof(*r));
			rc = -1;
			continue;
		}
		r->metric = xstrdup(metric);
		r->description = desc ? xstrdup(desc) : NULL;
		r->line = e->line;
		r->col = e->col;
		if (r->has_min)
			r->min_line = ynode_get(e, "min")->line;
		if (r->has_max)
			r->max_line = ynode_get(e, "max")->line;
		*ngates += (size_t)(r->has_min + r->has_max + r->has_max_drop +
				      r->has_max_drop_pct + r->has_max_rise +
				      r->has_max_rise_pct);
		p->nrules++;
	}
	if (check_duplicate_thresholds(c, p) < 0)
		rc = -1;
	for (size_t i = 0; i < p->nrules; i++) {
		const struct metric_rule *r = &p->rules[i];
		if (rule_uses_baseline(r) && !c->has_baseline)
			mg_diag(c->d, MG_EXIT_USAGE, c->file, r->line, r->col,
				"gate on '%s' compares with a baseline, but the policy has no 'baseline'",
				r->metric);
	}
	if (p->nrules && !c->has_metrics)
		pol_err(c, m,
			"'model' gates need a metrics file: set 'metrics:' or pass --metrics");
	return rc;
}


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

void modelgates_evaluate(const struct modelgates *p, const struct eval_ctx *ctx,
			 struct gate_list *gates)
{
	const struct jval *metrics = ctx->metrics, *baseline = ctx->baseline;
	const char *load_error = ctx->metrics_error;

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

static unsigned modelgates_needs(const void *sec)
{
	const struct modelgates *p = sec;
	unsigned need = 0;

	for (size_t i = 0; i < p->nrules; i++) {
		need |= SECTION_NEEDS_METRICS;
		if (rule_uses_baseline(&p->rules[i]))
			need |= SECTION_NEEDS_BASELINE;
	}
	return need;
}

static int modelgates_eval(const void *sec, const struct eval_ctx *ctx,
			   struct gate_list *gates, struct mg_error *err)
{
	(void)err;
	modelgates_evaluate(sec, ctx, gates);
	return 0;
}

const struct section_ops modelgates_section = {
	.key = "model",
	.parse = modelgates_parse,
	.needs = modelgates_needs,
	.evaluate = modelgates_eval,
	.free = modelgates_free,
};
