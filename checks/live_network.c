/* --host: the live network face of the device, as facts net.* and tls.*.
 * Scan (device/net_scan.c), identify each open port (net_probe.c), UDP
 * probes (net_udp.c), TLS on TLS ports (net_tls.c), default logins when
 * asked (net_login.c); then compare with the vendor's expected_ports. The
 * collector records; rules/network.yaml judges. */
#include "checks/live.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>


#include "checks/net_coverage.h"
#include "checks/net_facts.h"
#include "util/hex.h"
#include "util/jobs.h"
#include "core/ruleset.h"
#include "util/sha256.h"
#include "device/net_login.h"
#include "device/net_probe.h"
#include "device/net_scan.h"
#include "device/net_tls.h"
#include "device/net_udp.h"
#include "util/json_out.h"

#define DEFAULT_TIMEOUT_MS 1000
#define DEFAULT_TOTAL_MS (10 * 60 * 1000)
#define DEFAULT_CONCURRENCY 512
#define PROBE_WORKERS 16
#define LOGIN_MAX_ATTEMPTS 40
#define LOGIN_DELAY_MS 50
#define LOGIN_SERVICE_MS (60 * 1000)
/* Failed attempts on one service before its answer speed says anything
 * about brute-force defences (EN 303 645 5.1-5). */
#define RATE_SAMPLE_FAILURES 10
/* Connection attempts per TCP port in the scan (one retry). */
#define SCAN_ATTEMPTS 2
/* Open ports whose probe exchanges go to the transcript (16 KiB each). */
#define MAX_LOGGED 256

struct net_job {
	const struct net_target *t;
	const struct scan_result *scan;
	const struct net_opts *o;
	const struct cred_list *creds;
	struct probe_params pp;
	int timeout_ms;
	long long deadline;
	time_t now;
	json_t **ports, **tls, **logins;	/* one slot per open port */
	struct net_log *logs;	/* --evidence-dir: one per open port (the first MAX_LOGGED) */
};

/* The TLS and login records of one identified port, as facts. */
static void
port_extras(struct net_job *j, size_t i, const struct net_port_probe *p)
{
	struct net_tls_result tr;
	struct net_login_result lr;

	if (p->tls && net_tls_inspect(j->t, p->port, j->timeout_ms, (long long)j->now,
	    &tr) == 0) {
		j->tls[i] = net_tls_json(&tr);
		net_tls_result_free(&tr);
	}
	if (j->o->try_logins) {
		struct login_params lp = { j->timeout_ms, LOGIN_MAX_ATTEMPTS, LOGIN_DELAY_MS,
		    net_now_ms() + LOGIN_SERVICE_MS };

		if (lp.deadline_ms > j->deadline)
			lp.deadline_ms = j->deadline;
		if (net_login_try(j->t, p, j->creds, &lp, &lr))
			j->logins[i] = net_login_json(&lr);
	}
}

/* One open port: probed, its TLS inspected, logins tried (util/jobs.h). */
static void
job_one(void *arg, size_t i)
{
	struct net_job *j = arg;
	struct net_port_probe *p;

	if (net_now_ms() >= j->deadline || (p = malloc(sizeof(*p))) == NULL)
		return;
	net_probe_tcp(j->t, j->scan->open[i], &j->pp,
	    j->logs != NULL && i < MAX_LOGGED ? &j->logs[i] : NULL, p);
	if ((j->ports[i] = net_port_json(p)) != NULL)
		port_extras(j, i, p);
	free(p);
}

static void
run_jobs(struct net_job *j)
{
	size_t want = j->scan->nopen < PROBE_WORKERS ? j->scan->nopen : PROBE_WORKERS;

	if (j->o->jobs > 0 && (size_t)j->o->jobs < want)
		want = (size_t)j->o->jobs;
	jobs_run(j->scan->nopen, (unsigned)want, job_one, j);
}

/* declared.expected_ports: ["tcp/443", "udp/5353"]; NULL if not declared. */
static json_t *
expected_ports(struct facts *f, struct fw_err *err, int *bad)
{
	json_t *v = fact_lookup(f, "declared.expected_ports", NULL), *x;
	size_t i;

	*bad = 0;
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		*bad = 1;
		err_set(err, "declared.expected_ports", ERR_NO_OFFSET,
		    "expected a list like [\"tcp/443\", \"udp/5353\"]");
		return NULL;
	}
	json_array_foreach(v, i, x) {
		const char *s = json_string_value(x);
		char proto[4];
		unsigned port;
		int end = 0;

		if (s == NULL || sscanf(s, "%3[a-z]/%u%n", proto, &port, &end) != 2 ||
		    s[end] != '\0' || (strcmp(proto, "tcp") && strcmp(proto, "udp")) ||
		    port < 1 || port > 65535) {
			*bad = 1;
			err_set(err, "declared.expected_ports", ERR_NO_OFFSET,
			    "item %zu: expected \"tcp/PORT\" or \"udp/PORT\" (1-65535), found %s",
			    i, s ? s : "a non-string");
			return NULL;
		}
	}
	return v;
}

