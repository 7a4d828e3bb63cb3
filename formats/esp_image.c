#include "formats/esp_image.h"

#include <string.h>

#include "util/reader.h"
#include "util/hashq.h"

/* XOR of n bytes (the image checksum is the XOR of every segment's data,
 * seed 0xEF: esptool loader.py ESPLoader.checksum). Eight bytes at a time;
 * the compiler vectorises the inner loop. */
static uint8_t
xor_bytes(const uint8_t *p, size_t n)
{
	uint64_t a = 0, b = 0, c = 0, d = 0, w;
	size_t i = 0;

	for (; i + 32 <= n; i += 32) {
		memcpy(&w, p + i, 8); a ^= w;
		memcpy(&w, p + i + 8, 8); b ^= w;
		memcpy(&w, p + i + 16, 8); c ^= w;
		memcpy(&w, p + i + 24, 8); d ^= w;
	}
	a ^= b ^ c ^ d;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		a ^= w;
	}
	a ^= a >> 32;
	a ^= a >> 16;
	a ^= a >> 8;
	uint8_t x = (uint8_t)a;
	for (; i < n; i++)
		x ^= p[i];
	return x;
}

/* Copies a fixed-size char field, NUL-terminated (dst holds n + 1). */
static void
copy_str(char *dst, const uint8_t *src, size_t n)
{
	size_t k = 0;

	while (k < n && src[k] != '\0')
		k++;
	memcpy(dst, src, k);
	dst[k] = '\0';
}

static bool
printable_cstr(const uint8_t *p, size_t n, bool allow_empty)
{
	size_t k = 0;

	while (k < n && p[k] != '\0') {
		if (p[k] < 0x20 || p[k] > 0x7e)
			return false;
		k++;
	}
	if (k == n)		/* not terminated inside the field */
		return false;
	return allow_empty || k > 0;
}

/* esp_app_desc_t at image offset 0x20 (esp-formats.md §1.4). */
static void
parse_app_desc(struct reader *r, struct esp_image *img)
{
	const uint8_t *d;

	if (img->nsegments == 0 || img->segments[0].len < ESP_APP_DESC_LEN ||
	    rd_peek_ptr(r, ESP_APP_DESC_OFFSET, &d, ESP_APP_DESC_LEN) != 0 ||
	    ld_le32(d) != ESP_APP_DESC_MAGIC)
		return;
	img->has_app_desc = true;
	esp_app_desc_decode(d, &img->app);
}

void
esp_app_desc_decode(const uint8_t d[ESP_APP_DESC_LEN], struct esp_app_desc *app)
{
	app->secure_version = ld_le32(d + 4);
	copy_str(app->version, d + 16, 32);
	copy_str(app->project_name, d + 48, 32);
	copy_str(app->time, d + 80, 16);
	copy_str(app->date, d + 96, 16);
	copy_str(app->idf_ver, d + 112, 32);
	memcpy(app->app_elf_sha256, d + 144, 32);
	app->min_efuse_blk_rev_full = ld_le16(d + 176);
	app->max_efuse_blk_rev_full = ld_le16(d + 178);
	app->mmu_page_size = d[180];
}

/* esp_bootloader_desc_t at image offset 0x20 (§1.5). The magic is one
 * byte, so the reserved bytes and the version string must look right too
 * before we believe it. */
static void
parse_bootloader_desc(struct reader *r, struct esp_image *img)
{
	const uint8_t *d;

	if (img->has_app_desc || img->nsegments == 0 ||
	    img->segments[0].len < ESP_BOOTLOADER_DESC_LEN ||
	    rd_peek_ptr(r, ESP_APP_DESC_OFFSET, &d, ESP_BOOTLOADER_DESC_LEN) != 0 ||
	    d[0] != ESP_BOOTLOADER_DESC_MAGIC || d[1] != 0 || d[2] != 0 ||
	    !printable_cstr(d + 8, 32, false) || !printable_cstr(d + 40, 24, true))
		return;
	img->has_bootloader_desc = true;
	img->bl.secure_version = d[3];
	img->bl.version = ld_le32(d + 4);
	copy_str(img->bl.idf_ver, d + 8, 32);
	copy_str(img->bl.date_time, d + 40, 24);
}

/* Secure Boot V1 (ESP32): u32 version 0 and a 64-byte ECDSA signature
 * right after the image (esp_secure_boot_sig_block_t; espsecure
 * sign_secure_boot_v1). Erased or zeroed bytes are not a signature. */
