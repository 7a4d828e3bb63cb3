/* ESP chip simulator for tests: a pseudo-terminal (or a TCP / RFC 2217
 * listener) that speaks the ROM loader protocol over an eFuse image taken
 * from an espefuse JSON summary, paces bytes at the baud rate (10 bits per
 * byte), and plays an application console. Prints the port to open on its
 * first stdout line. Every request opcode goes to --log, so tests can prove
 * fwaudit never sent anything but reads.
 *
 * esp_sim [--efuse SUMMARY.json] [--rom normal|silent|bootlog|dldis|secure]
 *         [--console none|root|login|repl|uboot|silent]
 *         [--fault none|garbage|partial|badsize|magic|vanish|stall]
 *         [--baud N] [--listen tcp|rfc2217] [--log FILE] [--life SECONDS]
 * esp_sim --efuse SUMMARY.json --write-dump FILE | --write-bin FILE
 *         writes the chip's eFuse words as `espefuse.py dump` text or as a
 *         raw block image, and exits. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "device/esp_rom.h"
#include "formats/efuse.h"
#include "formats/efuse_tables.h"

struct sim {
	int fd;
	int baud;
	const char *rom, *console, *fault;
	bool rfc2217, dtr, rts, booted_log, download;
	struct efuse_regs regs;
	struct efuse_dump dump;
	FILE *log;
	unsigned commands;
	int telnet;	/* telnet parser state */
	uint8_t sb[8];
	int nsb;
};

