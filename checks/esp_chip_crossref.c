/* Relates images to the chip they run on, once every input is collected
 * (rules cannot compare one fact with another):
 *   esp.secure_boot.schemes         one item per valid signature block: does
 *                                   the chip's ROM verify that scheme at all
 *   esp.bootloader.anti_rollback    one item per bootloader image with a
 *                                   descriptor: its secure_version against
 *                                   the eFuse's (the ROM refuses a lower one)
 *   esp.tee.*                       ESP-TEE: tee_0/tee_1 partitions, whether
 *                                   the chip has ESP-TEE, and each TEE image's
 *                                   signature against the apps' signers
 * The chip is the eFuse's when an eFuse source was given (the scheme list
 * then counts SECURE_BOOT_SHA384_EN), else the image header's. */
#include <stdbool.h>
#include <string.h>

#include "core/facts.h"
#include "core/input.h"
#include "formats/esp_chip.h"

static json_t *
value_of(struct facts *f, const char *name, int *input)
{
	json_t *rec = fact_record(f, name);

	if (rec == NULL)
		return NULL;
	if (input != NULL)
		*input = (int)json_integer_value(json_object_get(rec, "input"));
	return json_object_get(rec, "value");
}

/* true, false, or null (P-384 on a chip whose SECURE_BOOT_SHA384_EN is not
 * known, or a chip whose schemes are not known). */
static json_t *
scheme_supported(const char *scheme, const char *chip, const json_t *efuse_schemes)
{
	unsigned caps = esp_chip_sb_schemes(chip), bit = esp_sb_scheme_bit(scheme);
	size_t i;
	json_t *s;

	if (json_is_array(efuse_schemes)) {
		json_array_foreach(efuse_schemes, i, s)
			if (strcmp(json_string_value(s), scheme) == 0)
				return json_true();
		return json_false();
	}
	if (caps == 0 || bit == 0)
		return json_null();
	if (!(caps & bit))
		return json_false();
	return bit == ESP_SB_ECDSA_P384 ? json_null() : json_true();
}

static json_t *
item_of(const json_t *img)
{
	json_t *o = json_pack("{s:O, s:O, s:O}", "input", json_object_get(img, "input"),
	    "image_offset", json_object_get(img, "offset"), "role", json_object_get(img, "role"));

	if (o != NULL)
		json_object_set(o, "label", json_object_get(img, "label"));
	return o;
}

static void
schemes(struct facts *f, const json_t *images, const char *efuse_chip,
    const json_t *efuse_schemes, int input)
{
	json_t *list = json_array(), *img, *b;
	size_t i, k;

	json_array_foreach(images, i, img) {
		const char *chip = efuse_chip != NULL ? efuse_chip :
		    json_string_value(json_object_get(img, "chip"));

		if (!json_is_true(json_object_get(img, "parsed")))
			continue;
		json_array_foreach(json_object_get(img, "signature_blocks"), k, b) {
			const char *scheme = json_string_value(json_object_get(b, "scheme"));
			json_t *o;

			if (!json_is_true(json_object_get(b, "valid")) || scheme == NULL ||
			    (o = item_of(img)) == NULL)
				continue;
			json_object_set(o, "block", json_object_get(b, "index"));
			json_object_set_new(o, "scheme", json_string(scheme));
			json_object_set_new(o, "chip", chip ? json_string(chip) : json_null());
			json_object_set_new(o, "supported", scheme_supported(scheme, chip,
			    efuse_schemes));
			json_array_append_new(list, o);
		}
	}
	if (json_array_size(list) == 0) {
		json_decref(list);
		return;
	}
	fact_set(f, "esp.secure_boot.schemes", list, input, json_pack("{s:s}", "field",
	    "esp.images signature_blocks x efuse.secure_boot.schemes (chip)"));
}

static void
bootloader_rollback(struct facts *f, const json_t *images)
{
	int input = 0;
	json_t *en = value_of(f, "efuse.bootloader_anti_rollback.enabled", &input);
	json_t *ev = value_of(f, "efuse.bootloader_anti_rollback.secure_version", NULL);
	json_t *list, *img;
	size_t i;

	if (!json_is_boolean(en) || !json_is_integer(ev))
		return;
	list = json_array();
	json_array_foreach(images, i, img) {
		json_t *desc = json_object_get(img, "bootloader_desc"), *o;
		json_int_t sv;

		if (!json_is_object(desc) || (o = item_of(img)) == NULL)
			continue;
		sv = json_integer_value(json_object_get(desc, "secure_version"));
		json_object_set_new(o, "secure_version", json_integer(sv));
		json_object_set(o, "efuse_secure_version", ev);
		json_object_set(o, "efuse_enabled", en);
		/* The ROM compares only while the eFuse check is on. */
		json_object_set_new(o, "boots", json_boolean(!json_is_true(en) ||
		    sv >= json_integer_value(ev)));
		json_array_append_new(list, o);
	}
	if (json_array_size(list) == 0) {
		json_decref(list);
		return;
	}
	fact_set(f, "esp.bootloader.anti_rollback", list, input, json_pack("{s:s}", "field",
	    "bootloader_desc.secure_version x BOOTLOADER_ANTI_ROLLBACK_SECURE_VERSION"));
}

