/* Coverage facts of the live network audit (checks/net_coverage.c). */
#ifndef FWAUDIT_NET_COVERAGE_H
#define FWAUDIT_NET_COVERAGE_H

#include <jansson.h>

#include "core/facts.h"
#include "device/net_scan.h"
#include "device/net_udp.h"

struct net_cover {
	const char *spec;		/* --ports as given ("top" by default) */
	const struct port_set *ps;
	const struct scan_result *sr;
	const struct net_udp_answer *udp;	/* net_udp_probes' answers; NULL: not run */
	int attempts;			/* connection attempts per TCP port */
	int timeout_ms;
};

/* net.port.tcp_N / net.port.udp_N for the common ports, and
 * net.common_ports_answered, net.open_ports_identified,
 * net.all_ports_answered; open is the net.open_ports array. */
void net_coverage_facts(struct facts *f, int in, const struct net_cover *c, json_t *open);

#endif
