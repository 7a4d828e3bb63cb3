/* `fwaudit profiles show NAME --coverage`: how many provisions of a profile
 * a machine rule gives evidence for, how many only the vendor's declarations
 * answer, how many need the lab. */
#ifndef FWAUDIT_PROFILE_COVERAGE_H
#define FWAUDIT_PROFILE_COVERAGE_H

#include "cmd/optable.h"
#include "core/ruleset.h"

enum { OPT_COVERAGE = 2000, OPT_COVERAGE_DECLARATIONS };

extern const struct opt_row profile_coverage_opt_rows[];

/* Prints p's coverage by rs's rules. With decl_path, provisions whose
 * features that file declares absent are left out of the counts. Returns
 * an exit status. */
int profile_coverage(const struct ruleset *rs, const struct profile *p, const char *decl_path);

#endif
