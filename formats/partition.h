/* ESP-IDF partition table and otadata (esp-formats.md §2.1-2.4).
 * Sources: esp-idf esp_flash_partitions.h, gen_esp32part.py,
 * bootloader_common_loader.c, esp_ota_ops.c. */
#ifndef FWAUDIT_FORMATS_PARTITION_H
#define FWAUDIT_FORMATS_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define PART_TABLE_OFFSET	0x8000	/* CONFIG_PARTITION_TABLE_OFFSET default */
#define PART_TABLE_SIZE		0x1000	/* ESP_PARTITION_TABLE_SIZE: one sector */
#define PART_TABLE_MAX_LEN	0xC00	/* ESP_PARTITION_TABLE_MAX_LEN */
#define PART_ENTRY_SIZE		32	/* sizeof(esp_partition_info_t) */
#define PART_MAX_ENTRIES	(PART_TABLE_MAX_LEN / PART_ENTRY_SIZE)
#define PART_MAGIC		0x50AA	/* ESP_PARTITION_MAGIC (bytes AA 50) */
#define PART_MD5_MAGIC		0xEBEB	/* ESP_PARTITION_MAGIC_MD5 */
#define PART_FLAG_ENCRYPTED	0x1
#define PART_FLAG_READONLY	0x2

enum {
	PART_TYPE_APP = 0x00, PART_TYPE_DATA = 0x01, PART_TYPE_BOOTLOADER = 0x02,
	PART_TYPE_PARTITION_TABLE = 0x03,
};
enum {
	PART_SUBTYPE_FACTORY = 0x00, PART_SUBTYPE_OTA_MIN = 0x10, PART_SUBTYPE_OTA_MAX = 0x1F,
	PART_SUBTYPE_TEST = 0x20,
	PART_SUBTYPE_DATA_OTA = 0x00, PART_SUBTYPE_DATA_PHY = 0x01,
	PART_SUBTYPE_DATA_NVS = 0x02, PART_SUBTYPE_DATA_COREDUMP = 0x03,
	PART_SUBTYPE_DATA_NVS_KEYS = 0x04,
};

struct part_entry {
	unsigned index;		/* position in the table */
	size_t entry_off;	/* of the entry, from the table start */
	uint8_t type;
	uint8_t subtype;
	uint32_t offset;
	uint32_t size;
	uint32_t flags;
	char label[17];		/* raw bytes up to the first NUL (not sanitised) */
};

struct part_table {
	struct part_entry e[PART_MAX_ENTRIES];
	unsigned n;
	bool md5_present;
	bool md5_valid;
	size_t md5_off;
	uint8_t md5_stored[16], md5_calc[16];
	bool terminated;	/* the 0xFF end marker was found */
	size_t used;		/* bytes of entries, MD5 entry and end marker */
	/* Parsing stopped at an entry that is neither a partition, the MD5
	 * entry nor the end marker (damage inside the table): */
	bool damaged;
	size_t damage_off;
	char damage[160];
};

/* Parses a partition table at data[0, len) (len may exceed the 0xC00 the
 * table may use). -1 with err when not even the first entry is one
 * (wrong magic, too short); later damage is recorded in t->damaged. */
int part_table_parse(const char *input, size_t base, const uint8_t *data,
    size_t len, struct part_table *t, struct fw_err *err);

/* Cheap check that a partition table starts here: first entry with the
 * magic, a known type, a 4 KiB aligned offset and a non-zero size. */
bool part_table_probe(const uint8_t *data, size_t len);

/* "app", "data", "bootloader", "partition_table", or NULL (custom). */
const char *part_type_name(uint8_t type);
/* "factory", "ota_3", "nvs", ...; NULL when unknown for the type. */
const char *part_subtype_name(uint8_t type, uint8_t subtype, char buf[16]);

bool part_is_app(const struct part_entry *e);
bool part_is_ota_app(const struct part_entry *e);	/* app ota_0..ota_15 */
/* Whether flash encryption encrypts this partition's contents (§4.2):
 * apps, otadata, nvs_keys, bootloader/partition-table partitions and any
 * partition flagged encrypted. NVS is not (it has its own encryption). */
bool part_flash_encrypted(const struct part_entry *e);

/* otadata: two esp_ota_select_entry_t copies, one per sector. */
#define OTADATA_SIZE		0x2000
#define OTA_SELECT_LEN		32

enum {
	OTA_STATE_NEW = 0, OTA_STATE_PENDING_VERIFY = 1, OTA_STATE_VALID = 2,
	OTA_STATE_INVALID = 3, OTA_STATE_ABORTED = 4, OTA_STATE_UNDEFINED = 0xFFFFFFFF,
};

struct ota_select {
	size_t offset;		/* from the otadata start */
	bool present;		/* inside the data given */
	uint32_t seq;
	uint32_t state;
	uint32_t crc_stored, crc_calc;
	bool erased;		/* all 0xFF */
	bool crc_valid;
	bool valid;		/* seq set, CRC right, state not INVALID/ABORTED */
};

struct otadata {
	struct ota_select s[2];
	int active;		/* index of the copy the bootloader uses, -1 none */
};

/* Parses otadata at data[0, len): copy 0 at 0x0, copy 1 at 0x1000 (a copy
 * outside len is not present). Never fails. */
void otadata_parse(const uint8_t *data, size_t len, struct otadata *o);
/* The OTA slot the bootloader boots from the active copy, given the
 * number of ota_N app partitions: (seq - 1) % count; -1 when no copy is
 * valid or count is 0. */
int otadata_slot(const struct otadata *o, unsigned ota_count);
const char *ota_state_name(uint32_t state);

#endif
