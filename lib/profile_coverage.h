/* How many provisions of a profile a machine rule gives evidence for, how
 * many only the vendor's declarations answer, how many need the lab
 * (`fwaudit profiles show NAME --coverage`); private to lib/. */
#ifndef FWAUDIT_LIB_PROFILE_COVERAGE_H
#define FWAUDIT_LIB_PROFILE_COVERAGE_H

#include <stdio.h>

#include "core/ruleset.h"
#include "lib/fwaudit.h"

/* Writes p's coverage by rs's rules to out. With decl_path, provisions
 * whose features that file declares absent are left out of the counts.
 * Returns the exit status, res set. */
int profile_coverage(FILE *out, const struct ruleset *rs, const struct profile *p,
    const char *decl_path, struct scan_result *res);

#endif
