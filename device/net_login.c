#include "util/hex.h"
#include "device/net_login.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/fileio.h"
#include "util/hex.h"
#include "util/reader.h"
#include "device/net_conn.h"
#include "device/net_probe.h"
#include "device/net_tls.h"
#include "formats/netproto.h"

int
cred_list_load(struct cred_list *l, const char *path, struct fw_err *err)
{
	char *buf;
	size_t len, n;
	struct reader r;
	const uint8_t *line;
	unsigned lineno = 0;

	if (file_read(path, 1u << 20, &buf, &len, err) != 0)
		return -1;
	rd_init(&r, buf, len);
	while (rd_line(&r, &line, &n) == 0) {
		const uint8_t *colon;
		struct cred c = { 0 };
		size_t ul, pl;

		lineno++;
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		colon = memchr(line, ':', n);
		ul = colon ? (size_t)(colon - line) : 0;
		pl = colon ? n - ul - 1 : 0;
		if (colon == NULL || ul == 0 || ul >= sizeof(c.user) || pl >= sizeof(c.pass) ||
		    memchr(line, '\0', n) != NULL) {
			free(buf);
			return err_set_line(err, path, lineno, 0, "expected user:password "
			    "(user 1-63 bytes, password 0-63 bytes)");
		}
		memcpy(c.user, line, ul);
		memcpy(c.pass, colon + 1, pl);
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 32;
			struct cred *v = realloc(l->v, cap * sizeof(*v));

			if (v == NULL) {
				free(buf);
				return err_oom(err, path, ERR_NO_OFFSET);
			}
			l->v = v;
			l->cap = cap;
		}
		l->v[l->n++] = c;
	}
	free(buf);
	return 0;
}

void
cred_list_free(struct cred_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
cred_mask(const struct cred *c, char *out, size_t outlen)
{
	size_t n = strlen(c->pass);

	if (n == 0)
		snprintf(out, outlen, "%s / (empty)", c->user);
	else if (n < 4)
		snprintf(out, outlen, "%s / ***", c->user);
	else
		snprintf(out, outlen, "%s / %c***%c", c->user, c->pass[0], c->pass[n - 1]);
}

/* LOGIN_FAIL: the service answered and rejected the credential;
 * LOGIN_REFUSED: no verdict (refused, reset, closed, silent, 429/503):
 * that credential was not tested. */
enum result { LOGIN_FAIL, LOGIN_OK, LOGIN_REFUSED };

/* ---- HTTP basic (RFC 7617) and digest (RFC 7616) */

static void
b64(const char *in, char *out, size_t outlen)
{
	if (outlen < 4 * ((strlen(in) + 2) / 3) + 1) {
		out[0] = '\0';
		return;
	}
	EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)in, (int)strlen(in));
}

/* Value of a digest challenge parameter (quoted or token). */
static int
param(const char *chal, const char *name, char *out, size_t outlen)
{
	const char *p = chal;
	size_t n = strlen(name);

	while ((p = strcasestr(p, name)) != NULL) {
		const char *v = p + n;
		size_t o = 0;

		if ((p == chal || p[-1] == ' ' || p[-1] == ',') && *v == '=') {
			v++;
			if (*v == '"') {
				v++;
				while (*v && *v != '"' && o + 1 < outlen)
					out[o++] = *v++;
			} else {
				while (*v && *v != ',' && *v != ' ' && o + 1 < outlen)
					out[o++] = *v++;
			}
			out[o] = '\0';
			return 0;
		}
		p += n;
	}
	return -1;
}

static void
hash_hex(const EVP_MD *md, const char *s, char *out)
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(s, strlen(s), h, &n, md, NULL);
	hex_encode(h, n, out);
}

