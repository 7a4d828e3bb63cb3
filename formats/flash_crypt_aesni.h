/* ESP32 flash decryption rekeys AES-256 every 32 bytes; OpenSSL's key
 * setup through EVP costs ~200 ns a time, most of the work. On x86-64
 * CPUs with AES-NI this does the key expansion and the two blocks in the
 * CPU's AES instructions instead (checked against OpenSSL and espsecure's
 * known answers in tests/unit/test_flash_crypt.c). */
#ifndef FWAUDIT_FORMATS_FLASH_CRYPT_AESNI_H
#define FWAUDIT_FORMATS_FLASH_CRYPT_AESNI_H

#include <stdbool.h>
#include <stdint.h>

/* Whether the CPU has AES-NI (asked once). */
bool aesni_usable(void);
/* AES-256 encryption of n (1 or 2) 16-byte blocks with key. Only when
 * aesni_usable(). */
void aesni256_encrypt(const uint8_t key[32], const uint8_t *in, uint8_t *out, int n);

#endif