static void
pace(const struct sim *s, size_t n)
{
	long long us = (long long)n * 10 * 1000000 / s->baud;
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
put(struct sim *s, const void *buf, size_t n)
{
	const uint8_t *b = buf;
	uint8_t out[1024];
	size_t k = 0;

	pace(s, n);
	for (size_t i = 0; i < n; i++) {
		if (k + 2 > sizeof(out)) {
			if (write(s->fd, out, k) < 0)
				_exit(0);
			k = 0;
		}
		out[k++] = b[i];
		if (s->rfc2217 && b[i] == 0xFF)
			out[k++] = 0xFF;
	}
	if (k > 0 && write(s->fd, out, k) < 0)
		_exit(0);
}

static void
puts_line(struct sim *s, const char *text)
{
	put(s, text, strlen(text));
}

/* A response frame: 01 op size value data status(4). */
static void
respond(struct sim *s, uint8_t op, uint32_t value, const uint8_t *data, size_t len,
    uint8_t status, uint8_t error)
{
	uint8_t raw[64], out[140];
	size_t n = 0, k = 0, size = len + 4;

	if (strcmp(s->fault, "badsize") == 0)
		size += 3;
	raw[n++] = 0x01;
	raw[n++] = op;
	raw[n++] = (uint8_t)size;
	raw[n++] = (uint8_t)(size >> 8);
	for (int i = 0; i < 4; i++)
		raw[n++] = (uint8_t)(value >> (8 * i));
	if (len > 0)
		memcpy(raw + n, data, len);
	n += len;
	raw[n++] = status;
	raw[n++] = error;
	raw[n++] = 0;
	raw[n++] = 0;
	if (s->rfc2217) {
		/* RFC 2217 servers interleave notifications with the data. */
		static const uint8_t notify[] = { 0xFF, 0xFA, 44, 107, 0x30, 0xFF, 0xF0 };

		if (write(s->fd, notify, sizeof(notify)) < 0)
			_exit(0);
	}
	if (strcmp(s->fault, "garbage") == 0)
		puts_line(s, "\x13\x37 noise \xfe\xfd ");
	if (strcmp(s->fault, "partial") == 0) {
		static const uint8_t part[] = { 0xC0, 0x01, 0x0A, 0x04 };

		put(s, part, sizeof(part));
	}
	out[k++] = 0xC0;
	for (size_t i = 0; i < n; i++) {
		if (raw[i] == 0xC0 || raw[i] == 0xDB) {
			out[k++] = 0xDB;
			out[k++] = raw[i] == 0xC0 ? 0xDC : 0xDD;
		} else {
			out[k++] = raw[i];
		}
	}
	out[k++] = 0xC0;
	put(s, out, k);
}

static uint32_t
field(const struct sim *s, const char *name)
{
	const struct efuse_field *f = efuse_get(&s->dump, name);

	return f != NULL && f->has_raw ? (uint32_t)f->raw : 0;
}

static uint32_t
chip_id(const char *chip)
{
	static const struct { const char *chip; uint32_t id; } ids[] = {
		{ "esp32s2", 2 }, { "esp32c3", 5 }, { "esp32c2", 12 }, { "esp32s3", 9 }, { "esp32c6", 13 }, { "esp32h2", 16 },
		{ "esp32p4", 18 }, { "esp32c61", 20 }, { "esp32c5", 23 }, { "esp32h4", 28 },
	};

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (strcmp(ids[i].chip, chip) == 0)
			return ids[i].id;
	return 0;
}

static uint32_t
chip_magic(const char *chip)
{
	static const struct { const char *chip; uint32_t magic; } m[] = {
		{ "esp32", 0x00F01D83 }, { "esp32s2", 0x000007C6 }, { "esp32c3", 0x1B31506F },
		{ "esp32s3", 0x00000009 }, { "esp32c6", 0x2CE0806F }, { "esp32h2", 0xD7B73E80 },
		{ "esp32c2", 0x6F51306F },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(m[i].chip, chip) == 0)
			return m[i].magic;
	return 0;
}

static void
security_info(struct sim *s)
{
	const char *chip = s->dump.chip;
	uint8_t d[20] = { 0 };
	uint32_t flags = 0, cnt = field(s, "SPI_BOOT_CRYPT_CNT");
	bool s2 = strcmp(chip, "esp32s2") == 0;

	if (strcmp(chip, "esp32") == 0) {
		respond(s, ROM_GET_SECURITY_INFO, 0, NULL, 0, 1, 0x05);
		return;
	}
	flags |= field(s, "SECURE_BOOT_EN") << 0;
	flags |= field(s, "SECURE_BOOT_AGGRESSIVE_REVOKE") << 1;
	flags |= field(s, "ENABLE_SECURITY_DOWNLOAD") << 2;
	flags |= field(s, "SECURE_BOOT_KEY_REVOKE0") << 3;
	flags |= field(s, "SECURE_BOOT_KEY_REVOKE1") << 4;
	flags |= field(s, "SECURE_BOOT_KEY_REVOKE2") << 5;
	flags |= (uint32_t)(__builtin_popcount(field(s, "SOFT_DIS_JTAG")) % 2) << 6;
	flags |= (field(s, "DIS_PAD_JTAG") | field(s, "HARD_DIS_JTAG")) << 7;
	for (int i = 0; i < 4; i++)
		d[i] = (uint8_t)(flags >> (8 * i));
	d[4] = (uint8_t)cnt;
	for (int k = 0; k < 6; k++) {
		char name[32];

		snprintf(name, sizeof(name), "KEY_PURPOSE_%d", k);
		d[5 + k] = (uint8_t)field(s, name);
	}
	if (!s2 && strcmp(s->fault, "magic") != 0) {
		uint32_t id = chip_id(chip);

		for (int i = 0; i < 4; i++)
			d[12 + i] = (uint8_t)(id >> (8 * i));
		d[16] = 1;
	}
	respond(s, ROM_GET_SECURITY_INFO, 0, d, s2 || strcmp(s->fault, "magic") == 0 ? 12 : 20, 0, 0);
}

static void
read_reg(struct sim *s, uint32_t addr)
{
	const struct efuse_chip_def *c = s->regs.chip;

	if (strcmp(s->rom, "secure") == 0) {
		respond(s, ROM_READ_REG, 0, NULL, 0, 1, 0x05);
		return;
	}
	if (addr == ROM_CHIP_MAGIC_REG) {
		respond(s, ROM_READ_REG, strcmp(s->fault, "magic") == 0 ? 0x12345678 :
		    chip_magic(s->dump.chip), NULL, 0, 0, 0);
		return;
	}
	for (unsigned b = 0; b < EFUSE_BLOCKS; b++)
		for (unsigned w = 0; w < c->block_words[b]; w++)
			if (efuse_word_addr(c, b, w) == addr) {
				respond(s, ROM_READ_REG, s->regs.w[b][w], NULL, 0, 0, 0);
				return;
			}
	respond(s, ROM_READ_REG, 0, NULL, 0, 0, 0);
}

static void
request(struct sim *s, const uint8_t *f, size_t len)
{
	uint8_t op;
	uint32_t addr;

	if (len < 8 || f[0] != 0x00)
		return;
	op = f[1];
	s->commands++;
	if (s->log != NULL) {
		fprintf(s->log, "op 0x%02x\n", op);
		fflush(s->log);
	}
	if (strcmp(s->fault, "vanish") == 0 && s->commands > 6)
		_exit(0);	/* the device goes away mid-read */
	if (strcmp(s->fault, "stall") == 0 && s->commands > 6)
		return;		/* stops answering */
	switch (op) {
	case ROM_SYNC:
		for (int i = 0; i < 8; i++)
			respond(s, ROM_SYNC, 0x20120707, NULL, 0, 0, 0);
		break;
	case ROM_READ_REG:
		if (len < 12)
			return;
		addr = (uint32_t)f[8] | (uint32_t)f[9] << 8 | (uint32_t)f[10] << 16 | (uint32_t)f[11] << 24;
		read_reg(s, addr);
		break;
	case ROM_GET_SECURITY_INFO:
		security_info(s);
		break;
	default:
		respond(s, op, 0, NULL, 0, 1, 0x05);
		break;
	}
}

static const char boot_log[] =
	"ESP-ROM:esp32c3-api1-20210207\r\nBuild:Feb  7 2021\r\n"
	"rst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n"
	"SPIWP:0xee\r\nmode:DIO, clock div:1\r\nload:0x3fcd5820,len:0x1714\r\n"
	"entry 0x403cc710\r\nI (30) boot: ESP-IDF v5.1.2 2nd stage bootloader\r\n";

/* What the ESP32 ROM prints when IO0 is low at reset but UART_DOWNLOAD_DIS
 * is burned: it will not enter the loader, and says so. */
static const char dldis_log[] =
	"ets Jul 29 2019 12:21:46\r\n\r\n"
	"rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\n"
	"Download mode is disabled. Restart with GPIO0 high.\r\n";

static void
console_line(struct sim *s)
{
	const char *c = s->console;

	if (strcmp(c, "root") == 0)
		puts_line(s, "\r\nroot@esp-gw:~# ");
	else if (strcmp(c, "login") == 0)
		puts_line(s, "\r\nesp-gw login: ");
	else if (strcmp(c, "repl") == 0)
		puts_line(s, "\r\nType 'help' to get the list of commands.\r\nesp32> ");
	else if (strcmp(c, "uboot") == 0)
		puts_line(s, "\r\nHit any key to stop autoboot:  0 \r\n=> ");
}

/* Telnet: strip commands, act on COM-PORT SET-CONTROL (DTR 8/9, RTS 11/12). */
static int
sim_telnet_filter(struct sim *s, uint8_t *buf, int n)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		uint8_t c = buf[i];

		switch (s->telnet) {
		case 0: if (c == 0xFF) s->telnet = 1; else buf[k++] = c; break;
		case 1:
			if (c == 0xFF) { buf[k++] = c; s->telnet = 0; }
			else if (c == 250) { s->telnet = 3; s->nsb = 0; }
			else if (c >= 251) s->telnet = 2;
			else s->telnet = 0;
			break;
		case 2: s->telnet = 0; break;
		case 3:
			if (c == 0xFF) s->telnet = 4;
			else if (s->nsb < (int)sizeof(s->sb)) s->sb[s->nsb++] = c;
			break;
		case 4:
			s->telnet = c == 240 ? 0 : 3;
			if (c == 240 && s->nsb == 3 && s->sb[0] == 44 && s->sb[1] == 5) {
				bool was_rts = s->rts;

				if (s->sb[2] == 8 || s->sb[2] == 9) s->dtr = s->sb[2] == 8;
				if (s->sb[2] == 11 || s->sb[2] == 12) s->rts = s->sb[2] == 11;
				if (s->log != NULL)
					fprintf(s->log, "lines dtr=%d rts=%d\n", s->dtr, s->rts);
				if (was_rts && !s->rts) {
					/* EN released: IO0 (DTR) low means download mode. */
					s->download = s->dtr;
					if (s->log != NULL)
						fprintf(s->log, "reset %s\n", s->download ? "download" : "run");
					if (!s->download)
						puts_line(s, boot_log);
				}
			}
			break;
		}
	}
	return k;
}

