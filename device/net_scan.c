/* TCP connect scan: non-blocking connects multiplexed with epoll, a bounded
 * number in flight, a per-attempt timeout, retries for ports that gave no
 * answer (filtered), and a whole-scan deadline. */
#include "device/net_scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include "util/jobs.h"

#define SPARE_FDS 4

enum outcome { O_PENDING, O_OPEN, O_CLOSED, O_NOANSWER, O_AGAIN };

struct slot {
	int fd;			/* -1: free */
	uint16_t port;
	uint8_t attempt;
	long long deadline;
};

struct scan {
	const struct net_target *t;
	const struct scan_params *p;
	struct scan_result *r;
	int ep;
	struct slot *slots;
	int *free_slots;
	int nfree, nslots;
	const struct port_set *ps;
	/* Ring of ports to try again (each port is queued at most once, so
	 * 65536 entries suffice), with the attempt number each is at. */
	uint16_t *retry;
	uint8_t *retry_attempt;
	size_t rhead, rcount;
	unsigned next_port;	/* next port of the first pass */
	unsigned shard, nshards;	/* this scan takes ports p with p % nshards == shard */
	int inflight;
	int rc;
	/* Sockets whose attempt was refused at once, disconnected (connect to
	 * AF_UNSPEC, connect(2)) and ready for the next port: on loopback and
	 * fast LANs socket()+close() are a third of the cost of a scan. */
	int spare[SPARE_FDS];
	int nspare;
};

/* Connected to ourselves (TCP simultaneous open when the source port the
 * kernel picked equals the destination port on a local address). */
static int
self_connected(int fd)
{
	struct sockaddr_storage a, b;
	socklen_t la = sizeof(a), lb = sizeof(b);

	if (getsockname(fd, (struct sockaddr *)&a, &la) != 0 ||
	    getpeername(fd, (struct sockaddr *)&b, &lb) != 0)
		return 0;
	return la == lb && memcmp(&a, &b, la) == 0;
}

static enum outcome
classify_error(int e)
{
	switch (e) {
	case 0: return O_OPEN;
	case ECONNREFUSED: case ECONNRESET: return O_CLOSED;
	case EAGAIN: case EADDRNOTAVAIL: case ENOBUFS: return O_AGAIN;
	default: return O_NOANSWER;	/* timeouts, unreachable: filtered */
	}
}

/* After a connect in progress: the answer may already be there (on a LAN
 * or loopback the RST/SYN-ACK is often processed before connect returns). */
static enum outcome
poll_state(int fd)
{
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	int e = 0;
	socklen_t elen = sizeof(e);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) != 0)
		return O_NOANSWER;
	if (e != 0)
		return classify_error(e);
	if (getpeername(fd, (struct sockaddr *)&peer, &plen) == 0)
		return self_connected(fd) ? O_CLOSED : O_OPEN;
	return O_PENDING;
}

static int
cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

static void
finish(struct scan *s, uint16_t port, uint8_t attempt, enum outcome o)
{
	struct scan_result *r = s->r;

	switch (o) {
	case O_OPEN:
		r->open[r->nopen++] = port;
		break;
	case O_CLOSED:
		r->nclosed++;
		r->closed_map[port >> 3] |= (uint8_t)(1u << (port & 7));
		break;
	case O_AGAIN:
	case O_NOANSWER:
		if (attempt < s->p->retries || o == O_AGAIN) {
			size_t at = (s->rhead + s->rcount++) & 0xffff;

			s->retry[at] = port;
			s->retry_attempt[at] = (uint8_t)(attempt + (o == O_NOANSWER));
			return;
		}
		r->filtered[r->nfiltered++] = port;
		break;
	default:
		return;
	}
	r->ntried++;
}

static void
release(struct scan *s, int i)
{
	close(s->slots[i].fd);
	s->slots[i].fd = -1;
	s->free_slots[s->nfree++] = i;
	s->inflight--;
}

