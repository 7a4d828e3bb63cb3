/* ESP-IDF NVS partition parser (esp-formats.md §5, after esp-idf
 * components/nvs_flash src/nvs_page.hpp, nvs_types.hpp and
 * nvs_partition_tool/nvs_parser.py).
 *
 * A partition is a run of 4096-byte pages: 32-byte header, 32-byte entry
 * state bitmap, 126 entries of 32 bytes. The parser knows nothing of
 * credentials or facts: it returns pages, items (with CRC results) and
 * namespaces; damage is recorded per page / item, never an error. Only a
 * partition that is not a whole number of pages, or an allocation failure,
 * is an error. Values point into the caller's buffer (no copies), except
 * multi-chunk blobs, which nvs_blob_assemble() joins into a new buffer. */
#ifndef FWAUDIT_FORMATS_NVS_H
#define FWAUDIT_FORMATS_NVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define NVS_PAGE_SIZE 4096
#define NVS_ENTRY_SIZE 32
#define NVS_ENTRIES_PER_PAGE 126
#define NVS_KEY_MAX 16	/* 15 characters and a NUL */

/* Page header states (nvs_page.hpp PageState). */
#define NVS_PAGE_EMPTY   0xFFFFFFFFu
#define NVS_PAGE_ACTIVE  0xFFFFFFFEu
#define NVS_PAGE_FULL    0xFFFFFFFCu
#define NVS_PAGE_FREEING 0xFFFFFFF8u
#define NVS_PAGE_CORRUPT 0xFFFFFFF0u

/* A page header (nvs_page.hpp Header, esp-formats.md §5.1): state, seqno,
 * version byte, 19 reserved bytes, CRC-32 (IDF) over bytes 4..27. */
struct nvs_page_header {
	uint32_t state, seq;
	uint8_t version_byte;	/* 0xFF version 1, 0xFE version 2 */
	bool reserved_erased;	/* bytes 9..27 all 0xFF */
	bool crc_ok;
};

/* Reads the header at the start of p; -1 when p is shorter than one. */
int nvs_page_header_read(const uint8_t *p, size_t n, struct nvs_page_header *h);
/* Whether p starts with the header of a page IDF wrote and still uses:
 * ACTIVE, FULL or FREEING, version 1 or 2, reserved bytes erased, CRC
 * matching. What a dump scan takes as evidence of an NVS page. */
bool nvs_page_header_in_use(const uint8_t *p, size_t n);

/* Item types (nvs_types.hpp ItemType). */
enum nvs_type {
	NVS_U8 = 0x01, NVS_I8 = 0x11, NVS_U16 = 0x02, NVS_I16 = 0x12,
	NVS_U32 = 0x04, NVS_I32 = 0x14, NVS_U64 = 0x08, NVS_I64 = 0x18,
	NVS_STR = 0x21, NVS_BLOB = 0x41, NVS_BLOB_DATA = 0x42, NVS_BLOB_IDX = 0x48,
};

enum nvs_page_kind {
	NVS_PK_VALID,		/* known state, header CRC matches */
	NVS_PK_EMPTY,		/* erased: every byte 0xFF */
	NVS_PK_UNINIT,		/* state 0xFFFFFFFF but not all 0xFF (half-written) */
	NVS_PK_BAD_CRC,		/* known state, header CRC does not match */
	NVS_PK_CORRUPT,		/* marked CORRUPT by IDF */
	NVS_PK_NOT_NVS,		/* unknown state word: not an NVS page */
};

struct nvs_page {
	size_t offset;		/* in the partition */
	enum nvs_page_kind kind;
	uint32_t state, seq;
	uint8_t version;	/* 1 (byte 0xFF) or 2 (0xFE): 256 - byte */
	unsigned written, erased, empty;	/* entry slots by bitmap state */
	unsigned bad_items;	/* written items with a bad CRC, span or payload */
	unsigned bad_entries_crc;	/* of those, header CRC mismatches */
};

