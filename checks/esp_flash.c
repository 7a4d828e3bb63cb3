/* A flash dump (esptool read_flash, a merged factory image): finds the
 * bootloader (0x0, 0x1000 or 0x2000 by chip) and the partition table
 * (0x8000, else any 4 KiB boundary where one parses), checks the bootloader
 * and every app partition's image and signature sector, reads otadata,
 * hands NVS and identity partitions to their decoders, and says which
 * partitions are readable in the clear (flash encryption, §4.3).
 * Damage inside the dump is a fact; only a file that is no dump at all is
 * an error. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "checks/claims.h"
#include "checks/components.h"
#include "checks/esp_decrypt.h"
#include "checks/esp_sbv1.h"
#include "checks/esp_common.h"
#include "checks/identity.h"
#include "checks/nvs.h"
#include "checks/secrets.h"
#include "checks/secure_cert.h"
#include "util/hex.h"
#include "core/input.h"
#include "util/reader.h"
#include "formats/fwimage.h"
#include "formats/nvs.h"

#define SECTOR		0x1000
#define HIGH_ENTROPY	7.5	/* bits/byte: ciphertext (or compressed data) */
#define MIN_WRITTEN	1024	/* written bytes an entropy verdict needs */
#define SAMPLE_SECTORS	16

static const size_t bootloader_offsets[] = { 0x1000, 0x0, 0x2000 };

struct dump {
	const struct input *in;
	bool bl_found;
	size_t bl_off;
	struct esp_image bl;		/* header only (no checksum) */
	uint64_t flash_size;		/* from the bootloader header, 0 unknown */
	bool table_found;
	size_t table_off;
	struct part_table t;
};

/* Borrow [off, off+n) of the input clipped to its end; NULL if off is past it. */
static const uint8_t *
span(const uint8_t *data, size_t len, size_t off, size_t want, size_t *got)
{
	struct reader r;
	const uint8_t *p;

	rd_init(&r, data, len);
	*got = 0;
	if (off >= len)
		return NULL;
	*got = want < len - off ? want : len - off;
	return rd_peek_ptr(&r, off, &p, *got) == 0 ? p : NULL;
}

static bool
find_bootloader(const uint8_t *data, size_t len, size_t *off, struct esp_image *img)
{
	int fallback = -1;

	for (size_t i = 0; i < sizeof(bootloader_offsets) / sizeof(bootloader_offsets[0]); i++) {
		size_t o = bootloader_offsets[i], n;
		const uint8_t *p = span(data, len, o, len, &n);

		if (p == NULL || !esp_image_probe(p, n) ||
		    esp_image_parse(NULL, 0, p, n, ESP_PARSE_NO_CHECKSUM, img, NULL) != 0)
			continue;
		if (esp_chip_name(img->chip_id) != NULL &&
		    esp_bootloader_offset(img->chip_id) == o) {
			*off = o;
			return true;
		}
		if (fallback < 0)
			fallback = (int)i;
	}
	if (fallback < 0)
		return false;
	*off = bootloader_offsets[fallback];
	{
		size_t n;
		const uint8_t *p = span(data, len, *off, len, &n);

		return esp_image_parse(NULL, 0, p, n, ESP_PARSE_NO_CHECKSUM, img, NULL) == 0;
	}
}

/* A table at off. Away from the default offset a lone AA 50 could be
 * chance, so there the table must also end properly (end marker or a
 * matching MD5); at 0x8000 a damaged table is still the table. */
static bool
table_at(const uint8_t *data, size_t len, size_t off, struct part_table *t)
{
	size_t n;
	const uint8_t *p = span(data, len, off, PART_TABLE_SIZE, &n);

	return p != NULL && part_table_probe(p, n) &&
	    part_table_parse(NULL, off, p, n, t, NULL) == 0 && t->n > 0 &&
	    (off == PART_TABLE_OFFSET || t->md5_valid || t->terminated);
}

/* Whole-dump scans of a large input let go of what they have looked at
 * every so many bytes (core/input.h, INPUT_LARGE). */
#define RELEASE_STEP ((size_t)4 << 20)

/* The table at 0x8000 (CONFIG_PARTITION_TABLE_OFFSET default), else the
 * first 4 KiB boundary where a whole table parses. in, when given, is the
 * mapped input data belongs to: the search touches every sector of it. */
static bool
find_table(const struct input *in, const uint8_t *data, size_t len, size_t *off,
    struct part_table *t)
{
	size_t released = 0;

