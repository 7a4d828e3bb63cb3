/* The CRC-32 that ESP-IDF uses for NVS pages and entries, otadata and
 * esp_secure_cert TLVs (esp-formats.md §2.4): the ROM's crc32_le(), which
 * takes and returns the CRC in its final (inverted) form. Called with
 * 0xFFFFFFFF it equals Python's zlib.crc32(data, 0xFFFFFFFF). */
#ifndef FWAUDIT_ESP_CRC32_H
#define FWAUDIT_ESP_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* ROM semantics: crc is "the bitwise inverse of the CRC variant's initial
 * value on the first call"; chain calls by passing the previous result. */
uint32_t esp_crc32_le(uint32_t crc, const uint8_t *buf, size_t len);

/* IDF convention in one call: esp_crc32_le(0xFFFFFFFF, buf, len). */
uint32_t esp_crc32_idf(const uint8_t *buf, size_t len);

/* An NVS item's header CRC (nvs::Item::calculateCrc32): bytes 0..3 and
 * 8..31 of the 32-byte entry, skipping the CRC field itself. */
uint32_t esp_crc32_nvs_item(const uint8_t entry[32]);

#endif
