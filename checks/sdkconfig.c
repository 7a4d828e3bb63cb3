/* sdkconfig -> facts: every option as sdkconfig.CONFIG_X (with its line),
 * and normalised security facts (sdkconfig.secure_boot.enabled, ...) that
 * fold old names into new ones and read an absent option in a full
 * configuration as "off" (its dependency is not met). */
#include <stdio.h>
#include <string.h>

#include "checks/claims.h"
#include "core/input.h"
#include "formats/sdkconfig.h"

#define MAX_NAMES 6

/* A bool fact: true when any listed option is y (first = current name). */
struct sdk_bool {
	const char *fact;
	const char *names[MAX_NAMES];
};

/* A choice fact: the value of the first member that is y. */
struct sdk_choice {
	const char *fact;
	const char *when_none;	/* value when no member is set (full configs); NULL: omit */
	struct { const char *name; const char *value; } members[8];
};

/* An int or string fact from the first option present. */
struct sdk_scalar {
	const char *fact;
	const char *names[MAX_NAMES];
};

static const struct sdk_bool bools[] = {
	{ "sdkconfig.secure_boot.enabled", { "CONFIG_SECURE_BOOT", "CONFIG_SECURE_BOOT_ENABLED" } },
	{ "sdkconfig.secure_boot.insecure_options", { "CONFIG_SECURE_BOOT_INSECURE" } },
	{ "sdkconfig.secure_boot.allow_jtag", { "CONFIG_SECURE_BOOT_ALLOW_JTAG" } },
	{ "sdkconfig.secure_boot.allow_rom_basic", { "CONFIG_SECURE_BOOT_ALLOW_ROM_BASIC" } },
	{ "sdkconfig.secure_boot.allow_unused_digest_slots", { "CONFIG_SECURE_BOOT_ALLOW_UNUSED_DIGEST_SLOTS" } },
	{ "sdkconfig.secure_boot.allow_short_app_partition", { "CONFIG_SECURE_BOOT_ALLOW_SHORT_APP_PARTITION" } },
	{ "sdkconfig.secure_boot.allow_efuse_rd_dis", { "CONFIG_SECURE_BOOT_V2_ALLOW_EFUSE_RD_DIS" } },
	{ "sdkconfig.secure_boot.aggressive_revoke", { "CONFIG_SECURE_BOOT_ENABLE_AGGRESSIVE_KEY_REVOKE" } },
	{ "sdkconfig.secure_boot.build_signed", { "CONFIG_SECURE_BOOT_BUILD_SIGNED_BINARIES" } },
	{ "sdkconfig.signed_apps.enabled", { "CONFIG_SECURE_SIGNED_APPS", "CONFIG_SECURE_SIGNED_APPS_NO_SECURE_BOOT" } },
	{ "sdkconfig.signed_apps.on_update", { "CONFIG_SECURE_SIGNED_ON_UPDATE", "CONFIG_SECURE_SIGNED_ON_UPDATE_NO_SECURE_BOOT" } },
	{ "sdkconfig.signed_apps.on_boot", { "CONFIG_SECURE_SIGNED_ON_BOOT", "CONFIG_SECURE_SIGNED_ON_BOOT_NO_SECURE_BOOT" } },
	{ "sdkconfig.bootloader.skip_validate", { "CONFIG_BOOTLOADER_SKIP_VALIDATE_IN_DEEP_SLEEP",
	    "CONFIG_BOOTLOADER_SKIP_VALIDATE_ON_POWER_ON", "CONFIG_BOOTLOADER_SKIP_VALIDATE_ALWAYS" } },
	{ "sdkconfig.bootloader.app_test", { "CONFIG_BOOTLOADER_APP_TEST" } },
	{ "sdkconfig.bootloader.factory_reset", { "CONFIG_BOOTLOADER_FACTORY_RESET" } },
	{ "sdkconfig.flash_encryption.enabled", { "CONFIG_SECURE_FLASH_ENC_ENABLED", "CONFIG_FLASH_ENCRYPTION_ENABLED" } },
	{ "sdkconfig.flash_encryption.uart_allow_encrypt", { "CONFIG_SECURE_FLASH_UART_BOOTLOADER_ALLOW_ENC",
	    "CONFIG_FLASH_ENCRYPTION_UART_BOOTLOADER_ALLOW_ENCRYPT" } },
	{ "sdkconfig.flash_encryption.uart_allow_decrypt", { "CONFIG_SECURE_FLASH_UART_BOOTLOADER_ALLOW_DEC",
	    "CONFIG_FLASH_ENCRYPTION_UART_BOOTLOADER_ALLOW_DECRYPT" } },
	{ "sdkconfig.flash_encryption.uart_allow_cache", { "CONFIG_SECURE_FLASH_UART_BOOTLOADER_ALLOW_CACHE",
	    "CONFIG_FLASH_ENCRYPTION_UART_BOOTLOADER_ALLOW_CACHE" } },
	{ "sdkconfig.flash_encryption.check_in_app", { "CONFIG_SECURE_FLASH_CHECK_ENC_EN_IN_APP" } },
	{ "sdkconfig.app_rollback.enabled", { "CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE", "CONFIG_APP_ROLLBACK_ENABLE" } },
	{ "sdkconfig.anti_rollback.enabled", { "CONFIG_BOOTLOADER_APP_ANTI_ROLLBACK", "CONFIG_APP_ANTI_ROLLBACK" } },
	{ "sdkconfig.anti_rollback.emulated", { "CONFIG_BOOTLOADER_EFUSE_SECURE_VERSION_EMULATE",
	    "CONFIG_EFUSE_SECURE_VERSION_EMULATE" } },
	{ "sdkconfig.nvs_encryption.enabled", { "CONFIG_NVS_ENCRYPTION" } },
	{ "sdkconfig.ota.allow_http", { "CONFIG_ESP_HTTPS_OTA_ALLOW_HTTP", "CONFIG_OTA_ALLOW_HTTP" } },
	{ "sdkconfig.tls.skip_server_verify", { "CONFIG_ESP_TLS_SKIP_SERVER_CERT_VERIFY" } },
	{ "sdkconfig.tls.insecure", { "CONFIG_ESP_TLS_INSECURE" } },
	{ "sdkconfig.tls.legacy_protocols", { "CONFIG_MBEDTLS_SSL_PROTO_SSL3", "CONFIG_MBEDTLS_SSL_PROTO_TLS1",
	    "CONFIG_MBEDTLS_SSL_PROTO_TLS1_1" } },
	{ "sdkconfig.tls.cert_bundle", { "CONFIG_MBEDTLS_CERTIFICATE_BUNDLE" } },
	{ "sdkconfig.debug.ocd_aware", { "CONFIG_ESP_DEBUG_OCDAWARE", "CONFIG_ESP32_DEBUG_OCDAWARE",
	    "CONFIG_ESP32S2_DEBUG_OCDAWARE", "CONFIG_ESP32S3_DEBUG_OCDAWARE", "CONFIG_ESP32C3_DEBUG_OCDAWARE" } },
	{ "sdkconfig.debug.gdbstub_on_panic", { "CONFIG_ESP_SYSTEM_PANIC_GDBSTUB", "CONFIG_ESP32_PANIC_GDBSTUB",
	    "CONFIG_ESP32S2_PANIC_GDBSTUB" } },
	{ "sdkconfig.debug.gdbstub_runtime", { "CONFIG_ESP_SYSTEM_GDBSTUB_RUNTIME" } },
	{ "sdkconfig.debug.app_trace", { "CONFIG_APPTRACE_ENABLE", "CONFIG_ESP32_APPTRACE_ENABLE",
	    "CONFIG_ESP_TRACE_TRANSPORT_APPTRACE" } },
	{ "sdkconfig.debug.stubs", { "CONFIG_ESP_DEBUG_STUBS_ENABLE", "CONFIG_ESP32_DEBUG_STUBS_ENABLE" } },
	{ "sdkconfig.memprot.enabled", { "CONFIG_ESP_SYSTEM_MEMPROT", "CONFIG_ESP_SYSTEM_MEMPROT_FEATURE",
	    "CONFIG_ESP32S2_MEMPROT_FEATURE", "CONFIG_ESP32C3_MEMPROT_FEATURE" } },
	{ "sdkconfig.rom_basic_disabled", { "CONFIG_ESP32_DISABLE_BASIC_ROM_CONSOLE", "CONFIG_DISABLE_BASIC_ROM_CONSOLE" } },
	{ "sdkconfig.efuse_virtual", { "CONFIG_EFUSE_VIRTUAL" } },
	{ "sdkconfig.usb_serial_jtag.enabled", { "CONFIG_USJ_ENABLE_USB_SERIAL_JTAG" } },
};

