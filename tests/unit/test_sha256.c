#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/secrets.h"
#include "core/facts.h"
#include "util/hex.h"
#include "util/sha256.h"

/* While set, every allocation OpenSSL makes fails, as when memory runs
 * out: what sha256_init meets then (the library has no switch for it). */
static bool openssl_oom;

static void *
t_malloc(size_t n, const char *file, int line)
{
	return openssl_oom ? NULL : malloc(n);
}

static void *
t_realloc(void *p, size_t n, const char *file, int line)
{
	return openssl_oom ? NULL : realloc(p, n);
}

static void
t_free(void *p, const char *file, int line)
{
	free(p);
}

static void
sha256_fail_for_test(bool on)
{
	openssl_oom = on;
}

/* Deterministic bytes that are not a repeating pattern. */
static void
fill(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

static void
reference(const uint8_t *p, size_t n, uint8_t out[32])
{
	unsigned int len = 0;

	assert_int_equal(EVP_Digest(p, n, out, &len, EVP_sha256(), NULL), 1);
	assert_int_equal(len, 32);
}

/* Every length across the block and padding boundaries (55/56/64 bytes),
 * fed whole and in two pieces split at every point. */
static void
lengths_and_splits(void)
{
	uint8_t buf[300], want[32], got[32];

	fill(buf, sizeof(buf), 7);
	/* An empty file's bytes are a NULL pointer. */
	reference(buf, 0, want);
	assert_int_equal(sha256(NULL, 0, got), 0);
	assert_memory_equal(got, want, 32);
	for (size_t n = 0; n <= sizeof(buf); n++) {
		reference(buf, n, want);
		assert_int_equal(sha256(buf, n, got), 0);
		assert_memory_equal(got, want, 32);
		for (size_t cut = 0; cut <= n; cut += (n > 140 ? 13 : 1)) {
			struct sha256_ctx c;

			assert_int_equal(sha256_init(&c), 0);
			assert_int_equal(sha256_update(&c, buf, cut), 0);
			assert_int_equal(sha256_update(&c, buf + cut, n - cut), 0);
			assert_int_equal(sha256_final(&c, got), 0);
			assert_memory_equal(got, want, 32);
		}
	}
}

/* A prefix digest from a copy, then the same context carried on: what the
 * image check does for the appended hash and the signed region. */
static void
copy_then_continue(void)
{
	size_t n = 3 * 4096 + 77, pre = 4096 + 5;
	uint8_t *buf = malloc(n), want_pre[32], want_all[32], got[32];
	struct sha256_ctx c, d;

	assert_non_null(buf);
	fill(buf, n, 99);
	reference(buf, pre, want_pre);
	reference(buf, n, want_all);
	assert_int_equal(sha256_init(&c), 0);
	assert_int_equal(sha256_update(&c, buf, pre), 0);
	assert_int_equal(sha256_copy(&d, &c), 0);
	assert_int_equal(sha256_final(&d, got), 0);
	assert_memory_equal(got, want_pre, 32);
	assert_int_equal(sha256_update(&c, buf + pre, n - pre), 0);
	assert_int_equal(sha256_final(&c, got), 0);
	assert_memory_equal(got, want_all, 32);
	free(buf);
}

/* Megabytes in odd-sized pieces: the bulk path over many blocks. */
static void
large_in_pieces(void)
{
	size_t n = (3u << 20) + 123;
	uint8_t *buf = malloc(n), want[32], got[32];
	struct sha256_ctx c;
	size_t off = 0, step = 1;

	assert_non_null(buf);
	fill(buf, n, 1234);
	reference(buf, n, want);
	assert_int_equal(sha256(buf, n, got), 0);
	assert_memory_equal(got, want, 32);
	assert_int_equal(sha256_init(&c), 0);
	while (off < n) {
		size_t k = step < n - off ? step : n - off;

		assert_int_equal(sha256_update(&c, buf + off, k), 0);
		off += k;
		step = step * 3 + 1;
	}
	assert_int_equal(sha256_final(&c, got), 0);
	assert_memory_equal(got, want, 32);
	free(buf);
}

/* FIPS 180-2 appendix B.1 and B.2 */
static void
known_answers(void)
{
	static const uint8_t abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	static const uint8_t two_blocks[32] = {
		0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26, 0x93, 0x0c, 0x3e, 0x60, 0x39,
		0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
	};
	const char *m2 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t got[32];

	assert_int_equal(sha256("abc", 3, got), 0);
	assert_memory_equal(got, abc, 32);
	assert_int_equal(sha256(m2, strlen(m2), got), 0);
	assert_memory_equal(got, two_blocks, 32);
}

/* Every path through the API, against OpenSSL's one-shot digest: the
 * wrapper's own handling (NULL for an empty file, copies, pieces). */
static void
test_against_openssl(void **state)
{
	known_answers();
	lengths_and_splits();
	copy_then_continue();
	large_in_pieces();
}

/* A digest that could not be computed never reaches evidence as a value:
 * no all-zero hex, no input without provenance, a null digest on a found
 * secret (so comparing units by it is not tested). */
static void
test_failed_digest_is_no_value(void **state)
{
	char hex[65] = "x";
	struct facts *f = facts_new();
	json_t *item;

	sha256_fail_for_test(true);
	assert_int_equal(sha256_hex("abc", 3, hex), -1);
	assert_string_equal(hex, "");
	assert_int_equal(facts_add_input(f, "in.bin", "test", "abc", 3), -1);
	assert_int_equal(json_array_size(f->inputs), 0);
	item = secret_item(0, "nvs", "wifi", "pswd", "password",
	    (const uint8_t *)"hunter22", 8, 0x9000);
	assert_non_null(item);
	assert_true(json_is_null(json_object_get(item, "sha256")));
	json_decref(item);
	sha256_fail_for_test(false);
	assert_int_equal(sha256_hex("abc", 3, hex), 0);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	facts_free(f);
}

/* A context whose init failed takes no bytes and gives no digest: a
 * caller that went on hashing gets -1 at the end, never a value. */
static void
test_failed_context_gives_no_digest(void **state)
{
	struct sha256_ctx c, d;
	uint8_t md[32];

	sha256_fail_for_test(true);
	assert_int_equal(sha256_init(&c), -1);
	sha256_fail_for_test(false);
	assert_int_equal(sha256_update(&c, "abc", 3), -1);
	assert_int_equal(sha256_copy(&d, &c), -1);
	assert_int_equal(sha256_final(&c, md), -1);
	assert_int_equal(sha256_final(&d, md), -1);
	/* A finished context is spent. */
	assert_int_equal(sha256_init(&c), 0);
	assert_int_equal(sha256_final(&c, md), 0);
	assert_int_equal(sha256_update(&c, "abc", 3), -1);
	assert_int_equal(sha256_final(&c, md), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_openssl),
		cmocka_unit_test(test_failed_context_gives_no_digest),
		cmocka_unit_test(test_failed_digest_is_no_value),
	};

	/* Before OpenSSL allocates anything, or it keeps its own allocator. */
	if (CRYPTO_set_mem_functions(t_malloc, t_realloc, t_free) != 1) {
		fputs("test_sha256: cannot hook OpenSSL's allocator\n", stderr);
		return 1;
	}

	return cmocka_run_group_tests(tests, NULL, NULL);
}
