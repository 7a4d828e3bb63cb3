/* The register path gives exactly the facts the JSON path gives: each
 * espefuse summary vector is turned into register words through the
 * tables, decoded back, and both dumps go through efuse_facts(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "checks/efuse.h"
#include "formats/efuse_tables.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static char *
facts_text(const struct efuse_dump *d)
{
	struct facts *f = facts_new();
	char *s;

	assert_non_null(f);
	assert_int_equal(efuse_facts(f, 0, d), 0);
	s = json_dumps(f->map, JSON_SORT_KEYS | JSON_INDENT(1));
	facts_free(f);
	return s;
}

/* Every table row sits where espefuse itself says (the summary carries
 * block, word, pos and bit_len from the chip's yaml). */
static void
rows_match_espefuse(const char *data, size_t len, const struct efuse_chip_def *c)
{
	json_t *root = json_loadb(strchr(data, '{'), len - (size_t)(strchr(data, '{') - data), 0, NULL);

	assert_non_null(root);
	for (size_t i = 0; i < c->nfields; i++) {
		const struct efuse_field_def *d = &c->fields[i];
		json_t *e = json_object_get(root, d->name);

		if (e == NULL)
			fail_msg("%s: espefuse has no %s", c->chip, d->name);
		if (json_integer_value(json_object_get(e, "block")) != d->block ||
		    json_integer_value(json_object_get(e, "word")) != d->word ||
		    json_integer_value(json_object_get(e, "pos")) != d->pos ||
		    json_integer_value(json_object_get(e, "bit_len")) != d->len)
			fail_msg("%s %s: table blk %u word %u pos %u len %u differs from espefuse",
			    c->chip, d->name, d->block, d->word, d->pos, d->len);
	}
	json_decref(root);
}

static const struct efuse_field_def *
row(const struct efuse_chip_def *c, const char *name)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].name, name) == 0)
			return &c->fields[i];
	fail_msg("%s has no row %s", c->map, name);
	return NULL;
}

static void
set_field(struct efuse_regs *r, const char *name, uint64_t v)
{
	struct efuse_field f = { .has_raw = true, .raw = v };

	assert_int_equal(efuse_regs_encode_field(r, row(r->chip, name), &f), 0);
}

/* Register words derived from a JSON summary, through the table rows. */
static void
regs_from_dump(const struct efuse_dump *d, struct efuse_regs *r)
{
	memset(r, 0, sizeof(*r));
	r->chip = efuse_dump_def(d);
	assert_non_null(r->chip);
	for (size_t i = 0; i < r->chip->nfields; i++) {
		const struct efuse_field_def *def = &r->chip->fields[i];
		const struct efuse_field *f = efuse_get(d, def->name);

		if (f == NULL)
			fail_msg("%s: vector lacks %s", d->chip, def->name);
		if (efuse_regs_encode_field(r, def, f) != 0)
			fail_msg("%s: cannot encode %s", d->chip, def->name);
	}
	/* espefuse's virtual ESP32-P4 is read with the v3.0 map; registers
	 * select that map only from a wafer version of 3 or more. */
	if (strcmp(r->chip->map, "esp32p4_v3.0") == 0)
		set_field(r, "WAFER_VERSION_MAJOR_LO", 3);
}

static void
same_facts(const char *vector)
{
	const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
	char path[512];
	struct efuse_dump a, b;
	struct efuse_regs r;
	struct fw_err err;
	size_t len = 0;
	char *data, *fa, *fb;

	snprintf(path, sizeof(path), "%s/vectors/efuse/%s", shared, vector);
	if ((data = slurp(path, &len)) == NULL)
		skip();
	assert_int_equal(efuse_json_parse((const uint8_t *)data, len, path, &a, &err), 0);
	regs_from_dump(&a, &r);
	rows_match_espefuse(data, len, r.chip);
	assert_int_equal(efuse_regs_decode(&r, &b, "regs", &err), 0);
	fa = facts_text(&a);
	fb = facts_text(&b);
	if (strcmp(fa, fb) != 0)
		fail_msg("%s: facts differ\nJSON:\n%s\nregisters:\n%s", vector, fa, fb);
	/* Not vacuous: the facts name the chip and carry the key list. */
	assert_non_null(strstr(fa, "efuse.keys"));
	assert_non_null(strstr(fa, a.chip));
	free(fa);
	free(fb);
	free(data);
	efuse_dump_free(&a);
	efuse_dump_free(&b);
}

