#include "device/net_probe.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "device/net_conn.h"
#include "device/net_tls.h"
#include "formats/netproto.h"

enum hint { H_NONE, H_HTTP, H_HTTPS, H_MQTT, H_MQTTS, H_RTSP, H_SPEAKS_FIRST, H_COUNT };

/* IANA assignments and the usual IoT habits; only an order of attempts,
 * never a conclusion (every service is confirmed by what it answers). */
static enum hint
port_hint(uint16_t port)
{
	switch (port) {
	case 80: case 81: case 1900: case 5000: case 7547: case 8000: case 8008:
	case 8080: case 8081: case 8123: case 8888: case 9000: case 49152: case 49153:
		return H_HTTP;
	case 443: case 4443: case 8443:
		return H_HTTPS;
	case 1883:
		return H_MQTT;
	case 8883:
		return H_MQTTS;
	case 554: case 8554:
		return H_RTSP;
	case 21: case 22: case 23: case 25: case 2222: case 2323:
		return H_SPEAKS_FIRST;
	default:
		return H_NONE;
	}
}

struct probe {
	const struct net_target *t;
	uint16_t port;
	const struct probe_params *p;
	struct net_port_probe *o;
	struct net_log *log;	/* may be NULL */
	bool have_banner;	/* the first answer seen is kept as evidence */
	enum hint hint;
	/* Whether the service told us anything: bytes on some connection, or
	 * a connection that stayed open and silent through the banner wait
	 * (it does not speak first: not telnet, FTP, SSH). */
	bool answered;
	/* The probe of the port's own protocol (HTTP on 80, MQTT on 1883, ...)
	 * was reset or closed before an answer: what it would have shown
	 * (authentication, TLS) is unknown. */
	const char *cut;
};

/* Copies a string that is known to fit (the buffers are the same size as
 * their sources) and truncates one that does not. */
