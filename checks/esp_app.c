/* A single app or 2nd-stage bootloader image given as an input (the build
 * output, an OTA payload): esp.images item with header, checksum, hash,
 * descriptors and Secure Boot V2 / V1 signatures; esp.chip. */
#include <string.h>

#include "checks/claims.h"
#include "checks/components.h"
#include "checks/esp_common.h"
#include "checks/esp_sbv1.h"
#include "core/input.h"

/* 0 not an image; otherwise a score by how sure the role is. A header
 * that parses no further still scores, so the collector can say where
 * the image breaks (exit 2) instead of "unknown content". */
static int
detect_role(const uint8_t *data, size_t len, enum esp_role want)
{
	struct esp_image img;
	enum esp_role role;

	if (!esp_image_probe(data, len))
		return 0;
	if (esp_image_parse(NULL, 0, data, len, ESP_PARSE_NO_CHECKSUM, &img, NULL) != 0)
		return want == ESP_ROLE_APP ? 50 : 45;
	role = esp_image_role(&img);
	if (role == want)
		return img.has_app_desc || img.has_bootloader_desc ? 85 : 70;
	if (role == ESP_ROLE_UNKNOWN)
		return want == ESP_ROLE_APP ? 40 : 35;
	return 30;
}

static int
detect_app(const uint8_t *data, size_t len)
{
	return detect_role(data, len, ESP_ROLE_APP);
}

static int
detect_bootloader(const uint8_t *data, size_t len)
{
	return detect_role(data, len, ESP_ROLE_BOOTLOADER);
}

static int
collect_image(struct facts *f, const struct input *in, enum esp_role role,
    struct fw_err *err)
{
	struct esp_image_job j;
	struct esp_origin origin;
	const char *chip;
	size_t end;

	memset(&j, 0, sizeof(j));
	j.input = in->path;
	j.hashq = in->hashq;
	j.keys = in->keys;
	j.data = in->data;
	j.len = in->len;
	j.role = role;
	esp_image_job_run(&j);
	if (j.status != 0) {
		/* The whole input is this image: unusable input, exit 2. */
		*err = j.err;
		return -1;
	}
	if (esp_fact_append(f, "esp.images", esp_image_job_json(&j, in->index),
	    in->index, NULL) != 0)
		return err_oom(err, in->path, ERR_NO_OFFSET);
	components_from_images(f, in, &j, 1);
	esp_sbv1_app(f, in, &j);
	if ((chip = esp_chip_name(j.img.chip_id)) != NULL) {
		fact_set_str(f, "esp.chip", chip, in->index, loc_offset(12, 2));
		device_claim(f, in->index, "chip", chip, "image header at 0x0");
	}
	/* esptool rewrites the flash size in the bootloader's header only. */
	if (j.role == ESP_ROLE_BOOTLOADER && esp_flash_size_name(j.img.spi_size) != NULL)
		device_claim(f, in->index, "flash size", esp_flash_size_name(j.img.spi_size),
		    "bootloader header at 0x0");
	/* A build writes the image and nothing after it (a signed one up to
	 * the end of its signature sector); a partition read out of a chip
	 * runs on to the partition's end. The image parsed: it is plaintext. */
	end = esp_image_job_end(&j);
	if (end == in->len)
		esp_origin_set(&origin, in, "build", "the file ends exactly where the "
		    "image does (0x%zx): a build output or OTA payload, not a partition "
		    "read out of a chip", end);
	else
		esp_origin_set(&origin, in, "unknown", "the file runs on for 0x%zx bytes "
		    "after the image: a partition read out of a chip, or a padded file; "
		    "give --origin readback|build", in->len > end ? in->len - end : 0);
	esp_fact_append(f, "esp.flash_encryption.inputs", esp_origin_item(in, &origin,
	    "plaintext"), in->index, NULL);
	return 0;
}

static int
collect_app(struct facts *f, const struct input *in, struct fw_err *err)
{
	return collect_image(f, in, ESP_ROLE_APP, err);
}

static int
collect_bootloader(struct facts *f, const struct input *in, struct fw_err *err)
{
	return collect_image(f, in, ESP_ROLE_BOOTLOADER, err);
}

const struct collector collector_esp_app = {
	.kind = "esp-app",
	.what = "ESP-IDF app image (build output or OTA payload)",
	.detect = detect_app,
	.collect = collect_app,
	.max_len = (size_t)32 << 20,
};

const struct collector collector_esp_bootloader = {
	.kind = "esp-bootloader",
	.what = "ESP-IDF 2nd-stage bootloader image",
	.detect = detect_bootloader,
	.collect = collect_bootloader,
	.max_len = (size_t)1 << 20,
};
