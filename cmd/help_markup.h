/* The two marks help text may carry — `code` and [text](page.md) — for the
 * terminal, the man page and Markdown (cmd/optable.h). */
#ifndef FWAUDIT_HELP_MARKUP_H
#define FWAUDIT_HELP_MARKUP_H

#include <stdio.h>

/* Plain text: `x` is x, [t](p.md) is "t (docs/p.md)"; NULL when out of memory. */
char *markup_plain(const char *s);
/* roff text: `x` in bold with its hyphens as \-, links as plain text, a
 * paragraph break as para (".PP", ".IP"); no newline at the end. */
void markup_man(FILE *fp, const char *s, const char *para);
/* roff for literal text (an option name, a usage line): hyphens as \-. */
void man_literal(FILE *fp, const char *s);

#endif
