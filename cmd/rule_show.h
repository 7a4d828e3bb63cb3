/* `fwaudit rules show ID`: one rule as a person reads it. */
#ifndef FWAUDIT_RULE_SHOW_H
#define FWAUDIT_RULE_SHOW_H

struct ruleset;
struct rule;

/* Prints r (of rs, whose profiles it is placed in) to stdout; the exit status. */
int rule_show(const struct ruleset *rs, const struct rule *r);

#endif
