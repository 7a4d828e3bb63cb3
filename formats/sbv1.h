/* ESP32 Secure Boot V1 (esp-idf secure-boot-v1.rst; espsecure
 * digest_secure_bootloader, verify_signature_v1):
 *   - the reflashable bootloader digest at flash 0x0: a 128-byte IV, then
 *     SHA-512 over AES-256-ECB(bootloader key, IV || bootloader image
 *     padded with 0xFF to 128 bytes), each block byte-reversed in and out
 *     and each 32-bit word byte-swapped into the hash and out of it;
 *   - the app signature: 4 zero bytes and a 64-byte ECDSA P-256 r||s (big
 *     endian) over SHA-256 of the app bytes before it. */
#ifndef FWAUDIT_FORMATS_SBV1_H
#define FWAUDIT_FORMATS_SBV1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define SBV1_IV_LEN	128
#define SBV1_DIGEST_LEN	64

/* The digest the ROM computes for the bootloader image (image: its bytes
 * as on flash, image_len its length including any appended SHA-256;
 * hash_appended as in its header). key: 32 bytes. 0, or -1 when OpenSSL
 * fails or image_len is 0. */
int sbv1_bootloader_digest(const uint8_t key[32], const uint8_t iv[SBV1_IV_LEN],
    const uint8_t *image, size_t image_len, bool hash_appended,
    uint8_t out[SBV1_DIGEST_LEN]);

/* Reads the app signing key's public half: a PEM public key, a PEM EC
 * private key (as espsecure takes), or 64 raw bytes X||Y. Must be P-256.
 * *pkey is an EVP_PKEY (caller frees with sbv1_key_free); sha256_hex the
 * file's digest. -1 with err. */
int sbv1_verify_key_load(const char *path, void **pkey, char sha256_hex[65],
    struct fw_err *err);
void sbv1_key_free(void *pkey);

/* Verifies the signature trailer sig (68 bytes: u32 version, r||s) over
 * data[0, len). 1 valid, 0 not (or a version other than 0), -1 when
 * OpenSSL fails. */
int sbv1_verify_app(void *pkey, const uint8_t *data, size_t len, const uint8_t sig[68]);

#endif
