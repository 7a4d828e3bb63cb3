/* libFuzzer: Matter unsecured replies and Telnet option negotiation
 * (formats/netproto.h, matter.c, telnet.c), the two smaller wire parsers. */
#include "formats/netproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	uint8_t text[512], reply[64];
	size_t tlen = 0, rlen = 0;
	uint16_t proto;
	uint8_t op;

	(void)matter_reply_parse(data, len, &proto, &op);
	telnet_filter(data, len, text, &tlen, sizeof(text), reply, &rlen, sizeof(reply));
	return 0;
}