static int
load_creds(const struct net_opts *o, struct cred_list *creds, struct fw_err *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/data/default-credentials.txt", rules_default_dir());
	if (cred_list_load(creds, path, err) != 0)
		return -1;
	if (o->credentials != NULL && cred_list_load(creds, o->credentials, err) != 0)
		return -1;
	return 0;
}

/* UDP probes answered: a reply, or an ICMP port unreachable (closed). */
static size_t
udp_answered(const struct net_udp_answer *udp)
{
	size_t n = 0;

	for (size_t i = 0; udp != NULL && i < NET_UDP_PROBES; i++)
		n += net_udp_answered(&udp[i]);
	return n;
}

/* net.logins, and net.brute_force_samples when some service showed
 * enough failures to judge its defences. */
static void
login_facts(struct facts *f, int in, json_t *logins)
{
	json_t *samples = json_array(), *x;
	size_t i;

	/* A service that never rejected a password (it only reset or
	 * closed) shows nothing about defences against guessing. */
	json_array_foreach(logins, i, x)
		if (json_integer_value(json_object_get(x, "failures")) >= RATE_SAMPLE_FAILURES &&
		    json_integer_value(json_object_get(x, "rejected")) > 0)
			json_array_append(samples, x);
	/* Absent, not empty, when no service saw enough failures:
	 * then brute-force defences were not tested. */
	if (json_array_size(samples) > 0)
		fact_set(f, "net.brute_force_samples", samples, in, NULL);
	else
		json_decref(samples);
	fact_set(f, "net.logins", logins, in, NULL);
}

static void
emit(struct facts *f, int in, const struct net_target *t, const struct net_opts *o,
    const struct port_set *ps, const struct scan_result *sr, struct net_job *j,
    const struct net_udp_answer *udp_answers, json_t *expected)
{
	json_t *udp = udp_answers != NULL ? net_udp_json(udp_answers, NET_UDP_PROBES) : NULL;
	json_t *open = json_array(), *ids = json_array(), *tls = json_array(),
	    *logins = json_array(), *unexpected = json_array(), *filtered = json_array(), *x;
	char excerpt[1024];
	size_t i, off = 0;

	for (i = 0; i < sr->nopen; i++) {
		json_t *p = j->ports[i];

		if (p == NULL)	/* the deadline came first */
			p = net_port_unprobed_json(sr->open[i]);
		json_array_append_new(open, p);
		j->ports[i] = NULL;
		if (j->tls[i] != NULL)
			json_array_append_new(tls, j->tls[i]);
		if (j->logins[i] != NULL)
			json_array_append_new(logins, j->logins[i]);
	}
	json_array_foreach(udp, i, x)
		if (strcmp(json_string_value(json_object_get(x, "state")), "open") == 0)
			json_array_append_new(open, json_deep_copy(x));
	json_array_foreach(open, i, x) {
		const char *id = json_string_value(json_object_get(x, "id"));

		json_array_append_new(ids, json_string(id));
		if (expected != NULL) {
			int ok = json_array_has_string(expected, id);

			json_object_set_new(x, "expected", json_boolean(ok));
			if (!ok)
				json_array_append_new(unexpected, json_string(id));
		}
		if (off < sizeof(excerpt) - 64) {
			const char *svc = json_string_value(json_object_get(x, "service"));

			off += (size_t)snprintf(excerpt + off, sizeof(excerpt) - off, "%s%s %s",
			    i ? ", " : "", id, svc ? svc : "(not identified)");
		}
	}
	for (i = 0; i < sr->nfiltered; i++)
		json_array_append_new(filtered, json_integer(sr->filtered[i]));
	fact_set_str(f, "net.host", t->host, in, NULL);
	fact_set_str(f, "net.address", t->addr, in, NULL);
	fact_set_str(f, "net.family", t->family == AF_INET ? "ipv4" : "ipv6", in, NULL);
	fact_set(f, "net.scan", json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:i, s:b, s:I, "
	    "s:I}", "ports", o->ports ? o->ports : "top", "tcp_ports", (json_int_t)sr->ntried,
	    "open", (json_int_t)sr->nopen, "closed", (json_int_t)sr->nclosed,
	    "filtered", (json_int_t)sr->nfiltered, "elapsed_ms", (json_int_t)sr->elapsed_ms,
	    "tcp_requested", (json_int_t)ps->ntcp, "complete", sr->complete,
	    "timeout_ms", j->timeout_ms, "udp", udp != NULL,
	    "answered", (json_int_t)(sr->nopen + sr->nclosed),
	    "udp_answered", (json_int_t)udp_answered(udp_answers)), in, NULL);
	{
		struct net_cover c = { o->ports ? o->ports : "top", ps, sr, udp_answers,
		    SCAN_ATTEMPTS, j->timeout_ms };

		net_coverage_facts(f, in, &c, open);
	}
	fact_set(f, "net.open_ports", open, in, loc_excerpt(off ? excerpt : "no open ports"));
	fact_set(f, "net.open_port_ids", ids, in, NULL);
	fact_set(f, "net.filtered_ports", filtered, in, NULL);
	fact_set_int(f, "net.tls_port_count", (long long)json_array_size(tls), in, NULL);
	fact_set(f, "tls.services", tls, in, NULL);
	if (udp != NULL)
		fact_set(f, "net.udp_probes", udp, in, NULL);
	if (o->try_logins)
		login_facts(f, in, logins);
	else
		json_decref(logins);
	if (expected != NULL) {
		fact_set_int(f, "net.unexpected_port_count",
		    (long long)json_array_size(unexpected), in, NULL);
		fact_set(f, "net.unexpected_ports", unexpected, in, NULL);
	}
	else
		json_decref(unexpected);
}

