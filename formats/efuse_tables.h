/* eFuse field tables per chip, as data: where each security field lives in
 * the eFuse read registers, so that register words (live READ_REG, a raw
 * block dump, an `espefuse.py dump`) fill the same struct efuse_dump as the
 * espefuse JSON summary does, and every field each esptool release defines,
 * which tells exactly which chip a summary belongs to. The tables are
 * generated (formats/efuse_tables_gen.c) by scripts/efuse_tables.py from
 * scripts/efuse_defs.tsv, itself extracted from espressif/esptool
 * espefuse/efuse_defs/<map>.yaml, espefuse/efuse/<chip>/mem_definition.py
 * and fields.py at v4.12.0 and v5.3.1. */
#ifndef FWAUDIT_FORMATS_EFUSE_TABLES_H
#define FWAUDIT_FORMATS_EFUSE_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "formats/efuse.h"

#define EFUSE_BLOCKS 11		/* BLOCK0..BLOCK10 (ESP32: BLOCK0..3) */
#define EFUSE_BLOCK_WORDS 8	/* 32-bit words per block, at most */

enum efuse_kind {
	EFK_UINT,	/* up to 64 bits: raw */
	EFK_BYTES,	/* key block: bytes in memory order, as espefuse prints them */
	EFK_MAC,	/* 6 bytes stored reversed; text "aa:bb:cc:dd:ee:ff" */
};

struct efuse_field_def {
	const char *name;	/* espefuse name */
	uint8_t block, word, pos;
	uint16_t len;		/* bits */
	int8_t wr_dis;		/* bit in WR_DIS that write-protects it, -1 none */
	int8_t rd_dis;		/* bit in RD_DIS that read-protects it, -1 none */
	uint8_t kind;		/* enum efuse_kind */
	uint8_t rd_dis_more;	/* further RD_DIS bits (mask) that also hide it (ESP32-C2 BLOCK_KEY0) */
};

/* One field as some esptool release defines it (identification only). */
struct efuse_ident_row {
	const char *name;
	uint8_t block, word, pos;
	uint16_t len;
};

/* One eFuse map: a chip, or a chip revision with its own map (ESP32-P4
 * v3.0 and later: esp32p4_v3.0). */
struct efuse_chip_def {
	const char *chip;		/* "esp32c3" */
	const char *map;		/* esptool's table: "esp32c3", "esp32p4_v3.0" */
	const char *release;		/* newest esptool release the decoding rows come from */
	bool audited;			/* fwaudit has rules for it (else identified and refused) */
	uint32_t block_addr[EFUSE_BLOCKS];	/* read address of each block's word 0; 0: none */
	uint8_t block_words[EFUSE_BLOCKS];	/* words the block has */
	const struct efuse_field_def *fields;	/* decoded security fields (audited maps) */
	size_t nfields;
	const struct efuse_ident_row *ident;	/* every field of every release, by name */
	size_t nident;
	const char *const *purposes;	/* KEY_PURPOSE number -> espefuse name (NULL gaps) */
	size_t npurposes;
	const char *rd_dis_field;	/* "RD_DIS" */
	uint32_t base;			/* eFuse controller base (raw register images start here) */
};

/* Register words of one chip, as read; have[b] bit w set when word w of
 * block b was read (unread words decode as absent fields). */
struct efuse_regs {
	const struct efuse_chip_def *chip;
	uint32_t w[EFUSE_BLOCKS][EFUSE_BLOCK_WORDS];
	uint8_t have[EFUSE_BLOCKS];
};

/* The audited map of a chip ("esp32p4": its first map), or of a map name
 * ("esp32p4_v3.0"); NULL when fwaudit does not audit it. */
const struct efuse_chip_def *efuse_chip_def(const char *chip);
/* Any map by chip or map name, audited or not. */
const struct efuse_chip_def *efuse_any_def(const char *name);
/* The map the dump was read with (d->map, else d->chip). */
const struct efuse_chip_def *efuse_dump_def(const struct efuse_dump *d);
/* KEY_PURPOSE number -> espefuse name on that chip; NULL unknown. */
const char *efuse_chip_purpose(const struct efuse_chip_def *c, unsigned purpose);
/* NULL-terminated list of every map, audited or not. */
extern const struct efuse_chip_def *const efuse_chip_defs[];

/* Whether the chip's table has the field (chip may be NULL: false). */
bool efuse_chip_has_field(const struct efuse_chip_def *c, const char *name);
/* Register address of word w of block b (0 when the chip lacks it). */
uint32_t efuse_word_addr(const struct efuse_chip_def *c, unsigned b, unsigned w);
/* Whether the word is needed by some field of the table. */
bool efuse_word_needed(const struct efuse_chip_def *c, unsigned b, unsigned w);
/* The RD_DIS value from the words read, or -1 when that word is missing. */
long efuse_regs_rd_dis(const struct efuse_regs *r);
/* Whether word w of block b lies only in read-protected key fields
 * according to rd_dis (then it reads as 0 and need not be read). */
bool efuse_word_read_protected(const struct efuse_chip_def *c, unsigned b, unsigned w,
    long rd_dis);

/* Fills out (chip set, every field whose words were all read); 0, or -1
 * with err when allocation fails. */
int efuse_regs_decode(const struct efuse_regs *r, struct efuse_dump *out,
    const char *source, struct fw_err *err);

/* ESP32-P4: esptool reads chips of revision v3.0 and later with the
 * esp32p4_v3.0 map (espefuse/efuse/esp32p4/fields.py). Switches r->chip to
 * the map the wafer version read selects; 0, or -1 when the version words
 * were not read (the map stays the one given). */
int efuse_regs_select_map(struct efuse_regs *r);

/* Which chip an espefuse summary belongs to, exactly: the one map whose
 * fields (in any esptool release fwaudit knows) include every field of the
 * summary at the block, word and bit it gives. Several such maps: the one
 * with the fewest fields the summary lacks, if only one has that fewest.
 * 0 with *out set, or -1 with why (what was seen, the nearest maps). */
int efuse_identify(const struct efuse_dump *d, const struct efuse_chip_def **out,
    char *why, size_t whylen);

/* The inverse, for tests and the simulator: sets the field's bits in r
 * from a dump field (raw, bytes, or MAC text). 0, or -1 if not encodable. */
int efuse_regs_encode_field(struct efuse_regs *r, const struct efuse_field_def *d,
    const struct efuse_field *f);

#endif
