#include "util/hashq_shani.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHANI_PATH 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef HAVE_SHANI_PATH

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* 0 not yet asked, 1 the CPU has SHA + SSSE3 + SSE4.1, 2 it has not */
static atomic_int cpu_state;

bool
shani_usable(void)
{
	int s = atomic_load(&cpu_state);
	unsigned a, b, c, d;

	if (s == 0) {
		bool ok = __get_cpuid(1, &a, &b, &c, &d) &&
		    (c & bit_SSSE3) && (c & bit_SSE4_1) &&
		    __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);

		s = ok ? 1 : 2;
		atomic_store(&cpu_state, s);
	}
	return s == 1;
}

#define SHANI __attribute__((target("sha,sse4.1,ssse3")))

/* The SHA-NI register order: s0 = ABEF, s1 = CDGH (Intel's SHA extensions
 * reference, "Intel SHA Extensions", 2013). */
SHANI static void
shani_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1);
	__m128i u = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B);
	__m128i s0 = _mm_alignr_epi8(t, u, 8), s1 = _mm_blend_epi16(u, t, 0xF0);

	while (nblocks-- > 0) {
		__m128i save0 = s0, save1 = s1, w[4], m;

		for (int i = 0; i < 4; i++)
			w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
		/* Unrolled so that w[] lives in registers. */
		_Pragma("GCC unroll 16")
		for (int i = 0; i < 16; i++) {
			if (i >= 4) {
				__m128i x = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);

				x = _mm_add_epi32(x, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
				w[i & 3] = _mm_sha256msg2_epu32(x, w[(i + 3) & 3]);
			}
			m = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)&K[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, m);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
		}
		s0 = _mm_add_epi32(s0, save0);
		s1 = _mm_add_epi32(s1, save1);
		p += 64;
	}
	t = _mm_shuffle_epi32(s0, 0x1B);
	s1 = _mm_shuffle_epi32(s1, 0xB1);
	_mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(t, s1, 0xF0));
	_mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(s1, t, 8));
}

/* Two independent messages, a block of each per step. One stream is bound
 * by the latency of sha256rnds2; interleaving a second fills the gaps:
 * 1.7x the blocks per second of one stream on the Zen 3 cores measured
 * (tests/unit/test_hashq.c checks it against OpenSSL). */
SHANI static void
shani_blocks_x2(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb,
    size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&ha[0]), 0xB1);
	__m128i u = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&ha[4]), 0x1B);
	__m128i a0 = _mm_alignr_epi8(t, u, 8), a1 = _mm_blend_epi16(u, t, 0xF0);
	__m128i b0, b1;

	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hb[0]), 0xB1);
	u = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hb[4]), 0x1B);
	b0 = _mm_alignr_epi8(t, u, 8);
	b1 = _mm_blend_epi16(u, t, 0xF0);
	while (nblocks-- > 0) {
		__m128i sa0 = a0, sa1 = a1, sb0 = b0, sb1 = b1, w[4], v[4], k, m, n;

		for (int i = 0; i < 4; i++) {
			w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pa + 16 * i)), bswap);
			v[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pb + 16 * i)), bswap);
		}
		_Pragma("GCC unroll 16")
		for (int i = 0; i < 16; i++) {
			if (i >= 4) {
				__m128i x = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
				__m128i y = _mm_sha256msg1_epu32(v[i & 3], v[(i + 1) & 3]);

				x = _mm_add_epi32(x, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
				y = _mm_add_epi32(y, _mm_alignr_epi8(v[(i + 3) & 3], v[(i + 2) & 3], 4));
				w[i & 3] = _mm_sha256msg2_epu32(x, w[(i + 3) & 3]);
				v[i & 3] = _mm_sha256msg2_epu32(y, v[(i + 3) & 3]);
			}
			k = _mm_loadu_si128((const __m128i *)&K[4 * i]);
			m = _mm_add_epi32(w[i & 3], k);
			n = _mm_add_epi32(v[i & 3], k);
			a1 = _mm_sha256rnds2_epu32(a1, a0, m);
			b1 = _mm_sha256rnds2_epu32(b1, b0, n);
			a0 = _mm_sha256rnds2_epu32(a0, a1, _mm_shuffle_epi32(m, 0x0E));
			b0 = _mm_sha256rnds2_epu32(b0, b1, _mm_shuffle_epi32(n, 0x0E));
		}
		a0 = _mm_add_epi32(a0, sa0);
		a1 = _mm_add_epi32(a1, sa1);
		b0 = _mm_add_epi32(b0, sb0);
		b1 = _mm_add_epi32(b1, sb1);
		pa += 64;
		pb += 64;
	}
	t = _mm_shuffle_epi32(a0, 0x1B);
	a1 = _mm_shuffle_epi32(a1, 0xB1);
	_mm_storeu_si128((__m128i *)&ha[0], _mm_blend_epi16(t, a1, 0xF0));
	_mm_storeu_si128((__m128i *)&ha[4], _mm_alignr_epi8(a1, t, 8));
	t = _mm_shuffle_epi32(b0, 0x1B);
	b1 = _mm_shuffle_epi32(b1, 0xB1);
	_mm_storeu_si128((__m128i *)&hb[0], _mm_blend_epi16(t, b1, 0xF0));
	_mm_storeu_si128((__m128i *)&hb[4], _mm_alignr_epi8(b1, t, 8));
}

