/* The keys a scan is given (--flash-key, --sbv1-bootloader-key,
 * --sbv1-verify-key) and the decrypted view of a flash-encrypted dump.
 * Key bytes live only here, in memory: reports, facts, warnings and
 * errors name a key by its file's SHA-256, never by its bytes. */
#ifndef FWAUDIT_CHECKS_ESP_DECRYPT_H
#define FWAUDIT_CHECKS_ESP_DECRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/facts.h"
#include "formats/flash_crypt.h"
#include "formats/partition.h"
#include "util/error.h"

#define ESP_MAX_FLASH_KEYS 8

struct input;

struct esp_keyring {
	struct flash_key flash[ESP_MAX_FLASH_KEYS];
	const char *flash_path[ESP_MAX_FLASH_KEYS];
	int nflash;
	/* Secure Boot V1 */
	bool have_bl_key;
	uint8_t bl_key[32];		/* the bootloader digest key */
	char bl_key_sha256[65];
	void *verify_key;		/* EVP_PKEY: the app signing key's public half */
	char verify_key_sha256[65];	/* of the PEM file */
};

/* Loads every key file; -1 with err (the path and what is wrong with it:
 * its length, not an EC P-256 key) on the first that is unusable. */
int esp_keyring_load(struct esp_keyring *r, const char *const *flash_paths, int nflash,
    const char *bl_key_path, const char *verify_pem_path, struct fw_err *err);
/* Wipes the key bytes and frees the public key. */
void esp_keyring_clear(struct esp_keyring *r);

/* A dump decrypted in memory (never written anywhere): the input's bytes
 * with every region flash encryption covers replaced by its plaintext. */
struct esp_plain {
	uint8_t *data;		/* NULL: nothing was decrypted */
	size_t len;
	struct esp_plain_region {
		size_t off, len;
	} regions[PART_MAX_ENTRIES + 2];
	unsigned nregions;
	const char *key_sha256;	/* the key file's digest */
};

/* Tries the scan's flash keys on the dump: each key by each scheme that
 * takes its length, where the chip's bootloader would be; the first that
 * yields a bootloader header decrypts the bootloader, the partition table
 * and every partition the chip encrypts. Evidence (esp.flash_decryption)
 * and, for a key that decrypts nothing valid, a warning. pv->data NULL
 * when no key fits; -1 only when memory runs out. */
int esp_decrypt_dump(struct facts *f, const struct input *in, struct esp_plain *pv,
    struct fw_err *err);
/* After the flash regions: NVS partitions whose entries the keys of a
 * decrypted nvs_keys partition decrypt (NVS encryption), in place in pv,
 * each a region and an item of list (esp.flash_decryption regions). */
void esp_decrypt_nvs(struct esp_plain *pv, const struct part_table *t, json_t *list);
/* Whether off lies in a region that was ciphertext in the input. */
bool esp_plain_decrypted(const struct esp_plain *pv, size_t off);
void esp_plain_free(struct esp_plain *pv);
/* item (an esp.images or esp.partitions object at off), marked
 * decrypted: true with the key's digest when off was decrypted. */
json_t *esp_decrypted_mark(json_t *item, const struct esp_plain *pv, size_t off);
/* After a decrypted dump is collected: what only the key holder reads
 * (esp.flash_key_exposes: images, NVS keys, private keys), each worded
 * "with the flash key: ..."; the nvs_keys and private-key facts then say
 * what anyone else reads: nothing (readable false, protection
 * flash_encryption). */
void esp_decrypt_exposure(struct facts *f, const struct input *in,
    const struct esp_plain *pv);

#endif
