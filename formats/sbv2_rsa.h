/* RSA-3072 signature blocks of Secure Boot V2 (used by formats/sbv2.c):
 * the ROM's Montgomery constants checked against the modulus and the
 * RSA-PSS signature verified with the key embedded in the block. */
#ifndef FWAUDIT_FORMATS_SBV2_RSA_H
#define FWAUDIT_FORMATS_SBV2_RSA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RSA-3072 block (version 2) layout after the image digest, little-endian
 * numbers (§3.1). */
#define RSA_N_OFF	36
#define RSA_E_OFF	420
#define RSA_RINV_OFF	424
#define RSA_MDASH_OFF	808
#define RSA_SIG_OFF	812
#define RSA_BYTES	384
#define RSA_KEY_END	812	/* key digest covers block[36:812] */

/* The blocks store numbers little-endian; OpenSSL's octet strings and
 * signatures are big-endian. */
static inline void
reverse_copy(uint8_t *dst, const uint8_t *src, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[n - 1 - i];
}

struct sbv2_rsa_result {
	bool consts_ok;		/* R^-1 and M' match the modulus */
	bool sig_ok;		/* RSA-PSS verifies over the digest */
	char consts_why[96];	/* why not, or "" */
	char sig_why[96];
};

/* What depends on a key alone (its import, its constants checked), worked
 * out once per key for up to 8 keys: a product signs every image with one
 * to three. A scan owns one; NULL when out of memory. */
struct rsa_cache;
struct rsa_cache *rsa_cache_new(void);
void rsa_cache_free(struct rsa_cache *c);

/* Checks the block at blk (SBV2 block size) against the 32-byte image
 * digest, with the keys in c (NULL: no cache, each key worked out anew).
 * Safe to call from several threads at once. */
void sbv2_rsa_check(struct rsa_cache *c, const uint8_t *blk, const uint8_t digest[32],
    struct sbv2_rsa_result *out);

#endif
