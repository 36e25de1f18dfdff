/* Placeholder until `mlgate drift REFERENCE CURRENT` is implemented. */
#include <stdio.h>

#include "commands.h"
#include "util.h"

int cmd_drift(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("mlgate: 'drift' is not implemented in this build yet\n", stderr);
	return MG_EXIT_USAGE;
}
