#include "util/hashq.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/jobs.h"

/* A thread works in chunks so that a lane freed by a finished job is
 * refilled soon; 256 KiB is ~0.1 ms of hashing. */
#define CHUNK		(256u << 10)
/* Below this a thread hand-off costs more than it saves. */
#define INLINE_MAX	(256u << 10)

struct hashq {
	pthread_mutex_t mu;
	pthread_cond_t work_cv, done_cv;
	struct hashq_job *head, *tail;
	struct jobs workers;	/* each job: one thread's loop, until stopping */
	unsigned nthreads;	/* started; 0: hashed on the submitting thread */
	bool started;		/* threads asked for (they start on first need) */
	bool stopping;
};

/* Where the job's next pass must stop: its mark first, then its end. */
static size_t
stop_at(const struct hashq_job *j)
{
	return j->mark > j->off ? j->mark : j->len;
}

/* Lets go of the whole pages already hashed, every few chunks (one
 * madvise per 4 MiB: its cost stays far below the hashing). */
#define DROP_STEP	(4u << 20)
static void
drop_behind(struct hashq_job *j)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), upto;

	if (!j->drop_behind || page == 0)
		return;
	upto = j->off < j->len ? j->off / page * page : j->len;
	if (upto < j->dropped + DROP_STEP && upto < j->len)
		return;
	if (upto > j->dropped)
		(void)madvise((void *)(uintptr_t)(j->data + j->dropped), upto - j->dropped,
		    MADV_DONTNEED);
	j->dropped = upto;
}

/* The prefix digest at the mark (the context goes on), the digest at the
 * end (the context is finished); 0 or -1. */
static int
digest_now(struct hashq_job *j, bool at_mark)
{
	uint8_t *out = at_mark ? j->mark_digest : j->digest;
	struct shani_sha256 lane;
	struct sha256_ctx copy;

	if (j->kernel) {
		lane = j->lane;
		shani_final(&lane, out);
		return 0;
	}
	if (!at_mark)
		return sha256_final(&j->ctx, out);
	if (sha256_copy(&copy, &j->ctx) != 0)
		return -1;
	return sha256_final(&copy, out);
}

/* After a pass: the prefix digest at the mark, the digest at the end.
 * True when the job is finished (or failed). */
static bool
after_pass(struct hashq_job *j, int rc)
{
	drop_behind(j);
	if (rc != 0 || atomic_load(&j->cancel))
		goto fail;
	if (j->mark != 0 && j->off == j->mark && digest_now(j, true) != 0)
		goto fail;
	if (j->off < j->len)
		return false;
	if (digest_now(j, false) != 0)
		j->failed = true;
	return true;
fail:
	sha256_release(&j->ctx);
	j->failed = true;
	return true;
}

static int
hash_one(struct hashq_job *j, size_t n)
{
	if (!j->kernel)
		return sha256_update(&j->ctx, j->data + j->off, n);
	shani_update(&j->lane, j->data + j->off, n);
	return 0;
}

/* One chunk of each lane's job; finished[i] says lane i's job ended. */
static void
pass(struct hashq_job *lane[2], bool finished[2])
{
	struct hashq_job *a = lane[0], *b = lane[1];
	size_t n;
	int rc;

	if (a == NULL || b == NULL) {
		struct hashq_job *j = a ? a : b;

		n = stop_at(j) - j->off;
		if (n > CHUNK)
			n = CHUNK;
		rc = hash_one(j, n);
		j->off += n;
		finished[a ? 0 : 1] = after_pass(j, rc);
		return;
	}
	n = stop_at(a) - a->off;
	if (stop_at(b) - b->off < n)
		n = stop_at(b) - b->off;
	if (n > CHUNK)
		n = CHUNK;
	if (a->kernel && b->kernel) {
		shani_update2(&a->lane, a->data + a->off, n, &b->lane, b->data + b->off, n);
		a->paired += n;
		b->paired += n;
		rc = 0;
	} else {
		rc = hash_one(a, n) | hash_one(b, n);
	}
	a->off += n;
	b->off += n;
	finished[0] = after_pass(a, rc);
	finished[1] = after_pass(b, rc);
}

static struct hashq_job *
pop(struct hashq *q)
{
	struct hashq_job *j = q->head;

	if (j != NULL && (q->head = j->next) == NULL)
		q->tail = NULL;
	return j;
}

/* One worker thread: takes jobs two at a time until the queue stops. */
static void
worker(void *arg, size_t unused)
{
	struct hashq *q = arg;
	struct hashq_job *lane[2] = { NULL, NULL };

	pthread_mutex_lock(&q->mu);
	for (;;) {
		bool finished[2] = { false, false };

		for (int i = 0; i < 2; i++)
			if (lane[i] == NULL)
				lane[i] = pop(q);
		if (lane[0] == NULL && lane[1] == NULL) {
			if (q->stopping)
				break;
			pthread_cond_wait(&q->work_cv, &q->mu);
			continue;
		}
		pthread_mutex_unlock(&q->mu);
		pass(lane, finished);
		pthread_mutex_lock(&q->mu);
		for (int i = 0; i < 2; i++) {
			if (!finished[i])
				continue;
			lane[i]->done = true;
			lane[i] = NULL;
			pthread_cond_broadcast(&q->done_cv);
		}
	}
	pthread_mutex_unlock(&q->mu);
}

