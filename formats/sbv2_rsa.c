#include "formats/sbv2_rsa.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/reader.h"

/* What depends on the key alone, worked out once per key: a product signs
 * every image with one to three keys, and loading a key (OpenSSL's key
 * import and Montgomery set-up) and checking its constants (a 6144-bit
 * division) cost more than the signature check itself. */
struct rsa_key {
	uint8_t material[RSA_KEY_END - RSA_N_OFF];	/* n, e, R^-1, M' */
	bool consts_ok;
	char consts_why[96];
	EVP_PKEY *pkey;		/* NULL: not usable, load_why says why */
	char load_why[96];
	/* RSA-PSS verification set up once (fetching the method and its two
	 * digests costs a verification's worth); one thread at a time. */
	EVP_PKEY_CTX *vctx;
	pthread_mutex_t vmu;
};

#define MEMO_KEYS 8

struct rsa_cache {
	pthread_mutex_t mu;
	struct rsa_key keys[MEMO_KEYS];
	int n;
};

/* The ROM multiplies with Montgomery constants taken from the block:
 * R^-1 stored as rinv = R^2 mod n (R = 2^3072) and M' = -n^-1 mod 2^32.
 * Inconsistent constants make the ROM compute garbage, so a block whose
 * constants do not match its modulus cannot verify on the chip. */
static void
check_constants(const uint8_t *blk, const BIGNUM *n, struct rsa_key *k)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *rinv = NULL, *calc = NULL;
	uint32_t n0, inv;

	k->consts_ok = false;
	if (ctx == NULL || (rinv = BN_lebin2bn(blk + RSA_RINV_OFF, RSA_BYTES, NULL)) == NULL ||
	    (calc = BN_new()) == NULL)
		goto out;
	if (BN_is_zero(n) || !BN_is_odd(n)) {
		snprintf(k->consts_why, sizeof(k->consts_why), "RSA modulus is even or zero");
		goto out;
	}
	if (!BN_set_bit(calc, 2 * 3072) || !BN_mod(calc, calc, n, ctx))
		goto out;
	if (BN_cmp(calc, rinv) != 0) {
		snprintf(k->consts_why, sizeof(k->consts_why), "R-inverse does not match the modulus");
		goto out;
	}
	/* n^-1 mod 2^32 by Newton iteration (n odd). */
	n0 = ld_le32(blk + RSA_N_OFF);
	inv = n0;
	for (int i = 0; i < 5; i++)
		inv *= 2 - n0 * inv;
	if ((uint32_t)(0u - inv) != ld_le32(blk + RSA_MDASH_OFF)) {
		snprintf(k->consts_why, sizeof(k->consts_why), "M' does not match the modulus");
		goto out;
	}
	k->consts_ok = true;
out:
	BN_free(calc);
	BN_free(rinv);
	BN_CTX_free(ctx);
}

