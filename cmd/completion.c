/* fwaudit completion bash|zsh: the shell completion script, written from
 * the option tables (cmd/optable.h) as the man page is, so it offers exactly
 * the commands, options and values the parser accepts. Hidden (not in
 * commands[]): make install writes its output, nobody types it. What only
 * the data knows (profiles, rule IDs) and the serial ports are asked of the
 * binary being completed, at completion time. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/completion.h"
#include "cmd/optable.h"

/* Values no table lists, by option name. */
static const struct { const char *opt, *source; } dynamic_values[] = {
	{ "profile", "@profiles" },
	{ "serial", "@ports" },
	{ "rules", "@file" },	/* a directory or one file */
	{ NULL, NULL }
};

/* Argument names (opt_row.arg) that are paths of files. */
static const char *const file_args[] = { "FILE", "PATH", "PEM", "KEY", "CERT", "OLD.json", NULL };

/* The first operand of these commands; others take files. */
static const struct { const char *cmd, *source; } operand_values[] = {
	{ "rules show", "@rules" },
	{ "profiles show", "@profiles" },
	{ "help", "@commands" },
	{ "rules list", "@none" },
	{ "rules facts", "@none" },
	{ "profiles list", "@none" },
	{ "vulndb status", "@none" },
	{ "vulndb match", "@none" },
	{ "version", "@none" },
	{ "ports", "@none" },
	{ NULL, NULL }
};

bool
completion_row_end(const struct opt_row *r)
{
	return r->name == NULL && r->heading == NULL;
}

bool
completion_short(const struct opt_row *r)
{
	return r->id < 128 && isalpha(r->id);
}

/* What an option's argument completes to: its table values (static, from
 * value_at), "@profiles"/"@ports", "@dir", "@file", or "@none". */
const char *
completion_arg_source(const struct opt_row *r)
{
	struct opt_value v;

	if (opt_row_value(r, 0, &v))
		return NULL;
	for (size_t i = 0; dynamic_values[i].opt != NULL; i++)
		if (strcmp(dynamic_values[i].opt, r->name) == 0)
			return dynamic_values[i].source;
	if (strcmp(r->arg, "DIR") == 0)
		return "@dir";
	for (size_t i = 0; file_args[i] != NULL; i++)
		if (strcmp(file_args[i], r->arg) == 0)
			return "@file";
	return "@none";
}

const char *
completion_operand_source(const char *cmd)
{
	for (size_t i = 0; operand_values[i].cmd != NULL; i++)
		if (strcmp(operand_values[i].cmd, cmd) == 0)
			return operand_values[i].source;
	return "@file";
}

/* Every command a completion knows: each top-level one and, for those with
 * subcommands, each "cmd sub"; fn(doc, arg) for each, in help's order. */
void
completion_each_doc(void (*fn)(const struct cmd_doc *, FILE *), FILE *fp)
{
	for (size_t i = 0; commands[i].name != NULL; i++) {
		const struct cmd_doc *d = commands[i].doc;

		fn(d, fp);
		for (size_t k = 0; d->subs != NULL && d->subs[k] != NULL; k++)
			fn(d->subs[k], fp);
	}
}

/* The words a subcommand is called by ("show" of "rules show"). */
const char *
completion_sub_word(const struct cmd_doc *sub)
{
	const char *sp = strrchr(sub->name, ' ');

	return sp != NULL ? sp + 1 : sub->name;
}

int
cmd_completion(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "bash") == 0) {
		completion_bash(stdout);
		return FWAUDIT_EXIT_CLEAN;
	}
	if (argc == 2 && strcmp(argv[1], "zsh") == 0) {
		completion_zsh(stdout);
		return FWAUDIT_EXIT_CLEAN;
	}
	return die(FWAUDIT_EXIT_USAGE, "usage: fwaudit completion bash|zsh");
}
