#include "checks/esp_common.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/hex.h"
#include "util/jobs.h"
#include "util/reader.h"

void
esp_sanitize(char *dst, size_t dstlen, const char *src)
{
	size_t o = 0;

	if (dstlen == 0)
		return;
	for (const unsigned char *s = (const unsigned char *)src; *s; s++) {
		if (*s >= 0x20 && *s < 0x7f && *s != '\\') {
			if (o + 1 >= dstlen)
				break;
			dst[o++] = (char)*s;
		} else {
			if (o + 4 >= dstlen)
				break;
			snprintf(dst + o, 5, "\\x%02x", *s);
			o += 4;
		}
	}
	dst[o] = '\0';
}

/* Strings that only a build with debugging or insecure options carries
 * (checked in the segments that hold string literals):
 * - "Entering gdb stub now." is printed by the panic handler only with
 *   CONFIG_ESP_SYSTEM_PANIC_GDBSTUB (esp_system/panic.c);
 * - the bootloader's secure-boot / flash-encryption setup warns "...
 *   SECURITY COMPROMISED" for each protection an sdkconfig option leaves
 *   off (CONFIG_SECURE_BOOT_ALLOW_JTAG, ..._ALLOW_ROM_BASIC, insecure
 *   download mode, UART bootloader cache/decrypt: bootloader_support
 *   secure_boot_secure_features.c, flash_encryption_secure_features.c);
 * - "Not disabling UART bootloader encryption" the same for
 *   CONFIG_SECURE_FLASH_UART_BOOTLOADER_ALLOW_ENC;
 * - "Flash encryption mode is DEVELOPMENT (not secure)" is compiled into an
 *   app only when flash encryption is configured in development mode
 *   (bootloader_support flash_encrypt.c esp_flash_encryption_init_checks:
 *   the #else of CONFIG_SECURE_FLASH_ENCRYPTION_MODE_RELEASE). */
static const struct {
	const char *needle;
	const char *id;
	bool bootloader_only;	/* printed by bootloader code only */
} marker_table[] = {
	{ "Entering gdb stub now.", "gdbstub_on_panic", false },
	{ "Flash encryption mode is DEVELOPMENT (not secure)", "flash_encryption_development", false },
	{ "SECURITY COMPROMISED", "insecure_option", true },
	{ "Not disabling UART bootloader encryption", "insecure_option", true },
};

/* The NUL-terminated string around p (start..end inside seg), without
 * ANSI colour codes and trailing newlines. */
static void
marker_text(const uint8_t *seg, size_t seglen, size_t at, char *out, size_t outlen)
{
	size_t s = at, e = at;
	char raw[256];
	size_t o = 0;

	while (s > 0 && seg[s - 1] != '\0' && at - s < 120)
		s--;
	while (e < seglen && seg[e] != '\0' && e - at < 120)
		e++;
	for (size_t i = s; i < e && o + 1 < sizeof(raw); i++) {
		if (seg[i] == 0x1b) {		/* ESC [ ... m */
			while (i < e && seg[i] != 'm')
				i++;
			continue;
		}
		if (seg[i] == '\r' || seg[i] == '\n')
			continue;
		raw[o++] = (char)seg[i];
	}
	raw[o] = '\0';
	esp_sanitize(out, outlen, raw);
}

static void
find_markers(struct esp_image_job *j)
{
	bool bootloader = j->role == ESP_ROLE_BOOTLOADER;
	struct reader r;

	rd_init(&r, j->data, j->len);
	for (unsigned i = 0; i < j->img.nsegments; i++) {
		const struct esp_segment *sg = &j->img.segments[i];
		const uint8_t *seg;

		/* Apps keep their strings in flash-mapped read-only data. */
		if ((!bootloader && !esp_addr_drom(j->img.chip_id, sg->load_addr)) ||
		    rd_peek_ptr(&r, sg->offset, &seg, sg->len) != 0)
			continue;
		for (size_t m = 0; m < sizeof(marker_table) / sizeof(marker_table[0]); m++) {
			size_t nlen = strlen(marker_table[m].needle), from = 0;
			const uint8_t *hit;

			if (marker_table[m].bootloader_only && !bootloader)
				continue;

			while (j->nmarkers < ESP_MAX_MARKERS && from < sg->len &&
			    (hit = memmem(seg + from, sg->len - from,
			    marker_table[m].needle, nlen)) != NULL) {
				struct esp_marker *mk = &j->markers[j->nmarkers++];
				size_t at = (size_t)(hit - seg);

				mk->id = marker_table[m].id;
				mk->offset = sg->offset + at;
				marker_text(seg, sg->len, at, mk->text, sizeof(mk->text));
				from = at + nlen;
			}
		}
	}
}

