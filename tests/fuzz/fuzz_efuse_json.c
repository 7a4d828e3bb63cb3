/* libFuzzer: `espefuse.py summary --format json` (formats/efuse.h). */
#include "formats/efuse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct efuse_dump d = {0};
	struct fw_err err;

	(void)efuse_json_detect(data, len);
	if (efuse_json_parse(data, len, "fuzz", &d, &err) == 0) {
		(void)efuse_get(&d, "SECURE_BOOT_EN");
	}
	efuse_dump_free(&d);
	return 0;
}
