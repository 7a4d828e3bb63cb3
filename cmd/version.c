#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "lib/fwaudit_browse.h"

static const char *const version_usage[] = { "version", "--version", NULL };
static const struct opt_row *const version_tables[] = { help_opt_rows, NULL };

const struct cmd_doc version_doc = {
	"version", "print the version", version_usage,
	"Prints the version of fwaudit, the digest of its built-in rules (the "
	"SHA-256 over every rules file, as reports name it) and where it read them.", version_tables, NULL
};

int
cmd_version(int argc, char **argv)
{
	struct opt_parser p;
	struct scan_result res = { 0 };
	int opt, status;

	opt_parser_init(&p, &version_doc);
	optind = 1;
	while ((opt = opt_next(&p, argc, argv, &status)) != -1)
		if (opt == OPT_STOP)
			return status;
	printf("fwaudit %s\n", FWAUDIT_VERSION);
	fflush(stdout);
	if (fwaudit_rules_origin(stdout, &res) != FWAUDIT_EXIT_CLEAN && res.message[0] != '\0')
		return die(res.status, "%s", res.message);
	return res.status;
}
