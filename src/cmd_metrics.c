/* Placeholder until `mlgate metrics PREDICTIONS` is implemented. */
#include <stdio.h>

#include "commands.h"
#include "util.h"

int cmd_metrics(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("mlgate: 'metrics' is not implemented in this build yet\n", stderr);
	return MG_EXIT_USAGE;
}
