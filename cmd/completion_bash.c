/* The bash completion script (fwaudit completion bash): case tables written
 * from the option tables, and one fixed function that walks COMP_WORDS. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/completion.h"
#include "cmd/optable.h"

/* s as one single-quoted shell word. */
static void
sq(FILE *fp, const char *s)
{
	fputc('\'', fp);
	for (; *s != '\0'; s++)
		if (*s == '\'')
			fputs("'\\''", fp);
		else
			fputc(*s, fp);
	fputc('\'', fp);
}

static void
row_values(const struct opt_row *r, FILE *fp)
{
	struct opt_value v;
	const char *src = completion_arg_source(r);

	if (src != NULL) {
		fputs(src, fp);
		return;
	}
	for (size_t i = 0; opt_row_value(r, i, &v); i++)
		fprintf(fp, "%s%s", i ? " " : "", v.name);
}

static void
subs_case(const struct cmd_doc *d, FILE *fp)
{
	if (d->subs == NULL)
		return;
	fprintf(fp, "\t%s) echo '", d->name);
	for (size_t k = 0; d->subs[k] != NULL; k++)
		fprintf(fp, "%s%s", k ? " " : "", completion_sub_word(d->subs[k]));
	fputs("' ;;\n", fp);
}

static void
opts_case(const struct cmd_doc *d, FILE *fp)
{
	const char *sep = "";

	fputc('\t', fp);
	sq(fp, d->name);
	fputs(") echo '", fp);
	for (size_t t = 0; d->opts != NULL && d->opts[t] != NULL; t++)
		for (const struct opt_row *r = d->opts[t]; !completion_row_end(r); r++) {
			if (r->name == NULL)
				continue;
			fprintf(fp, "%s--%s", sep, r->name);
			sep = " ";
			if (completion_short(r))
				fprintf(fp, " -%c", r->id);
		}
	fputs("' ;;\n", fp);
}

static void
optarg_case(const struct cmd_doc *d, FILE *fp)
{
	char word[128];

	for (size_t t = 0; d->opts != NULL && d->opts[t] != NULL; t++)
		for (const struct opt_row *r = d->opts[t]; !completion_row_end(r); r++) {
			if (r->name == NULL || r->arg == NULL)
				continue;
			snprintf(word, sizeof(word), "%s --%s", d->name, r->name);
			fputc('\t', fp);
			sq(fp, word);
			if (completion_short(r)) {
				snprintf(word, sizeof(word), "%s -%c", d->name, r->id);
				fputc('|', fp);
				sq(fp, word);
			}
			fputs(") echo '", fp);
			row_values(r, fp);
			fputs("' ;;\n", fp);
		}
}

static void
operand_case(const struct cmd_doc *d, FILE *fp)
{
	const char *src = completion_operand_source(d->name);

	if (strcmp(src, "@file") != 0) {
		fputc('\t', fp);
		sq(fp, d->name);
		fprintf(fp, ") echo %s ;;\n", src);
	}
}

static const char walker[] =
    "# words from the binary being completed: its profiles, rules, serial ports\n"
    "_fwaudit_ask() {\n"
    "\tlocal bin=${COMP_WORDS[0]/#\\~/$HOME} n _\n"
    "\tcase $1 in\n"
    "\t@profiles) \"$bin\" profiles list ;;\n"
    "\t@rules) \"$bin\" rules list ;;\n"
    "\t@ports) \"$bin\" ports ;;\n"
    "\tesac 2>/dev/null | while read -r n _; do printf '%s\\n' \"$n\"; done\n"
    "}\n"
    "_fwaudit_reply() {\n"
    "\tcase $1 in\n"
    "\t@file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$2\")) ;;\n"
    "\t@dir) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$2\")) ;;\n"
    "\t@none) COMPREPLY=() ;;\n"
    "\t@commands) COMPREPLY=($(compgen -W \"$_fwaudit_commands\" -- \"$2\")) ;;\n"
    "\t@*) COMPREPLY=($(compgen -W \"$(_fwaudit_ask \"$1\")\" -- \"$2\")) ;;\n"
    "\t*) COMPREPLY=($(compgen -W \"$1\" -- \"$2\")) ;;\n"
    "\tesac\n"
    "}\n"
    "_fwaudit() {\n"
    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
    "\tlocal key= w i nops=0 skip=0 subs\n"
    "\tCOMPREPLY=()\n"
    "\t# the command (\"rules show\"), operands so far; skip option arguments\n"
    "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
    "\t\tw=${COMP_WORDS[i]}\n"
    "\t\tif ((skip)); then skip=0; continue; fi\n"
    "\t\tif [[ $w == -* ]]; then\n"
    "\t\t\t[[ -n $key ]] && _fwaudit_optarg \"$key\" \"$w\" >/dev/null && skip=1\n"
    "\t\t\tcontinue\n"
    "\t\tfi\n"
    "\t\tif [[ -z $key ]]; then key=$w\n"
    "\t\telif ((nops == 0)) && [[ $key != *' '* ]] && _fwaudit_subs \"$key\" >/dev/null; then\n"
    "\t\t\tkey=\"$key $w\"\n"
    "\t\telse nops=$((nops + 1)); fi\n"
    "\tdone\n"
    "\tif ((skip)); then _fwaudit_reply \"$(_fwaudit_optarg \"$key\" \"$prev\")\" \"$cur\"\n"
    "\telif [[ -z $key ]]; then _fwaudit_reply \"$_fwaudit_commands --help --version\" \"$cur\"\n"
    "\telif [[ $cur == -* ]]; then _fwaudit_reply \"$(_fwaudit_opts \"$key\")\" \"$cur\"\n"
    "\telif [[ $key != *' '* ]] && subs=$(_fwaudit_subs \"$key\"); then _fwaudit_reply \"$subs\" \"$cur\"\n"
    "\telif ((nops == 0)); then _fwaudit_reply \"$(_fwaudit_operand \"$key\")\" \"$cur\"\n"
    "\telif [[ $(_fwaudit_operand \"$key\") == @file ]]; then _fwaudit_reply @file \"$cur\"\n"
    "\tfi\n"
    "}\n"
    "complete -F _fwaudit fwaudit\n";

void
completion_bash(FILE *fp)
{
	fputs("# bash completion for fwaudit, written by `fwaudit completion bash` from its\n"
	    "# option tables (as man/fwaudit.1 is); make install puts it in\n"
	    "# share/bash-completion/completions/fwaudit.\n\n_fwaudit_commands='", fp);
	for (size_t i = 0; commands[i].name != NULL; i++)
		fprintf(fp, "%s%s", i ? " " : "", commands[i].name);
	fputs("'\n# a command's subcommands; status 1: it has none\n_fwaudit_subs() {\n"
	    "\tcase $1 in\n", fp);
	completion_each_doc(subs_case, fp);
	fputs("\t*) return 1 ;;\n\tesac\n}\n_fwaudit_opts() {\n\tcase $1 in\n", fp);
	completion_each_doc(opts_case, fp);
	fputs("\tesac\n}\n# what an option's argument completes to; status 1: the option "
	    "takes none\n_fwaudit_optarg() {\n\tcase \"$1 $2\" in\n", fp);
	completion_each_doc(optarg_case, fp);
	fputs("\t*) return 1 ;;\n\tesac\n}\n# what a command's first operand completes to\n"
	    "_fwaudit_operand() {\n\tcase $1 in\n", fp);
	completion_each_doc(operand_case, fp);
	fputs("\t*) echo @file ;;\n\tesac\n}\n", fp);
	fputs(walker, fp);
}
