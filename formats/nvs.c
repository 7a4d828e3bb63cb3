/* NVS partition parser; layout in formats/nvs.h and esp-formats.md §5. */
#include "formats/nvs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/reader.h"
#include "formats/esp_crc32.h"

/* Entry state bitmap values (nvs_page.hpp EntryState). */
#define ES_EMPTY   3
#define ES_WRITTEN 2
#define ES_ERASED  0

#define HEADER_SIZE 32
#define BITMAP_OFF 32
#define ENTRIES_OFF 64

int
nvs_page_header_read(const uint8_t *p, size_t n, struct nvs_page_header *h)
{
	struct reader r;
	const uint8_t *reserved, *crcspan;
	uint32_t crc;

	rd_init(&r, p, n);
	if (rd_u32le(&r, &h->state) != 0 || rd_u32le(&r, &h->seq) != 0 ||
	    rd_u8(&r, &h->version_byte) != 0 || rd_ptr(&r, &reserved, 19) != 0 ||
	    rd_u32le(&r, &crc) != 0)
		return -1;
	rd_peek_ptr(&r, 4, &crcspan, 24);
	h->reserved_erased = bytes_all(reserved, 19, 0xFF);
	h->crc_ok = esp_crc32_idf(crcspan, 24) == crc;
	return 0;
}

bool
nvs_page_header_in_use(const uint8_t *p, size_t n)
{
	struct nvs_page_header h;

	return nvs_page_header_read(p, n, &h) == 0 &&
	    (h.state == NVS_PAGE_ACTIVE || h.state == NVS_PAGE_FULL ||
	    h.state == NVS_PAGE_FREEING) &&
	    (h.version_byte == 0xFE || h.version_byte == 0xFF) &&
	    h.reserved_erased && h.crc_ok;
}

const char *
nvs_type_name(uint8_t type)
{
	switch (type) {
	case NVS_U8: return "u8";
	case NVS_I8: return "i8";
	case NVS_U16: return "u16";
	case NVS_I16: return "i16";
	case NVS_U32: return "u32";
	case NVS_I32: return "i32";
	case NVS_U64: return "u64";
	case NVS_I64: return "i64";
	case NVS_STR: return "str";
	case NVS_BLOB: return "blob";
	case NVS_BLOB_DATA: return "blob_data";
	case NVS_BLOB_IDX: return "blob_idx";
	default: return "unknown";
	}
}

bool
nvs_type_is_var(uint8_t type)
{
	return type == NVS_STR || type == NVS_BLOB || type == NVS_BLOB_DATA;
}

static bool
type_is_primitive(uint8_t type)
{
	switch (type) {
	case NVS_U8: case NVS_I8: case NVS_U16: case NVS_I16:
	case NVS_U32: case NVS_I32: case NVS_U64: case NVS_I64:
		return true;
	default:
		return false;
	}
}

double
nvs_entropy(const uint8_t *buf, size_t len)
{
	size_t count[256] = { 0 };
	double h = 0;

	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		count[buf[i]]++;
	for (int i = 0; i < 256; i++) {
		if (count[i] != 0) {
			double p = (double)count[i] / (double)len;

			h -= p * log2(p);
		}
	}
	return h;
}

/* An entry that looks like ciphertext rather than a plaintext item: few
 * 0xFF padding bytes and many distinct values (XTS output, §5.4). */
static bool
entry_looks_random(const uint8_t *e)
{
	bool seen[256] = { false };
	unsigned ff = 0, distinct = 0;

	for (int i = 0; i < NVS_ENTRY_SIZE; i++) {
		ff += e[i] == 0xFF;
		if (!seen[e[i]]) {
			seen[e[i]] = true;
			distinct++;
		}
	}
	return ff <= 3 && distinct >= 20;
}

static int
push_item(struct nvs_part *p, size_t *cap, const struct nvs_item *it)
{
	if (p->nitems == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64, bytes;
		struct nvs_item *n;

		if (size_mul(ncap, sizeof(*n), &bytes) != 0 ||
		    (n = realloc(p->items, bytes)) == NULL)
			return -1;
		p->items = n;
		*cap = ncap;
	}
	p->items[p->nitems++] = *it;
	return 0;
}

