/* What answers on an open TCP port: banner grabs and small protocol probes
 * (telnet, SSH, HTTP, HTTPS, MQTT, MQTT over TLS, FTP, RTSP, UPnP), each
 * connection bounded in bytes and time. */
#ifndef FWAUDIT_NET_PROBE_H
#define FWAUDIT_NET_PROBE_H

#include <jansson.h>
#include <stdint.h>

#include "device/net_conn.h"
#include "device/net_scan.h"

#define PROBE_MAX_BYTES 4096	/* per connection: an endless banner stops here */
#define PROBE_EVIDENCE_BYTES 256	/* first bytes kept as evidence */

struct probe_params {
	int timeout_ms;		/* per connection */
	int banner_ms;		/* how long to wait for a server that speaks first */
};

/* A new object {"id": "tcp/PORT", "proto": "tcp", "port", "service", "tls",
 * "banner", "product", and per service "ssh"/"http"/"mqtt"/"ftp"/"telnet"/
 * "rtsp"}; service is "unknown" when nothing was recognised. */
json_t *net_probe_tcp(const struct net_target *t, uint16_t port,
    const struct probe_params *p, struct net_log *log);

/* HTTP(S) GET of path (with an optional Authorization header value) over a
 * fresh connection: the status code, or -1; the head and the first bytes of
 * the body go to buf. Shared with the login checks. */
int net_http_get(const struct net_target *t, uint16_t port, int tls, const char *path,
    const char *authorization, int timeout_ms, uint8_t *buf, size_t cap, size_t *len);

#endif
