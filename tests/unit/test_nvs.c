/* NVS parser: good pages of both versions, and hostile ones (bad CRCs,
 * spans past the page end, oversized payloads, truncated partitions,
 * non-NVS pages, broken multi-chunk blobs). Pages are built here from the
 * layout in esp-formats.md §5 with the IDF CRC convention. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "formats/esp_crc32.h"
#include "formats/nvs.h"

#define PAGES_MAX 4

struct build {
	uint8_t buf[PAGES_MAX * NVS_PAGE_SIZE];
	unsigned next[PAGES_MAX];	/* next free entry per page */
};

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
page_init(struct build *b, unsigned pg, uint32_t state, uint32_t seq, uint8_t ver_byte)
{
	uint8_t *h = b->buf + pg * NVS_PAGE_SIZE;

	put32(h, state);
	put32(h + 4, seq);
	h[8] = ver_byte;
	put32(h + 28, esp_crc32_idf(h + 4, 24));
}

static void
mark_written(struct build *b, unsigned pg, unsigned i)
{
	uint8_t *bm = b->buf + pg * NVS_PAGE_SIZE + 32;

	bm[i / 4] &= (uint8_t)~(1u << ((i % 4) * 2));	/* 11 -> 10 */
}

static uint8_t *
entry_at(struct build *b, unsigned pg, unsigned i)
{
	return b->buf + pg * NVS_PAGE_SIZE + 64 + i * 32;
}

static void
entry_crc(uint8_t *e)
{
	uint8_t tmp[28];

	memcpy(tmp, e, 4);
	memcpy(tmp + 4, e + 8, 24);
	put32(e + 4, esp_crc32_idf(tmp, 28));
}

/* Writes an item header (and payload for var types); returns its index. */
static unsigned
add_item(struct build *b, unsigned pg, uint8_t ns, uint8_t type, uint8_t chunk,
    const char *key, const uint8_t data[8], const uint8_t *payload, size_t plen)
{
	unsigned i = b->next[pg], span = 1 + (unsigned)((plen + 31) / 32);
	uint8_t *e = entry_at(b, pg, i);

	memset(e, 0xFF, 32);
	e[0] = ns;
	e[1] = type;
	e[2] = (uint8_t)span;
	e[3] = chunk;
	memset(e + 8, 0, 16);
	strncpy((char *)e + 8, key, 15);
	memcpy(e + 24, data, 8);
	if (payload != NULL) {
		e[24] = (uint8_t)plen;
		e[25] = (uint8_t)(plen >> 8);
		e[26] = e[27] = 0xFF;
		put32(e + 28, esp_crc32_idf(payload, plen));
		memcpy(e + 32, payload, plen);
	}
	entry_crc(e);
	for (unsigned k = 0; k < span; k++)
		mark_written(b, pg, i + k);
	b->next[pg] = i + span;
	return i;
}

static void
add_u8(struct build *b, unsigned pg, uint8_t ns, const char *key, uint8_t v)
{
	uint8_t d[8];

	memset(d, 0xFF, 8);
	d[0] = v;
	add_item(b, pg, ns, NVS_U8, 0xFF, key, d, NULL, 0);
}

static unsigned
add_var(struct build *b, unsigned pg, uint8_t ns, uint8_t type, uint8_t chunk,
    const char *key, const void *v, size_t n)
{
	uint8_t d[8] = { 0 };

	return add_item(b, pg, ns, type, chunk, key, d, v, n);
}

static unsigned
add_blob_idx(struct build *b, unsigned pg, uint8_t ns, const char *key,
    uint32_t total, uint8_t count, uint8_t start)
{
	uint8_t d[8];

	memset(d, 0xFF, 8);
	put32(d, total);
	d[4] = count;
	d[5] = start;
	return add_item(b, pg, ns, NVS_BLOB_IDX, 0xFF, key, d, NULL, 0);
}

static struct build *
new_build(void)
{
	struct build *b = malloc(sizeof(*b));

	assert_non_null(b);
	memset(b->buf, 0xFF, sizeof(b->buf));
	memset(b->next, 0, sizeof(b->next));
	return b;
}

static const struct nvs_item *
find(const struct nvs_part *p, const char *key, uint8_t type)
{
	for (size_t i = 0; i < p->nitems; i++)
		if (strcmp(p->items[i].key, key) == 0 && p->items[i].type == type &&
		    !p->items[i].superseded)
			return &p->items[i];
	return NULL;
}

static void
test_crc_convention(void **state)
{
	/* esp-formats.md §2.3: otadata seq=1 -> CRC 0x4743989A. */
	uint8_t seq[4] = { 1, 0, 0, 0 };

	(void)state;
	assert_int_equal(esp_crc32_idf(seq, 4), 0x4743989Au);
	assert_int_equal(esp_crc32_le(esp_crc32_le(0xFFFFFFFF, seq, 2), seq + 2, 2), 0x4743989Au);
}

