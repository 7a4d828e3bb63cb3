/* ROM protocol: the encoder is read-only by construction, SLIP framing
 * round-trips, and hostile responses are refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "device/console.h"
#include "device/esp_rom.h"

/* No opcode outside SYNC, READ_REG and GET_SECURITY_INFO can be framed:
 * FLASH_BEGIN/DATA/END 02-04, MEM_BEGIN/END/DATA 05-07, WRITE_REG 09,
 * SPI_SET_PARAMS 0B, SPI_ATTACH 0D, READ_FLASH_SLOW 0E, CHANGE_BAUDRATE
 * 0F, FLASH_DEFL_* 10-12, SPI_FLASH_MD5 13, secure-download-controller
 * 19-1E, stub ERASE_FLASH D0, ERASE_REGION D1, READ_FLASH D2, RUN_USER_CODE
 * D3, FLASH_ENCRYPT_DATA D4 ... every one of the 256 values is tried. */
static void
t_allowlist_exhaustive(void **s)
{
	uint8_t out[256], data[16] = { 0 };
	int allowed = 0;

	(void)s;
	for (int op = 0; op < 256; op++) {
		int n = rom_encode((uint8_t)op, data, sizeof(data), out, sizeof(out));

		if (op == ROM_SYNC || op == ROM_READ_REG || op == ROM_GET_SECURITY_INFO) {
			assert_true(n > 0);
			assert_true(rom_opcode_allowed((uint8_t)op));
			allowed++;
		} else {
			assert_int_equal(n, -1);
			assert_false(rom_opcode_allowed((uint8_t)op));
		}
	}
	assert_int_equal(allowed, 3);
	/* The writing commands by name, so a future edit cannot miss them. */
	{
		static const uint8_t writes[] = { 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09,
			0x0B, 0x0D, 0x0F, 0x10, 0x11, 0x12, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E,
			0xD0, 0xD1, 0xD3, 0xD4 };

		for (size_t i = 0; i < sizeof(writes); i++)
			assert_int_equal(rom_encode(writes[i], NULL, 0, out, sizeof(out)), -1);
	}
}

/* The session refuses too, without touching the line (port is NULL). */
static void
t_command_refuses_writes(void **s)
{
	struct rom_session rs;
	struct rom_response r;

	(void)s;
	rom_session_init(&rs, NULL, 10);
	assert_int_equal(rom_command(&rs, 0x09, (const uint8_t *)"\0\0\0\0\0\0\0\0", 8, &r,
	    NULL, 0, 10), ROM_NOT_ALLOWED);
	assert_int_equal(rom_command(&rs, 0xD0, NULL, 0, &r, NULL, 0, 10), ROM_NOT_ALLOWED);
	assert_int_equal(rs.commands, 0);
}

