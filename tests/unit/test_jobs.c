/* The job runner (util/jobs.h): every job runs exactly once, on as many
 * threads as asked (no more), the caller's among them for jobs_run; a batch
 * started runs beside the caller until jobs_wait. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "util/jobs.h"

#define N 200

struct tally {
	atomic_int runs[N];
	atomic_int running, most;	/* jobs at once, and the most seen */
	pthread_t who[N];
	pthread_t caller;
	atomic_bool caller_ran;
};

static void
count(void *arg, size_t i)
{
	struct tally *t = arg;
	int now = atomic_fetch_add(&t->running, 1) + 1, most = atomic_load(&t->most);

	while (now > most && !atomic_compare_exchange_weak(&t->most, &most, now))
		;
	atomic_fetch_add(&t->runs[i], 1);
	t->who[i] = pthread_self();
	if (pthread_equal(t->who[i], t->caller))
		atomic_store(&t->caller_ran, true);
	usleep(200);		/* long enough for the threads to overlap */
	atomic_fetch_sub(&t->running, 1);
}

static void
tally_init(struct tally *t)
{
	memset(t, 0, sizeof(*t));
	t->caller = pthread_self();
}

static void
assert_each_once(struct tally *t, size_t n)
{
	for (size_t i = 0; i < N; i++)
		assert_int_equal(atomic_load(&t->runs[i]), i < n ? 1 : 0);
}

static void
test_every_job_once_within_the_threads_asked(void **state)
{
	static const unsigned threads[] = { 0, 1, 2, 3, 8, JOBS_MAX_THREADS + 5 };

	for (size_t k = 0; k < sizeof(threads) / sizeof(threads[0]); k++) {
		struct tally t;
		unsigned cap = threads[k] > JOBS_MAX_THREADS ? JOBS_MAX_THREADS : threads[k];

		tally_init(&t);
		jobs_run(N, threads[k], count, &t);
		assert_each_once(&t, N);
		assert_true(atomic_load(&t.most) <= (int)(cap > 1 ? cap : 1));
		assert_true(atomic_load(&t.caller_ran));
		/* threads beside the caller do run jobs at once */
		if (cap > 1)
			assert_true(atomic_load(&t.most) > 1);
	}
}

/* Fewer jobs than threads: no more threads than jobs; none at all. */
static void
test_few_or_no_jobs(void **state)
{
	struct tally t;
	struct jobs b;

	tally_init(&t);
	jobs_run(3, 8, count, &t);
	assert_each_once(&t, 3);
	assert_true(atomic_load(&t.most) <= 3);
	tally_init(&t);
	jobs_run(0, 8, count, &t);
	assert_each_once(&t, 0);
	assert_true(jobs_start(&b, 2, 8, count, &t) <= 2);
	jobs_wait(&b);
	assert_each_once(&t, 2);
}

/* A started batch runs on its threads while the caller goes on; jobs_wait
 * leaves nothing undone, also jobs no thread took (none started: all of
 * them run in jobs_wait, on the caller's thread). */
static void
test_start_then_wait(void **state)
{
	struct tally t;
	struct jobs b;
	unsigned started;

	tally_init(&t);
	started = jobs_start(&b, N, 2, count, &t);
	assert_true(started <= 2);
	jobs_wait(&b);
	assert_each_once(&t, N);
	tally_init(&t);
	assert_int_equal(jobs_start(&b, N, 0, count, &t), 0);
	assert_each_once(&t, 0);	/* nothing ran before the wait */
	jobs_wait(&b);
	assert_each_once(&t, N);
	for (size_t i = 0; i < N; i++)
		assert_true(pthread_equal(t.who[i], t.caller));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_job_once_within_the_threads_asked),
		cmocka_unit_test(test_few_or_no_jobs),
		cmocka_unit_test(test_start_then_wait),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
