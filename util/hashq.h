/* SHA-256 jobs hashed on worker threads, two at a time per thread: an
 * input's own digest and the digests of the images inside it share the
 * cores instead of queueing behind each other. Where the CPU has the SHA
 * extensions a thread's jobs are hashed by the queue's own two-stream
 * kernel (util/hashq_shani.h), else by OpenSSL one after the other.
 *
 * A queue (its threads, its list of jobs) belongs to whoever made it with
 * hashq_new: a scan owns one. A job is submitted to a queue, then waited
 * for; the caller owns its memory and the data, which must stay mapped
 * until hashq_wait returns. Small jobs are hashed at once in hashq_submit,
 * by OpenSSL. */
#ifndef FWAUDIT_UTIL_HASHQ_H
#define FWAUDIT_UTIL_HASHQ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/hashq_shani.h"
#include "util/sha256.h"

struct hashq;

struct hashq_job {
	/* in */
	struct hashq *q;	/* NULL: hashed at once by hashq_submit, on the caller */
	const uint8_t *data;
	size_t len;
	size_t mark;		/* 0 < mark < len: also the digest of data[0..mark) */
	/* data is the start of a read-only file mapping (page-aligned) that
	 * need not stay resident: hashed pages are dropped behind the hash, so
	 * a big input costs a few chunks of memory, not its size (touching
	 * them again reads them back from the page cache). */
	bool drop_behind;
	bool no_kernel;		/* tests: OpenSSL's even where the kernel can run */
	/* out, once hashq_wait returned */
	uint8_t digest[32];
	uint8_t mark_digest[32];
	bool failed;		/* OpenSSL could not allocate: no digests */
	bool kernel;		/* hashed by the kernel, else by OpenSSL */
	size_t paired;		/* bytes the kernel hashed beside another job's */
	/* the queue's: one of the two, by kernel */
	struct sha256_ctx ctx;
	struct shani_sha256 lane;
	size_t off;
	size_t dropped;		/* drop_behind: bytes already let go */
	bool done;
	atomic_bool cancel;
	struct hashq_job *next;
};

/* A queue with no thread yet (they start on first need); NULL when out of
 * memory. hashq_free ends its threads: every job must have been waited
 * for. */
struct hashq *hashq_new(void);
void hashq_free(struct hashq *q);

void hashq_submit(struct hashq_job *j);
void hashq_wait(struct hashq_job *j);
/* Stops a job that is no longer wanted (an input that turned out bad):
 * returns once no thread touches it; its digests are not set (failed). */
void hashq_cancel(struct hashq_job *j);
/* Hashes j at once on the calling thread, by OpenSSL, with no queue (for
 * code that must not schedule threads: the parsers in formats/). */
void hashq_run(struct hashq_job *j);

#endif
