/* fuzz target: ${VAR} expansion and --set overrides on a policy.  Input:
 * POLICY, then up to 8 --set KEY=VALUE strings, each after "\n%%\n".  The
 * environment holds allowed variables and credentials whose values carry
 * a marker.  Invariants (the marker checks apply when the input does not
 * spell the marker out itself): refused with at least one message and code 2/3,
 * or accepted with none; no message, and no expanded scalar of an accepted
 * policy, holds a credential's value (a policy must never read a secret). */
#define _GNU_SOURCE /* memmem */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "core/policy.h"
#include "ext/yamltree.h"

#define MARKER "fUzZ5ecretMarker"

static void setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	setenv("MLFLOW_TRACKING_TOKEN", MARKER "-token", 1);
	setenv("MLFLOW_TRACKING_PASSWORD", MARKER "-password", 1);
	setenv("FUZZ_API_KEY", MARKER "-key", 1);
	setenv("GITHUB_TOKEN", MARKER "-gh", 1);
	setenv("FUZZ_NAME", "candidate", 1);
	setenv("FUZZ_MIN", "0.5", 1);
	setenv("FUZZ_EMPTY", "", 1);
	setenv("MLGATE_ALLOWED_ENV", "FUZZ_*,GITHUB_*", 1);
}

static int input_has_marker; /* the input spells it out itself */

static void no_marker(const char *s)
{
	FUZZ_ASSERT(input_has_marker || !s || !strstr(s, MARKER));
}

static void check_tree(const struct ynode *n)
{
	if (!n)
		return;
	if (n->kind == Y_SCALAR)
		no_marker(n->str);
	for (size_t i = 0; i < n->n; i++) {
		if (n->keys)
			check_tree(n->keys[i]);
		check_tree(n->items[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *sets[8];
	size_t plen, nsets = 0;
	struct policy_opts o;
	struct mg_diags d;
	struct policy *pol;

	setup();
	input_has_marker = memmem(data, size, MARKER, strlen(MARKER)) != NULL;
	plen = fuzz_next_part(&p, end, "\n%%\n", 4);
	while (p < end && nsets < 8) {
		const uint8_t *s = p;
		size_t n = fuzz_next_part(&p, end, "\n%%\n", 4);
		if (memchr(s, 0, n))
			continue; /* a command-line argument holds no NUL */
		sets[nsets] = malloc(n + 1);
		memcpy(sets[nsets], s, n);
		sets[nsets++][n] = '\0';
	}
	memset(&o, 0, sizeof(o));
	o.sets = (const char *const *)sets;
	o.nsets = nsets;
	mg_diags_init(&d);
	pol = fuzz_load_policy("", data, plen, &o, &d);
	for (size_t i = 0; i < d.n; i++)
		no_marker(d.v[i].msg);
	if (pol) {
		check_tree(pol->root);
		no_marker(pol->name);
		policy_free(pol);
	}
	mg_diags_release(&d);
	for (size_t i = 0; i < nsets; i++)
		free(sets[i]);
	return 0;
}