static const struct sdk_choice choices[] = {
	{ "sdkconfig.secure_boot.version", "none", {
	    { "CONFIG_SECURE_BOOT_V2_ENABLED", "v2" }, { "CONFIG_SECURE_BOOT_V1_ENABLED", "v1" },
	    { "CONFIG_SECURE_BOOT_ENABLED", "v1" } } },
	{ "sdkconfig.secure_boot.scheme", "none", {
	    { "CONFIG_SECURE_SIGNED_APPS_RSA_SCHEME", "rsa" },
	    { "CONFIG_SECURE_SIGNED_APPS_ECDSA_V2_SCHEME", "ecdsa_v2" },
	    { "CONFIG_SECURE_SIGNED_APPS_ECDSA_SCHEME", "ecdsa_v1" } } },
	{ "sdkconfig.secure_boot.ecdsa_curve", NULL, {
	    { "CONFIG_SECURE_BOOT_ECDSA_KEY_LEN_192_BITS", "P-192" },
	    { "CONFIG_SECURE_BOOT_ECDSA_KEY_LEN_256_BITS", "P-256" },
	    { "CONFIG_SECURE_BOOT_ECDSA_KEY_LEN_384_BITS", "P-384" } } },
	{ "sdkconfig.secure_boot.v1_mode", NULL, {
	    { "CONFIG_SECURE_BOOTLOADER_ONE_TIME_FLASH", "one_time_flash" },
	    { "CONFIG_SECURE_BOOTLOADER_REFLASHABLE", "reflashable" } } },
	{ "sdkconfig.flash_encryption.mode", "none", {
	    { "CONFIG_SECURE_FLASH_ENCRYPTION_MODE_RELEASE", "release" },
	    { "CONFIG_SECURE_FLASH_ENCRYPTION_MODE_DEVELOPMENT", "development" },
	    { "CONFIG_FLASH_ENCRYPTION_INSECURE", "development" } } },
	{ "sdkconfig.flash_encryption.key_size", NULL, {
	    { "CONFIG_SECURE_FLASH_ENCRYPTION_AES256", "aes256" },
	    { "CONFIG_SECURE_FLASH_ENCRYPTION_AES128", "aes128" },
	    { "CONFIG_SECURE_FLASH_ENCRYPTION_AES128_DERIVED", "aes128_derived" } } },
	/* Without SB V2 or FE the choice is absent and download mode stays on. */
	{ "sdkconfig.download_mode", "enabled", {
	    { "CONFIG_SECURE_DISABLE_ROM_DL_MODE", "disabled" },
	    { "CONFIG_SECURE_ENABLE_SECURE_ROM_DL_MODE", "secure" },
	    { "CONFIG_SECURE_INSECURE_ALLOW_DL_MODE", "enabled" } } },
	{ "sdkconfig.nvs_encryption.key_protection", NULL, {
	    { "CONFIG_NVS_SEC_KEY_PROTECT_USING_FLASH_ENC", "flash_encryption" },
	    { "CONFIG_NVS_SEC_KEY_PROTECT_USING_HMAC", "hmac" },
	    { "CONFIG_NVS_SEC_KEY_PROTECT_NONE", "none" } } },
	{ "sdkconfig.console", NULL, {
	    { "CONFIG_ESP_CONSOLE_NONE", "none" }, { "CONFIG_ESP_CONSOLE_UART_NONE", "none" },
	    { "CONFIG_CONSOLE_UART_NONE", "none" },
	    { "CONFIG_ESP_CONSOLE_USB_SERIAL_JTAG", "usb_serial_jtag" },
	    { "CONFIG_ESP_CONSOLE_USB_CDC", "usb_cdc" },
	    { "CONFIG_ESP_CONSOLE_UART_DEFAULT", "uart" }, { "CONFIG_ESP_CONSOLE_UART_CUSTOM", "uart" },
	    { "CONFIG_CONSOLE_UART_DEFAULT", "uart" } } },
	{ "sdkconfig.compiler.optimization", NULL, {
	    { "CONFIG_COMPILER_OPTIMIZATION_DEBUG", "debug" },
	    { "CONFIG_COMPILER_OPTIMIZATION_LEVEL_DEBUG", "debug" },
	    { "CONFIG_COMPILER_OPTIMIZATION_DEFAULT", "debug" },
	    { "CONFIG_COMPILER_OPTIMIZATION_SIZE", "size" },
	    { "CONFIG_COMPILER_OPTIMIZATION_LEVEL_RELEASE", "size" },
	    { "CONFIG_COMPILER_OPTIMIZATION_PERF", "perf" },
	    { "CONFIG_COMPILER_OPTIMIZATION_NONE", "none" } } },
	{ "sdkconfig.compiler.stack_check", NULL, {
	    { "CONFIG_COMPILER_STACK_CHECK_MODE_NONE", "none" },
	    { "CONFIG_COMPILER_STACK_CHECK_MODE_NORM", "norm" },
	    { "CONFIG_COMPILER_STACK_CHECK_MODE_STRONG", "strong" },
	    { "CONFIG_COMPILER_STACK_CHECK_MODE_ALL", "all" },
	    { "CONFIG_STACK_CHECK_NONE", "none" }, { "CONFIG_STACK_CHECK_NORM", "norm" },
	    { "CONFIG_STACK_CHECK_STRONG", "strong" }, { "CONFIG_STACK_CHECK_ALL", "all" } } },
};

