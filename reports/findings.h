/* Findings and evidence in words (reports/findings.c), shared by the text,
 * HTML and Markdown writers. Nothing here judges: it orders and words what
 * the report holds. */
#ifndef FWAUDIT_FINDINGS_H
#define FWAUDIT_FINDINGS_H

#include <jansson.h>
#include <stddef.h>

/* critical 0, high 1, medium 2, low 3, info 4; 5 when unknown. */
int finding_severity_rank(const char *severity);

/* The failing and waived rules (borrowed), critical to low, in report order
 * among equals: a malloc'd array, its length in *n. NULL when out of
 * memory or there is none (*n 0). */
const json_t **findings_list(const json_t *report, size_t *n);

/* The evidence record that decided rule r's verdict: the first whose test
 * (as the rule states it, `not` included) did not hold, one outside a
 * `not` first; NULL when none. */
const json_t *finding_decisive(const json_t *r);

/* A record in words, without raw JSON: "sdkconfig.tls.insecure = true
 * (required: equals false)", "nvs.credentials: 4 items, 1 not matching",
 * "nvs.partitions: a list of 1 item (required: not equals [])". */
void report_ev_words(const json_t *ev, char *buf, size_t len);

/* A value in words: strings as they are, numbers, true/false, "a list of
 * N items", "an object", "(missing)". */
void report_value_words(const json_t *v, char *buf, size_t len);

#endif