/* The public key from the block's modulus and exponent. */
static void
load_key(const uint8_t *blk, const BIGNUM *n, struct rsa_key *k)
{
	uint32_t e = ld_le32(blk + RSA_E_OFF);
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *kctx = NULL;
	BIGNUM *bn_e = NULL;

	k->pkey = NULL;
	if (BN_num_bits(n) < 3072) {
		snprintf(k->load_why, sizeof(k->load_why), "RSA modulus is shorter than 3072 bits");
		return;
	}
	if (e < 3 || (e & 1) == 0) {
		snprintf(k->load_why, sizeof(k->load_why), "RSA exponent %u is not usable", e);
		return;
	}
	if ((bn_e = BN_new()) == NULL || !BN_set_word(bn_e, e) ||
	    (bld = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL ||
	    (kctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(kctx) != 1 ||
	    EVP_PKEY_fromdata(kctx, &k->pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		EVP_PKEY_free(k->pkey);
		k->pkey = NULL;
		snprintf(k->load_why, sizeof(k->load_why), "the embedded RSA key cannot be loaded");
	}
	EVP_PKEY_CTX_free(kctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn_e);
}

/* RSA-PSS, SHA-256, MGF1-SHA-256, salt 32: a context for the key. */
static EVP_PKEY_CTX *
pss_ctx(EVP_PKEY *pkey)
{
	EVP_PKEY_CTX *vctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);

	if (vctx == NULL || EVP_PKEY_verify_init(vctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(vctx, RSA_PKCS1_PSS_PADDING) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(vctx, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_mgf1_md(vctx, EVP_sha256()) != 1 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(vctx, 32) != 1) {
		EVP_PKEY_CTX_free(vctx);
		return NULL;
	}
	return vctx;
}

static void
key_init(const uint8_t *blk, struct rsa_key *k)
{
	BIGNUM *n;

	memset(k, 0, sizeof(*k));
	memcpy(k->material, blk + RSA_N_OFF, sizeof(k->material));
	if ((n = BN_lebin2bn(blk + RSA_N_OFF, RSA_BYTES, NULL)) == NULL) {
		snprintf(k->load_why, sizeof(k->load_why), "the embedded RSA key cannot be loaded");
	} else {
		check_constants(blk, n, k);
		load_key(blk, n, k);
	}
	BN_free(n);
	pthread_mutex_init(&k->vmu, NULL);
	if (k->pkey != NULL)
		k->vctx = pss_ctx(k->pkey);
}

static void
key_release(struct rsa_key *k)
{
	EVP_PKEY_CTX_free(k->vctx);
	EVP_PKEY_free(k->pkey);
	pthread_mutex_destroy(&k->vmu);
}

/* The signature over the 32-byte digest. */
static void
verify(struct rsa_key *k, const uint8_t *blk, const uint8_t digest[32],
    struct sbv2_rsa_result *out)
{
	uint8_t sig_be[RSA_BYTES];

	if (k->pkey == NULL) {
		snprintf(out->sig_why, sizeof(out->sig_why), "%s", k->load_why);
		return;
	}
	if (k->vctx == NULL) {
		snprintf(out->sig_why, sizeof(out->sig_why),
		    "RSA-PSS verification could not be set up");
		return;
	}
	reverse_copy(sig_be, blk + RSA_SIG_OFF, RSA_BYTES);
	pthread_mutex_lock(&k->vmu);
	out->sig_ok = EVP_PKEY_verify(k->vctx, sig_be, RSA_BYTES, digest, 32) == 1;
	pthread_mutex_unlock(&k->vmu);
	if (!out->sig_ok)
		snprintf(out->sig_why, sizeof(out->sig_why),
		    "RSA-PSS signature does not verify with the embedded key");
}

struct rsa_cache *
rsa_cache_new(void)
{
	struct rsa_cache *c = calloc(1, sizeof(*c));

	if (c != NULL && pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c);
		c = NULL;
	}
	return c;
}

void
rsa_cache_free(struct rsa_cache *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < c->n; i++)
		key_release(&c->keys[i]);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void
sbv2_rsa_check(struct rsa_cache *c, const uint8_t *blk, const uint8_t digest[32],
    struct sbv2_rsa_result *out)
{
	struct rsa_key *k = NULL, once;

	memset(out, 0, sizeof(*out));
	/* A key is worked out under the lock: two threads meeting a new key
	 * at once would otherwise both pay for it. */
	if (c != NULL) {
		pthread_mutex_lock(&c->mu);
		for (int i = 0; i < c->n && k == NULL; i++)
			if (memcmp(c->keys[i].material, blk + RSA_N_OFF,
			    sizeof(c->keys[i].material)) == 0)
				k = &c->keys[i];
		if (k == NULL && c->n < MEMO_KEYS) {
			key_init(blk, &c->keys[c->n]);
			k = &c->keys[c->n++];
		}
		pthread_mutex_unlock(&c->mu);
	}
	if (k == NULL) {	/* no cache, or more keys than a product has */
		key_init(blk, &once);
		k = &once;
	}
	out->consts_ok = k->consts_ok;
	memcpy(out->consts_why, k->consts_why, sizeof(out->consts_why));
	verify(k, blk, digest, out);
	if (k == &once)
		key_release(&once);
}
