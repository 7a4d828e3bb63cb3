/* Decrypting a flash-encrypted dump with the keys the user holds
 * (checks/esp_decrypt.h). Which key and scheme fit is told by the chip's
 * own first bytes: decrypted where its bootloader belongs they must be an
 * image header of a chip that uses the scheme and boots from there. Then
 * what the chip encrypts is decrypted: everything before the partition
 * table (the bootloader, ESP32's Secure Boot V1 digest at 0x0), the table,
 * and the partitions formats/partition.c part_flash_encrypted names, NVS
 * excepted (its own encryption); otadata is kept as read when it is valid
 * otadata as it stands. */
#include "checks/esp_decrypt.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "checks/esp_common.h"
#include "core/input.h"
#include "formats/esp_image.h"
#include "util/jobs.h"

#define SECTOR 0x1000
#define PROBE_LEN 128	/* one XTS unit; eight ESP32 blocks */

static const size_t bl_offsets[] = { 0x1000, 0x0, 0x2000 };

static uint16_t
header_chip(const uint8_t *h)
{
	return (uint16_t)(h[12] | h[13] << 8);
}

/* Whether the cipher turns the sector at off into the bootloader header
 * of a chip that boots from off and encrypts with this scheme. */
static bool
bootloader_fits(struct flash_cipher *c, enum flash_scheme s, const struct input *in,
    size_t off)
{
	uint8_t p[PROBE_LEN];
	uint16_t chip;

	if (off + PROBE_LEN > in->len ||
	    flash_decrypt(c, (uint32_t)off, in->data + off, p, PROBE_LEN) != 0 ||
	    !esp_image_probe(p, PROBE_LEN))
		return false;
	chip = header_chip(p);
	return esp_chip_name(chip) != NULL && esp_bootloader_offset(chip) == off &&
	    (chip == ESP_CHIP_ESP32) == (s == FLASH_SCHEME_ESP32);
}

/* A key's trial: its cipher (scheme, FLASH_CRYPT_CONF) and where the
 * bootloader is, or NULL. ESP32's conf is tried from the default on: every
 * conf bit changes the key at 0x1000, so one header tells it. */
struct trial {
	struct flash_cipher *c;
	enum flash_scheme scheme;
	unsigned conf;
	size_t bl_off;
};

static bool
try_key(const struct flash_key *k, const struct input *in, struct trial *t)
{
	static const enum flash_scheme schemes[] = { FLASH_SCHEME_ESP32,
		FLASH_SCHEME_XTS_128, FLASH_SCHEME_XTS_256 };

	for (size_t s = 0; s < 3; s++) {
		if (!flash_scheme_fits(schemes[s], k))
			continue;
		for (unsigned n = 0; n < (schemes[s] == FLASH_SCHEME_ESP32 ? 16u : 1u); n++) {
			unsigned conf = (FLASH_CRYPT_CONF_DEFAULT + n) & 0xF;

			t->c = flash_cipher_new(schemes[s], k, conf);
			for (size_t b = 0; t->c != NULL && b < 3; b++)
				if (bootloader_fits(t->c, schemes[s], in, bl_offsets[b])) {
					t->scheme = schemes[s];
					t->conf = conf;
					t->bl_off = bl_offsets[b];
					return true;
				}
			flash_cipher_free(t->c);
			t->c = NULL;
		}
	}
	return false;
}

/* Records a region to decrypt, clipped to the input and to whole blocks. */
static void
add_region(struct esp_plain *pv, const struct input *in, size_t off, size_t len)
{
	if (off >= in->len || pv->nregions >= sizeof(pv->regions) / sizeof(pv->regions[0]))
		return;
	if (len > in->len - off)
		len = in->len - off;
	len -= len % 16;
	if (len == 0)
		return;
	pv->regions[pv->nregions].off = off;
	pv->regions[pv->nregions++].len = len;
}

/* The regions decrypted in chunks, on as many threads as there are CPUs:
 * ESP32's cipher rekeys every 32 bytes (OpenSSL's key setup is most of
 * the cost), so one thread takes ~10 ms a MiB. */
#define CHUNK ((size_t)128 << 10)

struct decrypt_batch {
	const struct input *in;
	struct esp_plain *pv;
	const struct flash_key *key;
	const struct trial *t;
	size_t (*chunks)[2];
	atomic_int failed;
};

static void
decrypt_chunk(void *arg, size_t i)
{
	struct decrypt_batch *b = arg;
	struct flash_cipher *c = flash_cipher_new(b->t->scheme, b->key, b->t->conf);
	size_t off = b->chunks[i][0], len = b->chunks[i][1];

	if (c == NULL || flash_decrypt(c, (uint32_t)off, b->in->data + off, b->pv->data + off,
	    len) != 0)
		atomic_store(&b->failed, 1);
	flash_cipher_free(c);
}