static void t_esp32(void **s) { (void)s; same_facts("esp32.summary.json"); }
static void t_esp32c2(void **s) { (void)s; same_facts("esp32c2.summary.json"); }
static void t_esp32s2(void **s) { (void)s; same_facts("esp32s2.summary.json"); }
static void t_esp32s3(void **s) { (void)s; same_facts("esp32s3.summary.json"); }
static void t_esp32c3(void **s) { (void)s; same_facts("esp32c3.summary.json"); }
static void t_esp32c3_hardened(void **s) { (void)s; same_facts("esp32c3_hardened.summary.json"); }
static void t_esp32c6(void **s) { (void)s; same_facts("esp32c6.summary.json"); }
static void t_esp32h2(void **s) { (void)s; same_facts("esp32h2.summary.json"); }

/* Hand-set words decode to the documented fields (C3, esp-formats.md 6.3). */
static void
t_c3_bits(void **s)
{
	struct efuse_regs r = { .chip = efuse_chip_def("esp32c3") };
	struct efuse_dump d;
	struct fw_err err;
	const struct efuse_field *f;

	(void)s;
	for (unsigned b = 0; b < EFUSE_BLOCKS; b++)
		r.have[b] = 0xff;
	r.w[0][0] = 1u << 23;			/* WR_DIS bit 23: BLOCK_KEY0 */
	r.w[0][1] = 1u << 19 | 0x2;		/* DIS_PAD_JTAG, RD_DIS bit 1 */
	r.w[0][2] = 9u << 24 | 7u << 18;	/* KEY_PURPOSE_0 = 9, CRYPT_CNT = 7 */
	r.w[0][3] = 1u << 20;			/* SECURE_BOOT_EN */
	r.w[0][4] = 1u;				/* DIS_DOWNLOAD_MODE */
	r.w[4][0] = 0x04030201;
	r.w[1][0] = 0x33221100;			/* MAC stored reversed */
	r.w[1][1] = 0x5544;
	assert_int_equal(efuse_regs_decode(&r, &d, "t", &err), 0);
	assert_string_equal(d.chip, "esp32c3");
	assert_int_equal(efuse_get(&d, "DIS_PAD_JTAG")->raw, 1);
	assert_int_equal(efuse_get(&d, "KEY_PURPOSE_0")->raw, 9);
	assert_int_equal(efuse_get(&d, "SPI_BOOT_CRYPT_CNT")->raw, 7);
	assert_int_equal(efuse_get(&d, "SECURE_BOOT_EN")->raw, 1);
	assert_int_equal(efuse_get(&d, "DIS_DOWNLOAD_MODE")->raw, 1);
	f = efuse_get(&d, "BLOCK_KEY0");
	assert_int_equal(f->nbytes, 32);
	assert_int_equal(f->bytes[0], 1);
	assert_int_equal(f->bytes[3], 4);
	assert_false(f->writeable);
	assert_true(f->readable);
	assert_false(efuse_get(&d, "BLOCK_KEY1")->readable);
	assert_true(efuse_get(&d, "BLOCK_KEY1")->writeable);
	assert_string_equal(efuse_get(&d, "MAC")->text, "55:44:33:22:11:00");
	assert_int_equal(efuse_word_addr(r.chip, 0, 1), 0x60008830);
	assert_int_equal(efuse_word_addr(r.chip, 4, 0), 0x6000889C);
	assert_int_equal(efuse_word_addr(efuse_chip_def("esp32"), 2, 0), 0x3FF5A058);
	efuse_dump_free(&d);
}

