/* Roll-up: rule verdicts per provision of a profile, for engine_run. */
#ifndef FWAUDIT_ROLLUP_H
#define FWAUDIT_ROLLUP_H

#include <jansson.h>

#include "core/facts.h"
#include "core/ruleset.h"
#include "core/verdict.h"

struct rollup;

/* Over the judged rules: results[i] and verdicts[i] (after waivers) are
 * rs->rules[i]'s, and outlive the rollup. NULL when out of memory. */
struct rollup *rollup_new(const struct ruleset *rs, const struct facts *f,
    json_t *const *results, const enum verdict *verdicts);
void rollup_free(struct rollup *ru);

/* The profile's result {id, title, standard, version, provisions, summary
 * [, note]}; its provision IDs are the alias version's when
 * standard_version names it. NULL when out of memory. */
json_t *rollup_profile(struct rollup *ru, const struct profile *p,
    const char *standard_version);

#endif