/* Under mu. Threads are started on first need; none if none can be.
 * One per two CPUs: each hashes two streams at once, and the other CPUs
 * parse, verify and judge what it hashes (on 2 CPUs a second hash thread
 * cost ~1.5 ms more CPU per 16 MiB dump and no time). */
static void
start_threads(struct hashq *q)
{
	long want;

	if (q->started)
		return;
	want = sysconf(_SC_NPROCESSORS_ONLN) / 2;
	if (want < 1)
		want = 1;
	q->nthreads = jobs_start(&q->workers, (size_t)want, (unsigned)want, worker, q);
	q->started = true;
}

struct hashq *
hashq_new(void)
{
	struct hashq *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	if (pthread_mutex_init(&q->mu, NULL) != 0)
		goto no_mu;
	if (pthread_cond_init(&q->work_cv, NULL) != 0)
		goto no_work_cv;
	if (pthread_cond_init(&q->done_cv, NULL) != 0)
		goto no_done_cv;
	return q;
no_done_cv:
	pthread_cond_destroy(&q->work_cv);
no_work_cv:
	pthread_mutex_destroy(&q->mu);
no_mu:
	free(q);
	return NULL;
}

/* Ends q's threads; they start again on the next need. */
static void
stop(struct hashq *q)
{
	bool started;

	pthread_mutex_lock(&q->mu);
	q->stopping = true;
	pthread_cond_broadcast(&q->work_cv);
	started = q->started;
	pthread_mutex_unlock(&q->mu);
	if (started)
		jobs_wait(&q->workers);
	pthread_mutex_lock(&q->mu);
	q->nthreads = 0;
	q->started = false;
	q->stopping = false;
	pthread_mutex_unlock(&q->mu);
}

void
hashq_free(struct hashq *q)
{
	if (q == NULL)
		return;
	stop(q);
	pthread_cond_destroy(&q->done_cv);
	pthread_cond_destroy(&q->work_cv);
	pthread_mutex_destroy(&q->mu);
	free(q);
}

/* Ready to hash: 0, or -1 (failed, done) when OpenSSL cannot start. */
static int
job_init(struct hashq_job *j, bool queued)
{
	j->off = 0;
	j->dropped = 0;
	j->done = false;
	j->failed = false;
	j->paired = 0;
	j->next = NULL;
	j->ctx.evp = NULL;
	atomic_init(&j->cancel, false);
	if (j->mark >= j->len)
		j->mark = 0;
	/* One stream hashed here is OpenSSL's; the kernel only for the threads. */
	j->kernel = queued && !j->no_kernel && shani_usable();
	if (j->kernel) {
		shani_init(&j->lane);
	} else if (sha256_init(&j->ctx) != 0) {
		j->failed = true;
		j->done = true;
		return -1;
	}
	return 0;
}

/* On the caller's thread, with the kernel chosen by job_init, if any. */
static void
run_here(struct hashq_job *j)
{
	for (;;) {
		struct hashq_job *lane[2] = { j, NULL };
		bool finished[2] = { false, false };

		pass(lane, finished);
		if (finished[0])
			break;
	}
	j->done = true;
}

void
hashq_run(struct hashq_job *j)
{
	j->q = NULL;
	if (job_init(j, false) == 0)
		run_here(j);
}

void
hashq_submit(struct hashq_job *j)
{
	struct hashq *q = j->q;
	bool queued = q != NULL && j->len >= INLINE_MAX;

	if (!queued)
		j->q = NULL;	/* hashed here: hashq_wait has nothing to wait for */
	if (job_init(j, queued) != 0)
		return;
	if (queued) {
		pthread_mutex_lock(&q->mu);
		start_threads(q);
		if (q->nthreads > 0) {
			if (q->tail != NULL)
				q->tail->next = j;
			else
				q->head = j;
			q->tail = j;
			pthread_cond_signal(&q->work_cv);
			pthread_mutex_unlock(&q->mu);
			return;
		}
		pthread_mutex_unlock(&q->mu);
	}
	run_here(j);	/* small, or no thread could be started */
}

void
hashq_wait(struct hashq_job *j)
{
	struct hashq *q = j->q;

	if (q == NULL)		/* hashq_run's: done already */
		return;
	pthread_mutex_lock(&q->mu);
	while (!j->done)
		pthread_cond_wait(&q->done_cv, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

void
hashq_cancel(struct hashq_job *j)
{
	struct hashq *q = j->q;
	struct hashq_job **pp;

	if (q == NULL) {
		j->failed = true;
		return;
	}
	pthread_mutex_lock(&q->mu);
	atomic_store(&j->cancel, true);
	/* Still queued: taken out here, no thread has seen it. */
	for (pp = &q->head; *pp != NULL; pp = &(*pp)->next) {
		if (*pp != j)
			continue;
		*pp = j->next;
		if (q->tail == j) {
			q->tail = NULL;
			for (struct hashq_job *x = q->head; x != NULL; x = x->next)
				q->tail = x;
		}
		sha256_release(&j->ctx);
		j->failed = true;
		j->done = true;
		break;
	}
	while (!j->done)
		pthread_cond_wait(&q->done_cv, &q->mu);
	j->failed = true;	/* even if it finished first: not wanted */
	pthread_mutex_unlock(&q->mu);
}
