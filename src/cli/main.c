#define _GNU_SOURCE /* prctl */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli/commands.h"
#include "common/escape.h"
#include "common/num.h"
#include "common/util.h"

/* mlgate holds registry tokens in memory: a crash must not write them to a
 * core file, and no other process of the user may read its memory
 * (PR_SET_DUMPABLE 0 also stops ptrace attach).  LeakSanitizer inspects
 * the process through ptrace, so sanitizer builds keep it dumpable. */
static void no_core_dumps(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
#if !defined(__SANITIZE_ADDRESS__)
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

/* MLflow reads its boolean variables strictly (true/false/1/0, case
 * ignored) and so does mlgate: "yes" must not silently mean false. */
static void refuse_setting(const char *name, const char *want, const char *v)
{
	struct sbuf shown = SBUF_INIT;

	esc_terminal(&shown, v, strlen(v) > 40 ? 40 : strlen(v));
	fprintf(stderr, "mlgate: %s must be %s, not '%s'\n", name, want,
		sbuf_str(&shown));
	sbuf_release(&shown);
}

/* The operator's limits are counts with an optional K/M/G/T suffix: a
 * typo must not silently leave the default in force. */
static int check_limit(const char *name, const char *example)
{
	const char *v = getenv(name);
	uint64_t n;
	char want[120];

	if (!v || !*v || num_parse_size(v, &n) == 0)
		return 0;
	snprintf(want, sizeof(want), "a positive count such as %s", example);
	refuse_setting(name, want, v);
	return -1;
}

static int check_environment(void)
{
	const char *v = getenv("MLFLOW_TRACKING_INSECURE_TLS");

	if (v && *v && mg_parse_bool(v) < 0) {
		refuse_setting("MLFLOW_TRACKING_INSECURE_TLS",
			       "true or false (or 1 or 0, as MLflow reads it)", v);
		return -1;
	}
	if (check_limit("MLGATE_MAX_INFLATE", "64G") ||
	    check_limit("MLGATE_MAX_VALUES", "200M"))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	no_core_dumps();
	if (check_environment() < 0)
		return MG_EXIT_USAGE;
	return mlgate_main(argc, argv);
}