enum nvs_item_problem {
	NVS_ITEM_OK,
	NVS_ITEM_BAD_CRC,	/* entry header CRC mismatch */
	NVS_ITEM_BAD_SPAN,	/* span 0, or runs past the page end */
	NVS_ITEM_BAD_SIZE,	/* payload size larger than its span */
	NVS_ITEM_BAD_DATA_CRC,	/* payload CRC mismatch */
	NVS_ITEM_BAD_TYPE,	/* unknown type */
};

struct nvs_item {
	size_t offset;		/* of the entry, in the partition */
	unsigned page, entry;	/* page index, entry index in the page */
	uint32_t page_seq;
	uint8_t ns, type, span, chunk;
	char key[NVS_KEY_MAX];
	enum nvs_item_problem problem;
	bool superseded;	/* a later copy of the same ns/key/chunk exists */
	/* Primitive types: the value, sign-extended for signed types. */
	uint64_t uval;
	int64_t ival;
	/* str / blob / blob_data: the payload (borrowed) and its offset. */
	const uint8_t *payload;
	size_t payload_len, payload_off;
	/* blob_idx */
	uint32_t blob_total;
	uint8_t blob_chunks, blob_start;
};

struct nvs_ns {
	uint8_t index;
	char name[NVS_KEY_MAX];
	size_t offset;
};

struct nvs_part {
	size_t len;
	size_t trailing;	/* bytes after the last whole page (ignored) */
	struct nvs_page *pages;
	size_t npages;
	struct nvs_item *items;	/* written items in flash order */
	size_t nitems;
	struct nvs_ns *ns;	/* namespace definitions (nsIndex 0, type u8) */
	size_t nns;
	int16_t ns_at[256];	/* index -> position in ns[], or -1 */
	/* Current blob_data chunks sorted by (ns, key, chunk), for lookups
	 * in O(log n): a hostile partition may hold many thousands. */
	const struct nvs_item **chunks;
	size_t nchunks;
	unsigned pages_valid, pages_empty, pages_bad, pages_not_nvs;
	unsigned items_bad;	/* items with any problem */
	unsigned items_bad_crc;	/* items whose header CRC fails */
	unsigned duplicates;	/* superseded copies */
	/* Pages that are neither NVS nor erased and look random (≥ 7.5 bits
	 * per byte): flash-encrypted or not NVS at all. */
	unsigned pages_random;
	/* Written entries whose bytes look random (entry-level XTS, §5.4). */
	unsigned items_random;
};

/* Parses len bytes (at least one whole page; a partial last page is counted
 * in `trailing` and skipped). 0, or -1 with err naming `input` and the
 * offset (base_offset + offset in the partition). On success *out is filled; release
 * with nvs_part_free. */
int nvs_parse(const uint8_t *data, size_t len, const char *input,
    size_t base_offset, struct nvs_part *out, struct fw_err *err);
void nvs_part_free(struct nvs_part *p);

/* The namespace name for an index, or NULL. */
const char *nvs_ns_name(const struct nvs_part *p, uint8_t index);
/* "u8", "str", "blob_idx", ... or "unknown". */
const char *nvs_type_name(uint8_t type);
bool nvs_type_is_var(uint8_t type);

/* The blob_data chunk with ns, key and chunk index, or NULL. */
const struct nvs_item *nvs_find_chunk(const struct nvs_part *p, uint8_t ns,
    const char *key, unsigned chunk);

/* Joins the chunks of a v2 blob (a blob_idx item) into a new buffer (caller
 * frees). Chunks are blob_data items with the same ns and key and chunk
 * index blob_start + k. 0, or -1 with err when a chunk is missing or bad,
 * the chunk range overflows, or the sizes do not add up. */
int nvs_blob_assemble(const struct nvs_part *p, const struct nvs_item *idx,
    const char *input, size_t base_offset, uint8_t **buf, size_t *len,
    struct fw_err *err);

/* Shannon entropy of buf in bits per byte (0..8). */
double nvs_entropy(const uint8_t *buf, size_t len);

#endif
