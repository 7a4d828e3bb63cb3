/* Waivers (YAML): a failing rule accepted for a while, with a
 * justification, an approver and an expiry date. */
#ifndef FWAUDIT_WAIVERS_H
#define FWAUDIT_WAIVERS_H

#include <jansson.h>

#include "util/error.h"

/* Loads a waivers file into an array of {rule, input?, justification,
 * approver, expires, file, line, status:"unused"}; NULL with err. */
json_t *waivers_load(const char *path, struct fw_err *err);
/* Whether waiver w applies at date today ("YYYY-MM-DD"): 1 yes, 0 expired. */
int waiver_current(const json_t *w, const char *today);

#endif
