/* ROM loader protocol: SLIP framing, request encoding restricted to the
 * read-only allowlist, response parsing through the bounded reader, and
 * the SYNC / READ_REG / GET_SECURITY_INFO exchanges. */
#include "device/esp_rom.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/reader.h"
#include "formats/esp_chip.h"

/* The only commands fwaudit ever frames. SYNC and READ_REG read; GET_
 * SECURITY_INFO reads the security flags. CHANGE_BAUDRATE (0x0F) is left
 * out: the whole eFuse read is ~2 KB on the wire (<0.3 s at 115200), and a
 * failed speed switch would leave the ROM at a rate the adapter cannot
 * follow. Writes (WRITE_REG 0x09, MEM_* 0x05-0x07, FLASH_* 0x02-0x04,
 * 0x10-0x12), SPI_ATTACH, erase and stub commands are absent on purpose. */
static const uint8_t rom_allowed[] = { ROM_SYNC, ROM_READ_REG, ROM_GET_SECURITY_INFO };

bool
rom_opcode_allowed(uint8_t op)
{
	for (size_t i = 0; i < sizeof(rom_allowed); i++)
		if (rom_allowed[i] == op)
			return true;
	return false;
}

static int
slip_put(uint8_t *out, size_t cap, size_t *k, uint8_t c)
{
	if (c == 0xC0 || c == 0xDB) {
		if (*k + 2 > cap)
			return -1;
		out[(*k)++] = 0xDB;
		out[(*k)++] = c == 0xC0 ? 0xDC : 0xDD;
		return 0;
	}
	if (*k + 1 > cap)
		return -1;
	out[(*k)++] = c;
	return 0;
}

int
rom_encode(uint8_t op, const uint8_t *data, size_t len, uint8_t *out, size_t cap)
{
	uint8_t hdr[8] = { 0x00, op, (uint8_t)len, (uint8_t)(len >> 8), 0, 0, 0, 0 };
	size_t k = 0;

	if (!rom_opcode_allowed(op) || len > 0xFFFF || cap < 2)
		return -1;
	out[k++] = 0xC0;
	for (size_t i = 0; i < sizeof(hdr); i++)
		if (slip_put(out, cap, &k, hdr[i]) != 0)
			return -1;
	for (size_t i = 0; i < len; i++)
		if (slip_put(out, cap, &k, data[i]) != 0)
			return -1;
	if (k + 1 > cap)
		return -1;
	out[k++] = 0xC0;
	return (int)k;
}

void
slip_init(struct slip_decoder *s)
{
	memset(s, 0, sizeof(*s));
}

int
slip_feed(struct slip_decoder *s, uint8_t c)
{
	if (!s->in_frame) {
		if (c == 0xC0) {
			s->in_frame = true;
			s->len = 0;
			s->escape = s->overflow = s->bad_escape = false;
		} else {
			s->noise++;
		}
		return 0;
	}
	if (c == 0xC0) {
		if (s->len == 0)	/* back-to-back delimiters: a new frame starts */
			return 0;
		if (s->overflow || s->bad_escape || s->escape) {
			/* Resynchronise: this delimiter may open the next frame. */
			s->dropped++;
			s->len = 0;
			s->escape = s->overflow = s->bad_escape = false;
			return 0;
		}
		s->in_frame = false;
		return 1;
	}
	if (s->escape) {
		s->escape = false;
		if (c == 0xDC)
			c = 0xC0;
		else if (c == 0xDD)
			c = 0xDB;
		else
			s->bad_escape = true;
	} else if (c == 0xDB) {
		s->escape = true;
		return 0;
	}
	if (s->len == sizeof(s->buf))
		s->overflow = true;
	else
		s->buf[s->len++] = c;
	return 0;
}

int
rom_parse_response(const uint8_t *frame, size_t len, struct rom_response *r,
    char *why, size_t whylen)
{
	struct reader rd;
	uint8_t dir;
	uint16_t size;
	size_t status_len;
	const uint8_t *p;

	rd_init(&rd, frame, len);
	memset(r, 0, sizeof(*r));
	if (rd_u8(&rd, &dir) != 0 || rd_u8(&rd, &r->op) != 0 || rd_u16le(&rd, &size) != 0 ||
	    rd_u32le(&rd, &r->value) != 0) {
		snprintf(why, whylen, "frame of %zu bytes is shorter than the 8-byte response header", len);
		return -1;
	}
	if (dir != 0x01) {
		snprintf(why, whylen, "direction byte 0x%02x, expected 0x01 (response)", dir);
		return -1;
	}
	if (size != rd_left(&rd)) {
		snprintf(why, whylen, "size field %u but %zu data bytes follow", size, rd_left(&rd));
		return -1;
	}
	/* ROM loaders of ESP32 and later end with 4 status bytes, the
	 * ESP8266 ROM and the stub with 2; security info is 12 or 20 bytes. */
	if (size < 2) {
		snprintf(why, whylen, "size %u leaves no room for the status bytes", size);
		return -1;
	}
	status_len = (size == 2 || size == 14 || size == 22) ? 2 : size >= 4 ? 4 : 2;
	r->len = size - status_len;
	if (rd_ptr(&rd, &r->data, r->len) != 0 || rd_ptr(&rd, &p, status_len) != 0) {
		snprintf(why, whylen, "truncated data");
		return -1;
	}
	r->status = p[0];
	r->error = p[1];
	return 0;
}