static void
parse_sbv1(struct reader *r, struct esp_image *img)
{
	const uint8_t *t;
	bool all_ff = true, all_00 = true;

	if (rd_peek_ptr(r, img->image_len, &t, ESP_SBV1_TRAILER_LEN) != 0 ||
	    ld_le32(t) != 0)
		return;
	for (size_t i = 4; i < ESP_SBV1_TRAILER_LEN; i++) {
		all_ff &= t[i] == 0xFF;
		all_00 &= t[i] == 0x00;
	}
	if (all_ff || all_00)
		return;
	img->sbv1_present = true;
	img->sbv1_offset = img->image_len;
	img->sbv1_version = 0;
}

void
esp_image_checksum(struct esp_image *img, const uint8_t *data, size_t len)
{
	uint8_t sum = ESP_CHECKSUM_SEED;
	struct reader r;
	const uint8_t *seg;

	rd_init(&r, data, len);
	for (unsigned i = 0; i < img->nsegments; i++)
		if (rd_peek_ptr(&r, img->segments[i].offset, &seg, img->segments[i].len) == 0)
			sum ^= xor_bytes(seg, img->segments[i].len);
	img->checksum_calc = sum;
	img->checksum_valid = sum == img->checksum_stored;
}

/* esp_image_header_t (esp_app_format.h), ESP_IMAGE_HEADER_LEN bytes
 * already borrowed through the reader: the one place its layout is read. */
static void
header_fields(const uint8_t *h, struct esp_image *img)
{
	img->segment_count = h[1];
	img->spi_mode = h[2];
	img->spi_speed = h[3] & 0x0F;
	img->spi_size = h[3] >> 4;
	img->entry_addr = ld_le32(h + 4);
	img->wp_pin = h[8];
	memcpy(img->spi_pin_drv, h + 9, 3);
	img->chip_id = ld_le16(h + 12);
	img->min_chip_rev = h[14];
	img->min_chip_rev_full = ld_le16(h + 15);
	img->max_chip_rev_full = ld_le16(h + 17);
	img->hash_appended = h[23];
}

int
esp_image_parse(const char *input, size_t base, const uint8_t *data,
    size_t len, unsigned flags, struct esp_image *img, struct fw_err *err)
{
	struct reader r;
	const uint8_t *h, *seg;
	size_t pos, pad;

	memset(img, 0, sizeof(*img));
	rd_init(&r, data, len);
	if (rd_ptr(&r, &h, ESP_IMAGE_HEADER_LEN) != 0) {
		img->needed_len = ESP_IMAGE_HEADER_LEN;
		return err_set(err, input, base,
		    "image truncated: the %d-byte image header needs %d bytes, %zu left",
		    ESP_IMAGE_HEADER_LEN, ESP_IMAGE_HEADER_LEN, len);
	}
	if (h[0] != ESP_IMAGE_MAGIC)
		return err_set(err, input, base,
		    "image magic is 0x%02x, not 0x%02x: not an ESP app or bootloader image",
		    h[0], ESP_IMAGE_MAGIC);
	header_fields(h, img);
	if (img->segment_count > ESP_IMAGE_MAX_SEGMENTS)
		return err_set(err, input, base + 1,
		    "image header: segment count %u exceeds the maximum of %d",
		    img->segment_count, ESP_IMAGE_MAX_SEGMENTS);
	if (img->hash_appended > 1)
		return err_set(err, input, base + 23,
		    "image header: hash_appended is %u, expected 0 or 1", img->hash_appended);

	for (unsigned i = 0; i < img->segment_count; i++) {
		struct esp_segment *s = &img->segments[i];
		size_t hdr = r.off;

		if (rd_u32le(&r, &s->load_addr) != 0 || rd_u32le(&r, &s->len) != 0) {
			img->needed_len = hdr + 8;
			return err_set(err, input, base + hdr,
			    "image truncated: segment %u header (8 bytes) runs past the end "
			    "(%zu bytes left)", i, len - hdr);
		}
		s->offset = r.off;
		if (rd_ptr(&r, &seg, s->len) != 0) {
			img->needed_len = s->offset + s->len;
			return err_set(err, input, base + hdr,
			    "segment %u (load 0x%08x) length 0x%x runs past the end of the "
			    "image data (0x%zx bytes left)", i, s->load_addr, s->len,
			    rd_left(&r));
		}
		img->nsegments++;
	}

	/* Zero padding to (pos % 16) == 15, then the checksum byte. */
	pos = r.off;
	pad = 15 - (pos % 16);
	if (rd_skip(&r, pad) != 0 || rd_u8(&r, &img->checksum_stored) != 0) {
		img->needed_len = pos + pad + 1;
		return err_set(err, input, base + pos,
		    "image truncated: the checksum byte at 0x%zx lies past the end "
		    "(image data ends at 0x%zx)", base + pos + pad, base + len);
	}
	img->checksum_offset = pos + pad;
	if (!(flags & ESP_PARSE_NO_CHECKSUM))
		esp_image_checksum(img, data, len);
	img->hashed_len = r.off;
	img->image_len = r.off;
	if (img->hash_appended) {
		if (rd_bytes(&r, img->hash_stored, 32) != 0) {
			img->needed_len = img->hashed_len + 32;
			return err_set(err, input, base + img->hashed_len,
			    "image truncated: the appended SHA-256 (32 bytes) runs past the "
			    "end (%zu bytes left)", rd_left(&r));
		}
		img->image_len = r.off;
	}
	parse_app_desc(&r, img);
	parse_bootloader_desc(&r, img);
	parse_sbv1(&r, img);
	return 0;
}