	if (table_at(data, len, PART_TABLE_OFFSET, t)) {
		*off = PART_TABLE_OFFSET;
		return true;
	}
	for (size_t o = SECTOR; o + PART_ENTRY_SIZE <= len; o += SECTOR) {
		size_t n;
		const uint8_t *p = span(data, len, o, 1, &n);

		if (o - released >= RELEASE_STEP) {
			input_release(in, released, o - released);
			released = o;
		}
		if (o == PART_TABLE_OFFSET || p == NULL || p[0] != 0xAA)
			continue;
		if (table_at(data, len, o, t)) {
			*off = o;
			return true;
		}
	}
	return false;
}

static bool
sector_high_entropy(const uint8_t *data, size_t len, size_t off)
{
	struct esp_entropy e;
	size_t n;
	const uint8_t *p = span(data, len, off, SECTOR, &n);

	if (p == NULL || n < SECTOR)
		return false;
	esp_entropy_sample(p, n, 1, &e);
	return e.written >= MIN_WRITTEN && e.bits >= HIGH_ENTROPY;
}

/* Ciphertext where the bootloader should be, and somewhere a sector that
 * is not ciphertext (erased space, plaintext NVS): a flash-encrypted dump
 * rather than one encrypted image, which is ciphertext throughout. */
static bool
looks_encrypted(const uint8_t *data, size_t len)
{
	size_t nsec = len / SECTOR, stride = nsec > 64 ? nsec / 64 : 1;

	if (!sector_high_entropy(data, len, 0x0) && !sector_high_entropy(data, len, 0x1000) &&
	    !sector_high_entropy(data, len, 0x2000))
		return false;
	for (size_t s = 0; s < nsec; s += stride)
		if (!sector_high_entropy(data, len, s * SECTOR))
			return true;
	return false;
}

/* Ciphertext where the partition table belongs: its written 16-byte
 * blocks (a writer may leave the table's 0xFF padding unwritten, so a few
 * hundred bytes is all there is) as diverse as random bytes of that count
 * are. A plaintext table (0xAA 0x50) or an erased sector is not. */
static bool
table_sector_ciphertext(const uint8_t *data, size_t len)
{
	unsigned count[256] = { 0 };
	size_t n, written = 0;
	const uint8_t *p = span(data, len, PART_TABLE_OFFSET, SECTOR, &n);
	double bits = 0, max;

	if (p == NULL || n < SECTOR || (p[0] == 0xAA && p[1] == 0x50))
		return false;
	for (size_t b = 0; b + 16 <= n; b += 16) {
		bool erased = true;

		for (size_t i = 0; i < 16; i++)
			erased &= p[b + i] == 0xFF;
		for (size_t i = 0; !erased && i < 16; i++, written++)
			count[p[b + i]]++;
	}
	if (written < 64)
		return false;
	for (int v = 0; v < 256; v++)
		if (count[v] > 0)
			bits -= (double)count[v] / written * log2((double)count[v] / written);
	max = log2(written < 256 ? (double)written : 256.0);
	return bits >= 0.85 * max;
}

/* With no plaintext bootloader or table, the only ESP evidence: ciphertext
 * at the bootloader and at the partition table, and no other format's
 * header at the start (a SquashFS or a compressed kernel is high-entropy
 * too). */
static bool
encrypted_dump(const uint8_t *data, size_t len)
{
	return fwimage_foreign(data, len) == NULL &&
	    table_sector_ciphertext(data, len) && looks_encrypted(data, len);
}

static int
detect_flash(const uint8_t *data, size_t len)
{
	struct esp_image img;
	struct part_table t;
	size_t bl, off;
	bool have_bl;

	if (len < SECTOR + ESP_IMAGE_HEADER_LEN)
		return 0;
	have_bl = find_bootloader(data, len, &bl, &img);
	if (table_at(data, len, PART_TABLE_OFFSET, &t))
		return have_bl ? 95 : 60;
	if (have_bl && find_table(NULL, data, len, &off, &t))
		return 80;
	/* The first sectors of a flash (bootloader at 0x1000 or 0x2000, no
	 * table in the part read): a partial dump. */
	if (have_bl && bl != 0)
		return 50;
	/* Whole 64 KiB blocks of ciphertext: an encrypted dump. */
	if (!have_bl && len % 0x10000 == 0 && encrypted_dump(data, len))
		return 30;
	return 0;
}

