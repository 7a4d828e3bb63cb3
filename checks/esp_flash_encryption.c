/* Flash encryption is a property of the device's flash, not of a file.
 *
 * Each flash or image input says where its bytes come from (its origin:
 * read back from a chip, a build output, or unknown; --origin, else told
 * from the input itself, docs/images.md) and what they show (ciphertext,
 * plaintext). After every input is collected this step judges, per input,
 * whether the device's flash is encrypted:
 *   - a read-back: from its bytes, unless they are plaintext while the
 *     eFuses say encryption is on (the dump cannot be this chip's flash as
 *     it is now: reported as that inconsistency, not judged);
 *   - a build output: from the eFuses, else the sdkconfig (the bootloader
 *     encrypts the flash on first boot when the build enables it);
 *   - unknown: a plaintext input is judged only where every reading agrees
 *     (eFuses or sdkconfig say encryption is off); otherwise not at all.
 * An item left without `encrypted` keeps ESP-IMG-FLASH-ENCRYPTED
 * not_tested, with its `reason`. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "checks/esp_common.h"
#include "core/input.h"

json_t *
esp_origin_item(const struct input *in, const struct esp_origin *o, const char *state)
{
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "input", in->index,
	    "label", in->path, "kind", in->kind ? in->kind : "", "origin", o->origin,
	    "origin_by", o->by, "origin_evidence", o->evidence, "state", state);
}

void
esp_origin_set(struct esp_origin *o, const struct input *in, const char *origin,
    const char *fmt, ...)
{
	va_list ap;

	if (in->origin != NULL) {
		o->origin = in->origin;
		o->by = "option";
		snprintf(o->evidence, sizeof(o->evidence), "--origin %s", in->origin);
		return;
	}
	o->origin = origin;
	o->by = "evidence";
	va_start(ap, fmt);
	vsnprintf(o->evidence, sizeof(o->evidence), fmt, ap);
	va_end(ap);
}

/* A bool fact and where it came from; -1 when it is missing. */
static int
bool_fact(struct facts *f, const char *name, const char **path)
{
	json_t *rec = fact_record(f, name), *v = json_object_get(rec, "value");

	if (!json_is_boolean(v))
		return -1;
	*path = facts_input_path(f, (int)json_integer_value(json_object_get(rec, "input")));
	return json_is_true(v);
}

static void
judge(json_t *it, int encrypted, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
judge(json_t *it, int encrypted, const char *fmt, ...)
{
	char buf[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (encrypted >= 0)
		json_object_set_new(it, "encrypted", json_boolean(encrypted));
	json_object_set_new(it, "reason", json_string(buf));
}

void
esp_flash_encryption_judge(struct facts *f)
{
	json_t *items = json_object_get(fact_record(f, "esp.flash_encryption.inputs"), "value");
	const char *efuse_path = NULL, *sdk_path = NULL, *efuse_said, *sdk_said;
	int efuse = bool_fact(f, "efuse.flash_encryption.enabled", &efuse_path);
	int sdk = bool_fact(f, "sdkconfig.flash_encryption.enabled", &sdk_path);
	json_t *it;
	size_t i;

	efuse_said = efuse == 1 ? "on" : "off";
	sdk_said = sdk == 1 ? "enables" : "does not enable";
	json_array_foreach(items, i, it) {
		const char *origin = json_string_value(json_object_get(it, "origin"));
		const char *state = json_string_value(json_object_get(it, "state"));
		const char *path = json_string_value(json_object_get(it, "label"));
		const char *evidence = json_string_value(json_object_get(it, "origin_evidence"));
		bool plain = state && (strcmp(state, "plaintext") == 0 || strcmp(state, "mixed") == 0);
		bool cipher = state && strcmp(state, "encrypted") == 0;

		if (origin == NULL || state == NULL)
			continue;
		json_object_set_new(it, "inconsistent", json_false());
		if (strcmp(origin, "build") == 0) {
			if (efuse >= 0)
				judge(it, efuse, "a build output says nothing about the device's "
				    "flash; judged from the eFuses (%s): flash encryption %s",
				    efuse_path, efuse_said);
			else if (sdk >= 0)
				judge(it, sdk, "a build output says nothing about the device's "
				    "flash; judged from the sdkconfig (%s), which %s flash "
				    "encryption (the bootloader encrypts on first boot)",
				    sdk_path, sdk_said);
			else
				judge(it, -1, "a build output says nothing about the device's "
				    "flash: give the eFuses (espefuse.py summary --format json) "
				    "or the sdkconfig");
			continue;
		}
		if (!plain && !cipher) {
			judge(it, -1, "the input shows neither ciphertext nor plaintext where "
			    "flash encryption applies (state %s)", state);
			continue;
		}
		if (strcmp(origin, "readback") == 0) {
			if (efuse >= 0 && (efuse == 1) != cipher) {
				json_object_set_new(it, "inconsistent", json_true());
				judge(it, -1, "inconsistent: read back from a chip (%s), the flash "
				    "is %s, but the eFuses (%s) say flash encryption is %s: the "
				    "dump is not this chip's flash as it is now; read it again "
				    "from this chip, or give --origin build if it is a build output",
				    evidence, cipher ? "ciphertext" : "plaintext", efuse_path,
				    efuse_said);
				facts_warn(f, "%s: %s", path, json_string_value(
				    json_object_get(it, "reason")));
			} else {
				judge(it, cipher, "%s; read back from a chip (%s)", cipher ?
				    "ciphertext where flash encryption applies" :
				    "readable in the clear where flash encryption applies", evidence);
			}
			continue;
		}
		/* Unknown origin: plaintext is the device's flash only if it was
		 * read back, and then eFuses or sdkconfig saying "on" contradict it. */
		if (cipher)
			judge(it, 1, "ciphertext where flash encryption applies");
		else if (efuse == 0)
			judge(it, 0, "plaintext, and the eFuses (%s) say flash encryption is "
			    "off", efuse_path);
		else if (efuse < 0 && sdk == 0)
			judge(it, 0, "plaintext, and the sdkconfig (%s) does not enable flash "
			    "encryption", sdk_path);
		else if (efuse == 1 || sdk == 1)
			judge(it, -1, "inconsistent or a build output: the input is plaintext "
			    "but the %s (%s) say%s flash encryption is on; whether it was read "
			    "back from the chip cannot be told from it: give --origin "
			    "readback|build", efuse == 1 ? "eFuses" : "sdkconfig",
			    efuse == 1 ? efuse_path : sdk_path, efuse == 1 ? "" : "s");
		else
			judge(it, -1, "plaintext, but whether it was read back from the chip "
			    "or is a build output cannot be told from it: give --origin "
			    "readback|build, or the eFuses");
	}
}
