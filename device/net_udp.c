#include "device/net_udp.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
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
	int state;		/* 0 no answer, 1 open, 2 closed, 3 unreachable */
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
add_ptr(const struct dns_rr *rr, void *arg)
{
	json_t *o = arg;

	if (rr->type == DNS_PTR)
		json_array_append_new(json_object_get(o, "services"), json_string(rr->data));
	else if (rr->type == DNS_TXT)
		json_array_append_new(json_object_get(o, "txt"), json_string(rr->data));
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

/* What the answer says, per protocol. */
static void
describe(const struct udp_probe *u, json_t *o)
{
	char v[512];

	switch (u->port) {
	case 5353: {
		json_t *m = json_pack("{s:[], s:[]}", "services", "txt");
		int rc = dns_reply_parse(u->ans, u->anslen, 0, add_ptr, m);

		json_object_set_new(m, "rcode", json_integer(rc));
		json_object_set_new(o, "mdns", m);
		break;
	}
	case 53: {
		json_t *m = json_pack("{s:[], s:[]}", "services", "txt");
		int rc = dns_reply_parse(u->ans, u->anslen, u->id, add_ptr, m);
		json_t *txt = json_object_get(m, "txt");

		json_object_set_new(o, "dns", json_pack("{s:i, s:O?}", "rcode", rc, "version",
		    json_array_size(txt) ? json_array_get(txt, 0) : NULL));
		if (json_array_size(txt))
			json_object_set(o, "product", json_array_get(txt, 0));
		json_decref(m);
		break;
	}
	case 1900: {
		json_t *s = json_object();
		/* Header names match case-insensitively; facts use lower case. */
		static const char *const hdr[] = { "server", "location", "st", "usn", NULL };

		for (int i = 0; hdr[i]; i++)
			if (http_header(u->ans, u->anslen, hdr[i], v, sizeof(v)) == 0)
				json_object_set_new(s, hdr[i], json_string(v));
		if (json_object_get(s, "server"))
			json_object_set(o, "product", json_object_get(s, "server"));
		json_object_set_new(s, "status", json_integer(http_status(u->ans, u->anslen, "HTTP/")));
		json_object_set_new(o, "ssdp", s);
		break;
	}
	case 5683: {
		int code = -1;
		const uint8_t *pl;
		size_t plen;
		char esc[1024];

		if (coap_reply_parse(u->ans, u->anslen, u->id, u->token, &code, &pl, &plen) == 0) {
			net_escape(pl, plen, 512, esc, sizeof(esc));
			json_object_set_new(o, "coap", json_pack("{s:i, s:s, s:b}", "code", code,
			    "resources", esc, "unauthenticated_content", code / 100 == 2));
		}
		break;
	}
	case 161: {
		int es = -1;

		if (snmp_response_parse(u->ans, u->anslen, u->id, &es, v, sizeof(v)) == 0) {
			json_object_set_new(o, "snmp", json_pack("{s:i, s:s, s:b}", "error_status",
			    es, "sys_descr", v, "community_public_accepted", es == 0));
			if (v[0])
				json_object_set_new(o, "product", json_string(v));
		}
		break;
	}
	case 5540: {
		uint16_t proto;
		uint8_t op;

		if (matter_reply_parse(u->ans, u->anslen, &proto, &op) == 0)
			json_object_set_new(o, "matter", json_pack("{s:i, s:i, s:s}", "protocol",
			    proto, "opcode", op, "message", matter_opcode_name(proto, op)));
		break;
	}
	}
}

json_t *
net_udp_probes(const struct net_target *t, int timeout_ms, struct net_log *log)
{
	struct udp_probe u[NPROBES] = { 0 };
	struct pollfd pf[NPROBES];
	long long start = net_now_ms(), dl = start + timeout_ms;
	bool resent = false;
	json_t *out = json_array();

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
			u[i].state = u[i].fd >= 0 && errno == ECONNREFUSED ? 2 : 3;
	}
	for (;;) {
		long long now = net_now_ms();
		int n = 0, waiting = 0;

		if (now >= dl)
			break;
		if (!resent && now >= start + timeout_ms / 2) {
			for (int i = 0; i < NPROBES; i++)
				if (u[i].state == 0 && u[i].fd >= 0)
					(void)send(u[i].fd, u[i].req, u[i].reqlen, 0);
			resent = true;
		}
		for (int i = 0; i < NPROBES; i++) {
			pf[i].fd = u[i].state == 0 ? u[i].fd : -1;
			pf[i].events = POLLIN;
			pf[i].revents = 0;
			waiting += u[i].state == 0;
		}
		if (waiting == 0)
			break;
		n = poll(pf, NPROBES, (int)((resent ? dl : start + timeout_ms / 2) - now));
		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; i < NPROBES && n > 0; i++) {
			ssize_t r;

			if (pf[i].revents == 0)
				continue;
			r = recv(u[i].fd, u[i].ans, sizeof(u[i].ans), 0);
			if (r >= 0) {	/* an empty datagram is an answer too */
				u[i].anslen = (size_t)r;
				u[i].state = 1;
			} else if (errno == ECONNREFUSED) {
				u[i].state = 2;
			} else if (errno == EHOSTUNREACH || errno == ENETUNREACH) {
				u[i].state = 3;
			}
		}
	}
	for (int i = 0; i < NPROBES; i++) {
		char id[16], esc[256 * 4 + 1];
		json_t *o;

		snprintf(id, sizeof(id), "udp/%u", u[i].port);
		o = json_pack("{s:s, s:s, s:i, s:s, s:s}", "id", id, "proto", "udp",
		    "port", u[i].port, "service", u[i].service, "state", state_name[u[i].state]);
		if (u[i].state == 1) {
			net_escape(u[i].ans, u[i].anslen, 256, esc, sizeof(esc));
			json_object_set_new(o, "banner", json_string(esc));
			describe(&u[i], o);
		}
		json_array_append_new(out, o);
		net_log_printf(log, "-- udp/%u (%s): %s\n", u[i].port, u[i].service,
		    u[i].state == 0 ? "no answer" : state_name[u[i].state]);
		net_log_bytes(log, '>', u[i].req, u[i].reqlen);
		net_log_bytes(log, '<', u[i].ans, u[i].anslen);
		if (u[i].fd >= 0)
			close(u[i].fd);
	}
	return out;
}

bool
net_udp_answered(const json_t *probe)
{
	const char *st = json_string_value(json_object_get(probe, "state"));

	return st != NULL && (strcmp(st, "open") == 0 || strcmp(st, "closed") == 0);
}