/* Step one: parse, find the signature sector, queue the hashing. */
static void
job_start(struct esp_image_job *j)
{
	struct reader r;

	j->signed_len = 0;
	j->sector = NULL;
	j->sector_len = 0;
	j->hash_failed = false;
	/* The checksum reads every segment byte: it waits for step two, so
	 * that the hash threads get the images sooner. */
	j->status = esp_image_parse(j->input, j->base, j->data, j->len,
	    ESP_PARSE_NO_CHECKSUM, &j->img, &j->err);
	if (j->status != 0)
		return;
	if (j->role == ESP_ROLE_UNKNOWN)
		j->role = esp_image_role(&j->img);
	/* The signature sector is the first 4 KiB boundary at or after the
	 * image end (what the IDF bootloader and espsecure use). */
	j->sig_off = (j->img.image_len + SBV2_SECTOR_SIZE - 1) & ~(size_t)(SBV2_SECTOR_SIZE - 1);
	rd_init(&r, j->data, j->len);
	if (j->sig_off < j->len) {
		j->sector_len = j->len - j->sig_off;
		if (j->sector_len > SBV2_SECTOR_SIZE)
			j->sector_len = SBV2_SECTOR_SIZE;
		if (rd_peek_ptr(&r, j->sig_off, &j->sector, j->sector_len) == 0 &&
		    sbv2_sector_probe(j->sector, j->sector_len))
			j->signed_len = j->sig_off;
	}
	if (esp_image_hash_job(&j->img, j->len, j->signed_len, &j->hash) != 0) {
		j->hash_failed = true;
		j->signed_len = 0;
		return;
	}
	j->hash.data = j->data;
	j->hash.q = j->hashq;
	if (j->hash.len > 0)
		hashq_submit(&j->hash);
}

/* Step two: the digests, the signature blocks, the markers. */
static void
job_finish(struct esp_image_job *j)
{
	if (j->status != 0)
		return;
	esp_image_checksum(&j->img, j->data, j->len);
	if (!j->hash_failed && j->hash.len > 0) {
		hashq_wait(&j->hash);
		if (esp_image_hash_result(&j->img, &j->hash, j->signed_sha256) != 0) {
			j->hash_failed = true;
			j->signed_len = 0;
		}
	}
	if (j->signed_len > 0)
		sbv2_check_sector(j->sector, j->sector_len, j->data, j->signed_len,
		    j->signed_sha256, j->keys, &j->sbv2);
	find_markers(j);
}

void
esp_image_job_run(struct esp_image_job *j)
{
	job_start(j);
	job_finish(j);
}

static void
finish_one(void *jobs, size_t i)
{
	job_finish(&((struct esp_image_job *)jobs)[i]);
}

void
esp_image_jobs_run(struct esp_image_job *jobs, size_t n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t total = 0;
	unsigned threads = 1;

	/* Parsing is quick; queueing every image's hashing before any wait
	 * lets the hash threads pair them up (util/hashq.h). */
	for (size_t i = 0; i < n; i++) {
		job_start(&jobs[i]);
		total += jobs[i].len;
	}
	/* Threads pay off only for megabytes of images, and only beside the
	 * hash threads (one per two CPUs): the checks mostly wait for digests,
	 * and on two CPUs a second checking thread only took turns with the
	 * hash thread (16 MiB dump: ~0.5 ms slower, 1 ms more CPU). */
	if (cpus > 3 && total >= (1u << 20))
		threads = (unsigned)(cpus / 2);
	jobs_run(n, threads, finish_one, jobs);
}

int
esp_fact_append(struct facts *f, const char *name, json_t *item, int input,
    json_t *loc)
{
	json_t *rec = fact_record(f, name), *v;

	if (item == NULL) {
		json_decref(loc);
		return -1;
	}
	if (rec != NULL && json_is_array(v = json_object_get(rec, "value"))) {
		json_decref(loc);
		return json_array_append_new(v, item);
	}
	/* item is ours to free on every path (json_array_append_new frees it
	 * when it fails) */
	if ((v = json_array()) == NULL)
		json_decref(item);
	if (v == NULL || json_array_append_new(v, item) != 0) {
		json_decref(v);
		json_decref(loc);
		return -1;
	}
	return fact_set(f, name, v, input, loc);
}

