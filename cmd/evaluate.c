#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "core/declarations.h"
#include "core/facts.h"

static const struct option evaluate_options[] = {
	RUN_LONG_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

int
cmd_evaluate(int argc, char **argv)
{
	struct run_opts ro;
	struct facts *f = NULL;
	struct fw_err err;
	json_error_t jerr;
	json_t *doc;
	int opt, status;

	run_opts_init(&ro);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", evaluate_options, NULL)) != -1) {
		int h = run_opts_handle(&ro, opt, optarg);

		if (h < 0)
			return EXIT_USAGE;
		if (h == 0 || opt == OPT_HELP) {
			fputs("usage: fwaudit evaluate FACTS.json [--profile NAME]... [--rules DIR]\n"
			    "       [--waivers FILE] [--declarations FILE] [--format FMT [-o FILE]]...\n"
			    "       [--fail-on SEVERITY] [--standard-version V]\n"
			    "       [--evidence-dir DIR [--replace-evidence]\n"
			    "       [--sign-key KEY --sign-cert CERT]]\n",
			    opt == OPT_HELP ? stdout : stderr);
			return opt == OPT_HELP ? EXIT_CLEAN : EXIT_USAGE;
		}
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
