/* modelgates: the `model:` section, parsed and evaluated in one place. */
#include "core/modelgates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/metrics.h"

/* At most this many entries in `model:` (checks that pair entries stay
 * fast; real policies have tens). */
#define MODELGATES_MAX_ENTRIES 10000

/* Keys of the baseline comparisons (enum metric_cmp) and how a passing
 * value compares with the derived threshold. */
static const char *const cmp_keys[MC_N + 1] = {"max_drop", "max_drop_pct",
					       "max_rise", "max_rise_pct", NULL};
static const enum gate_op cmp_ops[MC_N] = {OP_GE, OP_GE, OP_LE, OP_LE};

static int rule_uses_baseline(const struct metric_rule *r)
{
	for (int k = 0; k < MC_N; k++)
		if (bound_is_set(&r->cmp[k]))
			return 1;
	return 0;
}

/* How many gates a rule gives: one per threshold. */
static size_t rule_ngates(const struct metric_rule *r)
{
	size_t n = (size_t)(bound_is_set(&r->min) + bound_is_set(&r->max));

	for (int k = 0; k < MC_N; k++)
		n += (size_t)bound_is_set(&r->cmp[k]);
	return n;
}

/* Do two rules on one metric declare the same threshold? */
static int rules_overlap(const struct metric_rule *a, const struct metric_rule *b)
{
	if ((bound_is_set(&a->min) && bound_is_set(&b->min)) ||
	    (bound_is_set(&a->max) && bound_is_set(&b->max)))
		return 1;
	for (int k = 0; k < MC_N; k++)
		if (bound_is_set(&a->cmp[k]) && bound_is_set(&b->cmp[k]))
			return 1;
	return 0;
}

static void rule_release(struct metric_rule *r)
{
	free(r->metric);
	free(r->description);
}

static int parse_baseline_rule(struct pol_ctx *c, const struct ynode *b,
			       struct metric_rule *r)
{
	int rc = 0, any = 0;

	if (pol_expect(c, b, Y_MAP, "'baseline' in a model gate") < 0)
		return -1;
	if (pol_check_keys(c, b, cmp_keys, "a baseline rule"))
		rc = -1;
	for (int k = 0; k < MC_N; k++) {
		if (pol_get_bound(c, b, cmp_keys[k], cmp_ops[k], &r->cmp[k]) < 0) {
			rc = -1;
			continue;
		}
		if (!bound_is_set(&r->cmp[k]))
			continue;
		any = 1;
		if (r->cmp[k].value < 0)
			rc = pol_err(c, ynode_get(b, cmp_keys[k]),
				     "'%s' must not be negative", cmp_keys[k]);
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
			if (rules_overlap(o, r)) {
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
	static const char *const keys[] = {"metric", "min", "max", "gt", "lt",
					   "warn", "severity", "baseline",
					   "description", NULL};
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
		if (metric) {
			char *where = xasprintf("gate on '%s'", metric);
			if (pol_get_bounds(c, e, &pol_bounds_range, where,
					   &r->min, &r->max) < 0)
				bad = 1;
			free(where);
		}
		if (pol_get_severity(c, e, &r->severity) < 0)
			bad = 1;
		b = ynode_get(e, "baseline");
		if (b && parse_baseline_rule(c, b, r) < 0)
			bad = 1;
		if (!bad && !bound_is_set(&r->min) && !bound_is_set(&r->max) && !b)
			bad = pol_err(c, e,
				      "gate on '%s' has no threshold (min, gt, max, lt, warn or baseline)",
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
		*ngates += rule_ngates(r);
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

/* The threshold a baseline comparison derives from the baseline value.
 * Returns 0, or -1 with err (a _pct rule needs a non-zero baseline). */
static int baseline_threshold(enum metric_cmp k, double base, double amount,
			      double *t, struct mg_error *err)
{
	switch (k) {
	case MC_MAX_DROP:
		*t = base - amount;
		return 0;
	case MC_MAX_RISE:
		*t = base + amount;
		return 0;
	default:
		break;
	}
	if (base == 0)
		return mg_errorf(err, MG_EXIT_INPUT, NULL, 0, 0,
				 "baseline value is 0: a percentage change from 0 is undefined");
	if (k == MC_MAX_DROP_PCT)
		*t = base - fabs(base) * amount / 100.0;
	else
		*t = base + fabs(base) * amount / 100.0;
	return 0;
}

/* One gate of a threshold on the value itself. */
static void value_gate(struct gate_list *gates, const struct metric_rule *r,
		       const struct bound *b, int have_value, double value,
		       int have_base, double base, const char *why)
{
	struct gate_result *g = add(gates, r, bound_name(b), "metric", b->line);

	gate_set_bound(g, b);
	if (have_base)
		g->baseline = base;
	if (!have_value)
		gate_error(g, "metric '%s' %s", r->metric, why);
	else
		gate_judge_bound(g, b, value, r->metric);
}

void modelgates_evaluate(const struct modelgates *p, const struct eval_ctx *ctx,
			 struct gate_list *gates)
{
	const struct jval *metrics = ctx->metrics, *baseline = ctx->baseline;
	const char *load_error = ctx->metrics_error;

	for (size_t i = 0; i < p->nrules; i++) {
		const struct metric_rule *r = &p->rules[i];
		char why[300] = "", base_why[300] = "";
		double value = NAN, base = NAN;
		int have_value, have_base = 0;

		have_value = metrics && metrics_number(metrics, r->metric, &value,
						       why, sizeof(why)) == 0;
		if (!metrics)
			snprintf(why, sizeof(why), "%s", load_error ? load_error : "no metrics");
		if (baseline)
			have_base = metrics_number(baseline, r->metric, &base,
						   base_why, sizeof(base_why)) == 0;

		if (bound_is_set(&r->min))
			value_gate(gates, r, &r->min, have_value, value,
				   have_base, base, why);
		if (bound_is_set(&r->max))
			value_gate(gates, r, &r->max, have_value, value,
				   have_base, base, why);
		for (int k = 0; k < MC_N; k++) {
			const struct bound *b = &r->cmp[k];
			char suffix[64], vbuf[40], bbuf[40], tbuf[40];
			struct gate_result *g;
			struct bound t;
			struct mg_error e;

			if (!bound_is_set(b))
				continue;
			snprintf(suffix, sizeof(suffix), "baseline.%s", cmp_keys[k]);
			g = add(gates, r, suffix, "baseline", b->line);
			if (!have_value) {
				gate_error(g, "metric '%s' %s", r->metric, why);
				continue;
			}
			g->value = value;
			if (!baseline && ctx->baseline_skip) {
				gate_skip(g, "%s", ctx->baseline_skip);
				continue;
			}
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
			t = *b;
			if (baseline_threshold((enum metric_cmp)k, base, b->value,
					       &t.value, &e) < 0) {
				gate_error(g, "%s", e.msg);
				continue;
			}
			mg_fmt_double(vbuf, sizeof(vbuf), value);
			mg_fmt_double(bbuf, sizeof(bbuf), base);
			mg_fmt_double(tbuf, sizeof(tbuf), t.value);
			g->threshold = t.value;
			g->op = t.op;
			gate_judge(g, value);
			gate_message(g, "%s = %s vs baseline %s (%+.6g); must be %s %s",
				     r->metric, vbuf, bbuf, value - base,
				     gate_op_symbol(t.op), tbuf);
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
