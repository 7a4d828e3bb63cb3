/* ESP chip ids as image headers (esp_image_header_t.chip_id) and the ROM's
 * GET_SECURITY_INFO carry them: esp_chip_id_t in esp-idf esp_app_format.h,
 * IMAGE_CHIP_ID in esptool targets/<chip>.py (esp-formats.md §1.1). The one
 * place fwaudit names them; a header may hold any other value. */
#ifndef FWAUDIT_FORMATS_ESP_CHIP_H
#define FWAUDIT_FORMATS_ESP_CHIP_H

#include <stdint.h>

enum esp_chip_id {
	ESP_CHIP_ESP32 = 0x0000,
	ESP_CHIP_ESP32S2 = 0x0002,
	ESP_CHIP_ESP32C3 = 0x0005,
	ESP_CHIP_ESP32S3 = 0x0009,
	ESP_CHIP_ESP32C2 = 0x000C,
	ESP_CHIP_ESP32C6 = 0x000D,
	ESP_CHIP_ESP32H2 = 0x0010,
	ESP_CHIP_ESP32P4 = 0x0012,
	ESP_CHIP_ESP32C61 = 0x0014,
	ESP_CHIP_ESP32C5 = 0x0017,
	ESP_CHIP_ESP32H21 = 0x0019,
	ESP_CHIP_ESP32H4 = 0x001C,
	ESP_CHIP_ESP32E22 = 0x001F,
	ESP_CHIP_ESP32S31 = 0x0020,
};

/* Largest id the image probe accepts: the header field is 16 bits, but
 * Espressif's ids stay small, so a bigger one is not an image header. */
#define ESP_CHIP_ID_PROBE_MAX	0x3F

/* The name as esptool image_info prints it ("esp32c3"); NULL for an id
 * fwaudit does not know. */
const char *esp_chip_name(uint16_t chip_id);

#endif
