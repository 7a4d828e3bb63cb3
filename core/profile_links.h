/* A profile can name the rules that give evidence for a provision
 * (`rules:` in a profile YAML file) instead of each rule naming the
 * provision. Linking copies those names into the rules' own provisions, so
 * a finding lists its IDs in every profile that cites it (EN 303 645,
 * EN 18031, CRA) whichever file says so. */
#ifndef FWAUDIT_PROFILE_LINKS_H
#define FWAUDIT_PROFILE_LINKS_H

#include "core/ruleset.h"

/* Adds, for every provision's `rules:` entry that names a loaded rule, the
 * provision's id under the profile's id in that rule's provisions (once,
 * after the ids the rule names itself). 0, or -1 when out of memory. */
int profile_links_apply(struct ruleset *rs);

/* Whether rule r names provision id of profile (itself or through a link). */
bool rule_names_provision(const struct rule *r, const char *profile, const char *id);

#endif
