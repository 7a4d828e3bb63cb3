/* Writes NVS pages (esp-formats.md §5) the way nvs_flash lays them out:
 * items appended to the active page, a new page (higher sequence number)
 * when one is full; v2 blobs as one blob_data chunk plus a blob_idx. */
#include <openssl/evp.h>
#include <string.h>

#include "formats/esp_crc32.h"
#include "samples/gen/gen.h"

#define PAGE 4096
#define ENTRIES 126

static uint8_t *
page_at(struct nvs_writer *w, unsigned pg)
{
	if ((size_t)(pg + 1) * PAGE > w->len)
		die("NVS partition full");
	return w->buf + (size_t)pg * PAGE;
}

static void
page_open(struct nvs_writer *w)
{
	uint8_t *h = page_at(w, w->page);

	put32(h, 0xFFFFFFFE);		/* ACTIVE */
	put32(h + 4, w->seq++);
	h[8] = 0xFE;			/* version 2 */
	put32(h + 28, esp_crc32_idf(h + 4, 24));
	w->entry = 0;
}

void
nvsw_init(struct nvs_writer *w, uint8_t *buf, size_t len)
{
	memset(buf, 0xFF, len);
	w->buf = buf;
	w->len = len;
	w->page = 0;
	w->seq = 0;
	w->next_ns = 1;
	page_open(w);
}

static void
write_item(struct nvs_writer *w, uint8_t ns, uint8_t type, uint8_t chunk,
    const char *key, const uint8_t data[8], const void *payload, size_t plen)
{
	unsigned span = 1 + (unsigned)((plen + 31) / 32);
	uint8_t *pg, *e;

	if (w->entry + span > ENTRIES) {
		put32(page_at(w, w->page), 0xFFFFFFFC);	/* FULL */
		w->page++;
		page_open(w);
	}
	pg = page_at(w, w->page);
	e = pg + 64 + 32 * w->entry;
	memset(e, 0xFF, 32);
	e[0] = ns;
	e[1] = type;
	e[2] = (uint8_t)span;
	e[3] = chunk;
	memset(e + 8, 0, 16);
	strncpy((char *)e + 8, key, 15);
	memcpy(e + 24, data, 8);
	if (payload != NULL) {
		put16(e + 24, (uint16_t)plen);
		e[26] = e[27] = 0xFF;
		put32(e + 28, esp_crc32_idf(payload, plen));
		memcpy(e + 32, payload, plen);
	}
	put32(e + 4, esp_crc32_nvs_item(e));
	for (unsigned k = 0; k < span; k++) {
		unsigned i = w->entry + k;

		pg[32 + i / 4] &= (uint8_t)~(1u << ((i % 4) * 2));	/* 11 -> 10 written */
	}
	w->entry += span;
}

uint8_t
nvsw_ns(struct nvs_writer *w, const char *name)
{
	uint8_t d[8];

	memset(d, 0xFF, 8);
	d[0] = w->next_ns;
	write_item(w, 0, 0x01, 0xFF, name, d, NULL, 0);
	return w->next_ns++;
}

void
nvsw_u8(struct nvs_writer *w, uint8_t ns, const char *key, uint8_t v)
{
	uint8_t d[8];

	memset(d, 0xFF, 8);
	d[0] = v;
	write_item(w, ns, 0x01, 0xFF, key, d, NULL, 0);
}

void
nvsw_u32(struct nvs_writer *w, uint8_t ns, const char *key, uint32_t v)
{
	uint8_t d[8];

	memset(d, 0xFF, 8);
	put32(d, v);
	write_item(w, ns, 0x04, 0xFF, key, d, NULL, 0);
}

void
nvsw_str(struct nvs_writer *w, uint8_t ns, const char *key, const char *v)
{
	uint8_t d[8] = { 0 };

	write_item(w, ns, 0x21, 0xFF, key, d, v, strlen(v) + 1);
}

void
nvsw_blob(struct nvs_writer *w, uint8_t ns, const char *key, const void *v, size_t n)
{
	uint8_t d[8] = { 0 };

	if (n > (ENTRIES - 1) * 32)
		die("blob '%s' too large for one chunk", key);
	write_item(w, ns, 0x42, 0x00, key, d, v, n);	/* chunk 0, VER_0 */
	memset(d, 0xFF, 8);
	put32(d, (uint32_t)n);
	d[4] = 1;	/* chunk count */
	d[5] = 0;	/* chunk start */
	write_item(w, ns, 0x48, 0xFF, key, d, NULL, 0);
}

void
nvsw_encrypt(struct nvs_writer *w, const uint8_t key[64])
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	if (ctx == NULL)
		die("out of memory");
	for (unsigned pg = 0; pg <= w->page; pg++) {
		uint8_t *p = page_at(w, pg);

		for (unsigned i = 0; i < ENTRIES; i++) {
			uint8_t iv[16] = { 0 }, out[32], *e = p + 64 + 32 * i;
			uint32_t rel = pg * PAGE + 64 + 32 * i;
			int outl = 0;

			if (((p[32 + i / 4] >> ((i % 4) * 2)) & 3) != 2)
				continue;
			/* Data unit: the entry's offset in the partition (§5.4). */
			put32(iv, rel);
			if (EVP_EncryptInit_ex(ctx, EVP_aes_256_xts(), NULL, key, iv) != 1 ||
			    EVP_EncryptUpdate(ctx, out, &outl, e, 32) != 1 || outl != 32)
				die("XTS encryption failed");
			memcpy(e, out, 32);
		}
	}
	EVP_CIPHER_CTX_free(ctx);
}
