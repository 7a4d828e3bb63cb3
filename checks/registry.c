/* Every input kind fwaudit recognises: one row per collector. */
#include "core/input.h"

extern const struct collector collector_sdkconfig;
extern const struct collector collector_efuse_json;

const struct collector *const collector_table[] = {
	&collector_sdkconfig,
	&collector_efuse_json,
	NULL
};