/* A piece of the transcript: written and hashed alike. */
static void
transcript_put(FILE *fp, struct sha256_ctx *c, const void *p, size_t n)
{
	fwrite(p, 1, n, fp);
	sha256_update(c, p, n);
}

/* --evidence-dir: what went over the wire, per port in port order, then
 * the UDP probes (never the login attempts: they carry passwords). */
static void
keep_transcript(struct facts *f, int in, const struct net_target *t,
    const struct net_opts *o, const struct scan_result *sr, const struct net_job *j,
    const struct net_log *udp_log)
{
	char path[4096], sha[65], head[512];
	struct sha256_ctx c;
	unsigned char h[32];
	FILE *fp;
	int n, rc;

	snprintf(path, sizeof(path), "%s/network-transcript.txt", o->evidence_dir);
	(void)mkdir(o->evidence_dir, 0755);	/* usually made already by scan */
	if ((fp = fopen(path, "wb")) == NULL) {
		facts_warn(f, "%s: cannot write %s", t->addr, path);
		return;
	}
	if (sha256_init(&c) != 0) {
		fclose(fp);
		facts_warn(f, "%s: cannot write %s", t->addr, path);
		return;
	}
	n = snprintf(head, sizeof(head), "fwaudit network transcript: host %s, address %s, "
	    "ports %s; > sent, < received (escaped)\n", t->host, t->addr,
	    o->ports ? o->ports : "top");
	transcript_put(fp, &c, head, (size_t)n);
	for (size_t i = 0; i < sr->nopen && i < MAX_LOGGED; i++)
		transcript_put(fp, &c, j->logs[i].text, j->logs[i].len);
	transcript_put(fp, &c, udp_log->text, udp_log->len);
	rc = sha256_final(&c, h);
	if (fclose(fp) != 0 || rc != 0) {
		facts_warn(f, "%s: cannot write %s", t->addr, path);
		return;
	}
	hex_encode(h, 32, sha);
	fact_set_str(f, "net.transcript.file", path, in, NULL);
	fact_set_str(f, "net.transcript.sha256", sha, in, NULL);
}

/* The per-port result slots (and transcripts, for --evidence-dir) of the
 * probes of sr's open ports; -1 when out of memory. */
static int
job_alloc(struct net_job *j, const struct scan_result *sr, const struct net_opts *o,
    struct net_log **udp_log)
{
	j->ports = calloc(sr->nopen + 1, sizeof(json_t *));
	j->tls = calloc(sr->nopen + 1, sizeof(json_t *));
	j->logins = calloc(sr->nopen + 1, sizeof(json_t *));
	if (o->evidence_dir != NULL) {
		j->logs = calloc(sr->nopen < MAX_LOGGED ? sr->nopen + 1 : MAX_LOGGED,
		    sizeof(*j->logs));
		*udp_log = calloc(1, sizeof(**udp_log));
	}
	return !j->ports || !j->tls || !j->logins ||
	    (o->evidence_dir != NULL && (j->logs == NULL || *udp_log == NULL)) ? -1 : 0;
}

