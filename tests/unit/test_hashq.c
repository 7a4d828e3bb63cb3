#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hashq.h"
#include "util/hashq_shani.h"

#define BIG (9u << 20)

static uint8_t *buf;
static struct hashq *q;		/* the tests' own queue */

static int
setup(void **state)
{
	uint32_t seed = 42;

	buf = malloc(BIG);
	q = hashq_new();
	if (buf == NULL || q == NULL)
		return -1;
	for (size_t i = 0; i < BIG; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (uint8_t)(seed >> 16);
	}
	return 0;
}

static int
teardown(void **state)
{
	hashq_free(q);
	free(buf);
	return 0;
}

static void
reference(const uint8_t *p, size_t n, uint8_t out[32])
{
	unsigned int len = 0;

	assert_int_equal(EVP_Digest(p, n, out, &len, EVP_sha256(), NULL), 1);
}

/* Whether the kernel must run here, asked of the kernel's detection's
 * judge, not of the detection: the CPU flags Linux reports. */
static bool
cpu_has_sha_ni(void)
{
	char line[8192];
	FILE *fp = fopen("/proc/cpuinfo", "r");
	bool flags = false, sha = false;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (strncmp(line, "flags", 5) != 0)
			continue;
		flags = true;
		sha = strstr(line, " sha_ni") != NULL;
		break;
	}
	fclose(fp);
#if defined(__x86_64__)
	assert_true(flags);	/* else this test could not say what must run */
#endif
	return sha;
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
kernel_digest(const void *p, size_t n, uint8_t out[32])
{
	struct shani_sha256 s;

	shani_init(&s);
	shani_update(&s, p, n);
	shani_final(&s, out);
}

/* FIPS 180-2 appendix B.1 and B.2 */
static void
kernel_known_answers(void)
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

	kernel_digest("abc", 3, got);
	assert_memory_equal(got, abc, 32);
	kernel_digest(m2, strlen(m2), got);
	assert_memory_equal(got, two_blocks, 32);
}

/* Every length across the block and padding boundaries (55/56/64 bytes),
 * fed whole and in two pieces split at every point. */
static void
kernel_lengths_and_splits(void)
{
	uint8_t data[300], want[32], got[32];

	fill(data, sizeof(data), 7);
	reference(data, 0, want);
	kernel_digest(NULL, 0, got);	/* an empty file's bytes are NULL */
	assert_memory_equal(got, want, 32);
	for (size_t n = 0; n <= sizeof(data); n++) {
		reference(data, n, want);
		kernel_digest(data, n, got);
		assert_memory_equal(got, want, 32);
		for (size_t cut = 0; cut <= n; cut += (n > 140 ? 13 : 1)) {
			struct shani_sha256 c;

			shani_init(&c);
			shani_update(&c, data, cut);
			shani_update(&c, data + cut, n - cut);
			shani_final(&c, got);
			assert_memory_equal(got, want, 32);
		}
	}
}

/* A prefix digest from a copy, then the same state carried on: a job's
 * mark (the appended hash, then the signed region). */
static void
kernel_copy_then_continue(void)
{
	size_t n = 3 * 4096 + 77, pre = 4096 + 5;
	uint8_t want_pre[32], want_all[32], got[32];
	struct shani_sha256 c, d;

	reference(buf, pre, want_pre);
	reference(buf, n, want_all);
	shani_init(&c);
	shani_update(&c, buf, pre);
	d = c;
	shani_final(&d, got);
	assert_memory_equal(got, want_pre, 32);
	shani_update(&c, buf + pre, n - pre);
	shani_final(&c, got);
	assert_memory_equal(got, want_all, 32);
}

/* Two messages at once, from states that hold partial blocks of different
 * sizes, with lengths that end the two lanes at different points: each
 * digest equals OpenSSL's of that message alone. */
