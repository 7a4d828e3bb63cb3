/* ESP32 Secure Boot V1 (formats/sbv1.h), with OpenSSL. */
#include "formats/sbv1.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "util/fileio.h"
#include "util/hex.h"

#define BLOCK 128	/* the secure boot engine reads SHA-512-sized blocks */

/* One 16-byte block of IV || image: reversed, AES, reversed, then each
 * word byte-swapped, which together is the AES output's word order
 * reversed; into the hash. */
static int
digest_block(EVP_CIPHER_CTX *c, EVP_MD_CTX *md, const uint8_t in[16])
{
	uint8_t b[16], w[16];
	int outl;

	memcpy(b, in, 16);
	bytes_reverse(b, 16);
	if (EVP_EncryptUpdate(c, b, &outl, b, 16) != 1 || outl != 16)
		return -1;
	bytes_reverse(b, 16);
	for (int i = 0; i < 16; i += 4)
		for (int j = 0; j < 4; j++)
			w[i + j] = b[i + 3 - j];
	return EVP_DigestUpdate(md, w, 16) == 1 ? 0 : -1;
}

int
sbv1_bootloader_digest(const uint8_t key[32], const uint8_t iv[SBV1_IV_LEN],
    const uint8_t *image, size_t image_len, bool hash_appended,
    uint8_t out[SBV1_DIGEST_LEN])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t d[SBV1_DIGEST_LEN], pad[16];
	unsigned dl = 0;
	size_t len = image_len, padded;
	int rc = -1;

	/* espsecure: the ROM reads to the end of the 128-byte block holding the
	 * checksum, not on into an appended SHA-256 that starts a new one */
	if (hash_appended && len % BLOCK <= 32)
		len -= len % BLOCK;
	padded = (len + BLOCK - 1) / BLOCK * BLOCK;
	if (c == NULL || md == NULL || len == 0 ||
	    EVP_EncryptInit_ex(c, EVP_aes_256_ecb(), NULL, key, NULL) != 1 ||
	    EVP_DigestInit_ex(md, EVP_sha512(), NULL) != 1)
		goto out;
	EVP_CIPHER_CTX_set_padding(c, 0);
	for (size_t o = 0; o < SBV1_IV_LEN; o += 16)
		if (digest_block(c, md, iv + o) != 0)
			goto out;
	for (size_t o = 0; o < padded; o += 16) {
		size_t n = o < len ? (len - o < 16 ? len - o : 16) : 0;

		memset(pad, 0xFF, sizeof(pad));
		memcpy(pad, image + o, n);
		if (digest_block(c, md, pad) != 0)
			goto out;
	}
	if (EVP_DigestFinal_ex(md, d, &dl) != 1 || dl != SBV1_DIGEST_LEN)
		goto out;
	for (int i = 0; i < SBV1_DIGEST_LEN; i += 4)
		for (int j = 0; j < 4; j++)
			out[i + j] = d[i + 3 - j];
	rc = 0;
out:
	EVP_CIPHER_CTX_free(c);
	EVP_MD_CTX_free(md);
	return rc;
}

/* 64 raw bytes X||Y as a P-256 public key. */
static EVP_PKEY *
raw_p256(const uint8_t *xy)
{
	uint8_t pt[65];
	OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
	OSSL_PARAM *p = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *k = NULL;

	pt[0] = 0x04;
	memcpy(pt + 1, xy, 64);
	if (b != NULL && ctx != NULL &&
	    OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
	    OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pt, sizeof(pt)) &&
	    (p = OSSL_PARAM_BLD_to_param(b)) != NULL && EVP_PKEY_fromdata_init(ctx) == 1)
		(void)EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, p);
	OSSL_PARAM_free(p);
	OSSL_PARAM_BLD_free(b);
	EVP_PKEY_CTX_free(ctx);
	return k;
}

static bool
is_p256(EVP_PKEY *k)
{
	char name[64];

	return EVP_PKEY_is_a(k, "EC") && EVP_PKEY_get_group_name(k, name, sizeof(name),
	    NULL) == 1 && strcmp(name, "prime256v1") == 0;
}

int
sbv1_verify_key_load(const char *path, void **pkey, char digest_hex[65],
    struct fw_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	EVP_PKEY *k = NULL;
	BIO *bio;

	*pkey = NULL;
	if (file_read(path, 1 << 16, &buf, &len, err) != 0)
		return -1;
	if (sha256_hex(buf, len, digest_hex) != 0) {
		free(buf);
		return err_internal(err, path, "SHA-256 failed");
	}
	if (len == 64)
		k = raw_p256((const uint8_t *)buf);
	else if ((bio = BIO_new_mem_buf(buf, (int)len)) != NULL) {
		k = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
		if (k == NULL && BIO_reset(bio) == 1)
			k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	free(buf);
	if (k == NULL)
		return err_set(err, path, ERR_NO_OFFSET, "not a Secure Boot V1 verification "
		    "key: expected a PEM public key, a PEM EC private key or 64 bytes X||Y");
	if (!is_p256(k)) {
		EVP_PKEY_free(k);
		return err_set(err, path, ERR_NO_OFFSET, "not an ECDSA P-256 key (Secure Boot "
		    "V1 signs with NIST P-256 only)");
	}
	*pkey = k;
	return 0;
}

void
sbv1_key_free(void *pkey)
{
	EVP_PKEY_free(pkey);
}

int
sbv1_verify_app(void *pkey, const uint8_t *data, size_t len, const uint8_t sig[68])
{
	ECDSA_SIG *s = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig + 4, 32, NULL), *sv = BN_bin2bn(sig + 36, 32, NULL);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *der = NULL;
	int derlen, rc = -1;

	if (sig[0] | sig[1] | sig[2] | sig[3]) {	/* only version 0 exists */
		rc = 0;
		goto out;
	}
	if (s == NULL || r == NULL || sv == NULL || md == NULL || ECDSA_SIG_set0(s, r, sv) != 1)
		goto out;
	r = sv = NULL;	/* now s's */
	if ((derlen = i2d_ECDSA_SIG(s, &der)) <= 0 ||
	    EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, pkey) != 1)
		goto out;
	/* a malformed r or s is a signature that does not verify */
	rc = EVP_DigestVerify(md, der, (size_t)derlen, data, len) == 1;
	ERR_clear_error();
out:
	OPENSSL_free(der);
	BN_free(r);
	BN_free(sv);
	ECDSA_SIG_free(s);
	EVP_MD_CTX_free(md);
	return rc;
}