/* What a partition holds, from its first bytes and a sampled entropy. */
static const char *
classify(const struct part_entry *e, const uint8_t *p, size_t n, struct esp_entropy *ent,
    bool *readable)
{
	esp_entropy_sample(p, n, SAMPLE_SECTORS, ent);
	*readable = false;
	if (ent->sampled > 0 && ent->erased >= 1.0)
		return "erased";
	if (e->type == PART_TYPE_APP && esp_image_probe(p, n)) {
		*readable = true;
		return "image";
	}
	if (e->type == PART_TYPE_DATA) {
		if (e->subtype == PART_SUBTYPE_DATA_OTA && n >= OTA_SELECT_LEN) {
			struct otadata o;

			otadata_parse(p, n, &o);
			if ((o.s[0].crc_valid || o.s[0].erased) && (o.s[1].crc_valid ||
			    o.s[1].erased || !o.s[1].present)) {
				*readable = true;
				return "otadata";
			}
		}
		if (nvs_page_header_in_use(p, n)) {
			*readable = true;
			return "nvs";
		}
		if (e->subtype == PART_SUBTYPE_DATA_PHY && n >= 7 && memcmp(p, "PHYINIT", 7) == 0) {
			*readable = true;
			return "phy_init";
		}
	}
	/* Too little written to judge: a few encrypted bytes (otadata, keys)
	 * in an erased sector look like this, and so does sparse plaintext. */
	if (ent->written < MIN_WRITTEN)
		return "unknown";
	if (ent->bits >= HIGH_ENTROPY)
		return "high_entropy";
	*readable = true;
	return "plaintext";
}

static double
round2(double v)
{
	return (double)(long long)(v * 100.0 + 0.5) / 100.0;
}

static bool
is_identity_label(const char *label)
{
	static const char *const names[] = { "esp_secure_cert", "fctry", "factory_data",
	    "factory-data", NULL };

	for (int i = 0; names[i] != NULL; i++)
		if (strcmp(label, names[i]) == 0)
			return true;
	return false;
}

/* Runs of plaintext NVS pages in a dump whose table cannot be read (flash
 * encryption leaves NVS in the clear unless NVS encryption is on). */
static void
scan_unlisted_nvs(struct facts *f, const struct input *in, json_t *regions)
{
	size_t start = 0, pages = 0, released = 0;
	char label[48];
	struct fw_err err;

	for (size_t o = 0; o + SECTOR <= in->len + SECTOR; o += SECTOR) {
		size_t n;
		const uint8_t *p;
		bool page;

		if (pages == 0 && o - released >= RELEASE_STEP) {
			input_release(in, released, o - released);
			released = o;
		}
		p = span(in->data, in->len, o, SECTOR, &n);
		page = p != NULL && n == SECTOR && nvs_page_header_in_use(p, n);

		if (page) {
			if (pages++ == 0)
				start = o;
			continue;
		}
		if (pages > 0) {
			snprintf(label, sizeof(label), "unlisted@0x%zx", start);
			json_array_append_new(regions, json_pack("{s:s, s:I, s:I, s:s}",
			    "content", "nvs", "offset", (json_int_t)start,
			    "size", (json_int_t)(pages * SECTOR), "label", label));
			{
				size_t got;
				const uint8_t *q = span(in->data, in->len, start, pages * SECTOR, &got);

				if (q != NULL && nvs_partition_facts(f, in->index, label, q, got,
				    start, &err) != 0)
					facts_warn(f, "%s", err.msg);
			}
			pages = 0;
		}
		if (p == NULL)
			break;
	}
}

static const char *
region_state(const uint8_t *data, size_t len, size_t off)
{
	struct esp_entropy e;
	size_t n;
	const uint8_t *p = span(data, len, off, SECTOR, &n);

	if (p == NULL)
		return "absent";
	esp_entropy_sample(p, n, 1, &e);
	if (e.sampled == 0)
		return "absent";
	if (e.erased >= 1.0)
		return "erased";
	return e.written >= MIN_WRITTEN && e.bits >= HIGH_ENTROPY ? "ciphertext" : "unknown";
}

/* Secure Boot V1 reflashable digest at flash 0x0 (ESP32, bootloader at
 * 0x1000): IV (128 bytes from the bootloader; espsecure digest_secure_bootloader
 * writes whatever IV it is given), then the 64-byte digest, then 0xFF to the
 * end of the sector. The digest is the last 64 bytes before the 0xFF. */
static void
sbv1_digest_block(struct facts *f, const struct input *in, const struct dump *d)
{
	size_t n, end = 0, bl_len;
	const uint8_t *p = span(in->data, in->len, 0, SECTOR, &n), *bl;
	char hx[129];
	json_t *o;

	if (p == NULL || n < SECTOR || !d->bl_found || d->bl_off != 0x1000 ||
	    d->bl.chip_id != ESP_CHIP_ESP32)
		return;
	for (size_t i = 0; i < SECTOR; i++)
		if (p[i] != 0xFF)
			end = i + 1;
	if (end < 64 || end > 0xC0)
		return;
	hex_encode(p + end - 64, 64, hx);
	o = json_pack("{s:b, s:I, s:I, s:s}", "present", 1, "iv_length", (json_int_t)(end - 64),
	    "offset", (json_int_t)(end - 64), "digest", hx);
	bl = span(in->data, in->len, d->bl_off, in->len, &bl_len);
	esp_sbv1_bootloader(o, in, p, end - 64, &d->bl, bl, bl_len);
	fact_set(f, "esp.secure_boot_v1.bootloader_digest", o, in->index, loc_offset(0, end));
}

