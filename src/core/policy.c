#define _POSIX_C_SOURCE 200809L
#include "core/policy.h"

#include <stdlib.h>
#include <string.h>

#include "common/trust.h"


char *policy_path(const struct policy *p, const char *rel)
{
	return mg_path_relative_to(p->path, rel);
}

/* ----- ${VAR} expansion ----- */

/* The policy may read only the variables the operator allows (trust.h);
 * `$${` is a literal `${`.  Messages quote the text as written. */
static int expand_scalar(struct pol_ctx *c, struct ynode *n, int defer)
{
	struct sbuf sb = SBUF_INIT;
	const char *s = n->str;

	if (!strstr(s, "${"))
		return 0;
	while (*s) {
		const char *end, *def;
		char *name;
		const char *val;

		if (s[0] == '$' && s[1] == '$' && s[2] == '{') {
			sbuf_adds(&sb, "${");
			s += 3;
			continue;
		}
		if (s[0] != '$' || s[1] != '{') {
			sbuf_addc(&sb, *s++);
			continue;
		}
		end = strchr(s + 2, '}');
		if (!end) {
			sbuf_release(&sb);
			return pol_err(c, n, "unterminated '${' in \"%s\" (write $${ for a literal ${)",
				       n->raw);
		}
		def = strstr(s + 2, ":-");
		if (def && def > end)
			def = NULL;
		name = xstrndup(s + 2, (size_t)((def ? def : end) - (s + 2)));
		if (!name[0]) {
			free(name);
			sbuf_release(&sb);
			return pol_err(c, n, "empty variable name in \"%s\"", n->raw);
		}
		for (const char *q = name; *q; q++) {
			if (!(*q == '_' || (*q >= 'A' && *q <= 'Z') ||
			      (*q >= 'a' && *q <= 'z') ||
			      (q > name && *q >= '0' && *q <= '9'))) {
				pol_err(c, n, "invalid variable name '%s'", name);
				free(name);
				sbuf_release(&sb);
				return -1;
			}
		}
		/* a variable the policy may not read: its default when it has
		 * one (under --untrusted-policy always, otherwise when the
		 * variable is unset, so nothing is read), else an error */
		if (!trust_env_allowed(name) && def &&
		    (trust_untrusted() || !getenv(name))) {
			sbuf_add(&sb, def + 2, (size_t)(end - (def + 2)));
			free(name);
			s = end + 1;
			continue;
		}
		if (!trust_env_allowed(name)) {
			if (trust_untrusted())
				pol_err(c, n, "'${%s}' in \"%s\": an untrusted policy reads no "
					"environment variable", name, n->raw);
			else
				pol_err(c, n, "'${%s}' in \"%s\": the operator has not allowed this "
					"variable (add it to MLGATE_ALLOWED_ENV; see doc/policy.md)",
					name, n->raw);
			free(name);
			sbuf_release(&sb);
			return -1;
		}
		val = getenv(name);
		if (val && (val[0] || !def)) {
			sbuf_adds(&sb, val);
		} else if (def) {
			sbuf_add(&sb, def + 2, (size_t)(end - (def + 2)));
		} else if (defer) {
			/* used only when promotion runs: the promote section
			 * says so then, not a check that never promotes */
			free(name);
			sbuf_release(&sb);
			n->deferred = 1;
			return 0;
		} else {
			pol_err(c, n,
				"environment variable '%s' is not set (use ${%s:-default} for a default)",
				name, name);
			free(name);
			sbuf_release(&sb);
			return -1;
		}
		free(name);
		s = end + 1;
	}
	free(n->str);
	n->len = sb.len;
	n->str = sbuf_detach(&sb);
	return 0;
}

/* `defer`: an unset variable is left for later (under `promote:`). */
static void expand_tree(struct pol_ctx *c, struct ynode *n, int defer)
{
	if (n->kind == Y_SCALAR) {
		expand_scalar(c, n, defer);
		return;
	}
	for (size_t i = 0; i < n->n; i++)
		expand_tree(c, n->items[i], defer ||
			    (n == c->root && n->kind == Y_MAP && strcmp(n->keys[i]->str, "promote") == 0));
}

