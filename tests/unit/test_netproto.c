/* Wire-format parsers of the network probes (formats/netproto.h):
 * good answers, and hostile ones (truncated, oversized lengths, loops). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "formats/netproto.h"

#define S(x) (const uint8_t *)(x), sizeof(x) - 1

static void
test_http_head(void **state)
{
	const char r[] = "HTTP/1.1 401 Unauthorized\r\nserver:  Boa/0.94 \r\n"
	    "WWW-Authenticate: Basic realm=\"cam\"\r\n\r\n<html>";
	char v[64];

	assert_int_equal(http_status(S(r), "HTTP/"), 401);
	assert_int_equal(http_header(S(r), "Server", v, sizeof(v)), 0);
	assert_string_equal(v, "Boa/0.94");
	assert_int_equal(http_header(S(r), "WWW-Authenticate", v, sizeof(v)), 0);
	assert_string_equal(v, "Basic realm=\"cam\"");
	assert_int_equal(http_header(S(r), "Location", v, sizeof(v)), -1);
	assert_true(http_head_complete(S(r)));
	assert_int_equal(http_body_offset(S(r)), sizeof(r) - 1 - 6);
	/* A header value longer than the buffer is cut, not overflowed. */
	assert_int_equal(http_header(S(r), "WWW-Authenticate", v, 6), 0);
	assert_string_equal(v, "Basic");
}

static void
test_http_hostile(void **state)
{
	char v[16];

	assert_int_equal(http_status(S("HTTP/1.1 2"), "HTTP/"), -1);	/* truncated */
	assert_int_equal(http_status(S("HTTP/1.1 abc OK"), "HTTP/"), -1);
	assert_int_equal(http_status(S("SSH-2.0-x\r\n"), "HTTP/"), -1);
	assert_int_equal(http_status(S("RTSP/1.0 200 OK\r\n"), "RTSP/"), 200);
	assert_false(http_head_complete(S("HTTP/1.1 200 OK\r\nServer: x")));
	assert_int_equal(http_header(S("HTTP/1.1 200 OK\r\nServer"), "Server", v, sizeof(v)), -1);
	assert_int_equal(http_header((const uint8_t *)"", 0, "Server", v, sizeof(v)), -1);
}

/* A KEXINIT packet with the given name-lists. */
static size_t
kexinit(uint8_t *out, const char *const lists[10], uint32_t lie)
{
	size_t o = 5;

	out[o++] = 20;
	memset(out + o, 0xaa, 16);
	o += 16;
	for (int i = 0; i < 10; i++) {
		uint32_t n = (uint32_t)strlen(lists[i]);

		if (i == 0 && lie)
			n = lie;
		out[o++] = (uint8_t)(n >> 24); out[o++] = (uint8_t)(n >> 16);
		out[o++] = (uint8_t)(n >> 8); out[o++] = (uint8_t)n;
		memcpy(out + o, lists[i], strlen(lists[i]));
		o += strlen(lists[i]);
	}
	out[o++] = 0;
	memset(out + o, 0, 4);
	o += 4;
	memset(out + o, 0, 4);	/* padding */
	o += 4;
	out[0] = 0; out[1] = 0; out[2] = (uint8_t)((o - 4) >> 8); out[3] = (uint8_t)(o - 4);
	out[4] = 4;
	return o;
}

static void
test_ssh(void **state)
{
	static const char *const lists[10] = { "curve25519-sha256,diffie-hellman-group1-sha1",
	    "ssh-ed25519,ssh-dss", "aes128-ctr", "aes128-ctr", "hmac-sha2-256", "hmac-sha2-256",
	    "none", "none", "", "" };
	uint8_t pkt[512];
	size_t n = kexinit(pkt, lists, 0);
	struct ssh_kexinit k;
	char ver[64];
	const char banner[] = "hello\r\nSSH-2.0-dropbear_2019.78\r\n";

	assert_int_equal(ssh_version_line(S(banner), ver, sizeof(ver)), sizeof(banner) - 1);
	assert_string_equal(ver, "SSH-2.0-dropbear_2019.78");
	assert_int_equal(ssh_version_line(S("SSH-2.0-cut"), ver, sizeof(ver)), 0);
	assert_true(ssh_packet_complete(pkt, n));
	assert_false(ssh_packet_complete(pkt, n - 1));
	assert_int_equal(ssh_kexinit_parse(pkt, n, &k), 0);
	assert_string_equal(k.kex, "curve25519-sha256,diffie-hellman-group1-sha1");
	assert_string_equal(k.host_key, "ssh-ed25519,ssh-dss");
	assert_string_equal(k.macs, "hmac-sha2-256");
	/* Truncated anywhere: fails, never reads past the end. */
	for (size_t cut = 0; cut < n - 9; cut++)
		assert_int_equal(ssh_kexinit_parse(pkt, cut, &k), -1);
	/* A name-list length larger than the packet. */
	n = kexinit(pkt, lists, 0x7fffffff);
	assert_int_equal(ssh_kexinit_parse(pkt, n, &k), -1);
	/* Not a KEXINIT. */
	n = kexinit(pkt, lists, 0);
	pkt[5] = 21;
	assert_int_equal(ssh_kexinit_parse(pkt, n, &k), -1);
	/* Padding length not smaller than the packet. */
	pkt[5] = 20;
	pkt[4] = 0xff;
	assert_int_equal(ssh_kexinit_parse(pkt, n, &k), -1);
}

