#include "formats/sbv2.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/reader.h"
#include "util/sha256.h"
#include "formats/esp_chip.h"
#include "formats/esp_crc32.h"
#include "formats/sbv2_rsa.h"


/* ECDSA block (version 3), esp-formats.md §3.1: byte 2 says the digest
 * (SHA-256 or SHA-384), which moves the fields after the digest. */
#define ECDSA_SHA_VERSION_OFF	2
#define ECDSA_SHA256	0
#define ECDSA_SHA384	1
#define CURVE_P192	1
#define CURVE_P256	2
#define CURVE_P384	3

/* Where the curve id, the public key X|Y and the signature r|s start. The
 * key digest burnt to eFuse covers curve id | X | Y (§3.2), which is what
 * lies between curve_off and sig_off. */
struct ecdsa_layout {
	size_t curve_off, key_off, sig_off;
};
static const struct ecdsa_layout ecdsa_sha256_layout = { 36, 37, 101 };
static const struct ecdsa_layout ecdsa_sha384_layout = { 52, 53, 149 };

unsigned
sbv2_rom_blocks(uint16_t chip_id)
{
	return chip_id == ESP_CHIP_ESP32 || chip_id == ESP_CHIP_ESP32C2 ? 1 : SBV2_MAX_BLOCKS;
}

const char *
sbv2_scheme_name(enum sbv2_scheme s)
{
	switch (s) {
	case SBV2_SCHEME_RSA3072: return "RSA-3072";
	case SBV2_SCHEME_ECDSA_P192: return "ECDSA-P192";
	case SBV2_SCHEME_ECDSA_P256: return "ECDSA-P256";
	case SBV2_SCHEME_ECDSA_P384: return "ECDSA-P384";
	default: return "unknown";
	}
}

