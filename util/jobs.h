/* One small job runner: jobs 0..n-1 of one function, taken in order by up
 * to a given number of threads. Every pthread in the library goes through
 * it, so that each fan-out is a call, not a hand-made pool.
 *
 * When threads cannot be made, the jobs run on the calling thread (in
 * jobs_wait): callers never need a second path. */
#ifndef FWAUDIT_UTIL_JOBS_H
#define FWAUDIT_UTIL_JOBS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#define JOBS_MAX_THREADS 16

typedef void (*job_fn)(void *arg, size_t i);

/* A batch under way; the caller's (it must not move until jobs_wait
 * returns). */
struct jobs {
	job_fn fn;
	void *arg;
	size_t n;
	atomic_size_t next;
	pthread_t th[JOBS_MAX_THREADS];
	unsigned nthreads;
};

/* Starts up to `threads` threads (at most JOBS_MAX_THREADS, at most n)
 * taking jobs; returns how many started. The calling thread goes on. */
unsigned jobs_start(struct jobs *b, size_t n, unsigned threads, job_fn fn, void *arg);
/* Runs the jobs no thread has taken yet on the calling thread, then waits
 * for the threads: every job has run when it returns. */
void jobs_wait(struct jobs *b);
/* Both: n jobs over up to `threads` threads (at most JOBS_MAX_THREADS),
 * the caller's among them. */
void jobs_run(size_t n, unsigned threads, job_fn fn, void *arg);

#endif