/* Copies the 16-byte key field: up to the NUL, non-printables as '?'. */
static void
copy_key(char dst[NVS_KEY_MAX], const uint8_t *src)
{
	int i;

	for (i = 0; i < NVS_KEY_MAX - 1 && src[i] != '\0'; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7F ? (char)src[i] : '?';
	dst[i] = '\0';
}

/* Decodes the written item at entry i of a page; returns the number of
 * entry slots it occupies (its span when valid, else 1). */
static unsigned
parse_item(const struct reader *page, struct nvs_page *pg, unsigned pgi,
    unsigned i, const uint8_t *ent, struct nvs_item *it)
{
	struct reader r;
	uint32_t crc, dcrc;
	uint16_t size;
	uint64_t raw;

	memset(it, 0, sizeof(*it));
	it->offset = pg->offset + ENTRIES_OFF + (size_t)i * NVS_ENTRY_SIZE;
	it->page = pgi;
	it->entry = i;
	it->page_seq = pg->seq;
	rd_init(&r, ent, NVS_ENTRY_SIZE);
	/* nvs::Item: nsIndex, datatype, span, chunkIndex, crc32, key[16], data[8] */
	rd_u8(&r, &it->ns);
	rd_u8(&r, &it->type);
	rd_u8(&r, &it->span);
	rd_u8(&r, &it->chunk);
	rd_u32le(&r, &crc);
	copy_key(it->key, ent + 8);
	if (esp_crc32_nvs_item(ent) != crc) {
		it->problem = NVS_ITEM_BAD_CRC;
		return 1;
	}
	if (it->span == 0 || it->span > NVS_ENTRIES_PER_PAGE - i) {
		it->problem = NVS_ITEM_BAD_SPAN;
		return 1;
	}
	rd_seek(&r, 24);
	if (type_is_primitive(it->type)) {
		unsigned bytes = it->type & 0x0F;

		rd_u64le(&r, &raw);
		it->uval = bytes == 8 ? raw : raw & ((1ULL << (bytes * 8)) - 1);
		if ((it->type & 0x10) && bytes < 8 && (it->uval >> (bytes * 8 - 1)) & 1)
			it->ival = (int64_t)(it->uval | ~((1ULL << (bytes * 8)) - 1));
		else
			it->ival = (int64_t)it->uval;
		return it->span;
	}
	if (it->type == NVS_BLOB_IDX) {
		/* data = u32 dataSize; u8 chunkCount; u8 chunkStart; u16 reserved */
		rd_u32le(&r, &it->blob_total);
		rd_u8(&r, &it->blob_chunks);
		rd_u8(&r, &it->blob_start);
		return it->span;
	}
	if (!nvs_type_is_var(it->type)) {
		it->problem = NVS_ITEM_BAD_TYPE;
		return it->span;
	}
	/* data = u16 dataSize; u16 reserved; u32 dataCrc32; payload follows. */
	rd_u16le(&r, &size);
	rd_skip(&r, 2);
	rd_u32le(&r, &dcrc);
	it->payload_off = it->offset + NVS_ENTRY_SIZE;
	it->payload_len = size;
	if (size > (size_t)(it->span - 1) * NVS_ENTRY_SIZE ||
	    rd_peek_ptr(page, ENTRIES_OFF + ((size_t)i + 1) * NVS_ENTRY_SIZE,
	    &it->payload, size) != 0) {
		it->problem = NVS_ITEM_BAD_SIZE;
		it->payload = NULL;
		it->payload_len = 0;
		return it->span;
	}
	if (esp_crc32_idf(it->payload, size) != dcrc)
		it->problem = NVS_ITEM_BAD_DATA_CRC;
	return it->span;
}

static int
parse_page(struct nvs_part *p, size_t *cap, const struct reader *all,
    unsigned pgi, struct fw_err *err, const char *input, size_t base)
{
	struct nvs_page *pg = &p->pages[pgi];
	struct reader page;
	struct nvs_page_header h;
	const uint8_t *raw, *bitmap;
	uint8_t states[NVS_ENTRIES_PER_PAGE];

	memset(pg, 0, sizeof(*pg));
	pg->offset = (size_t)pgi * NVS_PAGE_SIZE;
	if (rd_sub(all, pg->offset, NVS_PAGE_SIZE, &page) != 0 ||
	    rd_peek_ptr(&page, 0, &raw, NVS_PAGE_SIZE) != 0)
		return err_set(err, input, base + pg->offset, "NVS page %u is truncated", pgi);
	nvs_page_header_read(raw, NVS_PAGE_SIZE, &h);
	pg->state = h.state;
	pg->seq = h.seq;
	pg->version = (uint8_t)(256 - h.version_byte);
	if (pg->state == NVS_PAGE_EMPTY) {
		pg->kind = bytes_all(raw, NVS_PAGE_SIZE, 0xFF) ? NVS_PK_EMPTY : NVS_PK_UNINIT;
		if (pg->kind == NVS_PK_EMPTY)
			p->pages_empty++;
		else
			p->pages_bad++;
		return 0;
	}
	if (pg->state != NVS_PAGE_ACTIVE && pg->state != NVS_PAGE_FULL &&
	    pg->state != NVS_PAGE_FREEING && pg->state != NVS_PAGE_CORRUPT) {
		pg->kind = NVS_PK_NOT_NVS;
		p->pages_not_nvs++;
		if (nvs_entropy(raw, NVS_PAGE_SIZE) >= 7.5)
			p->pages_random++;
		return 0;
	}
	if (!h.crc_ok) {
		pg->kind = NVS_PK_BAD_CRC;
		p->pages_bad++;
		return 0;
	}
	if (pg->state == NVS_PAGE_CORRUPT) {
		pg->kind = NVS_PK_CORRUPT;
		p->pages_bad++;
		return 0;
	}
	pg->kind = NVS_PK_VALID;
	p->pages_valid++;
	rd_peek_ptr(&page, BITMAP_OFF, &bitmap, 32);
	for (unsigned i = 0; i < NVS_ENTRIES_PER_PAGE; i++) {
		states[i] = (bitmap[i / 4] >> ((i % 4) * 2)) & 3;
		pg->written += states[i] == ES_WRITTEN;
		pg->erased += states[i] == ES_ERASED;
		pg->empty += states[i] == ES_EMPTY;
	}
	for (unsigned i = 0; i < NVS_ENTRIES_PER_PAGE;) {
		struct reader er = page;
		uint8_t ent[NVS_ENTRY_SIZE];
		struct nvs_item it;
		unsigned used;

		if (states[i] != ES_WRITTEN) {
			i++;
			continue;
		}
		if (rd_seek(&er, ENTRIES_OFF + (size_t)i * NVS_ENTRY_SIZE) != 0 ||
		    rd_bytes(&er, ent, sizeof(ent)) != 0)
			return err_set(err, input, base + pg->offset, "NVS page %u: entry %u is truncated", pgi, i);
		used = parse_item(&page, pg, pgi, i, ent, &it);
		if (it.problem != NVS_ITEM_OK) {
			pg->bad_items++;
			p->items_bad++;
			if (it.problem == NVS_ITEM_BAD_CRC) {
				pg->bad_entries_crc++;
				p->items_bad_crc++;
				p->items_random += entry_looks_random(ent);
			}
		}
		if (push_item(p, cap, &it) != 0)
			return err_oom(err, input, base + it.offset);
		i += used;
	}
	return 0;
}

/* Items ordered by namespace, key, chunk index. */
static int
cmp_chunk(const void *a, const void *b)
{
	const struct nvs_item *x = *(const struct nvs_item *const *)a;
	const struct nvs_item *y = *(const struct nvs_item *const *)b;
	int c;

	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	return (x->chunk > y->chunk) - (x->chunk < y->chunk);
}

/* ... then blob index after data, then oldest first. */
static int
cmp_item_identity(const void *a, const void *b)
{
	const struct nvs_item *x = *(const struct nvs_item *const *)a;
	const struct nvs_item *y = *(const struct nvs_item *const *)b;
	int c;

	if ((c = cmp_chunk(a, b)) != 0)
		return c;
	if ((x->type == NVS_BLOB_IDX) != (y->type == NVS_BLOB_IDX))
		return x->type == NVS_BLOB_IDX ? 1 : -1;
	/* Oldest first: page sequence number, then place in the page. */
	if (x->page_seq != y->page_seq)
		return x->page_seq < y->page_seq ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* NVS appends a new copy before erasing the old one, so a dump can hold
 * both; the copy on the newest page (highest seq), last in it, is current. */
static int
mark_superseded(struct nvs_part *p)
{
	struct nvs_item **v;
	size_t n = 0;

	if (p->nitems == 0)
		return 0;
	if ((v = calloc(p->nitems, sizeof(*v))) == NULL)
		return -1;
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].problem == NVS_ITEM_OK)
			v[n++] = &p->items[i];
	qsort(v, n, sizeof(*v), cmp_item_identity);
	for (size_t i = 0; i + 1 < n; i++) {
		if (v[i]->ns == v[i + 1]->ns && v[i]->chunk == v[i + 1]->chunk &&
		    (v[i]->type == NVS_BLOB_IDX) == (v[i + 1]->type == NVS_BLOB_IDX) &&
		    strcmp(v[i]->key, v[i + 1]->key) == 0) {
			v[i]->superseded = true;
			p->duplicates++;
		}
	}
	free(v);
	return 0;
}