static void
test_mqtt(void **state)
{
	uint8_t b[256];
	size_t n = mqtt_connect_build(b, sizeof(b), "id", "u", "p");
	const uint8_t ack0[] = { 0x20, 2, 0, 0 }, ack5[] = { 0x20, 2, 0, 5 },
	    bad[] = { 0x20, 3, 0, 0 }, pub[] = { 0x30, 2, 0, 0 };

	/* Fixed header 0x10, remaining length, "MQTT" level 4, flags user+pass+clean. */
	assert_int_equal(n, 2 + 10 + 4 + 3 + 3);
	assert_int_equal(b[0], 0x10);
	assert_int_equal(b[1], n - 2);
	assert_memory_equal(b + 2, "\0\4MQTT\4", 7);
	assert_int_equal(b[9], 0xc2);
	assert_int_equal(mqtt_connect_build(b, 8, "id", NULL, NULL), 0);
	assert_int_equal(mqtt_connack_code(ack0, 4), 0);
	assert_int_equal(mqtt_connack_code(ack5, 4), 5);
	assert_int_equal(mqtt_connack_code(ack5, 3), -1);
	assert_int_equal(mqtt_connack_code(bad, 4), -1);
	assert_int_equal(mqtt_connack_code(pub, 4), -1);
	assert_true(mqtt_connack_complete(pub, 1));
	assert_false(mqtt_connack_complete(ack0, 3));
}

struct seen {
	int n;
	char data[4][512];
	uint16_t type[4];
};

static void
collect(const struct dns_rr *rr, void *arg)
{
	struct seen *s = arg;

	if (s->n < 4) {
		strcpy(s->data[s->n], rr->data);
		s->type[s->n++] = rr->type;
	}
}

