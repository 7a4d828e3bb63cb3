#include "formats/esp_chip.h"

#include <stddef.h>

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
