/* esp_secure_cert partitions -> identity.* facts. Called by the flash-dump
 * collector for each identity partition, and as the collector of a
 * standalone esp_secure_cert binary. The TLV format is in
 * formats/secure_cert.h; the legacy NVS-format partition goes through the
 * NVS collector (namespace esp_secure_cert). */
#include "checks/secure_cert.h"

#include <stdio.h>
#include <string.h>

#include "checks/identity.h"
#include "checks/nvs.h"
#include "checks/secrets.h"
#include "core/input.h"
#include "formats/secure_cert.h"

/* How a key TLV is protected, from its flags (esp_secure_cert_tlv_private.h). */
static const char *
key_protection(uint8_t flags)
{
	if (SC_FLAG_HMAC_ENCRYPTED(flags))
		return "hmac_encrypted";
	if (SC_FLAG_HMAC_DERIVED(flags))
		return "hmac_derived";
	if (SC_FLAG_KEY_IN_EFUSE(flags))
		return "efuse";
	return "none";
}

static json_t *
tlv_json(const struct sc_tlv *t, uint64_t base)
{
	char tn[24];

	return json_pack("{s:s, s:i, s:i, s:i, s:I, s:I, s:b}",
	    "type", sc_type_name(t->type, tn, sizeof(tn)), "type_id", t->type,
	    "subtype", t->subtype, "flags", t->flags,
	    "offset", (json_int_t)(base + t->offset), "length", (json_int_t)t->length,
	    "crc_ok", t->crc_ok);
}

int
secure_cert_partition_facts(struct facts *f, int input, const char *label,
    const uint8_t *data, size_t len, uint64_t offset, struct fw_err *err)
{
	const char *inpath = facts_input_path(f, input);
	json_t *parts, *item = NULL, *tlvs = NULL;
	struct sc_part p;
	struct fw_err e;
	bool ds = false;
	int rc = -1;

	if ((parts = facts_list(f, "identity.partitions", input)) == NULL ||
	    identity_searched(f, input) != 0)
		return err_oom(err, inpath, ERR_NO_OFFSET);
	if (!sc_is_tlv(data, len)) {
		/* Legacy layout: an NVS partition with namespace esp_secure_cert. */
		json_array_append_new(parts, json_pack("{s:i, s:s, s:I, s:I, s:s}",
		    "input", input, "label", label, "offset", (json_int_t)offset,
		    "size", (json_int_t)len, "format", "nvs"));
		return nvs_partition_facts(f, input, label, data, len, offset, err);
	}
	if (sc_parse(data, len, inpath, offset, &p, &e) != 0) {
		facts_warn(f, "%s", e.msg);
		json_array_append_new(parts, json_pack("{s:i, s:s, s:I, s:I, s:s, s:s}",
		    "input", input, "label", label, "offset", (json_int_t)offset,
		    "size", (json_int_t)len, "format", "tlv", "error", e.msg));
		return 0;
	}
	if ((tlvs = json_array()) == NULL)
		goto oom;
	for (size_t i = 0; i < p.ntlv; i++) {
		const struct sc_tlv *t = &p.tlv[i];
		char source[48], tn[24];
		struct id_origin o = { input, label, source, offset + t->offset + SC_TLV_HEADER };

		json_array_append_new(tlvs, tlv_json(t, offset));
		if (!t->crc_ok) {
			facts_warn(f, "%s: offset 0x%llx: esp_secure_cert TLV %s: CRC32 "
			    "mismatch", inpath, (unsigned long long)(offset + t->offset),
			    sc_type_name(t->type, tn, sizeof(tn)));
			continue;
		}
		snprintf(source, sizeof(source), "esp_secure_cert:%s",
		    sc_type_name(t->type, tn, sizeof(tn)));
		if (t->type == SC_DEV_CERT || t->type == SC_CA_CERT) {
			if (identity_add_cert(f, &o, t->type == SC_DEV_CERT, t->value, t->length) != 0)
				goto oom;
		} else if (t->type == SC_PRIV_KEY) {
			if (identity_add_key(f, &o, key_protection(t->flags), t->value, t->length) != 0)
				goto oom;
		} else if (t->type == SC_DS_DATA || t->type == SC_DS_CONTEXT) {
			ds = true;
		}
	}
	if (p.truncated_at != (size_t)-1)
		facts_warn(f, "%s: offset 0x%llx: esp_secure_cert TLV runs past the end "
		    "of the partition", inpath, (unsigned long long)(offset + p.truncated_at));
	item = json_pack("{s:i, s:s, s:I, s:I, s:s, s:O, s:b, s:b}", "input", input,
	    "label", label, "offset", (json_int_t)offset, "size", (json_int_t)len,
	    "format", "tlv", "tlvs", tlvs, "ds_peripheral", ds,
	    "truncated", p.truncated_at != (size_t)-1);
	if (item == NULL || json_array_append_new(parts, item) != 0)
		goto oom;
	rc = 0;
	goto out;
oom:
	err_oom(err, inpath, offset);
out:
	json_decref(tlvs);
	sc_part_free(&p);
	return rc;
}

static int
sc_detect(const uint8_t *data, size_t len)
{
	struct sc_part p;
	int score = 0;

	if (!sc_is_tlv(data, len) || sc_parse(data, len, NULL, 0, &p, NULL) != 0)
		return 0;
	score = p.tlv[0].crc_ok ? 95 : 40;
	sc_part_free(&p);
	return score;
}

static int
sc_collect(struct facts *f, const struct input *in, struct fw_err *err)
{
	struct sc_part p;

	/* Alone, a partition whose records cannot be walked is unusable. */
	if (sc_parse(in->data, in->len, in->path, 0, &p, err) != 0)
		return -1;
	sc_part_free(&p);
	return secure_cert_partition_facts(f, in->index, "esp_secure_cert",
	    in->data, in->len, 0, err);
}

const struct collector collector_secure_cert = {
	.kind = "esp-secure-cert",
	.what = "esp_secure_cert partition binary (TLV)",
	.detect = sc_detect,
	.collect = sc_collect,
	.max_len = (size_t)1 << 20,
};