/* The eFuse words as `espefuse.py dump` prints them, or as raw blocks. */
static int
write_words(const struct sim *s, const char *path, bool text)
{
	const struct efuse_chip_def *c = s->regs.chip;
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		return 2;
	if (text) {
		char up[16];
		size_t k = 0;

		for (const char *p = c->chip; *p != '\0' && k + 2 < sizeof(up); p++) {
			if (p - c->chip == 5)
				up[k++] = '-';
			up[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		}
		up[k] = '\0';
		fprintf(fp, "espefuse.py v4.12.0\nConnecting....\nDetecting chip type... %s\n", up);
	}
	for (unsigned b = 0; b < EFUSE_BLOCKS; b++) {
		if (c->block_words[b] == 0)
			continue;
		if (text)
			fprintf(fp, "BLOCK%-10u (                ) [%-2u] read_regs:", b, b);
		for (unsigned w = 0; w < c->block_words[b]; w++) {
			uint32_t v = s->regs.w[b][w];
			uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

			if (text)
				fprintf(fp, " %08x", v);
			else
				fwrite(le, 1, 4, fp);
		}
		if (text)
			fputc('\n', fp);
	}
	fclose(fp);
	return 0;
}

static int
listen_on(bool rfc2217)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1, fd;

	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(ls, 1) != 0)
		exit(3);
	getsockname(ls, (struct sockaddr *)&a, &al);
	printf("%s://127.0.0.1:%d\n", rfc2217 ? "rfc2217" : "tcp", ntohs(a.sin_port));
	fflush(stdout);
	fd = accept(ls, NULL, NULL);
	close(ls);
	return fd;
}