/* An image that is there but unreadable: ciphertext where the bootloader
 * or an app belongs. Listed so that rules about images end not_tested,
 * not pass, on an encrypted dump. */
static json_t *
encrypted_item(int input, size_t off, const char *role, const char *label)
{
	json_t *o = json_pack("{s:i, s:I, s:s, s:b, s:b, s:s}", "input", input,
	    "offset", (json_int_t)off, "role", role, "encrypted", 1, "parsed", 0,
	    "error", "ciphertext (flash encryption): the image and its signatures "
	    "cannot be checked without the key");

	if (o != NULL && label != NULL)
		json_object_set_new(o, "partition", json_string(label));
	if (o != NULL)
		json_object_set_new(o, "label", json_string(label ? label : role));
	return o;
}

/* Where the dump's bytes come from, by what it shows (docs/images.md,
 * "Read back or built"): ciphertext only a chip's flash holds; a file that
 * stops inside a sector, or exactly where an image ends, before the end of
 * the flash is what esptool merge_bin writes; the whole flash with data a
 * running device writes (an otadata entry, NVS pages) is a read-out. */
static void
tell_origin(struct esp_origin *o, const struct input *in, const struct dump *d,
    int ncipher, const char *written, const char *image_end)
{
	unsigned long long mib = (unsigned long long)(d->flash_size >> 20);

	if (ncipher > 0)
		esp_origin_set(o, in, "readback", "ciphertext where flash encryption "
		    "applies: only a chip's flash holds it");
	else if (d->flash_size > 0 && in->len < d->flash_size &&
	    (in->len % SECTOR != 0 || image_end != NULL))
		esp_origin_set(o, in, "build", "ends at 0x%zx, %s%s%s, before the end of "
		    "the %llu MiB flash its bootloader header declares: a merged or factory "
		    "image (esptool merge_bin), not a read-out", in->len, image_end ?
		    "exactly where the image in '" : "inside a 4 KiB sector",
		    image_end ? image_end : "", image_end ? "' ends" : "", mib);
	else if (d->flash_size > 0 && in->len >= d->flash_size && written != NULL)
		esp_origin_set(o, in, "readback", "covers the whole %llu MiB flash its "
		    "bootloader header declares and holds what a running device writes (%s)",
		    mib, written);
	else
		esp_origin_set(o, in, "unknown", "cannot be told from the input (%s): give "
		    "--origin readback|build", d->flash_size == 0 ? "no flash size: no "
		    "bootloader header" : in->len < d->flash_size ? "part of the flash, "
		    "ending on a sector boundary" : "the whole flash, but no otadata entry "
		    "or NVS page a running device writes");
}

/* The label of the image that ends exactly at the end of the input: the
 * last file of a merged image (its signature sector, when signed). */
static const char *
image_ending_input(const struct esp_image_job *jobs, size_t njobs, size_t len)
{
	for (size_t k = 0; k < njobs; k++) {
		const struct esp_image_job *j = &jobs[k];

		if (j->status == 0 && j->base + esp_image_job_end(j) == len)
			return j->partition ? j->partition : esp_role_name(j->role);
	}
	return NULL;
}

/* What collect_flash gathers as it goes, handed from one step to the next. */
struct flash_scan {
	struct facts *f;
	const struct input *in;
	struct dump *d;
	struct esp_image_job *jobs;	/* the bootloader, then app partitions */
	size_t njobs;
	json_t *plain, *cipher, *regions;	/* owned until stored as facts */
	json_t *parts_json[PART_MAX_ENTRIES];
	char labels[PART_MAX_ENTRIES][80];
	const char *bl_state, *table_state;
	const char *written;		/* what a running device wrote, if seen */
	const char *origin;		/* readback, build or unknown (encryption_facts) */
	const struct esp_plain *pv;	/* in is this decrypted view, or NULL */
	size_t bl_cipher_off;
	int nplain, ncipher;		/* regions where encryption applies */
};

/* The image jobs (bootloader up to the partition table, every app partition
 * with an image in it) and the state of the bootloader and table regions. */
