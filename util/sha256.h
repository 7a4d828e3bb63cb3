/* SHA-256 by OpenSSL, for every digest that serves as evidence: input
 * provenance, the evidence manifest, report digests, fingerprints, key
 * digests. (The hash queue, util/hashq.h, may hash two of its jobs at once
 * with its own kernel; nothing else does.) The data hashed is never secret,
 * so timing is not a concern. */
#ifndef FWAUDIT_UTIL_SHA256_H
#define FWAUDIT_UTIL_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>

struct sha256_ctx {
	EVP_MD_CTX *evp;	/* NULL once finished, released or failed */
};

/* 0, or -1 when OpenSSL cannot allocate. A context is released by
 * sha256_final, or by sha256_release when abandoned. A failed update
 * releases it: every later update and the final fail too, so a digest
 * with bytes missing is never returned. */
int sha256_init(struct sha256_ctx *c);
int sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* A copy that can be finished on its own: a digest of a prefix. */
int sha256_copy(struct sha256_ctx *dst, const struct sha256_ctx *src);
int sha256_final(struct sha256_ctx *c, uint8_t out[32]);
void sha256_release(struct sha256_ctx *c);

int sha256(const void *data, size_t len, uint8_t out[32]);

#endif
