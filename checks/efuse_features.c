/* eFuse facts of the security features the later chips add (ESP32-C5, C61,
 * P4, H4): SHA-384 Secure Boot and the schemes the ROM will verify, the Key
 * Manager, bootloader anti-rollback, the recovery bootloader, DPA
 * protection, ECDSA P-192 lock-out and PSRAM encryption keys. Each fact is
 * set only when the dump has the field: a chip without it says nothing. */
#include "checks/efuse.h"

#include <stdio.h>
#include <string.h>

#include "formats/efuse_tables.h"
#include "formats/esp_chip.h"

struct feat {
	struct facts *f;
	int in;
	const struct efuse_dump *d;
	int failed;
};

static bool
raw_of(const struct efuse_dump *d, const char *name, uint64_t *v)
{
	const struct efuse_field *x = efuse_get(d, name);

	if (x == NULL || !x->has_raw)
		return false;
	*v = x->raw;
	return true;
}

static void
put(struct feat *e, const char *fact, json_t *v, const char *field)
{
	if (fact_set(e->f, fact, v, e->in, loc_field(field)) != 0)
		e->failed++;
}

static void
flag(struct feat *e, const char *fact, const char *field)
{
	uint64_t v;

	if (raw_of(e->d, field, &v))
		put(e, fact, json_boolean(v != 0), field);
}

static void
number(struct feat *e, const char *fact, const char *field)
{
	uint64_t v;

	if (raw_of(e->d, field, &v))
		put(e, fact, json_integer((json_int_t)v), field);
}

/* The schemes the ROM verifies now: the chip's, with ECDSA P-384 only once
 * SECURE_BOOT_SHA384_EN is burned and P-192 gone once ECDSA_DISABLE_P192 is. */
static void
schemes(struct feat *e)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ ESP_SB_RSA3072, "RSA-3072" }, { ESP_SB_ECDSA_P192, "ECDSA-P192" },
		{ ESP_SB_ECDSA_P256, "ECDSA-P256" }, { ESP_SB_ECDSA_P384, "ECDSA-P384" },
	};
	unsigned caps = esp_chip_sb_schemes(e->d->chip);
	const struct efuse_chip_def *c = efuse_dump_def(e->d);
	uint64_t v;
	json_t *list;

	flag(e, "efuse.secure_boot.sha384_enabled", "SECURE_BOOT_SHA384_EN");
	if (caps == 0)
		return;
	if (caps & ESP_SB_ECDSA_P384) {
		if (!efuse_chip_has_field(c, "SECURE_BOOT_SHA384_EN"))
			caps &= ~(unsigned)ESP_SB_ECDSA_P384;
		else if (!raw_of(e->d, "SECURE_BOOT_SHA384_EN", &v))
			return;	/* P-384 open: the list would be a guess */
		else if (v == 0)
			caps &= ~(unsigned)ESP_SB_ECDSA_P384;
	}
	if (raw_of(e->d, "ECDSA_DISABLE_P192", &v) && v != 0)
		caps &= ~(unsigned)ESP_SB_ECDSA_P192;
	else if (efuse_chip_has_field(c, "ECDSA_DISABLE_P192") && !raw_of(e->d, "ECDSA_DISABLE_P192", &v))
		return;
	if ((list = json_array()) == NULL) {
		e->failed++;
		return;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (caps & names[i].bit)
			json_array_append_new(list, json_string(names[i].name));
	put(e, "efuse.secure_boot.schemes", list, efuse_chip_has_field(c, "SECURE_BOOT_SHA384_EN") ?
	    "SECURE_BOOT_SHA384_EN (and the chip's ROM schemes, ESP-IDF soc_caps.h)" :
	    "(the chip's ROM schemes, ESP-IDF soc_caps.h)");
}

/* Bootloader anti-rollback: the eFuse version is thermometer code (each
 * burned bit one version; IDF docs/en/api-guides/bootloader.rst). */
