/* SNMPv2c GetRequest and Response (RFC 3416 3, RFC 1901), BER-encoded
 * (ITU-T X.690 8.1): tag, length (short or long form), contents. */
#include <stdio.h>
#include <string.h>

#include "util/reader.h"
#include "formats/netproto.h"

enum { BER_INT = 0x02, BER_OCTETS = 0x04, BER_NULL = 0x05, BER_OID = 0x06,
	BER_SEQ = 0x30, PDU_GET = 0xa0, PDU_RESPONSE = 0xa2 };

/* Writes tag + length + contents at the end of out; lengths < 65536. */
static int
tlv(uint8_t *out, size_t cap, size_t *o, uint8_t tag, const uint8_t *val, size_t n)
{
	if (n > 0xffff || *o + 4 + n > cap)
		return -1;
	out[(*o)++] = tag;
	if (n < 0x80) {
		out[(*o)++] = (uint8_t)n;
	} else {
		out[(*o)++] = 0x82;
		out[(*o)++] = (uint8_t)(n >> 8);
		out[(*o)++] = (uint8_t)n;
	}
	if (n > 0)
		memmove(out + *o, val, n);
	*o += n;
	return 0;
}

static size_t
u32_be_min(uint32_t v, uint8_t b[5])
{
	size_t n = 0;
	uint8_t tmp[5];

	do {
		tmp[n++] = (uint8_t)v;
		v >>= 8;
	} while (v);
	if (tmp[n - 1] & 0x80)
		tmp[n++] = 0;	/* keep it positive */
	for (size_t i = 0; i < n; i++)
		b[i] = tmp[n - 1 - i];
	return n;
}

size_t
snmp_get_build(uint8_t *out, size_t cap, const char *community,
    uint32_t request_id, const uint32_t *oid, size_t oid_len)
{
	uint8_t oidb[64], vb[96], vbl[128], pdu[192], msg[320], num[5];
	size_t on = 0, n = 0, m = 0, p = 0, g = 0, k;
	static const uint8_t zero = 0, version = 1;	/* v2c */

	if (oid_len < 2)
		return 0;
	oidb[on++] = (uint8_t)(oid[0] * 40 + oid[1]);
	for (size_t i = 2; i < oid_len; i++) {
		uint8_t t[5];
		size_t tn = 0;
		uint32_t v = oid[i];

		do {
			t[tn++] = v & 0x7f;
			v >>= 7;
		} while (v);
		if (on + tn > sizeof(oidb))
			return 0;
		while (tn-- > 0)
			oidb[on++] = (uint8_t)(t[tn] | (tn ? 0x80 : 0));
	}
	/* VarBind {OID, NULL} inside the VarBindList. */
	if (tlv(vb, sizeof(vb), &n, BER_OID, oidb, on) != 0 ||
	    tlv(vb, sizeof(vb), &n, BER_NULL, NULL, 0) != 0 ||
	    tlv(vbl, sizeof(vbl), &m, BER_SEQ, vb, n) != 0)
		return 0;
	n = 0;
	memcpy(vb, vbl, m);
	if (tlv(vbl, sizeof(vbl), &n, BER_SEQ, vb, m) != 0)
		return 0;
	k = u32_be_min(request_id, num);
	if (tlv(pdu, sizeof(pdu), &p, BER_INT, num, k) != 0 ||
	    tlv(pdu, sizeof(pdu), &p, BER_INT, &zero, 1) != 0 ||
	    tlv(pdu, sizeof(pdu), &p, BER_INT, &zero, 1) != 0 ||
	    p + n > sizeof(pdu))
		return 0;
	memcpy(pdu + p, vbl, n);
	p += n;
	if (tlv(msg, sizeof(msg), &g, BER_INT, &version, 1) != 0 ||
	    tlv(msg, sizeof(msg), &g, BER_OCTETS, (const uint8_t *)community,
	    strlen(community)) != 0 ||
	    tlv(msg, sizeof(msg), &g, PDU_GET, pdu, p) != 0)
		return 0;
	n = 0;
	if (tlv(out, cap, &n, BER_SEQ, msg, g) != 0)
		return 0;
	return n;
}

/* Reads one TLV header; *val spans its contents. */
static int
ber_next(struct reader *r, uint8_t *tag, struct reader *val)
{
	uint8_t l, b;
	size_t n = 0;

	if (rd_u8(r, tag) != 0 || rd_u8(r, &l) != 0)
		return -1;
	if (l & 0x80) {
		unsigned nb = l & 0x7f;

		if (nb == 0 || nb > 3)	/* indefinite or absurd lengths */
			return -1;
		while (nb--) {
			if (rd_u8(r, &b) != 0)
				return -1;
			n = n << 8 | b;
		}
	} else {
		n = l;
	}
	if (rd_sub(r, r->off, n, val) != 0)
		return -1;
	return rd_skip(r, n);
}

static int
ber_uint(struct reader *v, uint32_t *out)
{
	uint8_t b;

	*out = 0;
	if (rd_left(v) == 0 || rd_left(v) > 5)
		return -1;
	while (rd_u8(v, &b) == 0)
		*out = *out << 8 | b;
	return 0;
}

int
snmp_response_parse(const uint8_t *buf, size_t len, uint32_t request_id,
    int *error_status, char *value, size_t vlen)
{
	struct reader r, msg, v, pdu, vbl, vb;
	uint8_t tag;
	uint32_t u;

	value[0] = '\0';
	rd_init(&r, buf, len);
	if (ber_next(&r, &tag, &msg) != 0 || tag != BER_SEQ ||
	    ber_next(&msg, &tag, &v) != 0 || tag != BER_INT ||	/* version */
	    ber_next(&msg, &tag, &v) != 0 || tag != BER_OCTETS ||	/* community */
	    ber_next(&msg, &tag, &pdu) != 0 || tag != PDU_RESPONSE)
		return -1;
	if (ber_next(&pdu, &tag, &v) != 0 || tag != BER_INT || ber_uint(&v, &u) != 0 ||
	    u != request_id)
		return -1;
	if (ber_next(&pdu, &tag, &v) != 0 || tag != BER_INT || ber_uint(&v, &u) != 0)
		return -1;
	*error_status = (int)u;
	if (ber_next(&pdu, &tag, &v) != 0 || tag != BER_INT ||	/* error-index */
	    ber_next(&pdu, &tag, &vbl) != 0 || tag != BER_SEQ)
		return -1;
	if (ber_next(&vbl, &tag, &vb) != 0 || tag != BER_SEQ ||
	    ber_next(&vb, &tag, &v) != 0 || tag != BER_OID ||
	    ber_next(&vb, &tag, &v) != 0)
		return 0;	/* no varbind: the error status says why */
	if (tag == BER_OCTETS) {
		size_t n = rd_left(&v) < vlen - 1 ? rd_left(&v) : vlen - 1, i = 0;
		uint8_t b;

		for (; i < n && rd_u8(&v, &b) == 0; i++)
			value[i] = b >= 0x20 && b < 0x7f ? (char)b : '?';
		value[i] = '\0';
	} else if (tag == BER_INT && ber_uint(&v, &u) == 0) {
		snprintf(value, vlen, "%u", u);
	}
	return 0;
}
