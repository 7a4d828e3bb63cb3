#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"

static const char *const version_usage[] = { "version", "--version", NULL };
static const struct opt_row *const version_tables[] = { help_opt_rows, NULL };

const struct cmd_doc version_doc = {
	"version", "print the version", version_usage,
	"Prints the version of fwaudit.", version_tables, NULL
};

int
cmd_version(int argc, char **argv)
{
	struct opt_parser p;
	int opt, status;

	opt_parser_init(&p, &version_doc);
	optind = 1;
	while ((opt = opt_next(&p, argc, argv, &status)) != -1)
		if (opt == OPT_STOP)
			return status;
	printf("fwaudit %s\n", FWAUDIT_VERSION);
	return FWAUDIT_EXIT_CLEAN;
}