static void
queue_images(struct flash_scan *s)
{
	const struct input *in = s->in;
	struct dump *d = s->d;

	if (d->bl_found) {
		size_t end = d->table_found && d->table_off > d->bl_off ? d->table_off :
		    d->bl_off < PART_TABLE_OFFSET ? PART_TABLE_OFFSET : in->len;
		struct esp_image_job *j = &s->jobs[s->njobs++];

		j->input = in->path;
		j->hashq = in->hashq;
		j->keys = in->keys;
		j->base = d->bl_off;
		j->data = span(in->data, in->len, d->bl_off, end - d->bl_off, &j->len);
		j->want_len = end - d->bl_off;
		j->role = ESP_ROLE_BOOTLOADER;
		s->bl_state = esp_plain_decrypted(s->pv, d->bl_off) ? "ciphertext" : "plaintext";
	} else {
		s->bl_state = region_state(in->data, in->len, 0x1000);
		if (strcmp(s->bl_state, "ciphertext") != 0 &&
		    strcmp(region_state(in->data, in->len, 0x0), "ciphertext") == 0) {
			s->bl_state = "ciphertext";
			s->bl_cipher_off = 0x0;
		}
	}
	s->table_state = d->table_found ? (esp_plain_decrypted(s->pv, d->table_off) ?
	    "ciphertext" : "plaintext") : region_state(in->data, in->len, PART_TABLE_OFFSET);
	if (strcmp(s->table_state, "erased") == 0 || strcmp(s->table_state, "absent") == 0)
		s->table_state = "not_found";

	for (unsigned i = 0; d->table_found && i < d->t.n; i++) {
		const struct part_entry *e = &d->t.e[i];
		size_t n;
		const uint8_t *p = span(in->data, in->len, e->offset, e->size, &n);
		struct esp_image_job *j;

		esp_sanitize(s->labels[i], sizeof(s->labels[i]), e->label);
		if (!part_is_app(e) || p == NULL || !esp_image_probe(p, n))
			continue;
		j = &s->jobs[s->njobs++];
		j->input = in->path;
		j->hashq = in->hashq;
		j->keys = in->keys;
		j->base = e->offset;
		j->data = p;
		j->len = n;
		j->want_len = e->size;
		j->role = ESP_ROLE_APP;
		j->partition = s->labels[i];
	}
}

/* The parsed images as facts, the chip and flash size they claim, and the
 * bootloader and table regions counted as plaintext or ciphertext. */
static void
image_facts(struct flash_scan *s)
{
	struct facts *f = s->f;
	const struct input *in = s->in;
	const struct dump *d = s->d;
	const struct esp_image_job *jobs = s->jobs;
	size_t chip_at = 0;
	const char *chip = NULL;

	for (size_t k = 0; k < s->njobs; k++) {
		esp_fact_append(f, "esp.images", esp_decrypted_mark(esp_image_job_json(&jobs[k],
		    in->index), s->pv, jobs[k].base), in->index, NULL);
		esp_sbv1_app(f, in, &jobs[k]);
		if (jobs[k].status != 0)
			facts_warn(f, "%s", jobs[k].err.msg);
	}
	if (!d->bl_found && strcmp(s->bl_state, "ciphertext") == 0)
		esp_fact_append(f, "esp.images", encrypted_item(in->index, s->bl_cipher_off,
		    "bootloader", NULL), in->index, NULL);
	if (d->bl_found && esp_chip_name(d->bl.chip_id) != NULL)
		chip_at = d->bl_off, chip = esp_chip_name(d->bl.chip_id);
	else if (s->njobs > 0 && jobs[0].status == 0 && esp_chip_name(jobs[0].img.chip_id))
		chip_at = jobs[0].base, chip = esp_chip_name(jobs[0].img.chip_id);
	if (chip != NULL) {
		char where[48];

		fact_set_str(f, "esp.chip", chip, in->index, loc_offset(chip_at + 12, 2));
		snprintf(where, sizeof(where), "image header at 0x%zx", chip_at);
		device_claim(f, in->index, "chip", chip, where);
	}
	if (d->bl_found && esp_flash_size_name(d->bl.spi_size) != NULL) {
		char where[48];

		snprintf(where, sizeof(where), "bootloader header at 0x%zx", d->bl_off);
		device_claim(f, in->index, "flash size", esp_flash_size_name(d->bl.spi_size),
		    where);
	}
	if (strcmp(s->bl_state, "plaintext") == 0)
		s->nplain++;
	else if (strcmp(s->bl_state, "ciphertext") == 0)
		s->ncipher++;
	if (strcmp(s->table_state, "plaintext") == 0)
		s->nplain++;
	else if (strcmp(s->table_state, "ciphertext") == 0)
		s->ncipher++;
	sbv1_digest_block(f, in, d);
}

