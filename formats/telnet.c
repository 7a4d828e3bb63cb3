/* Telnet (RFC 854 command structure, RFC 855 option negotiation): IAC
 * (255) starts a command; DO/DONT/WILL/WONT take one option byte, SB
 * runs to IAC SE. We refuse every option so the server falls back to a
 * plain network virtual terminal. */
#include "core/reader.h"
#include "formats/netproto.h"

enum { SE = 240, SB = 250, WILL = 251, WONT = 252, DO = 253, DONT = 254, IAC = 255 };

void
telnet_filter(const uint8_t *buf, size_t len, uint8_t *text, size_t *tlen,
    size_t tcap, uint8_t *reply, size_t *rlen, size_t rcap)
{
	struct reader r;
	uint8_t b, cmd, opt;

	*tlen = *rlen = 0;
	rd_init(&r, buf, len);
	while (rd_u8(&r, &b) == 0) {
		if (b != IAC) {
			if (b != 0 && *tlen < tcap)
				text[(*tlen)++] = b;
			continue;
		}
		if (rd_u8(&r, &cmd) != 0)
			return;
		if (cmd == IAC) {
			if (*tlen < tcap)
				text[(*tlen)++] = IAC;
		} else if (cmd >= WILL) {
			if (rd_u8(&r, &opt) != 0)
				return;
			if ((cmd == DO || cmd == WILL) && *rlen + 3 <= rcap) {
				reply[(*rlen)++] = IAC;
				reply[(*rlen)++] = cmd == DO ? WONT : DONT;
				reply[(*rlen)++] = opt;
			}
		} else if (cmd == SB) {
			uint8_t prev = 0;

			while (rd_u8(&r, &b) == 0 && !(prev == IAC && b == SE))
				prev = b;
		}
	}
}
