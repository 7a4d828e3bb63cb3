/* formats/sbv2.c: signature blocks made here with OpenSSL keys (RSA-3072
 * PSS, ECDSA P-192/P-256/P-384), then broken one way at a time. Every block
 * is checked even after a broken one; nothing hostile crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "formats/esp_crc32.h"
#include "formats/sbv2.h"
#include "formats/sbv2_rsa.h"

static EVP_PKEY *rsa_key, *p192_key, *p256_key, *p384_key;
static uint8_t payload[8192];		/* the "image" being signed */

static void
le_from_bn(const BIGNUM *bn, uint8_t *out, size_t n)
{
	assert_true(BN_bn2lebinpad(bn, out, (int)n) == (int)n);
}

static void
fix_crc(uint8_t *blk)
{
	uint32_t c = esp_crc32_le(0, blk, SBV2_CRC_OFFSET);

	blk[1196] = c & 0xFF;
	blk[1197] = (c >> 8) & 0xFF;
	blk[1198] = (c >> 16) & 0xFF;
	blk[1199] = c >> 24;
}

static void
sha(const EVP_MD *md, const uint8_t *p, size_t n, uint8_t *out)
{
	unsigned int len;

	assert_int_equal(EVP_Digest(p, n, out, &len, md, NULL), 1);
}

/* espsecure generate_rsa_signature_block: n, e, R^2 mod n, M', PSS sig. */
static void
rsa_block(const uint8_t *data, size_t len, uint8_t *blk)
{
	BIGNUM *n = NULL, *e = NULL, *r = BN_new();
	BN_CTX *ctx = BN_CTX_new();
	EVP_PKEY_CTX *sctx;
	uint8_t digest[32], sig[384];
	size_t siglen = sizeof(sig);
	uint32_t n0, inv, mdash;

	memset(blk, 0, SBV2_BLOCK_SIZE);
	blk[0] = 0xE7;
	blk[1] = 0x02;
	sha(EVP_sha256(), data, len, digest);
	memcpy(blk + 4, digest, 32);
	assert_int_equal(EVP_PKEY_get_bn_param(rsa_key, OSSL_PKEY_PARAM_RSA_N, &n), 1);
	assert_int_equal(EVP_PKEY_get_bn_param(rsa_key, OSSL_PKEY_PARAM_RSA_E, &e), 1);
	le_from_bn(n, blk + 36, 384);
	le_from_bn(e, blk + 420, 4);
	BN_set_bit(r, 6144);
	BN_mod(r, r, n, ctx);
	le_from_bn(r, blk + 424, 384);
	n0 = (uint32_t)blk[36] | (uint32_t)blk[37] << 8 | (uint32_t)blk[38] << 16 |
	    (uint32_t)blk[39] << 24;
	inv = n0;
	for (int i = 0; i < 5; i++)
		inv *= 2 - n0 * inv;
	mdash = 0u - inv;
	memcpy(blk + 808, &mdash, 4);	/* little-endian host */
	sctx = EVP_PKEY_CTX_new(rsa_key, NULL);
	assert_int_equal(EVP_PKEY_sign_init(sctx), 1);
	EVP_PKEY_CTX_set_rsa_padding(sctx, RSA_PKCS1_PSS_PADDING);
	EVP_PKEY_CTX_set_signature_md(sctx, EVP_sha256());
	EVP_PKEY_CTX_set_rsa_mgf1_md(sctx, EVP_sha256());
	EVP_PKEY_CTX_set_rsa_pss_saltlen(sctx, 32);
	assert_int_equal(EVP_PKEY_sign(sctx, sig, &siglen, digest, 32), 1);
	for (int i = 0; i < 384; i++)
		blk[812 + i] = sig[383 - i];
	fix_crc(blk);
	EVP_PKEY_CTX_free(sctx);
	BN_free(n);
	BN_free(e);
	BN_free(r);
	BN_CTX_free(ctx);
}