static int
digest_header(const char *chal, const struct cred *c, const char *uri, char *out,
    size_t outlen)
{
	char realm[128] = "", nonce[128] = "", qop[64] = "", opaque[128] = "",
	    alg[32] = "MD5", a[512], ha1[129], ha2[129], resp[129], cnonce[17];
	const EVP_MD *md;
	unsigned char rnd[8];
	int auth_qop;

	if (param(chal, "realm", realm, sizeof(realm)) != 0 ||
	    param(chal, "nonce", nonce, sizeof(nonce)) != 0)
		return -1;
	param(chal, "qop", qop, sizeof(qop));
	param(chal, "opaque", opaque, sizeof(opaque));
	param(chal, "algorithm", alg, sizeof(alg));
	if (strcasecmp(alg, "MD5") == 0)
		md = EVP_md5();
	else if (strcasecmp(alg, "SHA-256") == 0)
		md = EVP_sha256();
	else
		return -1;
	RAND_bytes(rnd, sizeof(rnd));
	hex_encode(rnd, 8, cnonce);
	auth_qop = strstr(qop, "auth") != NULL;
	snprintf(a, sizeof(a), "%s:%s:%s", c->user, realm, c->pass);
	hash_hex(md, a, ha1);
	snprintf(a, sizeof(a), "GET:%s", uri);
	hash_hex(md, a, ha2);
	if (auth_qop)
		snprintf(a, sizeof(a), "%s:%s:00000001:%s:auth:%s", ha1, nonce, cnonce, ha2);
	else
		snprintf(a, sizeof(a), "%s:%s:%s", ha1, nonce, ha2);
	hash_hex(md, a, resp);
	snprintf(out, outlen, "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", "
	    "algorithm=%s, response=\"%s\"%s%s%s%s%s%s", c->user, realm, nonce, uri, alg, resp,
	    auth_qop ? ", qop=auth, nc=00000001, cnonce=\"" : "", auth_qop ? cnonce : "",
	    auth_qop ? "\"" : "", opaque[0] ? ", opaque=\"" : "", opaque, opaque[0] ? "\"" : "");
	return 0;
}

static enum result
try_http(const struct net_target *t, uint16_t port, int tls, const char *scheme,
    const struct cred *c, int timeout_ms)
{
	uint8_t buf[4096];
	size_t len;
	char auth[1024], up[130], enc[200], chal[512];
	int st;

	if (strcmp(scheme, "basic") == 0) {
		snprintf(up, sizeof(up), "%s:%s", c->user, c->pass);
		b64(up, enc, sizeof(enc));
		snprintf(auth, sizeof(auth), "Basic %s", enc);
	} else {
		/* A fresh challenge (nonce) for every attempt. */
		st = net_http_get(t, port, tls, "/", NULL, timeout_ms, buf, sizeof(buf), &len);
		if (st != 401 || http_header(buf, len, "WWW-Authenticate", chal, sizeof(chal)) != 0)
			return st < 0 ? LOGIN_REFUSED : LOGIN_FAIL;
		if (digest_header(chal, c, "/", auth, sizeof(auth)) != 0)
			return LOGIN_FAIL;
	}
	st = net_http_get(t, port, tls, "/", auth, timeout_ms, buf, sizeof(buf), &len);
	if (st < 0 || st == 429 || st == 503)
		return LOGIN_REFUSED;
	return st >= 200 && st < 400 ? LOGIN_OK : LOGIN_FAIL;
}

/* ---- line protocols: FTP (RFC 959), telnet */

static bool
ends_prompt(const uint8_t *b, size_t n)
{
	size_t e = n;

	while (e > 0 && (b[e - 1] == ' ' || b[e - 1] == '\r' || b[e - 1] == '\n'))
		e--;
	return e > 0 && (b[e - 1] == ':' || b[e - 1] == '#' || b[e - 1] == '$' ||
	    b[e - 1] == '>');
}

static bool
has_code_line(const uint8_t *b, size_t n)
{
	return n >= 4 && memchr(b, '\n', n) != NULL;
}

/* Sends one FTP command and returns the reply's first bytes in buf. */
static size_t
ftp_cmd(struct net_conn *k, const char *verb, const char *arg, uint8_t *buf, size_t cap,
    long long dl)
{
	char cmd[160];
	size_t len = 0;

	snprintf(cmd, sizeof(cmd), "%s %s\r\n", verb, arg);
	if (net_conn_write(k, cmd, strlen(cmd), dl) != 0)
		return 0;
	net_conn_read(k, buf, cap, &len, dl, has_code_line);
	return len;
}

static bool
ftp_code(const uint8_t *buf, size_t len, const char *code)
{
	return len >= 3 && memcmp(buf, code, 3) == 0;
}

