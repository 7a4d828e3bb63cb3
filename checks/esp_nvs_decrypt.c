/* NVS encryption undone with the flash key's help: once flash decryption
 * has made the nvs_keys partition plaintext, its XTS keys (eky || tky,
 * CRC-checked) decrypt each written 32-byte entry of an NVS partition, the
 * entry's offset in the partition as XTS data unit (esp-idf
 * nvs_encrypted_partition.cpp; esp-formats.md §5.4). A partition is taken
 * decrypted only where that makes more of its entries valid than before:
 * a plaintext NVS stays as read. */
#include "checks/esp_decrypt.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "checks/esp_common.h"
#include "core/input.h"
#include "formats/esp_crc32.h"
#include "formats/nvs.h"

#define NVS_KEYS_LEN 64

/* The keys of the first nvs_keys partition that decrypted to valid keys. */
static bool
nvs_keys_of(const struct esp_plain *pv, const struct part_table *t, uint8_t keys[64])
{
	for (unsigned i = 0; i < t->n; i++) {
		const struct part_entry *e = &t->e[i];
		const uint8_t *p = pv->data + e->offset;
		uint32_t crc;

		if (e->type != PART_TYPE_DATA || e->subtype != PART_SUBTYPE_DATA_NVS_KEYS ||
		    !esp_plain_decrypted(pv, e->offset) || e->offset + NVS_KEYS_LEN + 4 > pv->len)
			continue;
		crc = (uint32_t)p[64] | (uint32_t)p[65] << 8 | (uint32_t)p[66] << 16 |
		    (uint32_t)p[67] << 24;
		if (esp_crc32_idf(p, NVS_KEYS_LEN) == crc) {
			memcpy(keys, p, NVS_KEYS_LEN);
			return true;
		}
	}
	return false;
}

/* Every written entry of every page in use, decrypted in place. */
static int
decrypt_entries(EVP_CIPHER_CTX *ctx, const uint8_t keys[64], uint8_t *part, size_t len)
{
	for (size_t pg = 0; pg + NVS_PAGE_SIZE <= len; pg += NVS_PAGE_SIZE) {
		uint8_t *p = part + pg;

		if (!nvs_page_header_in_use(p, NVS_PAGE_SIZE))
			continue;
		for (unsigned i = 0; i < NVS_ENTRIES_PER_PAGE; i++) {
			uint8_t iv[16] = { 0 }, *e = p + 64 + NVS_ENTRY_SIZE * i;
			size_t rel = pg + 64 + NVS_ENTRY_SIZE * i;
			int outl;

			if (((p[32 + i / 4] >> ((i % 4) * 2)) & 3) != 2)	/* not written */
				continue;
			iv[0] = (uint8_t)rel, iv[1] = (uint8_t)(rel >> 8);
			iv[2] = (uint8_t)(rel >> 16), iv[3] = (uint8_t)(rel >> 24);
			if (EVP_DecryptInit_ex(ctx, EVP_aes_256_xts(), NULL, keys, iv) != 1 ||
			    EVP_DecryptUpdate(ctx, e, &outl, e, NVS_ENTRY_SIZE) != 1 ||
			    outl != NVS_ENTRY_SIZE)
				return -1;
		}
	}
	return 0;
}

/* Valid written items of a partition image, -1 when it does not parse. */
static long
valid_items(const uint8_t *data, size_t len)
{
	struct nvs_part p;
	long n;

	if (nvs_parse(data, len, NULL, 0, &p, NULL) != 0)
		return -1;
	n = (long)p.nitems - (long)p.items_bad;
	nvs_part_free(&p);
	return n;
}

static void
try_partition(struct esp_plain *pv, EVP_CIPHER_CTX *ctx, const uint8_t keys[64],
    const struct part_entry *e, json_t *list)
{
	size_t len = e->size < pv->len - e->offset ? e->size : pv->len - e->offset;
	uint8_t *cand;
	char label[80];

	len -= len % NVS_PAGE_SIZE;
	if (len == 0 || (cand = malloc(len)) == NULL)
		return;
	memcpy(cand, pv->data + e->offset, len);
	if (decrypt_entries(ctx, keys, cand, len) == 0 &&
	    valid_items(cand, len) > valid_items(pv->data + e->offset, len) &&
	    pv->nregions < sizeof(pv->regions) / sizeof(pv->regions[0])) {
		memcpy(pv->data + e->offset, cand, len);
		pv->regions[pv->nregions].off = e->offset;
		pv->regions[pv->nregions++].len = len;
		esp_sanitize(label, sizeof(label), e->label);
		json_array_append_new(list, json_pack("{s:s, s:I, s:I, s:s, s:s}", "label", label,
		    "offset", (json_int_t)e->offset, "size", (json_int_t)len, "key_sha256",
		    pv->key_sha256, "via", "NVS encryption keys of the nvs_keys partition"));
	}
	OPENSSL_cleanse(cand, len);
	free(cand);
}

void
esp_decrypt_nvs(struct esp_plain *pv, const struct part_table *t, json_t *list)
{
	uint8_t keys[NVS_KEYS_LEN];
	EVP_CIPHER_CTX *ctx;

	if (!nvs_keys_of(pv, t, keys))
		return;
	if ((ctx = EVP_CIPHER_CTX_new()) != NULL)
		for (unsigned i = 0; i < t->n; i++) {
			const struct part_entry *e = &t->e[i];

			if (e->type == PART_TYPE_DATA && e->subtype == PART_SUBTYPE_DATA_NVS &&
			    e->offset < pv->len)
				try_partition(pv, ctx, keys, e, list);
		}
	EVP_CIPHER_CTX_free(ctx);
	OPENSSL_cleanse(keys, sizeof(keys));
}
