/* The canonical JSON text of reports and fact trees: keys sorted, two-space
 * indentation — the bytes jansson's JSON_INDENT(2) | JSON_SORT_KEYS gives,
 * written several times faster (one buffer, no per-object allocations
 * beyond the key order), since every scan writes it. */
#ifndef FWAUDIT_JSON_OUT_H
#define FWAUDIT_JSON_OUT_H

#include <jansson.h>
#include <stddef.h>

/* A NUL-terminated string ending in a newline (caller frees), its length in
 * *len; NULL on allocation failure. */
char *json_canonical(const json_t *v, size_t *len);

#endif
