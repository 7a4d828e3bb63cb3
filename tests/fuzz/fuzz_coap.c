/* libFuzzer: CoAP replies (formats/netproto.h, coap.c). Message id and
 * token come from the reply, so the parser reaches options and payload. */
#include "formats/netproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	uint8_t tok[4] = {0};
	uint16_t id = len >= 4 ? (uint16_t)(data[2] << 8 | data[3]) : 0;
	const uint8_t *payload;
	size_t plen;
	int code;

	for (size_t i = 0; i < 4 && 4 + i < len; i++)
		tok[i] = data[4 + i];
	(void)coap_reply_parse(data, len, id, tok, &code, &payload, &plen);
	return 0;
}
