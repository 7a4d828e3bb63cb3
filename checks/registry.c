/* Every input kind fwaudit recognises: one row per collector. */
#include "core/input.h"

extern const struct collector collector_sdkconfig;
extern const struct collector collector_efuse_json;
extern const struct collector collector_nvs;
extern const struct collector collector_secure_cert;
extern const struct collector collector_efuse_dump;
extern const struct collector collector_efuse_bin;
extern const struct collector collector_esp_flash;
extern const struct collector collector_esp_app;
extern const struct collector collector_esp_bootloader;
extern const struct collector collector_esp_partition_table;
extern const struct collector collector_esp_otadata;

const struct collector *const collector_table[] = {
	&collector_sdkconfig,
	&collector_efuse_json,
	&collector_nvs,
	&collector_secure_cert,
	&collector_efuse_dump,
	&collector_efuse_bin,
	&collector_esp_flash,
	&collector_esp_app,
	&collector_esp_bootloader,
	&collector_esp_partition_table,
	&collector_esp_otadata,
	NULL
};

void esp_image_count(struct facts *f);
void esp_secure_boot_crossref(struct facts *f);
void esp_flash_encryption_judge(struct facts *f);
void nvs_encryption_crossref(struct facts *f);

/* Steps that relate facts from several inputs, after every collector. */
const post_collect_fn post_collect_table[] = {
	esp_image_count,
	esp_secure_boot_crossref,
	esp_flash_encryption_judge,
	nvs_encryption_crossref,
	NULL
};