static void
put(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

static void
keep_evidence(struct probe *pr, const uint8_t *buf, size_t len)
{
	char esc[PROBE_EVIDENCE_BYTES * 4 + 1];

	if (pr->have_banner || len == 0)
		return;
	pr->have_banner = true;
	net_escape(buf, len, PROBE_EVIDENCE_BYTES, esc, sizeof(esc));
	pr->o->has_banner = true;
	put(pr->o->banner, sizeof(pr->o->banner), esc);
	pr->o->banner_bytes = len;
	pr->o->banner_truncated = len >= PROBE_MAX_BYTES;
}

static bool
has_line(const uint8_t *b, size_t n)
{
	return memchr(b, '\n', n) != NULL;
}

/* The first line as text, without the code prefix ("220 "). */
static void
first_line(const uint8_t *b, size_t n, size_t skip, char *out, size_t outlen)
{
	size_t i = skip, o = 0;

	while (i < n && b[i] != '\r' && b[i] != '\n' && o + 1 < outlen) {
		out[o++] = isprint(b[i]) ? (char)b[i] : '?';
		i++;
	}
	out[o] = '\0';
}

static bool
kexinit_arrived(const uint8_t *buf, size_t len)
{
	char ver[256];
	size_t off = ssh_version_line(buf, len, ver, sizeof(ver));

	return off > 0 && ssh_packet_complete(buf + off, len - off);
}

static void
probe_ssh(struct probe *pr, struct net_conn *c, uint8_t *buf, size_t *len, long long dl)
{
	static const char ident[] = "SSH-2.0-fwaudit_probe\r\n";
	char ver[256];
	size_t off = ssh_version_line(buf, *len, ver, sizeof(ver));
	struct probe_ssh *ssh = &pr->o->ssh;
	const char *soft;

	pr->o->service = "ssh";
	put(ssh->version, sizeof(ssh->version), ver);
	/* "SSH-2.0-softwareversion comments" (RFC 4253 4.2). */
	soft = strchr(ver + 4, '-');
	pr->o->has_product = true;
	put(pr->o->product, sizeof(pr->o->product), soft ? soft + 1 : ver);
	pr->o->app = APP_SSH;
	if (net_conn_write(c, ident, sizeof(ident) - 1, dl) != 0)
		return;
	/* The server's KEXINIT follows its identification line. */
	net_conn_read(c, buf, PROBE_MAX_BYTES, len, dl, kexinit_arrived);
	ssh->has_kexinit = ssh_kexinit_parse(buf + off, *len - off, &ssh->kexinit) == 0;
}

static void
probe_telnet(struct probe *pr, const uint8_t *buf, size_t len)
{
	uint8_t text[PROBE_MAX_BYTES], reply[64];
	size_t tlen, rlen;
	struct probe_telnet *tn = &pr->o->telnet;

	telnet_filter(buf, len, text, &tlen, sizeof(text), reply, &rlen, sizeof(reply));
	net_escape(text, tlen, PROBE_EVIDENCE_BYTES, tn->text, sizeof(tn->text));
	pr->o->service = "telnet";
	tn->login_prompt = net_contains_ci(text, tlen, "login") ||
	    net_contains_ci(text, tlen, "username") || net_contains_ci(text, tlen, "password");
	pr->o->app = APP_TELNET;
}

static void http_details(struct probe *pr, const uint8_t *buf, size_t len, int status,
    int tls, bool body_complete);
static bool http_answer_done(const uint8_t *b, size_t n);

/* Classifies what a server said first; true if recognised. */
static bool
classify_banner(struct probe *pr, struct net_conn *c, uint8_t *buf, size_t *len,
    long long dl)
{
	char line[256];
	int status;

	if (*len >= 4 && memcmp(buf, "SSH-", 4) == 0) {
		probe_ssh(pr, c, buf, len, dl);
		return true;
	}
	/* An HTTP server answering before the request (some embedded ones). */
	if ((status = http_status(buf, *len, "HTTP/")) >= 0) {
		http_details(pr, buf, *len, status, 0, http_answer_done(buf, *len));
		return true;
	}
	if (buf[0] == 0xff || net_contains_ci(buf, *len, "login:")) {
		probe_telnet(pr, buf, *len);
		return true;
	}
	if (*len >= 4 && memcmp(buf, "220", 3) == 0) {
		first_line(buf, *len, 4, line, sizeof(line));
		pr->o->service = net_contains_ci(buf, *len, "SMTP") ? "smtp" : "ftp";
		pr->o->has_product = true;
		put(pr->o->product, sizeof(pr->o->product), line);
		return true;
	}
	return false;
}

/* body_complete: the body was read to its end (or to the 2 KiB the
 * login-form check looks at); a head cut short leaves auth unknown and a
 * body cut short leaves login_page unknown, never "none" / false. */
static void
http_details(struct probe *pr, const uint8_t *buf, size_t len, int status, int tls,
    bool body_complete)
{
	struct probe_http *h = &pr->o->http;
	size_t body = http_body_offset(buf, len), i = 0;
	bool form;

	h->status = status;
	h->head = http_head_complete(buf, len);
	h->has_server = http_header(buf, len, "Server", h->server, sizeof(h->server)) == 0;
	if (h->has_server) {
		pr->o->has_product = true;
		put(pr->o->product, sizeof(pr->o->product), h->server);
	}
	h->has_www_authenticate = http_header(buf, len, "WWW-Authenticate",
	    h->www_authenticate, sizeof(h->www_authenticate)) == 0;
	while (h->has_www_authenticate && h->www_authenticate[i] &&
	    h->www_authenticate[i] != ' ' && i + 1 < sizeof(h->scheme)) {
		h->scheme[i] = (char)tolower((unsigned char)h->www_authenticate[i]);
		i++;
	}
	h->scheme[i] = '\0';
	h->has_location = http_header(buf, len, "Location", h->location,
	    sizeof(h->location)) == 0;
	/* A login form: a password input in the first bytes of the body. */
	form = h->head && body < len &&
	    (net_contains_ci(buf + body, len - body, "type=\"password\"") ||
	    net_contains_ci(buf + body, len - body, "type='password'") ||
	    net_contains_ci(buf + body, len - body, "type=password"));
	h->login_page = form || (h->head && body_complete) ? form : -1;
	if (!h->head)
		h->reason = "the answer ended inside the HTTP head";
	else if (!body_complete && !form)
		h->reason = "the answer ended before the body did";
	pr->o->service = tls ? "https" : "http";
	if (h->has_server && net_contains_ci((const uint8_t *)h->server, strlen(h->server),
	    "UPnP"))
		pr->o->service = tls ? "https" : "upnp";
	pr->o->app = APP_HTTP;
}

/* Head complete, and the body up to its Content-Length (at most 2 KiB:
 * enough for the login-form check). */
static bool
http_answer_done(const uint8_t *b, size_t n)
{
	char cl[32];
	size_t body = http_body_offset(b, n);
	unsigned long want = 2048;

	if (!http_head_complete(b, n))
		return false;
	if (http_header(b, n, "Content-Length", cl, sizeof(cl)) == 0 &&
	    strtoul(cl, NULL, 10) < want)
		want = strtoul(cl, NULL, 10);
	return n - body >= want;
}

static bool
probe_http_on(struct probe *pr, struct net_conn *c, uint8_t *buf, size_t *len, long long dl)
{
	char req[512];
	int n, status;

	n = snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: %s\r\n"
	    "User-Agent: fwaudit\r\nAccept: */*\r\nConnection: close\r\n\r\n",
	    pr->t->addr);
	if (net_conn_write(c, req, (size_t)n, dl) != 0)
		return false;
	net_conn_read(c, buf, PROBE_MAX_BYTES, len, dl, http_head_complete);
	/* Some of the body too, for the login-form check: a server that keeps
	 * the connection open without Content-Length gets 200 ms for it. */
	if (http_head_complete(buf, *len) && !http_answer_done(buf, *len))
		net_conn_read(c, buf, PROBE_MAX_BYTES, len, net_now_ms() + 200 < dl ?
		    net_now_ms() + 200 : dl, http_answer_done);
	keep_evidence(pr, buf, *len);
	if ((status = http_status(buf, *len, "HTTP/")) < 0)
		return false;
	/* Without Content-Length the body ends where a clean close ends it
	 * (or where the 200 ms for it ran out); a reset cuts it short. */
	http_details(pr, buf, *len, status, c->ssl != NULL, http_answer_done(buf, *len) ||
	    (c->eof && !c->reset) || !c->eof);
	return true;
}