static json_t *
hexnum(uint32_t v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%08x", v);
	return json_string(buf);
}

static json_t *
str(const char *raw)
{
	char buf[160];

	esp_sanitize(buf, sizeof(buf), raw);
	return json_string(buf);
}

static json_t *
hexstr(const uint8_t *p, size_t n)
{
	char buf[2 * 64 + 1];

	hex_encode(p, n, buf);
	return json_string(buf);
}

static json_t *
chip_rev(uint16_t full)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "v%u.%u", full / 100, full % 100);
	return json_string(buf);
}

static json_t *
sbv2_json(const struct esp_image_job *j)
{
	json_t *blocks = json_array();

	for (unsigned i = 0; i < j->sbv2.nblocks; i++) {
		const struct sbv2_block *b = &j->sbv2.blocks[i];
		json_t *o = json_pack("{s:i, s:I, s:b, s:s, s:b, s:b, s:b, s:b}",
		    "index", (int)b->index,
		    "offset", (json_int_t)(j->base + j->sig_off + b->offset),
		    "valid", b->valid, "scheme", sbv2_scheme_name(b->scheme),
		    "magic_valid", b->magic_ok, "crc_valid", b->crc_valid,
		    "digest_matches", b->digest_matches,
		    "signature_valid", b->signature_valid);

		if (o == NULL)
			continue;
		if (b->key_digest_set)
			json_object_set_new(o, "key_digest", hexstr(b->key_digest, 32));
		if (b->digest_len > 0)
			json_object_set_new(o, "image_digest", hexstr(b->digest, b->digest_len));
		if (b->reason[0] != '\0')
			json_object_set_new(o, "reason", json_string(b->reason));
		json_array_append_new(blocks, o);
	}
	return blocks;
}

size_t
esp_image_job_end(const struct esp_image_job *j)
{
	return j->sbv2.present ? j->sig_off + SBV2_SECTOR_SIZE : j->img.image_len;
}

/* The image runs past the end of the input (not of its partition): the
 * parse failed for want of bytes the partition would have held. */
static bool
image_cut_short(const struct esp_image_job *j)
{
	return j->want_len > j->len && j->img.needed_len > j->len &&
	    j->img.needed_len <= j->want_len;
}

/* The input ends inside the image's signature sector or the padding
 * before it, where the partition goes on: whether the image is signed is
 * not in the input. An input that ends exactly where the image does (a
 * merged image, whose last file is this image) shows an unsigned image. */
static bool
signature_cut_short(const struct esp_image_job *j)
{
	return j->want_len > j->len && j->len > j->img.image_len &&
	    j->len < j->sig_off + SBV2_SECTOR_SIZE && j->sig_off + SBV2_SECTOR_SIZE <= j->want_len;
}

/* The parsed header: chip, revisions, flash settings, segments, checksum
 * and appended hash. */
static void
header_json(json_t *o, const struct esp_image_job *j, const struct esp_image *m)
{
	const char *chip, *s;
	json_t *segs;

	json_object_set_new(o, "length", json_integer((json_int_t)m->image_len));
	chip = esp_chip_name(m->chip_id);
	json_object_set_new(o, "chip", json_string(chip ? chip : "unknown"));
	json_object_set_new(o, "chip_id", json_integer(m->chip_id));
	json_object_set_new(o, "min_chip_rev", chip_rev(m->min_chip_rev_full));
	json_object_set_new(o, "max_chip_rev", chip_rev(m->max_chip_rev_full));
	json_object_set_new(o, "min_chip_rev_full", json_integer(m->min_chip_rev_full));
	json_object_set_new(o, "max_chip_rev_full", json_integer(m->max_chip_rev_full));
	json_object_set_new(o, "min_chip_rev_legacy", json_integer(m->min_chip_rev));
	json_object_set_new(o, "entry", hexnum(m->entry_addr));
	if ((s = esp_flash_mode_name(m->spi_mode)) != NULL)
		json_object_set_new(o, "flash_mode", json_string(s));
	if ((s = esp_flash_freq_name(m->chip_id, m->spi_speed)) != NULL)
		json_object_set_new(o, "flash_freq", json_string(s));
	if ((s = esp_flash_size_name(m->spi_size)) != NULL)
		json_object_set_new(o, "flash_size", json_string(s));
	json_object_set_new(o, "wp_pin", json_integer(m->wp_pin));
	json_object_set_new(o, "segment_count", json_integer(m->nsegments));
	segs = json_array();
	for (unsigned i = 0; i < m->nsegments; i++)
		json_array_append_new(segs, json_pack("{s:i, s:o, s:I, s:I}",
		    "index", (int)i, "load_addr", hexnum(m->segments[i].load_addr),
		    "length", (json_int_t)m->segments[i].len,
		    "offset", (json_int_t)(j->base + m->segments[i].offset - 8)));
	json_object_set_new(o, "segments", segs);
	json_object_set_new(o, "checksum", json_integer(m->checksum_stored));
	json_object_set_new(o, "checksum_calculated", json_integer(m->checksum_calc));
	json_object_set_new(o, "checksum_valid", json_boolean(m->checksum_valid));
	json_object_set_new(o, "hash_appended", json_boolean(m->hash_appended));
	if (m->hash_appended) {
		json_object_set_new(o, "hash", hexstr(m->hash_stored, 32));
		if (m->hash_checked) {
			json_object_set_new(o, "hash_calculated", hexstr(m->hash_calc, 32));
			json_object_set_new(o, "hash_valid", json_boolean(m->hash_valid));
		}
	}
}

