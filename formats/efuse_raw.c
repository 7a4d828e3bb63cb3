#include "formats/efuse_raw.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/reader.h"

/* Chip names as espefuse prints them ("ESP32-C3") or as --chip takes them,
 * longest first ("esp32c61" before "esp32c6"): the chip's audited map, or,
 * for a chip fwaudit has a map of but does not audit, *seen set and NULL. */
static const struct efuse_chip_def *
chip_in_text(const char *s, size_t n, const char **seen)
{
	char low[256], pat[24];
	size_t k = n < sizeof(low) - 1 ? n : sizeof(low) - 1;
	const struct efuse_chip_def *best = NULL;
	size_t best_len = 0;

	*seen = NULL;
	for (size_t i = 0; i < k; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[k] = '\0';
	for (int i = 0; efuse_chip_defs[i] != NULL; i++) {
		const char *chip = efuse_chip_defs[i]->chip;
		size_t len = strlen(chip);

		for (int dash = 0; dash < 2; dash++) {
			const char *at;
			char next;

			/* "esp32c3" or "esp32-c3"; plain "esp32" only as a whole word */
			snprintf(pat, sizeof(pat), "%.5s%s%s", chip, dash && len > 5 ? "-" : "",
			    chip + (len > 5 ? 5 : len));
			if ((at = strstr(low, pat)) == NULL || strlen(pat) <= best_len)
				continue;
			next = at[strlen(pat)];
			if (isalnum((unsigned char)next))
				continue;
			best = efuse_chip_defs[i];
			best_len = strlen(pat);
		}
	}
	if (best != NULL && !best->audited) {
		*seen = best->chip;
		return NULL;
	}
	return best != NULL ? efuse_chip_def(best->chip) : NULL;
}

int
efuse_dumptext_detect(const uint8_t *data, size_t len)
{
	size_t n = len < 8192 ? len : 8192;

	return memmem(data, n, "] read_regs:", 12) != NULL ? 90 : 0;
}

struct parsed_block {
	uint32_t w[EFUSE_BLOCK_WORDS];
	unsigned n;
	size_t line;
	bool seen;
};

static bool
all_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)p[i]))
			return false;
	return true;
}

/* "BLOCK_KEY0      (BLOCK4          ) [4 ] read_regs: 00000000 ..." */
static int
parse_regs_line(const char *line, size_t len, struct parsed_block *blocks, size_t lineno,
    const char *name, struct fw_err *err)
{
	char buf[512];
	const char *br, *p;
	unsigned long blk;
	char *end;

	if (len >= sizeof(buf))
		return err_set_line(err, name, (unsigned)lineno, 0, "line longer than %zu bytes",
		    sizeof(buf) - 1);
	memcpy(buf, line, len);
	buf[len] = '\0';
	if ((p = strstr(buf, "] read_regs:")) == NULL)
		return 0;
	if ((br = strrchr(buf, '[')) == NULL || br > p)
		return err_set_line(err, name, (unsigned)lineno, 0, "expected '[N ]' block number "
		    "before read_regs");
	blk = strtoul(br + 1, &end, 10);
	if (end == br + 1 || blk >= EFUSE_BLOCKS)
		return err_set_line(err, name, (unsigned)lineno, (unsigned)(br - buf) + 2,
		    "block number must be 0..%d", EFUSE_BLOCKS - 1);
	if (blocks[blk].seen)
		return err_set_line(err, name, (unsigned)lineno, 0, "block %lu appears twice", blk);
	blocks[blk].seen = true;
	blocks[blk].line = lineno;
	p += 12;
	for (;;) {
		unsigned long v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		/* Exactly eight hex digits: strtoul would also take a sign or
		 * "0x" and give a plausible wrong word. */
		v = strtoul(p, &end, 16);
		if (end - p != 8 || !all_hex(p, 8))
			return err_set_line(err, name, (unsigned)lineno, (unsigned)(p - buf) + 1,
			    "expected an 8-digit hex word");
		if (blocks[blk].n == EFUSE_BLOCK_WORDS)
			return err_set_line(err, name, (unsigned)lineno, (unsigned)(p - buf) + 1,
			    "more than %d words in block %lu", EFUSE_BLOCK_WORDS, blk);
		blocks[blk].w[blocks[blk].n++] = (uint32_t)v;
		p = end;
	}
	return 0;
}

int
efuse_dumptext_parse(const uint8_t *data, size_t len, const char *name,
    struct efuse_regs *out, struct fw_err *err)
{
	struct parsed_block blocks[EFUSE_BLOCKS];
	const struct efuse_chip_def *chip = NULL;
	const char *seen = NULL;
	struct reader rd;
	const uint8_t *line;
	size_t n, lineno = 0;

