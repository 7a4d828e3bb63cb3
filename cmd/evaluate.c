#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "core/declarations.h"
#include "core/facts.h"

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
	struct run_opts ro;
	struct facts *f = NULL;
	struct fw_err err;
	json_error_t jerr;
	json_t *doc;
	struct opt_parser p;
	int opt, status;

	run_opts_init(&ro);
	optind = 1;
	opt_parser_init(&p, &evaluate_doc);
	while ((opt = opt_next(&p, argc, argv, &status)) != -1) {
		if (opt == OPT_STOP)
			return status;
		if (run_opts_handle(&ro, opt, optarg) < 0)
			return EXIT_USAGE;
	}
	if (run_opts_finish(&ro) != 0)
		return EXIT_USAGE;
	if (argc - optind != 1)
		return die(EXIT_USAGE, "evaluate takes one fact tree (from 'scan --facts-only')");
	doc = json_load_file(argv[optind], JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		return die(EXIT_USAGE, "%s: line %d, column %d: %s", argv[optind],
		    jerr.line, jerr.column, jerr.text);
	if (facts_from_json(doc, argv[optind], &f, &err) != 0) {
		json_decref(doc);
		return die(EXIT_USAGE, "%s", err.msg);
	}
	json_decref(doc);
	if (ro.declarations != NULL &&
	    declarations_collect(f, ro.declarations, &err) != 0) {
		facts_free(f);
		return die(EXIT_USAGE, "%s", err.msg);
	}
	status = ro.facts_only ? run_write_facts(f, &ro) : run_judge(f, &ro);
	facts_free(f);
	return status;
}