void
rom_session_init(struct rom_session *s, struct serial_port *p, int timeout_ms)
{
	memset(s, 0, sizeof(*s));
	s->port = p;
	s->timeout_ms = timeout_ms;
	slip_init(&s->slip);
}

/* The next byte from the line: 1, 0 on timeout, -1 gone. */
static int
next_byte(struct rom_session *s, uint8_t *c, uint64_t deadline)
{
	if (s->ppos == s->npending) {
		uint64_t now = serial_now_us();
		int left = now >= deadline ? 0 : (int)((deadline - now + 999) / 1000);
		int r;

		if (left == 0)
			return 0;
		r = serial_read(s->port, s->pending, sizeof(s->pending), left);
		if (r < 0) {
			s->gone = true;
			return -1;
		}
		if (r == 0)
			return 0;
		s->npending = (size_t)r;
		s->ppos = 0;
	}
	*c = s->pending[s->ppos++];
	return 1;
}

static void
keep_noise(struct rom_session *s, uint8_t c)
{
	if (isprint(c) || c == '\n' || c == '\r' || c == '\t') {
		s->noise_text++;
		if (s->boot_len + 1 < sizeof(s->boot_text))
			s->boot_text[s->boot_len++] = c == '\r' ? '\n' : (char)c;
		s->boot_text[s->boot_len] = '\0';
	}
}

enum rom_result
rom_command(struct rom_session *s, uint8_t op, const uint8_t *data, size_t len,
    struct rom_response *resp, uint8_t *out, size_t cap, int timeout_ms)
{
	uint8_t frame[2 * (8 + 64) + 2];
	uint64_t deadline;
	char why[128];
	int n;

	if (!rom_opcode_allowed(op) || len > 64 ||
	    (n = rom_encode(op, data, len, frame, sizeof(frame))) < 0)
		return ROM_NOT_ALLOWED;
	if (s->gone)
		return ROM_GONE;
	s->commands++;
	if (serial_write(s->port, frame, (size_t)n) != 0) {
		s->gone = true;
		return ROM_GONE;
	}
	deadline = serial_now_us() + (uint64_t)(timeout_ms > 0 ? timeout_ms : s->timeout_ms) * 1000u;
	for (;;) {
		uint8_t c;
		uint64_t noise = s->slip.noise;
		int r = next_byte(s, &c, deadline);

		if (r < 0)
			return ROM_GONE;
		if (r == 0)
			return ROM_TIMEOUT;
		if (!slip_feed(&s->slip, c)) {
			if (s->slip.noise != noise)
				keep_noise(s, c);
			continue;
		}
		if (rom_parse_response(s->slip.buf, s->slip.len, resp, why, sizeof(why)) != 0) {
			s->bad_frames++;
			snprintf(s->last_bad, sizeof(s->last_bad), "%s", why);
			serial_note(s->port, "ignored frame: %s", why);
			/* A partial frame swallowed the next frame's opening
			 * delimiter: treat the closing one as an opening. */
			s->slip.in_frame = true;
			s->slip.len = 0;
			continue;
		}
		if (resp->op != op)
			continue;
		if (out != NULL) {
			size_t k = resp->len < cap ? resp->len : cap;

			memcpy(out, resp->data, k);
			resp->data = out;
			resp->len = k;
		}
		if (resp->status != 0) {
			s->refused++;
			return ROM_REFUSED;
		}
		return ROM_OK;
	}
}

enum rom_result
rom_sync(struct rom_session *s, int attempts, int total_ms)
{
	/* 07 07 12 20 then 32 x 0x55: lets the ROM measure the baud rate. */
	uint8_t d[36] = { 0x07, 0x07, 0x12, 0x20 };
	uint64_t end = serial_now_us() + (uint64_t)total_ms * 1000u;
	struct rom_response r;
	enum rom_result res = ROM_TIMEOUT;

	memset(d + 4, 0x55, 32);
	for (int i = 0; i < attempts && serial_now_us() < end; i++) {
		uint64_t now = serial_now_us();
		int left = (int)((end - now) / 1000), t = left < 100 ? left : 100;

		res = rom_command(s, ROM_SYNC, d, sizeof(d), &r, NULL, 0, t > 0 ? t : 1);
		if (res == ROM_OK || res == ROM_GONE)
			return res;
		/* A refusal to SYNC is still an answer from a ROM loader. */
		if (res == ROM_REFUSED)
			return res;
	}
	return res;
}