/* otadata: which slot boots (a valid copy's slot, else factory), as a fact. */
static void
otadata_facts(struct flash_scan *s, const struct part_entry *e, const uint8_t *p,
    size_t n, int ota_count, const char **boot)
{
	const struct dump *d = s->d;
	struct otadata od;
	int slot;

	otadata_parse(p, n, &od);
	if (od.active >= 0)
		s->written = "an otadata entry";
	slot = otadata_slot(&od, (unsigned)ota_count);
	for (unsigned k = 0; slot >= 0 && k < d->t.n; k++)
		if (d->t.e[k].type == PART_TYPE_APP &&
		    d->t.e[k].subtype == PART_SUBTYPE_OTA_MIN + slot)
			*boot = s->labels[k];
	if (*boot == NULL)	/* no valid copy: factory, else ota_0 */
		for (unsigned k = 0; k < d->t.n; k++)
			if (d->t.e[k].type == PART_TYPE_APP &&
			    d->t.e[k].subtype == PART_SUBTYPE_FACTORY)
				*boot = s->labels[k];
	fact_set(s->f, "esp.otadata", esp_otadata_json(&od, s->in->index, e->offset,
	    ota_count, *boot), s->in->index, loc_offset(e->offset, n));
}

/* One table entry: where it is, what it holds, who can read it; an
 * encrypted-flag partition counts as plaintext or ciphertext. */
static void
partition_entry(struct flash_scan *s, unsigned i, int ota_count, const char **boot)
{
	const struct input *in = s->in;
	const struct part_entry *e = &s->d->t.e[i];
	size_t n;
	const uint8_t *p = span(in->data, in->len, e->offset, e->size, &n);
	json_t *o = esp_partition_json(e, in->index, s->d->table_off);
	struct esp_entropy ent;
	const char *content = "absent";
	bool readable = false;

	if (o == NULL)
		return;
	json_object_set_new(o, "in_dump", json_string(p == NULL ? "absent" :
	    n < e->size ? "partial" : "full"));
	if (p != NULL) {
		content = classify(e, p, n, &ent, &readable);
		json_object_set_new(o, "entropy", json_real(round2(ent.bits)));
		json_object_set_new(o, "erased_fraction", json_real(round2(ent.erased)));
		json_object_set_new(o, "readable", json_boolean(readable));
	}
	json_object_set_new(o, "content", json_string(content));
	s->parts_json[i] = esp_decrypted_mark(o, s->pv, e->offset);
	if (esp_plain_decrypted(s->pv, e->offset) && readable) {
		readable = false;	/* only with the key */
		json_object_set_new(o, "readable", json_false());
	}
	if (s->written == NULL && strcmp(content, "nvs") == 0)
		s->written = "NVS pages";
	if (part_flash_encrypted(e) && p != NULL) {
		json_t *item = json_pack("{s:s, s:I, s:s}", "label", s->labels[i],
		    "offset", (json_int_t)e->offset, "content", content);

		if (readable) {
			json_array_append_new(s->plain, item);
			s->nplain++;
		} else if (esp_plain_decrypted(s->pv, e->offset)) {
			json_array_append_new(s->cipher, esp_decrypted_mark(item, s->pv, e->offset));
			s->ncipher++;
		} else if (strcmp(content, "high_entropy") == 0) {
			json_array_append_new(s->cipher, item);
			s->ncipher++;
			if (part_is_app(e))
				esp_fact_append(s->f, "esp.images", encrypted_item(in->index,
				    e->offset, "app", s->labels[i]), in->index, NULL);
		} else {
			json_decref(item);
		}
	}
	if (e->type == PART_TYPE_DATA && e->subtype == PART_SUBTYPE_DATA_OTA && p != NULL)
		otadata_facts(s, e, p, n, ota_count, boot);
}

/* Partitions, the table and the OTA layout as facts. */
static void
partition_facts_all(struct flash_scan *s)
{
	struct facts *f = s->f;
	const struct input *in = s->in;
	const struct dump *d = s->d;
	int ota_count = 0;
	const char *boot = NULL;

	for (unsigned i = 0; i < d->t.n; i++)
		ota_count += part_is_ota_app(&d->t.e[i]);
	for (unsigned i = 0; i < d->t.n; i++)
		partition_entry(s, i, ota_count, &boot);
	for (unsigned i = 0; i < d->t.n; i++)
		if (s->parts_json[i] != NULL) {
			esp_fact_append(f, "esp.partitions", s->parts_json[i], in->index,
			    loc_offset(d->table_off, d->t.used));
			s->parts_json[i] = NULL;
		}
	fact_set(f, "esp.partition_table", esp_partition_table_json(&d->t, in->index,
	    d->table_off, esp_table_problems(&d->t, d->flash_size, d->table_off)),
	    in->index, loc_offset(d->table_off, d->t.used));
	fact_set(f, "esp.ota", esp_ota_summary(&d->t), in->index,
	    loc_offset(d->table_off, d->t.used));
}

