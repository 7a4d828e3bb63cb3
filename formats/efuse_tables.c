/* eFuse field tables (data) and the register-word <-> efuse_dump mapping.
 * Rows: espefuse/efuse_defs/<chip>.yaml (name, blk, word, pos, len, wr_dis,
 * rd_dis), limited to the security fields checks/efuse.c interprets and
 * named exactly as each chip's espefuse summary names them, so both paths
 * give the same facts. Block read addresses: esptool/targets/<chip>.py and
 * espefuse/efuse/<chip>/mem_definition.py (esp-formats.md 6.1): ESP32
 * BLOCK0 = EFUSE_BLK0_RDATA0_REG; later chips BLOCK0 word 0 =
 * EFUSE_RD_WR_DIS_REG at base + 0x2C. */
#include "formats/efuse_tables.h"

#include <stdio.h>
#include <string.h>

#define F(n, b, w, p, l, wd, rd, k) { n, b, w, p, l, wd, rd, k, 0 }
#define U EFK_UINT
#define B EFK_BYTES
#define M EFK_MAC

static const struct efuse_field_def esp32_fields[] = {
	F("WR_DIS", 0, 0, 0, 16, 1, -1, U),
	F("RD_DIS", 0, 0, 16, 4, 0, -1, U),
	F("FLASH_CRYPT_CNT", 0, 0, 20, 7, 2, -1, U),
	F("UART_DOWNLOAD_DIS", 0, 0, 27, 1, 2, -1, U),
	F("MAC", 0, 1, 0, 48, 3, -1, M),
	F("FLASH_CRYPT_CONFIG", 0, 5, 28, 4, 10, 3, U),
	F("CODING_SCHEME", 0, 6, 0, 2, 10, 3, U),
	F("CONSOLE_DEBUG_DISABLE", 0, 6, 2, 1, 15, -1, U),
	F("ABS_DONE_0", 0, 6, 4, 1, 12, -1, U),
	F("ABS_DONE_1", 0, 6, 5, 1, 13, -1, U),
	F("JTAG_DISABLE", 0, 6, 6, 1, 14, -1, U),
	F("DISABLE_DL_ENCRYPT", 0, 6, 7, 1, 15, -1, U),
	F("DISABLE_DL_DECRYPT", 0, 6, 8, 1, 15, -1, U),
	F("DISABLE_DL_CACHE", 0, 6, 9, 1, 15, -1, U),
	F("KEY_STATUS", 0, 6, 10, 1, 10, 3, U),
	F("BLOCK1", 1, 0, 0, 256, 7, 0, B),
	F("BLOCK2", 2, 0, 0, 256, 8, 1, B),
	F("BLOCK3", 3, 0, 0, 256, 9, 2, B),
	F("SECURE_VERSION", 3, 4, 0, 32, 9, 2, U),
};

/* Fields at the same place on ESP32-S2, -S3, -C3, -C6 and -H2. */
#define COMMON_ROWS \
	F("WR_DIS", 0, 0, 0, 32, -1, -1, U), \
	F("RD_DIS", 0, 1, 0, 7, 0, -1, U), \
	F("DIS_FORCE_DOWNLOAD", 0, 1, 12, 1, 2, -1, U), \
	F("SPI_BOOT_CRYPT_CNT", 0, 2, 18, 3, 4, -1, U), \
	F("SECURE_BOOT_KEY_REVOKE0", 0, 2, 21, 1, 5, -1, U), \
	F("SECURE_BOOT_KEY_REVOKE1", 0, 2, 22, 1, 6, -1, U), \
	F("SECURE_BOOT_KEY_REVOKE2", 0, 2, 23, 1, 7, -1, U), \
	F("KEY_PURPOSE_0", 0, 2, 24, 4, 8, -1, U), \
	F("KEY_PURPOSE_1", 0, 2, 28, 4, 9, -1, U), \
	F("KEY_PURPOSE_2", 0, 3, 0, 4, 10, -1, U), \
	F("KEY_PURPOSE_3", 0, 3, 4, 4, 11, -1, U), \
	F("KEY_PURPOSE_4", 0, 3, 8, 4, 12, -1, U), \
	F("KEY_PURPOSE_5", 0, 3, 12, 4, 13, -1, U), \
	F("SECURE_BOOT_EN", 0, 3, 20, 1, 15, -1, U), \
	F("SECURE_BOOT_AGGRESSIVE_REVOKE", 0, 3, 21, 1, 16, -1, U), \
	F("DIS_DOWNLOAD_MODE", 0, 4, 0, 1, 18, -1, U), \
	F("ENABLE_SECURITY_DOWNLOAD", 0, 4, 5, 1, 18, -1, U), \
	F("UART_PRINT_CONTROL", 0, 4, 6, 2, 18, -1, U), \
	F("MAC", 1, 0, 0, 48, 20, -1, M), \
	F("BLOCK_KEY0", 4, 0, 0, 256, 23, 0, B), \
	F("BLOCK_KEY1", 5, 0, 0, 256, 24, 1, B), \
	F("BLOCK_KEY2", 6, 0, 0, 256, 25, 2, B), \
	F("BLOCK_KEY3", 7, 0, 0, 256, 26, 3, B), \
	F("BLOCK_KEY4", 8, 0, 0, 256, 27, 4, B), \
	F("BLOCK_KEY5", 9, 0, 0, 256, 28, 5, B), \
	F("BLOCK_SYS_DATA2", 10, 0, 0, 256, 29, 6, B)

