/* --compare UNIT_A UNIT_B: what two units of one product wrongly share.
 *
 * Both inputs are collected first. The NVS and identity collectors keep
 * everything per unit in list facts whose items carry their input index
 * (nvs.partitions, nvs.credentials, identity.*), so this works from the
 * fact tree alone: it splits those lists by input and matches items by
 * SHA-256 of the value (and, for keys and certificates, by public key).
 * A comparison is only made when both units were examined for it; otherwise
 * its fact stays missing (rules then say not_tested). docs/compare.md. */
#include <string.h>

#include "checks/live.h"
#include "checks/secrets.h"

static bool
item_of(json_t *item, int input)
{
	return json_integer_value(json_object_get(item, "input")) == input;
}

static const char *
str(json_t *item, const char *field)
{
	const char *s = json_string_value(json_object_get(item, field));

	return s ? s : "";
}

static json_t *
list(struct facts *f, const char *name)
{
	json_t *rec = fact_record(f, name);

	return rec ? json_object_get(rec, "value") : NULL;
}

/* Whether input has an item in list name. */
static bool
has_item(struct facts *f, const char *name, int input)
{
	json_t *l = list(f, name), *it;
	size_t i;

	json_array_foreach(l, i, it)
		if (item_of(it, input))
			return true;
	return false;
}

static size_t
count_items(struct facts *f, const char *name, int input)
{
	json_t *l = list(f, name), *it;
	size_t i, n = 0;

	json_array_foreach(l, i, it)
		n += item_of(it, input);
	return n;
}

static json_t *
where(json_t *it)
{
	json_t *o = json_pack("{s:s, s:O}", "partition", str(it, "partition"),
	    "offset", json_object_get(it, "offset"));

	if (o != NULL && json_object_get(it, "masked") != NULL)
		json_object_set(o, "masked", json_object_get(it, "masked"));
	if (o != NULL && json_object_get(it, "source") != NULL)
		json_object_set(o, "source", json_object_get(it, "source"));
	return o;
}

/* Same non-empty string field in both items. */
static bool
same(json_t *a, json_t *b, const char *field)
{
	const char *x = str(a, field), *y = str(b, field);

	return *x != '\0' && strcmp(x, y) == 0;
}

/* Items of list `name` from unit a that unit b also has: same value
 * (sha256) or, for keys and certificates, the same public key. */
static json_t *
shared(struct facts *f, const char *name, int a, int b, const char *skip_kind)
{
	json_t *l = list(f, name), *out = json_array(), *x, *y;
	size_t i, j;

	/* An item whose digest could not be computed cannot be compared:
	 * the whole answer is then missing (not tested), not "none shared". */
	json_array_foreach(l, i, x)
		if ((item_of(x, a) || item_of(x, b)) && *str(x, "sha256") == '\0') {
			json_decref(out);
			return NULL;
		}
	json_array_foreach(l, i, x) {
		if (!item_of(x, a) || (skip_kind && strcmp(str(x, "kind"), skip_kind) == 0))
			continue;
		json_array_foreach(l, j, y) {
			const char *why = NULL;

			if (!item_of(y, b))
				continue;
			if (same(x, y, "sha256"))
				why = "same value";
			else if (same(x, y, "public_key_sha256"))
				why = "same public key";
			if (why == NULL)
				continue;
			json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}",
			    "name", *str(x, "name") ? str(x, "name") : str(x, "source"),
			    "kind", *str(x, "kind") ? str(x, "kind") : str(x, "key_type"),
			    "reason", why, "sha256", str(x, "sha256"),
			    "unit_a", where(x), "unit_b", where(y)));
			break;
		}
	}
	return out;
}

/* Examined for secrets in plaintext NVS: a partition whose values were read
 * in plaintext (not one whose entries look encrypted, evidenced or not). */
static bool
nvs_readable(struct facts *f, int input)
{
	json_t *l = list(f, "nvs.partitions"), *it;
	size_t i;

	json_array_foreach(l, i, it)
		if (item_of(it, input) && json_is_true(json_object_get(it, "values_read")))
			return true;
	return false;
}

/* Searched for identity data: the flash-dump collector read its partition
 * table, or an identity partition or identity data in NVS was found. */
static bool
identity_examined(struct facts *f, int input)
{
	return has_item(f, "identity.examined", input);
}

static json_t *
unit(struct facts *f, const struct input *in)
{
	return json_pack("{s:i, s:s, s:I, s:b, s:I, s:I, s:I}", "input", in->index,
	    "path", in->path,
	    "nvs_partitions", (json_int_t)count_items(f, "nvs.partitions", in->index),
	    "plaintext_nvs", nvs_readable(f, in->index),
	    "credentials", (json_int_t)count_items(f, "nvs.credentials", in->index),
	    "device_certificates", (json_int_t)count_items(f, "identity.certificates", in->index),
	    "private_keys", (json_int_t)count_items(f, "identity.private_keys", in->index));
}

int
collect_compare(struct facts *f, const struct input *a, const struct input *b,
    struct fw_err *err)
{
	int ia = a->index, ib = b->index;
	json_t *ina = json_array_get(f->inputs, (size_t)ia);
	json_t *inb = json_array_get(f->inputs, (size_t)ib);

	if (json_equal(json_object_get(ina, "sha256"), json_object_get(inb, "sha256")))
		facts_warn(f, "--compare: %s and %s are the same file (same SHA-256): "
		    "everything will be shared", a->path, b->path);
	if (fact_set(f, "compare.units", json_pack("[o, o]", unit(f, a), unit(f, b)),
	    ia, NULL) != 0)
		return err_oom(err, a->path, ERR_NO_OFFSET);
	/* SSIDs are names, not secrets: two units on one network share them. */
	if (nvs_readable(f, ia) && nvs_readable(f, ib))
		fact_set(f, "compare.shared_credentials",
		    shared(f, "nvs.credentials", ia, ib, "wifi_ssid"), ia, NULL);
	if (identity_examined(f, ia) && identity_examined(f, ib)) {
		json_t *certs = shared(f, "identity.certificates", ia, ib, NULL);
		size_t na = count_items(f, "identity.certificates", ia);
		size_t nb = count_items(f, "identity.certificates", ib);

		fact_set(f, "compare.shared_private_keys",
		    shared(f, "identity.private_keys", ia, ib, NULL), ia, NULL);
		if (na > 0 && nb > 0 && certs != NULL)
			fact_set_bool(f, "compare.device_certificates_differ",
			    json_array_size(certs) == 0, ia, NULL);
		fact_set(f, "compare.shared_certificates", certs, ia, NULL);
	}
	return 0;
}