static const struct sdk_scalar scalars[] = {
	{ "sdkconfig.target", { "CONFIG_IDF_TARGET" } },
	{ "sdkconfig.log.level", { "CONFIG_LOG_DEFAULT_LEVEL" } },
	{ "sdkconfig.log.max_level", { "CONFIG_LOG_MAXIMUM_LEVEL" } },
	{ "sdkconfig.bootloader.log_level", { "CONFIG_BOOTLOADER_LOG_LEVEL", "CONFIG_LOG_BOOTLOADER_LEVEL" } },
	{ "sdkconfig.anti_rollback.secure_version", { "CONFIG_BOOTLOADER_APP_SECURE_VERSION", "CONFIG_APP_SECURE_VERSION" } },
	{ "sdkconfig.secure_boot.signing_key", { "CONFIG_SECURE_BOOT_SIGNING_KEY" } },
	{ "sdkconfig.nvs_encryption.hmac_key_id", { "CONFIG_NVS_SEC_HMAC_EFUSE_KEY_ID" } },
	{ "sdkconfig.partition_table.offset", { "CONFIG_PARTITION_TABLE_OFFSET" } },
	{ "sdkconfig.partition_table.filename", { "CONFIG_PARTITION_TABLE_FILENAME" } },
};

static const struct sdk_option *
first_of(const struct sdkconfig *c, const char *const *names)
{
	for (int i = 0; i < MAX_NAMES && names[i] != NULL; i++) {
		const struct sdk_option *o = sdkconfig_get(c, names[i]);

		if (o != NULL)
			return o;
	}
	return NULL;
}

