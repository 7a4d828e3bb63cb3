/* The inventory view (reports/inventory.c): inputs with chip and digest,
 * images with versions and signature keys against the eFuse slots, SSIDs
 * masked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "reports/inventory.h"

static const char *report_text =
"{\"inputs\": [{\"id\": 0, \"kind\": \"efuse-json\", \"path\": \"efuse.json\", \"sha256\": \"aa\", \"size\": 10},"
"  {\"id\": 1, \"kind\": \"esp-flash\", \"path\": \"flash.bin\", \"sha256\": \"bb\", \"size\": 4194304},"
"  {\"id\": 2, \"kind\": \"serial\", \"live\": \"serial:/dev/ttyUSB0\"}],"
" \"facts\": {"
"  \"inputs.device_claims\": {\"input\": 0, \"value\": [{\"input\": 1, \"what\": \"flash size\", \"value\": \"4MB\"},"
"    {\"input\": 1, \"what\": \"chip\", \"value\": \"esp32s3\"}]},"
"  \"efuse.secure_boot.digests\": {\"input\": 0, \"value\": [{\"slot\": 0, \"block\": \"BLOCK_KEY0\", \"digest\": \"d0\", \"revoked\": false},"
"    {\"slot\": 1, \"block\": \"BLOCK_KEY1\", \"digest\": \"d1\", \"revoked\": true}]},"
"  \"esp.secure_boot.signatures\": {\"input\": 1, \"value\": [{\"input\": 1, \"image_offset\": 65536, \"block\": 0,"
"    \"in_efuse\": true, \"efuse_slot\": 0, \"efuse_block\": \"BLOCK_KEY0\", \"revoked\": false}]},"
"  \"esp.images\": {\"input\": 1, \"value\": ["
"    {\"input\": 1, \"label\": \"bootloader\", \"role\": \"bootloader\", \"offset\": 0, \"parsed\": true,"
"     \"secure_version\": 0, \"bootloader_desc\": {\"idf_version\": \"v5.5.1\"}, \"signature_blocks\": []},"
"    {\"input\": 1, \"label\": \"ota_0\", \"role\": \"app\", \"offset\": 65536, \"parsed\": true, \"hash\": \"hh\","
"     \"hash_valid\": true, \"secure_version\": 2, \"app\": {\"project\": \"acme\", \"version\": \"1.4.2\","
"     \"idf_version\": \"v5.5.1\"}, \"signature_blocks\": [{\"index\": 0, \"scheme\": \"RSA-3072\","
"     \"key_digest\": \"d0\", \"valid\": true}, {\"index\": 1, \"scheme\": \"RSA-3072\", \"key_digest\": \"d1\","
"     \"valid\": true}, {\"index\": 2, \"scheme\": \"ECDSA-P256\", \"key_digest\": \"zz\", \"valid\": false}]}]},"
"  \"nvs.credentials\": {\"input\": 1, \"value\": [{\"kind\": \"wifi_ssid\", \"name\": \"nvs.net80211:sta.ssid\","
"    \"masked\": \"A***\"}, {\"kind\": \"wifi_password\", \"name\": \"nvs.net80211:sta.pswd\", \"masked\": \"S***\"}]}"
" }}";

static void
test_inventory(void **state)
{
	json_t *report = json_loads(report_text, 0, NULL);
	struct inventory inv;
	const struct inv_image *im;

	(void)state;
	assert_non_null(report);
	assert_int_equal(inventory_build(report, &inv), 0);
	assert_int_equal(inv.ninputs, 3);
	assert_string_equal(inv.inputs[1].chip, "esp32s3");
	assert_string_equal(inv.inputs[0].chip, "");
	assert_string_equal(inv.inputs[1].sha256, "bb");
	assert_string_equal(inv.inputs[2].name, "serial:/dev/ttyUSB0");
	assert_int_equal(inv.inputs[2].size, -1);
	assert_int_equal(inv.nimages, 2);
	assert_string_equal(inv.images[0].idf_version, "v5.5.1");
	assert_string_equal(inv.images[0].version, "");
	im = &inv.images[1];
	assert_string_equal(im->project, "acme");
	assert_string_equal(im->version, "1.4.2");
	assert_int_equal(im->secure_version, 2);
	assert_int_equal(im->offset, 65536);
	assert_int_equal(im->nsignatures, 3);
	/* The collector's match first; else the digests read; else none. */
	assert_string_equal(im->signatures[0].status, "burned in eFuse slot 0 (BLOCK_KEY0)");
	assert_string_equal(im->signatures[1].status, "revoked: eFuse slot 1 (BLOCK_KEY1)");
	assert_string_equal(im->signatures[2].status, "not in the eFuse digest slots");
	assert_false(im->signatures[2].valid);
	/* SSIDs only, masked; the password is a finding, not inventory. */
	assert_int_equal(inv.nssids, 1);
	assert_string_equal(inv.ssids[0].masked, "A***");
	inventory_free(&inv);
	json_object_del(json_object_get(report, "facts"), "efuse.secure_boot.digests");
	json_object_del(json_object_get(report, "facts"), "esp.secure_boot.signatures");
	assert_int_equal(inventory_build(report, &inv), 0);
	assert_string_equal(inv.images[1].signatures[0].status, "no eFuse digests read");
	inventory_free(&inv);
	json_decref(report);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inventory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
