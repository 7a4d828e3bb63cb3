/* Secrets found in inputs (NVS values, identity partitions) as facts that
 * never carry the secret: a masked form, the length and a SHA-256 so two
 * units can be compared (docs/nvs.md, docs/compare.md). Also the helper
 * that makes a list fact other collectors append to. */
#ifndef FWAUDIT_CHECKS_SECRETS_H
#define FWAUDIT_CHECKS_SECRETS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/facts.h"
#include "util/reader.h"	/* bytes_all */

/* The array stored under name, created empty (with input as its
 * provenance) if absent; borrowed, or NULL on allocation failure. List facts
 * gather items from several partitions and inputs; every item carries its
 * own "input". */
json_t *facts_list(struct facts *f, const char *name, int input);

/* "G***" for text (first character, then ***), "<N bytes>" for binary. */
void secret_mask(const uint8_t *v, size_t len, char *out, size_t n);

/* A new {input, partition, namespace, key, name, kind, length, offset,
 * masked, sha256} object for a secret value at `offset` of the input. */
json_t *secret_item(int input, const char *partition, const char *ns,
    const char *key, const char *kind, const uint8_t *v, size_t len,
    uint64_t offset);

/* Whether the bytes hold text (printable ASCII/UTF-8, tabs, newlines). */
bool bytes_printable(const uint8_t *v, size_t len);
/* memmem for small needles. */
bool bytes_contain(const uint8_t *v, size_t len, const char *needle);

#endif
