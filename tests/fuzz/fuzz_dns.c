/* libFuzzer: DNS/mDNS replies (formats/netproto.h, dns_msg.c). The id is
 * taken from the reply itself so the parser goes past the header. */
#include "formats/netproto.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static void
seen(const struct dns_rr *rr, void *arg)
{
	size_t *n = arg;

	*n += strlen(rr->name) + strlen(rr->data) + rr->port + rr->type;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	size_t n = 0;
	uint16_t id = len >= 2 ? (uint16_t)(data[0] << 8 | data[1]) : 0;

	(void)dns_reply_parse(data, len, id, seen, &n);
	return 0;
}
