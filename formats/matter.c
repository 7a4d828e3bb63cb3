/* Matter unsecured messages (Matter Core Specification 1.0, 4.4 message
 * format; 4.13.1 PBKDFParamRequest; Appendix A TLV):
 *   message header: flags u8, session id u16le, security flags u8,
 *   message counter u32le, [source node id u64le if flags.S]
 *   protocol header: exchange flags u8, opcode u8, exchange id u16le,
 *   protocol id u16le, [vendor id if V], [ack counter u32le if A]. */
#include <string.h>

#include "util/reader.h"
#include "formats/netproto.h"

#define MSG_FLAG_S 0x04		/* source node id present */
#define MSG_DSIZ_MASK 0x03	/* destination node id: 1 = 64-bit, 2 = group 16-bit */
#define EXCH_I 0x01		/* initiator */
#define EXCH_A 0x02		/* acknowledgement counter present */
#define EXCH_R 0x04		/* reliability requested */
#define EXCH_V 0x10		/* vendor id present */
#define OP_PBKDF_PARAM_REQUEST 0x20

static void
le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

size_t
matter_pbkdf_request_build(uint8_t *out, size_t cap, uint32_t counter,
    uint16_t exchange_id, uint16_t session_id, const uint8_t random[32])
{
	size_t o = 0;

	if (cap < 80)
		return 0;
	out[o++] = 0x00;		/* version 0, no node ids */
	le16(out + o, 0);		/* unsecured session */
	o += 2;
	out[o++] = 0x00;
	for (int i = 0; i < 4; i++)
		out[o++] = (uint8_t)(counter >> (8 * i));
	out[o++] = EXCH_I | EXCH_R;
	out[o++] = OP_PBKDF_PARAM_REQUEST;
	le16(out + o, exchange_id);
	o += 2;
	le16(out + o, 0x0000);		/* Secure Channel protocol */
	o += 2;
	/* TLV anonymous structure { 1: initiatorRandom octets(32),
	 * 2: initiatorSessionId u16, 3: passcodeId u16 = 0,
	 * 4: hasPBKDFParameters false } */
	out[o++] = 0x15;
	out[o++] = 0x30; out[o++] = 1; out[o++] = 32;
	memcpy(out + o, random, 32);
	o += 32;
	out[o++] = 0x25; out[o++] = 2;
	le16(out + o, session_id);
	o += 2;
	out[o++] = 0x25; out[o++] = 3;
	le16(out + o, 0);
	o += 2;
	out[o++] = 0x28; out[o++] = 4;	/* context tag 4, boolean false */
	out[o++] = 0x18;		/* end of container */
	return o;
}

int
matter_reply_parse(const uint8_t *buf, size_t len, uint16_t *protocol, uint8_t *opcode)
{
	struct reader r;
	uint8_t flags, sec, xflags;
	uint16_t session, exch;
	uint32_t counter;

	rd_init(&r, buf, len);
	if (rd_u8(&r, &flags) != 0 || (flags >> 4) != 0 ||
	    rd_u16le(&r, &session) != 0 || rd_u8(&r, &sec) != 0 ||
	    rd_u32le(&r, &counter) != 0)
		return -1;
	if ((flags & MSG_FLAG_S) && rd_skip(&r, 8) != 0)
		return -1;
	if ((flags & MSG_DSIZ_MASK) == 1 && rd_skip(&r, 8) != 0)
		return -1;
	if ((flags & MSG_DSIZ_MASK) == 2 && rd_skip(&r, 2) != 0)
		return -1;
	if (session != 0)
		return -1;	/* encrypted: nothing we can read */
	if (rd_u8(&r, &xflags) != 0 || rd_u8(&r, opcode) != 0 ||
	    rd_u16le(&r, &exch) != 0 || rd_u16le(&r, protocol) != 0)
		return -1;
	if ((xflags & EXCH_V) && rd_skip(&r, 2) != 0)
		return -1;
	return 0;
}
