/* checks/nvs.c and checks/identity.c as the flash-dump collector calls them:
 * nvs_keys states, damaged partitions kept as facts (never errors), list
 * facts gathering several partitions with their input index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checks/identity.h"
#include "checks/nvs.h"
#include "checks/secrets.h"
#include "checks/secure_cert.h"
#include "formats/esp_crc32.h"

static json_t *
list(struct facts *f, const char *name)
{
	json_t *rec = fact_record(f, name);

	assert_non_null(rec);
	return json_object_get(rec, "value");
}

static const char *
item_str(json_t *l, size_t i, const char *field)
{
	return json_string_value(json_object_get(json_array_get(l, i), field));
}

static void
test_nvs_keys_states(void **state)
{
	struct facts *f = facts_new();
	uint8_t part[4096], rnd[4096];
	struct fw_err err;
	uint32_t crc;
	int in;
	json_t *l;

	(void)state;
	in = facts_add_input(f, "flash.bin", "esp-flash", part, 0);
	memset(part, 0xFF, sizeof(part));
	for (int i = 0; i < 64; i++)
		part[i] = (uint8_t)(i * 7 + 1);
	crc = esp_crc32_idf(part, 64);
	for (int i = 0; i < 4; i++)
		part[64 + i] = (uint8_t)(crc >> (8 * i));
	for (size_t i = 0; i < sizeof(rnd); i++)
		rnd[i] = (uint8_t)(i * 131 + (i >> 3));
	assert_int_equal(nvs_keys_partition_facts(f, in, "nvs_keys", part, sizeof(part), 0x12000, &err), 0);
	memset(part, 0xFF, sizeof(part));
	assert_int_equal(nvs_keys_partition_facts(f, in, "nvs_keys", part, sizeof(part), 0x13000, &err), 0);
	assert_int_equal(nvs_keys_partition_facts(f, in, "nvs_keys", rnd, sizeof(rnd), 0x14000, &err), 0);
	assert_int_equal(nvs_keys_partition_facts(f, in, "nvs_keys", rnd, 40, 0x15000, &err), 0);
	l = list(f, "nvs.keys_partitions");
	assert_int_equal(json_array_size(l), 4);
	assert_string_equal(item_str(l, 0, "state"), "plaintext");
	assert_true(json_is_true(json_object_get(json_array_get(l, 0), "readable")));
	assert_string_equal(item_str(l, 1, "state"), "erased");
	assert_string_equal(item_str(l, 2, "state"), "unreadable");
	assert_string_equal(item_str(l, 3, "state"), "truncated");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 2), "offset")), 0x14000);
	facts_free(f);
}

static void
test_short_partition_is_a_fact(void **state)
{
	struct facts *f = facts_new();
	uint8_t part[100];
	struct fw_err err;
	json_t *l;
	int in;

	(void)state;
	memset(part, 0xFF, sizeof(part));
	in = facts_add_input(f, "dump.bin", "esp-flash", part, sizeof(part));
	assert_int_equal(nvs_partition_facts(f, in, "nvs", part, sizeof(part), 0x9000, &err), 0);
	l = list(f, "nvs.partitions");
	assert_int_equal(json_array_size(l), 1);
	assert_true(json_is_false(json_object_get(json_array_get(l, 0), "decoded")));
	assert_string_equal(item_str(l, 0, "error"), "dump.bin: offset 0x9000: NVS partition "
	    "of 100 bytes is shorter than one 4096-byte page");
	assert_int_equal(json_array_size(f->warnings), 1);
	facts_free(f);
}

static void
test_two_inputs_share_lists(void **state)
{
	struct facts *f = facts_new();
	uint8_t part[8192];
	struct fw_err err;
	json_t *l;
	int a, b;

	(void)state;
	memset(part, 0xFF, sizeof(part));
	a = facts_add_input(f, "a.bin", "esp-flash", part, sizeof(part));
	b = facts_add_input(f, "b.bin", "esp-flash", part, sizeof(part));
	assert_int_equal(nvs_partition_facts(f, a, "nvs", part, sizeof(part), 0x9000, &err), 0);
	assert_int_equal(nvs_partition_facts(f, b, "nvs", part, sizeof(part), 0x9000, &err), 0);
	/* An erased esp_secure_cert (no TLV) goes through the NVS decoder. */
	assert_int_equal(secure_cert_partition_facts(f, b, "esp_secure_cert", part,
	    sizeof(part), 0xD000, &err), 0);
	l = list(f, "nvs.partitions");
	assert_int_equal(json_array_size(l), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0), "input")), a);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 1), "input")), b);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0), "pages_empty")), 2);
	assert_string_equal(item_str(list(f, "identity.partitions"), 0, "format"), "nvs");
	assert_int_equal(json_array_size(list(f, "nvs.credentials")), 0);
	assert_int_equal(json_array_size(list(f, "identity.certificates")), 0);
	/* Only b was searched for identity (its esp_secure_cert partition);
	 * searching a again adds one item, searching b again none. */
	assert_int_equal(json_array_size(list(f, "identity.examined")), 1);
	assert_int_equal(identity_searched(f, a), 0);
	assert_int_equal(identity_searched(f, b), 0);
	l = list(f, "identity.examined");
	assert_int_equal(json_array_size(l), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 0), "input")), b);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(l, 1), "device_certificates")), 0);
	facts_free(f);
}

static void
test_secret_masking(void **state)
{
	const uint8_t bin[4] = { 0x00, 0x9f, 0xff, 0x10 };
	char m[32], *dump;
	json_t *it;

	(void)state;
	secret_mask((const uint8_t *)"hunter22", 8, m, sizeof(m));
	assert_string_equal(m, "h***");
	secret_mask(bin, sizeof(bin), m, sizeof(m));
	assert_string_equal(m, "<4 bytes>");
	secret_mask((const uint8_t *)"", 0, m, sizeof(m));
	assert_string_equal(m, "<0 bytes>");
	it = secret_item(3, "nvs", "app", "mqtt_pass", "password",
	    (const uint8_t *)"acme1234", 8, 0x9100);
	assert_string_equal(json_string_value(json_object_get(it, "name")), "app:mqtt_pass");
	assert_string_equal(json_string_value(json_object_get(it, "masked")), "a***");
	/* printf acme1234 | sha256sum */
	assert_string_equal(json_string_value(json_object_get(it, "sha256")),
	    "d8330dbff28d23049d8c4359dfabcddf5e0d5ca58d757c095b72dde5f7c291d0");
	assert_int_equal(json_integer_value(json_object_get(it, "offset")), 0x9100);
	assert_int_equal(json_integer_value(json_object_get(it, "input")), 3);
	dump = json_dumps(it, 0);
	assert_non_null(dump);
	assert_null(strstr(dump, "acme1234"));
	free(dump);
	json_decref(it);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nvs_keys_states),
		cmocka_unit_test(test_short_partition_is_a_fact),
		cmocka_unit_test(test_two_inputs_share_lists),
		cmocka_unit_test(test_secret_masking),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
