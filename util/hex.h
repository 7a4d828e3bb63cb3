/* Hex text of bytes and of their SHA-256: input digests, fingerprints,
 * report identifiers. A utility below the fact tree, not part of it. */
#ifndef FWAUDIT_UTIL_HEX_H
#define FWAUDIT_UTIL_HEX_H

#include <stddef.h>

/* Lower-case hex of n bytes into out[2n + 1] (NUL-terminated). */
void hex_encode(const void *b, size_t n, char *out);
/* Lower-case hex SHA-256 of data into out[65]; 0, or -1 with out "" when
 * the digest could not be computed (never a made-up value). */
int sha256_hex(const void *data, size_t len, char out[65]);

#endif
