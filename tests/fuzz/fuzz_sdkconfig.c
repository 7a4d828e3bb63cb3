/* libFuzzer: ESP-IDF sdkconfig text (formats/sdkconfig.h). */
#include "formats/sdkconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sdkconfig c = {0};
	struct fw_err err;

	(void)sdkconfig_detect(data, len);
	if (sdkconfig_parse(data, len, "fuzz", &c, &err) == 0)
		(void)sdkconfig_get(&c, "CONFIG_SECURE_BOOT");
	sdkconfig_free(&c);
	return 0;
}
