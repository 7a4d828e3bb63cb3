#include "formats/esp_chip.h"

#include <stddef.h>
#include <string.h>

const char *
esp_chip_name(uint16_t chip_id)
{
	switch (chip_id) {
	case ESP_CHIP_ESP32: return "esp32";
	case ESP_CHIP_ESP32S2: return "esp32s2";
	case ESP_CHIP_ESP32C3: return "esp32c3";
	case ESP_CHIP_ESP32S3: return "esp32s3";
	case ESP_CHIP_ESP32C2: return "esp32c2";
	case ESP_CHIP_ESP32C6: return "esp32c6";
	case ESP_CHIP_ESP32H2: return "esp32h2";
	case ESP_CHIP_ESP32P4: return "esp32p4";
	case ESP_CHIP_ESP32C61: return "esp32c61";
	case ESP_CHIP_ESP32C5: return "esp32c5";
	case ESP_CHIP_ESP32H21: return "esp32h21";
	case ESP_CHIP_ESP32H4: return "esp32h4";
	case ESP_CHIP_ESP32E22: return "esp32e22";
	case ESP_CHIP_ESP32S31: return "esp32s31";
	default: return NULL;
	}
}

static const struct {
	const char *chip;
	unsigned schemes;
	bool tee;
} chip_caps[] = {
	{ "esp32", ESP_SB_RSA3072, false },	/* V2 from revision 3 */
	{ "esp32s2", ESP_SB_RSA3072, false },
	{ "esp32s3", ESP_SB_RSA3072, false },
	{ "esp32c3", ESP_SB_RSA3072, false },
	{ "esp32c2", ESP_SB_ECDSA_P192 | ESP_SB_ECDSA_P256, false },
	{ "esp32c6", ESP_SB_RSA3072 | ESP_SB_ECDSA_P192 | ESP_SB_ECDSA_P256, true },
	{ "esp32h2", ESP_SB_RSA3072 | ESP_SB_ECDSA_P192 | ESP_SB_ECDSA_P256, true },
	{ "esp32c5", ESP_SB_RSA3072 | ESP_SB_ECDSA_P192 | ESP_SB_ECDSA_P256 | ESP_SB_ECDSA_P384, true },
	/* ECDSA only (SOC_SECURE_BOOT_V2_RSA 0), no P-384 */
	{ "esp32c61", ESP_SB_ECDSA_P192 | ESP_SB_ECDSA_P256, true },
	/* P-384 on revision v3.0 and later, whose map has SECURE_BOOT_SHA384_EN */
	{ "esp32p4", ESP_SB_RSA3072 | ESP_SB_ECDSA_P192 | ESP_SB_ECDSA_P256 | ESP_SB_ECDSA_P384, false },
	{ "esp32h4", 0, false },
};

unsigned
esp_chip_sb_schemes(const char *chip)
{
	for (size_t i = 0; chip != NULL && i < sizeof(chip_caps) / sizeof(chip_caps[0]); i++)
		if (strcmp(chip_caps[i].chip, chip) == 0)
			return chip_caps[i].schemes;
	return 0;
}

bool
esp_chip_has_tee(const char *chip)
{
	for (size_t i = 0; chip != NULL && i < sizeof(chip_caps) / sizeof(chip_caps[0]); i++)
		if (strcmp(chip_caps[i].chip, chip) == 0)
			return chip_caps[i].tee;
	return false;
}

unsigned
esp_sb_scheme_bit(const char *name)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "RSA-3072", ESP_SB_RSA3072 }, { "ECDSA-P192", ESP_SB_ECDSA_P192 },
		{ "ECDSA-P256", ESP_SB_ECDSA_P256 }, { "ECDSA-P384", ESP_SB_ECDSA_P384 },
	};

	for (size_t i = 0; name != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].bit;
	return 0;
}
