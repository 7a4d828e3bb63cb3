/* ESP32-family flash encryption (formats/flash_crypt.h). The ESP32 key
 * tweak is espsecure's: tweak(a) = ((mul1 * a) | ((mul2 * a) & mul2_mask))
 * & range, a = address >> 5, over the key as a 256-bit big-endian number.
 * For a < 2^19 (24-bit flash addresses) the products have no carries, so
 * the tweak is the XOR of one 256-bit mask per set bit of a: mask k is
 * (mul1 << k) | ((mul2 << k) & mul2_mask), built once per cipher. */
#include "formats/flash_crypt.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "util/hex.h"
#include "util/sha256.h"

#define TWEAK_BITS 19	/* address bits 5..23 */
#define XTS_UNIT 128

static const uint8_t mul1[32] = {
	0x00, 0x00, 0x20, 0x00, 0x04, 0x00, 0x00, 0x80, 0x00, 0x00, 0x04, 0x00,
	0x00, 0x80, 0x00, 0x10, 0x00, 0x00, 0x02, 0x00, 0x00, 0x40, 0x00, 0x08,
	0x00, 0x00, 0x04, 0x00, 0x00, 0x80, 0x00, 0x10,
};
static const uint8_t mul2[32] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};
static const uint8_t mul2_mask[32] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7F, 0xE0, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x0F, 0xF0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07,
	0xE0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0F,
};
/* Which key bits take the tweak, one range per FLASH_CRYPT_CONF bit. */
static const uint8_t conf_range[4][32] = {
	{ 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xE0 },
	{ [8] = 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0 },
	{ [16] = 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xE0 },
	{ [24] = 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },
};

struct flash_cipher {
	enum flash_scheme scheme;
	EVP_CIPHER_CTX *ctx;
	int ctx_enc;			/* direction the context is set up for, -1 none */
	uint8_t key[64];
	size_t keylen;
	uint64_t tweak[TWEAK_BITS][4];	/* ESP32: masks with the range applied,
					 * in the key's byte order */
};

int
flash_key_parse(const char *path, const uint8_t *data, size_t len, struct flash_key *key,
    struct fw_err *err)
{
	memset(key, 0, sizeof(*key));
	if (len != 16 && len != 24 && len != 32 && len != 64)
		return err_set(err, path, ERR_NO_OFFSET, "a flash encryption key file holds 16, "
		    "24, 32 or 64 bytes (as espsecure's), not %zu", len);
	if (sha256_hex(data, len, key->sha256_hex) != 0)
		return err_internal(err, path, "SHA-256 failed");
	key->file_len = len;
	if (len == 16) {	/* espsecure: a 128-bit key is extended by SHA-256 */
		if (sha256(data, len, key->k) != 0)
			return err_internal(err, path, "SHA-256 failed");
		key->len = 32;
	} else if (len == 24) {	/* 3/4 coding: the hardware repeats bytes 8..15 */
		memcpy(key->k, data, 24);
		memcpy(key->k + 24, data + 8, 8);
		key->len = 32;
	} else {
		memcpy(key->k, data, len);
		key->len = len;
	}
	return 0;
}

bool
flash_scheme_fits(enum flash_scheme s, const struct flash_key *key)
{
	switch (s) {
	case FLASH_SCHEME_ESP32: return key->file_len == 24 || key->file_len == 32;
	case FLASH_SCHEME_XTS_128: return key->file_len == 16 || key->file_len == 32;
	case FLASH_SCHEME_XTS_256: return key->file_len == 64;
	}
	return false;
}

const char *
flash_scheme_name(enum flash_scheme s)
{
	switch (s) {
	case FLASH_SCHEME_ESP32: return "esp32-aes256-tweak";
	case FLASH_SCHEME_XTS_128: return "xts-aes-128";
	case FLASH_SCHEME_XTS_256: return "xts-aes-256";
	}
	return "unknown";
}

void
flash_key_clear(struct flash_key *key)
{
	OPENSSL_cleanse(key, sizeof(*key));
}

