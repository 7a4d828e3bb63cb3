#include <openssl/pem.h>
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "samples/gen/gen.h"

void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mkflash: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

uint8_t *
load_file(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	FILE *fp;
	uint8_t *b;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 ||
	    (n = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0)
		die("cannot read %s", path);
	if ((b = malloc((size_t)n + 1)) == NULL || fread(b, 1, (size_t)n, fp) != (size_t)n)
		die("cannot read %s", path);
	b[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return b;
}

EVP_PKEY *
load_key(const char *dir, const char *name)
{
	char path[1024];
	EVP_PKEY *k;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "r")) == NULL)
		die("cannot open %s", path);
	k = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (k == NULL)
		die("%s: not a PEM private key", path);
	return k;
}

void
fill_stream(uint8_t *dst, size_t n, const char *label)
{
	uint8_t in[128], md[32];
	size_t ll = strlen(label) < 120 ? strlen(label) : 120;

	memcpy(in, label, ll);
	for (uint32_t ctr = 0; n > 0; ctr++) {
		size_t k = n < 32 ? n : 32;

		put32(in + ll, ctr);
		SHA256(in, ll + 4, md);
		memcpy(dst, md, k);
		dst += k;
		n -= k;
	}
}
