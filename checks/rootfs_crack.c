#include "checks/rootfs_crack.h"

#include <crypt.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/jobs.h"

#define CHUNK 32	/* candidates per job: small enough to stop soon after a match */

struct crack {
	struct crack_hash *h;
	size_t nh;
	const char *const *cand;
	size_t n, chunks;
	atomic_long *best;	/* per hash: lowest matching candidate, or LONG_MAX */
	atomic_bool *own;	/* per hash: the account's name matched */
	atomic_size_t *tried;
	atomic_bool *failed;	/* per hash: crypt() could not compute it */
};

/* 1 on a match, 0 on none, -1 when crypt() refuses the hash's setting
 * (a scheme or cost this libcrypt lacks): then no candidate was compared,
 * which is not the same as none matching. */
static int
try(const char *pw, const char *hash, struct crypt_data *cd)
{
	const char *r = crypt_rn(pw, hash, cd, (int)sizeof(*cd));

	/* Failure tokens start with '*'; they never equal a real hash. */
	if (r == NULL || r[0] == '*')
		return -1;
	return strcmp(r, hash) == 0;
}

/* The lowest matching index wins, so the answer does not depend on the
 * threads' timing: a chunk stops only past a match already found. */
static void
crack_job(void *arg, size_t i)
{
	struct crack *c = arg;
	size_t hi = i / (c->chunks + 1), ci = i % (c->chunks + 1);
	struct crack_hash *h = &c->h[hi];
	struct crypt_data *cd;
	size_t first = ci * CHUNK, end, tried = 0;

	if ((cd = calloc(1, sizeof(*cd))) == NULL) {
		atomic_store(&c->failed[hi], true);
		return;
	}
	if (ci == c->chunks) {		/* the account's own name, after the list */
		if (h->own != NULL && *h->own) {
			int m = try(h->own, h->hash, cd);

			tried++;
			if (m < 0)
				atomic_store(&c->failed[hi], true);
			else if (m)
				atomic_store(&c->own[hi], true);
		}
	} else {
		end = first + CHUNK < c->n ? first + CHUNK : c->n;
		for (size_t k = first; k < end && (long)k < atomic_load(&c->best[hi]); k++) {
			long cur = atomic_load(&c->best[hi]);
			int m = try(c->cand[k], h->hash, cd);

			tried++;
			if (m < 0) {
				atomic_store(&c->failed[hi], true);
				break;
			}
			if (!m)
				continue;
			while ((long)k < cur && !atomic_compare_exchange_weak(&c->best[hi], &cur, (long)k))
				;
			break;
		}
	}
	atomic_fetch_add(&c->tried[hi], tried);
	free(cd);
}

size_t
crack_run(struct crack_hash *h, size_t nh, const char *const *cand, size_t n, unsigned threads)
{
	struct crack c = { h, nh, cand, n, (n + CHUNK - 1) / CHUNK, NULL, NULL, NULL, NULL };
	size_t total = 0;

	if (nh == 0)
		return 0;
	c.best = calloc(nh, sizeof(*c.best));
	c.own = calloc(nh, sizeof(*c.own));
	c.tried = calloc(nh, sizeof(*c.tried));
	c.failed = calloc(nh, sizeof(*c.failed));
	if (c.best == NULL || c.own == NULL || c.tried == NULL || c.failed == NULL) {
		for (size_t i = 0; i < nh; i++)
			h[i].uncomputable = true;
		free(c.best);
		free(c.own);
		free(c.tried);
		free(c.failed);
		return 0;
	}
	for (size_t i = 0; i < nh; i++) {
		atomic_init(&c.best[i], LONG_MAX);
		atomic_init(&c.own[i], false);
		atomic_init(&c.tried[i], 0);
		atomic_init(&c.failed[i], false);
	}
	if (threads == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		threads = cpus > 0 ? (unsigned)cpus : 1;
	}
	jobs_run(nh * (c.chunks + 1), threads, crack_job, &c);
	for (size_t i = 0; i < nh; i++) {
		long b = atomic_load(&c.best[i]);

		h[i].found = b != LONG_MAX || atomic_load(&c.own[i]);
		h[i].match = b != LONG_MAX ? (int)b : -1;
		h[i].tried = atomic_load(&c.tried[i]);
		/* a match stands; without one, a refused hash was never compared */
		h[i].uncomputable = !h[i].found && atomic_load(&c.failed[i]);
		total += h[i].tried;
	}
	free(c.best);
	free(c.own);
	free(c.tried);
	free(c.failed);
	return total;
}

static bool
all_in(const char *s, size_t n, const char *set)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(set, s[i]) == NULL)
			return false;
	return true;
}

const char *
crack_hash_type(const char *h)
{
	static const struct { const char *prefix, *name; } t[] = {
		{ "$1$", "md5crypt" }, { "$5$", "sha256crypt" }, { "$6$", "sha512crypt" },
		{ "$2a$", "bcrypt" }, { "$2b$", "bcrypt" }, { "$2y$", "bcrypt" },
		{ "$2x$", "bcrypt" }, { "$y$", "yescrypt" }, { "$gy$", "gost-yescrypt" },
		{ "$7$", "scrypt" }, { "$sha1$", "sha1crypt" }, { "$md5", "sunmd5" },
		{ "$3$", "nthash" },
	};
	static const char b64[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strncmp(h, t[i].prefix, strlen(t[i].prefix)) == 0)
			return t[i].name;
	if (strlen(h) == 13 && all_in(h, 13, b64))
		return "descrypt";
	if (h[0] == '_' && strlen(h) == 20 && all_in(h + 1, 19, b64))
		return "bsdicrypt";
	return NULL;
}
