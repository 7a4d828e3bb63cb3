/* Shell completion scripts written from the option tables (cmd/completion.c
 * for what both shells share, completion_bash.c, completion_zsh.c). Sources
 * of words a script asks for at completion time: "@profiles", "@rules",
 * "@ports", "@commands"; "@file", "@dir"; "@none". */
#ifndef FWAUDIT_COMPLETION_H
#define FWAUDIT_COMPLETION_H

#include <stdbool.h>
#include <stdio.h>

#include "cmd/optable.h"

int cmd_completion(int argc, char **argv);
void completion_bash(FILE *fp);
void completion_zsh(FILE *fp);

bool completion_row_end(const struct opt_row *r);
/* The row is also -LETTER. */
bool completion_short(const struct opt_row *r);
/* NULL when the row's own values (opt_row_value) are the words; else a source. */
const char *completion_arg_source(const struct opt_row *r);
/* The source of the first operand of cmd ("rules show"). */
const char *completion_operand_source(const char *cmd);
void completion_each_doc(void (*fn)(const struct cmd_doc *, FILE *), FILE *fp);
const char *completion_sub_word(const struct cmd_doc *sub);

#endif
