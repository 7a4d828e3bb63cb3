/* Baselines: compare this run's findings with a saved report (--baseline
 * OLD.json) so CI can gate on regressions only (--fail-on-new). */
#ifndef FWAUDIT_BASELINE_H
#define FWAUDIT_BASELINE_H

#include <jansson.h>
#include <stdbool.h>

#include "util/error.h"

/* Loads and checks a saved JSON report of this schema_version; NULL with err
 * naming the file and what is wrong. */
json_t *baseline_load(const char *path, struct fw_err *err);

/* Marks each finding (verdict fail or waived) of report new / unchanged, and
 * each rule that was a finding in old but is not now fixed (rule.baseline);
 * adds report.baseline with the counts. With fail_on_new, the exit status
 * (summary.exit_status) counts only new failures at or above fail_on. */
void baseline_apply(json_t *report, const json_t *old, const char *path, bool fail_on_new);

#endif
