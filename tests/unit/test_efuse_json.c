#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "checks/efuse.h"
#include "formats/efuse.h"

#define F(name, type, val) "\"" name "\": {\"block\": 0, \"efuse_type\": \"" type \
	"\", \"readable\": true, \"writeable\": true, \"value\": " val "}"

/* Key slots 1..5, unused: a summary lists every slot. */
#define USER_KEY(n) ",\n" F("KEY_PURPOSE_" #n, "uint:4", "\"USER\"") ",\n" \
	"\"BLOCK_KEY" #n "\": {\"block\": " #n ", \"efuse_type\": \"bytes:32\", \"readable\": true, " \
	"\"writeable\": true, \"value\": \"00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " \
	"00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\"}"
#define KEYS_1_TO_5 USER_KEY(1) USER_KEY(2) USER_KEY(3) USER_KEY(4) USER_KEY(5)

/* An ESP32-C3 in an old espefuse format: no raw_value, mapped texts only. */
static const char *c3 = "Connecting....\n{\n"
	F("ERR_RST_ENABLE", "bool", "false") ",\n"
	F("SECURE_BOOT_EN", "bool", "true") ",\n"
	F("SPI_BOOT_CRYPT_CNT", "uint:3", "\"Enable\"") ",\n"
	F("DIS_PAD_JTAG", "bool", "true") ",\n"
	F("DIS_USB_JTAG", "bool", "false") ",\n"
	F("DIS_DOWNLOAD_MODE", "bool", "false") ",\n"
	F("ENABLE_SECURITY_DOWNLOAD", "bool", "true") ",\n"
	F("DIS_USB_SERIAL_JTAG", "bool", "\"Enable\"") ",\n"
	F("SECURE_BOOT_KEY_REVOKE0", "bool", "false") ",\n"
	F("SECURE_BOOT_KEY_REVOKE1", "bool", "true") ",\n"
	F("SECURE_BOOT_KEY_REVOKE2", "bool", "true") ",\n"
	F("KEY_PURPOSE_0", "uint:4", "\"SECURE_BOOT_DIGEST0\"") ",\n"
	"\"BLOCK_KEY0\": {\"block\": 4, \"efuse_type\": \"bytes:32\", \"readable\": true, \"writeable\": false, "
	"\"value\": \"cb 27 91 a3 71 b0 c0 32 2b f7 37 04 78 ba 09 62 22 4c ab 1c f2 28 78 79 e4 29 67 3e 7d a8 44 63\"}"
	KEYS_1_TO_5 "\n}\n";

static struct facts *
facts_of(const char *text, struct fw_err *err, int *rc)
{
	struct efuse_dump d;
	struct facts *f = facts_new();
	int in = facts_add_input(f, "e.json", "efuse-json", text, strlen(text));

	*rc = efuse_json_parse((const uint8_t *)text, strlen(text), "e.json", &d, err);
	if (*rc == 0) {
		efuse_facts(f, in, &d);
		efuse_dump_free(&d);
	}
	return f;
}

static void
test_old_format_without_raw_values(void **state)
{
	struct fw_err err;
	int rc;
	struct facts *f = facts_of(c3, &err, &rc);
	json_t *dig;

	assert_int_equal(rc, 0);
	assert_string_equal(json_string_value(fact_lookup(f, "efuse.chip", NULL)), "esp32c3");
	assert_true(json_is_true(fact_lookup(f, "efuse.secure_boot.enabled", NULL)));
	assert_true(json_is_true(fact_lookup(f, "efuse.flash_encryption.enabled", NULL)));
	/* the counter's bits are unknown without raw_value: no fact, not a guess */
	assert_null(fact_lookup(f, "efuse.flash_encryption.crypt_cnt", NULL));
	/* USB JTAG still open: JTAG is not disabled even though the pads are */
	assert_true(json_is_false(fact_lookup(f, "efuse.jtag.disabled", NULL)));
	assert_string_equal(json_string_value(fact_lookup(f, "efuse.download_mode.state", NULL)), "secure");
	/* "Enable" for a DIS_ field means not disabled */
	assert_true(json_is_false(fact_lookup(f, "efuse.usb_serial_jtag.disabled", NULL)));
	dig = json_array_get(fact_lookup(f, "efuse.secure_boot.digests", NULL), 0);
	assert_string_equal(json_string_value(json_object_get(dig, "digest")),
	    "cb2791a371b0c0322bf7370478ba0962224cab1cf2287879e429673e7da84463");
	/* slot 0 holds a digest, slots 1 and 2 are revoked */
	assert_true(json_is_true(fact_lookup(f, "efuse.secure_boot.unused_slots_revoked", NULL)));
	facts_free(f);
}

static void
expect_error(const char *text, const char *want)
{
	struct fw_err err = { .msg = "" };
	int rc;
	struct facts *f = facts_of(text, &err, &rc);

	assert_int_equal(rc, -1);
	if (strstr(err.msg, want) == NULL)
		fail_msg("'%s' lacks '%s'", err.msg, want);
	facts_free(f);
}

static void
test_hostile_input(void **state)
{
	expect_error("no json here", "no JSON object");
	expect_error("{\"WR_DIS\": {\"value\": 1", "line 1");
	expect_error("{}", "expected a JSON object keyed by eFuse name");
	expect_error("{\"WR_DIS\": 5}", "eFuse WR_DIS: expected an object");
	expect_error("{\"WR_DIS\": {\"value\": 1}}", "not an eFuse summary of a known chip");
	expect_error("{\"ABS_DONE_0\": {\"value\": 1, \"raw_value\": \"12\"}}", "raw_value \"12\" is not 0x-prefixed hex");
	expect_error("{\"ABS_DONE_0\": {\"value\": -1}}", "negative value");
	expect_error("{\"ABS_DONE_0\": {\"readable\": true}}", "no \"value\"");
}

static void
test_detect(void **state)
{
	assert_int_equal(efuse_json_detect((const uint8_t *)c3, strlen(c3)), 90);
	assert_int_equal(efuse_json_detect((const uint8_t *)"CONFIG_X=y", 10), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_format_without_raw_values),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
