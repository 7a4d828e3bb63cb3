#include "util/reader.h"

#include <string.h>

/* base + off without arithmetic on a NULL base: an empty input is mapped
 * as NULL (core/input.h), and NULL + 0 is undefined in C (clang's UBSan
 * reports it; found by tests/fuzz/fuzz_collectors). */
static const uint8_t *
at(const uint8_t *base, size_t off)
{
	return off == 0 ? base : base + off;
}

void
rd_init(struct reader *r, const void *base, size_t len)
{
	r->base = base;
	r->len = len;
	r->off = 0;
}

int
rd_sub(const struct reader *r, size_t off, size_t len, struct reader *out)
{
	if (off > r->len || len > r->len - off)
		return -1;
	rd_init(out, at(r->base, off), len);
	return 0;
}

size_t
rd_left(const struct reader *r)
{
	return r->len - r->off;
}

int
rd_seek(struct reader *r, size_t off)
{
	if (off > r->len)
		return -1;
	r->off = off;
	return 0;
}

int
rd_skip(struct reader *r, size_t n)
{
	if (n > rd_left(r))
		return -1;
	r->off += n;
	return 0;
}

int
rd_ptr(struct reader *r, const uint8_t **p, size_t n)
{
	if (n > rd_left(r))
		return -1;
	*p = at(r->base, r->off);
	r->off += n;
	return 0;
}

int
rd_peek_ptr(const struct reader *r, size_t off, const uint8_t **p, size_t n)
{
	if (off > r->len || n > r->len - off)
		return -1;
	*p = at(r->base, off);
	return 0;
}

int
rd_bytes(struct reader *r, void *dst, size_t n)
{
	const uint8_t *p;

	if (rd_ptr(r, &p, n) != 0)
		return -1;
	memcpy(dst, p, n);
	return 0;
}

int
rd_u8(struct reader *r, uint8_t *v)
{
	const uint8_t *p;

	if (rd_ptr(r, &p, 1) != 0)
		return -1;
	*v = p[0];
	return 0;
}

int
rd_u16le(struct reader *r, uint16_t *v)
{
	const uint8_t *p;

	if (rd_ptr(r, &p, 2) != 0)
		return -1;
	*v = ld_le16(p);
	return 0;
}

int
rd_u32le(struct reader *r, uint32_t *v)
{
	const uint8_t *p;

	if (rd_ptr(r, &p, 4) != 0)
		return -1;
	*v = ld_le32(p);
	return 0;
}

int
rd_u64le(struct reader *r, uint64_t *v)
{
	uint32_t lo, hi;
	size_t save = r->off;

	if (rd_u32le(r, &lo) != 0 || rd_u32le(r, &hi) != 0) {
		r->off = save;
		return -1;
	}
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

int
rd_u16be(struct reader *r, uint16_t *v)
{
	const uint8_t *p;

	if (rd_ptr(r, &p, 2) != 0)
		return -1;
	*v = (uint16_t)(p[0] << 8 | p[1]);
	return 0;
}

int
rd_u32be(struct reader *r, uint32_t *v)
{
	const uint8_t *p;

	if (rd_ptr(r, &p, 4) != 0)
		return -1;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	    (uint32_t)p[3];
	return 0;
}

int
size_add(size_t a, size_t b, size_t *out)
{
	if (a > SIZE_MAX - b)
		return -1;
	*out = a + b;
	return 0;
}

int
size_mul(size_t a, size_t b, size_t *out)
{
	if (a != 0 && b > SIZE_MAX / a)
		return -1;
	*out = a * b;
	return 0;
}

int
rd_line(struct reader *r, const uint8_t **line, size_t *len)
{
	const uint8_t *start, *nl;
	size_t left = rd_left(r), n;

	if (left == 0)
		return -1;
	start = at(r->base, r->off);
	nl = memchr(start, '\n', left);
	n = nl ? (size_t)(nl - start) : left;
	r->off += n + (nl ? 1 : 0);
	if (n > 0 && start[n - 1] == '\r')
		n--;
	*line = start;
	*len = n;
	return 0;
}

bool
bytes_all(const uint8_t *b, size_t n, uint8_t v)
{
	uint64_t pattern = 0x0101010101010101ULL * v, w;
	size_t i = 0;

	/* Eight bytes a step: erased-flash checks run over whole sectors. */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		if (w != pattern)
			return false;
	}
	for (; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}
