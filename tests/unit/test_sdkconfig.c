#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/input.h"
#include "formats/sdkconfig.h"

extern const struct collector collector_sdkconfig;

static const char *full =
"#\n"
"# Automatically generated file. DO NOT EDIT.\n"
"# Espressif IoT Development Framework (ESP-IDF) 5.5.1 Project Configuration\n"
"#\n"
"CONFIG_IDF_TARGET=\"esp32c3\"\n"
"CONFIG_SECURE_BOOT=y\n"
"CONFIG_SECURE_BOOT_V2_ENABLED=y\n"
"CONFIG_SECURE_SIGNED_APPS_RSA_SCHEME=y\n"
"CONFIG_SECURE_BOOT_SIGNING_KEY=\"keys/a \\\"b\\\".pem\"\n"
"# CONFIG_SECURE_FLASH_ENC_ENABLED is not set\n"
"CONFIG_LOG_DEFAULT_LEVEL=3\n"
"CONFIG_PARTITION_TABLE_OFFSET=0x8000\n"
"CONFIG_NVS_SEC_HMAC_EFUSE_KEY_ID=-1\n"
"\n"
"# Deprecated options for backward compatibility\n"
"CONFIG_FLASH_ENCRYPTION_ENABLED=y\n"
"CONFIG_OTA_ALLOW_HTTP=y\n"
"# End of deprecated options\n";

static void
test_parse_types(void **state)
{
	struct sdkconfig c;
	struct fw_err err;
	const struct sdk_option *o;

	assert_int_equal(sdkconfig_parse((const uint8_t *)full, strlen(full), "s", &c, &err), 0);
	assert_string_equal(c.idf_version, "5.5.1");
	assert_true(c.generated);
	assert_false(c.minimal);
	o = sdkconfig_get(&c, "CONFIG_SECURE_BOOT_SIGNING_KEY");
	assert_int_equal(o->type, SDK_STRING);
	assert_string_equal(o->s, "keys/a \"b\".pem");
	o = sdkconfig_get(&c, "CONFIG_SECURE_FLASH_ENC_ENABLED");
	assert_int_equal(o->type, SDK_BOOL);
	assert_false(o->b);
	assert_int_equal(o->line, 10);
	assert_int_equal(sdkconfig_get(&c, "CONFIG_PARTITION_TABLE_OFFSET")->i, 0x8000);
	assert_int_equal(sdkconfig_get(&c, "CONFIG_NVS_SEC_HMAC_EFUSE_KEY_ID")->i, -1);
	assert_true(sdkconfig_get(&c, "CONFIG_FLASH_ENCRYPTION_ENABLED")->deprecated);
	sdkconfig_free(&c);
}

static struct facts *
collect(const char *text)
{
	struct facts *f = facts_new();
	struct input in = { .path = "sdkconfig", .data = (const uint8_t *)text,
	    .len = strlen(text) };
	struct fw_err err;

	in.index = facts_add_input(f, in.path, "sdkconfig", text, in.len);
	assert_int_equal(collector_sdkconfig.collect(f, &in, &err), 0);
	return f;
}

static void
test_normalised_facts(void **state)
{
	struct facts *f = collect(full);
	json_t *rec;

	assert_true(json_is_true(fact_lookup(f, "sdkconfig.secure_boot.enabled", NULL)));
	assert_string_equal(json_string_value(fact_lookup(f, "sdkconfig.secure_boot.version", NULL)), "v2");
	assert_string_equal(json_string_value(fact_lookup(f, "sdkconfig.secure_boot.scheme", NULL)), "rsa");
	/* the new name (not set, line 10) wins over the deprecated old name */
	assert_true(json_is_false(fact_lookup(f, "sdkconfig.flash_encryption.enabled", &rec)));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(rec, "loc"), "line")), 10);
	/* only the old name present: it is folded into the fact */
	assert_true(json_is_true(fact_lookup(f, "sdkconfig.ota.allow_http", NULL)));
	/* absent in a full config: off */
	assert_true(json_is_false(fact_lookup(f, "sdkconfig.nvs_encryption.enabled", NULL)));
	assert_string_equal(json_string_value(fact_lookup(f, "sdkconfig.download_mode", NULL)), "enabled");
	assert_int_equal(json_integer_value(fact_lookup(f, "sdkconfig.log.level", NULL)), 3);
	assert_string_equal(json_string_value(fact_lookup(f, "sdkconfig.target", NULL)), "esp32c3");
	facts_free(f);
}

