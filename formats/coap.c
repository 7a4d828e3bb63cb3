/* CoAP (RFC 7252 3): 4-byte header (Ver=1, Type, TKL, Code, Message ID),
 * token, options as delta/length nibbles with 13/14 extensions, then 0xFF
 * and the payload. */
#include <string.h>

#include "util/reader.h"
#include "formats/netproto.h"

#define COAP_URI_PATH 11

size_t
coap_get_build(uint8_t *out, size_t cap, uint16_t msg_id, const uint8_t token[4],
    const char *const *path)
{
	size_t o = 0;
	unsigned last = 0;

	if (cap < 8)
		return 0;
	out[o++] = 0x40 | 0x00 | 4;	/* Ver 1, CON, TKL 4 */
	out[o++] = 0x01;		/* 0.01 GET */
	out[o++] = (uint8_t)(msg_id >> 8);
	out[o++] = (uint8_t)msg_id;
	memcpy(out + o, token, 4);
	o += 4;
	for (size_t i = 0; path[i] != NULL; i++) {
		size_t n = strlen(path[i]);
		unsigned delta = COAP_URI_PATH - last;

		if (n > 12 || o + 1 + n > cap)
			return 0;	/* short segments only: no extended length */
		out[o++] = (uint8_t)(delta << 4 | n);
		memcpy(out + o, path[i], n);
		o += n;
		last = COAP_URI_PATH;
	}
	return o;
}

/* Option delta or length nibble with its extension bytes (3.1). */
static int
opt_ext(struct reader *r, unsigned nib, unsigned *v)
{
	uint8_t b;
	uint16_t w;

	if (nib < 13) {
		*v = nib;
		return 0;
	}
	if (nib == 13) {
		if (rd_u8(r, &b) != 0)
			return -1;
		*v = 13u + b;
		return 0;
	}
	if (nib == 14) {
		if (rd_u16be(r, &w) != 0)
			return -1;
		*v = 269u + w;
		return 0;
	}
	return -1;	/* 15 is reserved (payload marker only as a whole byte) */
}

int
coap_reply_parse(const uint8_t *buf, size_t len, uint16_t msg_id,
    const uint8_t token[4], int *code, const uint8_t **payload, size_t *plen)
{
	struct reader r;
	uint8_t h, c;
	uint16_t mid;
	const uint8_t *tok;

	*payload = NULL;
	*plen = 0;
	rd_init(&r, buf, len);
	if (rd_u8(&r, &h) != 0 || (h >> 6) != 1 || rd_u8(&r, &c) != 0 ||
	    rd_u16be(&r, &mid) != 0)
		return -1;
	/* A piggybacked ACK echoes the message id; a separate response
	 * (type CON/NON) carries only the token. */
	if (((h >> 4) & 3) == 2 && mid != msg_id)
		return -1;
	if ((h & 0x0f) != 4 || rd_ptr(&r, &tok, 4) != 0 || memcmp(tok, token, 4) != 0)
		return -1;
	*code = (c >> 5) * 100 + (c & 0x1f);
	while (rd_left(&r) > 0) {
		uint8_t b;
		unsigned delta, olen;

		if (rd_u8(&r, &b) != 0)
			return -1;
		if (b == 0xff) {
			*plen = rd_left(&r);
			return rd_ptr(&r, payload, *plen);
		}
		if (opt_ext(&r, b >> 4, &delta) != 0 || opt_ext(&r, b & 0x0f, &olen) != 0 ||
		    rd_skip(&r, olen) != 0)
			return -1;
	}
	return 0;
}