	memset(out, 0, sizeof(*out));
	memset(blocks, 0, sizeof(blocks));
	rd_init(&rd, data, len);
	while (rd_line(&rd, &line, &n) == 0) {
		lineno++;
		/* "Detecting chip type... ESP32-C3" or 'espefuse.py dump --chip esp32c3'. */
		if (chip == NULL && seen == NULL && n > 0 && (memmem(line, n, "chip type", 9) != NULL ||
		    memmem(line, n, "--chip", 6) != NULL))
			chip = chip_in_text((const char *)line, n, &seen);
		if (memmem(line, n, "] read_regs:", 12) == NULL)
			continue;
		if (parse_regs_line((const char *)line, n, blocks, lineno, name, err) != 0)
			return -1;
	}
	if (!blocks[0].seen)
		return err_set(err, name, ERR_NO_OFFSET, "no 'BLOCK0 ... [0 ] read_regs:' line: "
		    "expected the output of 'espefuse.py dump'");
	if (seen != NULL)
		return err_set(err, name, ERR_NO_OFFSET, "a dump of an %s, a chip fwaudit does "
		    "not audit yet: no eFuse meanings or rules for it", seen);
	if (chip == NULL && blocks[0].n == 7)
		chip = efuse_chip_def("esp32");	/* only ESP32 has 7 BLOCK0 words */
	if (chip == NULL)
		return err_set(err, name, ERR_NO_OFFSET, "the chip is not named: keep the "
		    "'Detecting chip type... ESP32-xx' line espefuse prints (or run it with --chip)");
	out->chip = chip;
	for (unsigned b = 0; b < EFUSE_BLOCKS; b++) {
		if (!blocks[b].seen)
			continue;
		if (blocks[b].n != chip->block_words[b])
			return err_set_line(err, name, (unsigned)blocks[b].line, 0, "block %u of %s "
			    "has %u words, expected %u", b, chip->chip, blocks[b].n,
			    chip->block_words[b]);
		memcpy(out->w[b], blocks[b].w, sizeof(out->w[b]));
		out->have[b] = (uint8_t)((1u << blocks[b].n) - 1);
	}
	return 0;
}

size_t
efuse_bin_size(const struct efuse_chip_def *c)
{
	size_t n = 0;

	for (unsigned b = 0; b < EFUSE_BLOCKS; b++)
		n += 4u * c->block_words[b];
	return n;
}

/* The one chip whose image has len bytes; several fit (the later chips all
 * have 336): the one named in name; NULL when none is left. *fits counts
 * the chips of that size. */
static const struct efuse_chip_def *
chip_by_size(size_t len, const char *name, int *fits)
{
	const char *seen;
	const struct efuse_chip_def *only = NULL, *named = name != NULL ?
	    chip_in_text(name, strlen(name), &seen) : NULL;

	*fits = 0;
	for (int i = 0; efuse_chip_defs[i] != NULL; i++)
		/* one size per chip: ESP32-P4's two maps have the same blocks */
		if (efuse_chip_defs[i]->audited && efuse_bin_size(efuse_chip_defs[i]) == len &&
		    efuse_chip_def(efuse_chip_defs[i]->chip) == efuse_chip_defs[i]) {
			(*fits)++;
			only = efuse_chip_defs[i];
		}
	if (*fits == 1)
		return only;
	return named != NULL && efuse_bin_size(named) == len ? named : NULL;
}

int
efuse_bin_detect(const uint8_t *data, size_t len)
{
	int fits;

	/* Size is all a raw image has; anything else recognising it wins. */
	chip_by_size(len, NULL, &fits);
	if (fits == 0)
		return 0;
	return memchr(data, '\n', len) == NULL || memchr(data, 0, len) != NULL ? 20 : 0;
}

int
efuse_bin_parse(const uint8_t *data, size_t len, const char *name,
    struct efuse_regs *out, struct fw_err *err)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const struct efuse_chip_def *chip;
	struct reader rd;
	int fits;

	memset(out, 0, sizeof(*out));
	chip = chip_by_size(len, base, &fits);
	if (chip == NULL && fits > 1)
		return err_set(err, name, ERR_NO_OFFSET, "a %zu-byte raw eFuse image fits "
		    "ESP32-S2, -S3, -C3, -C6, -H2, -C5, -C61, -P4 and -H4 alike: name the chip "
		    "in the file name (e.g. efuse_esp32c3.bin)", len);
	if (chip == NULL)
		return err_set(err, name, ERR_NO_OFFSET, "%zu bytes: a raw eFuse image is %zu "
		    "(ESP32), %zu (ESP32-C2) or %zu bytes (ESP32-S2/S3/C3/C6/H2/C5/C61/P4/H4): the read "
		    "registers of every block, little-endian", len,
		    efuse_bin_size(efuse_chip_def("esp32")), efuse_bin_size(efuse_chip_def("esp32c2")),
		    efuse_bin_size(efuse_chip_def("esp32c3")));
	out->chip = chip;
	rd_init(&rd, data, len);
	for (unsigned b = 0; b < EFUSE_BLOCKS; b++) {
		for (unsigned w = 0; w < chip->block_words[b]; w++)
			if (rd_u32le(&rd, &out->w[b][w]) != 0)
				return err_set(err, name, rd.off, "block %u word %u: truncated", b, w);
		out->have[b] = (uint8_t)((1u << chip->block_words[b]) - 1);
	}
	return 0;
}