/* The wire example from the protocol doc: READ_REG 0x40001000. */
static void
t_encode_read_reg(void **s)
{
	static const uint8_t want[] = { 0xC0, 0x00, 0x0A, 0x04, 0x00, 0, 0, 0, 0,
		0x00, 0x10, 0x00, 0x40, 0xC0 };
	uint8_t d[4] = { 0x00, 0x10, 0x00, 0x40 }, out[64];

	(void)s;
	assert_int_equal(rom_encode(ROM_READ_REG, d, 4, out, sizeof(out)), sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	/* Too small a buffer fails instead of overflowing. */
	assert_int_equal(rom_encode(ROM_READ_REG, d, 4, out, 10), -1);
}

static void
t_slip_escape_roundtrip(void **s)
{
	uint8_t d[4] = { 0xC0, 0xDB, 0x01, 0xC0 }, out[64];
	struct slip_decoder dec;
	int n, frames = 0;

	(void)s;
	n = rom_encode(ROM_READ_REG, d, 4, out, sizeof(out));
	assert_int_equal(n, 1 + 8 + 4 + 3 + 1);	/* three escaped bytes */
	slip_init(&dec);
	for (int i = 0; i < n; i++)
		frames += slip_feed(&dec, out[i]);
	assert_int_equal(frames, 1);
	assert_int_equal(dec.len, 12);
	assert_memory_equal(dec.buf + 8, d, 4);
}

static int
feed_all(struct slip_decoder *dec, const uint8_t *b, size_t n)
{
	int frames = 0;

	for (size_t i = 0; i < n; i++)
		frames += slip_feed(dec, b[i]);
	return frames;
}

/* Boot-log text outside frames is counted as noise, bad escapes and
 * oversized frames are dropped, and the decoder recovers. */
static void
t_slip_hostile(void **s)
{
	static const uint8_t noise[] = "rst:0x1 (POWERON)\r\n";
	static const uint8_t bad_escape[] = { 0xC0, 0x01, 0xDB, 0x42, 0xC0 };
	static const uint8_t good[] = { 0xC0, 0x01, 0x08, 0x04, 0x00, 7, 7, 0x12, 0x20, 0, 0, 0, 0, 0xC0 };
	struct slip_decoder dec;
	uint8_t big[ROM_FRAME_MAX + 10];

	(void)s;
	slip_init(&dec);
	assert_int_equal(feed_all(&dec, noise, sizeof(noise) - 1), 0);
	assert_int_equal(dec.noise, sizeof(noise) - 1);
	assert_int_equal(feed_all(&dec, bad_escape, sizeof(bad_escape)), 0);
	assert_int_equal(dec.dropped, 1);
	memset(big, 0x11, sizeof(big));
	big[0] = 0xC0;
	assert_int_equal(feed_all(&dec, big, sizeof(big)), 0);
	/* The oversized frame ends at the next delimiter and is dropped; the
	 * good frame after it still decodes. */
	assert_int_equal(feed_all(&dec, good, sizeof(good)), 1);
	assert_int_equal(dec.dropped, 2);
	assert_int_equal(dec.len, 12);
}

static void
t_parse_response(void **s)
{
	static const uint8_t ok[] = { 0x01, 0x0A, 0x04, 0x00, 0x6F, 0x50, 0x31, 0x1B, 0, 0, 0, 0 };
	static const uint8_t refused[] = { 0x01, 0x0A, 0x04, 0x00, 0, 0, 0, 0, 1, 5, 0, 0 };
	static const uint8_t secinfo[] = { 0x01, 0x14, 0x18, 0x00, 0, 0, 0, 0,
		0xe5, 0, 0, 0, 7, 9, 10, 4, 0, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 };
	struct rom_response r;
	char why[128];

	(void)s;
	assert_int_equal(rom_parse_response(ok, sizeof(ok), &r, why, sizeof(why)), 0);
	assert_int_equal(r.op, 0x0A);
	assert_int_equal(r.value, 0x1B31506F);
	assert_int_equal(r.status, 0);
	assert_string_equal(rom_chip_from_magic(r.value), "esp32c3");
	assert_int_equal(rom_parse_response(refused, sizeof(refused), &r, why, sizeof(why)), 0);
	assert_int_equal(r.status, 1);
	assert_int_equal(r.error, 5);
	assert_int_equal(rom_parse_response(secinfo, sizeof(secinfo), &r, why, sizeof(why)), 0);
	assert_int_equal(r.len, 20);
	assert_int_equal(r.data[0], 0xe5);
	assert_string_equal(rom_chip_from_id(5), "esp32c3");
	assert_null(rom_chip_from_magic(0x12345678));
}

static void
t_parse_hostile(void **s)
{
	static const uint8_t request[] = { 0x00, 0x0A, 0x04, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t size_lies[] = { 0x01, 0x0A, 0x07, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t no_status[] = { 0x01, 0x0A, 0x00, 0x00, 0, 0, 0, 0 };
	struct rom_response r;
	char why[128];

	(void)s;
	assert_int_equal(rom_parse_response(request, 5, &r, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "shorter than the 8-byte response header"));
	assert_int_equal(rom_parse_response(request, sizeof(request), &r, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "direction byte 0x00"));
	assert_int_equal(rom_parse_response(size_lies, sizeof(size_lies), &r, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "size field 7 but 4 data bytes follow"));
	assert_int_equal(rom_parse_response(no_status, sizeof(no_status), &r, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no room for the status bytes"));
}

static void
t_console_classify(void **s)
{
	static const struct { const char *text; enum console_kind kind; } cases[] = {
		{ "", CONSOLE_SILENT },
		{ "I (30) boot: ESP-IDF v5.1\r\nI (31) wifi: started\r\n", CONSOLE_OUTPUT },
		{ "\r\nroot@esp-gw:~# ", CONSOLE_ROOT_SHELL },
		{ "BusyBox v1.36\r\n/ # ", CONSOLE_ROOT_SHELL },
		{ "\r\nuser@gw:~$ ", CONSOLE_USER_SHELL },
		{ "\r\nesp-gw login: ", CONSOLE_LOGIN },
		{ "Password: ", CONSOLE_LOGIN },
		{ "Type 'help' to get the list of commands.\r\nesp32> ", CONSOLE_ESP_REPL },
		{ "\r\nesp32c3> ", CONSOLE_ESP_REPL },
		{ "Hit any key to stop autoboot:  0 \r\n=> ", CONSOLE_UBOOT },
	};
	char prompt[128];

	(void)s;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum console_kind k = console_classify(cases[i].text, strlen(cases[i].text),
		    prompt, sizeof(prompt));

		if (k != cases[i].kind)
			fail_msg("case %zu: %s, want %s", i, console_kind_name(k),
			    console_kind_name(cases[i].kind));
	}
	console_classify("\r\nroot@esp-gw:~# ", 17, prompt, sizeof(prompt));
	assert_string_equal(prompt, "root@esp-gw:~#");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_allowlist_exhaustive),
		cmocka_unit_test(t_command_refuses_writes),
		cmocka_unit_test(t_encode_read_reg),
		cmocka_unit_test(t_slip_escape_roundtrip),
		cmocka_unit_test(t_slip_hostile),
		cmocka_unit_test(t_parse_response),
		cmocka_unit_test(t_parse_hostile),
		cmocka_unit_test(t_console_classify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
