/* checks/esp_common.c: one image checked end to end (markers, signature
 * sector placement), the facts it becomes, sanitising, entropy sampling,
 * and the eFuse cross-check of checks/esp_secure_boot.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checks/esp_common.h"
#include "util/hex.h"

void esp_secure_boot_crossref(struct facts *f);

struct img {
	uint8_t b[16384];
	size_t n;
};

static void
put32(struct img *m, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		m->b[m->n++] = (uint8_t)(v >> (8 * i));
}

/* An image with one segment at addr holding text (zero-padded to len);
 * text may contain NULs (string literal: use BUILD). */
#define BUILD(m, chip, addr, lit, len) build(m, chip, addr, lit, sizeof(lit) - 1, len)
static void
build(struct img *m, uint16_t chip, uint32_t addr, const char *text, size_t tlen,
    uint32_t len)
{
	uint8_t sum = 0xEF;

	memset(m, 0, sizeof(*m));
	m->b[0] = 0xE9;
	m->b[1] = 1;
	m->b[2] = 2;
	m->b[12] = (uint8_t)chip;
	m->n = 24;
	put32(m, addr);
	put32(m, len);
	memcpy(m->b + m->n, text, tlen);
	for (uint32_t i = 0; i < len; i++)
		sum ^= m->b[m->n + i];
	m->n += len;
	while (m->n % 16 != 15)
		m->b[m->n++] = 0;
	m->b[m->n++] = sum;
}

static void
run(struct esp_image_job *j, struct img *m, enum esp_role role)
{
	memset(j, 0, sizeof(*j));
	j->input = "t.bin";
	j->data = m->b;
	j->len = m->n;
	j->role = role;
	esp_image_job_run(j);
}

static void
test_gdbstub_marker_in_app(void **state)
{
	struct img m;
	struct esp_image_job j;

	/* ESP32 DROM (0x3F400000) holds string literals. */
	BUILD(&m, 0, 0x3F400020, "xx\0\x1b[0;33mEntering gdb stub now.\r\n\0yy", 256);
	run(&j, &m, ESP_ROLE_UNKNOWN);
	assert_int_equal(j.status, 0);
	assert_int_equal(j.role, ESP_ROLE_APP);
	assert_int_equal(j.nmarkers, 1);
	assert_string_equal(j.markers[0].id, "gdbstub_on_panic");
	assert_string_equal(j.markers[0].text, "Entering gdb stub now.");
	assert_int_equal(j.markers[0].offset, 32 + 3 + 7);	/* after "xx\0" and ESC[0;33m */
}

static void
test_marker_outside_drom_ignored(void **state)
{
	struct img m;
	struct esp_image_job j;

	/* IRAM segment of an app: code, not where the string would live. */
	BUILD(&m, 0, 0x40080400, "Entering gdb stub now.", 64);
	run(&j, &m, ESP_ROLE_APP);
	assert_int_equal(j.nmarkers, 0);
}

static void
test_bootloader_insecure_markers(void **state)
{
	struct img m;
	struct esp_image_job j;

	BUILD(&m, 5, 0x3FCD6100,
	    "W (%d) %s: Not disabling JTAG - SECURITY COMPROMISED\n\0"
	    "Not disabling UART bootloader encryption\0", 160);
	run(&j, &m, ESP_ROLE_BOOTLOADER);
	assert_int_equal(j.nmarkers, 2);
	assert_string_equal(j.markers[0].id, "insecure_option");
	assert_non_null(strstr(j.markers[0].text, "Not disabling JTAG"));
	/* The same strings in an app are not bootloader warnings. */
	BUILD(&m, 5, 0x3C000020, "Not disabling JTAG - SECURITY COMPROMISED", 64);
	run(&j, &m, ESP_ROLE_APP);
	assert_int_equal(j.nmarkers, 0);
	BUILD(&m, 5, 0x3C000020, "Flash encryption mode is DEVELOPMENT (not secure)", 64);
	run(&j, &m, ESP_ROLE_APP);
	assert_int_equal(j.nmarkers, 1);
	assert_string_equal(j.markers[0].id, "flash_encryption_development");
}

