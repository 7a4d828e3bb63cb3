/* libFuzzer: esp_secure_cert TLV partition (formats/secure_cert.h). */
#include "formats/secure_cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sc_part p = {0};
	struct fw_err err;
	char buf[16];

	(void)sc_is_tlv(data, len);
	if (sc_parse(data, len, "fuzz", 0, &p, &err) == 0)
		for (size_t i = 0; i < p.ntlv; i++)
			(void)sc_type_name(p.tlv[i].type, buf, sizeof(buf));
	sc_part_free(&p);
	return 0;
}