/* Flash encryption as the dump shows it, and where the dump comes from. */
static void
encryption_facts(struct flash_scan *s)
{
	struct facts *f = s->f;
	const struct input *in = s->in;
	const struct dump *d = s->d;
	struct esp_origin origin;
	const char *state;

	state = s->ncipher > 0 && s->nplain == 0 ? "encrypted" :
	    s->nplain > 0 && s->ncipher == 0 ? "plaintext" : s->nplain > 0 ? "mixed" :
	    "unknown";
	fact_set_str(f, "esp.flash_encryption.state", state, in->index, NULL);
	tell_origin(&origin, in, d, s->ncipher, s->written,
	    image_ending_input(s->jobs, s->njobs, in->len));
	s->origin = origin.origin;
	esp_fact_append(f, "esp.flash_encryption.inputs", esp_origin_item(in, &origin, state),
	    in->index, NULL);
	fact_set_str(f, "esp.flash_encryption.bootloader", s->bl_state, in->index,
	    loc_offset(d->bl_found ? d->bl_off : 0x1000, SECTOR));
	fact_set_str(f, "esp.flash_encryption.partition_table", s->table_state, in->index,
	    loc_offset(d->table_found ? d->table_off : PART_TABLE_OFFSET, SECTOR));
	fact_set(f, "esp.flash_encryption.readable_partitions", s->plain, in->index, NULL);
	fact_set(f, "esp.flash_encryption.ciphertext_partitions", s->cipher, in->index, NULL);
	s->plain = s->cipher = NULL;
	if (!d->table_found)
		scan_unlisted_nvs(f, in, s->regions);
	fact_set(f, "esp.flash_encryption.plaintext_regions", s->regions, in->index, NULL);
	s->regions = NULL;
	fact_set(f, "esp.dump", json_pack("{s:i, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
	    "input", in->index, "size", (json_int_t)in->len, "origin", origin.origin,
	    "origin_by", origin.by, "origin_evidence", origin.evidence,
	    "bootloader_offset", d->bl_found ? json_integer((json_int_t)d->bl_off) : json_null(),
	    "partition_table_offset", d->table_found ? json_integer((json_int_t)d->table_off) :
	    json_null(),
	    "flash_size", d->flash_size ? json_integer((json_int_t)d->flash_size) : json_null(),
	    "covers_flash", d->flash_size ? json_boolean(in->len >= d->flash_size) : json_null()),
	    in->index, loc_offset(0, in->len));
}

/* An app slot the input does not reach was never read: what it holds is
 * unknown, so rules over every app must not pass on the slots that were.
 * A build output leaves its other slots erased on the device: no item. */
static void
unread_app_slots(struct flash_scan *s)
{
	const struct input *in = s->in;
	const struct dump *d = s->d;

	if (strcmp(s->origin, "build") == 0)
		return;
	for (unsigned i = 0; i < d->t.n; i++) {
		const struct part_entry *e = &d->t.e[i];
		size_t n;
		json_t *o;

		if (!part_is_app(e) || span(in->data, in->len, e->offset, e->size, &n) != NULL)
			continue;
		/* encrypted false: no ciphertext was seen (no byte was), so rules
		 * over the other images are not made unreadable by this one. */
		o = json_pack("{s:i, s:I, s:s, s:s, s:s, s:n, s:n, s:b, s:b}", "input",
		    in->index, "offset", (json_int_t)e->offset, "role", "app", "label",
		    s->labels[i], "partition", s->labels[i], "parsed", "sbv2_valid",
		    "encrypted", 0, "unread", 1);
		if (o != NULL)
			json_object_set_new(o, "reason", json_sprintf("not in the input: slot "
			    "0x%x+0x%x, the input ends at 0x%zx; read the whole flash "
			    "(esptool.py read_flash 0 ALL)", e->offset, e->size, in->len));
		esp_fact_append(s->f, "esp.images", o, in->index, NULL);
	}
}

/* NVS and identity partitions go to their decoders; the whole flash was
 * searched, so no certificate found is a finding, and no nvs_keys
 * partition is an empty list rather than missing evidence. */