/* espsecure generate_ecdsa_signature_block. */
static void
ecdsa_block(EVP_PKEY *key, int curve, const uint8_t *data, size_t len, uint8_t *blk)
{
	size_t clen = curve == 1 ? 24 : curve == 2 ? 32 : 48;
	size_t dlen = curve == 3 ? 48 : 32;
	size_t key_off = curve == 3 ? 53 : 37, sig_off = curve == 3 ? 149 : 101;
	BIGNUM *x = NULL, *y = NULL;
	EVP_PKEY_CTX *sctx;
	uint8_t digest[48], der[160];
	const unsigned char *dp = der;
	size_t derlen = sizeof(der);
	ECDSA_SIG *es;

	memset(blk, 0, SBV2_BLOCK_SIZE);
	blk[0] = 0xE7;
	blk[1] = 0x03;
	blk[2] = curve == 3 ? 1 : 0;
	sha(curve == 3 ? EVP_sha384() : EVP_sha256(), data, len, digest);
	memcpy(blk + 4, digest, dlen);
	blk[curve == 3 ? 52 : 36] = (uint8_t)curve;
	assert_int_equal(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &x), 1);
	assert_int_equal(EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &y), 1);
	le_from_bn(x, blk + key_off, clen);
	le_from_bn(y, blk + key_off + clen, clen);
	sctx = EVP_PKEY_CTX_new(key, NULL);
	assert_int_equal(EVP_PKEY_sign_init(sctx), 1);
	assert_int_equal(EVP_PKEY_sign(sctx, der, &derlen, digest, dlen), 1);
	es = d2i_ECDSA_SIG(NULL, &dp, (long)derlen);
	assert_non_null(es);
	le_from_bn(ECDSA_SIG_get0_r(es), blk + sig_off, clen);
	le_from_bn(ECDSA_SIG_get0_s(es), blk + sig_off + clen, clen);
	fix_crc(blk);
	ECDSA_SIG_free(es);
	EVP_PKEY_CTX_free(sctx);
	BN_free(x);
	BN_free(y);
}

static void
empty_sector(uint8_t *s)
{
	memset(s, 0xFF, SBV2_SECTOR_SIZE);
}

static int
setup(void **state)
{
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 31 + 7);
	rsa_key = EVP_RSA_gen(3072);
	p192_key = EVP_EC_gen("P-192");
	p256_key = EVP_EC_gen("P-256");
	p384_key = EVP_EC_gen("P-384");
	return rsa_key && p192_key && p256_key && p384_key ? 0 : -1;
}

static int
teardown(void **state)
{
	EVP_PKEY_free(rsa_key);
	EVP_PKEY_free(p192_key);
	EVP_PKEY_free(p256_key);
	EVP_PKEY_free(p384_key);
	return 0;
}

static void
test_rsa_valid(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE], kd[32];
	struct sbv2_sector out;

	empty_sector(sec);
	rsa_block(payload, sizeof(payload), sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_true(out.present);
	assert_int_equal(out.nblocks, 1);
	assert_int_equal(out.nvalid, 1);
	assert_true(out.blocks[0].valid);
	assert_int_equal(out.blocks[0].scheme, SBV2_SCHEME_RSA3072);
	assert_string_equal(out.blocks[0].reason, "");
	/* Key digest: SHA-256 of block bytes 36..811 (espsecure). */
	sha(EVP_sha256(), sec + 36, 776, kd);
	assert_true(out.blocks[0].key_digest_set);
	assert_memory_equal(out.blocks[0].key_digest, kd, 32);
}

