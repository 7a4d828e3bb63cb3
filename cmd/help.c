/* fwaudit help [CMD [SUB]] | --man | --markdown: one command's help, or the
 * whole manual rendered from the option tables (cmd/optable.h). */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"

enum { OPT_MAN = 1, OPT_MARKDOWN };

static const struct opt_row help_cmd_rows[] = {
	{ "man", OPT_MAN, NULL, "Write the manual page (roff) that `man/fwaudit.1` holds.",
	  NULL, NULL, NULL, NULL },
	{ "markdown", OPT_MARKDOWN, NULL, "Write the command-line reference (Markdown) that "
	  "`docs/cli.md` holds.", NULL, NULL, NULL, NULL },
	OPT_ROWS_END
};

static const char *const help_usage[] = {
	"help [COMMAND [SUBCOMMAND]]",
	"help --man | --markdown",
	NULL
};

static const struct opt_row *const help_tables[] = { help_cmd_rows, help_opt_rows, NULL };

const struct cmd_doc help_doc = {
	"help", "a command's options; the whole manual as roff or Markdown", help_usage,
	"Prints the help of a command or subcommand, the same as `fwaudit COMMAND --help`. "
	"The manual page and the command-line reference are rendered from the same option "
	"tables as every command's help, so they cannot say different things.",
	help_tables, NULL
};

const char cli_summary[] = "audit ESP32-class firmware and devices against "
    "ETSI EN 303 645 and the CSA PSWG IoT specification";

const char cli_description[] =
    "fwaudit checks ESP32-class firmware images and live devices (serial, network) "
    "against security baselines (ETSI EN 303 645, the CSA Product Security Working Group "
    "IoT Device Security Specification) and writes evidence reports. Inputs give facts, "
    "YAML rules judge the facts, profiles roll the rules up into the provisions of each "
    "baseline, and every report is a view of that one result.\n\n"
    "Verdicts are `pass`, `fail`, `not_applicable` (the feature's absence is evidenced or "
    "declared), `not_tested` (evidence is missing; never reported as pass), `declared` "
    "(the vendor's statement, shown as such) and `waived` (an accepted finding with a "
    "justification and an expiry).";

static const struct opt_value exit_statuses[] = {
	{ "0", "nothing fails at or above `--fail-on`" },
	{ "1", "something does" },
	{ "2", "bad usage or unusable input; the message names the input, the offset or "
	  "line, and what was expected" },
	{ "3", "internal error" },
	{ NULL, NULL }
};

static const struct opt_value environment[] = {
	{ "NO_COLOR", "when set and not empty, no ANSI colours (as `--no-color`)" },
	{ "SOURCE_DATE_EPOCH", "the report time, in seconds since 1970: reports are "
	  "deterministic (sorted keys, stable order), so two runs give identical bytes" },
	{ "FWAUDIT_RULES", "the directory of the built-in rules and profiles, instead of "
	  "`rules/` beside the binary (or up to three levels above it: the source tree) or "
	  "`PREFIX/share/fwaudit/rules` as installed; `fwaudit version` names the one in use" },
	{ NULL, NULL }
};

const struct doc_section cli_sections[] = {
	{ "Exit status", NULL, exit_statuses },
	{ "Environment", NULL, environment },
	{ "See also", "[rules.md](rules.md), [reports.md](reports.md), "
	  "[serial.md](serial.md), [network.md](network.md), [compare.md](compare.md), "
	  "[declarations.md](declarations.md), [facts.md](facts.md), "
	  "[report-schema.md](report-schema.md).", NULL },
	{ NULL, NULL, NULL }
};

void
cli_usage(FILE *fp)
{
	fprintf(fp, "usage: fwaudit COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; commands[i].name != NULL; i++)
		fprintf(fp, "  %-16s %s\n", commands[i].name, commands[i].doc->summary);
	fprintf(fp, "\n'fwaudit help COMMAND' or 'fwaudit COMMAND --help' describes a "
	    "command's options;\n'man fwaudit' (man/fwaudit.1) and docs/cli.md describe "
	    "them all.\n");
}

int
cmd_help(int argc, char **argv)
{
	const struct cmd_doc *doc = NULL;
	struct opt_parser p;
	int opt, status, page = 0;

	opt_parser_init(&p, &help_doc);
	optind = 1;
	while ((opt = opt_next(&p, argc, argv, &status)) != -1) {
		if (opt == OPT_STOP)
			return status;
		page = opt;
	}
	if (page != 0 && argc > optind)
		return die(FWAUDIT_EXIT_USAGE, "help --man and --markdown take no command");
	if (page == OPT_MAN) {
		cli_man_page(stdout);
		return FWAUDIT_EXIT_CLEAN;
	}
	if (page == OPT_MARKDOWN) {
		cli_markdown(stdout);
		return FWAUDIT_EXIT_CLEAN;
	}
	if (argc == optind) {
		cli_usage(stdout);
		return FWAUDIT_EXIT_CLEAN;
	}
	for (size_t i = 0; commands[i].name != NULL; i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			doc = commands[i].doc;
	if (doc == NULL)
		return die(FWAUDIT_EXIT_USAGE, "no command '%s' ('fwaudit help' lists them)", argv[optind]);
	if (argc > optind + 1) {
		const struct cmd_doc *sub = cmd_doc_sub(doc, argv[optind + 1]);

		if (sub == NULL || argc > optind + 2)
			return die(FWAUDIT_EXIT_USAGE, "no command 'fwaudit %s %s'", doc->name,
			    argv[optind + 1]);
		doc = sub;
	}
	cmd_help_text(doc, stdout);
	return FWAUDIT_EXIT_CLEAN;
}
