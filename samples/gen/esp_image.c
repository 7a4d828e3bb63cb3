/* ESP32-S3 app/bootloader images (esp-formats.md §1) and their Secure Boot V2
 * signature sectors (§3.1), signed deterministically. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "formats/esp_crc32.h"
#include "samples/gen/gen.h"

#define CHIP_ID_ESP32S3 9
#define SECTOR 4096
#define SB_BLOCK 1216

static size_t
segment(uint8_t *dst, size_t at, uint32_t load, const uint8_t *data, size_t n)
{
	put32(dst + at, load);
	put32(dst + at + 4, (uint32_t)n);
	memcpy(dst + at + 8, data, n);
	return at + 8 + n;
}

/* esp_app_desc_t (§1.4), 256 bytes. */
static void
app_desc(uint8_t *d, const struct image_spec *s)
{
	memset(d, 0, 256);
	put32(d, 0xABCD5432);
	put32(d + 4, s->secure_version);
	strncpy((char *)d + 16, s->version, 31);
	strncpy((char *)d + 48, s->project, 31);
	strncpy((char *)d + 80, "10:00:00", 15);
	strncpy((char *)d + 96, "Nov 20 2026", 15);
	strncpy((char *)d + 112, s->idf_ver, 31);
	fill_stream(d + 144, 32, s->project);	/* app_elf_sha256 */
	put16(d + 178, 99);			/* max_efuse_blk_rev_full */
	d[180] = 16;				/* mmu_page_size: 64 KiB */
	d[181] = 2;				/* DIO */
}

/* esp_bootloader_desc_t (§1.5), 80 bytes. */
static void
bootloader_desc(uint8_t *d, const struct image_spec *s)
{
	memset(d, 0, 80);
	d[0] = 0x50;
	d[3] = (uint8_t)s->secure_version;
	put32(d + 4, 1);
	strncpy((char *)d + 8, s->idf_ver, 31);
	strncpy((char *)d + 40, "Nov 20 2026 10:00:00", 23);
}

size_t
image_build(uint8_t *dst, size_t cap, const struct image_spec *s)
{
	static const char rodata[] =
	    "Wi-Fi connected\0MQTT connected to %s\0https://ota.acme-iot.example/fw.bin\0"
	    "esp_https_ota: image verified\0nvs_flash_init failed: %d\0";
	uint8_t first[4096], data[1024], *code;
	size_t at = 24, n0, end;
	uint8_t ck = 0xEF;

	if (cap < 24 + 3 * 8 + sizeof(first) + sizeof(data) + s->code_size + 64)
		die("image buffer too small");
	if ((code = malloc(s->code_size)) == NULL)
		die("out of memory");
	memset(dst, 0, 24);
	dst[0] = 0xE9;
	dst[1] = 3;			/* segments */
	dst[2] = 2;			/* DIO */
	dst[3] = 0x2F;			/* 4MB, 80 MHz */
	put32(dst + 4, s->bootloader ? 0x403c98d0 : 0x40375a80);
	dst[8] = 0xEE;			/* wp pin disabled */
	put16(dst + 12, CHIP_ID_ESP32S3);
	put16(dst + 17, 99);		/* max_chip_rev_full v0.99 */
	dst[23] = 1;			/* SHA-256 appended */
	memset(first, 0, sizeof(first));
	if (s->bootloader) {
		bootloader_desc(first, s);
		n0 = 1024;
	} else {
		app_desc(first, s);
		n0 = sizeof(first);
	}
	memcpy(first + 256, rodata, sizeof(rodata));
	for (size_t i = 0, at2 = 256 + sizeof(rodata); s->rodata != NULL &&
	    (i == 0 || s->rodata[i - 1] != '\0' || s->rodata[i] != '\0') && at2 < n0; i++)
		first[at2++] = (uint8_t)s->rodata[i];
	fill_stream(code, s->code_size, s->project);
	fill_stream(data, sizeof(data), "data");
	/* S3 memory map: DROM 0x3C000000 (file offset = vaddr mod 64 KiB),
	 * IRAM 0x40370000, DRAM 0x3FC88000; the bootloader runs from the top
	 * of SRAM. */
	at = segment(dst, at, s->bootloader ? 0x3fce3810 : 0x3c020020, first, n0);
	at = segment(dst, at, s->bootloader ? 0x403c9700 : 0x40374000, code, s->code_size);
	at = segment(dst, at, s->bootloader ? 0x3fce5000 : 0x3fc92000, data, sizeof(data));
	/* Checksum: XOR of segment data from 0xEF (§1.3). */
	for (size_t i = 0; i < n0; i++)
		ck ^= first[i];
	for (size_t i = 0; i < s->code_size; i++)
		ck ^= code[i];
	for (size_t i = 0; i < sizeof(data); i++)
		ck ^= data[i];
	while (at % 16 != 15)
		dst[at++] = 0;
	dst[at++] = ck;
	SHA256(dst, at, dst + at);
	end = at + 32;
	free(code);
	return end;
}