static void
test_good_page_v2(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;
	const char pw[] = "hunter22";
	uint8_t big[100], d[8];
	const struct nvs_item *it;
	uint8_t *blob;
	size_t blen;

	(void)state;
	for (int i = 0; i < 100; i++)
		big[i] = (uint8_t)i;
	page_init(b, 0, NVS_PAGE_ACTIVE, 7, 0xFE);
	add_u8(b, 0, 0, "storage", 1);
	memset(d, 0xFF, 8);
	d[0] = 0x81;
	add_item(b, 0, 1, NVS_I8, 0xFF, "neg", d, NULL, 0);
	memset(d, 0xFF, 8);
	put32(d, 0xFFFFFF85);	/* -123 */
	add_item(b, 0, 1, NVS_I32, 0xFF, "i32", d, NULL, 0);
	add_var(b, 0, 1, NVS_STR, 0xFF, "password", pw, sizeof(pw));
	add_var(b, 0, 1, NVS_BLOB_DATA, 0, "big", big, 60);
	add_var(b, 0, 1, NVS_BLOB_DATA, 1, "big", big + 60, 40);
	add_blob_idx(b, 0, 1, "big", 100, 2, 0);

	assert_int_equal(nvs_parse(b->buf, NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(p.pages_valid, 1);
	assert_int_equal(p.pages[0].version, 2);
	assert_int_equal(p.pages[0].seq, 7);
	assert_int_equal(p.items_bad, 0);
	assert_int_equal(p.nns, 1);
	assert_string_equal(nvs_ns_name(&p, 1), "storage");
	assert_non_null(it = find(&p, "neg", NVS_I8));
	assert_int_equal(it->ival, -127);
	assert_non_null(it = find(&p, "i32", NVS_I32));
	assert_int_equal(it->ival, -123);
	assert_non_null(it = find(&p, "password", NVS_STR));
	assert_int_equal(it->payload_len, sizeof(pw));
	assert_memory_equal(it->payload, pw, sizeof(pw));
	assert_int_equal(it->payload_off, 64 + 4 * 32);
	assert_non_null(it = find(&p, "big", NVS_BLOB_IDX));
	assert_int_equal(nvs_blob_assemble(&p, it, "t", 0, &blob, &blen, &err), 0);
	assert_int_equal(blen, 100);
	assert_memory_equal(blob, big, 100);
	free(blob);
	nvs_part_free(&p);
	free(b);
}

static void
test_erased_and_v1(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;

	(void)state;
	page_init(b, 0, NVS_PAGE_FULL, 0, 0xFF);
	add_u8(b, 0, 0, "misc", 1);
	add_var(b, 0, 1, NVS_BLOB, 0xFF, "log", "abcd", 4);
	/* pages 1..3 stay erased */
	assert_int_equal(nvs_parse(b->buf, 4 * NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(p.npages, 4);
	assert_int_equal(p.pages_valid, 1);
	assert_int_equal(p.pages_empty, 3);
	assert_int_equal(p.pages[0].version, 1);
	assert_non_null(find(&p, "log", NVS_BLOB));
	nvs_part_free(&p);
	free(b);
}

/* The one header check the flash collector uses to find NVS pages in a dump. */
static void
test_page_header_in_use(void **state)
{
	struct build *b = new_build();
	struct nvs_page_header h;
	uint8_t *p = b->buf;

	(void)state;
	page_init(b, 0, NVS_PAGE_FULL, 7, 0xFE);
	assert_int_equal(nvs_page_header_read(p, NVS_PAGE_SIZE, &h), 0);
	assert_int_equal(h.state, NVS_PAGE_FULL);
	assert_int_equal(h.seq, 7);
	assert_int_equal(h.version_byte, 0xFE);
	assert_true(h.reserved_erased && h.crc_ok);
	assert_true(nvs_page_header_in_use(p, NVS_PAGE_SIZE));
	assert_true(nvs_page_header_in_use(p, 32));
	assert_int_equal(nvs_page_header_read(p, 31, &h), -1);
	assert_false(nvs_page_header_in_use(p, 31));
	page_init(b, 0, NVS_PAGE_CORRUPT, 7, 0xFE);	/* valid CRC, not in use */
	assert_false(nvs_page_header_in_use(p, NVS_PAGE_SIZE));
	page_init(b, 0, NVS_PAGE_ACTIVE, 7, 0xFD);	/* no such version */
	assert_false(nvs_page_header_in_use(p, NVS_PAGE_SIZE));
	page_init(b, 0, NVS_PAGE_ACTIVE, 7, 0xFF);
	assert_true(nvs_page_header_in_use(p, NVS_PAGE_SIZE));
	p[20] = 0x00;				/* reserved byte written */
	put32(p + 28, esp_crc32_idf(p + 4, 24));
	assert_false(nvs_page_header_in_use(p, NVS_PAGE_SIZE));
	p[20] = 0xFF;
	page_init(b, 0, NVS_PAGE_ACTIVE, 7, 0xFF);
	assert_true(nvs_page_header_in_use(p, NVS_PAGE_SIZE));
	p[5] ^= 1;				/* CRC now wrong */
	assert_false(nvs_page_header_in_use(p, NVS_PAGE_SIZE));
	free(b);
}

static void
test_bad_page_crc(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;

	(void)state;
	page_init(b, 0, NVS_PAGE_ACTIVE, 1, 0xFE);
	add_u8(b, 0, 0, "ns", 1);
	b->buf[5] ^= 1;		/* seq changed, header CRC now wrong */
	assert_int_equal(nvs_parse(b->buf, NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(p.pages[0].kind, NVS_PK_BAD_CRC);
	assert_int_equal(p.pages_bad, 1);
	assert_int_equal(p.nitems, 0);
	nvs_part_free(&p);
	free(b);
}

static void
test_bad_entry_crc_and_data_crc(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;
	unsigned a, s;

	(void)state;
	page_init(b, 0, NVS_PAGE_ACTIVE, 1, 0xFE);
	a = b->next[0];
	add_u8(b, 0, 0, "ns", 1);
	s = add_var(b, 0, 1, NVS_STR, 0xFF, "s", "hello", 6);
	entry_at(b, 0, a)[24] = 9;	/* value changed, CRC not updated */
	entry_at(b, 0, s + 1)[0] ^= 0x20;	/* payload changed */
	assert_int_equal(nvs_parse(b->buf, NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(p.nitems, 2);
	assert_int_equal(p.items[0].problem, NVS_ITEM_BAD_CRC);
	assert_int_equal(p.items[1].problem, NVS_ITEM_BAD_DATA_CRC);
	assert_int_equal(p.items_bad, 2);
	assert_int_equal(p.items_bad_crc, 1);
	assert_int_equal(p.nns, 0);
	nvs_part_free(&p);
	free(b);
}

static void
test_span_past_page_end(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;
	uint8_t *e;

	(void)state;
	page_init(b, 0, NVS_PAGE_ACTIVE, 1, 0xFE);
	b->next[0] = 125;	/* last entry slot */
	add_u8(b, 0, 1, "x", 1);
	e = entry_at(b, 0, 125);
	e[2] = 3;		/* span runs two entries past the page */
	entry_crc(e);
	assert_int_equal(nvs_parse(b->buf, NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(p.nitems, 1);
	assert_int_equal(p.items[0].problem, NVS_ITEM_BAD_SPAN);
	nvs_part_free(&p);
	free(b);
}

static void
test_size_larger_than_span(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;
	unsigned i;
	uint8_t *e;

	(void)state;
	page_init(b, 0, NVS_PAGE_ACTIVE, 1, 0xFE);
	i = add_var(b, 0, 1, NVS_STR, 0xFF, "s", "hi", 3);
	e = entry_at(b, 0, i);
	e[24] = 0xFF;		/* 0xFFFF bytes in a 2-entry span */
	e[25] = 0xFF;
	entry_crc(e);
	assert_int_equal(nvs_parse(b->buf, NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(p.items[0].problem, NVS_ITEM_BAD_SIZE);
	assert_null(p.items[0].payload);
	nvs_part_free(&p);
	free(b);
}

static void
test_truncated(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;

	(void)state;
	page_init(b, 0, NVS_PAGE_ACTIVE, 1, 0xFE);
	assert_int_equal(nvs_parse(b->buf, 4000, "part.bin", 0x9000, &p, &err), -1);
	assert_string_equal(err.msg, "part.bin: offset 0x9000: NVS partition of 4000 "
	    "bytes is shorter than one 4096-byte page");
	assert_int_equal(nvs_parse(b->buf, NVS_PAGE_SIZE + 100, "t", 0, &p, &err), 0);
	assert_int_equal(p.npages, 1);
	assert_int_equal(p.trailing, 100);
	nvs_part_free(&p);
	free(b);
}

static void
test_not_nvs_page(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;
	uint32_t x = 12345;

	(void)state;
	page_init(b, 0, NVS_PAGE_FULL, 1, 0xFE);
	add_u8(b, 0, 0, "ns", 1);
	for (size_t i = NVS_PAGE_SIZE; i < 2 * NVS_PAGE_SIZE; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;	/* xorshift32 */
		b->buf[i] = (uint8_t)x;
	}
	assert_int_equal(nvs_parse(b->buf, 2 * NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(p.pages[1].kind, NVS_PK_NOT_NVS);
	assert_int_equal(p.pages_not_nvs, 1);
	assert_int_equal(p.pages_random, 1);
	assert_int_equal(p.pages_valid, 1);
	nvs_part_free(&p);
	free(b);
}

static void
test_blob_chunk_overflow(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;
	uint8_t *out;
	size_t n;

	(void)state;
	page_init(b, 0, NVS_PAGE_ACTIVE, 1, 0xFE);
	add_blob_idx(b, 0, 1, "k", 10, 10, 250);
	assert_int_equal(nvs_parse(b->buf, NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(nvs_blob_assemble(&p, &p.items[0], "t", 0, &out, &n, &err), -1);
	assert_string_equal(err.msg, "t: offset 0x40: NVS blob 'k': chunks 250..259 "
	    "overflow the 8-bit chunk index");
	assert_null(out);
	nvs_part_free(&p);
	free(b);
}

static void
test_blob_missing_and_mismatched(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;
	uint8_t *out;
	size_t n;
	const struct nvs_item *m, *w, *h;

	(void)state;
	page_init(b, 0, NVS_PAGE_ACTIVE, 1, 0xFE);
	add_var(b, 0, 1, NVS_BLOB_DATA, 0, "miss", "abc", 3);
	add_blob_idx(b, 0, 1, "miss", 6, 2, 0);
	add_var(b, 0, 1, NVS_BLOB_DATA, 128, "wrong", "abc", 3);
	add_blob_idx(b, 0, 1, "wrong", 5, 1, 128);
	add_blob_idx(b, 0, 1, "huge", 0xFFFFFFF0u, 1, 0);
	assert_int_equal(nvs_parse(b->buf, NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_non_null(m = find(&p, "miss", NVS_BLOB_IDX));
	assert_non_null(w = find(&p, "wrong", NVS_BLOB_IDX));
	assert_non_null(h = find(&p, "huge", NVS_BLOB_IDX));
	assert_int_equal(nvs_blob_assemble(&p, m, "t", 0, &out, &n, &err), -1);
	assert_non_null(strstr(err.msg, "chunk 2 of 2 is missing"));
	assert_int_equal(nvs_blob_assemble(&p, w, "t", 0, &out, &n, &err), -1);
	assert_non_null(strstr(err.msg, "chunks hold 3 bytes, index says 5"));
	assert_int_equal(nvs_blob_assemble(&p, h, "t", 0, &out, &n, &err), -1);
	assert_non_null(strstr(err.msg, "more than the 4096-byte partition"));
	nvs_part_free(&p);
	free(b);
}

static void
test_newest_copy_wins(void **state)
{
	struct build *b = new_build();
	struct nvs_part p;
	struct fw_err err;
	const struct nvs_item *it;

	(void)state;
	page_init(b, 0, NVS_PAGE_FULL, 5, 0xFE);
	page_init(b, 1, NVS_PAGE_ACTIVE, 6, 0xFE);
	add_u8(b, 1, 0, "ns", 1);
	add_var(b, 1, 1, NVS_STR, 0xFF, "k", "new", 4);
	add_var(b, 0, 1, NVS_STR, 0xFF, "k", "old", 4);
	assert_int_equal(nvs_parse(b->buf, 2 * NVS_PAGE_SIZE, "t", 0, &p, &err), 0);
	assert_int_equal(p.duplicates, 1);
	assert_non_null(it = find(&p, "k", NVS_STR));
	assert_string_equal((const char *)it->payload, "new");
	nvs_part_free(&p);
	free(b);
}

static void
test_entropy(void **state)
{
	uint8_t flat[256], ramp[256];

	(void)state;
	memset(flat, 0xFF, sizeof(flat));
	for (int i = 0; i < 256; i++)
		ramp[i] = (uint8_t)i;
	assert_true(nvs_entropy(flat, sizeof(flat)) < 0.01);
	assert_true(nvs_entropy(ramp, sizeof(ramp)) > 7.99);
	assert_true(nvs_entropy(ramp, 0) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc_convention),
		cmocka_unit_test(test_good_page_v2),
		cmocka_unit_test(test_erased_and_v1),
		cmocka_unit_test(test_bad_page_crc),
		cmocka_unit_test(test_bad_entry_crc_and_data_crc),
		cmocka_unit_test(test_span_past_page_end),
		cmocka_unit_test(test_size_larger_than_span),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_not_nvs_page),
		cmocka_unit_test(test_page_header_in_use),
		cmocka_unit_test(test_blob_chunk_overflow),
		cmocka_unit_test(test_blob_missing_and_mismatched),
		cmocka_unit_test(test_newest_copy_wins),
		cmocka_unit_test(test_entropy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
