/* What a vendor questionnaire asks: every declaration key the chosen
 * profiles read (provision declarations, feature conditions, the declared.*
 * facts of declaration-only rules), each with the provisions that need it;
 * rules/data/questions.yaml words them. Private to lib/. */
#ifndef FWAUDIT_LIB_DECLARATION_KEYS_H
#define FWAUDIT_LIB_DECLARATION_KEYS_H

#include <jansson.h>

#include "core/ruleset.h"

/* Returns {KEY: {"refs": ["PROFILE ID", ...], "feature": TITLE (features.*
 * only)}, ...} in the order the profiles first name the keys, keys without
 * the "declared." prefix ("features.passwords", "support_period_end"). NULL
 * when out of memory. */
json_t *declaration_keys(const struct ruleset *rs, const struct profile *const *profiles,
    size_t nprofiles);

#endif