/* Starts one attempt; returns -1 when out of descriptors (try later). */
static int
start(struct scan *s, uint16_t port, uint8_t attempt, long long now)
{
	struct sockaddr_storage sa;
	struct epoll_event ev = { .events = EPOLLOUT };
	enum outcome o;
	int fd, i;

	if (s->nspare > 0)
		fd = s->spare[--s->nspare];
	else if ((fd = socket(s->t->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	net_target_addr(s->t, port, &sa);
	if (connect(fd, (struct sockaddr *)&sa, s->t->salen) == 0)
		o = self_connected(fd) ? O_CLOSED : O_OPEN;
	else if (errno == EINPROGRESS)
		o = poll_state(fd);
	else
		o = classify_error(errno);
	if (o != O_PENDING) {
		struct sockaddr unspec = { .sa_family = AF_UNSPEC };

		if (o == O_CLOSED && s->nspare < SPARE_FDS &&
		    connect(fd, &unspec, sizeof(unspec)) == 0)
			s->spare[s->nspare++] = fd;
		else
			close(fd);
		finish(s, port, attempt, o);
		return 0;
	}
	i = s->free_slots[--s->nfree];
	s->slots[i] = (struct slot){ fd, port, attempt, now + s->p->timeout_ms };
	ev.data.u32 = (uint32_t)i;
	if (epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
		s->slots[i].fd = fd;
		s->inflight++;
		release(s, i);
		finish(s, port, attempt, O_AGAIN);	/* queued again */
		return 0;
	}
	s->inflight++;
	return 0;
}

/* The next attempt to start: the first pass in port order, then retries. */
static int
next_attempt(struct scan *s, uint16_t *port, uint8_t *attempt)
{
	while (s->next_port <= 65535) {
		unsigned p = s->next_port++;

		if (p % s->nshards == s->shard && port_set_has(s->ps, p)) {
			*port = (uint16_t)p;
			*attempt = 0;
			return 1;
		}
	}
	if (s->rcount == 0)
		return 0;
	*port = s->retry[s->rhead];
	*attempt = s->retry_attempt[s->rhead];
	s->rhead = (s->rhead + 1) & 0xffff;
	s->rcount--;
	return 1;
}

static void
expire(struct scan *s, long long now)
{
	for (int i = 0; i < s->nslots; i++) {
		struct slot *sl = &s->slots[i];

		if (sl->fd >= 0 && now >= sl->deadline) {
			uint16_t port = sl->port;
			uint8_t attempt = sl->attempt;

			release(s, i);
			finish(s, port, attempt, O_NOANSWER);
		}
	}
}

static int
scan_loop(struct scan *s)
{
	struct epoll_event evs[256];
	long long now = net_now_ms(), next_expiry = now + s->p->timeout_ms;
	uint16_t port;
	uint8_t attempt;
	int have = 0, n;

	for (;;) {
		if (now >= s->p->deadline_ms)
			return 0;
		/* Fill the window (answers on loopback or a LAN often come at
		 * once, so this loop can run long: watch the deadline). */
		for (unsigned k = 1; s->nfree > 0; k++) {
			if (!have && !(have = next_attempt(s, &port, &attempt)))
				break;
			if (start(s, port, attempt, now) != 0)
				break;	/* no descriptor: wait for one to finish */
			have = 0;
			if ((k & 255) == 0 && (now = net_now_ms()) >= s->p->deadline_ms)
				return 0;
		}
		if (s->inflight == 0) {
			if (!have && !(have = next_attempt(s, &port, &attempt)))
				return 1;
			/* Only transient failures queued: let the kernel recover. */
			usleep(1000);
			now = net_now_ms();
			continue;
		}
		n = epoll_wait(s->ep, evs, 256, (int)(next_expiry > now ? next_expiry - now : 0));
		if (n < 0 && errno != EINTR)
			return -1;
		for (int k = 0; k < n; k++) {
			int i = (int)evs[k].data.u32;
			struct slot *sl = &s->slots[i];
			enum outcome o = poll_state(sl->fd);

			if (o == O_PENDING)
				o = (evs[k].events & (EPOLLERR | EPOLLHUP)) ? O_CLOSED : O_OPEN;
			port = sl->port;
			attempt = sl->attempt;
			release(s, i);
			finish(s, port, attempt, o);
		}
		now = net_now_ms();
		if (now >= next_expiry) {
			expire(s, now);
			/* Check again a tenth of a timeout later: coarse but cheap. */
			next_expiry = now + (s->p->timeout_ms + 9) / 10;
		}
	}
}

/* In-flight bound: what the caller asked for, within the descriptor limit. */
static int
window(const struct scan_params *p)
{
	struct rlimit rl;
	long cap = 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		cap = (long)rl.rlim_cur;
	cap -= 64;	/* leave room for the rest of the process */
	if (cap < 1)
		cap = 1;
	return p->concurrency < cap ? p->concurrency : (int)cap;
}

static void
shard_free(struct scan *s)
{
	while (s->nspare > 0)
		close(s->spare[--s->nspare]);
	for (int i = 0; s->slots != NULL && i < s->nslots; i++)
		if (s->slots[i].fd >= 0)
			close(s->slots[i].fd);
	if (s->ep >= 0)
		close(s->ep);
	free(s->slots);
	free(s->free_slots);
	free(s->retry);
	free(s->retry_attempt);
	scan_result_free(s->r);
	free(s->r);
}

static int
shard_init(struct scan *s, size_t ntcp)
{
	s->ep = -1;
	s->r = calloc(1, sizeof(*s->r));
	if (s->r == NULL)
		return -1;
	s->r->open = calloc(ntcp + 1, sizeof(*s->r->open));
	s->r->filtered = calloc(ntcp + 1, sizeof(*s->r->filtered));
	s->slots = calloc((size_t)s->nslots, sizeof(*s->slots));
	s->free_slots = calloc((size_t)s->nslots, sizeof(*s->free_slots));
	s->retry = calloc(65536, sizeof(*s->retry));
	s->retry_attempt = calloc(65536, 1);
	if (!s->r->open || !s->r->filtered || !s->slots || !s->free_slots || !s->retry ||
	    !s->retry_attempt)
		return -1;
	for (int i = 0; i < s->nslots; i++) {
		s->slots[i].fd = -1;
		s->free_slots[s->nfree++] = s->nslots - 1 - i;
	}
	if ((s->ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return -1;
	return 0;
}

static void
shard_run(void *shards, size_t i)
{
	struct scan *s = &((struct scan *)shards)[i];

	s->rc = scan_loop(s);
}

/* Shards: a large scan is CPU-bound in the kernel's connect path (loopback,
 * a fast LAN), so it runs on up to MAX_SHARDS cores, ports interleaved. */
#define MAX_SHARDS 4
#define SHARD_MIN_PORTS 4096

int
net_tcp_scan(const struct net_target *t, const struct port_set *ps,
    const struct scan_params *p, struct scan_result *r, struct fw_err *err)
{
	struct scan sh[MAX_SHARDS];
	long long start_ms = net_now_ms();
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = 1, win = window(p), rc = -1;

	memset(r, 0, sizeof(*r));
	memset(sh, 0, sizeof(sh));
	if (ps->ntcp >= SHARD_MIN_PORTS && cpus > 1)
		n = cpus < MAX_SHARDS ? (int)cpus : MAX_SHARDS;
	if (win < n)
		n = win;
	for (int i = 0; i < n; i++) {
		sh[i] = (struct scan){ .t = t, .p = p, .ps = ps, .next_port = 1,
		    .shard = (unsigned)i, .nshards = (unsigned)n,
		    .nslots = win / n + (i < win % n) };
		if (shard_init(&sh[i], ps->ntcp) != 0) {
			err_set(err, t->host, ERR_NO_OFFSET, "cannot start the scan: %s",
			    strerror(errno));
			goto out;
		}
	}
	jobs_run((size_t)n, (unsigned)n, shard_run, sh);
	r->open = calloc(ps->ntcp + 1, sizeof(*r->open));
	r->filtered = calloc(ps->ntcp + 1, sizeof(*r->filtered));
	if (r->open == NULL || r->filtered == NULL) {
		err_oom(err, t->host, ERR_NO_OFFSET);
		goto out;
	}
	r->complete = true;
	for (int i = 0; i < n; i++) {
		struct scan_result *x = sh[i].r;

		if (sh[i].rc < 0) {
			err_set(err, t->host, ERR_NO_OFFSET, "scan: %s", strerror(errno));
			goto out;
		}
		r->complete &= sh[i].rc == 1;
		memcpy(r->open + r->nopen, x->open, x->nopen * sizeof(*x->open));
		r->nopen += x->nopen;
		memcpy(r->filtered + r->nfiltered, x->filtered, x->nfiltered * sizeof(*x->filtered));
		r->nfiltered += x->nfiltered;
		r->nclosed += x->nclosed;
		for (size_t k = 0; k < sizeof(r->closed_map); k++)
			r->closed_map[k] |= x->closed_map[k];
		r->ntried += x->ntried;
	}
	qsort(r->open, r->nopen, sizeof(*r->open), cmp_u16);
	qsort(r->filtered, r->nfiltered, sizeof(*r->filtered), cmp_u16);
	rc = 0;
out:
	for (int i = 0; i < n; i++)
		shard_free(&sh[i]);
	r->elapsed_ms = net_now_ms() - start_ms;
	if (rc != 0)
		scan_result_free(r);
	return rc;
}

void
scan_result_free(struct scan_result *r)
{
	free(r->open);
	free(r->filtered);
	r->open = r->filtered = NULL;
	r->nopen = r->nfiltered = 0;
}
