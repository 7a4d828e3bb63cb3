/* ESP32-family app and bootloader images (esp-formats.md §1): the 24-byte
 * header (esp_image_header_t), segments, the XOR checksum, the appended
 * SHA-256, esp_app_desc_t and esp_bootloader_desc_t, and the Secure Boot V1
 * trailer. Sources: esp-idf esp_app_format.h, esp_app_desc.h,
 * esp_bootloader_desc.h; esptool bin_image.py. */
#ifndef FWAUDIT_FORMATS_ESP_IMAGE_H
#define FWAUDIT_FORMATS_ESP_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "formats/esp_chip.h"

struct hashq_job;

#define ESP_IMAGE_MAGIC		0xE9	/* ESP_IMAGE_HEADER_MAGIC */
#define ESP_IMAGE_HEADER_LEN	24	/* sizeof(esp_image_header_t) */
#define ESP_IMAGE_MAX_SEGMENTS	16	/* ESP_IMAGE_MAX_SEGMENTS */
#define ESP_CHECKSUM_SEED	0xEF	/* ESP_CHECKSUM_MAGIC */
#define ESP_APP_DESC_OFFSET	0x20	/* header + first segment header */
#define ESP_APP_DESC_MAGIC	0xABCD5432u
#define ESP_APP_DESC_LEN	256
#define ESP_BOOTLOADER_DESC_MAGIC 0x50
#define ESP_BOOTLOADER_DESC_LEN	80
#define ESP_SBV1_TRAILER_LEN	68	/* u32 version + 64-byte ECDSA r|s */

struct esp_segment {
	uint32_t load_addr;
	uint32_t len;
	size_t offset;		/* of the data, from the image start */
};

/* esp_app_desc_t; strings are copied NUL-terminated (raw, not sanitised). */
struct esp_app_desc {
	uint32_t secure_version;
	char version[33];
	char project_name[33];
	char time[17];
	char date[17];
	char idf_ver[33];
	uint8_t app_elf_sha256[32];
	uint16_t min_efuse_blk_rev_full;
	uint16_t max_efuse_blk_rev_full;
	uint8_t mmu_page_size;	/* log2; 0 in images older than IDF v5.3 */
};

/* esp_bootloader_desc_t (IDF >= 5.2). */
struct esp_bootloader_desc {
	uint8_t secure_version;
	uint32_t version;
	char idf_ver[33];
	char date_time[25];
};

/* The fields of the 256-byte esp_app_desc_t at d (the magic is the
 * caller's to check): from an image, or from the ELF it was built from. */
void esp_app_desc_decode(const uint8_t d[ESP_APP_DESC_LEN], struct esp_app_desc *app);

enum esp_role { ESP_ROLE_UNKNOWN, ESP_ROLE_BOOTLOADER, ESP_ROLE_APP };

struct esp_image {
	/* esp_image_header_t */
	uint8_t segment_count;
	uint8_t spi_mode;
	uint8_t spi_speed;	/* low nibble of byte 3 */
	uint8_t spi_size;	/* high nibble of byte 3 */
	uint32_t entry_addr;
	uint8_t wp_pin;
	uint8_t spi_pin_drv[3];
	uint16_t chip_id;
	uint8_t min_chip_rev;	/* legacy */
	uint16_t min_chip_rev_full;
	uint16_t max_chip_rev_full;
	uint8_t hash_appended;

	struct esp_segment segments[ESP_IMAGE_MAX_SEGMENTS];
	unsigned nsegments;

	size_t checksum_offset;	/* of the checksum byte */
	uint8_t checksum_stored;
	uint8_t checksum_calc;
	bool checksum_valid;

	size_t hashed_len;	/* bytes the appended SHA-256 covers (up to the checksum) */
	size_t image_len;	/* end of the checksum, + 32 with an appended hash */
	uint8_t hash_stored[32];	/* valid when hash_appended */
	uint8_t hash_calc[32];		/* filled by esp_image_hash */
	bool hash_checked;
	bool hash_valid;