/* Key digests of an image's valid signature blocks. */
static json_t *
signers(const json_t *img)
{
	json_t *list = json_array(), *b;
	size_t k;

	json_array_foreach(json_object_get(img, "signature_blocks"), k, b)
		if (json_is_true(json_object_get(b, "valid")) &&
		    json_is_string(json_object_get(b, "key_digest")))
			json_array_append(list, json_object_get(b, "key_digest"));
	return list;
}

static bool
shares_signer(const json_t *a, const json_t *b)
{
	size_t i, k;
	json_t *x, *y;

	json_array_foreach(a, i, x)
		json_array_foreach(b, k, y)
			if (json_equal(x, y))
				return true;
	return false;
}

static bool
is_tee(const json_t *p)
{
	const char *st = json_string_value(json_object_get(p, "subtype"));

	return st != NULL && (strcmp(st, "tee_0") == 0 || strcmp(st, "tee_1") == 0);
}

/* The TEE image at a TEE partition: signed, and by a key an app's valid
 * signature also uses (ESP-IDF signs TEE and REE with the same key; null
 * when no app is signed). */
static json_t *
tee_image(const json_t *img, const json_t *images)
{
	json_t *o = item_of(img), *mine = signers(img), *other;
	bool any_app = false, same = false;
	size_t i;

	json_array_foreach(images, i, other) {
		json_t *theirs;

		const char *role = json_string_value(json_object_get(other, "role"));

		if (other == img || !json_is_true(json_object_get(other, "sbv2_valid")) ||
		    role == NULL || strcmp(role, "app") != 0)
			continue;
		theirs = signers(other);
		any_app = true;
		same |= shares_signer(mine, theirs);
		json_decref(theirs);
	}
	if (o != NULL) {
		json_t *sv = json_object_get(img, "sbv2_valid");

		json_object_set(o, "sbv2_valid", sv != NULL ? sv : json_null());
		json_object_set(o, "key_digests", mine);
		json_object_set_new(o, "same_signer_as_app", any_app && json_array_size(mine) > 0 ?
		    json_boolean(same) : json_null());
	}
	json_decref(mine);
	return o;
}

static void
tee(struct facts *f, const json_t *images, const char *efuse_chip)
{
	int input = 0;
	const json_t *parts = value_of(f, "esp.partitions", &input);
	json_t *labels, *timgs, *p, *img;
	const char *chip = efuse_chip;
	size_t i, k;

	if (!json_is_array(parts))
		return;
	labels = json_array();
	timgs = json_array();
	json_array_foreach(parts, i, p) {
		if (!is_tee(p))
			continue;
		json_array_append(labels, json_object_get(p, "label"));
		json_array_foreach(images, k, img) {
			if (!json_equal(json_object_get(img, "offset"), json_object_get(p, "offset")) ||
			    !json_equal(json_object_get(img, "input"), json_object_get(p, "input")))
				continue;
			if (chip == NULL)
				chip = json_string_value(json_object_get(img, "chip"));
			if (json_is_true(json_object_get(img, "parsed")))
				json_array_append_new(timgs, tee_image(img, images));
		}
	}
	/* Only a table with TEE partitions says anything about ESP-TEE. */
	if (json_array_size(labels) == 0) {
		json_decref(labels);
		json_decref(timgs);
		return;
	}
	fact_set(f, "esp.tee.partitions", labels, input,
	    json_pack("{s:s}", "field", "partition subtypes tee_0, tee_1"));
	if (chip != NULL)
		fact_set(f, "esp.tee.chip_supported", json_boolean(esp_chip_has_tee(chip)), input,
		    json_pack("{s:s}", "field", "ESP-TEE chips: ESP-IDF components/esp_tee"));
	if (json_array_size(timgs) > 0)
		fact_set(f, "esp.tee.images", timgs, input, NULL);
	else
		json_decref(timgs);
}

void
esp_chip_crossref(struct facts *f)
{
	int input = 0;
	const json_t *images = value_of(f, "esp.images", &input);
	const json_t *chip = value_of(f, "efuse.chip", NULL);
	int sin = input;
	const json_t *efs = value_of(f, "efuse.secure_boot.schemes", &sin);

	if (!json_is_array(images))
		return;
	schemes(f, images, json_string_value(chip), efs, efs != NULL ? sin : input);
	bootloader_rollback(f, images);
	tee(f, images, json_string_value(chip));
}
