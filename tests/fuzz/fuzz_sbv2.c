/* libFuzzer: Secure Boot V2 signature sector (formats/sbv2.h). The first
 * bytes stand for the signed image, the rest is the sector, so digests can
 * match and the signature check runs too. */
#include "formats/sbv2.h"

#include <openssl/sha.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	uint8_t sha[32];
	size_t signed_len = len > 0 ? data[0] : 0;

	if (signed_len > len)
		signed_len = len;
	SHA256(data, signed_len, sha);
	(void)sbv2_sector_probe(data + signed_len, len - signed_len);
	{
		struct sbv2_sector s;

		sbv2_check_sector(data + signed_len, len - signed_len, data, signed_len, sha, NULL, &s);
		sbv2_check_sector(data, len, data, 0, sha, NULL, &s);
		for (unsigned i = 0; i < s.nblocks; i++)
			(void)sbv2_scheme_name(s.blocks[i].scheme);
	}
	return 0;
}
