#include "util/sha256.h"

#include <openssl/evp.h>

int
sha256_init(struct sha256_ctx *c)
{
	c->evp = NULL;
	if ((c->evp = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_DigestInit_ex(c->evp, EVP_sha256(), NULL) != 1) {
		sha256_release(c);
		return -1;
	}
	return 0;
}

int
sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	if (c->evp == NULL)
		return -1;
	if (len == 0)
		return 0;	/* data may be NULL (an empty file) */
	if (EVP_DigestUpdate(c->evp, data, len) != 1) {
		sha256_release(c);
		return -1;
	}
	return 0;
}

int
sha256_copy(struct sha256_ctx *dst, const struct sha256_ctx *src)
{
	dst->evp = NULL;
	if (src->evp == NULL || (dst->evp = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (EVP_MD_CTX_copy_ex(dst->evp, src->evp) != 1) {
		sha256_release(dst);
		return -1;
	}
	return 0;
}

int
sha256_final(struct sha256_ctx *c, uint8_t out[32])
{
	unsigned int mdlen = 0;
	int ok;

	if (c->evp == NULL)
		return -1;
	ok = EVP_DigestFinal_ex(c->evp, out, &mdlen) == 1 && mdlen == 32;
	sha256_release(c);
	return ok ? 0 : -1;
}

void
sha256_release(struct sha256_ctx *c)
{
	EVP_MD_CTX_free(c->evp);
	c->evp = NULL;
}

int
sha256(const void *data, size_t len, uint8_t out[32])
{
	struct sha256_ctx c;

	if (sha256_init(&c) != 0 || sha256_update(&c, data, len) != 0)
		return -1;
	return sha256_final(&c, out);
}