static void
test_ecdsa_valid(void **state)
{
	static const struct { int curve; enum sbv2_scheme s; } c[] = {
		{ 1, SBV2_SCHEME_ECDSA_P192 }, { 2, SBV2_SCHEME_ECDSA_P256 },
		{ 3, SBV2_SCHEME_ECDSA_P384 },
	};
	EVP_PKEY *keys[] = { p192_key, p256_key, p384_key };
	uint8_t sec[SBV2_SECTOR_SIZE], kd[32];
	struct sbv2_sector out;

	for (int i = 0; i < 3; i++) {
		empty_sector(sec);
		ecdsa_block(keys[i], c[i].curve, payload, sizeof(payload), sec);
		sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
		assert_int_equal(out.nvalid, 1);
		assert_int_equal(out.blocks[0].scheme, c[i].s);
		assert_int_equal(out.blocks[0].digest_len, c[i].curve == 3 ? 48 : 32);
		if (c[i].curve == 3)
			sha(EVP_sha256(), sec + 52, 97, kd);
		else
			sha(EVP_sha256(), sec + 36, 65, kd);
		assert_memory_equal(out.blocks[0].key_digest, kd, 32);
	}
}

static void
test_bad_crc(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;

	empty_sector(sec);
	ecdsa_block(p256_key, 2, payload, sizeof(payload), sec);
	sec[1196] ^= 0x01;
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_int_equal(out.nblocks, 1);
	assert_false(out.blocks[0].valid);
	assert_false(out.blocks[0].crc_valid);
	assert_true(out.blocks[0].signature_valid);	/* still checked */
	assert_non_null(strstr(out.blocks[0].reason, "CRC32"));
}

static void
test_unknown_curve_and_version(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;

	empty_sector(sec);
	ecdsa_block(p256_key, 2, payload, sizeof(payload), sec);
	sec[36] = 9;			/* curve id nobody knows */
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	assert_int_equal(out.blocks[0].scheme, SBV2_SCHEME_UNKNOWN);
	assert_non_null(strstr(out.blocks[0].reason, "unknown ECDSA curve 9"));
	/* SHA-384 flag with a P-256 curve id: not a layout the ROM knows. */
	sec[36] = 2;
	sec[2] = 1;
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	sec[1] = 0x07;			/* neither RSA nor ECDSA */
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	assert_non_null(strstr(out.blocks[0].reason, "unknown signature block version 7"));
}

static void
test_wrong_scheme_content(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;

	/* An RSA block relabelled ECDSA P-256 (CRC fixed): clean invalid. */
	empty_sector(sec);
	rsa_block(payload, sizeof(payload), sec);
	sec[1] = 0x03;
	sec[2] = 0;
	sec[36] = 2;
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	assert_false(out.blocks[0].signature_valid);
	/* And an ECDSA block relabelled RSA. */
	empty_sector(sec);
	ecdsa_block(p256_key, 2, payload, sizeof(payload), sec);
	sec[1] = 0x02;
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
}

static void
test_digest_mismatch(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE], other[sizeof(payload)];
	struct sbv2_sector out;

	empty_sector(sec);
	rsa_block(payload, sizeof(payload), sec);
	memcpy(other, payload, sizeof(other));
	other[100] ^= 0x80;		/* one bit of the image changed */
	sbv2_check_sector(sec, sizeof(sec), other, sizeof(other), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	assert_false(out.blocks[0].digest_matches);
	assert_false(out.blocks[0].signature_valid);
}

static void
test_flipped_signature(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;

	empty_sector(sec);
	rsa_block(payload, sizeof(payload), sec);
	sec[812 + 17] ^= 0x04;
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_true(out.blocks[0].crc_valid);
	assert_true(out.blocks[0].digest_matches);
	assert_false(out.blocks[0].signature_valid);
	assert_false(out.blocks[0].valid);
	empty_sector(sec);
	ecdsa_block(p384_key, 3, payload, sizeof(payload), sec);
	sec[149 + 3] ^= 0x10;
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
}

static void
test_altered_key(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE], before[32];
	struct sbv2_sector out;

	empty_sector(sec);
	ecdsa_block(p256_key, 2, payload, sizeof(payload), sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	memcpy(before, out.blocks[0].key_digest, 32);
	sec[40] ^= 0x01;		/* X coordinate */
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	assert_memory_not_equal(out.blocks[0].key_digest, before, 32);
	/* RSA modulus changed: the key digest moves, R-inverse no longer fits. */
	empty_sector(sec);
	rsa_block(payload, sizeof(payload), sec);
	sec[36 + 200] ^= 0x01;
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	assert_non_null(strstr(out.blocks[0].reason, "R-inverse"));
}