static void
kernel_two_at_once(void)
{
	static const size_t pre[] = { 0, 1, 63, 64, 100 };
	static const size_t len[] = { 0, 5, 64, 640, 4096 + 7, 70000 };
	const uint8_t *x = buf, *y = buf + (1u << 20);
	uint8_t want_x[32], want_y[32], got[32];

	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 6; j++)
			for (size_t k = 0; k < 6; k++) {
				size_t nx = pre[i] + len[j], ny = pre[(i + 2) % 5] + len[k];
				struct shani_sha256 a, b;

				reference(x, nx, want_x);
				reference(y, ny, want_y);
				shani_init(&a);
				shani_init(&b);
				shani_update(&a, x, pre[i]);
				shani_update(&b, y, pre[(i + 2) % 5]);
				shani_update2(&a, x + pre[i], len[j], &b, y + pre[(i + 2) % 5], len[k]);
				shani_final(&a, got);
				assert_memory_equal(got, want_x, 32);
				shani_final(&b, got);
				assert_memory_equal(got, want_y, 32);
			}
}

/* Megabytes in odd-sized pieces, one lane and two. */
static void
kernel_large_in_pieces(void)
{
	size_t n = (3u << 20) + 123, off = 0, step = 1;
	const uint8_t *y = buf + (4u << 20);
	uint8_t want[32], want_y[32], got[32];
	struct shani_sha256 c, d;

	reference(buf, n, want);
	reference(y, n, want_y);
	kernel_digest(buf, n, got);
	assert_memory_equal(got, want, 32);
	shani_init(&c);
	shani_init(&d);
	while (off < n) {
		size_t k = step < n - off ? step : n - off;

		shani_update2(&c, buf + off, k, &d, y + off, k);
		off += k;
		step = step * 3 + 1;
	}
	shani_final(&c, got);
	assert_memory_equal(got, want, 32);
	shani_final(&d, got);
	assert_memory_equal(got, want_y, 32);
}

/* The kernel runs exactly where the CPU has the SHA extensions (by the
 * flags Linux reports, not by the kernel's own detection), and there its
 * digests equal OpenSSL's. On a CPU without them this test asserts that
 * nothing can claim the kernel (test_jobs_on_threads: every job is
 * OpenSSL's); it does not skip. */
static void
test_kernel_exactly_where_the_cpu_has_it(void **state)
{
	if (!cpu_has_sha_ni()) {
		assert_false(shani_usable());
		print_message("no SHA extensions on this CPU: the hash queue is OpenSSL's alone "
		    "here, the kernel is neither used nor tested\n");
		return;
	}
	assert_true(shani_usable());
	kernel_known_answers();
	kernel_lengths_and_splits();
	kernel_copy_then_continue();
	kernel_two_at_once();
	kernel_large_in_pieces();
}

/* Jobs large and small, overlapping, with and without a mark, all queued
 * before any wait: the threads pair them in whatever order they finish,
 * and every digest must still be that message's alone. */
static size_t
many_jobs(struct hashq *into, bool no_kernel)
{
	static const struct { size_t off, len, mark; } spec[] = {
		{ 0, BIG, 0 },			/* an input's own digest */
		{ 4096, 3u << 20, (3u << 20) - 4096 + 17 },
		{ 100, 1u << 20, 0 },
		{ 0, 300, 100 },		/* hashed at once, in submit */
		{ 65, (2u << 20) + 3, 64 },
		{ 7, 256u << 10, 0 },		/* just at the threshold */
		{ 1u << 20, 5u << 20, 1 },
		{ 33, 0, 0 },			/* empty */
		{ 0, 700u << 10, 700u << 10 },	/* a mark at the end is no mark */
	};
	enum { N = sizeof(spec) / sizeof(spec[0]) };
	struct hashq_job jobs[N];
	uint8_t want[32];
	bool kernel = !no_kernel && cpu_has_sha_ni();
	size_t paired = 0;

	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < N; i++) {
		jobs[i].data = buf + spec[i].off;
		jobs[i].len = spec[i].len;
		jobs[i].mark = spec[i].mark;
		jobs[i].no_kernel = no_kernel;
		jobs[i].q = into;
		hashq_submit(&jobs[i]);
	}
	for (int i = N - 1; i >= 0; i--) {
		hashq_wait(&jobs[i]);
		assert_false(jobs[i].failed);
		reference(buf + spec[i].off, spec[i].len, want);
		assert_memory_equal(jobs[i].digest, want, 32);
		if (spec[i].mark > 0 && spec[i].mark < spec[i].len) {
			reference(buf + spec[i].off, spec[i].mark, want);
			assert_memory_equal(jobs[i].mark_digest, want, 32);
		} else {
			assert_int_equal(jobs[i].mark, 0);
		}
		/* The kernel where the CPU has it, for the threads' jobs only:
		 * one stream hashed in submit is OpenSSL's. */
		assert_int_equal(jobs[i].kernel, kernel && into != NULL &&
		    spec[i].len >= (256u << 10));
		if (!jobs[i].kernel)
			assert_int_equal(jobs[i].paired, 0);
		paired += jobs[i].paired;
	}
	return paired;
}