/* Words never read leave their fields absent (missing stays missing). */
static void
t_missing_words(void **s)
{
	struct efuse_regs r = { .chip = efuse_chip_def("esp32s3") };
	struct efuse_dump d;
	struct fw_err err;

	(void)s;
	r.have[0] = 1u << 4;
	r.w[0][4] = 1;
	assert_int_equal(efuse_regs_decode(&r, &d, "t", &err), 0);
	assert_non_null(efuse_get(&d, "DIS_DOWNLOAD_MODE"));
	assert_null(efuse_get(&d, "SECURE_BOOT_EN"));
	assert_null(efuse_get(&d, "BLOCK_KEY0"));
	assert_null(efuse_chip_def("esp8266"));
	efuse_dump_free(&d);
}

/* ESP32-C2: the key block's halves are read-protected separately. */
static void
t_c2_split_key(void **s)
{
	const struct efuse_chip_def *c = efuse_chip_def("esp32c2");
	struct efuse_regs r = { .chip = c };
	struct efuse_dump d;
	struct fw_err err;

	(void)s;
	for (unsigned b = 0; b < 4; b++)
		r.have[b] = (uint8_t)((1u << c->block_words[b]) - 1);
	r.w[0][1] = 0x2;	/* RD_DIS bit 1: the Secure Boot half */
	assert_false(efuse_word_read_protected(c, 3, 0, 2));
	assert_true(efuse_word_read_protected(c, 3, 4, 2));
	assert_true(efuse_word_read_protected(c, 3, 0, 1));
	assert_false(efuse_word_read_protected(c, 0, 1, 3));
	assert_int_equal(efuse_regs_decode(&r, &d, "t", &err), 0);
	assert_true(efuse_get(&d, "BLOCK_KEY0_LOW_128")->readable);
	assert_false(efuse_get(&d, "BLOCK_KEY0_HI_128")->readable);
	assert_false(efuse_get(&d, "BLOCK_KEY0")->readable);
	assert_int_equal(efuse_word_addr(c, 3, 0), 0x60008860);
	efuse_dump_free(&d);
}

static void t_esp32c5(void **s) { (void)s; same_facts("esp32c5.summary.json"); }
static void t_esp32c5_h(void **s) { (void)s; same_facts("esp32c5_hardened.summary.json"); }
static void t_esp32c61(void **s) { (void)s; same_facts("esp32c61.summary.json"); }
static void t_esp32c61_h(void **s) { (void)s; same_facts("esp32c61_hardened.summary.json"); }
static void t_esp32p4(void **s) { (void)s; same_facts("esp32p4.summary.json"); }
static void t_esp32p4_h(void **s) { (void)s; same_facts("esp32p4_hardened.summary.json"); }
static void t_esp32h4(void **s) { (void)s; same_facts("esp32h4.summary.json"); }
static void t_esp32h4_h(void **s) { (void)s; same_facts("esp32h4_hardened.summary.json"); }

/* Key purpose numbers are the chip's own (espefuse fields.py KEY_PURPOSES). */
static void
t_purposes(void **s)
{
	(void)s;
	assert_string_equal(efuse_chip_purpose(efuse_chip_def("esp32c3"), 9), "SECURE_BOOT_DIGEST0");
	assert_string_equal(efuse_chip_purpose(efuse_chip_def("esp32h2"), 1), "ECDSA_KEY");
	assert_string_equal(efuse_chip_purpose(efuse_chip_def("esp32s3"), 2), "XTS_AES_256_KEY_1");
	assert_string_equal(efuse_chip_purpose(efuse_chip_def("esp32c5"), 17), "ECDSA_KEY_P384_L");
	assert_string_equal(efuse_chip_purpose(efuse_chip_def("esp32h4"), 13), "XTS_AES_256_PSRAM_KEY_1");
	/* The C61 has no HMAC purposes */
	assert_null(efuse_chip_purpose(efuse_chip_def("esp32c61"), 5));
	assert_null(efuse_chip_purpose(efuse_chip_def("esp32c3"), 40));
	/* Chips with a map but no audit are not handed out as audited */
	assert_null(efuse_chip_def("esp32h21"));
	assert_non_null(efuse_any_def("esp32h21"));
}

