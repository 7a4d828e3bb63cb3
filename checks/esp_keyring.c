/* The key files a scan is given, read once into memory (checks/esp_decrypt.h,
 * struct esp_keyring): their bytes are wiped from every buffer they pass
 * through; only their files' SHA-256 are ever reported. */
#include "checks/esp_decrypt.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "formats/sbv1.h"
#include "util/fileio.h"

int
esp_keyring_load(struct esp_keyring *r, const char *const *flash_paths, int nflash,
    const char *bl_key_path, const char *verify_pem_path, struct fw_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (nflash > ESP_MAX_FLASH_KEYS)
		return err_set(err, NULL, ERR_NO_OFFSET, "--flash-key: at most %d keys",
		    ESP_MAX_FLASH_KEYS);
	for (int i = 0; i < nflash && rc == 0; i++) {
		if ((rc = file_read(flash_paths[i], 64, &buf, &len, err)) == 0)
			rc = flash_key_parse(flash_paths[i], (const uint8_t *)buf, len,
			    &r->flash[i], err);
		if (buf != NULL)
			OPENSSL_cleanse(buf, len);
		free(buf);
		buf = NULL;
		r->flash_path[i] = flash_paths[i];
		r->nflash = i + 1;
	}
	if (rc == 0 && bl_key_path != NULL) {
		struct flash_key k;

		/* the same lengths and extension as a flash key (espsecure) */
		if ((rc = file_read(bl_key_path, 64, &buf, &len, err)) == 0 &&
		    (rc = flash_key_parse(bl_key_path, (const uint8_t *)buf, len, &k, err)) == 0) {
			if (k.len != 32)
				rc = err_set(err, bl_key_path, ERR_NO_OFFSET, "a Secure Boot V1 "
				    "bootloader key holds 16, 24 or 32 bytes, not %zu", len);
			memcpy(r->bl_key, k.k, 32);
			memcpy(r->bl_key_sha256, k.sha256_hex, 65);
			r->have_bl_key = rc == 0;
			flash_key_clear(&k);
		}
		if (buf != NULL)
			OPENSSL_cleanse(buf, len);
		free(buf);
	}
	if (rc == 0 && verify_pem_path != NULL)
		rc = sbv1_verify_key_load(verify_pem_path, &r->verify_key,
		    r->verify_key_sha256, err);
	if (rc != 0)
		esp_keyring_clear(r);
	return rc;
}

void
esp_keyring_clear(struct esp_keyring *r)
{
	sbv1_key_free(r->verify_key);
	OPENSSL_cleanse(r, sizeof(*r));
}
