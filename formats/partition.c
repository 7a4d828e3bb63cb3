#include "formats/partition.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "util/reader.h"
#include "formats/esp_crc32.h"

bool
part_table_probe(const uint8_t *data, size_t len)
{
	struct reader r;
	const uint8_t *e;
	uint32_t off, size;

	rd_init(&r, data, len);
	if (rd_peek_ptr(&r, 0, &e, PART_ENTRY_SIZE) != 0 || e[0] != 0xAA || e[1] != 0x50)
		return false;
	off = ld_le32(e + 4);
	size = ld_le32(e + 8);
	/* Known types or the custom range 0x40..0xFE (§2.2). */
	if (e[2] > PART_TYPE_PARTITION_TABLE && e[2] < 0x40)
		return false;
	return (off & 0xFFF) == 0 && size != 0;
}

int
part_table_parse(const char *input, size_t base, const uint8_t *data,
    size_t len, struct part_table *t, struct fw_err *err)
{
	struct reader r;
	const uint8_t *e;
	size_t limit = len < PART_TABLE_MAX_LEN ? len : PART_TABLE_MAX_LEN;
	EVP_MD_CTX *md5 = NULL;
	unsigned int n;

	memset(t, 0, sizeof(*t));
	rd_init(&r, data, limit);
	if (rd_peek_ptr(&r, 0, &e, PART_ENTRY_SIZE) != 0)
		return err_set(err, input, base,
		    "partition table truncated: %zu bytes, an entry needs %d", len,
		    PART_ENTRY_SIZE);
	if (e[0] != 0xAA || e[1] != 0x50)
		return err_set(err, input, base,
		    "partition table: first entry magic is %02x %02x, not AA 50", e[0], e[1]);
	while (rd_ptr(&r, &e, PART_ENTRY_SIZE) == 0) {
		size_t at = r.off - PART_ENTRY_SIZE;

		if (e[0] == 0xAA && e[1] == 0x50) {
			struct part_entry *p;

			if (t->md5_present) {
				/* IDF stops at the MD5 entry; entries after it are ignored
				 * by the bootloader, so they are damage, not partitions. */
				t->damaged = true;
				t->damage_off = at;
				snprintf(t->damage, sizeof(t->damage),
				    "entry at 0x%zx follows the MD5 entry (the bootloader ignores it)",
				    base + at);
				break;
			}
			p = &t->e[t->n];
			p->index = t->n;
			p->entry_off = at;
			p->type = e[2];
			p->subtype = e[3];
			p->offset = ld_le32(e + 4);
			p->size = ld_le32(e + 8);
			memcpy(p->label, e + 12, 16);
			p->label[16] = '\0';
			p->flags = ld_le32(e + 28);
			t->n++;
		} else if (e[0] == 0xEB && e[1] == 0xEB) {
			/* MD5 over all preceding entries (ESP_PARTITION_MD5_OFFSET 16). */
			t->md5_present = true;
			t->md5_off = at;
			memcpy(t->md5_stored, e + 16, 16);
			if ((md5 = EVP_MD_CTX_new()) != NULL &&
			    EVP_DigestInit_ex(md5, EVP_md5(), NULL) == 1 &&
			    EVP_DigestUpdate(md5, data, at) == 1 &&
			    EVP_DigestFinal_ex(md5, t->md5_calc, &n) == 1)
				t->md5_valid = memcmp(t->md5_calc, t->md5_stored, 16) == 0;
			EVP_MD_CTX_free(md5);
			md5 = NULL;
		} else if (bytes_all(e, PART_ENTRY_SIZE, 0xFF)) {
			t->terminated = true;
			break;
		} else {
			t->damaged = true;
			t->damage_off = at;
			snprintf(t->damage, sizeof(t->damage),
			    "entry %u at 0x%zx has magic %02x %02x: neither a partition "
			    "(AA 50), the MD5 entry (EB EB) nor the end marker (FF)",
			    t->n, base + at, e[0], e[1]);
			break;
		}
	}
	t->used = r.off;
	return 0;
}

const char *
part_type_name(uint8_t type)
{
	switch (type) {
	case PART_TYPE_APP: return "app";
	case PART_TYPE_DATA: return "data";
	case PART_TYPE_BOOTLOADER: return "bootloader";
	case PART_TYPE_PARTITION_TABLE: return "partition_table";
	default: return NULL;
	}
}

