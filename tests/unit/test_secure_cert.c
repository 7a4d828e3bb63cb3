/* esp_secure_cert TLV walker: good records, CRC damage, lengths past the
 * end, missing magic (layout: formats/secure_cert.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "formats/esp_crc32.h"
#include "formats/secure_cert.h"

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Appends one record at *at; returns its size. */
static size_t
tlv(uint8_t *buf, size_t at, uint8_t type, uint8_t flags, const void *v, uint16_t len)
{
	uint8_t *h = buf + at;
	size_t pad = (16 - len % 16) % 16;

	put32(h, SC_TLV_MAGIC);
	h[4] = flags;
	h[5] = h[6] = h[7] = 0;
	h[8] = type;
	h[9] = 0;
	h[10] = (uint8_t)len;
	h[11] = (uint8_t)(len >> 8);
	memcpy(h + 12, v, len);
	memset(h + 12 + len, 0, pad);
	put32(h + 12 + len + pad, esp_crc32_idf(h, 12 + len + pad));
	return 12 + len + pad + 4;
}

static void
test_two_records(void **state)
{
	uint8_t buf[512];
	struct sc_part p;
	struct fw_err err;
	size_t n;
	char tn[24];

	(void)state;
	memset(buf, 0xFF, sizeof(buf));
	n = tlv(buf, 0, SC_DEV_CERT, 0, "certificate-bytes", 17);
	assert_int_equal(n, 12 + 32 + 4);
	n += tlv(buf, n, SC_PRIV_KEY, 0x80, "0123456789abcdef", 16);
	assert_true(sc_is_tlv(buf, sizeof(buf)));
	assert_int_equal(sc_parse(buf, sizeof(buf), "sc.bin", 0, &p, &err), 0);
	assert_int_equal(p.ntlv, 2);
	assert_int_equal(p.end, n);
	assert_int_equal(p.truncated_at, (size_t)-1);
	assert_true(p.tlv[0].crc_ok && p.tlv[1].crc_ok);
	assert_int_equal(p.tlv[0].type, SC_DEV_CERT);
	assert_int_equal(p.tlv[0].length, 17);
	assert_memory_equal(p.tlv[0].value, "certificate-bytes", 17);
	assert_int_equal(p.tlv[1].offset, 48);
	assert_true(SC_FLAG_HMAC_ENCRYPTED(p.tlv[1].flags));
	assert_string_equal(sc_type_name(p.tlv[1].type, tn, sizeof(tn)), "priv_key");
	assert_string_equal(sc_type_name(52, tn, sizeof(tn)), "user_data_2");
	sc_part_free(&p);
}

static void
test_bad_crc(void **state)
{
	uint8_t buf[128];
	struct sc_part p;
	struct fw_err err;

	(void)state;
	memset(buf, 0xFF, sizeof(buf));
	tlv(buf, 0, SC_CA_CERT, 0, "abc", 3);
	buf[13] ^= 1;
	assert_int_equal(sc_parse(buf, sizeof(buf), "sc.bin", 0, &p, &err), 0);
	assert_int_equal(p.ntlv, 1);
	assert_false(p.tlv[0].crc_ok);
	sc_part_free(&p);
}

static void
test_length_past_end(void **state)
{
	uint8_t buf[64];
	struct sc_part p;
	struct fw_err err;

	(void)state;
	memset(buf, 0xFF, sizeof(buf));
	tlv(buf, 0, SC_DEV_CERT, 0, "abc", 3);
	buf[10] = 0x00;		/* length 0x1000 in a 64-byte partition */
	buf[11] = 0x10;
	assert_int_equal(sc_parse(buf, sizeof(buf), "sc.bin", 0xD000, &p, &err), -1);
	assert_string_equal(err.msg, "sc.bin: offset 0xd000: esp_secure_cert TLV "
	    "(type 1) of 4096 bytes runs past the end of the 64-byte partition");
}

static void
test_second_record_truncated(void **state)
{
	uint8_t buf[80];
	struct sc_part p;
	struct fw_err err;
	size_t n;

	(void)state;
	memset(buf, 0xFF, sizeof(buf));
	n = tlv(buf, 0, SC_DEV_CERT, 0, "abc", 3);
	put32(buf + n, SC_TLV_MAGIC);	/* a header with no room for it */
	buf[n + 10] = 200;
	buf[n + 11] = 0;
	assert_int_equal(sc_parse(buf, sizeof(buf), "sc.bin", 0, &p, &err), 0);
	assert_int_equal(p.ntlv, 1);
	assert_int_equal(p.truncated_at, n);
	sc_part_free(&p);
	/* A header cut in the middle. */
	assert_int_equal(sc_parse(buf, n + 6, "sc.bin", 0, &p, &err), 0);
	assert_int_equal(p.truncated_at, n);
	sc_part_free(&p);
}

static void
test_no_magic(void **state)
{
	uint8_t buf[32];
	struct sc_part p;
	struct fw_err err;

	(void)state;
	memset(buf, 0xFF, sizeof(buf));
	assert_false(sc_is_tlv(buf, sizeof(buf)));
	assert_false(sc_is_tlv(buf, 2));
	assert_int_equal(sc_parse(buf, sizeof(buf), "sc.bin", 0, &p, &err), -1);
	assert_string_equal(err.msg, "sc.bin: offset 0x0: no esp_secure_cert TLV record "
	    "(magic 0xBA5EBA11) at the start of the partition");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_records),
		cmocka_unit_test(test_bad_crc),
		cmocka_unit_test(test_length_past_end),
		cmocka_unit_test(test_second_record_truncated),
		cmocka_unit_test(test_no_magic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
