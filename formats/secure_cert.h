/* esp_secure_cert partition, TLV format (esp-formats.md §5.5, after
 * espressif/esp_secure_cert_mgr private_include/esp_secure_cert_tlv_private.h
 * and docs/format.md): records back to back, each
 *   header {u32 magic 0xBA5EBA11; u8 flags; u8 reserved[3]; u8 type;
 *           u8 subtype; u16 length}  (12 bytes)
 *   value[length], 0..15 padding bytes (length + pad is a multiple of 16),
 *   u32 crc = IDF CRC-32 over header + value + padding.
 * The list ends at the first header without the magic (erased flash). */
#ifndef FWAUDIT_FORMATS_SECURE_CERT_H
#define FWAUDIT_FORMATS_SECURE_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define SC_TLV_MAGIC 0xBA5EBA11u
#define SC_TLV_HEADER 12

/* esp_secure_cert_tlv_type_t */
enum sc_tlv_type {
	SC_CA_CERT = 0, SC_DEV_CERT = 1, SC_PRIV_KEY = 2, SC_DS_DATA = 3,
	SC_DS_CONTEXT = 4, SC_HMAC_ECDSA_KEY_SALT = 5, SC_SEC_CFG = 6,
	SC_TEE_SEC_STORAGE_KEY = 7, SC_SIGNATURE_BLOCK = 8, SC_INTEGRITY = 9,
	SC_USER_DATA_1 = 51, SC_USER_DATA_5 = 55,
	SC_MATTER_TLV_1 = 201, SC_MATTER_TLV_2 = 202,
};

/* Flag bits 7..6 and 5..3 (ESP_SECURE_CERT_TLV_FLAG_*). */
#define SC_FLAG_HMAC_ENCRYPTED(f)  (((f) & 0xC0) == 0x80)
#define SC_FLAG_HMAC_DERIVED(f)    (((f) & 0xC0) == 0x40)
#define SC_FLAG_KEY_IN_EFUSE(f)    (((f) & 0x38) == 0x08)

struct sc_tlv {
	size_t offset;		/* of the header, in the partition */
	uint8_t flags, type, subtype;
	uint16_t length;
	const uint8_t *value;	/* borrowed from the caller's buffer */
	bool crc_ok;
};

struct sc_part {
	struct sc_tlv *tlv;
	size_t ntlv;
	size_t end;		/* offset after the last record */
	/* Set when the walk stopped at a record that does not fit: its
	 * offset, else (size_t)-1. */
	size_t truncated_at;
};

/* True when data starts with a TLV header magic. */
bool sc_is_tlv(const uint8_t *data, size_t len);
/* Walks the records. 0, or -1 with err when there is no first record or
 * on allocation failure; a later damaged record ends the walk and is
 * reported through truncated_at / crc_ok. Free with sc_part_free. */
int sc_parse(const uint8_t *data, size_t len, const char *input,
    size_t base_offset, struct sc_part *out, struct fw_err *err);
void sc_part_free(struct sc_part *p);
/* "ca_cert", "dev_cert", "priv_key", ... or "type_N" written into buf. */
const char *sc_type_name(uint8_t type, char *buf, size_t n);

#endif
