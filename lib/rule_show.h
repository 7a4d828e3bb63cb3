/* One rule as a person reads it (`fwaudit rules show ID`); private to lib/. */
#ifndef FWAUDIT_LIB_RULE_SHOW_H
#define FWAUDIT_LIB_RULE_SHOW_H

#include <stdio.h>

struct ruleset;
struct rule;

/* Writes r (of rs, whose profiles it is placed in) to out. */
void rule_show(FILE *out, const struct ruleset *rs, const struct rule *r);

#endif
