/* Relates facts from two inputs, once every input is collected: each
 * Secure Boot V2 signature block's key digest (esp.images, from images
 * and dumps) against the digests burned in eFuse (efuse.secure_boot.digests,
 * from an eFuse summary or the live chip). Rules cannot compare one fact
 * with another, so the comparison is made here, as facts:
 *   esp.secure_boot.signatures  one item per signature block with a key
 *   esp.secure_boot.images      one item per image: would the chip accept it
 * Nothing is emitted unless both sides are known, so rules that need these
 * end not_tested without eFuse facts. */
#include <string.h>

#include "core/facts.h"
#include "core/input.h"

/* esp.image_count: how many images all inputs gave (rules test for images
 * with this small fact rather than with the whole esp.images list, which
 * would be copied into every rule's evidence). */
void
esp_image_count(struct facts *f)
{
	json_t *rec = fact_record(f, "esp.images");

	if (rec == NULL)
		return;
	fact_set_int(f, "esp.image_count", (long long)json_array_size(json_object_get(rec,
	    "value")), (int)json_integer_value(json_object_get(rec, "input")), NULL);
}

/* An unread image's entries in both lists: every verdict over it unknown. */
static void
unread_image(json_t *img, json_t *sigs, json_t *accepted)
{
	static const char *const keep[] = { "partition", "label", "reason", NULL };
	json_t *s = json_pack("{s:O, s:O, s:O, s:n, s:n, s:n}", "input",
	    json_object_get(img, "input"), "image_offset", json_object_get(img, "offset"),
	    "role", json_object_get(img, "role"), "valid", "in_efuse", "revoked");
	json_t *a = json_pack("{s:O, s:O, s:O, s:n, s:n}", "input", json_object_get(img,
	    "input"), "offset", json_object_get(img, "offset"), "role", json_object_get(img,
	    "role"), "sbv2_valid", "accepted");

	for (int i = 0; keep[i] != NULL; i++) {
		json_t *v = json_object_get(img, keep[i]);

		if (v != NULL && s != NULL)
			json_object_set(s, keep[i], v);
		if (v != NULL && a != NULL)
			json_object_set(a, keep[i], v);
	}
	if (s != NULL)
		json_array_append_new(sigs, s);
	if (a != NULL)
		json_array_append_new(accepted, a);
}

/* The eFuse slot whose digest is this key's (ESP32-C2 burns the first 128
 * bits only: compare as many hex digits as eFuse holds). *unknown is set
 * when some slot could not be read. */
static const json_t *
efuse_match(const json_t *digests, const char *key, bool *unknown)
{
	size_t i;
	const json_t *d;

	*unknown = false;
	json_array_foreach(digests, i, d) {
		const char *hx = json_string_value(json_object_get(d, "digest"));
		size_t n = hx ? strlen(hx) : 0;

		if (n == 0 || json_is_false(json_object_get(d, "readable"))) {
			*unknown = true;
			continue;
		}
		if (n >= 32 && n <= strlen(key) && strncasecmp(hx, key, n) == 0)
			return d;
	}
	return NULL;
}

/* One signature block of an image against the eFuse digests: its
 * esp.secure_boot.signatures item (NULL on allocation failure). *accepted
 * becomes true when the ROM checks this valid block with an unrevoked
 * burned key; *unknown when an eFuse fact that would decide that is missing. */