static void reason_add(struct sbv2_block *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends "; why" to the block's reason (first reason without "; "). */
static void
reason_add(struct sbv2_block *b, const char *fmt, ...)
{
	size_t n = strlen(b->reason);
	va_list ap;

	if (n + 3 >= sizeof(b->reason))
		return;
	if (n > 0) {
		memcpy(b->reason + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(b->reason + n, sizeof(b->reason) - n, fmt, ap);
	va_end(ap);
}


static void
key_sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
	if (sha256(p, n, out) != 0)
		memset(out, 0, 32);
}

/* ECDSA over the pre-hashed digest with the embedded public key; the
 * coordinates and r, s are little-endian in the block. */
static bool
ecdsa_verify(const char *group, size_t clen, const uint8_t *key, const uint8_t *sig,
    const uint8_t *digest, size_t dlen, struct sbv2_block *b)
{
	uint8_t pub[1 + 2 * 48];
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *kctx = NULL, *vctx = NULL;
	EVP_PKEY *pkey = NULL;
	ECDSA_SIG *es = NULL;
	BIGNUM *r = NULL, *s = NULL;
	unsigned char *der = NULL;
	int derlen;
	bool ok = false;

	pub[0] = 0x04;		/* uncompressed point */
	reverse_copy(pub + 1, key, clen);
	reverse_copy(pub + 1 + clen, key + clen, clen);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
	    (char *)group, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, pub,
	    1 + 2 * clen);
	params[2] = OSSL_PARAM_construct_end();
	if ((kctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(kctx) != 1 ||
	    EVP_PKEY_fromdata(kctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
		reason_add(b, "the embedded %s public key is not a point on the curve", group);
		goto out;
	}
	if ((r = BN_lebin2bn(sig, (int)clen, NULL)) == NULL ||
	    (s = BN_lebin2bn(sig + clen, (int)clen, NULL)) == NULL ||
	    (es = ECDSA_SIG_new()) == NULL || ECDSA_SIG_set0(es, r, s) != 1)
		goto out;
	r = s = NULL;		/* owned by es */
	if ((derlen = i2d_ECDSA_SIG(es, &der)) <= 0)
		goto out;
	if ((vctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL)) == NULL ||
	    EVP_PKEY_verify_init(vctx) != 1) {
		reason_add(b, "ECDSA verification could not be set up");
		goto out;
	}
	ok = EVP_PKEY_verify(vctx, der, (size_t)derlen, digest, dlen) == 1;
	if (!ok)
		reason_add(b, "ECDSA signature does not verify with the embedded key");
out:
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
	BN_free(r);
	BN_free(s);
	EVP_PKEY_CTX_free(vctx);
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(kctx);
	return ok;
}

/* The image digests the blocks are compared against, computed on demand. */
struct digests {
	const uint8_t *data;
	size_t len;
	uint8_t sha256[32], sha384[48];
	bool have256, have384;
	struct rsa_cache *keys;	/* the caller's, for check_rsa */
};

static const uint8_t *
get_digest(struct digests *d, size_t dlen)
{
	unsigned int n;

	if (dlen == 32 && !d->have256) {
		key_sha256(d->data, d->len, d->sha256);
		d->have256 = true;
	} else if (dlen == 48 && !d->have384) {
		if (EVP_Digest(d->data, d->len, d->sha384, &n, EVP_sha384(), NULL) != 1)
			memset(d->sha384, 0, 48);
		d->have384 = true;
	}
	return dlen == 32 ? d->sha256 : d->sha384;
}

/* Version 2: RSA-3072 PSS (formats/sbv2_rsa.c checks the key and signature). */
static bool
check_rsa(const uint8_t *blk, struct digests *dg, struct sbv2_block *b)
{
	struct sbv2_rsa_result r;
	const uint8_t *want;

	b->scheme = SBV2_SCHEME_RSA3072;
	b->digest_len = 32;
	memcpy(b->digest, blk + SBV2_DIGEST_OFF, 32);
	key_sha256(blk + RSA_N_OFF, RSA_KEY_END - RSA_N_OFF, b->key_digest);
	b->key_digest_set = true;
	want = get_digest(dg, 32);
	b->digest_matches = memcmp(want, b->digest, 32) == 0;
	if (!b->digest_matches)
		reason_add(b, "image digest in the block does not match the image");
	sbv2_rsa_check(dg->keys, blk, want, &r);
	if (r.consts_why[0] != '\0')
		reason_add(b, "%s", r.consts_why);
	if (r.sig_why[0] != '\0')
		reason_add(b, "%s", r.sig_why);
	return r.sig_ok && r.consts_ok;
}

/* Version 3: ECDSA over SHA-256 (P-192, P-256) or SHA-384 (P-384). False
 * with a reason when the curve is unknown or the signature does not verify. */
static bool
check_ecdsa(const uint8_t *blk, struct digests *dg, struct sbv2_block *b, bool *known)
{
	uint8_t sha = blk[ECDSA_SHA_VERSION_OFF];
	const struct ecdsa_layout *l = sha == ECDSA_SHA384 ? &ecdsa_sha384_layout :
	    &ecdsa_sha256_layout;
	uint8_t curve = blk[l->curve_off];
	const char *group = NULL;
	const uint8_t *want;
	size_t clen = 0;

	if (sha == ECDSA_SHA256 && curve == CURVE_P192) {
		b->scheme = SBV2_SCHEME_ECDSA_P192;
		group = "prime192v1";
		clen = 24;
	} else if (sha == ECDSA_SHA256 && curve == CURVE_P256) {
		b->scheme = SBV2_SCHEME_ECDSA_P256;
		group = "prime256v1";
		clen = 32;
	} else if (sha == ECDSA_SHA384 && curve == CURVE_P384) {
		b->scheme = SBV2_SCHEME_ECDSA_P384;
		group = "secp384r1";
		clen = 48;
	}
	*known = group != NULL;
	if (group == NULL) {
		reason_add(b, "unknown ECDSA curve %u with SHA version %u", curve, sha);
		return false;
	}
	b->digest_len = sha == ECDSA_SHA384 ? 48 : 32;
	memcpy(b->digest, blk + SBV2_DIGEST_OFF, b->digest_len);
	key_sha256(blk + l->curve_off, l->sig_off - l->curve_off, b->key_digest);
	b->key_digest_set = true;
	want = get_digest(dg, b->digest_len);
	b->digest_matches = memcmp(want, b->digest, b->digest_len) == 0;
	if (!b->digest_matches)
		reason_add(b, "image digest in the block does not match the image");
	return ecdsa_verify(group, clen, blk + l->key_off, blk + l->sig_off, want,
	    b->digest_len, b);
}

static void
check_block(const uint8_t *blk, struct digests *dg, struct sbv2_block *b)
{
	bool sig_ok, known = true;

	b->magic_ok = blk[SBV2_MAGIC_OFF] == SBV2_MAGIC;
	b->version = blk[SBV2_VERSION_OFF];
	b->crc_stored = ld_le32(blk + SBV2_CRC_OFFSET);
	/* Plain zlib CRC-32 of bytes 0..1195 (espsecure, not the IDF variant). */
	b->crc_calc = esp_crc32_le(0, blk, SBV2_CRC_OFFSET);
	b->crc_valid = b->crc_calc == b->crc_stored;
	if (!b->magic_ok) {
		reason_add(b, "magic byte 0x%02x is not 0xE7", blk[SBV2_MAGIC_OFF]);
		return;
	}
	if (!b->crc_valid)
		reason_add(b, "CRC32 0x%08x does not match the stored 0x%08x",
		    b->crc_calc, b->crc_stored);
	if (b->version == SBV2_VERSION_RSA) {
		sig_ok = check_rsa(blk, dg, b);
	} else if (b->version == SBV2_VERSION_ECDSA) {
		sig_ok = check_ecdsa(blk, dg, b, &known);
		if (!known)
			return;
	} else {
		reason_add(b, "unknown signature block version %u (2 is RSA, 3 ECDSA)",
		    b->version);
		return;
	}
	b->signature_valid = sig_ok;
	b->valid = b->magic_ok && b->crc_valid && b->digest_matches && b->signature_valid;
}

bool
sbv2_sector_probe(const uint8_t *sector, size_t sector_len)
{
	struct reader r;
	const uint8_t *p;

	rd_init(&r, sector, sector_len);
	for (unsigned i = 0; i < SBV2_MAX_BLOCKS; i++)
		if (rd_peek_ptr(&r, (size_t)i * SBV2_BLOCK_SIZE, &p, SBV2_BLOCK_SIZE) == 0 &&
		    p[0] == SBV2_MAGIC)
			return true;
	return false;
}

void
sbv2_check_sector(const uint8_t *sector, size_t sector_len,
    const uint8_t *signed_data, size_t signed_len,
    const uint8_t image_sha256[32], struct rsa_cache *keys, struct sbv2_sector *out)
{
	struct digests dg = { .data = signed_data, .len = signed_len, .keys = keys };
	struct reader r;
	const uint8_t *blk;

	memset(out, 0, sizeof(*out));
	if (image_sha256 != NULL) {
		memcpy(dg.sha256, image_sha256, 32);
		dg.have256 = true;
	}
	out->present = sbv2_sector_probe(sector, sector_len);
	if (!out->present)
		return;
	rd_init(&r, sector, sector_len);
	for (unsigned i = 0; i < SBV2_MAX_BLOCKS; i++) {
		struct sbv2_block *b = &out->blocks[out->nblocks];

		if (rd_peek_ptr(&r, (size_t)i * SBV2_BLOCK_SIZE, &blk, SBV2_BLOCK_SIZE) != 0)
			break;		/* sector cut short: the slot is not there */
		if (bytes_all(blk, SBV2_BLOCK_SIZE, 0xFF))
			continue;	/* unused slot */
		memset(b, 0, sizeof(*b));
		b->index = i;
		b->offset = (size_t)i * SBV2_BLOCK_SIZE;
		b->present = true;
		check_block(blk, &dg, b);
		out->nblocks++;
		out->nvalid += b->valid;
	}
}
