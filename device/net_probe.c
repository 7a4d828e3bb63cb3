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
	json_t *o;
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

static void
set_str(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, json_string(v));
}

static void
keep_evidence(struct probe *pr, const uint8_t *buf, size_t len)
{
	char esc[PROBE_EVIDENCE_BYTES * 4 + 1];

	if (pr->have_banner || len == 0)
		return;
	pr->have_banner = true;
	net_escape(buf, len, PROBE_EVIDENCE_BYTES, esc, sizeof(esc));
	set_str(pr->o, "banner", esc);
	json_object_set_new(pr->o, "banner_bytes", json_integer((json_int_t)len));
	json_object_set_new(pr->o, "banner_truncated", json_boolean(len >= PROBE_MAX_BYTES));
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

static json_t *
split_list(const char *s)
{
	json_t *a = json_array();
	const char *p = s;

	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);

		json_array_append_new(a, json_stringn(p, n));
		p += n + (c ? 1 : 0);
	}
	return a;
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
	struct ssh_kexinit k;
	json_t *ssh = json_object();
	const char *soft;

	set_str(pr->o, "service", "ssh");
	set_str(ssh, "version", ver);
	/* "SSH-2.0-softwareversion comments" (RFC 4253 4.2). */
	soft = strchr(ver + 4, '-');
	set_str(pr->o, "product", soft ? soft + 1 : ver);
	json_object_set_new(pr->o, "ssh", ssh);
	if (net_conn_write(c, ident, sizeof(ident) - 1, dl) != 0)
		return;
	/* The server's KEXINIT follows its identification line. */
	net_conn_read(c, buf, PROBE_MAX_BYTES, len, dl, kexinit_arrived);
	if (ssh_kexinit_parse(buf + off, *len - off, &k) == 0) {
		json_object_set_new(ssh, "kex_algorithms", split_list(k.kex));
		json_object_set_new(ssh, "host_key_algorithms", split_list(k.host_key));
		json_object_set_new(ssh, "ciphers", split_list(k.ciphers));
		json_object_set_new(ssh, "macs", split_list(k.macs));
	}
}

static void
probe_telnet(struct probe *pr, const uint8_t *buf, size_t len)
{
	uint8_t text[PROBE_MAX_BYTES], reply[64];
	size_t tlen, rlen;
	json_t *tn = json_object();
	char esc[PROBE_EVIDENCE_BYTES * 4 + 1];

	telnet_filter(buf, len, text, &tlen, sizeof(text), reply, &rlen, sizeof(reply));
	net_escape(text, tlen, PROBE_EVIDENCE_BYTES, esc, sizeof(esc));
	set_str(pr->o, "service", "telnet");
	set_str(tn, "text", esc);
	json_object_set_new(tn, "login_prompt", json_boolean(net_contains_ci(text, tlen, "login") ||
	    net_contains_ci(text, tlen, "username") || net_contains_ci(text, tlen, "password")));
	json_object_set_new(pr->o, "telnet", tn);
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
		set_str(pr->o, "service", net_contains_ci(buf, *len, "SMTP") ? "smtp" : "ftp");
		set_str(pr->o, "product", line);
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
	json_t *h = json_object();
	char v[256];
	size_t body = http_body_offset(buf, len);
	bool head = http_head_complete(buf, len);
	bool form;

	json_object_set_new(h, "status", json_integer(status));
	if (head)
		set_str(h, "auth", "none");
	if (http_header(buf, len, "Server", v, sizeof(v)) == 0) {
		set_str(h, "server", v);
		set_str(pr->o, "product", v);
	}
	if (http_header(buf, len, "WWW-Authenticate", v, sizeof(v)) == 0) {
		char scheme[32];
		size_t i = 0;

		while (v[i] && v[i] != ' ' && i + 1 < sizeof(scheme)) {
			scheme[i] = (char)tolower((unsigned char)v[i]);
			i++;
		}
		scheme[i] = '\0';
		set_str(h, "www_authenticate", v);
		set_str(h, "auth", scheme);
	}
	if (http_header(buf, len, "Location", v, sizeof(v)) == 0)
		set_str(h, "location", v);
	/* A login form: a password input in the first bytes of the body. */
	form = head && body < len &&
	    (net_contains_ci(buf + body, len - body, "type=\"password\"") ||
	    net_contains_ci(buf + body, len - body, "type='password'") ||
	    net_contains_ci(buf + body, len - body, "type=password"));
	if (form || (head && body_complete))
		json_object_set_new(h, "login_page", json_boolean(form));
	if (!head)
		set_str(h, "reason", "the answer ended inside the HTTP head");
	else if (!body_complete && !form)
		set_str(h, "reason", "the answer ended before the body did");
	set_str(pr->o, "service", tls ? "https" : "http");
	if (http_header(buf, len, "Server", v, sizeof(v)) == 0 && net_contains_ci((const uint8_t *)v,
	    strlen(v), "UPnP"))
		set_str(pr->o, "service", tls ? "https" : "upnp");
	json_object_set_new(pr->o, "http", h);
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
	json_t *m;

	if (n == 0 || net_conn_write(c, pkt, n, dl) != 0)
		return false;
	net_conn_read(c, buf, PROBE_MAX_BYTES, len, dl, mqtt_connack_complete);
	keep_evidence(pr, buf, *len);
	if ((code = mqtt_connack_code(buf, *len)) < 0)
		return false;
	m = json_pack("{s:i, s:b}", "connack_code", code, "anonymous_access", code == 0);
	json_object_set_new(pr->o, "mqtt", m);
	set_str(pr->o, "service", c->ssl ? "mqtts" : "mqtt");
	return true;
}