/* EMSA-PSS encoding (RFC 8017 §9.1.1), SHA-256, MGF1-SHA-256, 32-byte salt
 * derived from the digest so that signing is repeatable. */
static void
pss_encode(const uint8_t digest[32], uint8_t em[384])
{
	uint8_t mprime[8 + 32 + 32], salt[32], h[32], db[384 - 32 - 1], seed[36], md[32];
	size_t dblen = sizeof(db);

	memcpy(mprime + 8, digest, 32);
	memset(mprime, 0, 8);
	SHA256(digest, 32, salt);
	memcpy(mprime + 40, salt, 32);
	SHA256(mprime, sizeof(mprime), h);
	memset(db, 0, dblen);
	db[dblen - 33] = 0x01;
	memcpy(db + dblen - 32, salt, 32);
	memcpy(seed, h, 32);
	for (uint32_t c = 0, at = 0; at < dblen; c++) {
		seed[32] = (uint8_t)(c >> 24);
		seed[33] = (uint8_t)(c >> 16);
		seed[34] = (uint8_t)(c >> 8);
		seed[35] = (uint8_t)c;
		SHA256(seed, sizeof(seed), md);
		for (size_t i = 0; i < 32 && at < dblen; i++)
			db[at++] ^= md[i];
	}
	db[0] &= 0x7F;		/* emBits = 3071: clear the top bit */
	memcpy(em, db, dblen);
	memcpy(em + dblen, h, 32);
	em[383] = 0xBC;
}

static void
reverse(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		uint8_t t = b[i];

		b[i] = b[n - 1 - i];
		b[n - 1 - i] = t;
	}
}

static void
rsa_block(uint8_t *blk, const uint8_t digest[32], EVP_PKEY *key)
{
	BIGNUM *n = NULL, *e = NULL, *r = BN_new();
	BN_CTX *bctx = BN_CTX_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
	uint8_t em[384], sig[384];
	size_t siglen = sizeof(sig);
	uint32_t n0, inv;

	if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e) || BN_num_bits(n) != 3072)
		die("Secure Boot RSA key must be RSA-3072");
	blk[1] = 0x02;
	BN_bn2lebinpad(n, blk + 36, 384);
	put32(blk + 420, (uint32_t)BN_get_word(e));
	/* rinv = 2^(2*3072) mod n; M' = -n^-1 mod 2^32 (espsecure). */
	BN_set_bit(r, 2 * 3072);
	BN_mod(r, r, n, bctx);
	BN_bn2lebinpad(r, blk + 424, 384);
	n0 = (uint32_t)BN_mod_word(n, 0x100000000ULL);
	inv = n0;
	for (int i = 0; i < 5; i++)
		inv *= 2 - n0 * inv;
	put32(blk + 808, (uint32_t)-inv);
	pss_encode(digest, em);
	if (ctx == NULL || EVP_PKEY_sign_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) <= 0 ||
	    EVP_PKEY_sign(ctx, sig, &siglen, em, sizeof(em)) <= 0 || siglen != 384)
		die("RSA signing failed");
	EVP_PKEY_CTX_free(ctx);
	/* Check it as the ROM would: RSA-PSS, SHA-256, salt 32, over the digest. */
	ctx = EVP_PKEY_CTX_new(key, NULL);
	if (ctx == NULL || EVP_PKEY_verify_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, 32) <= 0 ||
	    EVP_PKEY_verify(ctx, sig, siglen, digest, 32) != 1)
		die("RSA-PSS signature does not verify");
	reverse(sig, sizeof(sig));
	memcpy(blk + 812, sig, 384);
	EVP_PKEY_CTX_free(ctx);
	BN_free(n);
	BN_free(e);
	BN_free(r);
	BN_CTX_free(bctx);
}

