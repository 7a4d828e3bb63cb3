/* UDP probes, each a real request of its protocol sent to the target only:
 * mDNS 5353 (_services._dns-sd._udp.local PTR), SSDP 1900 (M-SEARCH), CoAP
 * 5683 (GET /.well-known/core), DNS 53 (version.bind CH TXT), SNMP 161
 * (sysDescr.0 with community "public"), Matter 5540 (PBKDFParamRequest).
 * Each answer is a plain record; checks/net_facts.c makes facts of them. */
#ifndef FWAUDIT_NET_UDP_H
#define FWAUDIT_NET_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device/net_conn.h"
#include "device/net_scan.h"

/* The probes, in the order net_udp_probes answers them. */
#define NET_UDP_PROBES 6
struct net_udp_service {
	uint16_t port;
	const char *service;	/* mdns, ssdp, ... as in net.open_ports */
	const char *request;	/* what is sent, for evidence */
};
extern const struct net_udp_service net_udp_services[NET_UDP_PROBES];

enum udp_state { UDP_NO_ANSWER, UDP_OPEN, UDP_CLOSED, UDP_UNREACHABLE };

/* Record names or texts from a DNS answer, in the order they came. */
struct net_names {
	char **v;
	size_t n;
};

struct udp_dns {		/* mDNS and DNS */
	int rcode;		/* -1: malformed or not an answer to our query */
	struct net_names ptr, txt;
};

struct udp_ssdp {
	int status;		/* HTTP status line, or -1 */
	/* server, location, st, usn (lower case, as the facts name them) */
	bool has[4];
	char value[4][512];
};

struct net_udp_answer {
	uint16_t port;
	const char *service;
	enum udp_state state;
	char banner[256 * 4 + 1];	/* the answer's first bytes, escaped (open only) */
	bool has_product;
	char product[512];
	/* What the answer said, by port (open only): */
	struct udp_dns dns;		/* 5353, 53 */
	struct udp_ssdp ssdp;		/* 1900 */
	bool has_coap;
	int coap_code;			/* as class * 100 + detail */
	char coap_resources[1024];	/* the link-format payload, escaped */
	bool has_snmp;
	int snmp_error_status;
	char snmp_sys_descr[512];
	bool has_matter;
	uint16_t matter_protocol;
	uint8_t matter_opcode;
	const char *matter_message;
};

/* Runs every probe at once into out[NET_UDP_PROBES] (services in the order
 * above); the whole takes at most timeout_ms (one resend halfway). Free
 * with net_udp_answers_free. */
void net_udp_probes(const struct net_target *t, int timeout_ms, struct net_log *log,
    struct net_udp_answer *out);
void net_udp_answers_free(struct net_udp_answer *a, size_t n);
/* Whether a probe was answered: a reply ("open") or an ICMP port
 * unreachable ("closed"); "no_answer" and "unreachable" were not. */
bool net_udp_answered(const struct net_udp_answer *a);
const char *net_udp_state_name(enum udp_state s);	/* "open", "no_answer", ... */

#endif
