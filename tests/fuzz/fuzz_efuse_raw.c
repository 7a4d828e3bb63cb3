/* libFuzzer: eFuse register words from `espefuse.py dump` text and raw
 * block images (formats/efuse_raw.h), then decoded into fields as
 * checks/efuse_raw.c does. */
#include "formats/efuse.h"
#include "formats/efuse_raw.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static void
decode(const struct efuse_regs *r)
{
	struct efuse_dump d = {0};
	struct fw_err err;

	(void)efuse_regs_decode(r, &d, "fuzz", &err);
	efuse_dump_free(&d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct efuse_regs r;
	struct fw_err err;

	(void)efuse_dumptext_detect(data, len);
	(void)efuse_bin_detect(data, len);
	memset(&r, 0, sizeof(r));
	if (efuse_dumptext_parse(data, len, "fuzz", &r, &err) == 0)
		decode(&r);
	memset(&r, 0, sizeof(r));
	if (efuse_bin_parse(data, len, "fuzz", &r, &err) == 0)
		decode(&r);
	return 0;
}
