/* ESP32-family flash encryption, as the chips apply it and espsecure
 * (encrypt_flash_data / decrypt_flash_data) models it:
 *   - ESP32: AES-256 per 16-byte block, byte order reversed on the way in
 *     and out, the key XORed with a "tweak" from address bits 5..23 (one
 *     key per 32-byte block), which bits of the key take the tweak set by
 *     the FLASH_CRYPT_CONF eFuse (0xF: all); flash "decryption" is AES
 *     encryption;
 *   - later chips: XTS-AES-128 (32-byte key) or XTS-AES-256 (64-byte key)
 *     over 128-byte data units, the tweak the unit's flash address (LE),
 *     each unit's bytes reversed on the way in and out.
 * Key files hold 16 (extended with SHA-256, XTS), 24 (ESP32 3/4 coding),
 * 32 or 64 bytes. The cipher work is OpenSSL's (EVP). */
#ifndef FWAUDIT_FORMATS_FLASH_CRYPT_H
#define FWAUDIT_FORMATS_FLASH_CRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum flash_scheme {
	FLASH_SCHEME_ESP32,		/* AES-256 with the address tweak */
	FLASH_SCHEME_XTS_128,
	FLASH_SCHEME_XTS_256,
};

#define FLASH_CRYPT_CONF_DEFAULT 0xF

/* A flash encryption key as the chip holds it. Never printed: what the
 * reports say about a key is its file's SHA-256 (sha256_hex). */
struct flash_key {
	uint8_t k[64];
	size_t len;		/* 32 or 64, after extension */
	size_t file_len;	/* 16, 24, 32 or 64 */
	char sha256_hex[65];	/* of the file's bytes */
};

/* data, len: a key file's bytes. -1 with err (naming path and the length,
 * never a key byte) when the length is none of 16, 24, 32, 64. */
int flash_key_parse(const char *path, const uint8_t *data, size_t len,
    struct flash_key *key, struct fw_err *err);
/* Whether the scheme takes this key (by the file's length, as espsecure). */
bool flash_scheme_fits(enum flash_scheme s, const struct flash_key *key);
const char *flash_scheme_name(enum flash_scheme s);
/* Wipes the key bytes. */
void flash_key_clear(struct flash_key *key);

struct flash_cipher;

/* A cipher for one key and scheme (conf: FLASH_CRYPT_CONF, ESP32 only).
 * NULL when OpenSSL fails or the key does not fit the scheme. */
struct flash_cipher *flash_cipher_new(enum flash_scheme s, const struct flash_key *key,
    unsigned conf);
void flash_cipher_free(struct flash_cipher *c);

/* Decrypts (or encrypts, for tests) in[0, len) read from flash address
 * addr into out (which may be in). addr and len multiples of 16. A 16-byte
 * block that is all 0xFF in the input is erased flash, never written
 * through the cipher: it stays 0xFF. 0, or -1 when OpenSSL fails. */
int flash_decrypt(struct flash_cipher *c, uint32_t addr, const uint8_t *in,
    uint8_t *out, size_t len);
int flash_encrypt(struct flash_cipher *c, uint32_t addr, const uint8_t *in,
    uint8_t *out, size_t len);

#endif