static bool
probe_mqtt_on(struct probe *pr, struct net_conn *c, uint8_t *buf, size_t *len, long long dl)
{
	uint8_t pkt[64];
	size_t n = mqtt_connect_build(pkt, sizeof(pkt), "fwaudit", NULL, NULL);
	int code;

	if (n == 0 || net_conn_write(c, pkt, n, dl) != 0)
		return false;
	net_conn_read(c, buf, PROBE_MAX_BYTES, len, dl, mqtt_connack_complete);
	keep_evidence(pr, buf, *len);
	if ((code = mqtt_connack_code(buf, *len)) < 0)
		return false;
	pr->o->mqtt_connack = code;
	pr->o->app = APP_MQTT;
	pr->o->service = c->ssl ? "mqtts" : "mqtt";
	return true;
}

static bool
probe_rtsp_on(struct probe *pr, struct net_conn *c, uint8_t *buf, size_t *len, long long dl)
{
	char req[256];
	int n, status;
	struct probe_rtsp *r = &pr->o->rtsp;

	n = snprintf(req, sizeof(req), "OPTIONS rtsp://%s:%u/ RTSP/1.0\r\nCSeq: 1\r\n"
	    "User-Agent: fwaudit\r\n\r\n", pr->t->addr, pr->port);
	if (net_conn_write(c, req, (size_t)n, dl) != 0)
		return false;
	net_conn_read(c, buf, PROBE_MAX_BYTES, len, dl, http_head_complete);
	keep_evidence(pr, buf, *len);
	if ((status = http_status(buf, *len, "RTSP/")) < 0)
		return false;
	r->status = status;
	r->has_server = http_header(buf, *len, "Server", r->server, sizeof(r->server)) == 0;
	if (r->has_server) {
		pr->o->has_product = true;
		put(pr->o->product, sizeof(pr->o->product), r->server);
	}
	r->has_public = http_header(buf, *len, "Public", r->public, sizeof(r->public)) == 0;
	pr->o->app = APP_RTSP;
	pr->o->service = "rtsp";
	return true;
}

typedef bool (*app_probe)(struct probe *, struct net_conn *, uint8_t *, size_t *, long long);
static app_probe plans_fn(enum hint h);

/* One fresh connection (TLS if asked) running one application probe. */
static bool
attempt(struct probe *pr, int tls, app_probe fn)
{
	struct net_conn c;
	uint8_t scratch[PROBE_MAX_BYTES];
	size_t len = 0;
	long long dl = net_now_ms() + pr->p->timeout_ms;
	bool ok = false;
	SSL_CTX *ctx = NULL;

	net_log_printf(pr->log, "-- tcp/%u: connect%s, %s probe\n", pr->port, tls ? " + TLS" : "",
	    fn == probe_http_on ? "HTTP" : fn == probe_mqtt_on ? "MQTT" : "RTSP");
	if (net_conn_open(&c, pr->t, pr->port, pr->p->timeout_ms) != 0) {
		c.eof = true;	/* refused or reset since the scan saw it open */
		goto out;
	}
	c.log = pr->log;
	if (tls) {
		if ((ctx = net_tls_probe_ctx(0)) == NULL ||
		    net_conn_tls(&c, ctx, NULL, dl) != 0)
			goto out;
		pr->o->tls = true;
	}
	ok = fn(pr, &c, scratch, &len, dl);
out:
	if (len > 0 || c.got > 0)
		pr->answered = true;
	if (!ok && c.eof && fn == plans_fn(pr->hint))
		pr->cut = fn == probe_http_on ? (tls ? "HTTPS" : "HTTP") :
		    fn == probe_mqtt_on ? (tls ? "MQTT over TLS" : "MQTT") : "RTSP";
	net_conn_close(&c);
	SSL_CTX_free(ctx);
	return ok;
}