/* The app or bootloader descriptor, with the secure_version each carries. */
static void
descriptor_json(json_t *o, const struct esp_image *m)
{
	if (m->has_app_desc) {
		json_object_set_new(o, "app", json_pack("{s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:i, s:i, s:i}",
		    "project", str(m->app.project_name), "version", str(m->app.version),
		    "idf_version", str(m->app.idf_ver), "date", str(m->app.date),
		    "time", str(m->app.time), "secure_version", (json_int_t)m->app.secure_version,
		    "elf_sha256", hexstr(m->app.app_elf_sha256, 32),
		    "min_efuse_blk_rev_full", m->app.min_efuse_blk_rev_full,
		    "max_efuse_blk_rev_full", m->app.max_efuse_blk_rev_full,
		    "mmu_page_size", m->app.mmu_page_size));
		json_object_set_new(o, "secure_version", json_integer(m->app.secure_version));
	}
	if (m->has_bootloader_desc) {
		json_object_set_new(o, "bootloader_desc", json_pack("{s:i, s:I, s:o, s:o}",
		    "secure_version", m->bl.secure_version, "version", (json_int_t)m->bl.version,
		    "idf_version", str(m->bl.idf_ver), "date_time", str(m->bl.date_time)));
		json_object_set_new(o, "secure_version", json_integer(m->bl.secure_version));
	}
}

/* Secure Boot V2 signature blocks (against what the ROM checks) and the
 * V1 trailer. */
static void
signature_json(json_t *o, const struct esp_image_job *j, const struct esp_image *m)
{
	/* Secure Boot V2 */
	json_object_set_new(o, "signature_sector", j->sbv2.present ?
	    json_integer((json_int_t)(j->base + j->sig_off)) : json_null());
	if (j->sbv2.present && !j->hash_failed)
		json_object_set_new(o, "signed_digest", hexstr(j->signed_sha256, 32));
	json_object_set_new(o, "signature_blocks", sbv2_json(j));
	json_object_set_new(o, "sbv2_valid_blocks", json_integer(j->sbv2.nvalid));
	/* ESP32 (rev >= 3) and ESP32-C2 ROMs read only the first block
	 * (secure-boot-v2.rst); the other chips accept any of three. */
	json_object_set_new(o, "sbv2_blocks_checked_by_rom",
	    json_integer(sbv2_rom_blocks(m->chip_id)));
	if (!j->hash_failed) {
		bool ok = false;

		for (unsigned i = 0; i < j->sbv2.nblocks; i++)
			ok |= j->sbv2.blocks[i].valid &&
			    j->sbv2.blocks[i].index < sbv2_rom_blocks(m->chip_id);
		if (!ok && signature_cut_short(j)) {
			char why[256];

			snprintf(why, sizeof(why), "truncated at 0x%zx: the input ends before "
			    "the end of the signature sector at 0x%zx", j->base + j->len,
			    j->base + j->sig_off);
			json_object_set_new(o, "sbv2_valid", json_null());
			json_object_set_new(o, "truncated", json_true());
			json_object_set_new(o, "truncated_at",
			    json_integer((json_int_t)(j->base + j->len)));
			json_object_set_new(o, "reason", json_string(why));
		} else {
			json_object_set_new(o, "sbv2_valid", json_boolean(ok));
		}
	}
	/* Secure Boot V1 trailer */
	json_object_set_new(o, "sbv1", m->sbv1_present ?
	    json_pack("{s:b, s:I, s:i}", "present", 1,
	    "offset", (json_int_t)(j->base + m->sbv1_offset), "version", (int)m->sbv1_version) :
	    json_pack("{s:b}", "present", 0));
}