/* ----- --set overrides ----- */

/* In a list, the entry named `seg` is the map whose `metric` or `name` is
 * seg; with several (one metric, several gate entries), prefer the one that
 * already has `next` as a key. */
static struct ynode *find_entry(struct ynode *seq, const char *seg,
				const char *next)
{
	struct ynode *first = NULL;

	for (size_t i = 0; i < seq->n; i++) {
		struct ynode *e = seq->items[i];
		struct ynode *id = ynode_get(e, "metric");
		if (!id)
			id = ynode_get(e, "name");
		if (!id || id->kind != Y_SCALAR || strcmp(id->str, seg) != 0)
			continue;
		if (!first)
			first = e;
		if (next && ynode_get(e, next))
			return e;
	}
	return first;
}

static int apply_set(struct pol_ctx *c, struct ynode *root, const char *set)
{
	const char *eq = strchr(set, '=');
	char *path, *save = NULL, *seg;
	struct ynode *cur = root;
	int rc = 0;

	if (!eq || eq == set)
		return mg_diag(c->d, MG_EXIT_USAGE, "--set", 0, 0,
			       "'%s' is not KEY=VALUE", set);
	path = xstrndup(set, (size_t)(eq - set));
	seg = strtok_r(path, ".", &save);
	while (seg) {
		char *next = strtok_r(NULL, ".", &save);
		struct ynode *child;

		if (cur->kind == Y_SEQ) {
			child = find_entry(cur, seg, next);
		} else if (cur->kind == Y_MAP) {
			child = ynode_get(cur, seg);
			if (!child && !next) {
				ynode_map_set(cur, seg,
					      ynode_new_scalar(eq + 1, 1, 0, 0));
				break;
			}
		} else {
			child = NULL;
		}
		if (!child) {
			rc = mg_diag(c->d, MG_EXIT_USAGE, "--set", 0, 0,
				     "'%.*s': no '%s' in the policy",
				     (int)(eq - set), set, seg);
			break;
		}
		if (!next) {
			if (child->kind != Y_SCALAR) {
				rc = mg_diag(c->d, MG_EXIT_USAGE, "--set", 0, 0,
					     "'%.*s' is %s; --set only replaces scalars",
					     (int)(eq - set), set,
					     ynode_kind_name(child));
				break;
			}
			free(child->str);
			free(child->raw);
			child->str = xstrdup(eq + 1);
			child->raw = xstrdup(eq + 1);
			child->len = strlen(child->str);
			child->deferred = 0;
			child->plain = 1;
			break;
		}
		cur = child;
		seg = next;
	}
	free(path);
	return rc;
}

/* ----- waivers: ----- */

