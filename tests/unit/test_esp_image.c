/* formats/esp_image.c: good images built here byte by byte, and every way a
 * hostile one can break (truncation, magic, counts, lengths past the end). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "formats/esp_image.h"

struct buf {
	uint8_t b[8192];
	size_t n;
};

static void
put8(struct buf *b, uint8_t v)
{
	b->b[b->n++] = v;
}

static void
put16(struct buf *b, uint16_t v)
{
	put8(b, v & 0xFF);
	put8(b, v >> 8);
}

static void
put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xFFFF);
	put16(b, v >> 16);
}

static void
header(struct buf *b, uint8_t nseg, uint16_t chip, uint8_t hash)
{
	put8(b, 0xE9);
	put8(b, nseg);
	put8(b, 2);		/* DIO */
	put8(b, 0x20);		/* 4MB, 40m */
	put32(b, 0x40080000);
	put8(b, 0xEE);
	put8(b, 0); put8(b, 0); put8(b, 0);
	put16(b, chip);
	put8(b, 0);
	put16(b, 0);
	put16(b, 399);
	put32(b, 0);
	put8(b, hash);
}

/* One segment of len bytes with value fill (or an app descriptor first). */
static void
segment(struct buf *b, uint32_t addr, uint32_t len, uint8_t fill)
{
	put32(b, addr);
	put32(b, len);
	memset(b->b + b->n, fill, len);
	b->n += len;
}

/* Pads, writes the checksum and optionally the SHA-256: a valid image. */
static void
finish(struct buf *b, uint8_t sum, int hash)
{
	unsigned int mdlen;

	while (b->n % 16 != 15)
		put8(b, 0);
	put8(b, sum);
	if (hash) {
		EVP_Digest(b->b, b->n, b->b + b->n, &mdlen, EVP_sha256(), NULL);
		b->n += 32;
	}
}

static uint8_t
xor_fill(uint8_t seed, uint8_t fill, uint32_t len)
{
	return len % 2 ? seed ^ fill : seed;
}

static void
test_valid_bootloader(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	struct fw_err err;

	header(&b, 2, 0, 1);
	segment(&b, 0x3FFF0000, 4, 0x11);
	segment(&b, 0x40080400, 7, 0x22);
	finish(&b, xor_fill(0xEF, 0x22, 7), 1);
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, &err), 0);
	assert_int_equal(img.nsegments, 2);
	assert_int_equal(img.segments[1].offset, 24 + 8 + 4 + 8);
	assert_true(img.checksum_valid);
	assert_int_equal(img.image_len, b.n);
	assert_int_equal(esp_image_hash(&img, b.b, b.n, 0, NULL), 0);
	assert_true(img.hash_checked);
	assert_true(img.hash_valid);
	assert_int_equal(esp_image_role(&img), ESP_ROLE_BOOTLOADER);
	assert_string_equal(esp_chip_name(img.chip_id), "esp32");
	assert_string_equal(esp_flash_mode_name(img.spi_mode), "DIO");
	assert_string_equal(esp_flash_size_name(img.spi_size), "4MB");
	assert_string_equal(esp_flash_freq_name(img.chip_id, img.spi_speed), "40m");
	assert_false(img.sbv1_present);
}

static void
test_bad_checksum_and_hash(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;

	header(&b, 1, 5, 1);
	segment(&b, 0x3FC80000, 8, 0x5A);
	finish(&b, 0x00, 1);		/* wrong checksum byte */
	b.b[b.n - 1] ^= 1;		/* and a broken hash */
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, NULL), 0);
	assert_false(img.checksum_valid);
	assert_int_equal(img.checksum_calc, 0xEF);
	assert_int_equal(esp_image_hash(&img, b.b, b.n, 0, NULL), 0);
	assert_false(img.hash_valid);
}

static void
test_app_desc(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	uint8_t *d;

	header(&b, 1, 2, 0);
	put32(&b, 0x3F000020);
	put32(&b, 256);
	d = b.b + b.n;
	memset(d, 0, 256);
	d[0] = 0x32; d[1] = 0x54; d[2] = 0xCD; d[3] = 0xAB;
	d[4] = 7;			/* secure_version */
	memcpy(d + 16, "1.2.3", 5);
	memcpy(d + 48, "blink", 5);
	memcpy(d + 80, "19:46:07", 8);
	memcpy(d + 96, "Sep 13 2022", 11);
	memcpy(d + 112, "v5.0", 4);
	memset(d + 144, 0xAB, 32);
	b.n += 256;
	finish(&b, 0, 0);
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, NULL), 0);
	assert_true(img.has_app_desc);
	assert_false(img.has_bootloader_desc);
	assert_int_equal(img.app.secure_version, 7);
	assert_string_equal(img.app.project_name, "blink");
	assert_string_equal(img.app.version, "1.2.3");
	assert_string_equal(img.app.date, "Sep 13 2022");
	assert_int_equal(img.app.app_elf_sha256[31], 0xAB);
	assert_int_equal(esp_image_role(&img), ESP_ROLE_APP);
}

