#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "core/hashq.h"

#define BIG (9u << 20)

static uint8_t *buf;

static int
setup(void **state)
{
	uint32_t seed = 42;

	buf = malloc(BIG);
	if (buf == NULL)
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
	hashq_shutdown();
	free(buf);
	return 0;
}

static void
reference(const uint8_t *p, size_t n, uint8_t out[32])
{
	unsigned int len = 0;

	assert_int_equal(EVP_Digest(p, n, out, &len, EVP_sha256(), NULL), 1);
}

/* Jobs large and small, overlapping, with and without a mark, all queued
 * before any wait: the threads pair them in whatever order they finish,
 * and every digest must still be that message's alone. */
static void
many_jobs(void)
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

	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < N; i++) {
		jobs[i].data = buf + spec[i].off;
		jobs[i].len = spec[i].len;
		jobs[i].mark = spec[i].mark;
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
	}
}

static void
test_jobs_on_threads(void **state)
{
	sha256_force_openssl(false);
	many_jobs();
	/* After a shutdown the threads start again on the next big job. */
	hashq_shutdown();
	many_jobs();
}

/* A cancelled job ends without digests, queued or running, and the jobs
 * around it are not disturbed. */
static void
test_cancel(void **state)
{
	struct hashq_job jobs[6];
	uint8_t want[32];

	sha256_force_openssl(false);
	memset(jobs, 0, sizeof(jobs));
	for (int i = 0; i < 6; i++) {
		jobs[i].data = buf;
		jobs[i].len = BIG - (size_t)i * 4096;
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

static void
test_jobs_on_openssl_path(void **state)
{
	sha256_force_openssl(true);
	many_jobs();
	sha256_force_openssl(false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_on_threads),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_jobs_on_openssl_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
