#include "cli/commands.h"

int main(int argc, char **argv)
{
	return mlgate_main(argc, argv);
}