/* Where the CPU has the SHA extensions, the threads hash two jobs at once
 * with the kernel (some bytes at least were paired: the threads find the
 * queue full); elsewhere OpenSSL hashes every job and nothing claims the
 * kernel. */
static void
test_jobs_on_threads(void **state)
{
	size_t paired = many_jobs(q, false);

	if (cpu_has_sha_ni())
		assert_true(paired > 0);
	else
		assert_int_equal(paired, 0);
	/* A queue freed and another made: its threads start on its first big job. */
	hashq_free(q);
	assert_non_null(q = hashq_new());
	paired = many_jobs(q, false);
	assert_int_equal(paired > 0, cpu_has_sha_ni());
}

/* Queues are independent: two at once (two scans) each hash their own
 * jobs right, and one freed leaves the other working. A job with no queue
 * (q NULL) is hashed at once on the submitting thread: right digests,
 * never paired. */
static void
test_queues_are_independent(void **state)
{
	struct hashq *other = hashq_new();

	assert_non_null(other);
	assert_int_equal(many_jobs(other, false) > 0, cpu_has_sha_ni());
	assert_int_equal(many_jobs(q, false) > 0, cpu_has_sha_ni());
	hashq_free(other);
	assert_int_equal(many_jobs(q, false) > 0, cpu_has_sha_ni());
	assert_int_equal(many_jobs(NULL, false), 0);
}

/* hashq_run hashes on the calling thread, by OpenSSL, with no queue: a big
 * job gets the same digests and never the kernel. */
static void
test_run_here(void **state)
{
	struct hashq_job j;
	uint8_t want[32];

	memset(&j, 0, sizeof(j));
	j.data = buf;
	j.len = BIG;
	j.mark = 12345;
	hashq_run(&j);
	hashq_wait(&j);		/* done already: returns at once */
	assert_false(j.failed);
	assert_false(j.kernel);
	assert_int_equal(j.paired, 0);
	reference(buf, BIG, want);
	assert_memory_equal(j.digest, want, 32);
	reference(buf, 12345, want);
	assert_memory_equal(j.mark_digest, want, 32);
}

/* A cancelled job ends without digests, queued or running, and the jobs
 * around it are not disturbed. */
static void
test_cancel(void **state)
{
	struct hashq_job jobs[6];
	uint8_t want[32];

	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < 6; i++) {
		jobs[i].data = buf;
		jobs[i].len = BIG - (size_t)i * 4096;
		jobs[i].q = q;
		hashq_submit(&jobs[i]);
	}
	hashq_cancel(&jobs[5]);		/* most likely still queued */
	hashq_cancel(&jobs[0]);		/* most likely running */
	hashq_cancel(&jobs[0]);		/* twice is harmless */
	assert_true(jobs[5].failed);
	assert_true(jobs[0].failed);
	for (int i = 1; i < 5; i++) {
		hashq_wait(&jobs[i]);
		assert_false(jobs[i].failed);
		reference(buf, jobs[i].len, want);
		assert_memory_equal(jobs[i].digest, want, 32);
	}
}

/* The threads' OpenSSL path (a CPU without the SHA extensions), on any
 * CPU. */
static void
test_jobs_on_openssl_path(void **state)
{
	assert_int_equal(many_jobs(q, true), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_exactly_where_the_cpu_has_it),
		cmocka_unit_test(test_jobs_on_threads),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_queues_are_independent),
		cmocka_unit_test(test_run_here),
		cmocka_unit_test(test_jobs_on_openssl_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
