/* Shared immutable JSON values for one report. A report repeats the same
 * strings (verdicts, severities, reasons, fact names, test texts) and small
 * counts thousands of times; each made once and shared by reference costs a
 * lookup instead of two allocations, and frees as fast. Only for values no
 * one changes in place: strings and integers are never changed after they
 * are made (nothing calls json_string_set or json_integer_set). */
#ifndef FWAUDIT_JSON_POOL_H
#define FWAUDIT_JSON_POOL_H

#include <jansson.h>

struct json_pool;

/* NULL when out of memory; every function below takes a NULL pool and then
 * makes a new value each time. */
struct json_pool *json_pool_new(void);
/* Drops the pool's own references; values handed out live on. */
void json_pool_free(struct json_pool *p);

/* A new reference to the string s (NULL when s is not UTF-8, as json_string). */
json_t *json_pool_string(struct json_pool *p, const char *s);
/* A new reference to the integer v. */
json_t *json_pool_integer(struct json_pool *p, json_int_t v);

/* json_string(s), with the UTF-8 check done eight ASCII bytes at a time:
 * jansson's byte-at-a-time check was a tenth of judging, over the rules'
 * rationale and remediation texts. Accepts and refuses exactly what
 * json_string does. */
json_t *json_string_fast(const char *s);

#endif