/* out = (in << k), 256-bit big-endian, 0 <= k < 8 * 32. */
static void
shl256(const uint8_t in[32], unsigned k, uint8_t out[32])
{
	unsigned bytes = k / 8, bits = k % 8;

	for (int i = 0; i < 32; i++) {
		unsigned src = (unsigned)i + bytes;
		uint8_t hi = src < 32 ? in[src] : 0, lo = src + 1 < 32 ? in[src + 1] : 0;

		out[i] = bits ? (uint8_t)((hi << bits) | (lo >> (8 - bits))) : hi;
	}
}

static void
esp32_tweak_masks(struct flash_cipher *c, unsigned conf)
{
	uint8_t range[32] = { 0 }, a[32], b[32];

	for (int r = 0; r < 4; r++)
		if (conf & (1u << r))
			for (int i = 0; i < 32; i++)
				range[i] |= conf_range[r][i];
	for (unsigned k = 0; k < TWEAK_BITS; k++) {
		uint8_t m[32];

		shl256(mul1, k, a);
		shl256(mul2, k, b);
		for (int i = 0; i < 32; i++)
			m[i] = (uint8_t)((a[i] | (b[i] & mul2_mask[i])) & range[i]);
		memcpy(c->tweak[k], m, 32);
	}
}

struct flash_cipher *
flash_cipher_new(enum flash_scheme s, const struct flash_key *key, unsigned conf)
{
	struct flash_cipher *c;

	if (!flash_scheme_fits(s, key) || (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->scheme = s;
	c->ctx_enc = -1;
	memcpy(c->key, key->k, key->len);
	c->keylen = key->len;
	if (s == FLASH_SCHEME_ESP32)
		esp32_tweak_masks(c, conf & 0xF);
	if ((c->ctx = EVP_CIPHER_CTX_new()) == NULL) {
		flash_cipher_free(c);
		return NULL;
	}
	return c;
}

void
flash_cipher_free(struct flash_cipher *c)
{
	if (c == NULL)
		return;
	EVP_CIPHER_CTX_free(c->ctx);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

static bool
erased16(const uint8_t *p)
{
	for (int i = 0; i < 16; i++)
		if (p[i] != 0xFF)
			return false;
	return true;
}

/* ESP32 blocks: AES-256 with the tweaked key; "decrypting" flash is the
 * AES forward direction (espsecure: the hardware uses AES inverted). The
 * tweaked key follows the address: from one 32-byte block to the next
 * only the masks of the address bits that changed are XORed in. */
static int
esp32_blocks(struct flash_cipher *c, uint32_t addr, const uint8_t *in, uint8_t *out,
    size_t len, int aes_enc, bool decrypt)
{
	uint64_t key[4];
	uint8_t blk[32];
	uint32_t keyed_for = 0;
	int outl, rc = 0;

	if (c->ctx_enc != aes_enc) {
		if (EVP_CipherInit_ex(c->ctx, EVP_aes_256_ecb(), NULL, c->key, NULL, aes_enc) != 1)
			return -1;
		EVP_CIPHER_CTX_set_padding(c->ctx, 0);
		c->ctx_enc = aes_enc;
	}
	memcpy(key, c->key, 32);	/* the tweak of address 0 is 0 */
	/* One key per 32-byte unit: its written 16-byte blocks go through
	 * the cipher in one call. */
	for (size_t o = 0; o < len && rc == 0;) {
		uint32_t a = (uint32_t)((addr + o) >> 5) & ((1u << TWEAK_BITS) - 1);
		size_t n = (addr + o) % 32 == 0 && len - o >= 32 ? 32 : 16, at[2];
		int nb = 0;

		for (size_t b = 0; b < n; b += 16) {
			if (decrypt && erased16(in + o + b)) {
				memset(out + o + b, 0xFF, 16);
				continue;
			}
			memcpy(blk + 16 * nb, in + o + b, 16);
			bytes_reverse(blk + 16 * nb, 16);
			at[nb++] = o + b;
		}
		o += n;
		if (nb == 0)
			continue;
		for (uint32_t d = a ^ keyed_for; d != 0; d &= d - 1) {
			const uint64_t *m = c->tweak[__builtin_ctz(d)];

			key[0] ^= m[0], key[1] ^= m[1], key[2] ^= m[2], key[3] ^= m[3];
		}
		keyed_for = a;
		/* the _ex2 form rekeys at half the cost of _ex */
		if (EVP_CipherInit_ex2(c->ctx, NULL, (const uint8_t *)key, NULL, aes_enc,
		    NULL) != 1 || EVP_CipherUpdate(c->ctx, blk, &outl, blk, 16 * nb) != 1 ||
		    outl != 16 * nb) {
			rc = -1;
			break;
		}
		for (int k = 0; k < nb; k++) {
			bytes_reverse(blk + 16 * k, 16);
			memcpy(out + at[k], blk + 16 * k, 16);
		}
	}
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(blk, sizeof(blk));
	return rc;
}

/* XTS over whole 128-byte units; a range that starts or ends inside one
 * is padded with zeros, as espsecure pads it. */
static int
xts_units(struct flash_cipher *c, uint32_t addr, const uint8_t *in, uint8_t *out,
    size_t len, int enc)
{
	const EVP_CIPHER *ciph = c->scheme == FLASH_SCHEME_XTS_256 ? EVP_aes_256_xts() :
	    EVP_aes_128_xts();
	uint8_t unit[XTS_UNIT], iv[16] = { 0 }, keep[XTS_UNIT / 16];
	uint32_t first = addr & ~(uint32_t)(XTS_UNIT - 1);
	int outl;

	if (c->ctx_enc != enc) {
		if (EVP_CipherInit_ex(c->ctx, ciph, NULL, c->key, iv, enc) != 1)
			return -1;
		c->ctx_enc = enc;
	}
	for (uint64_t u = first; u < (uint64_t)addr + len; u += XTS_UNIT) {
		size_t from = u < addr ? addr - u : 0;
		size_t to = u + XTS_UNIT > (uint64_t)addr + len ? (size_t)(addr + len - u) : XTS_UNIT;
		const uint8_t *src = in + (u + from - addr);

		memset(unit, 0, sizeof(unit));
		memcpy(unit + from, src, to - from);
		for (size_t b = from; b < to; b += 16)
			keep[b / 16] = !enc && erased16(unit + b);
		iv[0] = (uint8_t)u, iv[1] = (uint8_t)(u >> 8);
		iv[2] = (uint8_t)(u >> 16), iv[3] = (uint8_t)(u >> 24);
		bytes_reverse(unit, XTS_UNIT);
		if (EVP_CipherInit_ex(c->ctx, NULL, NULL, NULL, iv, enc) != 1 ||
		    EVP_CipherUpdate(c->ctx, unit, &outl, unit, XTS_UNIT) != 1 || outl != XTS_UNIT)
			return -1;
		bytes_reverse(unit, XTS_UNIT);
		for (size_t b = from; b < to; b += 16)
			if (!enc && keep[b / 16])
				memset(unit + b, 0xFF, 16);
		memcpy(out + (u + from - addr), unit + from, to - from);
	}
	return 0;
}

static int
crypt_op(struct flash_cipher *c, uint32_t addr, const uint8_t *in, uint8_t *out,
    size_t len, bool decrypt)
{
	if (c == NULL || addr % 16 != 0 || len % 16 != 0)
		return -1;
	if (c->scheme == FLASH_SCHEME_ESP32)
		return esp32_blocks(c, addr, in, out, len, decrypt ? 1 : 0, decrypt);
	return xts_units(c, addr, in, out, len, decrypt ? 0 : 1);
}

int
flash_decrypt(struct flash_cipher *c, uint32_t addr, const uint8_t *in, uint8_t *out,
    size_t len)
{
	return crypt_op(c, addr, in, out, len, true);
}

int
flash_encrypt(struct flash_cipher *c, uint32_t addr, const uint8_t *in, uint8_t *out,
    size_t len)
{
	return crypt_op(c, addr, in, out, len, false);
}
