/* TCP connect scan of ONE address: the host given is resolved once, one
 * address is picked, and nothing else is ever contacted (DESIGN.md: network
 * probes touch only the address given). */
#ifndef FWAUDIT_NET_SCAN_H
#define FWAUDIT_NET_SCAN_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/error.h"

struct net_target {
	const char *host;		/* as the user gave it */
	char addr[INET6_ADDRSTRLEN];	/* the one numeric address used */
	struct sockaddr_storage sa;	/* port 0; callers set the port */
	socklen_t salen;
	int family;			/* AF_INET or AF_INET6 */
};

/* Resolves host (IPv4/IPv6 literal or a name) once and keeps the first
 * address; 0, or -1 with err naming the host. */
int net_resolve(const char *host, struct net_target *t, struct fw_err *err);
/* A copy of the target's address with port set, for connect/sendto. */
void net_target_addr(const struct net_target *t, uint16_t port,
    struct sockaddr_storage *sa);

/* A set of TCP ports plus whether the UDP probes run. */
struct port_set {
	uint8_t tcp[65536 / 8];
	size_t ntcp;
	bool udp;
};

static inline bool
port_set_has(const struct port_set *ps, unsigned port)
{
	return port < 65536 && (ps->tcp[port >> 3] >> (port & 7) & 1);
}

/* Parses --ports: comma-separated ports and ranges ("22,80,8000-8100"),
 * "top" (common IoT services and the UDP probes), "all" (1-65535 and the
 * UDP probes), "udp" (the UDP probes). NULL means "top". 0, or -1 with err. */
int net_ports_parse(const char *spec, struct port_set *ps, struct fw_err *err);
/* The "top" list (common IoT services), ascending; its length. */
size_t net_top_ports(const uint16_t **ports);

struct scan_params {
	int timeout_ms;		/* per connection attempt */
	int retries;		/* extra attempts for ports that did not answer */
	int concurrency;	/* connection attempts in flight */
	long long deadline_ms;	/* whole scan, on net_now_ms()'s clock */
};

struct scan_result {
	uint16_t *open;		/* ascending */
	size_t nopen;
	uint16_t *filtered;	/* no answer after every retry, ascending */
	size_t nfiltered;
	size_t nclosed;
	uint8_t closed_map[65536 / 8];	/* ports that refused (RST): bit per port */
	size_t ntried;		/* ports finished (open + closed + filtered) */
	bool complete;		/* false: the whole-scan deadline cut it short */
	long long elapsed_ms;
};

int net_tcp_scan(const struct net_target *t, const struct port_set *ps,
    const struct scan_params *p, struct scan_result *r, struct fw_err *err);
void scan_result_free(struct scan_result *r);

static inline bool
scan_closed(const struct scan_result *r, unsigned port)
{
	return port < 65536 && (r->closed_map[port >> 3] >> (port & 7) & 1);
}

/* Monotonic milliseconds. */
long long net_now_ms(void);

#endif