static void
test_signature_sector_position(void **state)
{
	struct img m;
	struct esp_image_job j;
	uint8_t *big = malloc(3 * 4096);

	BUILD(&m, 0, 0x3FFF0000, "boot", 64);
	memset(big, 0xFF, 3 * 4096);
	memcpy(big, m.b, m.n);
	big[4096] = 0xE7;		/* a (broken) block where the sector belongs */
	memset(&j, 0, sizeof(j));
	j.input = "t.bin";
	j.data = big;
	j.len = 3 * 4096;
	j.role = ESP_ROLE_BOOTLOADER;
	esp_image_job_run(&j);
	assert_int_equal(j.sig_off, 4096);
	assert_true(j.sbv2.present);
	assert_int_equal(j.sbv2.nblocks, 1);
	assert_false(j.sbv2.blocks[0].valid);
	/* Cut before the sector: no signature, no crash. */
	j.len = 4096 + 100;
	esp_image_job_run(&j);
	assert_true(j.sbv2.present);		/* magic still there */
	j.len = 4096;
	memset(&j.sbv2, 0, sizeof(j.sbv2));
	esp_image_job_run(&j);
	assert_false(j.sbv2.present);
	free(big);
}

static void
test_job_json_and_error(void **state)
{
	struct img m;
	struct esp_image_job j;
	json_t *o;

	BUILD(&m, 9, 0x3C000020, "x", 16);
	run(&j, &m, ESP_ROLE_APP);
	o = esp_image_job_json(&j, 3);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "input")), 3);
	assert_string_equal(json_string_value(json_object_get(o, "chip")), "esp32s3");
	assert_true(json_is_true(json_object_get(o, "checksum_valid")));
	assert_true(json_is_false(json_object_get(o, "sbv2_valid")));
	assert_true(json_is_true(json_object_get(o, "parsed")));
	json_decref(o);
	m.n = 30;			/* truncated inside the segment */
	run(&j, &m, ESP_ROLE_APP);
	assert_int_equal(j.status, -1);
	o = esp_image_job_json(&j, 0);
	assert_true(json_is_false(json_object_get(o, "parsed")));
	assert_non_null(strstr(json_string_value(json_object_get(o, "error")), "t.bin: offset 0x18:"));
	json_decref(o);
}

static void
test_sanitize_and_hex(void **state)
{
	char out[64], hx[9];
	uint8_t b[4] = { 0xde, 0xad, 0x01, 0x00 };

	esp_sanitize(out, sizeof(out), "ok\x01\xff\\");
	assert_string_equal(out, "ok\\x01\\xff\\x5c");
	esp_sanitize(out, 6, "abcdefgh");
	assert_string_equal(out, "abcde");
	hex_encode(b, 4, hx);
	assert_string_equal(hx, "dead0100");
}

static void
test_entropy(void **state)
{
	uint8_t *p = malloc(8 * 4096);
	struct esp_entropy e;
	uint32_t x = 1;

	memset(p, 0xFF, 8 * 4096);
	esp_entropy_sample(p, 8 * 4096, 16, &e);
	assert_true(e.erased == 1.0 && e.bits == 0.0 && e.sampled == 8);
	for (size_t i = 0; i < 4 * 4096; i++) {
		x = x * 1664525 + 1013904223;
		p[i] = (uint8_t)(x >> 24);
	}
	esp_entropy_sample(p, 8 * 4096, 16, &e);
	assert_true(e.erased == 0.5);
	assert_true(e.bits > 7.9);
	assert_true(e.written > 4 * 4096 - 100);
	memset(p, 'A', 4096);
	esp_entropy_sample(p, 4096, 16, &e);
	assert_true(e.bits == 0.0 && e.erased == 0.0 && e.written == 4096);
	/* 32 random bytes in an erased sector: written, but too few to judge. */
	memset(p, 0xFF, 4096);
	for (int i = 0; i < 32; i++)
		p[i] = (uint8_t)(i * 37 + 11);
	esp_entropy_sample(p, 4096, 16, &e);
	assert_int_equal(e.written, 32);
	assert_true(e.erased == 0.0);
	esp_entropy_sample(p, 100, 16, &e);	/* shorter than a sector */
	assert_int_equal(e.sampled, 0);
	free(p);
}

/* Key digests against eFuse: burned, revoked, unreadable, C2 truncation,
 * and the ROM reading only block 0 on ESP32. */
static json_t *
image(int chip_id, json_t *blocks)
{
	return json_pack("{s:i, s:i, s:s, s:s, s:b, s:b, s:i, s:o}", "input", 0,
	    "offset", 0x10000, "role", "app", "label", "ota_0", "parsed", 1,
	    "sbv2_valid", 1, "sbv2_blocks_checked_by_rom", chip_id == 0 ? 1 : 3,
	    "signature_blocks", blocks);
}

static json_t *
block(int index, const char *key, int valid)
{
	return json_pack("{s:i, s:s, s:b}", "index", index, "key_digest", key, "valid", valid);
}

#define KA "aa00000000000000000000000000000000000000000000000000000000000000"
#define KB "bb00000000000000000000000000000000000000000000000000000000000000"
#define KC "cc00000000000000000000000000000000000000000000000000000000000000"

