/* Secure Boot V2 signature sectors (esp-formats.md §3.1, §3.2): up to three
 * 1216-byte signature blocks in the 4 KiB sector after an image, each
 * checked on its own — magic 0xE7, CRC-32, image digest, and the RSA-3072
 * PSS or ECDSA P-192/P-256/P-384 signature verified with OpenSSL against
 * the public key EMBEDDED in the block. The key digest is computed the way
 * the chip and espsecure do (the digest burned into eFuse).
 * Sources: esp-idf rom/secure_boot.h, docs secure-boot-v2.rst; esptool
 * espsecure/__init__.py (verify_signature_v2, _digest_sbv2_public_key). */
#ifndef FWAUDIT_FORMATS_SBV2_H
#define FWAUDIT_FORMATS_SBV2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SBV2_SECTOR_SIZE	4096
#define SBV2_BLOCK_SIZE		1216	/* sizeof(ets_secure_boot_sig_block_t) */
#define SBV2_MAX_BLOCKS		3	/* SECURE_BOOT_NUM_BLOCKS */
#define SBV2_MAGIC		0xE7	/* ETS_SECURE_BOOT_V2_SIGNATURE_MAGIC */
/* Fields every block has (esp-formats.md §3.1); the rest depends on the
 * version (RSA: formats/sbv2_rsa.h, ECDSA: formats/sbv2.c). */
#define SBV2_MAGIC_OFF		0
#define SBV2_VERSION_OFF	1
#define SBV2_VERSION_RSA	2
#define SBV2_VERSION_ECDSA	3
#define SBV2_DIGEST_OFF		4	/* image digest, 32 bytes (48 for SHA-384) */
#define SBV2_CRC_OFFSET		1196	/* CRC-32 of bytes 0..1195 */

enum sbv2_scheme {
	SBV2_SCHEME_UNKNOWN = 0,
	SBV2_SCHEME_RSA3072,
	SBV2_SCHEME_ECDSA_P192,
	SBV2_SCHEME_ECDSA_P256,
	SBV2_SCHEME_ECDSA_P384,
};

struct sbv2_block {
	unsigned index;		/* 0..2 */
	size_t offset;		/* from the sector start */
	bool present;		/* the slot is not erased (0xFF) */
	bool magic_ok;
	uint8_t version;	/* 2 RSA, 3 ECDSA */
	uint32_t crc_stored, crc_calc;
	bool crc_valid;
	enum sbv2_scheme scheme;
	uint8_t digest[48];	/* image digest stored in the block */
	size_t digest_len;	/* 32 (SHA-256) or 48 (SHA-384); 0 unknown */
	bool digest_matches;
	bool key_digest_set;
	uint8_t key_digest[32];	/* SHA-256 of the key area (what eFuse holds) */
	bool signature_valid;	/* verified with the embedded key */
	bool valid;		/* all of the above: the ROM would accept it given the key */
	char reason[200];	/* why not valid ("" when valid) */
};

struct sbv2_sector {
	bool present;		/* some slot starts with the magic 0xE7 */
	struct sbv2_block blocks[SBV2_MAX_BLOCKS];
	unsigned nblocks;	/* slots present (written), listed in blocks[0..nblocks) */
	unsigned nvalid;
};

/* Checks the signature sector at sector[0, sector_len) (sector_len may be
 * short of 4096: missing slots are absent) against the signed data (the
 * bytes before the sector). image_sha256 is the SHA-256 of signed_data if
 * the caller has it already (NULL: computed here); SHA-384 is computed only
 * when a block asks for it. Never fails on hostile bytes: every present
 * block is checked — also after a broken one — and gets valid or a reason.
 * RSA keys are worked out once in keys (formats/sbv2_rsa.h; NULL: the
 * default cache). */
struct rsa_cache;
void sbv2_check_sector(const uint8_t *sector, size_t sector_len,
    const uint8_t *signed_data, size_t signed_len,
    const uint8_t image_sha256[32], struct rsa_cache *keys, struct sbv2_sector *out);

/* Whether a Secure Boot V2 sector starts here (some slot's magic). */
bool sbv2_sector_probe(const uint8_t *sector, size_t sector_len);

/* How many blocks the chip's ROM looks at: 1 on ESP32 and ESP32-C2, else 3 (secure-boot-v2.rst "Signature Block Format"). */
unsigned sbv2_rom_blocks(uint16_t chip_id);

/* "RSA-3072", "ECDSA-P256", ...; "unknown". */
const char *sbv2_scheme_name(enum sbv2_scheme s);

#endif
