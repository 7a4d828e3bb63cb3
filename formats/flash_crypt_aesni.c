#include "formats/flash_crypt_aesni.h"

#include <stdatomic.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AESNI_PATH 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef HAVE_AESNI_PATH

/* 0 not yet asked, 1 the CPU has AES-NI and SSE2, 2 it has not */
static atomic_int cpu_state;

bool
aesni_usable(void)
{
	int s = atomic_load(&cpu_state);
	unsigned a, b, c, d;

	if (s == 0) {
		s = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_AES) && (d & bit_SSE2) ? 1 : 2;
		atomic_store(&cpu_state, s);
	}
	return s == 1;
}

/* The AES-256 key schedule's two steps (FIPS-197 5.2; Intel's AES-NI
 * white paper, figure 25). */
__attribute__((target("aes,sse2"))) static inline __m128i
spread(__m128i k)
{
	k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
	k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
	return _mm_xor_si128(k, _mm_slli_si128(k, 4));
}

#define EVEN(i, rcon) (k[i] = _mm_xor_si128(spread(k[i - 2]),		\
	_mm_shuffle_epi32(_mm_aeskeygenassist_si128(k[i - 1], rcon), 0xff)))
#define ODD(i) (k[i] = _mm_xor_si128(spread(k[i - 2]),			\
	_mm_shuffle_epi32(_mm_aeskeygenassist_si128(k[i - 1], 0), 0xaa)))

__attribute__((target("aes,sse2"))) void
aesni256_encrypt(const uint8_t key[32], const uint8_t *in, uint8_t *out, int n)
{
	__m128i k[15];

	k[0] = _mm_loadu_si128((const __m128i *)key);
	k[1] = _mm_loadu_si128((const __m128i *)(key + 16));
	EVEN(2, 0x01), ODD(3), EVEN(4, 0x02), ODD(5), EVEN(6, 0x04), ODD(7);
	EVEN(8, 0x08), ODD(9), EVEN(10, 0x10), ODD(11), EVEN(12, 0x20), ODD(13);
	EVEN(14, 0x40);
	for (int b = 0; b < n; b++) {
		__m128i x = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(in + 16 * b)), k[0]);

		for (int r = 1; r < 14; r++)
			x = _mm_aesenc_si128(x, k[r]);
		_mm_storeu_si128((__m128i *)(out + 16 * b), _mm_aesenclast_si128(x, k[14]));
	}
}

#else

bool
aesni_usable(void)
{
	return false;
}

void
aesni256_encrypt(const uint8_t key[32], const uint8_t *in, uint8_t *out, int n)
{
	(void)key, (void)in, (void)out, (void)n;
}

#endif
