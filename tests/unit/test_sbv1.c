/* formats/sbv1: the bootloader digest against espsecure's
 * digest_secure_bootloader (esptool bb72741, run on the images below with
 * key bytes 0..31 and IV byte i = i*3+9), including the appended-hash case
 * the ROM stops short of; app signatures made here with OpenSSL verify,
 * and any changed byte, another key or another version does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats/sbv1.h"

static const struct {
	size_t len;
	uint8_t hash_flag;
	const char *digest;
} kats[] = {
	{ 448, 1, "81be60b84824371ec2ccd904b8988081aa9e44aae09c4839a97cfe7c9a5c9e05"
		  "0c08a8b4c6c3a7660a2df758517e773b586551b47b3908189d4bebe45875858a" },
	/* 3 * 128 + 32: the appended SHA-256 is a block of its own, not read */
	{ 416, 1, "3882d344499eafbc17482d0cc0a4ac8fda3bdce9bb3a9656d77b11b0a9dae061"
		  "8b2f7cb403b90f3bfec785d34e130f3ce82cf6fa18dcda6346677143f53013b2" },
	{ 300, 0, "d22d6329c166f261a52cd6417bbb976d00fdca5eb433a595b8b3453adb42e757"
		  "47f50b81f5d64a6f22b67096864bd63d30269ddb2d1f3b1a8a80e5db624b72b9" },
};

static void
test_bootloader_digest_espsecure(void **state)
{
	uint8_t key[32], iv[SBV1_IV_LEN], img[448], d[SBV1_DIGEST_LEN];
	char hx[2 * SBV1_DIGEST_LEN + 1];

	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < SBV1_IV_LEN; i++)
		iv[i] = (uint8_t)(i * 3 + 9);
	for (size_t k = 0; k < sizeof(kats) / sizeof(kats[0]); k++) {
		memset(img, 0, sizeof(img));
		img[0] = 0xE9, img[1] = 1, img[2] = 2, img[3] = 0x20;
		img[23] = kats[k].hash_flag;
		for (size_t i = 24; i < kats[k].len; i++)
			img[i] = (uint8_t)((i - 24) * 7 + 1);
		assert_int_equal(sbv1_bootloader_digest(key, iv, img, kats[k].len,
		    kats[k].hash_flag, d), 0);
		for (int i = 0; i < SBV1_DIGEST_LEN; i++)
			snprintf(hx + 2 * i, 3, "%02x", d[i]);
		assert_string_equal(hx, kats[k].digest);
		key[0] ^= 1;	/* another key, another digest */
		assert_int_equal(sbv1_bootloader_digest(key, iv, img, kats[k].len,
		    kats[k].hash_flag, d), 0);
		key[0] ^= 1;
		for (int i = 0; i < SBV1_DIGEST_LEN; i++)
			snprintf(hx + 2 * i, 3, "%02x", d[i]);
		assert_string_not_equal(hx, kats[k].digest);
	}
}

/* A P-256 key's public half as a PEM file; the key is returned. */
static EVP_PKEY *
p256_with_pem(char *path)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	int fd = mkstemp(path);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	assert_non_null(k);
	assert_non_null(fp);
	assert_int_equal(PEM_write_PUBKEY(fp, k), 1);
	fclose(fp);
	return k;
}

/* espsecure sign_data --version 1: SHA-256, ECDSA, r||s big-endian after
 * a zero version word. */
static void
sign_v1(EVP_PKEY *k, const uint8_t *data, size_t len, uint8_t sig[68])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t der[80];
	const uint8_t *p = der;
	size_t dl = sizeof(der);
	ECDSA_SIG *s;

	assert_int_equal(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k), 1);
	assert_int_equal(EVP_DigestSign(md, der, &dl, data, len), 1);
	assert_non_null(s = d2i_ECDSA_SIG(NULL, &p, (long)dl));
	memset(sig, 0, 68);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(s), sig + 4, 32), 32);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(s), sig + 36, 32), 32);
	ECDSA_SIG_free(s);
	EVP_MD_CTX_free(md);
}

static void
test_app_signature(void **state)
{
	char p1[] = "/tmp/sbv1-a-XXXXXX", p2[] = "/tmp/sbv1-b-XXXXXX", hx[65];
	EVP_PKEY *k1 = p256_with_pem(p1), *k2 = p256_with_pem(p2);
	void *v1, *v2;
	uint8_t app[1000], sig[68];
	struct fw_err err;

	for (size_t i = 0; i < sizeof(app); i++)
		app[i] = (uint8_t)(i * 31);
	sign_v1(k1, app, sizeof(app), sig);
	assert_int_equal(sbv1_verify_key_load(p1, &v1, hx, &err), 0);
	assert_int_equal(sbv1_verify_key_load(p2, &v2, hx, &err), 0);
	assert_int_equal(sbv1_verify_app(v1, app, sizeof(app), sig), 1);
	assert_int_equal(sbv1_verify_app(v2, app, sizeof(app), sig), 0);
	app[500] ^= 0x40;
	assert_int_equal(sbv1_verify_app(v1, app, sizeof(app), sig), 0);
	app[500] ^= 0x40;
	sig[0] = 1;	/* a version espsecure does not know */
	assert_int_equal(sbv1_verify_app(v1, app, sizeof(app), sig), 0);
	sig[0] = 0;
	memset(sig + 4, 0, 32);	/* r = 0: malformed, not valid */
	assert_int_equal(sbv1_verify_app(v1, app, sizeof(app), sig), 0);
	sbv1_key_free(v1);
	sbv1_key_free(v2);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
	unlink(p1);
	unlink(p2);
}

static void
test_verify_key_files(void **state)
{
	char p[] = "/tmp/sbv1-k-XXXXXX", hx[65];
	int fd = mkstemp(p);
	void *k;
	struct fw_err err;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a key\n", 10), 10);
	close(fd);
	assert_int_equal(sbv1_verify_key_load(p, &k, hx, &err), -1);
	assert_non_null(strstr(err.msg, p));
	assert_null(k);
	unlink(p);
	/* an RSA key is a key, but not one Secure Boot V1 signs with */
	{
		char q[] = "/tmp/sbv1-r-XXXXXX";
		EVP_PKEY *rsa = EVP_RSA_gen(1024);
		FILE *fp = fdopen(mkstemp(q), "w");

		assert_non_null(fp);
		assert_int_equal(PEM_write_PUBKEY(fp, rsa), 1);
		fclose(fp);
		assert_int_equal(sbv1_verify_key_load(q, &k, hx, &err), -1);
		assert_non_null(strstr(err.msg, "P-256"));
		EVP_PKEY_free(rsa);
		unlink(q);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bootloader_digest_espsecure),
		cmocka_unit_test(test_app_signature),
		cmocka_unit_test(test_verify_key_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
