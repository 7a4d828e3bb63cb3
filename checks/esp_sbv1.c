/* Secure Boot V1 with the user's keys (checks/esp_sbv1.h). */
#include "checks/esp_sbv1.h"

#include <string.h>

#include "checks/esp_decrypt.h"
#include "core/input.h"
#include "formats/sbv1.h"
#include "util/hex.h"

void
esp_sbv1_bootloader(json_t *o, const struct input *in, const uint8_t *sector,
    size_t digest_off, const struct esp_image *img, const uint8_t *bl, size_t bl_len)
{
	const struct esp_keyring *r = in->keyring;
	uint8_t d[SBV1_DIGEST_LEN];
	char hx[2 * SBV1_DIGEST_LEN + 1];
	const char *why = NULL;

	if (o == NULL || r == NULL || !r->have_bl_key)
		return;
	json_object_set_new(o, "key_sha256", json_string(r->bl_key_sha256));
	if (digest_off != SBV1_IV_LEN)
		why = "the block at 0x0 has no 128-byte IV before its digest";
	else if (img->image_len == 0 || img->image_len > bl_len)
		why = "the bootloader image does not fit in the input";
	else if (sbv1_bootloader_digest(r->bl_key, sector, bl, img->image_len,
	    img->hash_appended != 0, d) != 0)
		why = "OpenSSL failed computing the digest";
	json_object_set_new(o, "checked", json_boolean(why == NULL));
	if (why != NULL) {
		json_object_set_new(o, "reason", json_string(why));
		return;
	}
	hex_encode(d, sizeof(d), hx);
	json_object_set_new(o, "digest_computed", json_string(hx));
	json_object_set_new(o, "digest_valid",
	    json_boolean(memcmp(d, sector + digest_off, SBV1_DIGEST_LEN) == 0));
}

void
esp_sbv1_app(struct facts *f, const struct input *in, const struct esp_image_job *j)
{
	const struct esp_keyring *r = in->keyring;
	const char *role;
	size_t at;
	int v;
	json_t *o;

	if (r == NULL || r->verify_key == NULL || j->status != 0 || !j->img.sbv1_present)
		return;
	at = j->img.sbv1_offset;
	if (at + ESP_SBV1_TRAILER_LEN > j->len)
		return;
	v = sbv1_verify_app(r->verify_key, j->data, at, j->data + at);
	role = esp_role_name(j->role != ESP_ROLE_UNKNOWN ? j->role : esp_image_role(&j->img));
	o = json_pack("{s:i, s:I, s:s, s:s, s:I, s:s}", "input", in->index,
	    "offset", (json_int_t)j->base, "role", role, "label", j->partition ? j->partition :
	    role, "signature_offset", (json_int_t)(j->base + at), "key_sha256",
	    r->verify_key_sha256);
	if (o != NULL) {
		json_object_set_new(o, "signature_valid", v < 0 ? json_null() : json_boolean(v));
		if (v < 0)
			json_object_set_new(o, "reason", json_string("OpenSSL failed"));
	}
	esp_fact_append(f, "esp.secure_boot_v1.app_signatures", o, in->index, NULL);
}