static int
decrypt_all(struct esp_plain *pv, const struct input *in, const struct flash_key *key,
    const struct trial *t)
{
	struct decrypt_batch b = { .in = in, .pv = pv, .key = key, .t = t };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = 0, total = 0;

	for (unsigned r = 0; r < pv->nregions; r++)
		total += (pv->regions[r].len + CHUNK - 1) / CHUNK;
	if ((b.chunks = calloc(total + 1, sizeof(*b.chunks))) == NULL)
		return -1;
	for (unsigned r = 0; r < pv->nregions; r++)
		for (size_t o = 0; o < pv->regions[r].len; o += CHUNK) {
			b.chunks[n][0] = pv->regions[r].off + o;
			b.chunks[n++][1] = pv->regions[r].len - o < CHUNK ? pv->regions[r].len - o :
			    CHUNK;
		}
	atomic_init(&b.failed, 0);
	jobs_run(n, cpus > 1 ? (unsigned)(cpus < 8 ? cpus : 8) : 1, decrypt_chunk, &b);
	free(b.chunks);
	return atomic_load(&b.failed) ? -1 : 0;
}

/* The table after decryption: 0x8000, else the first sector past the
 * bootloader whose decrypted start is a table's magic (one block each). */
static bool
find_table(struct flash_cipher *c, const struct input *in, size_t from, size_t *at,
    struct part_table *t)
{
	uint8_t sec[PART_TABLE_SIZE];

	for (size_t o = PART_TABLE_OFFSET, i = 0; o + SECTOR <= in->len;
	    o = from + SECTOR * i++) {
		if (i > 0 && o == PART_TABLE_OFFSET)
			continue;
		if (flash_decrypt(c, (uint32_t)o, in->data + o, sec, 16) != 0 ||
		    sec[0] != 0xAA || sec[1] != 0x50 ||
		    flash_decrypt(c, (uint32_t)o, in->data + o, sec, sizeof(sec)) != 0)
			continue;
		if (part_table_probe(sec, sizeof(sec)) &&
		    part_table_parse(NULL, o, sec, sizeof(sec), t, NULL) == 0 && t->n > 0 &&
		    (o == PART_TABLE_OFFSET || t->md5_valid || t->terminated)) {
			*at = o;
			return true;
		}
	}
	return false;
}

/* otadata kept as read when it is valid otadata as it stands. */
static bool
plain_otadata(const struct input *in, const struct part_entry *e)
{
	struct otadata o;

	if (e->offset >= in->len)
		return true;
	otadata_parse(in->data + e->offset, in->len - e->offset < e->size ?
	    in->len - e->offset : e->size, &o);
	return o.s[0].crc_valid || o.s[1].crc_valid;
}

static int
decrypt_regions(struct esp_plain *pv, const struct trial *t, const struct input *in,
    json_t *list, const struct flash_key *key)
{
	const char *key_sha = key->sha256_hex;
	struct part_table *tab = calloc(1, sizeof(*tab));
	size_t table_off = 0;
	bool have_table;
	int rc = -1;

	if (tab == NULL)
		return -1;
	have_table = find_table(t->c, in, t->bl_off + SECTOR, &table_off, tab);
	add_region(pv, in, 0, have_table ? table_off + SECTOR : PART_TABLE_OFFSET);
	if (pv->nregions == 0)
		goto out;
	json_array_append_new(list, json_pack("{s:s, s:I, s:I, s:s}", "label",
	    have_table ? "bootloader and partition table" : "bootloader",
	    "offset", (json_int_t)0, "size", (json_int_t)pv->regions[0].len, "key_sha256",
	    key_sha));
	for (unsigned i = 0; have_table && i < tab->n; i++) {
		const struct part_entry *e = &tab->e[i];
		unsigned before;
		char label[80];

		if (!part_flash_encrypted(e) || (e->type == PART_TYPE_DATA &&
		    (e->subtype == PART_SUBTYPE_DATA_NVS || (e->subtype ==
		    PART_SUBTYPE_DATA_OTA && plain_otadata(in, e)))) || e->offset >= in->len)
			continue;
		before = pv->nregions;
		add_region(pv, in, e->offset, e->size);
		if (pv->nregions == before)
			continue;
		esp_sanitize(label, sizeof(label), e->label);
		json_array_append_new(list, json_pack("{s:s, s:I, s:I, s:s}", "label", label,
		    "offset", (json_int_t)e->offset, "size",
		    (json_int_t)pv->regions[pv->nregions - 1].len, "key_sha256", key_sha));
	}
	rc = decrypt_all(pv, in, key, t);
	if (rc == 0 && have_table)
		esp_decrypt_nvs(pv, tab, list);
out:
	free(tab);
	return rc;
}

