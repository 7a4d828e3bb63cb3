/* What was examined, from the report's inputs and facts: nothing here is
 * judged (the rules did that), only gathered for the human formats. */
#include "reports/inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

static const json_t *
fact_value(const json_t *report, const char *name)
{
	return json_object_get(json_object_get(json_object_get(report, "facts"), name), "value");
}

static long long
jint_or(const json_t *o, const char *key, long long dflt)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}

/* The chip an input states (inputs.device_claims), "" when none. */
static const char *
input_chip(const json_t *report, size_t input)
{
	const json_t *c;
	size_t i;

	json_array_foreach(fact_value(report, "inputs.device_claims"), i, c)
		if (jint_or(c, "input", -1) == (long long)input && !strcmp(jstr(c, "what"), "chip"))
			return jstr(c, "value");
	return "";
}

/* A signature block's key against the eFuse digest slots: the Secure Boot
 * collector's own match (esp.secure_boot.signatures) when it made one,
 * else the digests read, else none read. */
static void
signature_status(const json_t *report, const json_t *img, struct inv_signature *s)
{
	const json_t *m, *d;
	size_t i;

	json_array_foreach(fact_value(report, "esp.secure_boot.signatures"), i, m) {
		if (jint_or(m, "input", -1) != jint_or(img, "input", -2) ||
		    jint_or(m, "image_offset", -1) != jint_or(img, "offset", -2) ||
		    jint_or(m, "block", -1) != s->index)
			continue;
		if (json_is_true(json_object_get(m, "revoked")))
			snprintf(s->status, sizeof(s->status), "revoked (eFuse slot %lld)",
			    jint_or(m, "efuse_slot", -1));
		else if (json_is_true(json_object_get(m, "in_efuse")))
			snprintf(s->status, sizeof(s->status), "burned in eFuse slot %lld (%s)",
			    jint_or(m, "efuse_slot", -1), jstr(m, "efuse_block"));
		else
			snprintf(s->status, sizeof(s->status), "not in the eFuse digest slots");
		return;
	}
	d = fact_value(report, "efuse.secure_boot.digests");
	if (!json_is_array(d)) {
		snprintf(s->status, sizeof(s->status), "no eFuse digests read");
		return;
	}
	json_array_foreach(d, i, m)
		if (s->key_digest[0] != '\0' && !strcmp(jstr(m, "digest"), s->key_digest)) {
			snprintf(s->status, sizeof(s->status), "%s eFuse slot %lld (%s)",
			    json_is_true(json_object_get(m, "revoked")) ? "revoked:" : "burned in",
			    jint_or(m, "slot", -1), jstr(m, "block"));
			return;
		}
	snprintf(s->status, sizeof(s->status), "not in the eFuse digest slots");
}

static int
fill_image(const json_t *report, const json_t *img, struct inv_image *o)
{
	const json_t *app = json_object_get(img, "app"), *blocks, *b;
	const json_t *bdesc = json_object_get(img, "bootloader_desc");
	size_t i;

	o->input = (size_t)jint_or(img, "input", 0);
	o->label = jstr(img, "label");
	o->role = jstr(img, "role");
	o->offset = jint_or(img, "offset", 0);
	o->project = jstr(app, "project");
	o->version = jstr(app, "version");
	o->idf_version = app != NULL ? jstr(app, "idf_version") : jstr(bdesc, "idf_version");
	o->secure_version = jint_or(img, "secure_version", -1);
	o->hash = jstr(img, "hash");
	o->hash_valid = json_is_true(json_object_get(img, "hash_valid"));
	o->parsed = json_is_true(json_object_get(img, "parsed"));
	blocks = json_object_get(img, "signature_blocks");
	o->nsignatures = json_array_size(blocks);
	if (o->nsignatures == 0)
		return 0;
	if ((o->signatures = calloc(o->nsignatures, sizeof(*o->signatures))) == NULL)
		return -1;
	json_array_foreach(blocks, i, b) {
		struct inv_signature *s = &o->signatures[i];

		s->index = jint_or(b, "index", (long long)i);
		s->scheme = jstr(b, "scheme");
		s->key_digest = jstr(b, "key_digest");
		s->valid = json_is_true(json_object_get(b, "valid"));
		signature_status(report, img, s);
	}
	return 0;
}

int
inventory_build(const json_t *report, struct inventory *inv)
{
	const json_t *inputs = json_object_get(report, "inputs"), *in, *img, *c;
	const json_t *images = fact_value(report, "esp.images");
	const json_t *creds = fact_value(report, "nvs.credentials");
	size_t i;

	memset(inv, 0, sizeof(*inv));
	inv->inputs = calloc(json_array_size(inputs) + 1, sizeof(*inv->inputs));
	inv->images = calloc(json_array_size(images) + 1, sizeof(*inv->images));
	inv->ssids = calloc(json_array_size(creds) + 1, sizeof(*inv->ssids));
	if (inv->inputs == NULL || inv->images == NULL || inv->ssids == NULL)
		goto oom;
	json_array_foreach(inputs, i, in) {
		struct inv_input *o = &inv->inputs[inv->ninputs++];
		bool live = json_object_get(in, "path") == NULL;

		o->index = i;
		o->name = live ? jstr(in, "live") : jstr(in, "path");
		o->kind = jstr(in, "kind");
		o->chip = input_chip(report, i);
		o->sha256 = jstr(in, "sha256");
		o->size = live ? -1 : jint_or(in, "size", -1);
	}
	json_array_foreach(images, i, img)
		if (fill_image(report, img, &inv->images[inv->nimages++]) != 0)
			goto oom;
	json_array_foreach(creds, i, c)
		if (!strcmp(jstr(c, "kind"), "wifi_ssid")) {
			inv->ssids[inv->nssids].name = jstr(c, "name");
			inv->ssids[inv->nssids++].masked = jstr(c, "masked");
		}
	return 0;
oom:
	inventory_free(inv);
	return -1;
}

void
inventory_free(struct inventory *inv)
{
	for (size_t i = 0; inv->images != NULL && i < inv->nimages; i++)
		free(inv->images[i].signatures);
	free(inv->inputs);
	free(inv->images);
	free(inv->ssids);
	memset(inv, 0, sizeof(*inv));
}
