/* Test helper (built by test_esp_newchips.sh with the sample generator's
 * image code): an app or bootloader image with a given chip id in its
 * header, its SHA-256 recomputed, optionally signed (Secure Boot V2, one
 * block) with a sample key.
 *   chip_image KEYDIR OUT CHIP_ID app|bootloader SECURE_VERSION none|rsa|ecdsa */
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples/gen/gen.h"

int
main(int argc, char **argv)
{
	static uint8_t img[1 << 20];
	struct image_spec s = { 0 };
	uint8_t digest[32];
	size_t len;
	FILE *fp;

	if (argc != 7)
		die("usage: chip_image KEYDIR OUT CHIP_ID app|bootloader SECURE_VERSION none|rsa|ecdsa");
	s.bootloader = strcmp(argv[4], "bootloader") == 0;
	s.project = "chip-test";
	s.version = "1.0";
	s.idf_ver = "v5.5";
	s.secure_version = (uint32_t)strtoul(argv[5], NULL, 0);
	s.code_size = 2048;
	len = image_build(img, sizeof(img), &s);
	put16(img + 12, (uint16_t)strtoul(argv[3], NULL, 0));
	SHA256(img, len - 32, img + len - 32);
	if (strcmp(argv[6], "rsa") == 0)
		len = sbv2_sign(img, len, sizeof(img), load_key(argv[1], "sb_rsa3072.pem"),
		    SB_RSA3072, digest);
	else if (strcmp(argv[6], "ecdsa") == 0)
		len = sbv2_sign(img, len, sizeof(img), load_key(argv[1], "sb_ecdsa_p256.pem"),
		    SB_ECDSA_P256, digest);
	if ((fp = fopen(argv[2], "wb")) == NULL || fwrite(img, 1, len, fp) != len || fclose(fp) != 0)
		die("cannot write %s", argv[2]);
	return 0;
}
