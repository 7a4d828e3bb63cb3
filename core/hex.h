/* Lower-case hex text of bytes: digests and fingerprints in facts, and the
 * device layer's certificate fingerprints (which must not need the fact
 * tree's header, nor jansson). */
#ifndef FWAUDIT_HEX_H
#define FWAUDIT_HEX_H

#include <stddef.h>

/* Lower-case hex of n bytes into out[2n + 1] (NUL-terminated). */
void hex_encode(const void *b, size_t n, char *out);

#endif
