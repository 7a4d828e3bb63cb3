/* UDP probes, each a real request of its protocol sent to the target only:
 * mDNS 5353 (_services._dns-sd._udp.local PTR), SSDP 1900 (M-SEARCH), CoAP
 * 5683 (GET /.well-known/core), DNS 53 (version.bind CH TXT), SNMP 161
 * (sysDescr.0 with community "public"), Matter 5540 (PBKDFParamRequest). */
#ifndef FWAUDIT_NET_UDP_H
#define FWAUDIT_NET_UDP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "device/net_conn.h"
#include "device/net_scan.h"

/* An array with one object per probe: {"id": "udp/PORT", "proto": "udp",
 * "port", "service", "state": "open"|"closed"|"no_answer", "banner", ...
 * what the answer said}. All probes run at once; the whole takes at most
 * timeout_ms (one resend halfway). */
/* The probes, in the order net_udp_probes answers them. */
#define NET_UDP_PROBES 6
struct net_udp_service {
	uint16_t port;
	const char *service;	/* mdns, ssdp, ... as in net.open_ports */
	const char *request;	/* what is sent, for evidence */
};
extern const struct net_udp_service net_udp_services[NET_UDP_PROBES];

json_t *net_udp_probes(const struct net_target *t, int timeout_ms, struct net_log *log);
/* Whether one item of that array answered: a reply ("open") or an ICMP
 * port unreachable ("closed"); "no_answer" and "unreachable" did not. */
bool net_udp_answered(const json_t *probe);

#endif