static int
collect_namespaces(struct nvs_part *p)
{
	size_t n = 0;

	for (int i = 0; i < 256; i++)
		p->ns_at[i] = -1;
	for (size_t i = 0; i < p->nitems; i++)
		n += p->items[i].problem == NVS_ITEM_OK && p->items[i].ns == 0 &&
		    p->items[i].type == NVS_U8 && !p->items[i].superseded;
	if (n == 0)
		return 0;
	if ((p->ns = calloc(n, sizeof(*p->ns))) == NULL)
		return -1;
	for (size_t i = 0; i < p->nitems; i++) {
		const struct nvs_item *it = &p->items[i];

		if (it->problem != NVS_ITEM_OK || it->ns != 0 || it->type != NVS_U8 ||
		    it->superseded)
			continue;
		p->ns[p->nns].index = (uint8_t)it->uval;
		memcpy(p->ns[p->nns].name, it->key, sizeof(it->key));
		p->ns[p->nns].offset = it->offset;
		/* Two names for one index: the first in flash order is used. */
		if (p->ns_at[(uint8_t)it->uval] < 0 && p->nns < INT16_MAX)
			p->ns_at[(uint8_t)it->uval] = (int16_t)p->nns;
		p->nns++;
	}
	return 0;
}

static int
index_chunks(struct nvs_part *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nitems; i++)
		n += p->items[i].type == NVS_BLOB_DATA && p->items[i].problem == NVS_ITEM_OK &&
		    !p->items[i].superseded;
	if (n == 0)
		return 0;
	if ((p->chunks = calloc(n, sizeof(*p->chunks))) == NULL)
		return -1;
	for (size_t i = 0; i < p->nitems; i++)
		if (p->items[i].type == NVS_BLOB_DATA && p->items[i].problem == NVS_ITEM_OK &&
		    !p->items[i].superseded)
			p->chunks[p->nchunks++] = &p->items[i];
	qsort(p->chunks, p->nchunks, sizeof(*p->chunks), cmp_chunk);
	return 0;
}