static void
test_bootloader_desc(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	uint8_t *d;

	header(&b, 1, 0, 0);
	put32(&b, 0x3FFF0030);
	put32(&b, 80);
	d = b.b + b.n;
	memset(d, 0, 80);
	d[0] = 0x50;
	d[3] = 2;
	d[4] = 1;
	memcpy(d + 8, "v5.2-dev", 8);
	memcpy(d + 40, "Apr 25 2023 00:13:32", 20);
	b.n += 80;
	finish(&b, 0, 0);
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, NULL), 0);
	assert_true(img.has_bootloader_desc);
	assert_int_equal(img.bl.secure_version, 2);
	assert_int_equal(img.bl.version, 1);
	assert_string_equal(img.bl.idf_ver, "v5.2-dev");
	/* An unterminated version string is not a descriptor. */
	memset(d + 8, 'x', 32);
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, NULL), 0);
	assert_false(img.has_bootloader_desc);
}

static void
test_sbv1_trailer(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	size_t end;

	header(&b, 1, 0, 0);
	segment(&b, 0x3FFF0000, 4, 0);
	finish(&b, 0xEF, 0);
	end = b.n;
	put32(&b, 0);
	for (int i = 0; i < 64; i++)
		put8(&b, (uint8_t)(i * 7 + 1));
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, NULL), 0);
	assert_true(img.sbv1_present);
	assert_int_equal(img.sbv1_offset, end);
	/* 0xFF after the image is no signature. */
	memset(b.b + end, 0xFF, 68);
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, NULL), 0);
	assert_false(img.sbv1_present);
}

/* Hostile images: each must fail with an offset in the message. */
static void
test_truncated_header(void **state)
{
	uint8_t h[10] = { 0xE9, 1 };
	struct esp_image img;
	struct fw_err err;

	assert_int_equal(esp_image_parse("x.bin", 0x1000, h, sizeof(h), 0, &img, &err), -1);
	assert_non_null(strstr(err.msg, "x.bin: offset 0x1000:"));
	assert_non_null(strstr(err.msg, "truncated"));
	assert_int_equal(esp_image_parse("x.bin", 0, h, 0, 0, &img, &err), -1);
}

static void
test_wrong_magic(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	struct fw_err err;

	header(&b, 0, 0, 0);
	finish(&b, 0xEF, 0);
	b.b[0] = 0xE8;
	assert_int_equal(esp_image_parse("x.bin", 0, b.b, b.n, 0, &img, &err), -1);
	assert_non_null(strstr(err.msg, "magic is 0xe8"));
	assert_int_equal(esp_image_probe(b.b, b.n), 0);
}

