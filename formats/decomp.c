#include "formats/decomp.h"

#include <lzma.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "util/reader.h"

#define LZMA_MEMLIMIT ((uint64_t)256 << 20)

static int
zlib_buf(const uint8_t *src, size_t slen, uint8_t *dst, size_t cap, size_t *out,
    int window, const char **why)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, window) != Z_OK) {
		*why = "zlib cannot start";
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)src;
	z.next_out = dst;
	*out = 0;
	/* gzip files may hold several members: go on after each end. */
	for (;;) {
		size_t in_left = slen - (size_t)((const uint8_t *)z.next_in - src);
		size_t out_left = cap - *out;

		z.avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
		z.avail_out = out_left > UINT_MAX ? UINT_MAX : (uInt)out_left;
		rc = inflate(&z, Z_NO_FLUSH);
		*out = (size_t)(z.next_out - dst);
		if (rc == Z_STREAM_END) {
			in_left = slen - (size_t)((const uint8_t *)z.next_in - src);
			if (window != 15 + 32 || in_left < 2 || z.next_in[0] != 0x1f ||
			    z.next_in[1] != 0x8b)
				break;
			inflateReset(&z);
			continue;
		}
		if (rc == Z_OK && z.avail_out > 0 && z.avail_in > 0)
			continue;
		*why = rc == Z_OK || rc == Z_BUF_ERROR ?
		    (*out >= cap ? "decompresses to more than allowed" :
		    "compressed data ends early (truncated)") : "corrupt compressed data (zlib)";
		inflateEnd(&z);
		return -1;
	}
	inflateEnd(&z);
	return 0;
}

static int
lzma_run(lzma_stream *s, const uint8_t *src, size_t slen, uint8_t *dst, size_t cap,
    size_t *out, bool end_ok, const char **why)
{
	lzma_ret rc;

	s->next_in = src;
	s->avail_in = slen;
	s->next_out = dst;
	s->avail_out = cap;
	rc = lzma_code(s, LZMA_FINISH);
	*out = cap - s->avail_out;
	lzma_end(s);
	if (rc == LZMA_STREAM_END)
		return 0;
	/* A stream with neither a size nor an end marker: all the input was
	 * taken and the output is what it holds. */
	if (end_ok && rc == LZMA_BUF_ERROR && s->avail_in == 0 && s->avail_out > 0)
		return 0;
	*why = rc == LZMA_MEMLIMIT_ERROR ? "LZMA dictionary larger than allowed" :
	    s->avail_out == 0 ? "decompresses to more than allowed" :
	    rc == LZMA_BUF_ERROR ? "compressed data ends early (truncated)" :
	    "corrupt compressed data (LZMA/xz)";
	return -1;
}

/* SquashFS "lzma" is LZMA_Alone (5 property bytes, 8-byte size); TP-Link's
 * variant leaves the size out. A size field larger than the output can be
 * tells them apart (the variant's stream bytes read as a size are huge). */
static int
lzma_alone_buf(const uint8_t *src, size_t slen, uint8_t *dst, size_t cap, size_t *out,
    const char **why)
{
	lzma_stream s = LZMA_STREAM_INIT;
	uint8_t *tmp;
	uint64_t size = 0;
	int rc;

	if (slen < 6) {
		*why = "LZMA block shorter than its header";
		return -1;
	}
	for (int i = 0; i < 8 && 5 + i < (int)slen; i++)
		size |= (uint64_t)src[5 + i] << (8 * i);
	if (slen >= 13 && (size == UINT64_MAX || size <= cap)) {
		if (lzma_alone_decoder(&s, LZMA_MEMLIMIT) != LZMA_OK) {
			*why = "liblzma cannot start";
			return -1;
		}
		return lzma_run(&s, src, slen, dst, cap, out, size == UINT64_MAX, why);
	}
	if ((tmp = malloc(slen + 8)) == NULL) {
		*why = "out of memory";
		return -1;
	}
	memcpy(tmp, src, 5);
	memset(tmp + 5, 0xff, 8);	/* "size unknown" */
	memcpy(tmp + 13, src + 5, slen - 5);
	if (lzma_alone_decoder(&s, LZMA_MEMLIMIT) != LZMA_OK) {
		free(tmp);
		*why = "liblzma cannot start";
		return -1;
	}
	rc = lzma_run(&s, tmp, slen + 8, dst, cap, out, true, why);
	free(tmp);
	return rc;
}