static void
test_bad_rsa_constants(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;

	empty_sector(sec);
	rsa_block(payload, sizeof(payload), sec);
	sec[808] ^= 0xFF;		/* M' */
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	assert_true(out.blocks[0].digest_matches);
	assert_non_null(strstr(out.blocks[0].reason, "M'"));
}

/* Work that depends on the key alone is done once per key (formats/
 * sbv2_rsa.c): a key met again must give the same verdicts and reasons,
 * and a run with more keys than are kept must still judge each right. */
static void
test_rsa_key_seen_again(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE], bad[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;
	struct rsa_cache *keys = rsa_cache_new();

	assert_non_null(keys);
	empty_sector(sec);
	rsa_block(payload, sizeof(payload), sec);
	memcpy(bad, sec, sizeof(sec));
	bad[812 + 100] ^= 0x01;		/* signature */
	fix_crc(bad);
	for (int round = 0; round < 2; round++) {
		sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, keys, &out);
		assert_true(out.blocks[0].valid);
		sbv2_check_sector(bad, sizeof(bad), payload, sizeof(payload), NULL, keys, &out);
		assert_false(out.blocks[0].valid);
		assert_false(out.blocks[0].signature_valid);
		assert_non_null(strstr(out.blocks[0].reason, "does not verify"));
		assert_null(strstr(out.blocks[0].reason, "R-inverse"));
	}
	/* Twelve keys with a wrong M', more than the memo keeps. */
	for (int i = 0; i < 12; i++) {
		memcpy(bad, sec, sizeof(sec));
		bad[808] ^= (uint8_t)(i + 1);
		fix_crc(bad);
		for (int round = 0; round < 2; round++) {
			sbv2_check_sector(bad, sizeof(bad), payload, sizeof(payload), NULL, keys, &out);
			assert_false(out.blocks[0].valid);
			assert_non_null(strstr(out.blocks[0].reason, "M'"));
		}
	}
	/* A new good key after the memo is full: worked out, not kept. */
	{
		EVP_PKEY *keep = rsa_key;

		rsa_key = EVP_RSA_gen(3072);
		assert_non_null(rsa_key);
		empty_sector(bad);
		rsa_block(payload, sizeof(payload), bad);
		EVP_PKEY_free(rsa_key);
		rsa_key = keep;
	}
	for (int round = 0; round < 2; round++) {
		sbv2_check_sector(bad, sizeof(bad), payload, sizeof(payload), NULL, keys, &out);
		assert_true(out.blocks[0].valid);
		sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, keys, &out);
		assert_true(out.blocks[0].valid);
	}
	rsa_cache_free(keys);
}

static void
test_three_blocks_middle_broken(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;

	empty_sector(sec);
	rsa_block(payload, sizeof(payload), sec);
	ecdsa_block(p256_key, 2, payload, sizeof(payload), sec + SBV2_BLOCK_SIZE);
	ecdsa_block(p384_key, 3, payload, sizeof(payload), sec + 2 * SBV2_BLOCK_SIZE);
	sec[SBV2_BLOCK_SIZE + 101] ^= 0x01;	/* middle signature; CRC now wrong too */
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_int_equal(out.nblocks, 3);
	assert_int_equal(out.nvalid, 2);
	assert_true(out.blocks[0].valid);
	assert_false(out.blocks[1].valid);
	assert_true(out.blocks[2].valid);
	assert_int_equal(out.blocks[2].index, 2);
	/* Middle magic destroyed: still listed (not erased), still the others. */
	sec[SBV2_BLOCK_SIZE] = 0x00;
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_int_equal(out.nblocks, 3);
	assert_int_equal(out.nvalid, 2);
	assert_non_null(strstr(out.blocks[1].reason, "magic"));
	/* Middle slot erased: two blocks, indexes 0 and 2. */
	memset(sec + SBV2_BLOCK_SIZE, 0xFF, SBV2_BLOCK_SIZE);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_int_equal(out.nblocks, 2);
	assert_int_equal(out.blocks[1].index, 2);
}

