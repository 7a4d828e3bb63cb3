/* One table per command: what getopt_long accepts, what --help prints, and
 * what `fwaudit help --man` / `--markdown` write into man/fwaudit.1 and
 * docs/cli.md (after curl's one description per option). Adding an option is
 * one row here and one case in the command's switch; the help, the man page
 * and the docs follow (tests/integration/test_cli_help.sh fails until the
 * generated files are regenerated). */
#ifndef FWAUDIT_OPTABLE_H
#define FWAUDIT_OPTABLE_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A value an option takes, or a term of a documentation list. */
struct opt_value {
	const char *name;
	const char *what;
};

/*
 * Text in `help`, `what` and descriptions is one sentence or a few, with two
 * marks: `code` (options, values, fact names) and [text](doc.md) (a page
 * under docs/). Paragraphs are separated by a blank line ("\n\n").
 */
struct opt_row {
	const char *name;	/* long name without "--"; a heading row has none */
	int id;			/* what getopt_long returns; a letter is also -LETTER */
	const char *arg;	/* the argument's name ("FILE"); NULL: a flag */
	const char *help;
	const char *dflt;	/* the default, shown as such; or NULL */
	const struct opt_value *values;	/* the values it takes, ending in {NULL}; or NULL */
	/* Or values from a table elsewhere (report writers, collectors):
	 * fills *out with the i-th and returns true, false past the end. */
	bool (*value_at)(size_t i, struct opt_value *out);
	const char *heading;	/* a row with only this starts a group of options */
};

#define OPT_ROWS_END { NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL }
#define OPT_HEADING(h) { NULL, 0, NULL, NULL, NULL, NULL, NULL, h }

/* -h / --help, in every command's tables. */
#define OPT_HELP 'h'
extern const struct opt_row help_opt_rows[];

struct cmd_doc {
	const char *name;		/* "scan", "rules show" */
	const char *summary;		/* one line, for lists of commands */
	const char *const *usage;	/* synopsis lines after "fwaudit ", ending in NULL */
	const char *description;	/* paragraphs */
	const struct opt_row *const *opts;	/* option tables, ending in NULL */
	const struct cmd_doc *const *subs;	/* subcommands, ending in NULL; or NULL */
};

/* The i-th value of row (static or from its value_at); false past the end. */
bool opt_row_value(const struct opt_row *row, size_t i, struct opt_value *out);
/* Whether s is one of the row's values (always true for a row without a list). */
bool opt_row_accepts(const struct opt_row *row, const char *s);
/* "a, b or c": the row's values, for error messages. */
void opt_row_values_text(const struct opt_row *row, char *buf, size_t len);
/* 0 when the row accepts v; else -1, having said "--NAME takes a, b or c,
 * not 'v'": the values are the table's, so the help cannot promise others. */
int opt_row_check(const struct opt_row *row, const char *v);
/* "-o, --output FILE", "--format FMT", "--quiet". */
void opt_row_label(const struct opt_row *r, char *buf, size_t len);
/* The row's help with its default, as markup (caller frees); NULL when out
 * of memory. */
char *opt_row_help(const struct opt_row *r);
/* The row with this id in doc's tables, or NULL. */
const struct opt_row *cmd_doc_row(const struct cmd_doc *doc, int id);

#define OPT_PARSER_MAX 64

/* getopt_long over a command's tables. */
struct opt_parser {
	const struct cmd_doc *doc;
	struct option longopts[OPT_PARSER_MAX + 1];
	char shortopts[2 * OPT_PARSER_MAX + 2];
};

/* What opt_next returns after handling -h or a mistake itself. */
#define OPT_STOP (-2)

void opt_parser_init(struct opt_parser *p, const struct cmd_doc *doc);
/* The next option's id (optarg set), -1 after the last option (optind at
 * the first operand), or OPT_STOP with *status set: -h/--help printed the
 * help (0); an unknown option or a missing argument printed the usage (2). */
int opt_next(struct opt_parser *p, int argc, char **argv, int *status);

/* For a command with subcommands: the one argv[1] names, with *argc and
 * *argv moved on to it; NULL with *status set when -h printed the help (0)
 * or there is no such subcommand (2, the usage printed). */
const struct cmd_doc *cmd_sub_select(const struct cmd_doc *doc, int *argc, char ***argv,
    int *status);

/* The command's help: usage, description, every option with its values. */
void cmd_help_text(const struct cmd_doc *doc, FILE *fp);
/* The usage lines and where the rest is, for mistakes (stderr). */
void cmd_usage_text(const struct cmd_doc *doc, FILE *fp);
/* The subcommand of doc named name, or NULL. */
const struct cmd_doc *cmd_doc_sub(const struct cmd_doc *doc, const char *name);

/* The whole program (cmd/help.c): what it is, and sections after the
 * commands (exit status, environment, files). */
struct doc_section {
	const char *title;
	const char *text;
	const struct opt_value *items;	/* ending in {NULL}; or NULL */
};
extern const char cli_summary[];
extern const char cli_description[];
extern const struct doc_section cli_sections[];	/* ends in {NULL} */

/* `fwaudit --help`: the commands. */
void cli_usage(FILE *fp);
/* man/fwaudit.1 and docs/cli.md (cmd/help_render.c). */
void cli_man_page(FILE *fp);
void cli_markdown(FILE *fp);

#endif