static void
test_dns(void **state)
{
	uint8_t q[128];
	size_t n = dns_query_build(q, sizeof(q), 0x1234, "_services._dns-sd._udp.local",
	    DNS_PTR, 0x8001);
	/* Reply: header, the question, one PTR answer "_http._tcp" + pointer to
	 * "local" inside the question (offset 12 + 23 = 35). */
	uint8_t r[256];
	size_t o;
	struct seen s = { 0 };

	assert_int_equal(n, 12 + 30 + 4);
	assert_int_equal(q[12], 9);
	memcpy(r, q, n);
	r[2] = 0x84; r[3] = 0; r[7] = 1;	/* QR AA, ANCOUNT 1 */
	o = n;
	r[o++] = 0xc0; r[o++] = 12;		/* name: the question */
	r[o++] = 0; r[o++] = DNS_PTR; r[o++] = 0; r[o++] = 1;
	r[o++] = 0; r[o++] = 0; r[o++] = 0; r[o++] = 120;
	r[o++] = 0; r[o++] = 13;
	memcpy(r + o, "\5_http\4_tcp\xc0\x23", 13);
	o += 13;
	assert_int_equal(dns_reply_parse(r, o, 0x1234, collect, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.data[0], "_http._tcp.local");
	/* Truncated anywhere. */
	for (size_t cut = 0; cut < o; cut++) {
		s.n = 0;
		assert_int_equal(dns_reply_parse(r, cut, 0x1234, collect, &s), -1);
	}
	/* A pointer loop (points at itself) ends with an error. */
	r[o - 2] = 0xc0;
	r[o - 1] = (uint8_t)(o - 2);
	assert_int_equal(dns_reply_parse(r, o, 0x1234, collect, &s), -1);
	/* rdlength past the end. */
	r[o - 13 - 1] = 200;
	assert_int_equal(dns_reply_parse(r, o, 0x1234, collect, &s), -1);
	/* Not a response, or an answer to someone else. */
	r[2] = 0x04;
	assert_int_equal(dns_reply_parse(r, o, 0x1234, collect, &s), -1);
	r[2] = 0x84;
	r[0] = 0x55;
	assert_int_equal(dns_reply_parse(r, o, 0x1234, collect, &s), -1);
	/* Labels longer than 63 cannot be queried. */
	assert_int_equal(dns_query_build(q, sizeof(q), 1,
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.b", 1, 1), 0);
}

static void
test_snmp(void **state)
{
	static const uint32_t oid[] = { 1, 3, 6, 1, 2, 1, 1, 1, 0 };
	uint8_t b[128];
	size_t n = snmp_get_build(b, sizeof(b), "public", 0x1234, oid, 9);
	/* Response for request id 0x1234: sysDescr.0 = "Linux" */
	const uint8_t resp[] = { 0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, 'p', 'u', 'b', 'l',
	    'i', 'c', 0xa2, 0x1c, 0x02, 0x02, 0x12, 0x34, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
	    0x30, 0x10, 0x30, 0x0e, 0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 1, 0, 0x04, 0x02, 'O', 'K' };
	uint8_t bad[sizeof(resp)];
	char v[64];
	int es = -1;

	/* SEQ { INT 1, OCTETS public, GetRequest { INT id, INT 0, INT 0,
	 * SEQ { SEQ { OID 1.3.6.1.2.1.1.1.0, NULL } } } } */
	assert_true(n > 0);
	assert_int_equal(b[0], 0x30);
	assert_int_equal(b[1], n - 2);
	assert_memory_equal(b + 2, "\x02\x01\x01\x04\x06public\xa0", 12);
	assert_memory_equal(b + n - 12, "\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00\x05\x00", 12);
	assert_int_equal(snmp_response_parse(resp, sizeof(resp), 0x1234, &es, v, sizeof(v)), 0);
	assert_int_equal(es, 0);
	assert_string_equal(v, "OK");
	assert_int_equal(snmp_response_parse(resp, sizeof(resp), 0x9999, &es, v, sizeof(v)), -1);
	for (size_t cut = 0; cut < sizeof(resp); cut++)
		assert_int_equal(snmp_response_parse(resp, cut, 0x1234, &es, v, sizeof(v)), -1);
	/* A long-form length claiming 16 MB. */
	memcpy(bad, resp, sizeof(resp));
	bad[1] = 0x83;
	assert_int_equal(snmp_response_parse(bad, sizeof(bad), 0x1234, &es, v, sizeof(v)), -1);
	/* Indefinite length is not DER/BER we accept. */
	bad[1] = 0x80;
	assert_int_equal(snmp_response_parse(bad, sizeof(bad), 0x1234, &es, v, sizeof(v)), -1);
}

static void
test_coap(void **state)
{
	static const char *const path[] = { ".well-known", "core", NULL };
	const uint8_t tok[4] = { 1, 2, 3, 4 };
	uint8_t b[64];
	size_t n = coap_get_build(b, sizeof(b), 0x0102, tok, path);
	/* ACK 2.05, same message id and token, Content-Format option 0, payload. */
	const uint8_t ack[] = { 0x64, 0x45, 0x01, 0x02, 1, 2, 3, 4, 0xc0, 0xff, '<', '/', 'a', '>' };
	uint8_t bad[sizeof(ack)];
	const uint8_t *pl;
	size_t plen;
	int code;

	assert_int_equal(n, 4 + 4 + 1 + 11 + 1 + 4);
	assert_memory_equal(b, "\x44\x01\x01\x02\x01\x02\x03\x04\xbb.well-known\x04" "core", n);
	assert_int_equal(coap_reply_parse(ack, sizeof(ack), 0x0102, tok, &code, &pl, &plen), 0);
	assert_int_equal(code, 205);
	assert_int_equal(plen, 4);
	assert_memory_equal(pl, "</a>", 4);
	assert_int_equal(coap_reply_parse(ack, sizeof(ack), 0x0103, tok, &code, &pl, &plen), -1);
	memcpy(bad, ack, sizeof(ack));
	bad[8] = 0xed;	/* option delta 14 + length 13 with their extension bytes cut */
	assert_int_equal(coap_reply_parse(bad, 10, 0x0102, tok, &code, &pl, &plen), -1);
	bad[8] = 0xcf;	/* length nibble 15 is reserved */
	assert_int_equal(coap_reply_parse(bad, sizeof(bad), 0x0102, tok, &code, &pl, &plen), -1);
	assert_int_equal(coap_reply_parse(ack, 6, 0x0102, tok, &code, &pl, &plen), -1);
	bad[0] = 0x84;	/* version 2 */
	assert_int_equal(coap_reply_parse(bad, sizeof(bad), 0x0102, tok, &code, &pl, &plen), -1);
}

static void
test_matter(void **state)
{
	uint8_t rnd[32] = { 0 }, b[128];
	size_t n = matter_pbkdf_request_build(b, sizeof(b), 7, 0x0a0b, 0x1111, rnd);
	/* A StatusReport answer: flags S (source node id), session 0. */
	const uint8_t ans[] = { 0x04, 0, 0, 0, 1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8,
	    0x02, 0x40, 0x0b, 0x0a, 0x00, 0x00, 9, 0, 0, 0 };
	uint16_t proto;
	uint8_t op;

	assert_int_equal(n, 8 + 6 + 1 + 35 + 4 + 4 + 2 + 1);
	assert_int_equal(b[9], 0x20);	/* PBKDFParamRequest */
	assert_int_equal(matter_reply_parse(ans, sizeof(ans), &proto, &op), 0);
	assert_int_equal(proto, 0);
	assert_int_equal(op, 0x40);
	assert_int_equal(matter_reply_parse(ans, 20, &proto, &op), -1);
	assert_int_equal(matter_reply_parse(ans, 3, &proto, &op), -1);
}

static void
test_telnet(void **state)
{
	const uint8_t in[] = { 0xff, 0xfd, 24, 'l', 0xff, 0xfb, 1, 'o', 0xff, 0xfa, 24, 1,
	    0xff, 0xf0, 'g', 0xff, 0xff, 0xff, 0xfd };
	uint8_t text[16], reply[16];
	size_t tl, rl;

	telnet_filter(in, sizeof(in), text, &tl, sizeof(text), reply, &rl, sizeof(reply));
	assert_int_equal(tl, 4);
	assert_memory_equal(text, "log\xff", 4);
	assert_int_equal(rl, 6);
	assert_memory_equal(reply, "\xff\xfc\x18\xff\xfe\x01", 6);
	/* Output bounded by the caller's capacities. */
	telnet_filter(in, sizeof(in), text, &tl, 2, reply, &rl, 3);
	assert_int_equal(tl, 2);
	assert_int_equal(rl, 3);
}

/* RFC 855: inside a subnegotiation IAC IAC is a data byte, so the SE after
 * it does not end the subnegotiation; only IAC SE does. */
static void
test_telnet_subneg_escaped_iac(void **state)
{
	const uint8_t in[] = { 0xff, 0xfa, 24, 0xff, 0xff, 0xf0, 'x', 0xff, 0xf0, 'o', 'k' };
	uint8_t text[16], reply[16];
	size_t tl, rl;

	telnet_filter(in, sizeof(in), text, &tl, sizeof(text), reply, &rl, sizeof(reply));
	assert_int_equal(tl, 2);
	assert_memory_equal(text, "ok", 2);
	assert_int_equal(rl, 0);
}

/* The byte decoder keeps its state between reads: a command cut in two
 * (the RFC 2217 serial transport reads whatever arrived) still parses. */
static void
test_telnet_rx_across_reads(void **state)
{
	const uint8_t in[] = { 'a', 0xff, 0xfb, 1, 0xff, 0xff, 0, 0xff, 0xfa, 44, 1, 0xff, 0xf0, 'b' };
	struct telnet_rx rx = { 0 };
	uint8_t out[16], cmd = 0, opt = 0, c;
	size_t n = 0;
	unsigned options = 0;

	for (size_t i = 0; i < sizeof(in); i++) {
		enum telnet_event ev = telnet_rx_byte(&rx, in[i], &cmd, &c);

		if (ev == TELNET_DATA)
			out[n++] = c;
		else if (ev == TELNET_OPTION) {
			options++;
			opt = c;
			assert_int_equal(cmd, TELNET_WILL);
		}
	}
	assert_int_equal(options, 1);
	assert_int_equal(opt, 1);
	assert_int_equal(n, 4);		/* serial data keeps NUL bytes */
	assert_memory_equal(out, "a\xff\0b", 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_head),
		cmocka_unit_test(test_http_hostile),
		cmocka_unit_test(test_ssh),
		cmocka_unit_test(test_mqtt),
		cmocka_unit_test(test_dns),
		cmocka_unit_test(test_snmp),
		cmocka_unit_test(test_coap),
		cmocka_unit_test(test_telnet_subneg_escaped_iac),
		cmocka_unit_test(test_telnet_rx_across_reads),
		cmocka_unit_test(test_matter),
		cmocka_unit_test(test_telnet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
