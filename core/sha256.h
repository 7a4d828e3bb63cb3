/* SHA-256 for bulk data (flash dumps, images, input provenance).
 *
 * On x86-64 CPUs with the SHA extensions the blocks are compressed by our
 * own SHA-NI code; elsewhere OpenSSL does the work. Why not OpenSSL
 * everywhere: one SHA-256 stream is bound by the latency of the SHA rounds
 * instruction (OpenSSL and a plain loop both reach ~1.4 GB/s on the Zen 3
 * cores we measure on), and OpenSSL has no way to hash two messages at
 * once; sha256_update2 interleaves two and gets ~1.7x that. Hashing is
 * most of the time a flash dump takes (the dump's own digest plus every
 * image's: docs/benchmarks.md). Every digest is checked against OpenSSL's
 * in tests/unit/test_sha256.c, on both paths. The data hashed is never
 * secret, so timing is not a concern. */
#ifndef FWAUDIT_CORE_SHA256_H
#define FWAUDIT_CORE_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

struct sha256_ctx {
	uint32_t h[8];
	uint64_t len;		/* bytes taken so far */
	uint8_t buf[64];	/* a partial block */
	size_t nbuf;
	EVP_MD_CTX *evp;	/* the OpenSSL path; NULL on the SHA-NI path */
};

/* 0, or -1 when OpenSSL cannot allocate (the OpenSSL path only). A context
 * is released by sha256_final, or by sha256_release when abandoned. */
int sha256_init(struct sha256_ctx *c);
int sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Both updates at once: on the SHA-NI path the two messages are hashed
 * interleaved, ~1.7x the speed of one after the other. */
int sha256_update2(struct sha256_ctx *a, const void *data_a, size_t len_a,
    struct sha256_ctx *b, const void *data_b, size_t len_b);
/* A copy that can be finished on its own: a digest of a prefix. */
int sha256_copy(struct sha256_ctx *dst, const struct sha256_ctx *src);
int sha256_final(struct sha256_ctx *c, uint8_t out[32]);
void sha256_release(struct sha256_ctx *c);

int sha256(const void *data, size_t len, uint8_t out[32]);

/* Whether the SHA-NI path is in use; tests force the OpenSSL path with
 * sha256_force_openssl(true) to cover both on one machine. */
bool sha256_accelerated(void);
void sha256_force_openssl(bool on);
/* Tests: every sha256_init fails (as OpenSSL does when it cannot
 * allocate), to show that a digest that could not be computed never
 * reaches evidence as a plausible value. */
void sha256_fail_for_test(bool on);

#endif