static json_t *
block_signature(const json_t *img, const json_t *b, const json_t *digests,
    json_int_t rom_blocks, bool *accepted, bool *unknown)
{
	const char *key = json_string_value(json_object_get(b, "key_digest"));
	bool valid = json_is_true(json_object_get(b, "valid"));
	bool by_rom = json_integer_value(json_object_get(b, "index")) < rom_blocks;
	bool undecided;
	const json_t *m;
	json_t *s;

	if (key == NULL)
		return NULL;
	m = efuse_match(digests, key, &undecided);
	s = json_pack("{s:O, s:O, s:O, s:O, s:s, s:b, s:b}",
	    "input", json_object_get(img, "input"),
	    "image_offset", json_object_get(img, "offset"),
	    "role", json_object_get(img, "role"),
	    "block", json_object_get(b, "index"),
	    "key_digest", key, "valid", valid, "checked_by_rom", by_rom);
	if (s == NULL)
		return NULL;
	if (json_object_get(img, "partition") != NULL)
		json_object_set(s, "partition", json_object_get(img, "partition"));
	json_object_set(s, "label", json_object_get(img, "label"));
	if (m != NULL) {
		json_t *rv = json_object_get(m, "revoked");

		json_object_set_new(s, "in_efuse", json_true());
		json_object_set(s, "efuse_slot", json_object_get(m, "slot"));
		json_object_set(s, "efuse_block", json_object_get(m, "block"));
		/* A revoke bit the eFuse source did not give stays unknown. */
		json_object_set_new(s, "revoked", json_is_boolean(rv) ?
		    json_boolean(json_is_true(rv)) : json_null());
		*unknown |= !json_is_boolean(rv) && valid && by_rom;
		*accepted |= valid && json_is_false(rv) && by_rom;
	} else {
		/* Not among the readable digests; unknown if some are not. */
		json_object_set_new(s, "in_efuse", undecided ? json_null() : json_false());
		json_object_set_new(s, "revoked", undecided ? json_null() : json_false());
		*unknown |= undecided && valid && by_rom;
	}
	return s;
}

/* The esp.secure_boot.images item of one image: accepted true, false, or
 * null when a missing eFuse fact leaves it open. */
static json_t *
image_accepted(const json_t *img, bool accepted, bool unknown)
{
	json_t *sv = json_object_get(img, "sbv2_valid");
	json_t *item = json_pack("{s:O, s:O, s:O, s:O, s:o}",
	    "input", json_object_get(img, "input"),
	    "offset", json_object_get(img, "offset"), "role", json_object_get(img, "role"),
	    "sbv2_valid", sv != NULL ? sv : json_null(),
	    "accepted", accepted ? json_true() : unknown ? json_null() : json_false());

	if (item == NULL)
		return NULL;
	if (json_object_get(img, "partition") != NULL)
		json_object_set(item, "partition", json_object_get(img, "partition"));
	json_object_set(item, "label", json_object_get(img, "label"));
	return item;
}

void
esp_secure_boot_crossref(struct facts *f)
{
	json_t *irec = fact_record(f, "esp.images");
	json_t *drec = fact_record(f, "efuse.secure_boot.digests");
	json_t *images, *digests, *sigs, *accepted, *img, *b;
	size_t i, k;
	int input;

	if (irec == NULL || drec == NULL)
		return;
	images = json_object_get(irec, "value");
	digests = json_object_get(drec, "value");
	if (!json_is_array(images) || !json_is_array(digests))
		return;
	input = (int)json_integer_value(json_object_get(drec, "input"));
	sigs = json_array();
	accepted = json_array();
	json_array_foreach(images, i, img) {
		json_int_t rom_blocks = json_integer_value(json_object_get(img,
		    "sbv2_blocks_checked_by_rom"));
		bool acc = false, unknown = false;

		/* An image not read whole (cut off, a slot the input does not
		 * reach) may carry any signature: unknown here, never skipped. */
		if (json_is_null(json_object_get(img, "parsed"))) {
			unread_image(img, sigs, accepted);
			continue;
		}
		if (!json_is_true(json_object_get(img, "parsed")))
			continue;
		json_array_foreach(json_object_get(img, "signature_blocks"), k, b) {
			json_t *s = block_signature(img, b, digests, rom_blocks, &acc, &unknown);

			if (s != NULL)
				json_array_append_new(sigs, s);
		}
		json_array_append_new(accepted, image_accepted(img, acc, unknown));
	}
	fact_set(f, "esp.secure_boot.signatures", sigs, input,
	    json_pack("{s:s}", "field", "efuse.secure_boot.digests x esp.images"));
	fact_set(f, "esp.secure_boot.images", accepted, input,
	    json_pack("{s:s}", "field", "efuse.secure_boot.digests x esp.images"));
}
