/* espefuse dump text and raw block images: good input decodes to the
 * fields the tables name; hostile input is refused with the reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "formats/efuse_raw.h"

static const char c3_dump[] =
	"espefuse.py v4.12.0\nConnecting....\nDetecting chip type... ESP32-C3\n"
	"BLOCK0          (                ) [0 ] read_regs: 03800700 001f0204 a99c0000 00100004 00000022 00000000\n"
	"MAC_SPI_8M_0    (BLOCK1          ) [1 ] read_regs: 33221100 00005544 00000000 00000000 00000000 00000000\n"
	"BLOCK_KEY0      (BLOCK4          ) [4 ] read_regs: a39127cb 32c0b071 0437f72b 6209ba78 1cab4c22 797828f2 3e6729e4 6344a87d\n"
	"\nBLOCK0          (                ) [0 ] err__regs: 00000000 00000000\n";

static int
parse(const char *text, struct efuse_regs *r, struct fw_err *err)
{
	return efuse_dumptext_parse((const uint8_t *)text, strlen(text), "dump.txt", r, err);
}

static void
t_dump_good(void **s)
{
	struct efuse_regs r;
	struct efuse_dump d;
	struct fw_err err;

	(void)s;
	assert_int_equal(efuse_dumptext_detect((const uint8_t *)c3_dump, sizeof(c3_dump) - 1), 90);
	assert_int_equal(parse(c3_dump, &r, &err), 0);
	assert_string_equal(r.chip->chip, "esp32c3");
	assert_int_equal(r.w[0][1], 0x001f0204);
	assert_int_equal(efuse_regs_decode(&r, &d, "dump.txt", &err), 0);
	assert_int_equal(efuse_get(&d, "SPI_BOOT_CRYPT_CNT")->raw, 7);
	assert_int_equal(efuse_get(&d, "KEY_PURPOSE_0")->raw, 9);
	assert_int_equal(efuse_get(&d, "BLOCK_KEY0")->bytes[0], 0xcb);
	assert_string_equal(efuse_get(&d, "MAC")->text, "55:44:33:22:11:00");
	/* Blocks absent from the dump stay absent. */
	assert_null(efuse_get(&d, "BLOCK_KEY1"));
	efuse_dump_free(&d);
}

static void
t_dump_esp32_by_shape(void **s)
{
	static const char esp32[] =
		"BLOCK0          (                ) [0 ] read_regs: 00000000 7e5a6e58 00e294b9 0000a200 00000333 00100000 00000004\n";
	struct efuse_regs r;
	struct fw_err err;

	(void)s;
	assert_int_equal(parse(esp32, &r, &err), 0);
	assert_string_equal(r.chip->chip, "esp32");
}

static void
t_dump_hostile(void **s)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "nothing here\n", "no 'BLOCK0 ... [0 ] read_regs:' line" },
		{ "BLOCK0 () [0 ] read_regs: 00000000 00000000\n", "the chip is not named" },
		{ "Detecting chip type... ESP32-C3\nBLOCK0 () [0 ] read_regs: 00000000 0000\n",
		  "dump.txt:2:36: expected an 8-digit hex word" },
		{ "Detecting chip type... ESP32-C3\nBLOCK0 () [0 ] read_regs: 00000000 zzzzzzzz\n",
		  "expected an 8-digit hex word" },
		{ "Detecting chip type... ESP32-C3\nBLOCK0 () [0 ] read_regs: 00000000\n",
		  "block 0 of esp32c3 has 1 words, expected 6" },
		{ "Detecting chip type... ESP32-C3\nBLOCK0 () [99] read_regs: 00000000\n",
		  "block number must be 0..10" },
		{ "Detecting chip type... ESP32-C3\nBLOCK0 () [0 ] read_regs: 00000000 00000000 00000000 "
		  "00000000 00000000 00000000 00000000 00000000 00000000\n", "more than 8 words in block 0" },
		{ "Detecting chip type... ESP32\nBLOCK0 () [0 ] read_regs: 1 2 3\n",
		  "expected an 8-digit hex word" },
		{ "Detecting chip type... ESP32-C3\nBLOCK0 () [0 ] read_regs: 00000000 00000000 00000000 00000000 00000000 00000000\n"
		  "BLOCK0 () [0 ] read_regs: 00000000 00000000 00000000 00000000 00000000 00000000\n", "block 0 appears twice" },
	};
	struct efuse_regs r;
	struct fw_err err;

	(void)s;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (parse(cases[i].text, &r, &err) != -1 || strstr(err.msg, cases[i].want) == NULL)
			fail_msg("case %zu: got '%s', want '%s'", i, err.msg, cases[i].want);
	}
}

static void
t_bin(void **s)
{
	uint8_t img[336] = { 0 };
	struct efuse_regs r;
	struct fw_err err;

	(void)s;
	assert_int_equal(efuse_bin_size(efuse_chip_def("esp32")), 124);
	assert_int_equal(efuse_bin_size(efuse_chip_def("esp32s3")), 336);
	img[4] = 0x04;		/* BLOCK0 word 1 = RD_DIS etc. */
	img[24] = 0x11;		/* BLOCK1 word 0 */
	assert_int_equal(efuse_bin_parse(img, sizeof(img), "dir/efuse_esp32s3.bin", &r, &err), 0);
	assert_string_equal(r.chip->chip, "esp32s3");
	assert_int_equal(r.w[0][1], 4);
	assert_int_equal(r.w[1][0], 0x11);
	assert_int_equal(efuse_bin_parse(img, sizeof(img), "dir/efuse.bin", &r, &err), -1);
	assert_non_null(strstr(err.msg, "name the chip in the file name"));
	assert_int_equal(efuse_bin_parse(img, 200, "efuse_esp32c3.bin", &r, &err), -1);
	assert_non_null(strstr(err.msg, "200 bytes: a raw eFuse image is 124 (ESP32), 84 (ESP32-C2) or 336 bytes"));
	assert_int_equal(efuse_bin_parse(img, 124, "anything.bin", &r, &err), 0);
	assert_string_equal(r.chip->chip, "esp32");
	assert_int_equal(efuse_bin_parse(img, 84, "x.bin", &r, &err), 0);
	assert_string_equal(r.chip->chip, "esp32c2");
	assert_int_equal(efuse_bin_detect(img, 336), 20);
	assert_int_equal(efuse_bin_detect(img, 335), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_dump_good), cmocka_unit_test(t_dump_esp32_by_shape),
		cmocka_unit_test(t_dump_hostile), cmocka_unit_test(t_bin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