/* ESP32-P4: the wafer version picks the map; on v3.0 KEY_PURPOSE_n_H is
 * the purpose's bit 4. */
static void
t_p4_map(void **s)
{
	struct efuse_regs r = { .chip = efuse_chip_def("esp32p4") };
	struct efuse_dump d;
	struct fw_err err;

	(void)s;
	for (unsigned b = 0; b < EFUSE_BLOCKS; b++)
		r.have[b] = 0xff;
	set_field(&r, "WAFER_VERSION_MAJOR_LO", 1);
	assert_int_equal(efuse_regs_decode(&r, &d, "t", &err), 0);
	assert_string_equal(d.map, "esp32p4");
	assert_null(efuse_get(&d, "SECURE_BOOT_SHA384_EN"));
	efuse_dump_free(&d);
	r.chip = efuse_chip_def("esp32p4_v3.0");
	set_field(&r, "WAFER_VERSION_MAJOR_LO", 3);
	set_field(&r, "KEY_PURPOSE_2", 1);
	set_field(&r, "KEY_PURPOSE_2_H", 1);
	set_field(&r, "SECURE_BOOT_SHA384_EN", 1);
	r.chip = efuse_chip_def("esp32p4");	/* as a live read starts */
	assert_int_equal(efuse_regs_decode(&r, &d, "t", &err), 0);
	assert_string_equal(d.map, "esp32p4_v3.0");
	assert_int_equal(efuse_get(&d, "SECURE_BOOT_SHA384_EN")->raw, 1);
	assert_int_equal(efuse_get(&d, "KEY_PURPOSE_2")->raw, 17);
	efuse_dump_free(&d);
}

/* Fields espefuse splits in two are joined as its summary prints them:
 * ESP32-C5 bootloader secure version = LO (3 bits) | HI << 3, recovery
 * sector = LO (9 bits) | HI << 9. */
static void
t_c5_joined(void **s)
{
	struct efuse_regs r = { .chip = efuse_chip_def("esp32c5") };
	struct efuse_dump d;
	struct fw_err err;

	(void)s;
	for (unsigned b = 0; b < EFUSE_BLOCKS; b++)
		r.have[b] = 0xff;
	set_field(&r, "BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION_LO", 3);
	set_field(&r, "BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION_HI", 1);
	set_field(&r, "RECOVERY_BOOTLOADER_FLASH_SECTOR_LO", 0x10);
	set_field(&r, "RECOVERY_BOOTLOADER_FLASH_SECTOR_HI", 1);
	assert_int_equal(efuse_regs_decode(&r, &d, "t", &err), 0);
	assert_int_equal(efuse_get(&d, "BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION")->raw, 0xB);
	assert_int_equal(efuse_get(&d, "RECOVERY_BOOTLOADER_FLASH_SECTOR")->raw, 0x210);
	efuse_dump_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_esp32), cmocka_unit_test(t_esp32c2), cmocka_unit_test(t_esp32s2),
		cmocka_unit_test(t_esp32s3), cmocka_unit_test(t_esp32c3),
		cmocka_unit_test(t_esp32c3_hardened), cmocka_unit_test(t_esp32c6),
		cmocka_unit_test(t_esp32h2), cmocka_unit_test(t_c3_bits),
		cmocka_unit_test(t_missing_words), cmocka_unit_test(t_c2_split_key),
		cmocka_unit_test(t_esp32c5), cmocka_unit_test(t_esp32c5_h),
		cmocka_unit_test(t_esp32c61), cmocka_unit_test(t_esp32c61_h),
		cmocka_unit_test(t_esp32p4), cmocka_unit_test(t_esp32p4_h),
		cmocka_unit_test(t_esp32h4), cmocka_unit_test(t_esp32h4_h),
		cmocka_unit_test(t_purposes), cmocka_unit_test(t_p4_map), cmocka_unit_test(t_c5_joined),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
