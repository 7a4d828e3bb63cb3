/* libFuzzer: the ROM loader's SLIP stream decoder and response parser
 * (device/esp_rom.h), fed the bytes a serial line could deliver. */
#include "device/esp_rom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct slip_decoder s;
	struct rom_response r;
	char why[128];

	slip_init(&s);
	for (size_t i = 0; i < len; i++)
		if (slip_feed(&s, data[i]) == 1)
			(void)rom_parse_response(s.buf, s.len, &r, why, sizeof(why));
	(void)rom_parse_response(data, len, &r, why, sizeof(why));
	return 0;
}
