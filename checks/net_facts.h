/* The fact shapes of the live network audit: the device layer's plain
 * records (device/net_probe.h, net_tls.h, net_udp.h, net_login.h) as the
 * items of net.open_ports, tls.services, net.udp_probes and net.logins
 * (documented in rules/facts/net.yaml). Each returns a new reference, or
 * NULL on allocation failure. */
#ifndef FWAUDIT_NET_FACTS_H
#define FWAUDIT_NET_FACTS_H

#include <jansson.h>
#include <stddef.h>

#include "device/net_login.h"
#include "device/net_probe.h"
#include "device/net_tls.h"
#include "device/net_udp.h"

/* {"id": "tcp/PORT", "proto": "tcp", "port", "service" (null when never
 * seen to answer, with "reason"), "tls", "banner", "banner_bytes",
 * "banner_truncated", "product", and per service "ssh"/"http"/"telnet"/
 * "mqtt"/"rtsp"}. */
json_t *net_port_json(const struct net_port_probe *p);

/* The item of an open port the audit had no time left to probe: service
 * null, with the reason. */
json_t *net_port_unprobed_json(uint16_t port);

/* {"id", "port", "versions" (accepted), "versions_tried",
 *  "versions_unavailable", "versions_refused", "versions_no_answer",
 *  "legacy_tested" (true, or null when untested), "negotiated", "cipher",
 *  "chain": [{...}], "cert": {...}, "reason"}. */
json_t *net_tls_json(const struct net_tls_result *r);

/* An array, one item per probe: {"id": "udp/PORT", "proto": "udp", "port",
 * "service", "state", "banner", "product", and per protocol "mdns"/"dns"/
 * "ssdp"/"coap"/"snmp"/"matter"}. */
json_t *net_udp_json(const struct net_udp_answer *a, size_t n);

/* {"id", "port", "service", "method", "attempts", "failures", "success",
 *  "refused", "rejected", "complete" (true, or null with "reason"),
 *  "rate_limited", "label", "credential" (masked, on success)}. */
json_t *net_login_json(const struct net_login_result *r);

#endif