int
esp_image_hash_job(const struct esp_image *img, size_t len, size_t signed_len,
    struct hashq_job *job)
{
	memset(job, 0, sizeof(*job));
	if (img->hashed_len > len || signed_len > len ||
	    (signed_len != 0 && signed_len < img->hashed_len))
		return -1;
	if (signed_len != 0) {
		job->len = signed_len;
		/* The signed region continues the same hash: no byte is read twice. */
		job->mark = img->hash_appended ? img->hashed_len : 0;
	} else if (img->hash_appended) {
		job->len = img->hashed_len;
	}
	return 0;
}

int
esp_image_hash_result(struct esp_image *img, const struct hashq_job *job,
    uint8_t signed_sha256[32])
{
	if (job->failed)
		return -1;
	if (img->hash_appended) {
		memcpy(img->hash_calc, job->mark != 0 ? job->mark_digest : job->digest, 32);
		img->hash_checked = true;
		img->hash_valid = memcmp(img->hash_calc, img->hash_stored, 32) == 0;
	}
	if (job->len > img->hashed_len || (!img->hash_appended && job->len > 0))
		memcpy(signed_sha256, job->digest, 32);
	return 0;
}

int
esp_image_hash(struct esp_image *img, const uint8_t *data, size_t len,
    size_t signed_len, uint8_t signed_sha256[32])
{
	struct hashq_job job;

	if (esp_image_hash_job(img, len, signed_len, &job) != 0)
		return -1;
	if (job.len == 0)
		return 0;	/* no appended hash, not signed: nothing to hash */
	job.data = data;
	hashq_run(&job);
	return esp_image_hash_result(img, &job, signed_sha256);
}

int
esp_image_probe(const uint8_t *data, size_t len)
{
	struct reader r;
	struct esp_image img;
	const uint8_t *h;

	/* Magic, at most 16 segments, hash flag 0/1, a flash mode esptool
	 * knows and a chip id in the range Espressif uses. Segment lengths are
	 * left to the parser, which says where one runs past the end. */
	rd_init(&r, data, len);
	if (rd_ptr(&r, &h, ESP_IMAGE_HEADER_LEN) != 0 || h[0] != ESP_IMAGE_MAGIC)
		return 0;
	header_fields(h, &img);
	return img.segment_count <= ESP_IMAGE_MAX_SEGMENTS && img.hash_appended <= 1 &&
	    esp_flash_mode_name(img.spi_mode) != NULL && img.chip_id <= ESP_CHIP_ID_PROBE_MAX;
}

/* Flash-mapped (cache) address ranges per chip, from esptool
 * targets/<chip>.py MEMORY_MAP (IROM and DROM entries). */
struct map_range {
	uint16_t chip;
	uint32_t lo, hi;
	bool drom;
};

static const struct map_range flash_map[] = {
	{ ESP_CHIP_ESP32, 0x3F400000, 0x3F800000, true },
	{ ESP_CHIP_ESP32, 0x400D0000, 0x40400000, false },
	{ ESP_CHIP_ESP32S2, 0x3F000000, 0x3FF80000, true },
	{ ESP_CHIP_ESP32S2, 0x40080000, 0x40800000, false },
	{ ESP_CHIP_ESP32S3, 0x3C000000, 0x3D000000, true },
	{ ESP_CHIP_ESP32S3, 0x42000000, 0x42800000, false },
	{ ESP_CHIP_ESP32C3, 0x3C000000, 0x3C800000, true },
	{ ESP_CHIP_ESP32C3, 0x42000000, 0x42800000, false },
	{ ESP_CHIP_ESP32C2, 0x3C000000, 0x3C400000, true },
	{ ESP_CHIP_ESP32C2, 0x42000000, 0x42400000, false },
	/* C6, H2, H21, P4, C61, C5: one range for code and data */
	{ ESP_CHIP_ESP32C6, 0x42000000, 0x43000000, true },
	{ ESP_CHIP_ESP32H2, 0x42000000, 0x43000000, true },
	{ ESP_CHIP_ESP32H21, 0x42000000, 0x43000000, true },
	{ ESP_CHIP_ESP32P4, 0x40000000, 0x4C000000, true },
	{ ESP_CHIP_ESP32C61, 0x42000000, 0x44000000, true },
	{ ESP_CHIP_ESP32C5, 0x42000000, 0x44000000, true },
	{ ESP_CHIP_ESP32H4, 0x42800000, 0x43000000, true },
	{ ESP_CHIP_ESP32H4, 0x42000000, 0x42800000, false },
};

