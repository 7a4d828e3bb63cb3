/* formats/partition.c: partition tables (with and without the MD5 entry,
 * damaged, overlapping, past the end) and otadata (CRC, states, active
 * copy and slot). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "formats/esp_crc32.h"
#include "formats/partition.h"

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v & 0xFF;
	p[1] = (v >> 8) & 0xFF;
	p[2] = (v >> 16) & 0xFF;
	p[3] = v >> 24;
}

static void
entry(uint8_t *e, uint8_t type, uint8_t sub, uint32_t off, uint32_t size,
    const char *label, uint32_t flags)
{
	memset(e, 0, 32);
	e[0] = 0xAA;
	e[1] = 0x50;
	e[2] = type;
	e[3] = sub;
	put32(e + 4, off);
	put32(e + 8, size);
	memcpy(e + 12, label, strlen(label) < 16 ? strlen(label) : 16);
	put32(e + 28, flags);
}

/* gen_esp32part.py layout: entries, MD5 entry, 0xFF to the end. */
static size_t
table(uint8_t *t, int with_md5)
{
	unsigned int n;
	size_t off;

	memset(t, 0xFF, PART_TABLE_SIZE);
	entry(t, 1, 2, 0x9000, 0x6000, "nvs", 0);
	entry(t + 32, 1, 0, 0xF000, 0x2000, "otadata", 0);
	entry(t + 64, 0, 0x10, 0x20000, 0x100000, "ota_0", 0);
	entry(t + 96, 0, 0x11, 0x120000, 0x100000, "ota_1", 0);
	entry(t + 128, 1, 4, 0x220000, 0x1000, "nvs_key", PART_FLAG_ENCRYPTED);
	off = 160;
	if (with_md5) {
		memset(t + off, 0xFF, 32);
		t[off] = 0xEB;
		t[off + 1] = 0xEB;
		EVP_Digest(t, off, t + off + 16, &n, EVP_md5(), NULL);
		off += 32;
	}
	return off;
}

static void
test_table_with_md5(void **state)
{
	uint8_t t[PART_TABLE_SIZE];
	struct part_table pt;
	char buf[16];

	table(t, 1);
	assert_true(part_table_probe(t, sizeof(t)));
	assert_int_equal(part_table_parse("pt", 0x8000, t, sizeof(t), &pt, NULL), 0);
	assert_int_equal(pt.n, 5);
	assert_true(pt.md5_present);
	assert_true(pt.md5_valid);
	assert_true(pt.terminated);
	assert_false(pt.damaged);
	assert_string_equal(pt.e[2].label, "ota_0");
	assert_int_equal(pt.e[2].offset, 0x20000);
	assert_true(part_is_ota_app(&pt.e[3]));
	assert_string_equal(part_subtype_name(0, 0x11, buf), "ota_1");
	assert_string_equal(part_subtype_name(1, 4, buf), "nvs_keys");
	assert_string_equal(part_type_name(1), "data");
	assert_null(part_type_name(0x40));
	assert_true(part_flash_encrypted(&pt.e[1]));	/* otadata */
	assert_false(part_flash_encrypted(&pt.e[0]));	/* nvs */
	assert_true(part_flash_encrypted(&pt.e[4]));
}

static void
test_table_without_md5(void **state)
{
	uint8_t t[PART_TABLE_SIZE];
	struct part_table pt;

	table(t, 0);
	assert_int_equal(part_table_parse("pt", 0, t, sizeof(t), &pt, NULL), 0);
	assert_int_equal(pt.n, 5);
	assert_false(pt.md5_present);
	assert_true(pt.terminated);
}

static void
test_table_md5_wrong(void **state)
{
	uint8_t t[PART_TABLE_SIZE];
	struct part_table pt;

	table(t, 1);
	t[4] ^= 0x10;			/* nvs offset changed after the MD5 */
	assert_int_equal(part_table_parse("pt", 0, t, sizeof(t), &pt, NULL), 0);
	assert_true(pt.md5_present);
	assert_false(pt.md5_valid);
}

static void
test_table_damaged_entry(void **state)
{
	uint8_t t[PART_TABLE_SIZE];
	struct part_table pt;

	table(t, 0);
	t[64] = 0x12;			/* third entry's magic */
	assert_int_equal(part_table_parse("pt", 0x8000, t, sizeof(t), &pt, NULL), 0);
	assert_int_equal(pt.n, 2);
	assert_true(pt.damaged);
	assert_int_equal(pt.damage_off, 64);
	assert_non_null(strstr(pt.damage, "0x8040"));
}

static void
test_table_unterminated_and_short(void **state)
{
	uint8_t t[PART_TABLE_SIZE];
	struct part_table pt;
	struct fw_err err;

	/* Entries up to the end of the data, no end marker: parsed, not terminated. */
	memset(t, 0, sizeof(t));
	for (int i = 0; i < 4; i++)
		entry(t + 32 * i, 1, 0x82, 0x10000 * (i + 1), 0x1000, "x", 0);
	assert_int_equal(part_table_parse("pt", 0, t, 4 * 32 + 7, &pt, NULL), 0);
	assert_int_equal(pt.n, 4);
	assert_false(pt.terminated);
	/* A full 0xC00 of entries stops at the limit. */
	for (int i = 0; i < PART_MAX_ENTRIES + 10 && 32 * (i + 1) <= (int)sizeof(t); i++)
		entry(t + 32 * i, 1, 0x82, 0x1000 * (i + 16), 0x1000, "y", 0);
	assert_int_equal(part_table_parse("pt", 0, t, sizeof(t), &pt, NULL), 0);
	assert_int_equal(pt.n, PART_MAX_ENTRIES);
	/* Too short for one entry, or not a table at all: errors with offsets. */
	assert_int_equal(part_table_parse("pt", 0x8000, t, 20, &pt, &err), -1);
	assert_non_null(strstr(err.msg, "pt: offset 0x8000:"));
	t[0] = 0;
	assert_int_equal(part_table_parse("pt", 0x8000, t, sizeof(t), &pt, &err), -1);
	assert_non_null(strstr(err.msg, "not AA 50"));
	assert_false(part_table_probe(t, sizeof(t)));
	assert_false(part_table_probe(t, 3));
}

