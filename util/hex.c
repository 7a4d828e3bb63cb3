#include "util/hex.h"

#include <stdint.h>

#include "util/sha256.h"

int
sha256_hex(const void *data, size_t len, char out[65])
{
	uint8_t md[32];

	out[0] = '\0';
	if (sha256(data, len, md) != 0)
		return -1;
	hex_encode(md, 32, out);
	return 0;
}

void
hex_encode(const void *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const unsigned char *p = b;

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void
bytes_reverse(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		uint8_t t = p[i];

		p[i] = p[n - 1 - i];
		p[n - 1 - i] = t;
	}
}
