/* What answers on an open TCP port: banner grabs and small protocol probes
 * (telnet, SSH, HTTP, HTTPS, MQTT, MQTT over TLS, FTP, RTSP, UPnP), each
 * connection bounded in bytes and time. The answer is a plain record;
 * checks/net_facts.c turns it into the net.open_ports item. */
#ifndef FWAUDIT_NET_PROBE_H
#define FWAUDIT_NET_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "device/net_conn.h"
#include "device/net_scan.h"
#include "formats/netproto.h"

#define PROBE_MAX_BYTES 4096	/* per connection: an endless banner stops here */
#define PROBE_EVIDENCE_BYTES 256	/* first bytes kept as evidence */
#define PROBE_TEXT 256		/* header values, product names, version lines */

struct probe_params {
	int timeout_ms;		/* per connection */
	int banner_ms;		/* how long to wait for a server that speaks first */
};

/* Which application protocol answered (at most one per port). */
enum probe_app { APP_NONE, APP_SSH, APP_HTTP, APP_TELNET, APP_MQTT, APP_RTSP };

struct probe_http {
	int status;
	bool head;		/* the head arrived whole: auth is at least "none" */
	bool has_server, has_www_authenticate, has_location;
	char server[PROBE_TEXT];
	char www_authenticate[PROBE_TEXT];
	char scheme[32];	/* of www_authenticate, lower case */
	char location[PROBE_TEXT];
	int login_page;		/* 1 a password form, 0 none, -1 unknown (cut short) */
	const char *reason;	/* why auth or login_page is unknown, or NULL */
};

struct probe_ssh {
	char version[PROBE_TEXT];	/* the identification line */
	bool has_kexinit;
	struct ssh_kexinit kexinit;	/* the server's name-lists */
};

struct probe_telnet {
	char text[PROBE_EVIDENCE_BYTES * 4 + 1];	/* escaped, options filtered out */
	bool login_prompt;
};

struct probe_rtsp {
	int status;
	bool has_server, has_public;
	char server[PROBE_TEXT];
	char public[PROBE_TEXT];	/* the Public: method list */
};

struct net_port_probe {
	uint16_t port;
	/* "ssh", "http", ...; "unknown" when it answered none of our probes;
	 * NULL when it was never seen to answer (reason says why). */
	const char *service;
	bool tls;		/* a TLS handshake completed on it */
	bool has_banner;	/* the first answer seen, as evidence */
	char banner[PROBE_EVIDENCE_BYTES * 4 + 1];
	size_t banner_bytes;
	bool banner_truncated;
	bool has_product;
	char product[PROBE_TEXT];
	enum probe_app app;	/* which one of the following holds the answer */
	struct probe_ssh ssh;
	struct probe_http http;
	struct probe_telnet telnet;
	int mqtt_connack;	/* the CONNACK return code (0: accepted) */
	struct probe_rtsp rtsp;
	char reason[160];	/* when service is NULL */
};

/* Identifies the service on an open port into *out. */
void net_probe_tcp(const struct net_target *t, uint16_t port,
    const struct probe_params *p, struct net_log *log, struct net_port_probe *out);

/* HTTP(S) GET of path (with an optional Authorization header value) over a
 * fresh connection: the status code, or -1; the head and the first bytes of
 * the body go to buf. Shared with the login checks. */
int net_http_get(const struct net_target *t, uint16_t port, int tls, const char *path,
    const char *authorization, int timeout_ms, uint8_t *buf, size_t cap, size_t *len);

#endif