static bool
probe_rtsp_on(struct probe *pr, struct net_conn *c, uint8_t *buf, size_t *len, long long dl)
{
	char req[256], v[256];
	int n, status;
	json_t *r;

	n = snprintf(req, sizeof(req), "OPTIONS rtsp://%s:%u/ RTSP/1.0\r\nCSeq: 1\r\n"
	    "User-Agent: fwaudit\r\n\r\n", pr->t->addr, pr->port);
	if (net_conn_write(c, req, (size_t)n, dl) != 0)
		return false;
	net_conn_read(c, buf, PROBE_MAX_BYTES, len, dl, http_head_complete);
	keep_evidence(pr, buf, *len);
	if ((status = http_status(buf, *len, "RTSP/")) < 0)
		return false;
	r = json_pack("{s:i}", "status", status);
	if (http_header(buf, *len, "Server", v, sizeof(v)) == 0) {
		set_str(r, "server", v);
		set_str(pr->o, "product", v);
	}
	if (http_header(buf, *len, "Public", v, sizeof(v)) == 0)
		set_str(r, "public", v);
	json_object_set_new(pr->o, "rtsp", r);
	set_str(pr->o, "service", "rtsp");
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
		json_object_set_new(pr->o, "tls", json_true());
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
			set_str(pr->o, "service", "unknown");
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

json_t *
net_probe_tcp(const struct net_target *t, uint16_t port, const struct probe_params *p,
    struct net_log *log)
{
	struct probe *pr = calloc(1, sizeof(*pr));
	enum hint h = port_hint(port);
	char id[16];
	json_t *o;

	if (pr == NULL)
		return NULL;
	snprintf(id, sizeof(id), "tcp/%u", port);
	pr->t = t;
	pr->port = port;
	pr->p = p;
	pr->log = log;
	pr->hint = h;
	pr->o = o = json_pack("{s:s, s:s, s:i, s:s, s:b}", "id", id, "proto", "tcp",
	    "port", port, "service", "unknown", "tls", 0);
	/* Known ports: their protocol first, plain or TLS as usual there,
	 * then the other way round (HTTPS on 80 happens, so does plain 443). */
	if (plans[h].fn != NULL &&
	    (attempt(pr, plans[h].tls_first, plans[h].fn) ||
	    (plans[h].both && attempt(pr, !plans[h].tls_first, plans[h].fn))))
		goto done;
	if (banner_then_probe(pr, h))
		goto done;
	/* Silent to a plain request: perhaps TLS (HTTPS or MQTT inside). */
	if ((h == H_NONE || h == H_SPEAKS_FIRST) && attempt(pr, 1, probe_http_on))
		goto done;
	/* Nothing recognised. "unknown" is itself evidence (it does not speak
	 * first and answers none of our probes) only if it was seen to
	 * answer or hold; a port whose every connection was reset or closed,
	 * or whose own protocol's probe was, is not identified at all. */
	if (!pr->answered || pr->cut != NULL) {
		char why[160];

		if (!pr->answered)
			snprintf(why, sizeof(why), "open, but every probe connection was refused, "
			    "reset or closed before an answer");
		else
			snprintf(why, sizeof(why), "open, but reset or closed at the %s probe "
			    "before an answer", pr->cut);
		json_object_set_new(o, "service", json_null());
		set_str(o, "reason", why);
	}
done:
	free(pr);
	return o;
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