	bool has_app_desc;
	struct esp_app_desc app;
	bool has_bootloader_desc;
	struct esp_bootloader_desc bl;

	/* Secure Boot V1 signature directly after the image (ESP32). */
	bool sbv1_present;
	size_t sbv1_offset;
	uint32_t sbv1_version;
	/* After a parse that failed for want of bytes (a header, segment,
	 * checksum or hash running past the end): the length the image needs
	 * at least, from its start; 0 after any other failure. Tells an image
	 * cut short by the end of its input from one damaged inside it. */
	size_t needed_len;
};

/* Parses the image at data[0, len): header, segment list, checksum, app or
 * bootloader descriptor, SBv1 trailer. Bytes are only read, never copied
 * beyond the small descriptor strings. On a structural problem (wrong
 * magic, more than 16 segments, a segment or the checksum past the end)
 * returns -1 with err "INPUT: offset 0xBASE+OFF: ..." (base = where the
 * image starts in the input). A wrong checksum is not an error. */
#define ESP_PARSE_NO_CHECKSUM 0x1	/* structure only: skip the XOR */
int esp_image_parse(const char *input, size_t base, const uint8_t *data,
    size_t len, unsigned flags, struct esp_image *img, struct fw_err *err);
/* The checksum a parse with ESP_PARSE_NO_CHECKSUM skipped (data, len: the
 * image the parse succeeded on). */
void esp_image_checksum(struct esp_image *img, const uint8_t *data, size_t len);

/* Hashes the image once with SHA-256: checks the appended hash (sets
 * hash_calc/hash_checked/hash_valid) and, when signed_len > 0, also
 * continues to data[signed_len) and writes that digest to signed_sha256
 * (the Secure Boot V2 image digest: everything before the signature
 * sector). signed_len must be 0 or >= img->hashed_len and <= len.
 * 0, or -1 when OpenSSL fails. */
int esp_image_hash(struct esp_image *img, const uint8_t *data, size_t len,
    size_t signed_len, uint8_t signed_sha256[32]);
/* The same in two steps, for callers that hash many images at once on the
 * hash queue (util/hashq.h): the job to submit (job->len 0: nothing to
 * hash; the caller sets job->data), -1 when the lengths are impossible;
 * then, once it was waited for, the results. */
int esp_image_hash_job(const struct esp_image *img, size_t len, size_t signed_len,
    struct hashq_job *job);
int esp_image_hash_result(struct esp_image *img, const struct hashq_job *job,
    uint8_t signed_sha256[32]);

/* Cheap look at the header: 1 when data starts like an image (magic,
 * segment count 0..16, hash flag, flash mode, chip id), else 0. */
int esp_image_probe(const uint8_t *data, size_t len);

/* Bootloader or app, from the descriptors, else from where the segments
 * load (apps map flash: IROM/DROM; the 2nd-stage bootloader never does). */
enum esp_role esp_image_role(const struct esp_image *img);
const char *esp_role_name(enum esp_role r);

/* Whether a load address is in the chip's flash-mapped (cache) range. */
bool esp_addr_flash_mapped(uint16_t chip_id, uint32_t addr);
/* Whether it is flash-mapped read-only data (DROM), where strings live;
 * on chips whose IROM and DROM share a range, the whole range. */
bool esp_addr_drom(uint16_t chip_id, uint32_t addr);

/* Names as esptool image_info prints them ("DIO", "40m", "4MB"; the chip
 * name is esp_chip_name, formats/esp_chip.h); NULL when the value is unknown. */
const char *esp_flash_mode_name(uint8_t mode);
const char *esp_flash_freq_name(uint16_t chip_id, uint8_t speed);
const char *esp_flash_size_name(uint8_t size);
/* Flash size in bytes for the header nibble, 0 unknown. */
uint64_t esp_flash_size_bytes(uint8_t size);
/* 2nd-stage bootloader flash offset for the chip (esptool
 * BOOTLOADER_FLASH_OFFSET): 0x1000, 0x0 or 0x2000. */
size_t esp_bootloader_offset(uint16_t chip_id);

#endif
