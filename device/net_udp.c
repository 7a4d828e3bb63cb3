#include "device/net_udp.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "device/net_conn.h"
#include "formats/netproto.h"

#define UDP_MAX 2048
#define NPROBES NET_UDP_PROBES

const struct net_udp_service net_udp_services[NET_UDP_PROBES] = {
	{ 5353, "mdns", "mDNS _services._dns-sd._udp.local PTR" },
	{ 1900, "ssdp", "SSDP M-SEARCH" },
	{ 5683, "coap", "CoAP GET /.well-known/core" },
	{ 53, "dns", "DNS version.bind CH TXT" },
	{ 161, "snmp", "SNMP get sysDescr.0, community public" },
	{ 5540, "matter", "Matter PBKDFParamRequest" },
};

struct udp_probe {
	uint16_t port;
	const char *service;
	uint8_t req[512];
	size_t reqlen;
	uint8_t ans[UDP_MAX];
	size_t anslen;
	int fd;
	enum udp_state state;
	uint16_t id;		/* DNS id / CoAP message id / SNMP request id */
	uint8_t token[4];
};

static const char *const state_name[] = { "no_answer", "open", "closed", "unreachable" };
static const uint32_t sysdescr_oid[] = { 1, 3, 6, 1, 2, 1, 1, 1, 0 };
static const char *const wellknown_core[] = { ".well-known", "core", NULL };

static void
build(struct udp_probe *u, const struct net_target *t)
{
	uint8_t rnd[32];
	int n;

	RAND_bytes(rnd, sizeof(rnd));
	u->id = (uint16_t)(rnd[0] << 8 | rnd[1]);
	memcpy(u->token, rnd + 2, 4);
	switch (u->port) {
	case 5353:
		/* Class IN with the QU bit: ask for a unicast reply (RFC 6762 5.4). */
		u->reqlen = dns_query_build(u->req, sizeof(u->req), 0,
		    "_services._dns-sd._udp.local", DNS_PTR, 0x8000 | DNS_CLASS_IN);
		break;
	case 53:
		u->reqlen = dns_query_build(u->req, sizeof(u->req), u->id, "version.bind",
		    DNS_TXT, DNS_CLASS_CH);
		break;
	case 1900:
		/* UPnP Device Architecture 1.1, 1.3.2: M-SEARCH, here unicast. */
		n = snprintf((char *)u->req, sizeof(u->req), "M-SEARCH * HTTP/1.1\r\n"
		    "HOST: %s:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n"
		    "USER-AGENT: fwaudit\r\n\r\n", t->addr);
		u->reqlen = n > 0 && (size_t)n < sizeof(u->req) ? (size_t)n : 0;
		break;
	case 5683:
		u->reqlen = coap_get_build(u->req, sizeof(u->req), u->id, u->token,
		    wellknown_core);
		break;
	case 161:
		u->reqlen = snmp_get_build(u->req, sizeof(u->req), "public", u->id,
		    sysdescr_oid, sizeof(sysdescr_oid) / sizeof(sysdescr_oid[0]));
		break;
	case 5540:
		u->reqlen = matter_pbkdf_request_build(u->req, sizeof(u->req),
		    (uint32_t)rnd[6] << 24 | rnd[7] << 16 | rnd[8] << 8 | rnd[9], u->id,
		    (uint16_t)(rnd[10] << 8 | rnd[11]), rnd);
		break;
	}
}

static void
names_add(struct net_names *l, const char *s)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (v == NULL)
		return;
	l->v = v;
	if ((v[l->n] = strdup(s)) != NULL)
		l->n++;
}

static void
add_rr(const struct dns_rr *rr, void *arg)
{
	struct udp_dns *d = arg;

	if (rr->type == DNS_PTR)
		names_add(&d->ptr, rr->data);
	else if (rr->type == DNS_TXT)
		names_add(&d->txt, rr->data);
}

static const char *
matter_opcode_name(uint16_t protocol, uint8_t op)
{
	if (protocol != 0)
		return "other";
	switch (op) {
	case 0x10: return "MRP standalone ack";
	case 0x21: return "PBKDFParamResponse";
	case 0x40: return "StatusReport";
	default: return "secure channel message";
	}
}

static void
describe_ssdp(const struct udp_probe *u, struct net_udp_answer *o)
{
	/* Header names match case-insensitively; facts use lower case. */
	static const char *const hdr[] = { "server", "location", "st", "usn" };

	for (int i = 0; i < 4; i++)
		o->ssdp.has[i] = http_header(u->ans, u->anslen, hdr[i], o->ssdp.value[i],
		    sizeof(o->ssdp.value[i])) == 0;
	if ((o->has_product = o->ssdp.has[0]))
		snprintf(o->product, sizeof(o->product), "%s", o->ssdp.value[0]);
	o->ssdp.status = http_status(u->ans, u->anslen, "HTTP/");
}

