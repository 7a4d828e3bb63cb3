/* libFuzzer: NVS partition (formats/nvs.h), every blob joined. */
#include "formats/nvs.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct nvs_part p = {0};
	struct fw_err err;

	if (nvs_parse(data, len, "fuzz", 0, &p, &err) == 0) {
		for (size_t i = 0; i < p.nitems; i++) {
			const struct nvs_item *it = &p.items[i];
			uint8_t *buf = NULL;
			size_t n = 0;

			(void)nvs_ns_name(&p, it->ns);
			(void)nvs_type_name(it->type);
			if (it->type == NVS_BLOB_IDX &&
			    nvs_blob_assemble(&p, it, "fuzz", 0, &buf, &n, &err) == 0) {
				(void)nvs_entropy(buf, n);
				free(buf);
			}
		}
	}
	nvs_part_free(&p);
	return 0;
}