static void
test_entry_after_md5(void **state)
{
	uint8_t t[PART_TABLE_SIZE];
	struct part_table pt;
	size_t end = table(t, 1);

	entry(t + end, 1, 2, 0x300000, 0x1000, "late", 0);
	assert_int_equal(part_table_parse("pt", 0, t, sizeof(t), &pt, NULL), 0);
	assert_int_equal(pt.n, 5);
	assert_true(pt.damaged);
	assert_non_null(strstr(pt.damage, "follows the MD5 entry"));
}

static void
test_label_16_chars(void **state)
{
	uint8_t t[PART_TABLE_SIZE];
	struct part_table pt;

	memset(t, 0xFF, sizeof(t));
	entry(t, 1, 2, 0x9000, 0x6000, "abcdefghijklmnopqrst", 0);
	assert_int_equal(part_table_parse("pt", 0, t, sizeof(t), &pt, NULL), 0);
	assert_string_equal(pt.e[0].label, "abcdefghijklmnop");
}

static void
select_entry(uint8_t *p, uint32_t seq, uint32_t state, int good_crc)
{
	memset(p, 0xFF, 32);
	put32(p, seq);
	put32(p + 24, state);
	put32(p + 28, good_crc ? esp_crc32_idf(p, 4) : 0x12345678);
}

static void
test_otadata_crc_vector(void **state)
{
	uint8_t seq1[4] = { 1, 0, 0, 0 };

	/* esp-formats.md §2.3: seq=1 -> 0x4743989A (zlib.crc32(le32(1), 0xFFFFFFFF)). */
	assert_int_equal(esp_crc32_idf(seq1, 4), 0x4743989A);
}

static void
test_otadata_active(void **state)
{
	uint8_t od[OTADATA_SIZE];
	struct otadata o;

	memset(od, 0xFF, sizeof(od));
	otadata_parse(od, sizeof(od), &o);
	assert_int_equal(o.active, -1);
	assert_true(o.s[0].erased);
	assert_int_equal(otadata_slot(&o, 2), -1);

	select_entry(od, 1, OTA_STATE_UNDEFINED, 1);
	otadata_parse(od, sizeof(od), &o);
	assert_int_equal(o.active, 0);
	assert_int_equal(otadata_slot(&o, 2), 0);

	select_entry(od + 0x1000, 4, OTA_STATE_VALID, 1);
	otadata_parse(od, sizeof(od), &o);
	assert_int_equal(o.active, 1);
	assert_int_equal(otadata_slot(&o, 2), 1);	/* (4-1) % 2 */
	assert_int_equal(otadata_slot(&o, 3), 0);	/* (4-1) % 3 */
	assert_int_equal(otadata_slot(&o, 0), -1);

	/* Higher seq but bad CRC: copy 0 wins. */
	select_entry(od + 0x1000, 9, OTA_STATE_VALID, 0);
	otadata_parse(od, sizeof(od), &o);
	assert_false(o.s[1].crc_valid);
	assert_int_equal(o.active, 0);

	/* INVALID and ABORTED copies are not used. */
	select_entry(od + 0x1000, 9, OTA_STATE_INVALID, 1);
	otadata_parse(od, sizeof(od), &o);
	assert_int_equal(o.active, 0);
	select_entry(od, 2, OTA_STATE_ABORTED, 1);
	otadata_parse(od, sizeof(od), &o);
	assert_int_equal(o.active, -1);
	assert_string_equal(ota_state_name(OTA_STATE_PENDING_VERIFY), "pending_verify");
}

static void
test_otadata_short(void **state)
{
	uint8_t od[0x1010];
	struct otadata o;

	memset(od, 0xFF, sizeof(od));
	select_entry(od, 3, OTA_STATE_VALID, 1);
	otadata_parse(od, sizeof(od), &o);	/* copy 1 would run past the end */
	assert_true(o.s[0].present);
	assert_false(o.s[1].present);
	assert_int_equal(o.active, 0);
	otadata_parse(od, 10, &o);
	assert_false(o.s[0].present);
	assert_int_equal(o.active, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_with_md5),
		cmocka_unit_test(test_table_without_md5),
		cmocka_unit_test(test_table_md5_wrong),
		cmocka_unit_test(test_table_damaged_entry),
		cmocka_unit_test(test_table_unterminated_and_short),
		cmocka_unit_test(test_entry_after_md5),
		cmocka_unit_test(test_label_16_chars),
		cmocka_unit_test(test_otadata_crc_vector),
		cmocka_unit_test(test_otadata_active),
		cmocka_unit_test(test_otadata_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
