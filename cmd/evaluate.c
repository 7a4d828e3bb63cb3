#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "lib/fwaudit.h"

static const char *const evaluate_usage[] = { "evaluate [OPTION...] FACTS.json", NULL };
static const struct opt_row *const evaluate_tables[] = { run_opt_rows, help_opt_rows, NULL };

const struct cmd_doc evaluate_doc = {
	"evaluate", "judge a saved fact tree (from scan --facts-only)", evaluate_usage,
	"Judges a fact tree saved by `fwaudit scan --facts-only -o facts.json`, with any "
	"profile, rules, declarations or waivers: one gather, judged by several baselines, "
	"gives the same verdicts as a direct scan. `--jobs` has nothing to do here.",
	evaluate_tables, NULL
};

int
cmd_evaluate(int argc, char **argv)
{
	struct fwaudit_opts ro;
	struct scan_result res;
	struct opt_parser p;
	int opt, status;

	run_opts_init(&ro);
	optind = 1;
	opt_parser_init(&p, &evaluate_doc);
	while ((opt = opt_next(&p, argc, argv, &status)) != -1) {
		if (opt == OPT_STOP)
			return status;
		if (run_opts_handle(&ro, opt, optarg) < 0)
			return FWAUDIT_EXIT_USAGE;
	}
	if (run_opts_finish(&ro) != 0)
		return FWAUDIT_EXIT_USAGE;
	if (argc - optind != 1)
		return die(FWAUDIT_EXIT_USAGE, "evaluate takes one fact tree (from 'scan --facts-only')");
	if (fwaudit_evaluate(argv[optind], &ro, &res) != 0 && res.message[0] != '\0')
		die(res.status, "%s", res.message);
	return res.status;
}
