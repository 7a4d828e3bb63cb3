/* Verdicts: what judging gives a rule (core/engine.c) and a provision
 * (core/rollup.c), and their names in reports. Both layers use them, so
 * they live below both. */
#ifndef FWAUDIT_VERDICT_H
#define FWAUDIT_VERDICT_H

#include <jansson.h>

enum verdict { V_PASS, V_FAIL, V_NOT_APPLICABLE, V_NOT_TESTED, V_DECLARED,
	V_WAIVED, V_COUNT };

/* "pass", "fail", ... as reports spell them; "?" out of range. */
const char *verdict_name(enum verdict v);
/* 0 and *out when s names a verdict, else -1. */
int verdict_parse(const char *s, enum verdict *out);

/* {"pass": N, "fail": N, ...} in verdict order: SARIF prints the rule
 * summary as it is. */
json_t *verdict_counts_json(const int counts[V_COUNT]);

#endif
