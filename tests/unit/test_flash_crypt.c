/* formats/flash_crypt: known answers from Espressif's espsecure
 * (esptool bb72741, espsecure/__init__.py encrypt_flash_data, run on our
 * own data: plaintext byte i = i*13+5, keys below) for the ESP32 scheme
 * (256- and 192-bit keys, FLASH_CRYPT_CONF 0xF and 0x3, an address with
 * bits above 0x100000) and XTS-AES-128/256 (an address inside a 128-byte
 * unit, a 128-bit key extended by SHA-256). Both directions are checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "formats/flash_crypt.h"

struct kat {
	const uint8_t *key;
	size_t keylen;
	enum flash_scheme scheme;
	uint32_t addr;
	unsigned conf;
	const char *cipher_hex;
};

static uint8_t k16[16], k24[24], k32[32], k64[64], pt[256];

static const struct kat kats[] = {
	{ k32, 32, FLASH_SCHEME_ESP32, 0x1000, 0xf,
	  "b4b594a1f52c21be021eb49b1a3e017bad70ee3c6d81131dd4eb4aa6c465b0e2"
	  "d2b415cf6839c5129bc96fc0bd196ac22c5553a1a7fa18ac921f6fa21d5bb7cf"
	  "542827a1c650fbe0eccd4f8c7b36db014e34df1488b9273f9245d1348a4ec5b2"
	  "b1ff1510a868c1d375145a7bc7d0c6c726cf4d8c4440e88d493e13b849ec7bce"
	  "32c46118aa22a0d8e24e2112aa7d4a934981657c04934ab6c65f7c4ae7dcdfa8"
	  "505faf56328499f3c924f25e6db5715047cbab21e56a8b812fffc4147f6bb72c"
	  "d892299a2d17ec236539046981e887d63e14276e30dba147b4fb903bbcc60f85"
	  "534ce690d34a29d40503635d2b13eedfa02a52207673ed6083e212fc839638b9" },
	{ k32, 32, FLASH_SCHEME_ESP32, 0x7fe0, 0x3,
	  "cf7f40d2535cb2d388934b595108bbcd3018bc280cf0cab6c5590b01d9da9f53"
	  "aa682fbba26c3d698f075656d096244e7bfb0c4e1bd27217c7a59e59593c0629"
	  "a0090e0ac712f84c93787a1cd66833dfbd428e1a65ae9fa5eb422e1315047875"
	  "d251ab731a90fb556d248d9dbedb7a7fc23e55677923ce1c1e9f0e1f0f94b890"
	  "08bb3f3667de59cf4ef62d750e4123fa5a125aa100fa3c0c29b7d8a975c080c9"
	  "cba2774c74a68fb1f29a1aaf0c1b624618c46bbe747d7af6bcb9af570a167630"
	  "edab0b871602cfabf12344daec886fffe62eb5f01e2c76bd0d44d1d6e8630b57"
	  "a48490e705935e74f3018c4839bba833a72e4af7e529f950195445b281e2cd79" },
	{ k24, 24, FLASH_SCHEME_ESP32, 0x123460, 0xf,
	  "4678f823cb6fadd2eabedb98fff808d8570541ce807207f208bcfc78b6a6b888"
	  "883076030df1f568cd9ca277bea89904f8e454a1b77f2a18843d208684d10a0f"
	  "c69b7b58fe8fe938b01b8cdf86a326118770e19b9d63bfd7510e0b9d33e5df87"
	  "98d65b981d73054c4f7d159c0e205a8592df8463f269c234529c0f92964e0f5e"
	  "b1db64b3fbeceebe591ebf7592b73f220287e1502788eb5aa97148c92fba07c5"
	  "ea00606309bbc9c2dca50d04637902c1655d8b2011677e09f31947b694845d10"
	  "72d2bda9963f16490c85925f1ac94abf4d1f9e0fdcf254fc55928bd264b96a44"
	  "806d0574ba1db8a19f0e907e46df5121699d2cbed519b0c1953fb84592821892" },
	{ k32, 32, FLASH_SCHEME_XTS_128, 0x10040, 0x0,
	  "3acb07cb3905969bba95e1914fbb4917360339a35c12dfdda0895da83d66537e"
	  "6d8a30f4987c50694ad0cb39775e04a7ac07eb6d5b775d98e5760271209cbd5d"
	  "208e5bc19a988a90a97b664494c730017e61e46dea6e8811b33d0a8abc0d68b0"
	  "67f11a932ab8b08df33cb8c074fd2bf3bba92480dc9ad3246743e3dcbe0d4319"
	  "ee3ff2d1a8e6c409ff856bb1681a36388da220a05c1106306ff12eeadf152013"
	  "6d66039e8b8e87a6f5fc3b8ac3b5c078451061d54b509a2dec2f8f82529370bf"
	  "90e38d0a1efe430596ea299c4fa40abd1745498a391030311c04a7b9845b043b"
	  "0e6cb0c69e20caf61d2be05976d0e97238c510171ec54e0a0c762320e3f42cc7" },
	{ k16, 16, FLASH_SCHEME_XTS_128, 0x2000, 0x0,
	  "c7b32841452e6a629d6eb41454733bdc0966c161fc6b6d39d2a89304d3baf7d5"
	  "712f9ddb4ba7e09bbde26beba0f5b55cb905eb305de9b9c49ede60f9744329cd"
	  "069b82c46fdf0d7c75efa30e73bf5eae186a3b9f24309cabba34697dad5cc36d"
	  "766c9c0bab6634c90f717b397d0a7044e263d6349992a4b4dd4ef00d370b54fd"
	  "9635c60c9a4b06d37a217cfd3f9d824d1aac9a4a463db13d274a2f12d2962396"
	  "a6bd49c0691831d4a09462629435cf260521cf84274a715550d2f16b0ca99fcc"
	  "961c49afdfbf3fe5b2deb481b06eeb018e39bd8d805ca2f581fe1d5800699abc"
	  "a4174fc1a1cb96a312bd6f7a5b29a9e69211c2427d2560acad69499ed88a9271" },
	{ k64, 64, FLASH_SCHEME_XTS_256, 0x3f0000, 0x0,
	  "2bf14649109e24940063c216f408db35f6992e6e069835f12c844e785e120941"
	  "d5ce247b2f63981704653a1acdf941a9314e2440463de2553f1b28d42f835900"
	  "77ee7646aa8dca1ffad3252e2d85d6cb4f7806df86a2f691dccdd7c01abf8cf0"
	  "ce995310a71d42b5e1a15b6460af47f3a5afae01bafc6e9c13273e7e0b62e857"
	  "cd7e3c7a592e7f28a0dcf7b37d19a1941e6f11bfcc08ffa868f70bbfc2744dd0"
	  "aa7881da9c697daf0509f3e22f3c09c7f9843a36b092998a22afd492c134acb6"
	  "b4477deab6da13955f3878f957acc92da7fc2a163749171163d9b6403f62cebc"
	  "a4fb453d8676ee7897ecddef022f074f9592f0508be57381b5aa55b7398efd29" },
};

static void
unhex(const char *h, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

static int
setup(void **state)
{
	for (int i = 0; i < 16; i++)
		k16[i] = (uint8_t)(100 + i);
	for (int i = 0; i < 24; i++)
		k24[i] = (uint8_t)(50 + i);
	for (int i = 0; i < 32; i++)
		k32[i] = (uint8_t)i;
	for (int i = 0; i < 64; i++)
		k64[i] = (uint8_t)(i * 7 + 3);
	for (int i = 0; i < 256; i++)
		pt[i] = (uint8_t)(i * 13 + 5);
	return 0;
}

static struct flash_cipher *
cipher_for(const struct kat *k)
{
	struct flash_key key;
	struct flash_cipher *c;
	struct fw_err err;

	assert_int_equal(flash_key_parse("k", k->key, k->keylen, &key, &err), 0);
	assert_true(flash_scheme_fits(k->scheme, &key));
	c = flash_cipher_new(k->scheme, &key, k->conf);
	assert_non_null(c);
	flash_key_clear(&key);
	return c;
}

static void
kat_roundtrip(const struct kat *k)
{
	uint8_t want[256], got[256];
	struct flash_cipher *c = cipher_for(k);

	unhex(k->cipher_hex, want, sizeof(want));
	assert_int_equal(flash_encrypt(c, k->addr, pt, got, sizeof(got)), 0);
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(flash_decrypt(c, k->addr, want, got, sizeof(got)), 0);
	assert_memory_equal(got, pt, sizeof(pt));
	/* the address is part of the key: one block off gives garbage */
	assert_int_equal(flash_decrypt(c, k->addr + 0x80, want, got, sizeof(got)), 0);
	assert_memory_not_equal(got, pt, 16);
	flash_cipher_free(c);
}