static void
decode_partitions(struct flash_scan *s)
{
	struct facts *f = s->f;
	const struct input *in = s->in;
	const struct dump *d = s->d;
	const char *unread = NULL;	/* a data partition the input does not hold whole */

	for (unsigned i = 0; i < d->t.n; i++) {
		const struct part_entry *e = &d->t.e[i];
		size_t n;
		const uint8_t *p = span(in->data, in->len, e->offset, e->size, &n);
		struct fw_err perr;

		if ((p == NULL || n < e->size) && (is_identity_label(e->label) ||
		    (e->type == PART_TYPE_DATA && (e->subtype == PART_SUBTYPE_DATA_NVS ||
		    e->subtype == PART_SUBTYPE_DATA_NVS_KEYS))) && unread == NULL)
			unread = s->labels[i];
		if (p == NULL)
			continue;
		if (e->type == PART_TYPE_DATA && e->subtype == PART_SUBTYPE_DATA_NVS &&
		    nvs_partition_facts(f, in->index, s->labels[i], p, n, e->offset, &perr) != 0)
			facts_warn(f, "%s", perr.msg);
		if (e->type == PART_TYPE_DATA && e->subtype == PART_SUBTYPE_DATA_NVS_KEYS &&
		    nvs_keys_partition_facts(f, in->index, s->labels[i], p, n, e->offset,
		    &perr) != 0)
			facts_warn(f, "%s", perr.msg);
		if (is_identity_label(e->label) &&
		    secure_cert_partition_facts(f, in->index, s->labels[i], p, n, e->offset,
		    &perr) != 0)
			facts_warn(f, "%s", perr.msg);
	}
	/* Searched only when every partition that can hold identity or keys
	 * was read whole: otherwise "none found" would be no evidence. */
	if (unread != NULL)
		facts_warn(f, "%s: partition '%s' is not in the input whole: its device "
		    "identity and keys were not searched (read the whole flash)", in->path,
		    unread);
	else if (identity_searched(f, in->index) != 0 ||
	    facts_list(f, "nvs.keys_partitions", in->index) == NULL)
		facts_warn(f, "%s: cannot record the partition search", in->path);
}

static int
flash_collect(struct facts *f, const struct input *in, const struct esp_plain *pv,
    struct fw_err *err)
{
	struct flash_scan s = { .f = f, .in = in, .bl_cipher_off = 0x1000, .pv = pv };
	struct dump *d = calloc(1, sizeof(*d));
	int rc = -1;

	s.d = d;
	s.plain = json_array();
	s.cipher = json_array();
	s.regions = json_array();
	if (d == NULL || s.plain == NULL || s.cipher == NULL || s.regions == NULL) {
		err_oom(err, in->path, ERR_NO_OFFSET);
		goto out;
	}
	d->in = in;
	d->bl_found = find_bootloader(in->data, in->len, &d->bl_off, &d->bl);
	if (d->bl_found)
		d->flash_size = esp_flash_size_bytes(d->bl.spi_size);
	d->table_found = find_table(in, in->data, in->len, &d->table_off, &d->t);
	if (!d->bl_found && !d->table_found && !encrypted_dump(in->data, in->len)) {
		const char *other = fwimage_foreign(in->data, in->len);

		err_set(err, in->path, ERR_NO_OFFSET, "not an ESP flash dump: no bootloader "
		    "image at 0x0, 0x1000 or 0x2000, no partition table (0x8000 or any 4 KiB "
		    "boundary) and no ciphertext where the bootloader and the table belong%s%s",
		    other ? "; it starts as " : "", other ? other : "");
		goto out;
	}
	/* The bootloader and at most one image per table entry. */
	if ((s.jobs = calloc((d->table_found ? d->t.n : 0) + 1, sizeof(*s.jobs))) == NULL) {
		err_oom(err, in->path, ERR_NO_OFFSET);
		goto out;
	}
	queue_images(&s);
	esp_image_jobs_run(s.jobs, s.njobs);
	image_facts(&s);
	components_from_images(f, in, s.jobs, s.njobs);
	if (d->table_found)
		partition_facts_all(&s);
	encryption_facts(&s);
	if (d->table_found) {
		unread_app_slots(&s);
		decode_partitions(&s);
	}
	if (pv != NULL)
		esp_decrypt_exposure(f, in, pv);
	rc = 0;
out:
	for (unsigned i = 0; i < PART_MAX_ENTRIES; i++)
		json_decref(s.parts_json[i]);
	json_decref(s.plain);
	json_decref(s.cipher);
	json_decref(s.regions);
	free(s.jobs);
	free(d);
	return rc;
}

/* With the user's flash keys, the collector reads the decrypted view
 * (checks/esp_decrypt.c); the input's digest stays that of its own bytes. */
static int
collect_flash(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct esp_plain pv;
	struct input view;
	int rc;

	if (in->keyring == NULL || in->keyring->nflash == 0)
		return flash_collect(f, in, NULL, err);
	if (esp_decrypt_dump(f, in, &pv, err) != 0)
		return -1;
	if (pv.data == NULL)
		return flash_collect(f, in, NULL, err);
	view = *in;
	view.data = pv.data;
	view.map = NULL;
	rc = flash_collect(f, &view, &pv, err);
	esp_plain_free(&pv);
	return rc;
}

const struct collector collector_esp_flash = {
	.kind = "esp-flash",
	.what = "ESP32-family flash dump or merged factory image",
	.detect = detect_flash,
	.collect = collect_flash,
};