int
main(int argc, char **argv)
{
	struct sim s = { .baud = 115200, .rom = "normal", .console = "none", .fault = "none",
		.download = true };
	const char *efuse = NULL, *listen_mode = NULL, *dump_out = NULL, *bin_out = NULL;
	struct slip_decoder slip;
	struct fw_err err;
	int life = 30, slave = -1;
	time_t end;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--efuse") == 0) efuse = argv[i + 1];
		else if (strcmp(argv[i], "--rom") == 0) s.rom = argv[i + 1];
		else if (strcmp(argv[i], "--console") == 0) s.console = argv[i + 1];
		else if (strcmp(argv[i], "--fault") == 0) s.fault = argv[i + 1];
		else if (strcmp(argv[i], "--baud") == 0) s.baud = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--listen") == 0) listen_mode = argv[i + 1];
		else if (strcmp(argv[i], "--log") == 0) s.log = fopen(argv[i + 1], "w");
		else if (strcmp(argv[i], "--life") == 0) life = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--write-dump") == 0) dump_out = argv[i + 1];
		else if (strcmp(argv[i], "--write-bin") == 0) bin_out = argv[i + 1];
		else { fprintf(stderr, "esp_sim: unknown option %s\n", argv[i]); return 2; }
	}
	if (efuse != NULL) {
		FILE *fp = fopen(efuse, "rb");
		static uint8_t buf[1 << 20];
		size_t n = fp != NULL ? fread(buf, 1, sizeof(buf), fp) : 0;

		if (fp != NULL)
			fclose(fp);
		if (efuse_json_parse(buf, n, efuse, &s.dump, &err) != 0) {
			fprintf(stderr, "esp_sim: %s\n", err.msg);
			return 2;
		}
		s.regs.chip = efuse_dump_def(&s.dump);
		if (s.regs.chip == NULL) {
			fprintf(stderr, "esp_sim: no table for %s\n", s.dump.chip);
			return 2;
		}
		for (size_t i = 0; i < s.regs.chip->nfields; i++) {
			const struct efuse_field_def *d = &s.regs.chip->fields[i];
			const struct efuse_field *f = efuse_get(&s.dump, d->name);

			if (f != NULL)
				efuse_regs_encode_field(&s.regs, d, f);
		}
		/* A summary read with ESP32-P4's v3.0 map (espefuse's virtual
		 * chips are v3.0) is a v3.0 chip: its wafer version says so. */
		if (strcmp(s.regs.chip->map, "esp32p4_v3.0") == 0)
			for (size_t i = 0; i < s.regs.chip->nfields; i++) {
				const struct efuse_field_def *d = &s.regs.chip->fields[i];
				struct efuse_field v = { .has_raw = true };

				if (strcmp(d->name, "WAFER_VERSION_MAJOR_LO") == 0)
					v.raw = 3;
				else if (strcmp(d->name, "WAFER_VERSION_MAJOR_HI") != 0)
					continue;
				efuse_regs_encode_field(&s.regs, d, &v);
			}
		/* Read-protected key blocks read back as zero. */
		for (unsigned b = 1; b < EFUSE_BLOCKS; b++)
			for (unsigned w = 0; w < EFUSE_BLOCK_WORDS; w++)
				if (efuse_word_read_protected(s.regs.chip, b, w, efuse_regs_rd_dis(&s.regs)))
					s.regs.w[b][w] = 0;
	} else {
		s.regs.chip = efuse_chip_def("esp32c3");
		strcpy(s.dump.chip, "esp32c3");
	}
	if (dump_out != NULL || bin_out != NULL) {
		int rc = write_words(&s, dump_out != NULL ? dump_out : bin_out, dump_out != NULL);

		efuse_dump_free(&s.dump);
		return rc;
	}
	if (listen_mode != NULL) {
		s.rfc2217 = strcmp(listen_mode, "rfc2217") == 0;
		s.fd = listen_on(s.rfc2217);
	} else {
		char name[128];
		struct termios t;

		if (openpty(&s.fd, &slave, name, NULL, NULL) != 0)
			return 3;
		/* Raw until the client configures it; the sim keeps the slave open
		 * so the line only goes away when the sim does. */
		tcgetattr(slave, &t);
		cfmakeraw(&t);
		tcsetattr(slave, TCSANOW, &t);
		tcgetattr(s.fd, &t);
		cfmakeraw(&t);
		tcsetattr(s.fd, TCSANOW, &t);
		printf("%s\n", name);
		fflush(stdout);
	}
	if (strcmp(s.fault, "vanish") == 0 && slave >= 0) {
		/* Let the line really go away when the sim exits. */
		close(slave);
		slave = -1;
	}
	slip_init(&slip);
	end = time(NULL) + life;
	while (time(NULL) < end) {
		struct pollfd pfd = { .fd = s.fd, .events = POLLIN };
		uint8_t buf[512];
		int n;

		if (poll(&pfd, 1, 200) <= 0)
			continue;
		n = (int)read(s.fd, buf, sizeof(buf));
		if (n < 0 && errno == EIO) {
			/* No client on the slave side (vanish mode): wait. */
			struct timespec ts = { 0, 20000000 };

			nanosleep(&ts, NULL);
			continue;
		}
		if (n <= 0)
			break;
		pace(&s, (size_t)n);
		if (s.rfc2217)
			n = sim_telnet_filter(&s, buf, n);
		for (int i = 0; i < n; i++) {
			bool was_in = slip.in_frame;

			if (slip_feed(&slip, buf[i])) {
				if (strcmp(s.rom, "normal") == 0 || strcmp(s.rom, "secure") == 0) {
					if (s.download)
						request(&s, slip.buf, slip.len);
				}
				continue;
			}
			if (!was_in && !slip.in_frame && (buf[i] == '\r' || buf[i] == '\n')) {
				if (buf[i] == '\r' || i == 0 || buf[i - 1] != '\r')
					console_line(&s);
			}
			if (strcmp(s.rom, "bootlog") == 0 && !s.booted_log) {
				s.booted_log = true;
				puts_line(&s, boot_log);
			}
			if (strcmp(s.rom, "dldis") == 0 && !s.booted_log) {
				s.booted_log = true;
				puts_line(&s, dldis_log);
			}
		}
	}
	return 0;
}