static json_t *
option_json(const struct sdk_option *o)
{
	switch (o->type) {
	case SDK_BOOL: return json_boolean(o->b);
	case SDK_INT: return json_integer((json_int_t)o->i);
	default: return json_string(o->s);
	}
}

/* The named bool facts: current names decide; the deprecated block's
 * copies of old names count only when no current name is written. Absent
 * from a whole configuration (full) means off. */
static void
bool_facts(struct facts *f, int idx, const struct sdkconfig *c, bool full)
{
	for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
		const struct sdk_option *on = NULL, *seen = NULL;

		for (int pass = 0; pass < 2 && seen == NULL; pass++) {
			for (int k = 0; k < MAX_NAMES && bools[i].names[k] != NULL; k++) {
				const struct sdk_option *o = sdkconfig_get(c, bools[i].names[k]);

				if (o == NULL || o->deprecated != (pass == 1))
					continue;
				if (seen == NULL)
					seen = o;
				if (o->type == SDK_BOOL && o->b && on == NULL)
					on = o;
			}
		}
		if (on != NULL)
			fact_set_bool(f, bools[i].fact, true, idx, loc_line(on->line));
		else if (seen != NULL)
			fact_set_bool(f, bools[i].fact, false, idx, loc_line(seen->line));
		else if (full)
			fact_set_bool(f, bools[i].fact, false, idx, NULL);
	}
}