static void
test_too_many_segments(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	struct fw_err err;

	header(&b, 17, 0, 0);
	memset(b.b + b.n, 0, 512);
	b.n += 512;
	assert_int_equal(esp_image_parse("x.bin", 0, b.b, b.n, 0, &img, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0x1:"));
	assert_non_null(strstr(err.msg, "segment count 17"));
	assert_int_equal(esp_image_probe(b.b, b.n), 0);
}

static void
test_segment_count_past_end(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	struct fw_err err;

	header(&b, 3, 0, 0);		/* says 3, has 1 */
	segment(&b, 0x3FFF0000, 4, 0);
	assert_int_equal(esp_image_parse("x.bin", 0, b.b, b.n, 0, &img, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0x24:"));
	assert_non_null(strstr(err.msg, "segment 1 header"));
}

static void
test_segment_length_past_end(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	struct fw_err err;

	header(&b, 1, 0, 0);
	put32(&b, 0x3FFF0000);
	put32(&b, 0xFFFFFFF0);		/* 4 GiB */
	memset(b.b + b.n, 0, 64);
	b.n += 64;
	assert_int_equal(esp_image_parse("x.bin", 0x10000, b.b, b.n, 0, &img, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0x10018:"));
	assert_non_null(strstr(err.msg, "runs past the end"));
}

static void
test_checksum_past_end(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	struct fw_err err;

	header(&b, 1, 0, 0);
	segment(&b, 0x3FFF0000, 4, 0);	/* ends at 0x24; checksum at 0x2f */
	assert_int_equal(esp_image_parse("x.bin", 0, b.b, b.n, 0, &img, &err), -1);
	assert_non_null(strstr(err.msg, "checksum byte at 0x2f"));
}

static void
test_hash_truncated(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	struct fw_err err;

	header(&b, 1, 0, 1);
	segment(&b, 0x3FFF0000, 4, 0);
	finish(&b, 0xEF, 0);
	put32(&b, 0);			/* 4 of the 32 hash bytes */
	assert_int_equal(esp_image_parse("x.bin", 0, b.b, b.n, 0, &img, &err), -1);
	assert_non_null(strstr(err.msg, "appended SHA-256"));
}

static void
test_hash_flag_invalid(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	struct fw_err err;

	header(&b, 0, 0, 2);
	finish(&b, 0xEF, 0);
	assert_int_equal(esp_image_parse("x.bin", 0, b.b, b.n, 0, &img, &err), -1);
	assert_non_null(strstr(err.msg, "offset 0x17:"));
}

static void
test_signed_digest_continues_hash(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;
	uint8_t d1[32], d2[32];
	unsigned int n;

	header(&b, 1, 0, 1);
	segment(&b, 0x3FFF0000, 100, 0x42);
	finish(&b, 0xEF, 1);
	while (b.n < 4096)
		put8(&b, 0xFF);
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, NULL), 0);
	assert_int_equal(esp_image_hash(&img, b.b, b.n, 4096, d1), 0);
	EVP_Digest(b.b, 4096, d2, &n, EVP_sha256(), NULL);
	assert_memory_equal(d1, d2, 32);
	assert_true(img.hash_valid);
	/* signed_len shorter than the hashed part is refused */
	assert_int_equal(esp_image_hash(&img, b.b, b.n, 10, d1), -1);
}

static void
test_every_prefix_is_safe(void **state)
{
	struct buf b = { .n = 0 };
	struct esp_image img;

	header(&b, 2, 9, 1);
	segment(&b, 0x3C000020, 300, 0x10);
	segment(&b, 0x42000020, 64, 0x20);
	finish(&b, 0, 1);
	/* Parsing every truncation of the image never reads past it (ASan). */
	for (size_t n = 0; n <= b.n; n++) {
		uint8_t *copy = malloc(n ? n : 1);

		memcpy(copy, b.b, n);
		(void)esp_image_parse("t", 0, copy, n, 0, &img, NULL);
		(void)esp_image_probe(copy, n);
		free(copy);
	}
	assert_int_equal(esp_image_parse("t", 0, b.b, b.n, 0, &img, NULL), 0);
	assert_int_equal(esp_image_role(&img), ESP_ROLE_APP);
}

static void
test_names(void **state)
{
	assert_string_equal(esp_chip_name(12), "esp32c2");
	assert_null(esp_chip_name(4));	/* S3 beta: unsupported */
	assert_string_equal(esp_flash_freq_name(12, 0xF), "60m");
	assert_string_equal(esp_flash_freq_name(16, 0), "24m");
	assert_int_equal(esp_bootloader_offset(0), 0x1000);
	assert_int_equal(esp_bootloader_offset(5), 0x0);
	assert_int_equal(esp_bootloader_offset(18), 0x2000);
	assert_true(esp_addr_drom(0, 0x3F400020));
	assert_false(esp_addr_flash_mapped(0, 0x40080400));
	assert_true(esp_addr_flash_mapped(2, 0x40080020));
}

/* The probe takes the whole 16-bit chip id field: a high byte is no id. */
static void
test_probe_chip_id_range(void **state)
{
	struct buf b = { .n = 0 };

	header(&b, 0, 0, 0);
	finish(&b, 0xEF, 0);
	b.b[12] = ESP_CHIP_ID_PROBE_MAX;
	assert_int_equal(esp_image_probe(b.b, b.n), 1);
	b.b[12] = ESP_CHIP_ID_PROBE_MAX + 1;
	assert_int_equal(esp_image_probe(b.b, b.n), 0);
	b.b[12] = ESP_CHIP_ESP32;
	b.b[13] = 0x01;		/* id 0x0100 */
	assert_int_equal(esp_image_probe(b.b, b.n), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_bootloader),
		cmocka_unit_test(test_bad_checksum_and_hash),
		cmocka_unit_test(test_app_desc),
		cmocka_unit_test(test_bootloader_desc),
		cmocka_unit_test(test_sbv1_trailer),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_wrong_magic),
		cmocka_unit_test(test_too_many_segments),
		cmocka_unit_test(test_segment_count_past_end),
		cmocka_unit_test(test_segment_length_past_end),
		cmocka_unit_test(test_checksum_past_end),
		cmocka_unit_test(test_hash_truncated),
		cmocka_unit_test(test_hash_flag_invalid),
		cmocka_unit_test(test_signed_digest_continues_hash),
		cmocka_unit_test(test_every_prefix_is_safe),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_probe_chip_id_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
