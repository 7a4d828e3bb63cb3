/* Hex text of bytes and of their SHA-256 (input digests, fingerprints,
 * report identifiers), and byte order. A utility below the fact tree. */
#ifndef FWAUDIT_UTIL_HEX_H
#define FWAUDIT_UTIL_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Lower-case hex of n bytes into out[2n + 1] (NUL-terminated). */
void hex_encode(const void *b, size_t n, char *out);
/* Lower-case hex SHA-256 of data into out[65]; 0, or -1 with out "" when
 * the digest could not be computed (never a made-up value). */
int sha256_hex(const void *data, size_t len, char out[65]);

/* p[0..n) in reverse order, in place (the ESP flash and Secure Boot V1
 * ciphers take their blocks byte-reversed). */
void bytes_reverse(uint8_t *p, size_t n);

#endif
