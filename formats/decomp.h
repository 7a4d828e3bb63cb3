/* Decompression of whole buffers whose output size is bounded: SquashFS
 * blocks and compressed archives. liblzma (xz, LZMA_Alone and TP-Link's
 * LZMA with no size field), zlib (zlib and gzip streams), libzstd. */
#ifndef FWAUDIT_FORMATS_DECOMP_H
#define FWAUDIT_FORMATS_DECOMP_H

#include <stddef.h>
#include <stdint.h>

enum decomp_kind {
	DECOMP_ZLIB,	/* zlib stream (SquashFS gzip) */
	DECOMP_GZIP,	/* gzip file, possibly several members */
	DECOMP_LZMA,	/* 5 property bytes, an optional 8-byte size, the stream */
	DECOMP_XZ,
	DECOMP_ZSTD,
};

/* Decompresses src into dst (at most cap bytes), *out the bytes written.
 * 0, or -1 with why (a static string): corrupt data, or more than cap. */
int decomp_buf(enum decomp_kind k, const uint8_t *src, size_t slen, uint8_t *dst,
    size_t cap, size_t *out, const char **why);

/* The same into a buffer it allocates, growing up to cap bytes; the
 * caller frees *dst. */
int decomp_alloc(enum decomp_kind k, const uint8_t *src, size_t slen, size_t cap,
    uint8_t **dst, size_t *out, const char **why);

/* The compressed-file kind from the first bytes (gzip, xz, zstd), or -1. */
int decomp_sniff(const uint8_t *p, size_t n);

#endif
