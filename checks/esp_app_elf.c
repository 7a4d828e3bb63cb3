/* An ESP-IDF app ELF given as an input (build/<project>.elf): its app
 * descriptor, its SHA-256 (what the image built from it records as
 * app_elf_sha256) and the features its symbols show, as esp.app_elfs
 * items; after every input, the tie between shipped app images and the
 * ELFs given (esp.app_elf.*). */
#include <string.h>

#include "checks/esp_common.h"
#include "core/input.h"
#include "formats/esp_app_elf.h"
#include "util/hex.h"

static json_t *
desc_json(const struct esp_app_elf *e)
{
	char v[33], p[33], t[17], d[17], idf[33];

	if (!e->has_desc)
		return json_null();
	esp_sanitize(v, sizeof(v), e->desc.version);
	esp_sanitize(p, sizeof(p), e->desc.project_name);
	esp_sanitize(t, sizeof(t), e->desc.time);
	esp_sanitize(d, sizeof(d), e->desc.date);
	esp_sanitize(idf, sizeof(idf), e->desc.idf_ver);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "project", p, "version", v,
	    "idf_version", idf, "date", d, "time", t, "secure_version",
	    (json_int_t)e->desc.secure_version, "offset", (json_int_t)e->desc_offset,
	    "source", e->desc_source);
}

/* Without .symtab nothing can be told: every feature null (not_tested). */
static void
features_json(const struct esp_app_elf *e, json_t *item)
{
	json_t *feat = json_object(), *syms = json_object();

	for (int i = 0; i < ESP_ELF_FEATURE_COUNT; i++) {
		const char *name = esp_elf_feature_name((enum esp_elf_feature)i);

		json_object_set_new(feat, name, e->symtab ? json_boolean(e->feature[i]) : json_null());
		if (e->feature[i])
			json_object_set_new(syms, name, json_string(e->feature_symbol[i]));
	}
	json_object_set_new(item, "features", feat);
	json_object_set_new(item, "feature_symbols", syms);
}

static int
collect(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct esp_app_elf e;
	char sha[65];
	json_t *item;

	if (esp_app_elf_read(in->path, in->data, in->len, &e, err) != 0)
		return -1;
	/* The same digest as the input's, computed here: the cross-check
	 * after collection must not wait for the hash queue. */
	if (sha256_hex(in->data, in->len, sha) != 0)
		return err_set(err, in->path, ERR_NO_OFFSET, "SHA-256 failed");
	item = json_pack("{s:i, s:s, s:s, s:i, s:o, s:b, s:I}", "input", in->index,
	    "sha256", sha, "arch", e.arch != NULL ? e.arch : "unknown", "machine", (int)e.machine,
	    "app", desc_json(&e), "symtab", e.symtab, "symbols", (json_int_t)e.nsymbols);
	if (item == NULL)
		return err_set(err, in->path, ERR_NO_OFFSET, "out of memory");
	features_json(&e, item);
	if (esp_fact_append(f, "esp.app_elfs", item, in->index, NULL) != 0)
		return err_set(err, in->path, ERR_NO_OFFSET, "out of memory");
	return 0;
}

static bool
all_zero_hex(const char *s)
{
	return s != NULL && s[strspn(s, "0")] == '\0';
}

/* One esp.app_elf.images item per app image with a descriptor. */
static json_t *
tie_item(json_t *img, json_t *elfs, bool *ok, bool *unknown)
{
	const char *want = json_string_value(json_object_get(json_object_get(img, "app"),
	    "elf_sha256"));
	json_t *it = json_pack("{s:O, s:O, s:O, s:s?}", "input", json_object_get(img, "input"),
	    "offset", json_object_get(img, "offset"), "label", json_object_get(img, "label"),
	    "elf_sha256", want);
	size_t i;
	json_t *e;

	if (it == NULL)
		return NULL;
	if (want == NULL || all_zero_hex(want)) {
		/* legacy make builds leave it zero: the tie cannot be checked */
		json_object_set_new(it, "matches", json_null());
		json_object_set_new(it, "reason", json_string("the image records no ELF SHA-256"));
		*unknown = true;
		return it;
	}
	json_array_foreach(elfs, i, e)
		if (strcmp(want, json_string_value(json_object_get(e, "sha256"))) == 0) {
			json_object_set(it, "elf_input", json_object_get(e, "input"));
			json_object_set_new(it, "matches", json_true());
			return it;
		}
	json_object_set_new(it, "matches", json_false());
	json_object_set_new(it, "reason", json_string("no ELF given has this SHA-256"));
	*ok = false;
	return it;
}

/* Post-collect: with app images and app ELFs among the inputs, whether
 * every shipped image was built from an ELF given. */
void
esp_app_elf_crossref(struct facts *f)
{
	json_t *irec = fact_record(f, "esp.images"), *erec = fact_record(f, "esp.app_elfs");
	json_t *elfs, *list, *img;
	bool ok = true, unknown = false;
	size_t i;
	int input;

	if (irec == NULL || erec == NULL || (list = json_array()) == NULL)
		return;
	elfs = json_object_get(erec, "value");
	input = (int)json_integer_value(json_object_get(erec, "input"));
	json_array_foreach(json_object_get(irec, "value"), i, img) {
		if (json_object_get(img, "app") == NULL)
			continue;
		json_array_append_new(list, tie_item(img, elfs, &ok, &unknown));
	}
	if (json_array_size(list) == 0) {
		json_decref(list);
		return;
	}
	fact_set(f, "esp.app_elf.images", list, input, NULL);
	fact_set(f, "esp.app_elf.shipped_is_built", !ok ? json_false() : unknown ? json_null() :
	    json_true(), input, NULL);
}

const struct collector collector_esp_app_elf = {
	.kind = "esp-app-elf",
	.what = "ESP-IDF app ELF (build/<project>.elf)",
	.detect = esp_app_elf_detect,
	.collect = collect,
	.max_len = (size_t)256 << 20,
};