static const struct efuse_field_def esp32s2_fields[] = {
	COMMON_ROWS,
	F("DIS_DOWNLOAD_ICACHE", 0, 1, 10, 1, 2, -1, U),
	F("DIS_DOWNLOAD_DCACHE", 0, 1, 11, 1, 2, -1, U),
	F("SOFT_DIS_JTAG", 0, 1, 17, 1, 2, -1, U),
	F("HARD_DIS_JTAG", 0, 1, 18, 1, 2, -1, U),
	F("DIS_DOWNLOAD_MANUAL_ENCRYPT", 0, 1, 19, 1, 2, -1, U),
	F("DIS_LEGACY_SPI_BOOT", 0, 4, 1, 1, 18, -1, U),
	F("DIS_USB_DOWNLOAD_MODE", 0, 4, 4, 1, 18, -1, U),
	F("SECURE_VERSION", 0, 4, 11, 16, 18, -1, U),
};

static const struct efuse_field_def esp32s3_fields[] = {
	COMMON_ROWS,
	F("DIS_DOWNLOAD_ICACHE", 0, 1, 10, 1, 2, -1, U),
	F("DIS_DOWNLOAD_DCACHE", 0, 1, 11, 1, 2, -1, U),
	F("SOFT_DIS_JTAG", 0, 1, 16, 3, 31, -1, U),
	F("DIS_PAD_JTAG", 0, 1, 19, 1, 2, -1, U),
	F("DIS_DOWNLOAD_MANUAL_ENCRYPT", 0, 1, 20, 1, 2, -1, U),
	F("DIS_USB_JTAG", 0, 3, 22, 1, 2, -1, U),
	F("DIS_USB_SERIAL_JTAG", 0, 3, 23, 1, 2, -1, U),
	F("DIS_DIRECT_BOOT", 0, 4, 1, 1, 18, -1, U),
	F("DIS_USB_SERIAL_JTAG_DOWNLOAD_MODE", 0, 4, 4, 1, 18, -1, U),
	F("SECURE_VERSION", 0, 4, 14, 16, 18, -1, U),
	F("DIS_USB_OTG_DOWNLOAD_MODE", 0, 4, 31, 1, 19, -1, U),
};

/* ESP32-C3 and ESP32-C6 place these identically. */
#define C3_C6_ROWS \
	F("DIS_USB_JTAG", 0, 1, 9, 1, 2, -1, U), \
	F("DIS_DOWNLOAD_ICACHE", 0, 1, 10, 1, 2, -1, U), \
	F("DIS_USB_SERIAL_JTAG", 0, 1, 11, 1, 2, -1, U), \
	F("SOFT_DIS_JTAG", 0, 1, 16, 3, 31, -1, U), \
	F("DIS_PAD_JTAG", 0, 1, 19, 1, 2, -1, U), \
	F("DIS_DOWNLOAD_MANUAL_ENCRYPT", 0, 1, 20, 1, 2, -1, U), \
	F("DIS_DIRECT_BOOT", 0, 4, 1, 1, 18, -1, U), \
	F("DIS_USB_SERIAL_JTAG_DOWNLOAD_MODE", 0, 4, 4, 1, 18, -1, U), \
	F("SECURE_VERSION", 0, 4, 14, 16, 18, -1, U)

static const struct efuse_field_def esp32c3_fields[] = { COMMON_ROWS, C3_C6_ROWS };
static const struct efuse_field_def esp32c6_fields[] = { COMMON_ROWS, C3_C6_ROWS };

