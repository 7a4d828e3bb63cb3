/* Flash encryption of the ESP32-S2/S3/C3/C6 family (esp-formats.md §4.3,
 * espsecure _flash_encryption_operation_aes_xts): XTS-AES over 128-byte
 * data units, tweak = LE u32 flash address of the unit || 12 zero bytes,
 * each unit byte-reversed before and after the standard XTS operation. Key:
 * 32 bytes (XTS-AES-128) or 64 bytes (XTS-AES-256), as in the eFuse. */
#include <openssl/evp.h>
#include <string.h>

#include "samples/gen/gen.h"

static void
reverse128(uint8_t *b)
{
	for (int i = 0; i < 64; i++) {
		uint8_t t = b[i];

		b[i] = b[127 - i];
		b[127 - i] = t;
	}
}

void
flash_encrypt(uint8_t *flash, uint32_t addr, size_t len, const uint8_t *key, size_t keylen)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	const EVP_CIPHER *c = keylen == 64 ? EVP_aes_256_xts() : EVP_aes_128_xts();

	if (ctx == NULL || addr % 128 != 0 || len % 128 != 0 || (keylen != 32 && keylen != 64))
		die("flash_encrypt: bad arguments");
	for (size_t at = 0; at < len; at += 128) {
		uint8_t iv[16] = { 0 }, unit[128], out[128];
		int outl = 0;

		put32(iv, (uint32_t)(addr + at));
		memcpy(unit, flash + addr + at, 128);
		reverse128(unit);
		if (EVP_EncryptInit_ex(ctx, c, NULL, key, iv) != 1 ||
		    EVP_EncryptUpdate(ctx, out, &outl, unit, 128) != 1 || outl != 128)
			die("XTS encryption failed");
		reverse128(out);
		memcpy(flash + addr + at, out, 128);
	}
	EVP_CIPHER_CTX_free(ctx);
}