int
nvs_parse(const uint8_t *data, size_t len, const char *input,
    size_t base_offset, struct nvs_part *out, struct fw_err *err)
{
	struct reader all;
	size_t cap = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	rd_init(&all, data, len);
	if (len < NVS_PAGE_SIZE) {
		err_set(err, input, base_offset, "NVS partition of %zu bytes is "
		    "shorter than one 4096-byte page", len);
		goto out;
	}
	out->len = len;
	out->npages = len / NVS_PAGE_SIZE;
	out->trailing = len % NVS_PAGE_SIZE;
	if ((out->pages = calloc(out->npages, sizeof(*out->pages))) == NULL) {
		err_oom(err, input, base_offset);
		goto out;
	}
	for (size_t i = 0; i < out->npages; i++)
		if (parse_page(out, &cap, &all, (unsigned)i, err, input, base_offset) != 0)
			goto out;
	if (mark_superseded(out) != 0 || collect_namespaces(out) != 0 ||
	    index_chunks(out) != 0) {
		err_oom(err, input, base_offset);
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		nvs_part_free(out);
	return rc;
}

void
nvs_part_free(struct nvs_part *p)
{
	free(p->pages);
	free(p->items);
	free(p->ns);
	free(p->chunks);
	memset(p, 0, sizeof(*p));
}

const char *
nvs_ns_name(const struct nvs_part *p, uint8_t index)
{
	return p->ns != NULL && p->ns_at[index] >= 0 ? p->ns[p->ns_at[index]].name : NULL;
}

const struct nvs_item *
nvs_find_chunk(const struct nvs_part *p, uint8_t ns, const char *key, unsigned chunk)
{
	struct nvs_item want;
	const struct nvs_item *wp = &want, *const *hit;

	if (p->nchunks == 0 || chunk > 0xFF)
		return NULL;
	memset(&want, 0, sizeof(want));
	want.ns = ns;
	want.chunk = (uint8_t)chunk;
	snprintf(want.key, sizeof(want.key), "%s", key);
	hit = bsearch(&wp, p->chunks, p->nchunks, sizeof(*p->chunks), cmp_chunk);
	return hit ? *hit : NULL;
}

int
nvs_blob_assemble(const struct nvs_part *p, const struct nvs_item *idx,
    const char *input, size_t base_offset, uint8_t **buf, size_t *len,
    struct fw_err *err)
{
	size_t total = 0, at = 0;
	uint8_t *b = NULL;
	int rc = -1;

	*buf = NULL;
	*len = 0;
	if (idx->type != NVS_BLOB_IDX || idx->problem != NVS_ITEM_OK)
		return err_set(err, input, base_offset + idx->offset,
		    "NVS item '%s' is not a valid blob index", idx->key);
	/* chunkIndex is one byte: start + count must stay within it. */
	if ((unsigned)idx->blob_start + idx->blob_chunks > 255)
		return err_set(err, input, base_offset + idx->offset,
		    "NVS blob '%s': chunks %u..%u overflow the 8-bit chunk index",
		    idx->key, idx->blob_start, idx->blob_start + idx->blob_chunks - 1);
	if (idx->blob_total > p->len)
		return err_set(err, input, base_offset + idx->offset,
		    "NVS blob '%s' claims %u bytes, more than the %zu-byte partition",
		    idx->key, idx->blob_total, p->len);
	for (unsigned k = 0; k < idx->blob_chunks; k++) {
		const struct nvs_item *c = nvs_find_chunk(p, idx->ns, idx->key, idx->blob_start + k);

		if (c == NULL)
			return err_set(err, input, base_offset + idx->offset,
			    "NVS blob '%s': chunk %u of %u is missing", idx->key,
			    k + 1, idx->blob_chunks);
		if (size_add(total, c->payload_len, &total) != 0)
			return err_set(err, input, base_offset + c->offset,
			    "NVS blob '%s': chunk sizes overflow", idx->key);
	}
	if (total != idx->blob_total)
		return err_set(err, input, base_offset + idx->offset,
		    "NVS blob '%s': chunks hold %zu bytes, index says %u", idx->key,
		    total, idx->blob_total);
	if ((b = malloc(total ? total : 1)) == NULL) {
		err_oom(err, input, base_offset + idx->offset);
		goto out;
	}
	for (unsigned k = 0; k < idx->blob_chunks; k++) {
		const struct nvs_item *c = nvs_find_chunk(p, idx->ns, idx->key, idx->blob_start + k);

		memcpy(b + at, c->payload, c->payload_len);
		at += c->payload_len;
	}
	*buf = b;
	*len = total;
	b = NULL;
	rc = 0;
out:
	free(b);
	return rc;
}