/* Debug / insecure build markers. */
static void
markers_json(json_t *o, const struct esp_image_job *j)
{
	json_t *mk;

	mk = json_array();
	for (unsigned i = 0; i < j->nmarkers; i++)
		json_array_append_new(mk, json_pack("{s:s, s:I, s:s}", "id", j->markers[i].id,
		    "offset", (json_int_t)(j->base + j->markers[i].offset),
		    "text", j->markers[i].text));
	json_object_set_new(o, "debug_markers", mk);
	json_object_set_new(o, "debug_build", json_boolean(j->nmarkers > 0));
}

json_t *
esp_image_job_json(const struct esp_image_job *j, int input)
{
	const struct esp_image *m = &j->img;
	json_t *o;

	o = json_pack("{s:i, s:I, s:s}", "input", input, "offset", (json_int_t)j->base,
	    "role", esp_role_name(j->role));
	if (o == NULL)
		return NULL;
	if (j->partition != NULL)
		json_object_set_new(o, "partition", json_string(j->partition));
	/* What evidence calls the item: the partition, else the role. */
	json_object_set_new(o, "label", json_string(j->partition ? j->partition :
	    esp_role_name(j->role)));
	json_object_set_new(o, "encrypted", json_false());
	if (j->status != 0 && image_cut_short(j)) {
		/* Not known to be damaged: the bytes that would say are not in
		 * the input. parsed null keeps rules about it not_tested. */
		char why[160];

		snprintf(why, sizeof(why), "truncated at 0x%zx: the input ends inside this "
		    "image, which needs 0x%zx bytes from 0x%zx", j->base + j->len,
		    j->img.needed_len, j->base);
		json_object_set_new(o, "parsed", json_null());
		json_object_set_new(o, "truncated", json_true());
		json_object_set_new(o, "truncated_at", json_integer((json_int_t)(j->base + j->len)));
		json_object_set_new(o, "reason", json_string(why));
		json_object_set_new(o, "error", json_string(j->err.msg));
		return o;
	}
	if (j->status != 0) {
		/* Damage inside a dump: the image is listed, with what is wrong. */
		json_object_set_new(o, "parsed", json_false());
		json_object_set_new(o, "error", json_string(j->err.msg));
		return o;
	}
	json_object_set_new(o, "parsed", json_true());
	header_json(o, j, m);
	descriptor_json(o, m);
	signature_json(o, j, m);
	markers_json(o, j);
	return o;
}

void
esp_entropy_sample(const uint8_t *data, size_t len, size_t max_sectors,
    struct esp_entropy *out)
{
	size_t nsec = len / 4096, stride, counts[256], total = 0, erased = 0;
	uint32_t counts4[4][256] = { { 0 } };

	memset(out, 0, sizeof(*out));
	if (nsec == 0 || max_sectors == 0)
		return;
	stride = nsec > max_sectors ? nsec / max_sectors : 1;
	for (size_t s = 0; s < nsec && out->sampled < max_sectors; s += stride) {
		const uint8_t *p = data + s * 4096;

		out->sampled++;
		if (bytes_all(p, 4096, 0xFF)) {
			erased++;
			continue;
		}
		/* Four tables: consecutive equal bytes would otherwise wait on
		 * each other's increment. */
		for (size_t i = 0; i < 4096; i += 4) {
			counts4[0][p[i]]++;
			counts4[1][p[i + 1]]++;
			counts4[2][p[i + 2]]++;
			counts4[3][p[i + 3]]++;
		}
	}
	for (int b = 0; b < 256; b++)
		counts[b] = counts4[0][b] + counts4[1][b] + counts4[2][b] + counts4[3][b];
	total = 0;
	for (int b = 0; b < 255; b++)
		total += counts[b];
	out->written = total;
	out->erased = (double)erased / (double)out->sampled;
	if (total == 0)
		return;
	for (int b = 0; b < 255; b++) {
		if (counts[b] == 0)
			continue;
		double q = (double)counts[b] / (double)total;
		out->bits -= q * log2(q);
	}
}

