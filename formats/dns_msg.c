/* DNS messages (RFC 1035 4.1): a 12-byte header, questions, then answer,
 * authority and additional records. Names may be compressed (4.1.4): a
 * pointer jumps back into the message, so jumps are counted and bounded. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "util/reader.h"
#include "formats/netproto.h"

#define DNS_MAX_JUMPS 32

size_t
dns_query_build(uint8_t *out, size_t cap, uint16_t id, const char *name,
    uint16_t qtype, uint16_t qclass)
{
	size_t o = 12;
	const char *s = name;

	if (cap < 12 + strlen(name) + 2 + 4)
		return 0;
	memset(out, 0, 12);
	out[0] = (uint8_t)(id >> 8);
	out[1] = (uint8_t)id;
	out[2] = 0x01;			/* RD */
	out[5] = 1;			/* QDCOUNT */
	while (*s) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);

		if (n == 0 || n > 63)
			return 0;
		out[o++] = (uint8_t)n;
		memcpy(out + o, s, n);
		o += n;
		s += n + (dot ? 1 : 0);
	}
	out[o++] = 0;
	out[o++] = (uint8_t)(qtype >> 8);
	out[o++] = (uint8_t)qtype;
	out[o++] = (uint8_t)(qclass >> 8);
	out[o++] = (uint8_t)qclass;
	return o;
}

/* Reads a possibly compressed name at r's offset into out (dotted). */
static int
read_name(const struct reader *msg, struct reader *r, char *out, size_t outlen)
{
	struct reader cur = *r;
	size_t o = 0;
	int jumps = 0, jumped = 0;

	out[0] = '\0';
	for (;;) {
		uint8_t n;
		const uint8_t *p;

		if (rd_u8(&cur, &n) != 0)
			return -1;
		if (n == 0)
			break;
		if ((n & 0xc0) == 0xc0) {
			uint8_t lo;

			if (rd_u8(&cur, &lo) != 0 || ++jumps > DNS_MAX_JUMPS)
				return -1;
			if (!jumped) {
				r->off = cur.off;
				jumped = 1;
			}
			cur = *msg;
			if (rd_seek(&cur, (size_t)(n & 0x3f) << 8 | lo) != 0)
				return -1;
			continue;
		}
		if ((n & 0xc0) != 0 || rd_ptr(&cur, &p, n) != 0)
			return -1;
		if (o + n + 2 > outlen)
			return -1;
		if (o > 0)
			out[o++] = '.';
		for (size_t i = 0; i < n; i++)
			out[o++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
		out[o] = '\0';
	}
	if (!jumped)
		r->off = cur.off;
	return 0;
}

static int
rdata(const struct reader *msg, struct reader *rd, struct dns_rr *rr)
{
	const uint8_t *p;
	size_t o = 0;

	switch (rr->type) {
	case DNS_PTR:
		return read_name(msg, rd, rr->data, sizeof(rr->data));
	case DNS_SRV: {
		uint16_t prio, weight;

		if (rd_u16be(rd, &prio) != 0 || rd_u16be(rd, &weight) != 0 ||
		    rd_u16be(rd, &rr->port) != 0)
			return -1;
		return read_name(msg, rd, rr->data, sizeof(rr->data));
	}
	case DNS_TXT:
		while (rd_left(rd) > 0) {
			uint8_t n;

			if (rd_u8(rd, &n) != 0 || rd_ptr(rd, &p, n) != 0)
				return -1;
			for (size_t i = 0; i < n && o + 2 < sizeof(rr->data); i++)
				rr->data[o++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
			if (o + 2 < sizeof(rr->data) && rd_left(rd) > 0)
				rr->data[o++] = ' ';
			rr->data[o] = '\0';
		}
		return 0;
	case DNS_A:
		if (rd_ptr(rd, &p, 4) != 0)
			return -1;
		inet_ntop(AF_INET, p, rr->data, sizeof(rr->data));
		return 0;
	case DNS_AAAA:
		if (rd_ptr(rd, &p, 16) != 0)
			return -1;
		inet_ntop(AF_INET6, p, rr->data, sizeof(rr->data));
		return 0;
	default:
		return 0;
	}
}

int
dns_reply_parse(const uint8_t *buf, size_t len, uint16_t id,
    void (*fn)(const struct dns_rr *rr, void *arg), void *arg)
{
	struct reader msg, r;
	uint16_t rid, flags, qd, an, ns, ar;
	char name[256];

	rd_init(&msg, buf, len);
	r = msg;
	if (rd_u16be(&r, &rid) != 0 || rd_u16be(&r, &flags) != 0 ||
	    rd_u16be(&r, &qd) != 0 || rd_u16be(&r, &an) != 0 ||
	    rd_u16be(&r, &ns) != 0 || rd_u16be(&r, &ar) != 0)
		return -1;
	/* mDNS responses carry id 0 (RFC 6762 18.1); unicast DNS echoes ours. */
	if (!(flags & 0x8000) || (rid != id && rid != 0))
		return -1;
	for (unsigned i = 0; i < qd; i++)
		if (read_name(&msg, &r, name, sizeof(name)) != 0 || rd_skip(&r, 4) != 0)
			return -1;
	for (unsigned i = 0; i < (unsigned)an + ns + ar; i++) {
		struct dns_rr rr;
		struct reader rd;
		uint16_t cls, rdlen;
		uint32_t ttl;

		memset(&rr, 0, sizeof(rr));
		if (read_name(&msg, &r, rr.name, sizeof(rr.name)) != 0 ||
		    rd_u16be(&r, &rr.type) != 0 || rd_u16be(&r, &cls) != 0 ||
		    rd_u32be(&r, &ttl) != 0 || rd_u16be(&r, &rdlen) != 0)
			return -1;
		/* rd ends where the rdata ends and starts at it; names inside
		 * may still point anywhere in the message (read_name gets msg). */
		if (rdlen > rd_left(&r) || rd_sub(&msg, 0, r.off + rdlen, &rd) != 0 ||
		    rd_seek(&rd, r.off) != 0)
			return -1;
		if (rdata(&msg, &rd, &rr) != 0 || rd_skip(&r, rdlen) != 0)
			return -1;
		if (i >= an + ns || i < an)
			fn(&rr, arg);
	}
	return flags & 0x0f;
}