#else

bool
shani_usable(void)
{
	return false;
}

static void
shani_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	(void)h, (void)p, (void)nblocks;
}

static void
shani_blocks_x2(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb,
    size_t nblocks)
{
	(void)ha, (void)pa, (void)hb, (void)pb, (void)nblocks;
}

#endif

void
shani_init(struct shani_sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memset(s, 0, sizeof(*s));
	memcpy(s->h, iv, sizeof(iv));
}

void
shani_update(struct shani_sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	if (len == 0)
		return;		/* data may be NULL (an empty file) */
	s->len += len;
	if (s->nbuf > 0) {
		n = 64 - s->nbuf < len ? 64 - s->nbuf : len;
		memcpy(s->buf + s->nbuf, p, n);
		s->nbuf += n;
		p += n;
		len -= n;
		if (s->nbuf < 64)
			return;
		shani_blocks(s->h, s->buf, 1);
		s->nbuf = 0;
	}
	if (len >= 64) {
		shani_blocks(s->h, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	memcpy(s->buf, p, len);
	s->nbuf = len;
}

/* Fills s's partial block from p (at most len bytes); how many it took. */
static size_t
align_to_block(struct shani_sha256 *s, const uint8_t *p, size_t len)
{
	size_t n;

	if (s->nbuf == 0)
		return 0;
	n = 64 - s->nbuf < len ? 64 - s->nbuf : len;
	shani_update(s, p, n);
	return n;
}

void
shani_update2(struct shani_sha256 *a, const void *data_a, size_t len_a,
    struct shani_sha256 *b, const void *data_b, size_t len_b)
{
	const uint8_t *pa = data_a, *pb = data_b;
	size_t n, blocks;

	n = align_to_block(a, pa, len_a);
	pa += n;
	len_a -= n;
	n = align_to_block(b, pb, len_b);
	pb += n;
	len_b -= n;
	blocks = (len_a < len_b ? len_a : len_b) / 64;
	if (a->nbuf == 0 && b->nbuf == 0 && blocks > 0) {
		shani_blocks_x2(a->h, pa, b->h, pb, blocks);
		a->len += blocks * 64;
		b->len += blocks * 64;
		pa += blocks * 64;
		pb += blocks * 64;
		len_a -= blocks * 64;
		len_b -= blocks * 64;
	}
	shani_update(a, pa, len_a);
	shani_update(b, pb, len_b);
}

void
shani_final(struct shani_sha256 *s, uint8_t out[32])
{
	uint8_t pad[128] = { 0 };
	uint64_t bits = s->len * 8;
	size_t n;

	memcpy(pad, s->buf, s->nbuf);
	pad[s->nbuf] = 0x80;
	n = s->nbuf + 9 <= 64 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		pad[n - 1 - i] = (uint8_t)(bits >> (8 * i));
	shani_blocks(s->h, pad, n / 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}