static enum result
try_ftp(const struct net_target *t, uint16_t port, const struct cred *c, int timeout_ms)
{
	struct net_conn k;
	uint8_t buf[1024];
	size_t len = 0;
	long long dl = net_now_ms() + timeout_ms;
	enum result r = LOGIN_REFUSED;

	if (net_conn_open(&k, t, port, timeout_ms) != 0)
		return LOGIN_REFUSED;
	net_conn_read(&k, buf, sizeof(buf), &len, dl, has_code_line);
	if (ftp_code(buf, len, "220")) {
		/* 230 straight after USER: no password needed at all. */
		len = ftp_cmd(&k, "USER", c->user, buf, sizeof(buf), dl);
		if (len > 0 && !ftp_code(buf, len, "230"))
			len = ftp_cmd(&k, "PASS", c->pass, buf, sizeof(buf), dl);
		/* A reply line is a verdict; silence or a reset is none. */
		if (has_code_line(buf, len))
			r = ftp_code(buf, len, "230") ? LOGIN_OK : LOGIN_FAIL;
	}
	net_conn_close(&k);
	return r;
}

/* Reads telnet text (answering option negotiation) until a prompt. */
static size_t
telnet_read(struct net_conn *k, uint8_t *text, size_t cap, long long dl)
{
	uint8_t raw[2048], reply[256];
	size_t tlen = 0;

	for (;;) {
		size_t len = 0, tl, rl;

		if (net_conn_read(k, raw, sizeof(raw), &len, dl, ends_prompt) == 0)
			return tlen;
		telnet_filter(raw, len, text + tlen, &tl, cap - tlen, reply, &rl, sizeof(reply));
		tlen += tl;
		if (rl > 0)
			net_conn_write(k, reply, rl, dl);
		if (ends_prompt(text, tlen) || tlen == cap)
			return tlen;
	}
}

static enum result
try_telnet(const struct net_target *t, uint16_t port, const struct cred *c, int timeout_ms)
{
	struct net_conn k;
	uint8_t text[4096];
	size_t n;
	char line[80];
	long long dl = net_now_ms() + timeout_ms;
	enum result r = LOGIN_REFUSED;

	if (net_conn_open(&k, t, port, timeout_ms) != 0)
		return LOGIN_REFUSED;
	n = telnet_read(&k, text, sizeof(text), dl);
	if (!net_contains_ci(text, n, "login") && !net_contains_ci(text, n, "user")) {
		goto out;	/* no login prompt: nothing was tested */
	}
	/* From here, only an answer to what we sent is a verdict. */
	snprintf(line, sizeof(line), "%s\r\n", c->user);
	if (net_conn_write(&k, line, strlen(line), dl) != 0)
		goto out;
	n = telnet_read(&k, text, sizeof(text), dl);
	if (net_contains_ci(text, n, "password")) {
		snprintf(line, sizeof(line), "%s\r\n", c->pass);
		if (net_conn_write(&k, line, strlen(line), dl) != 0)
			goto out;
		n = telnet_read(&k, text, sizeof(text), dl);
	}
	if (n == 0)
		goto out;
	r = LOGIN_FAIL;
	/* Logged in: a shell prompt, and no refusal or new login prompt. */
	if (n > 0 && ends_prompt(text, n) && text[n - 1] != ':' &&
	    !net_contains_ci(text, n, "incorrect") && !net_contains_ci(text, n, "fail") &&
	    !net_contains_ci(text, n, "denied") && !net_contains_ci(text, n, "invalid") &&
	    !net_contains_ci(text, n, "login:"))
		r = LOGIN_OK;
out:
	net_conn_close(&k);
	return r;
}

/* ---- MQTT CONNECT with user name and password */

static enum result
try_mqtt(const struct net_target *t, uint16_t port, int tls, const struct cred *c,
    int timeout_ms)
{
	struct net_conn k;
	uint8_t pkt[256], buf[16];
	size_t n, len = 0;
	long long dl = net_now_ms() + timeout_ms;
	enum result r = LOGIN_REFUSED;
	SSL_CTX *ctx = NULL;
	int code;

	if (net_conn_open(&k, t, port, timeout_ms) != 0)
		return LOGIN_REFUSED;
	if (tls && ((ctx = net_tls_probe_ctx(0)) == NULL || net_conn_tls(&k, ctx, NULL, dl) != 0))
		goto out;
	n = mqtt_connect_build(pkt, sizeof(pkt), "fwaudit", c->user, c->pass);
	if (n == 0 || net_conn_write(&k, pkt, n, dl) != 0)
		goto out;
	net_conn_read(&k, buf, sizeof(buf), &len, dl, mqtt_connack_complete);
	code = mqtt_connack_code(buf, len);
	r = code == 0 ? LOGIN_OK : code < 0 ? LOGIN_REFUSED : LOGIN_FAIL;
out:
	net_conn_close(&k);
	SSL_CTX_free(ctx);
	return r;
}

