/* eFuse field tables (formats/efuse_tables_gen.c, generated from
 * Espressif's definitions by scripts/efuse_tables.py) and the register-word
 * <-> efuse_dump mapping. Decoded rows are the security fields
 * checks/efuse.c interprets, named exactly as each chip's espefuse summary
 * names them, so both paths give the same facts. */
#include "formats/efuse_tables.h"

#include <stdio.h>
#include <string.h>

const struct efuse_chip_def *
efuse_any_def(const char *name)
{
	for (int i = 0; efuse_chip_defs[i] != NULL; i++)
		if (strcmp(efuse_chip_defs[i]->map, name) == 0)
			return efuse_chip_defs[i];
	for (int i = 0; efuse_chip_defs[i] != NULL; i++)
		if (strcmp(efuse_chip_defs[i]->chip, name) == 0)
			return efuse_chip_defs[i];
	return NULL;
}

const struct efuse_chip_def *
efuse_chip_def(const char *chip)
{
	const struct efuse_chip_def *c = chip != NULL ? efuse_any_def(chip) : NULL;

	return c != NULL && c->audited ? c : NULL;
}

const struct efuse_chip_def *
efuse_dump_def(const struct efuse_dump *d)
{
	return efuse_chip_def(d->map[0] != '\0' ? d->map : d->chip);
}

const char *
efuse_chip_purpose(const struct efuse_chip_def *c, unsigned purpose)
{
	return c != NULL && purpose < c->npurposes ? c->purposes[purpose] : NULL;
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

static bool
map_needs(const struct efuse_chip_def *c, unsigned b, unsigned w)
{
	for (size_t i = 0; i < c->nfields; i++) {
		unsigned first, last;

		field_words(&c->fields[i], &first, &last);
		if (c->fields[i].block == b && w >= first && w <= last)
			return true;
	}
	return false;
}

/* Needed by any map of the chip: which of ESP32-P4's two maps applies is
 * known only once the words are read. */
bool
efuse_word_needed(const struct efuse_chip_def *c, unsigned b, unsigned w)
{
	for (int i = 0; efuse_chip_defs[i] != NULL; i++)
		if (efuse_chip_defs[i]->audited && strcmp(efuse_chip_defs[i]->chip, c->chip) == 0 &&
		    efuse_chip_defs[i]->block_addr[b] == c->block_addr[b] &&
		    map_needs(efuse_chip_defs[i], b, w))
			return true;
	return map_needs(c, b, w);
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
	if (c == NULL)
		return false;
	for (size_t i = 0; i < c->nident; i++)
		if (strcmp(c->ident[i].name, name) == 0)
			return true;
	return def_by_name(c, name) != NULL;
}

/* ESP32-P4 v3.0 and later: KEY_PURPOSE_n_H is bit 4 of KEY_PURPOSE_n
 * (espefuse joins them the same way). */
static void
join_purpose_high_bits(struct efuse_dump *out, const struct efuse_chip_def *c)
{
	for (int k = 0; k < 6; k++) {
		char name[32], hname[32];
		struct efuse_field *p;
		const struct efuse_field *h;
		const struct efuse_field_def *pd;

		snprintf(name, sizeof(name), "KEY_PURPOSE_%d", k);
		snprintf(hname, sizeof(hname), "KEY_PURPOSE_%d_H", k);
		p = (struct efuse_field *)efuse_get(out, name);
		h = efuse_get(out, hname);
		pd = def_by_name(c, name);
		if (p != NULL && h != NULL && pd != NULL && p->has_raw && h->has_raw)
			p->raw |= h->raw << pd->len;
	}
}

int
efuse_regs_select_map(struct efuse_regs *r)
{
	const struct efuse_chip_def *v3 = efuse_chip_def("esp32p4_v3.0");
	long lo, hi;

	if (strcmp(r->chip->chip, "esp32p4") != 0 || v3 == NULL)
		return 0;
	lo = field_value(r, "WAFER_VERSION_MAJOR_LO");
	hi = field_value(r, "WAFER_VERSION_MAJOR_HI");
	if (lo < 0 || hi < 0)
		return -1;
	/* fields.py: chip_revision >= 300 loads esp32p4_v3.0.yaml. */
	r->chip = (hi << 2 | lo) >= 3 ? v3 : efuse_chip_def("esp32p4");
	return 0;
}

/* espefuse's joined fields: X from X_LO + X_HI, or from X_<a>_<b> pieces
 * (bits a..b), as its summary prints them. */
static void
join_split_fields(struct efuse_dump *out)
{
	size_t n = out->n;

	for (size_t i = 0; i < n; i++) {
		const struct efuse_field *lo = &out->fields[i], *hi;
		const struct efuse_field_def *ld;
		size_t len = strlen(lo->name);
		char base[EFUSE_NAME_MAX], hname[EFUSE_NAME_MAX + 4];
		struct efuse_field *j;

		if (len < 4 || strcmp(lo->name + len - 3, "_LO") != 0 || !lo->has_raw)
			continue;
		snprintf(base, sizeof(base), "%.*s", (int)(len - 3), lo->name);
		snprintf(hname, sizeof(hname), "%s_HI", base);
		hi = efuse_get(out, hname);
		ld = NULL;
		for (int k = 0; efuse_chip_defs[k] != NULL && ld == NULL; k++)
			if (strcmp(efuse_chip_defs[k]->chip, out->chip) == 0)
				ld = def_by_name(efuse_chip_defs[k], lo->name);
		if (hi == NULL || !hi->has_raw || ld == NULL || efuse_get(out, base) != NULL ||
		    (j = efuse_add(out, base)) == NULL)
			continue;
		lo = &out->fields[i];
		hi = efuse_get(out, hname);
		j->block = lo->block;
		j->raw = lo->raw | hi->raw << ld->len;
		j->has_raw = true;
		j->writeable = lo->writeable && hi->writeable;
		j->wr_unknown = lo->wr_unknown || hi->wr_unknown;
	}
}

static void
join_bit_ranges(struct efuse_dump *out, const char *base)
{
	uint64_t v = 0;
	unsigned next = 0;
	bool more = true;
	struct efuse_field *j;

	while (more) {
		more = false;
		for (size_t i = 0; i < out->n; i++) {
			const struct efuse_field *f = &out->fields[i];
			size_t bl = strlen(base);
			unsigned a, b;

			if (strncmp(f->name, base, bl) != 0 || f->name[bl] != '_' || !f->has_raw ||
			    sscanf(f->name + bl, "_%u_%u", &a, &b) != 2 || a != next || b < a)
				continue;
			v |= f->raw << a;
			next = b + 1;
			more = true;
		}
	}
	if (next == 0 || efuse_get(out, base) != NULL || (j = efuse_add(out, base)) == NULL)
		return;
	j->block = 0;
	j->raw = v;
	j->has_raw = true;
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
	struct efuse_regs sel = *r;
	const struct efuse_chip_def *c;
	long rd_dis, wr_dis;

	/* The map the chip's revision selects, where it has two. */
	(void)efuse_regs_select_map(&sel);
	r = &sel;
	c = r->chip;
	rd_dis = efuse_regs_rd_dis(r);
	wr_dis = field_value(r, "WR_DIS");

	memset(out, 0, sizeof(*out));
	snprintf(out->chip, sizeof(out->chip), "%s", c->chip);
	snprintf(out->map, sizeof(out->map), "%s", c->map);
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
	join_split_fields(out);
	join_purpose_high_bits(out, c);
	join_bit_ranges(out, "RECOVERY_BOOTLOADER_FLASH_SECTOR");
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