/* ECDSA P-256 with the nonce k = SHA-256(d || digest || ctr) mod n. */
static void
ecdsa_block(uint8_t *blk, const uint8_t digest[32], EVP_PKEY *key)
{
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	BN_CTX *bctx = BN_CTX_new();
	BIGNUM *d = NULL, *qx = NULL, *qy = NULL, *k = BN_new(), *x = BN_new();
	BIGNUM *r = BN_new(), *s = BN_new(), *h = BN_bin2bn(digest, 32, NULL);
	const BIGNUM *order = EC_GROUP_get0_order(g);
	EC_POINT *R = EC_POINT_new(g);
	uint8_t in[32 + 32 + 1], md[32], *der = NULL;
	EVP_PKEY_CTX *ctx;
	ECDSA_SIG *sig;
	int dlen;

	if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &d) ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &qx) ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &qy))
		die("Secure Boot ECDSA key must be P-256");
	BN_bn2binpad(d, in, 32);
	memcpy(in + 32, digest, 32);
	for (uint8_t ctr = 0;; ctr++) {
		in[64] = ctr;
		SHA256(in, sizeof(in), md);
		BN_bin2bn(md, 32, k);
		BN_mod(k, k, order, bctx);
		if (BN_is_zero(k))
			continue;
		EC_POINT_mul(g, R, k, NULL, NULL, bctx);
		EC_POINT_get_affine_coordinates(g, R, x, NULL, bctx);
		BN_mod(r, x, order, bctx);
		/* s = k^-1 (h + r d) mod n */
		BN_mod_mul(s, r, d, order, bctx);
		BN_mod_add(s, s, h, order, bctx);
		BN_mod_inverse(k, k, order, bctx);
		BN_mod_mul(s, s, k, order, bctx);
		if (!BN_is_zero(r) && !BN_is_zero(s))
			break;
	}
	blk[1] = 0x03;
	blk[2] = 0;		/* SHA-256 */
	blk[36] = 2;		/* P-256 */
	BN_bn2lebinpad(qx, blk + 37, 32);
	BN_bn2lebinpad(qy, blk + 69, 32);
	BN_bn2lebinpad(r, blk + 101, 32);
	BN_bn2lebinpad(s, blk + 133, 32);
	sig = ECDSA_SIG_new();
	ECDSA_SIG_set0(sig, BN_dup(r), BN_dup(s));
	dlen = i2d_ECDSA_SIG(sig, &der);
	ctx = EVP_PKEY_CTX_new(key, NULL);
	if (dlen <= 0 || ctx == NULL || EVP_PKEY_verify_init(ctx) <= 0 ||
	    EVP_PKEY_verify(ctx, der, (size_t)dlen, digest, 32) != 1)
		die("ECDSA signature does not verify");
	OPENSSL_free(der);
	ECDSA_SIG_free(sig);
	EVP_PKEY_CTX_free(ctx);
	EC_POINT_free(R);
	EC_GROUP_free(g);
	BN_free(d); BN_free(qx); BN_free(qy); BN_free(k); BN_free(x);
	BN_free(r); BN_free(s); BN_free(h);
	BN_CTX_free(bctx);
}

size_t
sbv2_sign(uint8_t *img, size_t len, size_t cap, EVP_PKEY *key,
    enum sb_scheme scheme, uint8_t digest[32])
{
	size_t padded = (len + SECTOR - 1) / SECTOR * SECTOR;
	uint8_t *blk, imgdigest[32];

	if (padded + SECTOR > cap)
		die("no room for the signature sector");
	memset(img + len, 0xFF, padded - len);
	SHA256(img, padded, imgdigest);
	blk = img + padded;
	memset(blk, 0xFF, SECTOR);
	memset(blk, 0, SB_BLOCK);
	blk[0] = 0xE7;
	memcpy(blk + 4, imgdigest, 32);
	if (scheme == SB_RSA3072) {
		rsa_block(blk, imgdigest, key);
		SHA256(blk + 36, 776, digest);
	} else {
		ecdsa_block(blk, imgdigest, key);
		SHA256(blk + 36, 65, digest);
	}
	/* Block CRC: standard CRC-32 of bytes 0..1195 (§3.1, espsecure). */
	put32(blk + 1196, esp_crc32_le(0, blk, 1196));
	return padded + SECTOR;
}
