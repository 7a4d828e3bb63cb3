/* libFuzzer: MQTT CONNACK (formats/netproto.h, mqtt.c). */
#include "formats/netproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	(void)mqtt_connack_complete(data, len);
	(void)mqtt_connack_code(data, len);
	return 0;
}