bool
esp_addr_flash_mapped(uint16_t chip_id, uint32_t addr)
{
	for (size_t i = 0; i < sizeof(flash_map) / sizeof(flash_map[0]); i++)
		if (flash_map[i].chip == chip_id && addr >= flash_map[i].lo &&
		    addr < flash_map[i].hi)
			return true;
	return false;
}

bool
esp_addr_drom(uint16_t chip_id, uint32_t addr)
{
	for (size_t i = 0; i < sizeof(flash_map) / sizeof(flash_map[0]); i++)
		if (flash_map[i].chip == chip_id && flash_map[i].drom &&
		    addr >= flash_map[i].lo && addr < flash_map[i].hi)
			return true;
	return false;
}

enum esp_role
esp_image_role(const struct esp_image *img)
{
	if (img->has_app_desc)
		return ESP_ROLE_APP;
	if (img->has_bootloader_desc)
		return ESP_ROLE_BOOTLOADER;
	if (esp_chip_name(img->chip_id) == NULL)
		return ESP_ROLE_UNKNOWN;
	for (unsigned i = 0; i < img->nsegments; i++)
		if (img->segments[i].len > 0 &&
		    esp_addr_flash_mapped(img->chip_id, img->segments[i].load_addr))
			return ESP_ROLE_APP;
	return img->nsegments > 0 ? ESP_ROLE_BOOTLOADER : ESP_ROLE_UNKNOWN;
}

const char *
esp_role_name(enum esp_role r)
{
	switch (r) {
	case ESP_ROLE_BOOTLOADER: return "bootloader";
	case ESP_ROLE_APP: return "app";
	default: return "unknown";
	}
}

const char *
esp_flash_mode_name(uint8_t mode)
{
	static const char *const names[] = { "QIO", "QOUT", "DIO", "DOUT",
	    "FAST_READ", "SLOW_READ" };

	return mode < 6 ? names[mode] : NULL;
}

/* esptool targets/<chip>.py FLASH_FREQUENCY, reversed (first name wins). */
const char *
esp_flash_freq_name(uint16_t chip_id, uint8_t speed)
{
	switch (chip_id) {
	case ESP_CHIP_ESP32C2:
		return speed == 0xF ? "60m" : speed == 0 ? "30m" : speed == 1 ? "20m" :
		    speed == 2 ? "15m" : NULL;
	case ESP_CHIP_ESP32H2: case ESP_CHIP_ESP32H21: case ESP_CHIP_ESP32H4:
		return speed == 0xF ? "48m" : speed == 0 ? "24m" : speed == 1 ? "16m" :
		    speed == 2 ? "12m" : NULL;
	case ESP_CHIP_ESP32C6:	/* 0 stands for 80m and 40m */
		return speed == 0 ? "80m" : speed == 2 ? "20m" : NULL;
	case ESP_CHIP_ESP32C61: case ESP_CHIP_ESP32C5:
		return speed == 0xF ? "80m" : speed == 0 ? "40m" : speed == 2 ? "20m" : NULL;
	default:
		return speed == 0xF ? "80m" : speed == 0 ? "40m" : speed == 1 ? "26m" :
		    speed == 2 ? "20m" : NULL;
	}
}

const char *
esp_flash_size_name(uint8_t size)
{
	static const char *const names[] = { "1MB", "2MB", "4MB", "8MB", "16MB",
	    "32MB", "64MB", "128MB" };

	return size < 8 ? names[size] : NULL;
}

uint64_t
esp_flash_size_bytes(uint8_t size)
{
	return size < 8 ? (uint64_t)1 << (20 + size) : 0;
}

size_t
esp_bootloader_offset(uint16_t chip_id)
{
	switch (chip_id) {
	case ESP_CHIP_ESP32: case ESP_CHIP_ESP32S2:
		return 0x1000;
	case ESP_CHIP_ESP32P4: case ESP_CHIP_ESP32C5: case ESP_CHIP_ESP32H4: case ESP_CHIP_ESP32S31:
		return 0x2000;
	default:
		return 0x0;
	}
}