/* The login method for the service a probe found, or NULL. */
static const char *
login_method(const struct net_port_probe *port)
{
	const char *svc = port->service;
	const char *scheme = port->http.scheme;

	if (svc == NULL)
		return NULL;
	if ((!strcmp(svc, "http") || !strcmp(svc, "https") || !strcmp(svc, "upnp")) &&
	    port->app == APP_HTTP && port->http.has_www_authenticate &&
	    (!strcmp(scheme, "basic") || !strcmp(scheme, "digest")))
		return !strcmp(scheme, "basic") ? "http-basic" : "http-digest";
	if (!strcmp(svc, "telnet"))
		return "telnet";
	if (!strcmp(svc, "ftp"))
		return "ftp";
	if ((!strcmp(svc, "mqtt") || !strcmp(svc, "mqtts")) &&
	    !(port->app == APP_MQTT && port->mqtt_connack == 0))
		return "mqtt";
	return NULL;
}

static enum result
try_one(const struct net_target *t, const struct net_port_probe *port, const char *method,
    const struct cred *c, int timeout_ms)
{
	if (!strncmp(method, "http", 4))
		return try_http(t, port->port, port->tls, port->http.scheme, c, timeout_ms);
	if (!strcmp(method, "telnet"))
		return try_telnet(t, port->port, c, timeout_ms);
	if (!strcmp(method, "ftp"))
		return try_ftp(t, port->port, c, timeout_ms);
	return try_mqtt(t, port->port, port->tls, c, timeout_ms);
}

/* What the attempts showed: complete, rate limited, the label. */
static void
conclude(struct net_login_result *o, size_t want, long long first_ms, long long slowest_ms,
    const char *id)
{
	/* No default credential works only if each was tried and rejected;
	 * false (not_tested, not pass) when some got no verdict. */
	o->complete = o->success || (o->attempts == want && o->refused == 0);
	if (!o->complete)
		snprintf(o->reason, sizeof(o->reason), "%zu of %zu credentials not tested: %zu "
		    "got no verdict (refused, reset, closed or silent)%s",
		    want - (o->failures - o->refused), want, o->refused,
		    o->attempts < want ? ", then the attempts stopped" : "");
	/* Slowed down or cut off after failures: some brute-force defence. */
	o->rate_limited = o->refused > 0 || (first_ms >= 0 && slowest_ms > 3 * first_ms + 200);
	snprintf(o->label, sizeof(o->label), "%s %s%s%s", id, o->method,
	    o->success ? ": " : "", o->success ? o->credential : "");
}

bool
net_login_try(const struct net_target *t, const struct net_port_probe *port,
    const struct cred_list *l, const struct login_params *p, struct net_login_result *o)
{
	const char *method = login_method(port);
	size_t silent_run = 0, want;
	long long first_ms = -1, slowest_ms = 0;
	char id[16];

	if (method == NULL)
		return false;
	memset(o, 0, sizeof(*o));
	o->port = port->port;
	o->service = port->service;
	o->method = method;
	want = l->n < (size_t)p->max_attempts ? l->n : (size_t)p->max_attempts;
	for (size_t i = 0; i < want; i++) {
		long long t0 = net_now_ms();
		enum result r;

		if (t0 + p->timeout_ms > p->deadline_ms)
			break;
		/* A service that never answered a login (resets, closes, trickles)
		 * costs three attempts, not the whole list. */
		if (silent_run >= 3 && o->failures == o->refused)
			break;
		if (i > 0)
			usleep((useconds_t)p->delay_ms * 1000);
		o->attempts++;
		r = try_one(t, port, method, &l->v[i], p->timeout_ms);
		t0 = net_now_ms() - t0;
		if (r == LOGIN_OK) {
			o->success = true;
			cred_mask(&l->v[i], o->credential, sizeof(o->credential));
			break;
		}
		o->failures++;
		o->refused += r == LOGIN_REFUSED;
		silent_run = r == LOGIN_REFUSED ? silent_run + 1 : 0;
		if (first_ms < 0)
			first_ms = t0;
		if (t0 > slowest_ms)
			slowest_ms = t0;
	}
	snprintf(id, sizeof(id), "tcp/%u", port->port);
	conclude(o, want, first_ms, slowest_ms, id);
	return true;
}
