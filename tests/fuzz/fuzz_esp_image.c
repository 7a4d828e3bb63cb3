/* libFuzzer: ESP app/bootloader image (formats/esp_image.h): header,
 * segments, checksum, descriptors, appended hash. */
#include "formats/esp_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct esp_image img;
	struct fw_err err;
	uint8_t sha[32];

	(void)esp_image_probe(data, len);
	if (esp_image_parse("fuzz", 0, data, len, ESP_PARSE_NO_CHECKSUM, &img, &err) != 0)
		return 0;
	if (esp_image_parse("fuzz", 0, data, len, 0, &img, &err) != 0)
		return 0;
	(void)esp_role_name(esp_image_role(&img));
	(void)esp_chip_name(img.chip_id);
	(void)esp_flash_freq_name(img.chip_id, img.spi_speed);
	(void)esp_image_hash(&img, data, len, img.image_len, sha);
	return 0;
}