static int valid_date(const char *s)
{
	int y, m, d;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

static int parse_waivers(struct pol_ctx *c, struct policy *p,
			 const struct ynode *w)
{
	static const char *const keys[] = {"gate", "until", "reason", NULL};
	int rc = 0;

	if (pol_expect(c, w, Y_SEQ, "'waivers'") < 0)
		return -1;
	if (w->n > POLICY_MAX_ENTRIES)
		return pol_err(c, w, "'waivers' has %zu entries (limit %d)", w->n,
			       POLICY_MAX_ENTRIES);
	p->waivers = xcalloc(w->n ? w->n : 1, sizeof(*p->waivers));
	for (size_t i = 0; i < w->n; i++) {
		const struct ynode *e = w->items[i];
		const char *gate = NULL, *until = NULL, *reason = NULL;
		struct waiver *wv;

		if (pol_expect(c, e, Y_MAP, "a waiver") < 0) {
			rc = -1;
			continue;
		}
		if (pol_check_keys(c, e, keys, "a waiver") ||
		    pol_get_string(c, e, "gate", &gate) < 0 ||
		    pol_get_string(c, e, "until", &until) < 0 ||
		    pol_get_string(c, e, "reason", &reason) < 0) {
			rc = -1;
			continue;
		}
		if (!gate || !until || !reason || !reason[0]) {
			rc = pol_err(c, e,
				     "a waiver needs 'gate', 'until' and a non-empty 'reason'");
			continue;
		}
		if (!valid_date(until)) {
			rc = pol_err(c, ynode_get(e, "until"),
				     "'until' must be a date YYYY-MM-DD, not '%s'",
				     until);
			continue;
		}
		wv = &p->waivers[p->nwaivers++];
		wv->pattern = xstrdup(gate);
		memcpy(wv->until, until, 11);
		wv->reason = xstrdup(reason);
		wv->line = e->line;
		wv->col = e->col;
	}
	return rc;
}

/* ----- top level ----- */

/* The keys the loader owns; the table adds one per section. */
static const char *const own_keys[] = {"version", "name", "metrics",
				       "baseline", "waivers", NULL};

static int parse_path_key(struct pol_ctx *c, const struct ynode *root,
			  const char *key, char **out)
{
	const char *s = NULL;

	if (pol_get_string(c, root, key, &s) < 0)
		return -1;
	if (!s)
		return 0;
	if (!s[0])
		return pol_err(c, ynode_get(root, key), "'%s' is empty", key);
	*out = pol_path(c, s);
	return 0;
}

static void check_top_keys(struct pol_ctx *c, const struct policy *p)
{
	const char **keys = xcalloc(p->nsec + 6, sizeof(*keys));
	size_t n = 0;

	for (size_t i = 0; i < 4; i++)
		keys[n++] = own_keys[i];
	for (size_t i = 0; i < p->nsec; i++)
		keys[n++] = p->table->sections[i]->key;
	keys[n++] = own_keys[4];
	pol_check_keys(c, p->root, keys, "the policy");
	free(keys);
}

static void parse_section(struct pol_ctx *c, struct policy *p,
			  const struct section_ops *ops, const struct ynode *n,
			  void **slot)
{
	size_t ngates = 0;

	ops->parse(c, n, slot, &ngates);
	p->ngates += ngates;
}

static void validate(struct pol_ctx *c, struct policy *p,
		     const struct policy_opts *o)
{
	const struct ynode *root = p->root, *n;
	const char *name = NULL;
	double version;
	int present;

	if (root->kind != Y_MAP) {
		pol_err(c, root, "a policy must be a mapping, not %s",
			ynode_kind_name(root));
		return;
	}
	check_top_keys(c, p);
	n = ynode_get(root, "version");
	if (!n)
		pol_err(c, NULL, "missing 'version: 1'");
	else if (pol_get_number(c, root, "version", &version, &present) == 0 &&
		 version != 1)
		pol_err(c, n, "unsupported policy version %s (this mlgate reads version 1)",
			n->str);
	if (pol_get_string(c, root, "name", &name) == 0 && name)
		p->name = xstrdup(name);
	n = ynode_get(root, "metrics");
	if (o && o->metrics)
		p->metrics_path = xstrdup(o->metrics);
	else if (n && n->kind == Y_MAP && p->table->metrics)
		parse_section(c, p, p->table->metrics, n, &p->metrics_sec);
	else if (parse_path_key(c, root, "metrics", &p->metrics_path) == 0 &&
		 (n = ynode_get(root, "metrics"))) {
		p->metrics_line = n->line;
		p->metrics_col = n->col;
	}
	n = ynode_get(root, "baseline");
	if (o && o->baseline)
		p->baseline_path = xstrdup(o->baseline);
	else if (n && n->kind == Y_MAP && p->table->baseline)
		parse_section(c, p, p->table->baseline, n, &p->baseline_sec);
	else
		parse_path_key(c, root, "baseline", &p->baseline_path);
	c->has_metrics = p->metrics_path || p->metrics_sec;
	c->has_baseline = p->baseline_path || p->baseline_sec;
	for (size_t i = 0; i < p->nsec; i++) {
		const struct section_ops *ops = p->table->sections[i];

		if ((n = ynode_get(root, ops->key)))
			parse_section(c, p, ops, n, &p->sec[i]);
	}
	if ((n = ynode_get(root, "waivers")))
		parse_waivers(c, p, n);
	if (c->d->n == 0 && p->ngates == 0 && !(o && o->allow_no_gates))
		pol_err(c, NULL,
			"the policy declares no gates: a gate that checks nothing never passes");
}

/* Parse and validate p->text (already read); frees p on failure. */
static struct policy *load_text(struct policy *p, const struct policy_opts *o,
				struct mg_diags *d)
{
	struct pol_ctx c = {p->path, d, 0, 0, NULL};
	struct mg_error err;
	size_t before = d->n;

	p->root = yaml_parse(p->text, p->text_len, p->path, MG_EXIT_USAGE, &err);
	if (!p->root) {
		mg_diags_add(d, &err);
		goto fail;
	}
	if (p->root->kind == Y_MAP && p->root->n == 0) {
		pol_err(&c, NULL, "the policy is empty");
		goto fail;
	}
	c.root = p->root;
	expand_tree(&c, p->root, 0);
	for (size_t i = 0; o && i < o->nsets; i++)
		apply_set(&c, p->root, o->sets[i]);
	if (d->n > before)
		goto fail;
	validate(&c, p, o);
	if (d->n > before)
		goto fail;
	return p;
fail:
	policy_free(p);
	return NULL;
}

static struct policy *policy_new(const char *path, const struct section_table *t)
{
	struct policy *p = xcalloc(1, sizeof(*p));

	p->path = xstrdup(path);
	p->table = t;
	while (t->sections[p->nsec])
		p->nsec++;
	p->sec = xcalloc(p->nsec ? p->nsec : 1, sizeof(*p->sec));
	return p;
}

struct policy *policy_load(const char *path, const struct section_table *t,
			   const struct policy_opts *o, struct mg_diags *d)
{
	struct policy *p = policy_new(path, t);
	struct mg_error err;

	p->text = mg_read_file(path, POLICY_MAX_BYTES, &p->text_len, &err);
	if (!p->text) {
		if (err.kind == MG_ERR_TOO_LARGE)
			err.code = MG_EXIT_USAGE;
		mg_diags_add(d, &err);
		policy_free(p);
		return NULL;
	}
	return load_text(p, o, d);
}

struct policy *policy_load_buffer(const char *text, size_t len,
				  const char *name,
				  const struct section_table *t,
				  const struct policy_opts *o,
				  struct mg_diags *d)
{
	struct policy *p = policy_new(name, t);

	if (len > POLICY_MAX_BYTES) {
		mg_diag(d, MG_EXIT_USAGE, name, 0, 0,
			"file is larger than the limit of %u bytes",
			POLICY_MAX_BYTES);
		policy_free(p);
		return NULL;
	}
	p->text = xstrndup(text, len);
	p->text_len = len;
	return load_text(p, o, d);
}

void policy_free(struct policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nwaivers; i++) {
		free(p->waivers[i].pattern);
		free(p->waivers[i].reason);
	}
	free(p->waivers);
	for (size_t i = 0; i < p->nsec; i++)
		if (p->sec[i])
			p->table->sections[i]->free(p->sec[i]);
	free(p->sec);
	if (p->baseline_sec)
		p->table->baseline->free(p->baseline_sec);
	if (p->metrics_sec)
		p->table->metrics->free(p->metrics_sec);
	ynode_free(p->root);
	free(p->name);
	free(p->metrics_path);
	free(p->baseline_path);
	free(p->text);
	free(p->path);
	free(p);
}

const void *policy_section(const struct policy *p, const struct section_ops *ops)
{
	if (ops && ops == p->table->baseline)
		return p->baseline_sec;
	if (ops && ops == p->table->metrics)
		return p->metrics_sec;
	for (size_t i = 0; i < p->nsec; i++)
		if (p->table->sections[i] == ops)
			return p->sec[i];
	return NULL;
}
