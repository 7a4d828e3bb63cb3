#include "checks/nvs.h"

int
nvs_partition_facts(struct facts *f, int input, const char *label,
    const uint8_t *data, size_t len, uint64_t offset, struct fw_err *err)
{
	facts_warn(f, "%s: NVS partition '%s' at 0x%llx not decoded: NVS support is "
	    "not in this build", facts_input_path(f, input), label,
	    (unsigned long long)offset);
	return 0;
}

int
secure_cert_partition_facts(struct facts *f, int input, const char *label,
    const uint8_t *data, size_t len, uint64_t offset, struct fw_err *err)
{
	facts_warn(f, "%s: identity partition '%s' at 0x%llx not decoded: not in "
	    "this build", facts_input_path(f, input), label, (unsigned long long)offset);
	return 0;
}
