/* Every input kind fwaudit recognises: one row per collector. */
#include "checks/registry.h"

#include <stdio.h>
#include <string.h>

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
extern const struct collector collector_spdx;
extern const struct collector collector_cyclonedx_vex;
extern const struct collector collector_esp_app_elf;
extern const struct collector collector_elf;
extern const struct collector collector_linux_rootfs;

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
	&collector_spdx,
	&collector_cyclonedx_vex,
	&collector_esp_app_elf,
	&collector_elf,
	&collector_linux_rootfs,
	NULL
};

void esp_image_count(struct facts *f);
void esp_secure_boot_crossref(struct facts *f);
void esp_flash_encryption_judge(struct facts *f);
void esp_chip_crossref(struct facts *f);
void nvs_encryption_crossref(struct facts *f);
void components_spdx_merge(struct facts *f);
void components_vex_apply(struct facts *f);
void esp_app_elf_crossref(struct facts *f);
void elf_scope(struct facts *f);

/* Steps that relate facts from several inputs, after every collector. */
const post_collect_fn post_collect_table[] = {
	esp_image_count,
	esp_secure_boot_crossref,
	esp_flash_encryption_judge,
	esp_chip_crossref,
	nvs_encryption_crossref,
	esp_app_elf_crossref,
	elf_scope,
	components_spdx_merge,
	/* after the vulnerability matcher has filled components.vulnerabilities */
	components_vex_apply,
	NULL
};

const struct collector *
collector_by_kind(const char *kind)
{
	for (size_t i = 0; collector_table[i] != NULL; i++)
		if (strcmp(collector_table[i]->kind, kind) == 0)
			return collector_table[i];
	return NULL;
}

int
collector_fits(const struct collector *c, const struct input *in, struct fw_err *err)
{
	if (in->dir && !c->reads_dirs)
		return err_set(err, in->path, ERR_NO_OFFSET, "is a directory; %s reads a file",
		    c->what);
	if (in->dir || c->max_len == 0 || in->len <= c->max_len)
		return 0;
	err_set(err, in->path, ERR_NO_OFFSET, "%zu bytes is too large for %s (at most "
	    "%zu KiB)", in->len, c->what, c->max_len >> 10);
	return -1;
}

const struct collector *
collector_detect(const struct input *in, struct fw_err *err)
{
	const struct collector *best = NULL;
	int best_score = 0;
	char tried[512] = "";
	size_t n = 0;

	if (in->dir) {
		for (size_t i = 0; collector_table[i] != NULL; i++)
			if (collector_table[i]->reads_dirs)
				return collector_table[i];
		err_set(err, in->path, ERR_NO_OFFSET, "is a directory; expected a file");
		return NULL;
	}
	for (size_t i = 0; collector_table[i] != NULL; i++) {
		const struct collector *c = collector_table[i];
		int s = in->len && (c->max_len == 0 || in->len <= c->max_len) ?
		    c->detect(in->data, in->len) : 0;

		if (s > best_score) {
			best = c;
			best_score = s;
		}
		/* Certain (a flash dump's bootloader and table, an esp_secure_cert
		 * with a good CRC): the detectors after it are not asked, so a big
		 * dump is not searched whole for a file system it cannot be. */
		if (best_score >= DETECT_CERTAIN)
			return best;
		n += (size_t)snprintf(tried + n, n < sizeof(tried) ? sizeof(tried) - n : 0,
		    "%s%s", i ? ", " : "", c->kind);
		if (n >= sizeof(tried))
			n = sizeof(tried) - 1;
	}
	if (best == NULL)
		err_set(err, in->path, ERR_NO_OFFSET,
		    "%s; not recognised as any input kind (tried: %s); use --kind to force one",
		    in->len ? "unknown content" : "empty file", tried);
	return best;
}
