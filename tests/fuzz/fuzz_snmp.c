/* libFuzzer: SNMP v2c Response PDU, BER (formats/netproto.h, snmp_ber.c).
 * Tried with a few request ids (the parser checks it before the value). */
#include "formats/netproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const uint32_t ids[] = { 0, 1, 0x1234, 0x7fffffff };
	char v[256];
	int es;

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		(void)snmp_response_parse(data, len, ids[i], &es, v, sizeof(v));
	(void)snmp_response_parse(data, len, 1, &es, v, 1);
	return 0;
}
