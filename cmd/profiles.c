#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "lib/fwaudit_browse.h"

enum { OPT_COVERAGE = 2000, OPT_COVERAGE_DECLARATIONS };

static const struct opt_row coverage_opt_rows[] = {
	OPT_HEADING("coverage"),
	{ "coverage", OPT_COVERAGE, NULL, "Instead of the provisions, count them: those a "
	  "machine rule (one reading evidence from an input) gives evidence for, those only "
	  "the vendor's declarations answer, and those left to the test lab.",
	  NULL, NULL, NULL, NULL },
	{ "declarations", OPT_COVERAGE_DECLARATIONS, "FILE", "With `--coverage`: leave out "
	  "the provisions whose features (assets, interfaces) FILE declares absent, so the "
	  "counts are those of one product ([declarations.md](declarations.md)).",
	  NULL, NULL, NULL, NULL },
	OPT_ROWS_END
};

static const struct opt_row *const profiles_sub_tables[] = { help_opt_rows, NULL };

static const char *const list_usage[] = { "profiles list", NULL };
static const struct cmd_doc profiles_list_doc = {
	"profiles list", "the baselines, with their number of provisions", list_usage,
	"Lists the profiles: the baselines fwaudit reports against, each with its title and "
	"number of provisions.", profiles_sub_tables, NULL
};

static const struct opt_row *const profiles_show_tables[] = {
	coverage_opt_rows, help_opt_rows, NULL
};
static const char *const show_usage[] = { "profiles show NAME",
	"profiles show NAME --coverage [--declarations FILE]", NULL };
static const struct cmd_doc profiles_show_doc = {
	"profiles show", "one baseline's provisions and the rules that give evidence",
	show_usage,
	"Shows one profile: each provision's ID (and its ID in the older version the profile "
	"also answers to), status, title, the rules that give evidence for it and the "
	"declarations that answer it. With `--coverage`, how many provisions have a machine "
	"rule, how many only declarations, how many need the lab.", profiles_show_tables, NULL
};

static const char *const profiles_usage[] = { "profiles list", "profiles show NAME", NULL };
static const struct cmd_doc *const profiles_subs[] = {
	&profiles_list_doc, &profiles_show_doc, NULL
};

const struct cmd_doc profiles_doc = {
	"profiles", "list | show NAME: the baselines (EN 303 645, PSWG, EN 18031, CRA)", profiles_usage,
	"The profiles (`rules/profiles/*.yaml`) list the provisions of one baseline and which "
	"rules give evidence for each; provisions no tool can test are answered from the "
	"vendor's declarations.", profiles_sub_tables, profiles_subs
};

int
cmd_profiles(int argc, char **argv)
{
	const struct cmd_doc *sub;
	struct opt_parser op;
	struct scan_result res;
	int opt, status = FWAUDIT_EXIT_CLEAN;
	bool is_show, coverage = false;
	const char *decl_path = NULL;

	if ((sub = cmd_sub_select(&profiles_doc, &argc, &argv, &status)) == NULL)
		return status;
	opt_parser_init(&op, sub);
	optind = 1;
	while ((opt = opt_next(&op, argc, argv, &status)) != -1) {
		if (opt == OPT_STOP)
			return status;
		if (opt == OPT_COVERAGE)
			coverage = true;
		else if (opt == OPT_COVERAGE_DECLARATIONS)
			decl_path = optarg;
	}
	is_show = sub == &profiles_show_doc;
	if (argc - optind != (is_show ? 1 : 0)) {
		cmd_usage_text(sub, stderr);
		return FWAUDIT_EXIT_USAGE;
	}
	if (!is_show)
		fwaudit_profiles_list(stdout, &res);
	else if (coverage)
		fwaudit_profiles_coverage(argv[optind], decl_path, stdout, &res);
	else
		fwaudit_profiles_show(argv[optind], stdout, &res);
	if (res.message[0] != '\0')
		die(res.status, "%s", res.message);
	return res.status;
}
