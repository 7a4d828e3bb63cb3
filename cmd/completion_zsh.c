/* The zsh completion function (fwaudit completion zsh): one _arguments call
 * per command, written from the option tables, with each option's first
 * sentence as its description. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/completion.h"
#include "cmd/help_markup.h"
#include "cmd/optable.h"

/* The function name of a command: _fwaudit_cmd_rules_show. */
static void
fn_name(FILE *fp, const char *cmd)
{
	fputs("_fwaudit_cmd_", fp);
	for (; *cmd != '\0'; cmd++)
		fputc(*cmd == ' ' || *cmd == '-' ? '_' : *cmd, fp);
}

/* The first sentence of text, plain, inside an _arguments [description] in
 * a single-quoted word: no brackets, no quote. */
static void
description(FILE *fp, const char *text)
{
	char *plain = markup_plain(text);
	const char *s = plain != NULL ? plain : text;

	for (size_t i = 0; s[i] != '\0' && i < 100; i++) {
		if (s[i] == '.' && (s[i + 1] == ' ' || s[i + 1] == '\0'))
			break;
		if (s[i] == '\n')
			break;
		fputc(strchr("[]'\\:", s[i]) != NULL ? ' ' : s[i], fp);
	}
	free(plain);
}

static void
action(FILE *fp, const struct opt_row *r)
{
	const char *src = completion_arg_source(r);
	struct opt_value v;

	if (src == NULL) {
		fputc('(', fp);
		for (size_t i = 0; opt_row_value(r, i, &v); i++)
			fprintf(fp, "%s%s", i ? " " : "", v.name);
		fputc(')', fp);
	} else if (strcmp(src, "@file") == 0)
		fputs("_files", fp);
	else if (strcmp(src, "@dir") == 0)
		fputs("_files -/", fp);
	else if (strcmp(src, "@none") != 0)
		fprintf(fp, "_fwaudit_%s", src + 1);
}

static void
option_spec(FILE *fp, const struct opt_row *r)
{
	fputs(" \\\n\t    '*", fp);
	if (completion_short(r))
		fprintf(fp, "'{-%c,--%s}'", r->id, r->name);
	else
		fprintf(fp, "--%s", r->name);
	fputc('[', fp);
	description(fp, r->help);
	fputc(']', fp);
	if (r->arg != NULL) {
		fprintf(fp, ":%s:", r->arg);
		action(fp, r);
	}
	fputc('\'', fp);
}

static void
command_fn(const struct cmd_doc *d, FILE *fp)
{
	const char *src = completion_operand_source(d->name);

	fn_name(fp, d->name);
	fputs("() {\n", fp);
	if (d->subs != NULL) {
		fputs("\tlocal curcontext=$curcontext state line\n\t_arguments -C "
		    "'1:subcommand:((", fp);
		for (size_t k = 0; d->subs[k] != NULL; k++) {
			fprintf(fp, "%s%s\\:\"", k ? " " : "", completion_sub_word(d->subs[k]));
			description(fp, d->subs[k]->summary);
			fputc('"', fp);
		}
		fputs("))' '*::arg:->args'\n\t[[ $state == args ]] || return\n"
		    "\tcase $line[1] in\n", fp);
		for (size_t k = 0; d->subs[k] != NULL; k++) {
			fprintf(fp, "\t%s) ", completion_sub_word(d->subs[k]));
			fn_name(fp, d->subs[k]->name);
			fputs(" ;;\n", fp);
		}
		fputs("\tesac\n}\n", fp);
		return;
	}
	fputs("\t_arguments -s -S", fp);
	for (size_t t = 0; d->opts != NULL && d->opts[t] != NULL; t++)
		for (const struct opt_row *r = d->opts[t]; !completion_row_end(r); r++)
			if (r->name != NULL)
				option_spec(fp, r);
	if (strcmp(src, "@file") == 0)
		fputs(" \\\n\t    '*:file:_files'", fp);
	else if (strcmp(src, "@none") != 0)
		fprintf(fp, " \\\n\t    '1:%s:_fwaudit_%s'", src + 1, src + 1);
	fputs("\n}\n", fp);
}

static const char helpers[] =
    "# words from the binary being completed: its profiles, rules, serial ports\n"
    "_fwaudit_ask() {\n"
    "\t$_fwaudit_bin ${=1} 2>/dev/null | while read -r n _; do print -r -- $n; done\n"
    "}\n"
    "_fwaudit_profiles() { compadd -- ${(f)\"$(_fwaudit_ask 'profiles list')\"} }\n"
    "_fwaudit_rules() { compadd -- ${(f)\"$(_fwaudit_ask 'rules list')\"} }\n"
    "_fwaudit_ports() { compadd -- ${(f)\"$(_fwaudit_ask ports)\"} }\n";

void
completion_zsh(FILE *fp)
{
	fputs("#compdef fwaudit\n# zsh completion for fwaudit, written by `fwaudit completion "
	    "zsh` from its\n# option tables (as man/fwaudit.1 is); make install puts it in "
	    "share/zsh/.\n\n", fp);
	fputs(helpers, fp);
	fputs("_fwaudit_commands() {\n\tlocal -a cmds\n\tcmds=(", fp);
	for (size_t i = 0; commands[i].name != NULL; i++) {
		fprintf(fp, "\n\t    '%s:", commands[i].name);
		description(fp, commands[i].doc->summary);
		fputc('\'', fp);
	}
	fputs("\n\t)\n\t_describe -t commands 'fwaudit command' cmds\n}\n", fp);
	completion_each_doc(command_fn, fp);
	fputs("_fwaudit() {\n\ttypeset -g _fwaudit_bin=${~words[1]}\n"
	    "\tlocal curcontext=$curcontext state line\n"
	    "\t_arguments -C '(- *)--help[the commands]' '(- *)--version[the version and "
	    "ruleset]' \\\n\t    '1:command:_fwaudit_commands' '*::arg:->args'\n"
	    "\t[[ $state == args ]] || return\n\tcase $line[1] in\n", fp);
	for (size_t i = 0; commands[i].name != NULL; i++) {
		fprintf(fp, "\t%s) ", commands[i].name);
		fn_name(fp, commands[i].name);
		fputs(" ;;\n", fp);
	}
	fputs("\tesac\n}\n\n_fwaudit \"$@\"\n", fp);
}
