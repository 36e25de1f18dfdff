/* Placeholder until `mlgate profile DATA` is implemented. */
#include <stdio.h>

#include "commands.h"
#include "util.h"

int cmd_profile(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("mlgate: 'profile' is not implemented in this build yet\n", stderr);
	return MG_EXIT_USAGE;
}
