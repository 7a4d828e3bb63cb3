/* libFuzzer: HTTP/RTSP/SSDP response heads (formats/netproto.h, http_head.c). */
#include "formats/netproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char v[256], tiny[4];

	(void)http_head_complete(data, len);
	(void)http_status(data, len, "HTTP/");
	(void)http_status(data, len, "RTSP/");
	(void)http_header(data, len, "Server", v, sizeof(v));
	(void)http_header(data, len, "WWW-Authenticate", tiny, sizeof(tiny));
	(void)http_header(data, len, "Content-Length", v, sizeof(v));
	(void)http_body_offset(data, len);
	return 0;
}
