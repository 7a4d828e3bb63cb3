/* What only the holder of the flash key reads in a decrypted dump
 * (esp_decrypt_exposure, checks/esp_decrypt.h), apart from what anyone
 * reading the chip gets. */
#include "checks/esp_decrypt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/input.h"

static bool
item_decrypted(json_t *it, const struct input *in, const struct esp_plain *pv)
{
	json_t *off = json_object_get(it, "offset");

	return json_integer_value(json_object_get(it, "input")) == in->index &&
	    json_is_integer(off) && esp_plain_decrypted(pv, (size_t)json_integer_value(off));
}

static const char *
str_or(json_t *o, const char *key, const char *dflt)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : dflt;
}

static void
expose(json_t *list, const struct input *in, json_t *it, const char *what, const char *fmt,
    ...) __attribute__((format(printf, 5, 6)));

/* One thing only the key holder reads, worded for the findings. */
static void
expose(json_t *list, const struct input *in, json_t *it, const char *what, const char *fmt,
    ...)
{
	const char *label = str_or(it, "label", str_or(it, "name", what));
	char buf[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_array_append_new(list, json_pack("{s:i, s:s, s:O, s:s, s:b, s:s}", "input",
	    in->index, "label", label, "offset", json_object_get(it, "offset"),
	    "what", what, "only_with_key", 1, "reason", buf));
}

static const char *
kind_words(const char *kind)
{
	static const char *const words[][2] = {
		{ "wifi_password", "a Wi-Fi password" }, { "pmk", "a Wi-Fi PMK" },
		{ "private_key", "a private key" }, { "bluetooth_key", "Bluetooth keys" },
		{ "password", "a password" }, { "token", "a token" }, { NULL, NULL },
	};

	for (int i = 0; kind != NULL && words[i][0] != NULL; i++)
		if (strcmp(kind, words[i][0]) == 0)
			return words[i][1];
	return NULL;
}

/* NVS decrypted with the nvs_keys keys: encrypted for anyone else; its
 * secrets move from nvs.credentials (what anyone reads) to the exposure. */
static void
nvs_exposure(struct facts *f, const struct input *in, const struct esp_plain *pv,
    json_t *list)
{
	json_t *creds = json_object_get(fact_record(f, "nvs.credentials"), "value"), *it;
	size_t i;

	json_array_foreach(json_object_get(fact_record(f, "nvs.partitions"), "value"), i, it) {
		if (!item_decrypted(it, in, pv))
			continue;
		json_object_set_new(it, "encrypted", json_true());
		json_object_set_new(it, "encryption_evidence", json_string("its entries decrypt "
		    "with the NVS encryption keys of the nvs_keys partition (read with the "
		    "flash key)"));
		esp_decrypted_mark(it, pv, (size_t)json_integer_value(json_object_get(it, "offset")));
	}
	for (i = json_array_size(creds); i-- > 0;) {
		json_t *c = json_array_get(creds, i);
		const char *words = kind_words(str_or(c, "kind", NULL));

		if (!item_decrypted(c, in, pv))
			continue;
		if (words != NULL) {
			expose(list, in, c, "nvs_secret", "with the flash key: %s in NVS "
			    "(%s, partition %s)", words, str_or(c, "name", "?"),
			    str_or(c, "partition", "?"));
			json_object_set(json_array_get(list, json_array_size(list) - 1), "masked",
			    json_object_get(c, "masked"));
		}
		json_array_remove(creds, i);
	}
}

void
esp_decrypt_exposure(struct facts *f, const struct input *in, const struct esp_plain *pv)
{
	json_t *list = json_array(), *it;
	size_t i;

	if (list == NULL)
		return;
	/* Readable to the key holder only: for anyone else they stay protected. */
	json_array_foreach(json_object_get(fact_record(f, "identity.private_keys"), "value"), i, it) {
		const char *prot = json_string_value(json_object_get(it, "protection"));

		if (!item_decrypted(it, in, pv) || prot == NULL || strcmp(prot, "none") != 0)
			continue;
		json_object_set_new(it, "protection", json_string("flash_encryption"));
		esp_decrypted_mark(it, pv, (size_t)json_integer_value(json_object_get(it, "offset")));
		expose(list, in, it, "private_key", "with the flash key: the device's private key "
		    "(%s), to impersonate the device", str_or(it, "partition",
		    "identity partition"));
	}
	json_array_foreach(json_object_get(fact_record(f, "nvs.keys_partitions"), "value"), i, it) {
		if (!item_decrypted(it, in, pv))
			continue;
		json_object_set_new(it, "readable", json_false());
		esp_decrypted_mark(it, pv, (size_t)json_integer_value(json_object_get(it, "offset")));
		if (strcmp(str_or(it, "state", ""), "plaintext") == 0)
			expose(list, in, it, "nvs_keys", "with the flash key: the NVS encryption keys "
			    "(they decrypt every encrypted NVS partition of this device)");
	}
	nvs_exposure(f, in, pv, list);
	json_array_foreach(json_object_get(fact_record(f, "esp.images"), "value"), i, it) {
		json_t *app = json_object_get(it, "app");
		const char *project = json_string_value(json_object_get(app, "project"));
		const char *version = json_string_value(json_object_get(app, "version"));

		if (item_decrypted(it, in, pv) && json_is_true(json_object_get(it, "parsed")))
			expose(list, in, it, "firmware", "with the flash key: the %s image%s%s%s%s "
			    "in plaintext, to copy and analyse", json_string_value(json_object_get(it,
			    "role")), project && *project ? " of " : "", project ? project : "",
			    version && *version ? " " : "", version ? version : "");
	}
	fact_set(f, "esp.flash_key_exposes", list, in->index, NULL);
}
