/* The canonical JSON text of reports and fact trees: jansson's
 * JSON_INDENT(2) | JSON_SORT_KEYS, and a closing newline, so the same
 * result always gives the same bytes. */
#ifndef FWAUDIT_UTIL_JSON_OUT_H
#define FWAUDIT_UTIL_JSON_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define JSON_CANONICAL (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENCODE_ANY)

/* A NUL-terminated string ending in a newline (caller frees), its length in
 * *len; NULL on allocation failure. */
char *json_canonical(const json_t *v, size_t *len);

/* o[key] = v as a JSON string; nothing when v is NULL (an optional field
 * stays absent rather than null). */
void json_set_string(json_t *o, const char *key, const char *v);

/* Whether the array a holds the string s (items that are no strings are
 * skipped). */
bool json_array_has_string(const json_t *a, const char *s);

#endif