static const struct {
	app_probe fn;
	int tls_first;
	int both;	/* also try the other way (plain/TLS) */
} plans[H_COUNT] = {
	[H_HTTP] = { probe_http_on, 0, 1 },
	[H_HTTPS] = { probe_http_on, 1, 1 },
	[H_MQTT] = { probe_mqtt_on, 0, 1 },
	[H_MQTTS] = { probe_mqtt_on, 1, 1 },
	[H_RTSP] = { probe_rtsp_on, 0, 0 },
};

static app_probe
plans_fn(enum hint h)
{
	return plans[h].fn;
}

/* Waits for a server that speaks first; then the hinted or generic probes. */
static bool
banner_then_probe(struct probe *pr, enum hint h)
{
	struct net_conn c;
	uint8_t buf[PROBE_MAX_BYTES];
	size_t len = 0;
	long long now = net_now_ms(), dl = now + pr->p->timeout_ms;
	bool ok = false;

	net_log_printf(pr->log, "-- tcp/%u: connect, wait %d ms for a banner\n", pr->port,
	    pr->p->banner_ms);
	if (net_conn_open(&c, pr->t, pr->port, pr->p->timeout_ms) != 0)
		return false;
	c.log = pr->log;
	net_conn_read(&c, buf, sizeof(buf), &len, now + pr->p->banner_ms, has_line);
	if (len > 0 || !c.eof)
		pr->answered = true;	/* it spoke, or held its silence */
	if (len > 0) {
		/* Keep reading a little: prompts often come in pieces. */
		net_conn_read(&c, buf, sizeof(buf), &len, net_now_ms() + 100, NULL);
		keep_evidence(pr, buf, len);
		ok = classify_banner(pr, &c, buf, &len, dl);
		if (!ok)
			pr->o->service = "unknown";
		net_conn_close(&c);
		return true;	/* it spoke: nothing else to ask it */
	}
	if (h == H_NONE && !c.eof)
		ok = probe_http_on(pr, &c, buf, &len, dl);
	if (c.got > 0)
		pr->answered = true;
	net_conn_close(&c);
	return ok;
}

void
net_probe_tcp(const struct net_target *t, uint16_t port, const struct probe_params *p,
    struct net_log *log, struct net_port_probe *out)
{
	enum hint h = port_hint(port);
	struct probe pr = { .t = t, .port = port, .p = p, .o = out, .log = log, .hint = h };

	memset(out, 0, sizeof(*out));
	out->port = port;
	out->service = "unknown";
	/* Known ports: their protocol first, plain or TLS as usual there,
	 * then the other way round (HTTPS on 80 happens, so does plain 443). */
	if (plans[h].fn != NULL &&
	    (attempt(&pr, plans[h].tls_first, plans[h].fn) ||
	    (plans[h].both && attempt(&pr, !plans[h].tls_first, plans[h].fn))))
		return;
	if (banner_then_probe(&pr, h))
		return;
	/* Silent to a plain request: perhaps TLS (HTTPS or MQTT inside). */
	if ((h == H_NONE || h == H_SPEAKS_FIRST) && attempt(&pr, 1, probe_http_on))
		return;
	/* Nothing recognised. "unknown" is itself evidence (it does not speak
	 * first and answers none of our probes) only if it was seen to
	 * answer or hold; a port whose every connection was reset or closed,
	 * or whose own protocol's probe was, is not identified at all. */
	if (!pr.answered)
		snprintf(out->reason, sizeof(out->reason), "open, but every probe connection was "
		    "refused, reset or closed before an answer");
	else if (pr.cut != NULL)
		snprintf(out->reason, sizeof(out->reason), "open, but reset or closed at the %s "
		    "probe before an answer", pr.cut);
	else
		return;
	out->service = NULL;
}

int
net_http_get(const struct net_target *t, uint16_t port, int tls, const char *path,
    const char *authorization, int timeout_ms, uint8_t *buf, size_t cap, size_t *len)
{
	struct net_conn c;
	char req[1024];
	long long dl = net_now_ms() + timeout_ms;
	SSL_CTX *ctx = NULL;
	int n, status = -1;

	*len = 0;
	if (net_conn_open(&c, t, port, timeout_ms) != 0)
		return -1;
	if (tls && ((ctx = net_tls_probe_ctx(0)) == NULL ||
	    net_conn_tls(&c, ctx, NULL, dl) != 0))
		goto out;
	n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: fwaudit\r\n"
	    "%s%s%sConnection: close\r\n\r\n", path, t->addr,
	    authorization ? "Authorization: " : "", authorization ? authorization : "",
	    authorization ? "\r\n" : "");
	if (n < 0 || (size_t)n >= sizeof(req) || net_conn_write(&c, req, (size_t)n, dl) != 0)
		goto out;
	net_conn_read(&c, buf, cap, len, dl, http_head_complete);
	status = http_status(buf, *len, "HTTP/");
out:
	net_conn_close(&c);
	SSL_CTX_free(ctx);
	return status;
}