enum rom_result
rom_read_reg(struct rom_session *s, uint32_t addr, uint32_t *value)
{
	uint8_t d[4] = { (uint8_t)addr, (uint8_t)(addr >> 8), (uint8_t)(addr >> 16),
		(uint8_t)(addr >> 24) };
	struct rom_response r;
	enum rom_result res = rom_command(s, ROM_READ_REG, d, sizeof(d), &r, NULL, 0, 0);

	if (res == ROM_OK)
		*value = r.value;
	return res;
}

enum rom_result
rom_get_security_info(struct rom_session *s, struct rom_security_info *si,
    uint8_t *status_error)
{
	uint8_t buf[32];
	struct rom_response r;
	struct reader rd;
	enum rom_result res = rom_command(s, ROM_GET_SECURITY_INFO, NULL, 0, &r, buf,
	    sizeof(buf), 0);

	memset(si, 0, sizeof(*si));
	*status_error = 0;
	if (res == ROM_REFUSED)
		*status_error = r.error;
	if (res != ROM_OK)
		return res;
	/* <I B 7B> (12 bytes, ESP32-S2) then <I I> chip id and API version. */
	rd_init(&rd, r.data, r.len);
	if (rd_u32le(&rd, &si->flags) != 0 || rd_u8(&rd, &si->flash_crypt_cnt) != 0 ||
	    rd_bytes(&rd, si->key_purposes, 7) != 0)
		return ROM_REFUSED;
	if (rd_u32le(&rd, &si->chip_id) == 0 && rd_u32le(&rd, &si->api_version) == 0)
		si->has_chip_id = true;
	return ROM_OK;
}

const char *
rom_chip_from_id(uint32_t id)
{
	/* Every chip id formats/esp_chip.h names: the eFuse stage then reads
	 * the chips it has tables for and says so of the others (H21, S31,
	 * E22); an id it does not know falls back to the magic register. */
	static const enum esp_chip_id ids[] = {
		ESP_CHIP_ESP32, ESP_CHIP_ESP32S2, ESP_CHIP_ESP32C3, ESP_CHIP_ESP32S3,
		ESP_CHIP_ESP32C2, ESP_CHIP_ESP32C6, ESP_CHIP_ESP32H2, ESP_CHIP_ESP32P4,
		ESP_CHIP_ESP32C61, ESP_CHIP_ESP32C5, ESP_CHIP_ESP32H21, ESP_CHIP_ESP32H4,
		ESP_CHIP_ESP32E22, ESP_CHIP_ESP32S31,
	};

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if ((uint32_t)ids[i] == id)
			return esp_chip_name(ids[i]);
	return NULL;
}

const char *
rom_chip_from_magic(uint32_t magic)
{
	/* esptool targets/<chip>.py CHIP_DETECT_MAGIC_VALUE (v4.7 for the later chips). */
	static const struct { uint32_t magic; const char *chip; } magics[] = {
		{ 0xFFF0C101, "esp8266" }, { 0x00F01D83, "esp32" }, { 0x000007C6, "esp32s2" },
		{ 0x6921506F, "esp32c3" }, { 0x1B31506F, "esp32c3" }, { 0x4881606F, "esp32c3" },
		{ 0x4361606F, "esp32c3" }, { 0x00000009, "esp32s3" }, { 0x2CE0806F, "esp32c6" },
		{ 0x6F51306F, "esp32c2" }, { 0x7C41A06F, "esp32c2" }, { 0xD7B73E80, "esp32h2" },
	};

	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (magics[i].magic == magic)
			return magics[i].chip;
	return NULL;
}

bool
rom_boot_says_download_disabled(const char *text, size_t len, char *line, size_t cap)
{
	/* The ESP32 ROM (UART_DOWNLOAD_DIS burned, IO0 held low at reset) prints
	 * "Download mode is disabled. Restart with GPIO0 high." instead of
	 * "waiting for download"; the later ROMs word it the same way. */
	static const char *const says[] = { "download mode is disabled", "download mode disabled" };
	size_t start = 0;

	while (start < len) {
		size_t end = start;
		char buf[256];
		size_t n;

		while (end < len && text[end] != '\n' && text[end] != '\0')
			end++;
		n = end - start < sizeof(buf) - 1 ? end - start : sizeof(buf) - 1;
		memcpy(buf, text + start, n);
		buf[n] = '\0';
		for (size_t i = 0; i < sizeof(says) / sizeof(says[0]); i++) {
			if (strcasestr(buf, says[i]) == NULL)
				continue;
			if (cap > 0)
				snprintf(line, cap, "%s", buf);
			return true;
		}
		start = end + 1;
	}
	return false;
}
