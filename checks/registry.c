/* Every input kind fwaudit recognises: one row per collector. */
#include "core/input.h"

extern const struct collector collector_sdkconfig;
extern const struct collector collector_efuse_json;
extern const struct collector collector_nvs;
extern const struct collector collector_secure_cert;
extern const struct collector collector_efuse_dump;
extern const struct collector collector_efuse_bin;

const struct collector *const collector_table[] = {
	&collector_sdkconfig,
	&collector_efuse_json,
	&collector_nvs,
	&collector_secure_cert,
	&collector_efuse_dump,
	&collector_efuse_bin,
	NULL
};