/* What the answer says, per protocol. */
static void
describe(const struct udp_probe *u, struct net_udp_answer *o)
{
	const uint8_t *pl;
	size_t plen;
	uint16_t proto;
	uint8_t op;

	switch (u->port) {
	case 5353:
	case 53:
		o->dns.rcode = dns_reply_parse(u->ans, u->anslen, u->port == 53 ? u->id : 0,
		    add_rr, &o->dns);
		if ((o->has_product = u->port == 53 && o->dns.txt.n > 0))
			snprintf(o->product, sizeof(o->product), "%s", o->dns.txt.v[0]);
		break;
	case 1900:
		describe_ssdp(u, o);
		break;
	case 5683:
		if ((o->has_coap = coap_reply_parse(u->ans, u->anslen, u->id, u->token,
		    &o->coap_code, &pl, &plen) == 0))
			net_escape(pl, plen, 512, o->coap_resources, sizeof(o->coap_resources));
		break;
	case 161:
		o->snmp_error_status = -1;
		o->has_snmp = snmp_response_parse(u->ans, u->anslen, u->id,
		    &o->snmp_error_status, o->snmp_sys_descr, sizeof(o->snmp_sys_descr)) == 0;
		if ((o->has_product = o->has_snmp && o->snmp_sys_descr[0]))
			snprintf(o->product, sizeof(o->product), "%s", o->snmp_sys_descr);
		break;
	case 5540:
		if ((o->has_matter = matter_reply_parse(u->ans, u->anslen, &proto, &op) == 0)) {
			o->matter_protocol = proto;
			o->matter_opcode = op;
			o->matter_message = matter_opcode_name(proto, op);
		}
		break;
	}
}

/* Builds and sends every request on its own connected socket. */
static void
send_all(struct udp_probe *u, const struct net_target *t)
{
	for (int i = 0; i < NPROBES; i++) {
		struct sockaddr_storage sa;

		u[i].port = net_udp_services[i].port;
		u[i].service = net_udp_services[i].service;
		build(&u[i], t);
		u[i].fd = socket(t->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		net_target_addr(t, u[i].port, &sa);
		/* Connected: replies from anyone else are dropped by the kernel,
		 * and an ICMP port unreachable shows up as ECONNREFUSED. */
		/* A local failure (no route, no socket) is no answer from the
		 * target: "closed" needs its ICMP port unreachable. */
		if (u[i].fd < 0 || u[i].reqlen == 0 ||
		    connect(u[i].fd, (struct sockaddr *)&sa, t->salen) != 0 ||
		    send(u[i].fd, u[i].req, u[i].reqlen, 0) < 0)
			u[i].state = u[i].fd >= 0 && errno == ECONNREFUSED ? UDP_CLOSED :
			    UDP_UNREACHABLE;
	}
}

/* Takes what arrived on the sockets poll marked. */
static void
receive(struct udp_probe *u, const struct pollfd *pf, int n)
{
	for (int i = 0; i < NPROBES && n > 0; i++) {
		ssize_t r;

		if (pf[i].revents == 0)
			continue;
		r = recv(u[i].fd, u[i].ans, sizeof(u[i].ans), 0);
		if (r >= 0) {	/* an empty datagram is an answer too */
			u[i].anslen = (size_t)r;
			u[i].state = UDP_OPEN;
		} else if (errno == ECONNREFUSED) {
			u[i].state = UDP_CLOSED;
		} else if (errno == EHOSTUNREACH || errno == ENETUNREACH) {
			u[i].state = UDP_UNREACHABLE;
		}
	}
}

/* Waits for the answers until every probe has one or timeout_ms passed,
 * resending the unanswered requests once halfway. */
static void
wait_all(struct udp_probe *u, int timeout_ms)
{
	struct pollfd pf[NPROBES];
	long long start = net_now_ms(), dl = start + timeout_ms;
	bool resent = false;

	for (;;) {
		long long now = net_now_ms();
		int n = 0, waiting = 0;

		if (now >= dl)
			break;
		if (!resent && now >= start + timeout_ms / 2) {
			for (int i = 0; i < NPROBES; i++)
				if (u[i].state == UDP_NO_ANSWER && u[i].fd >= 0)
					(void)send(u[i].fd, u[i].req, u[i].reqlen, 0);
			resent = true;
		}
		for (int i = 0; i < NPROBES; i++) {
			pf[i].fd = u[i].state == UDP_NO_ANSWER ? u[i].fd : -1;
			pf[i].events = POLLIN;
			pf[i].revents = 0;
			waiting += u[i].state == UDP_NO_ANSWER;
		}
		if (waiting == 0)
			break;
		n = poll(pf, NPROBES, (int)((resent ? dl : start + timeout_ms / 2) - now));
		if (n < 0 && errno != EINTR)
			break;
		receive(u, pf, n);
	}
}

void
net_udp_probes(const struct net_target *t, int timeout_ms, struct net_log *log,
    struct net_udp_answer *out)
{
	struct udp_probe u[NPROBES] = { 0 };

	send_all(u, t);
	wait_all(u, timeout_ms);
	for (int i = 0; i < NPROBES; i++) {
		struct net_udp_answer *o = &out[i];

		memset(o, 0, sizeof(*o));
		o->port = u[i].port;
		o->service = u[i].service;
		o->state = u[i].state;
		if (u[i].state == UDP_OPEN) {
			net_escape(u[i].ans, u[i].anslen, 256, o->banner, sizeof(o->banner));
			describe(&u[i], o);
		}
		net_log_printf(log, "-- udp/%u (%s): %s\n", u[i].port, u[i].service,
		    u[i].state == UDP_NO_ANSWER ? "no answer" : state_name[u[i].state]);
		net_log_bytes(log, '>', u[i].req, u[i].reqlen);
		net_log_bytes(log, '<', u[i].ans, u[i].anslen);
		if (u[i].fd >= 0)
			close(u[i].fd);
	}
}

static void
names_free(struct net_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
net_udp_answers_free(struct net_udp_answer *a, size_t n)
{
	for (size_t i = 0; a != NULL && i < n; i++) {
		names_free(&a[i].dns.ptr);
		names_free(&a[i].dns.txt);
	}
}

bool
net_udp_answered(const struct net_udp_answer *a)
{
	return a->state == UDP_OPEN || a->state == UDP_CLOSED;
}

const char *
net_udp_state_name(enum udp_state s)
{
	return state_name[s];
}
