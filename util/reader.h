/* Bounds-checked cursor over untrusted bytes (after OpenSSH's sshbuf getters).
 * Every parser in formats/ reads input only through this: a getter either
 * consumes the bytes it returns or fails without moving, so no caller can
 * read past the end of the span. */
#ifndef FWAUDIT_UTIL_READER_H
#define FWAUDIT_UTIL_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reader {
	const uint8_t *base;	/* start of the span */
	size_t len;		/* span length */
	size_t off;		/* next byte to read, 0 <= off <= len */
};

void rd_init(struct reader *r, const void *base, size_t len);
/* A sub-reader over [off, off+len) of r's span; fails if it runs past the end. */
int rd_sub(const struct reader *r, size_t off, size_t len, struct reader *out);
size_t rd_left(const struct reader *r);
int rd_seek(struct reader *r, size_t off);
int rd_skip(struct reader *r, size_t n);
int rd_u8(struct reader *r, uint8_t *v);
int rd_u16le(struct reader *r, uint16_t *v);
int rd_u32le(struct reader *r, uint32_t *v);
int rd_u64le(struct reader *r, uint64_t *v);
int rd_u16be(struct reader *r, uint16_t *v);
int rd_u32be(struct reader *r, uint32_t *v);
/* Copy n bytes out. */
int rd_bytes(struct reader *r, void *dst, size_t n);
/* Borrow a pointer to n bytes inside the span (no copy), consuming them. */
int rd_ptr(struct reader *r, const uint8_t **p, size_t n);
/* Peek without consuming. */
int rd_peek_ptr(const struct reader *r, size_t off, const uint8_t **p, size_t n);

/* Overflow-checked arithmetic on sizes taken from input: 0 on success, -1 on overflow. */
int size_add(size_t a, size_t b, size_t *out);
int size_mul(size_t a, size_t b, size_t *out);


/* Decoding bytes already borrowed through the reader (rd_ptr, rd_peek_ptr). */
static inline uint16_t
ld_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
ld_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint32_t
ld_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether every byte of b[0..n) is v (0xFF: erased flash; 0: empty key). */
bool bytes_all(const uint8_t *b, size_t n, uint8_t v);

/* Text inputs: the next line (without its \n or \r\n), or -1 at the end. */
int rd_line(struct reader *r, const uint8_t **line, size_t *len);
#endif
