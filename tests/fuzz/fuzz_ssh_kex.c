/* libFuzzer: SSH version line and KEXINIT packet (formats/netproto.h, ssh_kex.c). */
#include "formats/netproto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct ssh_kexinit k;
	char ver[256];
	size_t off = ssh_version_line(data, len, ver, sizeof(ver));

	(void)ssh_packet_complete(data, len);
	(void)ssh_kexinit_parse(data, len, &k);
	if (off > 0 && off <= len) {
		(void)ssh_packet_complete(data + off, len - off);
		(void)ssh_kexinit_parse(data + off, len - off, &k);
	}
	return 0;
}
