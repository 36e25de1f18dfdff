#define _GNU_SOURCE /* prctl */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli/commands.h"
#include "common/escape.h"
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
static int check_environment(void)
{
	const char *v = getenv("MLFLOW_TRACKING_INSECURE_TLS");
	struct sbuf shown = SBUF_INIT;

	if (!v || !*v || mg_parse_bool(v) >= 0)
		return 0;
	esc_terminal(&shown, v, strlen(v) > 40 ? 40 : strlen(v));
	fprintf(stderr, "mlgate: MLFLOW_TRACKING_INSECURE_TLS must be true or false "
		"(or 1 or 0, as MLflow reads it), not '%s'\n", sbuf_str(&shown));
	sbuf_release(&shown);
	return -1;
}

int main(int argc, char **argv)
{
	no_core_dumps();
	if (check_environment() < 0)
		return MG_EXIT_USAGE;
	return mlgate_main(argc, argv);
}
