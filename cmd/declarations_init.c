/* `fwaudit declarations init [INPUT...] --profile P -o vendor.yaml`: the
 * vendor questionnaire's options (lib/questionnaire.c writes it). */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "lib/fwaudit_browse.h"

enum { OPT_DI_PROFILE = 2100, OPT_DI_OUTPUT = 'o' };

static const struct opt_row init_opt_rows[] = {
	OPT_HEADING("questionnaire"),
	{ "profile", OPT_DI_PROFILE, "NAME", "A profile whose declarations to ask for; "
	  "repeatable (at most 8). `fwaudit profiles list` shows them.", "etsi-en-303-645",
	  NULL, NULL, NULL },
	{ "output", OPT_DI_OUTPUT, "FILE", "Where the questionnaire goes (- is standard "
	  "output).", "-", NULL, NULL, NULL },
	OPT_ROWS_END
};
static const struct opt_row *const init_tables[] = { init_opt_rows, help_opt_rows, NULL };

static const char *const init_usage[] = {
	"declarations init [INPUT...] [--profile NAME]... [-o FILE]", NULL
};
static const struct cmd_doc declarations_init_doc = {
	"declarations init", "write the vendor questionnaire for the chosen profiles",
	init_usage,
	"Writes a declarations file to fill in: every provision or requirement of the chosen "
	"profiles that needs the vendor's statement, grouped by topic, each with its question "
	"in plain words, the answer it takes and the provisions it answers. Unanswered "
	"entries are `~`; `scan --declarations FILE` reports them `not_tested` and lists "
	"them. With inputs (what `scan` takes: a flash dump, eFuse summary, sdkconfig, ...; "
	"or a fact tree from `scan --facts-only`), what they already show is filled in or "
	"shown as a comment ([declarations.md](declarations.md)).",
	init_tables, NULL
};

static const char *const decl_usage[] = { "declarations init [INPUT...] [--profile NAME]...",
	NULL };
static const struct cmd_doc *const decl_subs[] = { &declarations_init_doc, NULL };
static const struct opt_row *const decl_tables[] = { help_opt_rows, NULL };

const struct cmd_doc declarations_doc = {
	"declarations", "init: the vendor questionnaire for a profile", decl_usage,
	"What no tool can test is answered by the vendor in a declarations file; `init` writes "
	"one to fill in.", decl_tables, decl_subs
};

static int
init_parse(int argc, char **argv, struct fwaudit_questionnaire *q, int *status)
{
	struct opt_parser op;
	int opt;

	opt_parser_init(&op, &declarations_init_doc);
	optind = 1;
	while ((opt = opt_next(&op, argc, argv, status)) != -1) {
		if (opt == OPT_STOP)
			return -1;
		if (opt == OPT_DI_OUTPUT)
			q->output = optarg;
		else if (opt == OPT_DI_PROFILE && q->nprofiles == FWAUDIT_MAX_PROFILES)
			return *status = die(FWAUDIT_EXIT_USAGE, "too many --profile options (at "
			    "most %d)", FWAUDIT_MAX_PROFILES), -1;
		else if (opt == OPT_DI_PROFILE)
			q->profiles[q->nprofiles++] = optarg;
	}
	q->inputs = (const char *const *)(argv + optind);
	q->ninputs = argc - optind;
	return 0;
}

int
cmd_declarations(int argc, char **argv)
{
	struct fwaudit_questionnaire q = { .nprofiles = 0 };
	struct scan_result res;
	int status = FWAUDIT_EXIT_CLEAN;

	if (cmd_sub_select(&declarations_doc, &argc, &argv, &status) == NULL)
		return status;
	if (init_parse(argc, argv, &q, &status) != 0)
		return status;
	if (fwaudit_declarations_init(&q, stdout, &res) != 0 && res.message[0] != '\0')
		die(res.status, "%s", res.message);
	return res.status;
}