/* ESP32-H2: no download-mode cache fuse; DIS_USB_SERIAL_JTAG exists but is
 * hidden (show: n) in its yaml, so espefuse does not print it. */
static const struct efuse_field_def esp32h2_fields[] = {
	COMMON_ROWS,
	F("DIS_USB_JTAG", 0, 1, 9, 1, 2, -1, U),
	F("SOFT_DIS_JTAG", 0, 1, 16, 3, 31, -1, U),
	F("DIS_PAD_JTAG", 0, 1, 19, 1, 2, -1, U),
	F("DIS_DOWNLOAD_MANUAL_ENCRYPT", 0, 1, 20, 1, 2, -1, U),
	F("DIS_DIRECT_BOOT", 0, 4, 1, 1, 18, -1, U),
	F("DIS_USB_SERIAL_JTAG_DOWNLOAD_MODE", 0, 4, 4, 1, 18, -1, U),
	F("SECURE_VERSION", 0, 4, 9, 16, 18, -1, U),
};

/* ESP32-C2: a two-word BLOCK0 and one key block whose halves have their
 * own read protection (espefuse/efuse/esp32c2/mem_definition.py splits
 * BLOCK_KEY0 into LOW_128, the flash encryption key, rd_dis 0, and HI_128,
 * the Secure Boot digest, rd_dis 1). */
static const struct efuse_field_def esp32c2_fields[] = {
	F("WR_DIS", 0, 0, 0, 8, -1, -1, U),
	F("RD_DIS", 0, 1, 0, 2, 0, -1, U),
	F("DIS_PAD_JTAG", 0, 1, 4, 1, 1, -1, U),
	F("DIS_DOWNLOAD_ICACHE", 0, 1, 5, 1, 1, -1, U),
	F("DIS_DOWNLOAD_MANUAL_ENCRYPT", 0, 1, 6, 1, 2, -1, U),
	F("SPI_BOOT_CRYPT_CNT", 0, 1, 7, 3, 2, -1, U),
	F("XTS_KEY_LENGTH_256", 0, 1, 10, 1, 2, -1, U),
	F("UART_PRINT_CONTROL", 0, 1, 11, 2, 3, -1, U),
	F("DIS_DOWNLOAD_MODE", 0, 1, 14, 1, 3, -1, U),
	F("DIS_DIRECT_BOOT", 0, 1, 15, 1, 3, -1, U),
	F("ENABLE_SECURITY_DOWNLOAD", 0, 1, 16, 1, 3, -1, U),
	F("SECURE_BOOT_EN", 0, 1, 21, 1, 2, -1, U),
	F("SECURE_VERSION", 0, 1, 22, 4, 4, -1, U),
	F("MAC", 2, 0, 0, 48, 6, -1, M),
	{ "BLOCK_KEY0", 3, 0, 0, 256, 7, 0, B, 1u << 1 },
	F("BLOCK_KEY0_LOW_128", 3, 0, 0, 128, 7, 0, B),
	F("BLOCK_KEY0_HI_128", 3, 4, 0, 128, 7, 1, B),
};

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* S2 and later: BLOCK0 6 words at base+0x2C, BLOCK1 6 at +0x44, BLOCK2 +0x5C,
 * BLOCK3 +0x7C, KEY0..5 +0x9C + 0x20*k, SYS_DATA2 +0x15C (8 words each). */
#define LATER_BLOCKS(base) \
	{ (base) + 0x2C, (base) + 0x44, (base) + 0x5C, (base) + 0x7C, (base) + 0x9C, \
	  (base) + 0xBC, (base) + 0xDC, (base) + 0xFC, (base) + 0x11C, (base) + 0x13C, \
	  (base) + 0x15C }, { 6, 6, 8, 8, 8, 8, 8, 8, 8, 8, 8 }