/* Streamed, so that a full output buffer still holds the first bytes. */
static int
zstd_buf(const uint8_t *src, size_t slen, uint8_t *dst, size_t cap, size_t *out,
    const char **why)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { src, slen, 0 };
	ZSTD_outBuffer ob = { dst, cap, 0 };
	size_t rc = 1;

	if (z == NULL) {
		*why = "out of memory";
		return -1;
	}
	ZSTD_DCtx_setParameter(z, ZSTD_d_windowLogMax, 27);
	while (ib.pos < ib.size && ob.pos < ob.size) {
		rc = ZSTD_decompressStream(z, &ob, &ib);
		if (ZSTD_isError(rc))
			break;
	}
	ZSTD_freeDCtx(z);
	*out = ob.pos;
	if (ZSTD_isError(rc)) {
		*why = "corrupt compressed data (zstd)";
		return -1;
	}
	if (ib.pos < ib.size || (rc != 0 && ob.pos == ob.size)) {
		*why = "decompresses to more than allowed";
		return -1;
	}
	if (rc != 0) {
		*why = "compressed data ends early (truncated)";
		return -1;
	}
	return 0;
}

int
decomp_buf(enum decomp_kind k, const uint8_t *src, size_t slen, uint8_t *dst,
    size_t cap, size_t *out, const char **why)
{
	lzma_stream s = LZMA_STREAM_INIT;

	*out = 0;
	switch (k) {
	case DECOMP_ZLIB:
		return zlib_buf(src, slen, dst, cap, out, 15, why);
	case DECOMP_GZIP:
		return zlib_buf(src, slen, dst, cap, out, 15 + 32, why);
	case DECOMP_LZMA:
		return lzma_alone_buf(src, slen, dst, cap, out, why);
	case DECOMP_XZ:
		if (lzma_stream_decoder(&s, LZMA_MEMLIMIT, LZMA_CONCATENATED) != LZMA_OK) {
			*why = "liblzma cannot start";
			return -1;
		}
		return lzma_run(&s, src, slen, dst, cap, out, false, why);
	case DECOMP_ZSTD:
		return zstd_buf(src, slen, dst, cap, out, why);
	}
	*why = "unknown compression";
	return -1;
}

int
decomp_alloc(enum decomp_kind k, const uint8_t *src, size_t slen, size_t cap,
    uint8_t **dst, size_t *out, const char **why)
{
	size_t want = slen < (cap / 8) ? slen * 8 : cap;

	*dst = NULL;
	if (want < 4096)
		want = cap < 4096 ? cap : 4096;
	/* Guesses grow 4x until the output fits or cap is reached. */
	for (;;) {
		uint8_t *b = malloc(want ? want : 1);

		if (b == NULL) {
			*why = "out of memory";
			return -1;
		}
		if (decomp_buf(k, src, slen, b, want, out, why) == 0) {
			*dst = b;
			return 0;
		}
		free(b);
		if (*out < want || want >= cap)
			return -1;
		want = want > cap / 4 ? cap : want * 4;
	}
}

int
decomp_sniff(const uint8_t *p, size_t n)
{
	if (n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
		return DECOMP_GZIP;
	if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		return DECOMP_XZ;
	if (n >= 4 && ld_le32(p) == 0xFD2FB528u)
		return DECOMP_ZSTD;
	return -1;
}