/* The key's result in the evidence: which scheme fit, or why none did. */
static json_t *
key_item(const struct flash_key *k, const struct trial *t, const char *result)
{
	json_t *o = json_pack("{s:s, s:i, s:s}", "key_sha256", k->sha256_hex,
	    "key_bits", (int)(k->file_len * 8), "result", result);

	if (o != NULL && t != NULL) {
		json_object_set_new(o, "scheme", json_string(flash_scheme_name(t->scheme)));
		json_object_set_new(o, "bootloader_offset", json_integer((json_int_t)t->bl_off));
		if (t->scheme == FLASH_SCHEME_ESP32)
			json_object_set_new(o, "flash_crypt_conf", json_integer(t->conf));
	}
	return o;
}

/* A bootloader readable as it stands: the dump is not encrypted there. */
static bool
plain_bootloader(const struct input *in)
{
	for (size_t b = 0; b < 3; b++)
		if (bl_offsets[b] + ESP_IMAGE_HEADER_LEN <= in->len &&
		    esp_image_probe(in->data + bl_offsets[b], in->len - bl_offsets[b]))
			return true;
	return false;
}

int
esp_decrypt_dump(struct facts *f, const struct input *in, struct esp_plain *pv,
    struct fw_err *err)
{
	const struct esp_keyring *r = in->keyring;
	json_t *keys = json_array(), *regions = json_array();
	bool plain = plain_bootloader(in);
	struct trial t = { 0 };
	int rc = -1;

	memset(pv, 0, sizeof(*pv));
	if (keys == NULL || regions == NULL)
		goto out;
	for (int i = 0; i < r->nflash; i++) {
		const struct flash_key *k = &r->flash[i];

		if (pv->data != NULL || plain || !try_key(k, in, &t)) {
			json_array_append_new(keys, key_item(k, NULL, pv->data != NULL ?
			    "not_needed" : plain ? "not_encrypted" : "no_valid_plaintext"));
			if (pv->data == NULL)
				facts_warn(f, "%s: the flash key %s (SHA-256 %.16s...) %s", in->path,
				    r->flash_path[i], k->sha256_hex, plain ? "was not used: the "
				    "dump's bootloader is readable as it stands (not flash-encrypted)" :
				    "decrypts nothing valid: no bootloader header where the chip's "
				    "bootloader belongs, by any scheme that takes a key of this length");
			continue;
		}
		if ((pv->data = malloc(in->len)) == NULL)
			goto out;
		pv->len = in->len;
		pv->key_sha256 = k->sha256_hex;
		memcpy(pv->data, in->data, in->len);
		if (decrypt_regions(pv, &t, in, regions, k) != 0)
			goto out;
		json_array_append_new(keys, key_item(k, &t, "decrypted"));
	}
	rc = 0;
	fact_set(f, "esp.flash_decryption", json_pack("{s:i, s:b, s:O, s:O}", "input",
	    in->index, "decrypted", pv->data != NULL, "keys", keys, "regions", regions),
	    in->index, NULL);
out:
	flash_cipher_free(t.c);
	json_decref(keys);
	json_decref(regions);
	if (rc != 0) {
		esp_plain_free(pv);
		err_internal(err, in->path, "out of memory, or OpenSSL failed, decrypting");
	}
	return rc;
}

bool
esp_plain_decrypted(const struct esp_plain *pv, size_t off)
{
	for (unsigned i = 0; pv != NULL && i < pv->nregions; i++)
		if (off >= pv->regions[i].off && off - pv->regions[i].off < pv->regions[i].len)
			return true;
	return false;
}

void
esp_plain_free(struct esp_plain *pv)
{
	if (pv->data != NULL)
		OPENSSL_cleanse(pv->data, pv->len);
	free(pv->data);
	memset(pv, 0, sizeof(*pv));
}

json_t *
esp_decrypted_mark(json_t *item, const struct esp_plain *pv, size_t off)
{
	if (item != NULL && esp_plain_decrypted(pv, off)) {
		json_object_set_new(item, "decrypted", json_true());
		json_object_set_new(item, "key_sha256", json_string(pv->key_sha256));
		/* findings over it say so (core/predicate.c names items by it) */
		if (json_object_get(item, "reason") == NULL)
			json_object_set_new(item, "reason", json_sprintf("with the flash key "
			    "(SHA-256 %.16s...): read after decryption", pv->key_sha256));
	}
	return item;
}
