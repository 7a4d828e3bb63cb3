/* Telnet (RFC 854 command structure, RFC 855 option negotiation): IAC
 * (255) starts a command; DO/DONT/WILL/WONT take one option byte, SB
 * runs to IAC SE, and inside it IAC IAC is a data byte (RFC 855). One
 * byte at a time, so a command cut between two reads resumes on the next;
 * the network probes and the RFC 2217 serial transport both read with it. */
#include "util/reader.h"
#include "formats/netproto.h"

enum { RX_DATA, RX_IAC, RX_OPT, RX_SB, RX_SB_IAC };

enum telnet_event
telnet_rx_byte(struct telnet_rx *rx, uint8_t c, uint8_t *cmd, uint8_t *byte)
{
	switch (rx->state) {
	case RX_IAC:
		rx->state = RX_DATA;
		if (c == TELNET_IAC) {
			*byte = c;
			return TELNET_DATA;
		}
		if (c == TELNET_SB)
			rx->state = RX_SB;
		else if (c >= TELNET_WILL && c <= TELNET_DONT) {
			rx->state = RX_OPT;
			rx->cmd = c;
		}
		return TELNET_NOTHING;	/* NOP, GA, ... carry nothing */
	case RX_OPT:
		rx->state = RX_DATA;
		*cmd = rx->cmd;
		*byte = c;
		return TELNET_OPTION;
	case RX_SB:
		if (c == TELNET_IAC)
			rx->state = RX_SB_IAC;
		return TELNET_NOTHING;
	case RX_SB_IAC:
		rx->state = c == TELNET_SE ? RX_DATA : RX_SB;
		return TELNET_NOTHING;
	default:
		if (c == TELNET_IAC) {
			rx->state = RX_IAC;
			return TELNET_NOTHING;
		}
		*byte = c;
		return TELNET_DATA;
	}
}

/* We refuse every option so the server falls back to a plain network
 * virtual terminal. */
void
telnet_filter(const uint8_t *buf, size_t len, uint8_t *text, size_t *tlen,
    size_t tcap, uint8_t *reply, size_t *rlen, size_t rcap)
{
	struct telnet_rx rx = { 0 };
	struct reader r;
	uint8_t b, cmd, v;

	*tlen = *rlen = 0;
	rd_init(&r, buf, len);
	while (rd_u8(&r, &b) == 0) {
		switch (telnet_rx_byte(&rx, b, &cmd, &v)) {
		case TELNET_DATA:
			if (v != 0 && *tlen < tcap)	/* NVT NUL is padding */
				text[(*tlen)++] = v;
			break;
		case TELNET_OPTION:
			if ((cmd == TELNET_DO || cmd == TELNET_WILL) && *rlen + 3 <= rcap) {
				reply[(*rlen)++] = TELNET_IAC;
				reply[(*rlen)++] = cmd == TELNET_DO ? TELNET_WONT : TELNET_DONT;
				reply[(*rlen)++] = v;
			}
			break;
		case TELNET_NOTHING:
			break;
		}
	}
}
