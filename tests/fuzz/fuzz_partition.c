/* libFuzzer: partition table and otadata (formats/partition.h). */
#include "formats/partition.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct part_table t;	/* 3 KiB of entries: off the stack */
	struct otadata o;
	struct fw_err err;
	char buf[16];

	(void)part_table_probe(data, len);
	if (part_table_parse("fuzz", 0, data, len, &t, &err) == 0) {
		unsigned ota = 0;

		for (unsigned i = 0; i < t.n; i++) {
			(void)part_type_name(t.e[i].type);
			(void)part_subtype_name(t.e[i].type, t.e[i].subtype, buf);
			(void)part_flash_encrypted(&t.e[i]);
			ota += part_is_ota_app(&t.e[i]);
		}
		otadata_parse(data, len, &o);
		(void)otadata_slot(&o, ota);
	}
	otadata_parse(data, len, &o);
	(void)otadata_slot(&o, 2);
	(void)ota_state_name(o.s[0].state);
	return 0;
}