static const struct efuse_chip_def esp32_def = {
	"esp32", { 0x3FF5A000, 0x3FF5A038, 0x3FF5A058, 0x3FF5A078 }, { 7, 8, 8, 8 },
	esp32_fields, N(esp32_fields), "RD_DIS", 0x3FF5A000,
};
static const struct efuse_chip_def esp32c2_def = {
	"esp32c2", { 0x6000882C, 0x60008834, 0x60008840, 0x60008860 }, { 2, 3, 8, 8 },
	esp32c2_fields, N(esp32c2_fields), "RD_DIS", 0x60008800,
};
static const struct efuse_chip_def esp32s2_def = {
	"esp32s2", LATER_BLOCKS(0x3F41A000), esp32s2_fields, N(esp32s2_fields), "RD_DIS", 0x3F41A000,
};
static const struct efuse_chip_def esp32s3_def = {
	"esp32s3", LATER_BLOCKS(0x60007000), esp32s3_fields, N(esp32s3_fields), "RD_DIS", 0x60007000,
};
static const struct efuse_chip_def esp32c3_def = {
	"esp32c3", LATER_BLOCKS(0x60008800), esp32c3_fields, N(esp32c3_fields), "RD_DIS", 0x60008800,
};
static const struct efuse_chip_def esp32c6_def = {
	"esp32c6", LATER_BLOCKS(0x600B0800), esp32c6_fields, N(esp32c6_fields), "RD_DIS", 0x600B0800,
};
static const struct efuse_chip_def esp32h2_def = {
	"esp32h2", LATER_BLOCKS(0x600B0800), esp32h2_fields, N(esp32h2_fields), "RD_DIS", 0x600B0800,
};

const struct efuse_chip_def *const efuse_chip_defs[] = {
	&esp32_def, &esp32c2_def, &esp32s2_def, &esp32s3_def, &esp32c3_def, &esp32c6_def,
	&esp32h2_def, NULL,
};

const struct efuse_chip_def *
efuse_chip_def(const char *chip)
{
	for (int i = 0; efuse_chip_defs[i] != NULL; i++)
		if (strcmp(efuse_chip_defs[i]->chip, chip) == 0)
			return efuse_chip_defs[i];
	return NULL;
}

uint32_t
efuse_word_addr(const struct efuse_chip_def *c, unsigned b, unsigned w)
{
	if (b >= EFUSE_BLOCKS || w >= c->block_words[b] || c->block_addr[b] == 0)
		return 0;
	return c->block_addr[b] + 4 * w;
}

/* Words [first, last] that a field spans. */
static void
field_words(const struct efuse_field_def *d, unsigned *first, unsigned *last)
{
	*first = d->word;
	*last = (d->word * 32u + d->pos + d->len - 1) / 32;
}

bool
efuse_word_needed(const struct efuse_chip_def *c, unsigned b, unsigned w)
{
	for (size_t i = 0; i < c->nfields; i++) {
		unsigned first, last;

		field_words(&c->fields[i], &first, &last);
		if (c->fields[i].block == b && w >= first && w <= last)
			return true;
	}
	return false;
}

static const struct efuse_field_def *
def_by_name(const struct efuse_chip_def *c, const char *name)
{
	for (size_t i = 0; i < c->nfields; i++)
		if (strcmp(c->fields[i].name, name) == 0)
			return &c->fields[i];
	return NULL;
}

static bool
have_words(const struct efuse_regs *r, const struct efuse_field_def *d)
{
	unsigned first, last;

	field_words(d, &first, &last);
	if (last >= EFUSE_BLOCK_WORDS)
		return false;
	for (unsigned w = first; w <= last; w++)
		if (!(r->have[d->block] >> w & 1))
			return false;
	return true;
}

static unsigned
get_bit(const struct efuse_regs *r, unsigned block, unsigned bit)
{
	return r->w[block][bit / 32] >> (bit % 32) & 1;
}

static void
put_bit(struct efuse_regs *r, unsigned block, unsigned bit, unsigned v)
{
	uint32_t m = 1u << (bit % 32);

	r->w[block][bit / 32] = v ? r->w[block][bit / 32] | m : r->w[block][bit / 32] & ~m;
	r->have[block] |= (uint8_t)(1u << (bit / 32));
}

/* Up to 64 bits of a field, or byte j of it (bits start + 8j ..). */
static uint64_t
get_field(const struct efuse_regs *r, const struct efuse_field_def *d, unsigned start, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)get_bit(r, d->block, d->word * 32u + d->pos + start + i) << i;
	return v;
}

static long
field_value(const struct efuse_regs *r, const char *name)
{
	const struct efuse_field_def *d = def_by_name(r->chip, name);

	if (d == NULL || !have_words(r, d))
		return -1;
	return (long)get_field(r, d, 0, d->len);
}

bool
efuse_chip_has_field(const struct efuse_chip_def *c, const char *name)
{
	return c != NULL && def_by_name(c, name) != NULL;
}