/* The TLS and login items went to the facts (emit) unless the run failed. */
static void
job_free(struct net_job *j, size_t nopen, bool emitted)
{
	for (size_t i = 0; j->ports != NULL && i < nopen; i++) {
		json_decref(j->ports[i]);
		if (!emitted) {
			json_decref(j->tls[i]);
			json_decref(j->logins[i]);
		}
	}
	free(j->ports);
	free(j->tls);
	free(j->logins);
	free(j->logs);
}

/* Nothing answered at all (no SYN-ACK, no RST, no UDP reply, no ICMP port
 * unreachable): not a device we can say anything about. -1 with err then. */
static int
check_answered(const struct net_opts *o, const struct scan_result *sr,
    const struct net_udp_answer *udp, struct fw_err *err)
{
	size_t n = sr->ntried + (udp != NULL ? NET_UDP_PROBES : 0);

	if (sr->nopen + sr->nclosed > 0 || udp_answered(udp) > 0)
		return 0;
	return err_set(err, o->host, ERR_NO_OFFSET, "no answer on any of %zu probed port%s "
	    "(filtered or unreachable)%s", n, n == 1 ? "" : "s",
	    sr->complete ? "" : "; the scan hit its time limit");
}

int
collect_network(struct facts *f, const struct net_opts *o, struct fw_err *err)
{
	struct net_target t;
	struct port_set *ps = NULL;
	struct scan_result sr = { 0 };
	struct scan_params sp;
	struct cred_list creds = { 0 };
	struct net_job j = { 0 };
	struct net_log *udp_log = NULL;
	struct net_udp_answer *udp = NULL;
	json_t *expected;
	char source[320];
	int in, rc = -1, bad;
	long long start = net_now_ms();
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_pipe;

	expected = expected_ports(f, err, &bad);
	if (bad)
		return -1;
	if ((ps = calloc(1, sizeof(*ps))) == NULL)
		return err_oom(err, o->host, ERR_NO_OFFSET);
	/* A peer that resets while we write (a TLS alert after its reset, a
	 * request after its close) must cost that probe, not the process:
	 * writes fail with EPIPE instead. OpenSSL's socket BIO writes without
	 * MSG_NOSIGNAL, so the signal itself is ignored while we probe. */
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	if (net_ports_parse(o->ports, ps, err) != 0 || net_resolve(o->host, &t, err) != 0)
		goto out;
	if (o->try_logins && load_creds(o, &creds, err) != 0)
		goto out;
	snprintf(source, sizeof(source), "host:%s", t.addr);
	if ((in = facts_add_live(f, source, "network")) < 0) {
		err_oom(err, o->host, ERR_NO_OFFSET);
		goto out;
	}
	j.timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : DEFAULT_TIMEOUT_MS;
	j.deadline = start + (o->total_timeout_ms > 0 ? o->total_timeout_ms : DEFAULT_TOTAL_MS);
	sp = (struct scan_params){ j.timeout_ms, SCAN_ATTEMPTS - 1,
	    o->jobs > 0 ? o->jobs : DEFAULT_CONCURRENCY, j.deadline };
	if (net_tcp_scan(&t, ps, &sp, &sr, err) != 0)
		goto out;
	if (!sr.complete)
		facts_warn(f, "%s: the scan hit its time limit after %zu of %zu ports",
		    t.addr, sr.ntried, ps->ntcp);
	j.t = &t;
	j.scan = &sr;
	j.o = o;
	j.creds = &creds;
	j.pp = (struct probe_params){ j.timeout_ms, j.timeout_ms * 2 / 3 };
	j.now = time(NULL);
	if (job_alloc(&j, &sr, o, &udp_log) != 0) {
		err_oom(err, o->host, ERR_NO_OFFSET);
		goto out;
	}
	run_jobs(&j);
	if (ps->udp && net_now_ms() < j.deadline &&
	    (udp = calloc(NET_UDP_PROBES, sizeof(*udp))) != NULL)
		net_udp_probes(&t, (int)(j.deadline - net_now_ms() < j.timeout_ms ?
		    j.deadline - net_now_ms() : j.timeout_ms), udp_log, udp);
	if (check_answered(o, &sr, udp, err) != 0)
		goto out;
	if (o->evidence_dir != NULL)
		keep_transcript(f, in, &t, o, &sr, &j, udp_log);
	emit(f, in, &t, o, ps, &sr, &j, udp, expected);
	rc = 0;
out:
	job_free(&j, sr.nopen, rc == 0);
	free(udp_log);
	net_udp_answers_free(udp, udp != NULL ? NET_UDP_PROBES : 0);
	free(udp);
	scan_result_free(&sr);
	cred_list_free(&creds);
	free(ps);
	sigaction(SIGPIPE, &old_pipe, NULL);
	return rc;
}