const char *
part_subtype_name(uint8_t type, uint8_t subtype, char buf[16])
{
	if (type == PART_TYPE_APP) {
		if (subtype == PART_SUBTYPE_FACTORY)
			return "factory";
		if (subtype >= PART_SUBTYPE_OTA_MIN && subtype <= PART_SUBTYPE_OTA_MAX) {
			snprintf(buf, 16, "ota_%u", subtype - PART_SUBTYPE_OTA_MIN);
			return buf;
		}
		if (subtype == PART_SUBTYPE_TEST)
			return "test";
		if (subtype == 0x30)
			return "tee_0";
		if (subtype == 0x31)
			return "tee_1";
		return NULL;
	}
	if (type == PART_TYPE_DATA) {
		switch (subtype) {
		case 0x00: return "ota";
		case 0x01: return "phy";
		case 0x02: return "nvs";
		case 0x03: return "coredump";
		case 0x04: return "nvs_keys";
		case 0x05: return "efuse";
		case 0x06: return "undefined";
		case 0x80: return "esphttpd";
		case 0x81: return "fat";
		case 0x82: return "spiffs";
		case 0x83: return "littlefs";
		case 0x90: return "tee_ota";
		default: return NULL;
		}
	}
	if (type == PART_TYPE_BOOTLOADER)
		return subtype == 0 ? "primary" : subtype == 1 ? "ota" :
		    subtype == 2 ? "recovery" : NULL;
	if (type == PART_TYPE_PARTITION_TABLE)
		return subtype == 0 ? "primary" : subtype == 1 ? "ota" : NULL;
	return NULL;
}

bool
part_is_app(const struct part_entry *e)
{
	return e->type == PART_TYPE_APP;
}

bool
part_is_ota_app(const struct part_entry *e)
{
	return e->type == PART_TYPE_APP && e->subtype >= PART_SUBTYPE_OTA_MIN &&
	    e->subtype <= PART_SUBTYPE_OTA_MAX;
}

bool
part_flash_encrypted(const struct part_entry *e)
{
	if (e->flags & PART_FLAG_ENCRYPTED)
		return true;
	if (e->type == PART_TYPE_APP || e->type == PART_TYPE_BOOTLOADER ||
	    e->type == PART_TYPE_PARTITION_TABLE)
		return true;
	return e->type == PART_TYPE_DATA && (e->subtype == PART_SUBTYPE_DATA_OTA ||
	    e->subtype == PART_SUBTYPE_DATA_NVS_KEYS);
}

void
otadata_parse(const uint8_t *data, size_t len, struct otadata *o)
{
	struct reader r;
	const uint8_t *p;

	memset(o, 0, sizeof(*o));
	o->active = -1;
	rd_init(&r, data, len);
	for (int i = 0; i < 2; i++) {
		struct ota_select *s = &o->s[i];

		s->offset = (size_t)i * 0x1000;
		if (rd_peek_ptr(&r, s->offset, &p, OTA_SELECT_LEN) != 0)
			continue;
		s->present = true;
		s->seq = ld_le32(p);
		s->state = ld_le32(p + 24);
		s->crc_stored = ld_le32(p + 28);
		s->erased = bytes_all(p, OTA_SELECT_LEN, 0xFF);
		/* CRC of the 4 ota_seq bytes, IDF convention (§2.3). */
		s->crc_calc = esp_crc32_idf(p, 4);
		s->crc_valid = s->crc_calc == s->crc_stored;
		s->valid = s->seq != 0xFFFFFFFF && s->crc_valid &&
		    s->state != OTA_STATE_INVALID && s->state != OTA_STATE_ABORTED;
	}
	if (o->s[0].valid && o->s[1].valid)
		o->active = o->s[1].seq > o->s[0].seq ? 1 : 0;
	else if (o->s[0].valid)
		o->active = 0;
	else if (o->s[1].valid)
		o->active = 1;
}

int
otadata_slot(const struct otadata *o, unsigned ota_count)
{
	if (o->active < 0 || ota_count == 0)
		return -1;
	return (int)((o->s[o->active].seq - 1) % ota_count);
}

const char *
ota_state_name(uint32_t state)
{
	switch (state) {
	case OTA_STATE_NEW: return "new";
	case OTA_STATE_PENDING_VERIFY: return "pending_verify";
	case OTA_STATE_VALID: return "valid";
	case OTA_STATE_INVALID: return "invalid";
	case OTA_STATE_ABORTED: return "aborted";
	case OTA_STATE_UNDEFINED: return "undefined";
	default: return "unknown";
	}
}
