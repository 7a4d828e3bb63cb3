/* ESP chip ids as image headers (esp_image_header_t.chip_id) and the ROM's
 * GET_SECURITY_INFO carry them: esp_chip_id_t in esp-idf esp_app_format.h,
 * IMAGE_CHIP_ID in esptool targets/<chip>.py (esp-formats.md §1.1). The one
 * place fwaudit names them; a header may hold any other value. */
#ifndef FWAUDIT_FORMATS_ESP_CHIP_H
#define FWAUDIT_FORMATS_ESP_CHIP_H

#include <stdbool.h>
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

/* Secure Boot V2 schemes a chip's ROM verifies: ESP-IDF soc_caps.h
 * (SOC_SECURE_BOOT_V2_RSA, SOC_SECURE_BOOT_V2_ECC, the ECDSA curves) as
 * gathered in esp-newchips-and-peers.md. ECDSA P-384 needs SHA-384 image
 * digests: the chip must also have SECURE_BOOT_SHA384_EN burned. */
enum esp_sb_scheme_bits {
	ESP_SB_RSA3072 = 1,
	ESP_SB_ECDSA_P192 = 2,
	ESP_SB_ECDSA_P256 = 4,
	ESP_SB_ECDSA_P384 = 8,
};
/* The bits for a chip name ("esp32c61"); 0 when not known (ESP32-H4: ESP-IDF
 * has no Secure Boot for it yet). */
unsigned esp_chip_sb_schemes(const char *chip);
/* The bit of a scheme name as signature blocks give it ("RSA-3072",
 * "ECDSA-P256"); 0 unknown. */
unsigned esp_sb_scheme_bit(const char *name);
/* ESP-TEE exists for the chip (ESP-IDF components/esp_tee/Kconfig.projbuild). */
bool esp_chip_has_tee(const char *chip);

#endif