/* Erased flash (16 bytes of 0xFF) was never written through the cipher. */
static void
kat_erased_block(const struct kat *k)
{
	uint8_t ct[256], got[256];
	struct flash_cipher *c = cipher_for(k);

	unhex(k->cipher_hex, ct, sizeof(ct));
	memset(ct + 32, 0xFF, 16);
	assert_int_equal(flash_decrypt(c, k->addr, ct, got, sizeof(got)), 0);
	assert_memory_equal(got, pt, 32);
	for (int b = 32; b < 48; b++)
		assert_int_equal(got[b], 0xFF);
	assert_memory_equal(got + 48, pt + 48, sizeof(pt) - 48);
	flash_cipher_free(c);
}

/* Every known answer. */
static void
every_kat(void (*check)(const struct kat *))
{
	for (size_t i = 0; i < sizeof(kats) / sizeof(kats[0]); i++)
		check(&kats[i]);
}

static void
test_espsecure_answers(void **state)
{
	every_kat(kat_roundtrip);
}

static void
test_erased_blocks_stay_erased(void **state)
{
	every_kat(kat_erased_block);
}

static void
test_key_lengths(void **state)
{
	uint8_t buf[65] = { 0 };
	struct flash_key key;
	struct fw_err err;

	for (size_t n = 0; n <= sizeof(buf); n++) {
		int rc = flash_key_parse("key.bin", buf, n, &key, &err);

		assert_int_equal(rc, n == 16 || n == 24 || n == 32 || n == 64 ? 0 : -1);
		if (rc != 0)
			assert_non_null(strstr(err.msg, "key.bin"));
	}
	assert_int_equal(flash_key_parse("k", buf, 64, &key, &err), 0);
	assert_false(flash_scheme_fits(FLASH_SCHEME_ESP32, &key));
	assert_null(flash_cipher_new(FLASH_SCHEME_ESP32, &key, 0xF));
	assert_true(flash_scheme_fits(FLASH_SCHEME_XTS_256, &key));
	assert_int_equal(flash_key_parse("k", buf, 16, &key, &err), 0);
	assert_false(flash_scheme_fits(FLASH_SCHEME_ESP32, &key));
	assert_true(flash_scheme_fits(FLASH_SCHEME_XTS_128, &key));
	/* the key file's digest, for reports; the key itself is not kept in it */
	assert_string_equal(key.sha256_hex,
	    "374708fff7719dd5979ec875d56cd2286f6d3cf7ec317a3b25632aab28ec37bb");
}

static void
test_misaligned_is_refused(void **state)
{
	struct flash_cipher *c = cipher_for(&kats[0]);
	uint8_t buf[32] = { 0 };

	assert_int_equal(flash_decrypt(c, 0x1008, buf, buf, 16), -1);
	assert_int_equal(flash_decrypt(c, 0x1000, buf, buf, 20), -1);
	flash_cipher_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_espsecure_answers),
		cmocka_unit_test(test_erased_blocks_stay_erased),
		cmocka_unit_test(test_key_lengths),
		cmocka_unit_test(test_misaligned_is_refused),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
