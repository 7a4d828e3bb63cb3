/* The ESP ROM serial loader protocol, read-only by construction: the
 * encoder builds only the commands in rom_allowed[] (SYNC, READ_REG,
 * GET_SECURITY_INFO); every writing, erasing, flashing or eFuse-burning
 * opcode is refused before a byte is framed. Source: esptool
 * docs/en/advanced-topics/serial-protocol.rst and esptool/loader.py
 * (esp-formats.md section 7). */
#ifndef FWAUDIT_DEVICE_ESP_ROM_H
#define FWAUDIT_DEVICE_ESP_ROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "device/serial_port.h"

enum {
	ROM_SYNC = 0x08,
	ROM_READ_REG = 0x0A,
	ROM_GET_SECURITY_INFO = 0x14,
};

#define ROM_CHIP_MAGIC_REG 0x40001000u	/* CHIP_DETECT_MAGIC_REG_ADDR */
#define ROM_FRAME_MAX 512		/* longest response we accept (decoded) */

/* Whether the encoder accepts this opcode (the read-only allowlist). */
bool rom_opcode_allowed(uint8_t op);

/* SLIP-framed request (0xC0 ... 0xC0, 0xC0 -> DB DC, 0xDB -> DB DD):
 * u8 0x00, u8 op, u16 len, u32 checksum (0: only the data commands use
 * it), data. Returns the frame length, or -1 (op not allowed, or cap too
 * small). */
int rom_encode(uint8_t op, const uint8_t *data, size_t len, uint8_t *out, size_t cap);

/* Streaming SLIP decoder: feed bytes; a complete frame is reported once. */
struct slip_decoder {
	uint8_t buf[ROM_FRAME_MAX];
	size_t len;
	bool in_frame, escape, overflow, bad_escape;
	uint64_t noise;		/* bytes seen outside any frame (boot log, garbage) */
	uint64_t dropped;	/* frames dropped as oversized or badly escaped */
};
void slip_init(struct slip_decoder *s);
/* Consumes c; returns 1 when a frame ended (s->buf, s->len), else 0. */
int slip_feed(struct slip_decoder *s, uint8_t c);

struct rom_response {
	uint8_t op;
	uint32_t value;		/* READ_REG result */
	const uint8_t *data;	/* payload before the status bytes (in the decoder buffer) */
	size_t len;
	uint8_t status, error;	/* status 0 = success */
};
/* Parses a decoded frame: 0, or -1 with why (not a response, short, bad size). */
int rom_parse_response(const uint8_t *frame, size_t len, struct rom_response *r,
    char *why, size_t whylen);

/* A loader session on an open port. */
struct rom_session {
	struct serial_port *port;
	struct slip_decoder slip;
	uint8_t pending[256];	/* bytes read but not yet fed */
	size_t npending, ppos;
	int timeout_ms;		/* per command */
	uint64_t noise_text;	/* printable bytes outside frames */
	char boot_text[1024];	/* first printable bytes outside frames (boot log) */
	size_t boot_len;
	unsigned bad_frames;	/* frames that did not parse as responses */
	char last_bad[128];	/* why the last one did not */
	bool gone;		/* the line went away */
	unsigned commands, refused;
};

enum rom_result {
	ROM_OK = 0,
	ROM_REFUSED = 1,	/* the ROM answered with a failure status */
	ROM_TIMEOUT = 2,	/* no matching answer in time */
	ROM_GONE = 3,		/* the line went away */
	ROM_NOT_ALLOWED = 4,	/* the opcode is not on the allowlist */
};

void rom_session_init(struct rom_session *s, struct serial_port *p, int timeout_ms);
/* Sends op and waits for the response with the same op (others are
 * skipped, as the protocol asks). value/data/len/status filled on ROM_OK
 * and ROM_REFUSED; data is copied into out (up to cap). */
enum rom_result rom_command(struct rom_session *s, uint8_t op, const uint8_t *data,
    size_t len, struct rom_response *resp, uint8_t *out, size_t cap, int timeout_ms);
/* SYNC attempts until the ROM answers or total_ms passes; then drains the
 * ROM's repeated SYNC answers. */
enum rom_result rom_sync(struct rom_session *s, int attempts, int total_ms);
enum rom_result rom_read_reg(struct rom_session *s, uint32_t addr, uint32_t *value);

struct rom_security_info {
	uint32_t flags;
	uint8_t flash_crypt_cnt;
	uint8_t key_purposes[7];
	bool has_chip_id;
	uint32_t chip_id;
	uint32_t api_version;
};
enum rom_result rom_get_security_info(struct rom_session *s, struct rom_security_info *si,
    uint8_t *status_error);

/* Chip names from GET_SECURITY_INFO chip id (image chip id) or the legacy
 * magic register value; NULL when unknown. */
const char *rom_chip_from_id(uint32_t chip_id);
const char *rom_chip_from_magic(uint32_t magic);

/* The ROM's own word that download mode is burned off: the line of text
 * (boot log, CR/LF already folded to LF) that says so, copied to line[cap],
 * and true; false when the text holds no such line. An application that
 * merely boots says nothing about the ROM loader. */
bool rom_boot_says_download_disabled(const char *text, size_t len, char *line, size_t cap);

#endif
