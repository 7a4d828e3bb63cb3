/* Sample flash generator (samples/generate.sh): shared pieces. Formats as
 * in /work/shared/reference/esp-formats.md §1-5. Everything here is
 * deterministic: no call draws random numbers. */
#ifndef FWAUDIT_SAMPLES_GEN_H
#define FWAUDIT_SAMPLES_GEN_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

void put16(uint8_t *p, uint16_t v);
void put32(uint8_t *p, uint32_t v);
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
EVP_PKEY *load_key(const char *dir, const char *name);
/* Reads a whole file into a new buffer; *len gets its size. */
uint8_t *load_file(const char *dir, const char *name, size_t *len);
/* Deterministic filler: SHA-256 counter stream over a label. */
void fill_stream(uint8_t *dst, size_t n, const char *label);

/* ESP app / bootloader image (§1) for ESP32-S3 with appended SHA-256. */
struct image_spec {
	int bootloader;		/* esp_bootloader_desc_t instead of esp_app_desc_t */
	const char *project, *version, *idf_ver;
	uint32_t secure_version;
	size_t code_size;	/* bytes of filler "code" */
	/* More read-only strings (NUL-separated, ending in an empty one), or
	 * NULL: the library version strings the SBOM samples carry. */
	const char *rodata;
};
/* Builds the image into dst (capacity cap); returns its length. */
size_t image_build(uint8_t *dst, size_t cap, const struct image_spec *s);

enum sb_scheme { SB_RSA3072, SB_ECDSA_P256 };
/* Pads the image (0xFF) to 4 KiB and appends a Secure Boot V2 signature
 * sector with one block (§3.1); returns the new length. digest gets the
 * public key digest burned in eFuse (§3.2). */
size_t sbv2_sign(uint8_t *img, size_t len, size_t cap, EVP_PKEY *key,
    enum sb_scheme scheme, uint8_t digest[32]);

/* NVS writer (§5): namespaces, u8/u32, strings and v2 blobs; optionally
 * NVS-encrypted (XTS-AES-256 per entry with key eky||tky, §5.4). */
struct nvs_writer {
	uint8_t *buf;
	size_t len;
	unsigned page, entry;
	uint32_t seq;
	uint8_t next_ns;
};
void nvsw_init(struct nvs_writer *w, uint8_t *buf, size_t len);
uint8_t nvsw_ns(struct nvs_writer *w, const char *name);
void nvsw_u8(struct nvs_writer *w, uint8_t ns, const char *key, uint8_t v);
void nvsw_u32(struct nvs_writer *w, uint8_t ns, const char *key, uint32_t v);
void nvsw_str(struct nvs_writer *w, uint8_t ns, const char *key, const char *v);
void nvsw_blob(struct nvs_writer *w, uint8_t ns, const char *key, const void *v, size_t n);
/* Encrypts every written entry in place (call after the last write). */
void nvsw_encrypt(struct nvs_writer *w, const uint8_t key[64]);

/* Encrypts flash[addr, addr+len) in place as the chip's flash encryption
 * would write it (addr and len multiples of 128; key 32 or 64 bytes). */
void flash_encrypt(uint8_t *flash, uint32_t addr, size_t len, const uint8_t *key,
    size_t keylen);

#endif
