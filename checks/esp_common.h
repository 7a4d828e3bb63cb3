/* Shared by the ESP collectors (esp_app.c, esp_flash.c, esp_parts.c): one
 * image checked end to end — header, checksum, appended hash, Secure Boot V2
 * sector, SBv1 trailer, debug markers — and turned into an esp.images item.
 * Checks run on worker threads (no facts touched there); the facts are made
 * afterwards, in order, on the calling thread. */
#ifndef FWAUDIT_CHECKS_ESP_COMMON_H
#define FWAUDIT_CHECKS_ESP_COMMON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "core/facts.h"
#include "util/hashq.h"
#include "formats/esp_image.h"
#include "formats/partition.h"
#include "formats/sbv2.h"

#define ESP_MAX_MARKERS 8

struct esp_marker {
	const char *id;		/* "gdbstub_on_panic", ... */
	size_t offset;		/* of the string, from the image start */
	char text[128];		/* the string, sanitised */
};

struct esp_image_job {
	/* in */
	const char *input;	/* path, for messages */
	size_t base;		/* where the span starts in the input */
	const uint8_t *data;	/* the span: a partition, the bootloader area, a file */
	size_t len;
	size_t want_len;	/* what the location gives the image (a partition's
				 * size): more than len when the input ends first;
				 * 0 when the span is all there is (a file) */
	enum esp_role role;	/* what the location says; UNKNOWN: from the image */
	const char *partition;	/* label (sanitised), or NULL */
	struct hashq *hashq;	/* the input's (struct input); NULL: default */
	struct rsa_cache *keys;
	/* out */
	int status;		/* 0 parsed; -1 err holds why */
	struct fw_err err;
	struct esp_image img;
	bool hash_failed;	/* OpenSSL failed: no hash facts */
	size_t sig_off;		/* from the image start */
	struct sbv2_sector sbv2;
	uint8_t signed_sha256[32];	/* valid when sbv2.present */
	/* between the two steps */
	struct hashq_job hash;
	size_t signed_len;
	const uint8_t *sector;
	size_t sector_len;
	struct esp_marker markers[ESP_MAX_MARKERS];
	unsigned nmarkers;
};

/* Runs every job: each image is parsed and its hashing queued (util/hashq.h)
 * first, then signatures and markers are checked as digests arrive, on
 * worker threads (util/jobs.h) when there are four or more CPUs. */
void esp_image_jobs_run(struct esp_image_job *jobs, size_t n);
void esp_image_job_run(struct esp_image_job *j);

/* The esp.images item for a finished job (a new reference). */
json_t *esp_image_job_json(const struct esp_image_job *j, int input);
/* Where a parsed image's bytes end, from its start: after its signature
 * sector when signed (Secure Boot V2), else after the checksum and hash.
 * A build output stops there; a partition read out of a chip runs on. */
size_t esp_image_job_end(const struct esp_image_job *j);

/* Appends item to the array fact `name`, creating it (with loc) on first
 * use: several inputs add to one list; each item carries its own input
 * and offset. item is stolen. */
int esp_fact_append(struct facts *f, const char *name, json_t *item, int input,
    json_t *loc);

/* An esp.partitions item for entry e of the table at table_base in input
 * (type and subtype by name where known; flags; where the entry is). */
json_t *esp_partition_json(const struct part_entry *e, int input, size_t table_base);
/* The esp.partition_table object (MD5, end marker, damage, problems). */
json_t *esp_partition_table_json(const struct part_table *t, int input,
    size_t table_base, json_t *problems);
/* The esp.otadata object; slot/boot label only when ota_count >= 0. */
json_t *esp_otadata_json(const struct otadata *o, int input, size_t base,
    int ota_count, const char *boot_label);

/* Problems a table shows: overlaps, misaligned or empty entries, duplicate
 * labels, entries past flash_size (0: unknown) or inside the table sector
 * at table_off ((size_t)-1: unknown), damage, a wrong MD5. Strings. */
json_t *esp_table_problems(const struct part_table *t, uint64_t flash_size,
    size_t table_off);
/* The esp.ota object: {slots, otadata, factory, test, updatable}. */
json_t *esp_ota_summary(const struct part_table *t);

/* Bytes from an image made safe for JSON and reports: printable ASCII kept,
 * anything else as \xNN. */
void esp_sanitize(char *dst, size_t dstlen, const char *src);

/* Shannon entropy in bits per byte over a sample of data (evenly spaced
 * 4 KiB sectors, at most max_sectors of them), counting only written bytes
 * (not 0xFF: erased flash, padding), and the share of sampled sectors that
 * are erased. Ciphertext is ~8 bits/byte; with fewer than ~1000 written
 * bytes the figure says little. */
struct esp_entropy {
	double bits;		/* over the written bytes sampled; 0 if none */
	double erased;		/* share of sampled sectors all 0xFF, 0..1 */
	size_t sampled;		/* sectors looked at */
	size_t written;		/* bytes other than 0xFF in them */
};
void esp_entropy_sample(const uint8_t *data, size_t len, size_t max_sectors,
    struct esp_entropy *out);

/* Where a flash or image input's bytes come from: "readback" (read out
 * of a chip), "build" (a build output: merged or factory image, app.bin)
 * or "unknown"; by "option" (--origin) or "evidence" (what in the input
 * tells it: docs/images.md). */
struct input;
struct esp_origin {
	const char *origin;
	const char *by;
	char evidence[256];
};
/* The user's --origin when given, else origin with the evidence. */
void esp_origin_set(struct esp_origin *o, const struct input *in, const char *origin,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* An esp.flash_encryption.inputs item: {input, label (path), kind, origin,
 * origin_by, origin_evidence, state}; judged after every input is
 * collected (esp_flash_encryption_judge, checks/registry.c). */
json_t *esp_origin_item(const struct input *in, const struct esp_origin *o,
    const char *state);

#endif