json_t *
esp_partition_json(const struct part_entry *e, int input, size_t table_base)
{
	char tbuf[8], sbuf[16], label[80];
	const char *tn = part_type_name(e->type);
	const char *sn = part_subtype_name(e->type, e->subtype, sbuf);
	json_t *o;

	if (tn == NULL)
		snprintf(tbuf, sizeof(tbuf), "0x%02x", e->type);
	if (sn == NULL) {
		snprintf(sbuf, sizeof(sbuf), "0x%02x", e->subtype);
		sn = sbuf;
	}
	esp_sanitize(label, sizeof(label), e->label);
	o = json_pack("{s:i, s:i, s:s, s:s, s:i, s:s, s:i, s:I, s:I, s:I, s:I, s:b, s:b, s:I}",
	    "input", input, "index", (int)e->index, "label", label,
	    "type", tn ? tn : tbuf, "type_id", e->type, "subtype", sn,
	    "subtype_id", e->subtype, "offset", (json_int_t)e->offset,
	    "size", (json_int_t)e->size,
	    "end", (json_int_t)((uint64_t)e->offset + e->size),
	    "flags", (json_int_t)e->flags,
	    "encrypted_flag", (e->flags & PART_FLAG_ENCRYPTED) != 0,
	    "readonly", (e->flags & PART_FLAG_READONLY) != 0,
	    "entry_offset", (json_int_t)(table_base + e->entry_off));
	if (o != NULL)
		json_object_set_new(o, "flash_encrypted", json_boolean(part_flash_encrypted(e)));
	return o;
}

json_t *
esp_partition_table_json(const struct part_table *t, int input, size_t table_base,
    json_t *problems)
{
	json_t *o = json_pack("{s:i, s:I, s:i, s:b, s:b, s:b}", "input", input,
	    "offset", (json_int_t)table_base, "entries", (int)t->n,
	    "md5_present", t->md5_present, "terminated", t->terminated,
	    "damaged", t->damaged);

	if (o == NULL) {
		json_decref(problems);
		return NULL;
	}
	if (t->md5_present) {
		json_object_set_new(o, "md5_valid", json_boolean(t->md5_valid));
		json_object_set_new(o, "md5", hexstr(t->md5_stored, 16));
		json_object_set_new(o, "md5_calculated", hexstr(t->md5_calc, 16));
		json_object_set_new(o, "md5_offset", json_integer((json_int_t)(table_base + t->md5_off)));
	}
	if (t->damaged)
		json_object_set_new(o, "damage", json_string(t->damage));
	json_object_set_new(o, "problems", problems ? problems : json_array());
	return o;
}

json_t *
esp_otadata_json(const struct otadata *o, int input, size_t base, int ota_count,
    const char *boot_label)
{
	json_t *entries = json_array(), *out;

	for (int i = 0; i < 2; i++) {
		const struct ota_select *s = &o->s[i];

		if (!s->present)
			continue;
		json_array_append_new(entries, json_pack("{s:i, s:I, s:b, s:I, s:s, s:I, s:I, s:b, s:b}",
		    "index", i, "offset", (json_int_t)(base + s->offset),
		    "erased", s->erased, "seq", (json_int_t)s->seq,
		    "state", ota_state_name(s->state),
		    "crc", (json_int_t)s->crc_stored, "crc_calculated", (json_int_t)s->crc_calc,
		    "crc_valid", s->crc_valid, "valid", s->valid));
	}
	out = json_pack("{s:i, s:I, s:o, s:i}", "input", input, "offset", (json_int_t)base,
	    "entries", entries, "active_entry", o->active);
	if (out == NULL)
		return NULL;
	if (o->active >= 0)
		json_object_set_new(out, "active_seq", json_integer(o->s[o->active].seq));
	if (ota_count >= 0) {
		int slot = otadata_slot(o, (unsigned)ota_count);

		json_object_set_new(out, "ota_partitions", json_integer(ota_count));
		json_object_set_new(out, "active_slot", slot >= 0 ? json_integer(slot) : json_null());
		if (boot_label != NULL)
			json_object_set_new(out, "boot_partition", json_string(boot_label));
	}
	return out;
}
