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

/* The text json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) gives, written
 * into buf[size] when it fits (and buf returned), else into a new string
 * (free it when it is not buf); NULL on allocation failure. */
char *json_compact(const json_t *v, char *buf, size_t size);

#endif