/* The choice facts: the member set to y, or when_none in a whole
 * configuration that sets none. */
static void
choice_facts(struct facts *f, int idx, const struct sdkconfig *c, bool full)
{
	for (size_t i = 0; i < sizeof(choices) / sizeof(choices[0]); i++) {
		const struct sdk_choice *ch = &choices[i];
		int done = 0;

		for (int k = 0; k < 8 && ch->members[k].name != NULL && !done; k++) {
			const struct sdk_option *o = sdkconfig_get(c, ch->members[k].name);

			if (o != NULL && o->type == SDK_BOOL && o->b) {
				fact_set_str(f, ch->fact, ch->members[k].value, idx, loc_line(o->line));
				done = 1;
			}
		}
		if (!done && full && ch->when_none != NULL)
			fact_set_str(f, ch->fact, ch->when_none, idx, NULL);
	}
}

/* Why options a configuration does not list are not judged, if so. */
static void
partial_warning(struct facts *f, const struct input *in, const struct sdkconfig *c)
{
	if (c->minimal)
		facts_warn(f, "%s is a minimal configuration (save-defconfig): options it "
		    "does not list are not judged", in->path);
	else if (c->generated && !c->complete)
		facts_warn(f, "%s ends inside a menu or a line: cut short? options it does "
		    "not list are not judged; give the whole sdkconfig", in->path);
	else if (!c->generated)
		facts_warn(f, "%s lacks the header menuconfig writes (\"# Automatically "
		    "generated file. DO NOT EDIT.\"): options it does not list are not judged; "
		    "give the build's sdkconfig", in->path);
}

static int
sdkconfig_facts(struct facts *f, const struct input *in, const struct sdkconfig *c)
{
	char name[256];
	int idx = in->index;
	/* Absence means "off" only in a whole configuration as menuconfig
	 * writes it: a minimal one lists only non-defaults, and a file without
	 * the generated header (hand-made, an excerpt) or cut short may leave
	 * anything out. */
	bool full = c->generated && c->complete && !c->minimal;

	for (size_t i = 0; i < c->n; i++) {
		const struct sdk_option *o = &c->opts[i];

		snprintf(name, sizeof(name), "sdkconfig.%s", o->name);
		if (o->deprecated && sdkconfig_get(c, o->name) != o)
			continue;
		fact_set(f, name, option_json(o), idx, loc_line(o->line));
	}
	fact_set_bool(f, "sdkconfig.minimal", c->minimal, idx, NULL);
	if (c->idf_version[0] != '\0')
		fact_set_str(f, "sdkconfig.idf_version", c->idf_version, idx, loc_line(3));
	bool_facts(f, idx, c, full);
	choice_facts(f, idx, c, full);
	for (size_t i = 0; i < sizeof(scalars) / sizeof(scalars[0]); i++) {
		const struct sdk_option *o = first_of(c, scalars[i].names);

		if (o != NULL)
			fact_set(f, scalars[i].fact, option_json(o), idx, loc_line(o->line));
	}
	{
		const struct sdk_option *t = sdkconfig_get(c, "CONFIG_IDF_TARGET");
		char where[48];

		if (t != NULL && t->type == SDK_STRING && t->s[0] != '\0') {
			snprintf(where, sizeof(where), "CONFIG_IDF_TARGET, line %u", (unsigned)t->line);
			device_claim(f, idx, "chip", t->s, where);
		}
	}
	partial_warning(f, in, c);
	return 0;
}

static int
collect_sdkconfig(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct sdkconfig c;
	int rc;

	if (sdkconfig_parse(in->data, in->len, in->path, &c, err) != 0)
		return -1;
	rc = sdkconfig_facts(f, in, &c);
	sdkconfig_free(&c);
	return rc;
}

const struct collector collector_sdkconfig = {
	.kind = "sdkconfig",
	.what = "ESP-IDF project configuration (sdkconfig)",
	.detect = sdkconfig_detect,
	.collect = collect_sdkconfig,
	.max_len = (size_t)16 << 20,
};