static void
bootloader_anti_rollback(struct feat *e)
{
	static const char *const sv = "BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION";
	uint64_t v;

	flag(e, "efuse.bootloader_anti_rollback.enabled", "BOOTLOADER_ANTI_ROLLBACK_EN");
	flag(e, "efuse.bootloader_anti_rollback.update_in_rom",
	    "BOOTLOADER_ANTI_ROLLBACK_UPDATE_IN_ROM");
	if (raw_of(e->d, sv, &v))
		put(e, "efuse.bootloader_anti_rollback.secure_version",
		    json_integer(__builtin_popcountll(v)), sv);
}

/* Sector 0 and 0xFFF both mean no recovery bootloader (the field's
 * description in esptool's tables). */
static void
recovery_bootloader(struct feat *e)
{
	static const char *const name = "RECOVERY_BOOTLOADER_FLASH_SECTOR";
	uint64_t v;

	if (!raw_of(e->d, name, &v))
		return;
	put(e, "efuse.recovery_bootloader.sector", json_integer((json_int_t)v), name);
	put(e, "efuse.recovery_bootloader.enabled", json_boolean(v != 0 && v != 0xFFF), name);
	if (v != 0 && v != 0xFFF)
		put(e, "efuse.recovery_bootloader.offset", json_integer((json_int_t)v * 0x1000), name);
}

static void
key_manager(struct feat *e)
{
	number(e, "efuse.key_manager.deploy_disabled", "KM_DISABLE_DEPLOY_MODE");
	number(e, "efuse.key_manager.deploy_only_once", "KM_DEPLOY_ONLY_ONCE");
	number(e, "efuse.key_manager.force_use_key", "FORCE_USE_KEY_MANAGER_KEY");
	flag(e, "efuse.key_manager.sw_init_key_disabled", "FORCE_DISABLE_SW_INIT_KEY");
	flag(e, "efuse.key_manager.xts_key_128", "KM_XTS_KEY_LENGTH_256");
	flag(e, "efuse.key_manager.keys_locked", "LOCK_KM_KEY");
}

/* PSRAM encryption keys among the key purposes (C5: XTS_AES_128_PSRAM_KEY,
 * H4: also the 256-bit pair), when every purpose is known. */
static void
psram_keys(struct feat *e)
{
	const struct efuse_chip_def *c = efuse_dump_def(e->d);
	bool any_psram = false;
	int n = 0;

	for (size_t i = 0; c != NULL && i < c->npurposes; i++)
		any_psram |= c->purposes[i] != NULL && strstr(c->purposes[i], "PSRAM") != NULL;
	if (!any_psram)
		return;
	for (int k = 0; k < 6; k++) {
		char name[24];
		const struct efuse_field *p;
		const char *text;
		uint64_t v;

		snprintf(name, sizeof(name), "KEY_PURPOSE_%d", k);
		if ((p = efuse_get(e->d, name)) == NULL)
			return;
		text = p->text[0] != '\0' ? p->text : raw_of(e->d, name, &v) ?
		    efuse_chip_purpose(c, (unsigned)v) : NULL;
		if (text == NULL)
			return;
		n += strstr(text, "PSRAM") != NULL;
	}
	put(e, "efuse.psram_encryption.keys", json_integer(n), "KEY_PURPOSE_0..5");
}

int
efuse_feature_facts(struct facts *f, int in, const struct efuse_dump *d)
{
	struct feat e = { f, in, d, 0 };

	schemes(&e);
	bootloader_anti_rollback(&e);
	recovery_bootloader(&e);
	key_manager(&e);
	psram_keys(&e);
	number(&e, "efuse.dpa.level", "SEC_DPA_LEVEL");
	number(&e, "efuse.dpa.xts_pseudo_level", "XTS_DPA_PSEUDO_LEVEL");
	flag(&e, "efuse.ecdsa.p192_disabled", "ECDSA_DISABLE_P192");
	return e.failed > 0 ? -1 : 0;
}