static void
test_crossref(void **state)
{
	struct facts *f = facts_new();
	json_t *sigs, *imgs;

	fact_set(f, "esp.images", json_pack("[o]", image(5, json_pack("[o, o, o]",
	    block(0, KA, 1), block(1, KB, 1), block(2, KC, 0)))), 0, NULL);
	fact_set(f, "efuse.secure_boot.digests", json_pack("[{s:i, s:s, s:s, s:b}, {s:i, s:s, s:s, s:b}]",
	    "slot", 0, "block", "BLOCK_KEY0", "digest", KA, "revoked", 1,
	    "slot", 1, "block", "BLOCK_KEY1", "digest", KB, "revoked", 0), 1, NULL);
	esp_secure_boot_crossref(f);
	sigs = fact_lookup(f, "esp.secure_boot.signatures", NULL);
	imgs = fact_lookup(f, "esp.secure_boot.images", NULL);
	assert_int_equal(json_array_size(sigs), 3);
	assert_true(json_is_true(json_object_get(json_array_get(sigs, 0), "revoked")));
	assert_true(json_is_true(json_object_get(json_array_get(sigs, 1), "in_efuse")));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(sigs, 1), "efuse_slot")), 1);
	assert_true(json_is_false(json_object_get(json_array_get(sigs, 2), "in_efuse")));
	/* block 1 (key B, slot 1 not revoked) makes the C3 accept the image */
	assert_true(json_is_true(json_object_get(json_array_get(imgs, 0), "accepted")));
	facts_free(f);

	/* ESP32: only block 0 counts; its key is revoked -> not accepted. */
	f = facts_new();
	fact_set(f, "esp.images", json_pack("[o]", image(0, json_pack("[o, o]",
	    block(0, KA, 1), block(1, KB, 1)))), 0, NULL);
	fact_set(f, "efuse.secure_boot.digests", json_pack("[{s:i, s:s, s:s, s:b}, {s:i, s:s, s:s, s:b}]",
	    "slot", 0, "block", "BLOCK2", "digest", KA, "revoked", 1,
	    "slot", 1, "block", "X", "digest", KB, "revoked", 0), 1, NULL);
	esp_secure_boot_crossref(f);
	imgs = fact_lookup(f, "esp.secure_boot.images", NULL);
	assert_true(json_is_false(json_object_get(json_array_get(imgs, 0), "accepted")));
	facts_free(f);

	/* ESP32-C2: 128-bit digest in eFuse matches the first half. */
	f = facts_new();
	fact_set(f, "esp.images", json_pack("[o]", image(12, json_pack("[o]", block(0, KA, 1)))),
	    0, NULL);
	fact_set(f, "efuse.secure_boot.digests", json_pack("[{s:i, s:s, s:s, s:b}]",
	    "slot", 0, "block", "BLOCK_KEY0_HI_128", "digest", "aa000000000000000000000000000000",
	    "revoked", 0), 1, NULL);
	esp_secure_boot_crossref(f);
	imgs = fact_lookup(f, "esp.secure_boot.images", NULL);
	assert_true(json_is_true(json_object_get(json_array_get(imgs, 0), "accepted")));
	facts_free(f);

	/* A read-protected digest slot: unknown, not false. */
	f = facts_new();
	fact_set(f, "esp.images", json_pack("[o]", image(5, json_pack("[o]", block(0, KC, 1)))),
	    0, NULL);
	fact_set(f, "efuse.secure_boot.digests", json_pack("[{s:i, s:s, s:s, s:b, s:b}]",
	    "slot", 0, "block", "BLOCK_KEY0", "digest", "", "revoked", 0, "readable", 0), 1, NULL);
	esp_secure_boot_crossref(f);
	sigs = fact_lookup(f, "esp.secure_boot.signatures", NULL);
	imgs = fact_lookup(f, "esp.secure_boot.images", NULL);
	assert_true(json_is_null(json_object_get(json_array_get(sigs, 0), "in_efuse")));
	assert_true(json_is_null(json_object_get(json_array_get(imgs, 0), "accepted")));
	facts_free(f);

	/* No eFuse facts: nothing emitted (rules end not_tested). */
	f = facts_new();
	fact_set(f, "esp.images", json_pack("[o]", image(5, json_array())), 0, NULL);
	esp_secure_boot_crossref(f);
	assert_null(fact_record(f, "esp.secure_boot.images"));
	facts_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gdbstub_marker_in_app),
		cmocka_unit_test(test_marker_outside_drom_ignored),
		cmocka_unit_test(test_bootloader_insecure_markers),
		cmocka_unit_test(test_signature_sector_position),
		cmocka_unit_test(test_job_json_and_error),
		cmocka_unit_test(test_sanitize_and_hex),
		cmocka_unit_test(test_entropy),
		cmocka_unit_test(test_crossref),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
