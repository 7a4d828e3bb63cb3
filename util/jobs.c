#include "util/jobs.h"

static void
take(struct jobs *b)
{
	size_t i;

	while ((i = atomic_fetch_add(&b->next, 1)) < b->n)
		b->fn(b->arg, i);
}

static void *
thread_main(void *arg)
{
	take(arg);
	return NULL;
}

unsigned
jobs_start(struct jobs *b, size_t n, unsigned threads, job_fn fn, void *arg)
{
	b->fn = fn;
	b->arg = arg;
	b->n = n;
	b->nthreads = 0;
	atomic_init(&b->next, 0);
	if (threads > JOBS_MAX_THREADS)
		threads = JOBS_MAX_THREADS;
	if (threads > n)
		threads = (unsigned)n;
	while (b->nthreads < threads &&
	    pthread_create(&b->th[b->nthreads], NULL, thread_main, b) == 0)
		b->nthreads++;
	return b->nthreads;
}

void
jobs_wait(struct jobs *b)
{
	take(b);
	for (unsigned i = 0; i < b->nthreads; i++)
		pthread_join(b->th[i], NULL);
	b->nthreads = 0;
}

void
jobs_run(size_t n, unsigned threads, job_fn fn, void *arg)
{
	struct jobs b;

	if (threads > n)
		threads = (unsigned)n;
	if (threads > JOBS_MAX_THREADS)
		threads = JOBS_MAX_THREADS;
	jobs_start(&b, n, threads > 1 ? threads - 1 : 0, fn, arg);
	jobs_wait(&b);
}