static void
test_point_not_on_curve(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;

	empty_sector(sec);
	ecdsa_block(p192_key, 1, payload, sizeof(payload), sec);
	memset(sec + 37, 0x11, 48);	/* X, Y: garbage */
	fix_crc(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.blocks[0].valid);
	assert_non_null(strstr(out.blocks[0].reason, "not a point on the curve"));
}

static void
test_absent_and_short(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;

	empty_sector(sec);
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.present);
	assert_int_equal(out.nblocks, 0);
	rsa_block(payload, sizeof(payload), sec);
	ecdsa_block(p256_key, 2, payload, sizeof(payload), sec + SBV2_BLOCK_SIZE);
	/* Sector cut after 2000 bytes: block 1 is not there to check. */
	sbv2_check_sector(sec, 2000, payload, sizeof(payload), NULL, NULL, &out);
	assert_int_equal(out.nblocks, 1);
	assert_true(out.blocks[0].valid);
	sbv2_check_sector(sec, 0, payload, sizeof(payload), NULL, NULL, &out);
	assert_false(out.present);
}

static void
test_random_blocks(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE];
	struct sbv2_sector out;
	uint32_t x = 12345;

	/* Random bytes behind the magic, every version and curve byte: each
	 * gives a clean verdict (ASan/UBSan watch the rest). */
	for (int round = 0; round < 600; round++) {
		for (size_t i = 0; i < sizeof(sec); i++) {
			x = x * 1103515245 + 12345;
			sec[i] = (uint8_t)(x >> 16);
		}
		for (int b = 0; b < 3; b++) {
			sec[b * SBV2_BLOCK_SIZE] = 0xE7;
			sec[b * SBV2_BLOCK_SIZE + 1] = (uint8_t)(round % 5);
			sec[b * SBV2_BLOCK_SIZE + 2] = (uint8_t)(round % 3);
			sec[b * SBV2_BLOCK_SIZE + 36] = (uint8_t)(round % 4);
			sec[b * SBV2_BLOCK_SIZE + 52] = (uint8_t)(round % 4);
			if (round % 2)
				fix_crc(sec + b * SBV2_BLOCK_SIZE);
		}
		sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), NULL, NULL, &out);
		assert_int_equal(out.nblocks, 3);
		assert_int_equal(out.nvalid, 0);
	}
}

static void
test_given_digest_used(void **state)
{
	uint8_t sec[SBV2_SECTOR_SIZE], wrong[32] = { 0 };
	struct sbv2_sector out;

	empty_sector(sec);
	ecdsa_block(p256_key, 2, payload, sizeof(payload), sec);
	/* The caller's digest is trusted as the image's SHA-256. */
	sbv2_check_sector(sec, sizeof(sec), payload, sizeof(payload), wrong, NULL, &out);
	assert_false(out.blocks[0].digest_matches);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsa_valid),
		cmocka_unit_test(test_ecdsa_valid),
		cmocka_unit_test(test_bad_crc),
		cmocka_unit_test(test_unknown_curve_and_version),
		cmocka_unit_test(test_wrong_scheme_content),
		cmocka_unit_test(test_digest_mismatch),
		cmocka_unit_test(test_flipped_signature),
		cmocka_unit_test(test_altered_key),
		cmocka_unit_test(test_bad_rsa_constants),
		cmocka_unit_test(test_three_blocks_middle_broken),
		cmocka_unit_test(test_rsa_key_seen_again),
		cmocka_unit_test(test_point_not_on_curve),
		cmocka_unit_test(test_absent_and_short),
		cmocka_unit_test(test_random_blocks),
		cmocka_unit_test(test_given_digest_used),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