static void
test_minimal_config_proves_nothing_by_absence(void **state)
{
	struct facts *f = collect("# This file was generated using idf.py save-defconfig. It can be edited manually.\n"
	    "CONFIG_SECURE_BOOT=y\n");

	assert_true(json_is_true(fact_lookup(f, "sdkconfig.secure_boot.enabled", NULL)));
	assert_null(fact_lookup(f, "sdkconfig.nvs_encryption.enabled", NULL));
	assert_int_equal(json_array_size(f->warnings), 1);
	facts_free(f);
}

/* A generated file cut inside a menu (or a line) is not a whole one:
 * what it does not list stays unknown; closed menus make it whole again. */
static void
test_cut_config_proves_nothing_by_absence(void **state)
{
	static const char *head = "#\n# Automatically generated file. DO NOT EDIT.\n"
	    "# Espressif IoT Development Framework (ESP-IDF) 5.5.1 Project Configuration\n"
	    "#\n\n#\n# Security features\n#\nCONFIG_SECURE_BOOT=y\n";
	char whole[512];
	struct sdkconfig c;
	struct fw_err err;
	struct facts *f;

	assert_int_equal(sdkconfig_parse((const uint8_t *)head, strlen(head), "s", &c, &err), 0);
	assert_true(c.generated);
	assert_false(c.complete);
	sdkconfig_free(&c);
	f = collect(head);
	assert_null(fact_lookup(f, "sdkconfig.nvs_encryption.enabled", NULL));
	assert_int_equal(json_array_size(f->warnings), 1);
	facts_free(f);

	snprintf(whole, sizeof(whole), "%s# end of Security features\n", head);
	f = collect(whole);
	assert_true(json_is_false(fact_lookup(f, "sdkconfig.nvs_encryption.enabled", NULL)));
	assert_int_equal(json_array_size(f->warnings), 0);
	facts_free(f);
	/* a last line without its newline: cut inside it */
	whole[strlen(whole) - 1] = '\0';
	f = collect(whole);
	assert_null(fact_lookup(f, "sdkconfig.nvs_encryption.enabled", NULL));
	facts_free(f);
}

static void
expect_error(const char *text, size_t len, const char *want)
{
	struct sdkconfig c;
	struct fw_err err = { .msg = "" };

	assert_int_equal(sdkconfig_parse((const uint8_t *)text, len, "in", &c, &err), -1);
	if (strstr(err.msg, want) == NULL)
		fail_msg("'%s' lacks '%s'", err.msg, want);
}

static void
test_hostile_input(void **state)
{
	const char bin[] = "CONFIG_A=y\n\x7f" "ELF\x01\x02\x00\x00junk";

	expect_error(bin, sizeof(bin) - 1, "control byte 0x01");
	expect_error("CONFIG_A=y\nhello world\n", 23, "in: offset 0xb: line 2: expected CONFIG_NAME=value");
	expect_error("CONFIG_A=maybe\n", 15, "line 1: value of CONFIG_A");
	expect_error("CONFIG_A=\"unterminated\n", 23, "value of CONFIG_A");
	expect_error("# just a comment\n", 17, "no CONFIG_ options");
	expect_error("CONFIG_A=99999999999999999999999\n", 33, "value of CONFIG_A");
}

static void
test_detect(void **state)
{
	assert_int_equal(sdkconfig_detect((const uint8_t *)full, strlen(full)), 95);
	assert_int_equal(sdkconfig_detect((const uint8_t *)"CONFIG_X=y\n", 11), 60);
	assert_int_equal(sdkconfig_detect((const uint8_t *)"{\"a\": 1}", 8), 0);
	assert_int_equal(sdkconfig_detect((const uint8_t *)"CONFIG_X=y\0", 11), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_types),
		cmocka_unit_test(test_normalised_facts),
		cmocka_unit_test(test_minimal_config_proves_nothing_by_absence),
		cmocka_unit_test(test_cut_config_proves_nothing_by_absence),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