long
efuse_regs_rd_dis(const struct efuse_regs *r)
{
	return field_value(r, r->chip->rd_dis_field);
}

static bool
unreadable(const struct efuse_field_def *d, long rd_dis)
{
	return rd_dis >= 0 && ((d->rd_dis >= 0 && (rd_dis >> d->rd_dis & 1)) ||
	    (rd_dis & d->rd_dis_more) != 0);
}

bool
efuse_word_read_protected(const struct efuse_chip_def *c, unsigned b, unsigned w, long rd_dis)
{
	bool covered = false;

	for (size_t i = 0; i < c->nfields; i++) {
		const struct efuse_field_def *d = &c->fields[i];
		unsigned first, last;

		field_words(d, &first, &last);
		if (d->block != b || d->kind != EFK_BYTES || w < first || w > last)
			continue;
		if (!unreadable(d, rd_dis))
			return false;
		covered = true;
	}
	return covered;
}

int
efuse_regs_decode(const struct efuse_regs *r, struct efuse_dump *out,
    const char *source, struct fw_err *err)
{
	const struct efuse_chip_def *c = r->chip;
	long rd_dis = efuse_regs_rd_dis(r), wr_dis = field_value(r, "WR_DIS");

	memset(out, 0, sizeof(*out));
	snprintf(out->chip, sizeof(out->chip), "%s", c->chip);
	for (size_t i = 0; i < c->nfields; i++) {
		const struct efuse_field_def *d = &c->fields[i];
		struct efuse_field *f;

		if (!have_words(r, d))
			continue;
		if ((f = efuse_add(out, d->name)) == NULL) {
			efuse_dump_free(out);
			return err_internal(err, source, "out of memory decoding eFuses");
		}
		f->block = d->block;
		/* Protection bits that were not read leave access unknown, not
		 * "readable"/"writeable". */
		f->readable = !unreadable(d, rd_dis);
		f->rd_unknown = rd_dis < 0 && (d->rd_dis >= 0 || d->rd_dis_more != 0);
		f->writeable = d->wr_dis < 0 || wr_dis < 0 || !(wr_dis >> d->wr_dis & 1);
		f->wr_unknown = wr_dis < 0 && d->wr_dis >= 0;
		switch (d->kind) {
		case EFK_UINT:
			f->raw = get_field(r, d, 0, d->len);
			f->has_raw = true;
			break;
		case EFK_BYTES:
			f->nbytes = d->len / 8;
			for (size_t j = 0; j < f->nbytes; j++)
				f->bytes[j] = (uint8_t)get_field(r, d, 8 * (unsigned)j, 8);
			break;
		case EFK_MAC:
			/* Stored last byte first (esptool read_mac packs the two
			 * words big-endian): printed byte k = stored byte 5 - k. */
			for (unsigned j = 0; j < 6; j++)
				f->bytes[5 - j] = (uint8_t)get_field(r, d, 8 * j, 8);
			snprintf(f->text, sizeof(f->text), "%02x:%02x:%02x:%02x:%02x:%02x",
			    f->bytes[0], f->bytes[1], f->bytes[2], f->bytes[3], f->bytes[4], f->bytes[5]);
			memset(f->bytes, 0, 6);
			break;
		}
	}
	return 0;
}

int
efuse_regs_encode_field(struct efuse_regs *r, const struct efuse_field_def *d,
    const struct efuse_field *f)
{
	uint8_t mac[6];

	switch (d->kind) {
	case EFK_UINT:
		if (!f->has_raw || d->len > 64)
			return -1;
		for (unsigned i = 0; i < d->len; i++)
			put_bit(r, d->block, d->word * 32u + d->pos + i, (unsigned)(f->raw >> i & 1));
		return 0;
	case EFK_BYTES:
		if (f->nbytes != d->len / 8u)
			return -1;
		for (unsigned i = 0; i < d->len; i++)
			put_bit(r, d->block, d->word * 32u + d->pos + i, f->bytes[i / 8] >> (i % 8) & 1);
		return 0;
	case EFK_MAC:
		/* "aa:bb:cc:dd:ee:ff" with anything after it (" (OK)") ignored. */
		if (sscanf(f->text, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx", &mac[0], &mac[1],
		    &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
			return -1;
		for (unsigned i = 0; i < 48; i++)
			put_bit(r, d->block, d->word * 32u + d->pos + i, mac[5 - i / 8] >> (i % 8) & 1);
		return 0;
	}
	return -1;
}
