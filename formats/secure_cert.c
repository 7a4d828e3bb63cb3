/* esp_secure_cert TLV walker; layout in formats/secure_cert.h. */
#include "formats/secure_cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/reader.h"
#include "formats/esp_crc32.h"

bool
sc_is_tlv(const uint8_t *data, size_t len)
{
	struct reader r;
	uint32_t magic;

	rd_init(&r, data, len);
	return rd_u32le(&r, &magic) == 0 && magic == SC_TLV_MAGIC;
}

const char *
sc_type_name(uint8_t type, char *buf, size_t n)
{
	static const char *const names[] = {
		"ca_cert", "dev_cert", "priv_key", "ds_data", "ds_context",
		"hmac_ecdsa_key_salt", "sec_cfg", "tee_sec_storage_key",
		"signature_block", "integrity",
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	if (type >= SC_USER_DATA_1 && type <= SC_USER_DATA_5)
		snprintf(buf, n, "user_data_%d", type - SC_USER_DATA_1 + 1);
	else if (type == SC_MATTER_TLV_1 || type == SC_MATTER_TLV_2)
		snprintf(buf, n, "matter_tlv_%d", type - SC_MATTER_TLV_1 + 1);
	else
		snprintf(buf, n, "type_%u", type);
	return buf;
}

/* Reads one record at r's position; 1 = read, 0 = end of list, -1 = does
 * not fit. */
static int
read_tlv(struct reader *r, struct sc_tlv *t)
{
	size_t start = r->off, body, pad;
	const uint8_t *covered;
	uint32_t magic, crc;

	memset(t, 0, sizeof(*t));
	t->offset = start;
	if (rd_u32le(r, &magic) != 0 || magic != SC_TLV_MAGIC) {
		r->off = start;
		return 0;
	}
	if (rd_u8(r, &t->flags) != 0 || rd_skip(r, 3) != 0 || rd_u8(r, &t->type) != 0 ||
	    rd_u8(r, &t->subtype) != 0 || rd_u16le(r, &t->length) != 0) {
		r->off = start;
		return -1;
	}
	pad = (16 - t->length % 16) % 16;
	body = (size_t)t->length + pad;
	if (rd_ptr(r, &t->value, t->length) != 0 || rd_skip(r, pad) != 0 ||
	    rd_u32le(r, &crc) != 0) {
		r->off = start;
		t->value = NULL;
		return -1;
	}
	rd_peek_ptr(r, start, &covered, SC_TLV_HEADER + body);
	t->crc_ok = esp_crc32_idf(covered, SC_TLV_HEADER + body) == crc;
	return 1;
}

int
sc_parse(const uint8_t *data, size_t len, const char *input,
    size_t base_offset, struct sc_part *out, struct fw_err *err)
{
	struct reader r;
	size_t cap = 0;
	int rc = -1, got;

	memset(out, 0, sizeof(*out));
	out->truncated_at = (size_t)-1;
	rd_init(&r, data, len);
	for (;;) {
		struct sc_tlv t;

		got = read_tlv(&r, &t);
		if (got == 0)
			break;
		if (got < 0) {
			if (out->ntlv == 0) {
				err_set(err, input, base_offset + t.offset, "esp_secure_cert "
				    "TLV (type %u) of %u bytes runs past the end of the "
				    "%zu-byte partition", t.type, t.length, len);
				goto out;
			}
			out->truncated_at = t.offset;
			break;
		}
		if (out->ntlv == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct sc_tlv *n = realloc(out->tlv, ncap * sizeof(*n));

			if (n == NULL) {
				err_oom(err, input, base_offset);
				goto out;
			}
			out->tlv = n;
			cap = ncap;
		}
		out->tlv[out->ntlv++] = t;
	}
	if (out->ntlv == 0) {
		err_set(err, input, base_offset, "no esp_secure_cert TLV record "
		    "(magic 0xBA5EBA11) at the start of the partition");
		goto out;
	}
	out->end = r.off;
	rc = 0;
out:
	if (rc != 0)
		sc_part_free(out);
	return rc;
}

void
sc_part_free(struct sc_part *p)
{
	free(p->tlv);
	memset(p, 0, sizeof(*p));
	p->truncated_at = (size_t)-1;
}
