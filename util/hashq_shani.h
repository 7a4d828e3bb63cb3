/* The hash queue's own SHA-256 (util/hashq.c only; tests/unit/test_hashq.c
 * checks it against OpenSSL): two messages hashed at once with the x86
 * SHA extensions. One SHA-256 stream is bound by the latency of the SHA
 * rounds instruction (OpenSSL and a plain loop both reach ~1.4 GB/s on the
 * Zen 3 cores measured), and OpenSSL cannot hash two messages at once;
 * interleaving two gets ~1.7x the blocks per second. The queue pairs an
 * input's own digest with its images' (docs/benchmarks.md). A job the
 * kernel began is finished by it, also after its partner ended: OpenSSL
 * cannot take over a part-hashed message. Every other digest, and every job
 * on a CPU without the extensions, is OpenSSL's (util/sha256.h). */
#ifndef FWAUDIT_UTIL_HASHQ_SHANI_H
#define FWAUDIT_UTIL_HASHQ_SHANI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct shani_sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes taken so far */
	uint8_t buf[64];	/* a partial block */
	size_t nbuf;
};

/* Whether this CPU has the SHA extensions (and SSSE3, SSE4.1) and the
 * kernel was built for it; nothing below may be called otherwise. */
bool shani_usable(void);
void shani_init(struct shani_sha256 *s);
void shani_update(struct shani_sha256 *s, const void *data, size_t len);
/* Both at once: the whole blocks the two have in common are interleaved. */
void shani_update2(struct shani_sha256 *a, const void *data_a, size_t len_a,
    struct shani_sha256 *b, const void *data_b, size_t len_b);
/* s may be a copy (a digest of a prefix); it is not usable afterwards. */
void shani_final(struct shani_sha256 *s, uint8_t out[32]);

#endif
