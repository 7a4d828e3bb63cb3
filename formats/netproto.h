/* Wire formats of the network services fwaudit probes: builders for the
 * few requests it sends and bounds-checked parsers (util/reader.h) for the
 * answers, which come from an untrusted device. */
#ifndef FWAUDIT_NETPROTO_H
#define FWAUDIT_NETPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- text protocols with an HTTP-like head: HTTP, RTSP, SSDP (http_head.c) */
/* True once buf holds a whole head (an empty line ends it). */
bool http_head_complete(const uint8_t *buf, size_t len);
/* Status code of "PROTO/x.y NNN ..." on the first line; -1 if it is not one. */
int http_status(const uint8_t *buf, size_t len, const char *proto);
/* Value of header name (case-insensitive, first occurrence) into out; 0 or -1. */
int http_header(const uint8_t *buf, size_t len, const char *name, char *out, size_t outlen);
/* Offset of the body (after the empty line), or len if there is none yet. */
size_t http_body_offset(const uint8_t *buf, size_t len);

/* ---- SSH (ssh_kex.c), RFC 4253 4.2 and 7.1 */
/* Copies the "SSH-protoversion-softwareversion" line; returns the offset
 * just after it, or 0 if buf has no complete such line. */
size_t ssh_version_line(const uint8_t *buf, size_t len, char *out, size_t outlen);
struct ssh_kexinit {
	char kex[1024];			/* comma-separated name-lists */
	char host_key[512];
	char ciphers[1024];		/* client to server */
	char macs[1024];		/* client to server */
};
/* Parses one binary packet holding SSH_MSG_KEXINIT (20); 0, or -1 when
 * truncated or malformed (lengths are checked against what is there). */
int ssh_kexinit_parse(const uint8_t *buf, size_t len, struct ssh_kexinit *k);
/* True once buf holds the whole packet whose length field starts it. */
bool ssh_packet_complete(const uint8_t *buf, size_t len);

/* ---- MQTT 3.1.1 (mqtt.c), OASIS spec 3.1 CONNECT and 3.2 CONNACK */
/* Builds CONNECT (clean session, keep-alive 30 s); user/pass may be NULL.
 * Returns the length, or 0 if it does not fit. */
size_t mqtt_connect_build(uint8_t *out, size_t cap, const char *client_id,
    const char *user, const char *pass);
/* The CONNACK return code (0 accepted, 4 bad user name or password, 5 not
 * authorised, ...); -1 when buf is not a CONNACK. */
int mqtt_connack_code(const uint8_t *buf, size_t len);
/* True once buf holds a whole CONNACK (or something that cannot be one). */
bool mqtt_connack_complete(const uint8_t *buf, size_t len);

/* ---- DNS and mDNS (dns_msg.c), RFC 1035 4.1, RFC 6762 5.4 (QU bit) */
enum { DNS_A = 1, DNS_PTR = 12, DNS_TXT = 16, DNS_AAAA = 28, DNS_SRV = 33,
	DNS_CLASS_IN = 1, DNS_CLASS_CH = 3 };
size_t dns_query_build(uint8_t *out, size_t cap, uint16_t id, const char *name,
    uint16_t qtype, uint16_t qclass);
struct dns_rr {
	char name[256];
	uint16_t type;
	char data[512];		/* PTR/SRV target, TXT strings joined by ' ', A/AAAA text */
	uint16_t port;		/* SRV */
};
/* Calls fn for every answer and additional record; returns the RCODE, or -1
 * when the reply is malformed or not an answer to id. */
int dns_reply_parse(const uint8_t *buf, size_t len, uint16_t id,
    void (*fn)(const struct dns_rr *rr, void *arg), void *arg);

/* ---- SNMP v2c (snmp_ber.c), RFC 3416 GetRequest / Response, BER (X.690) */
size_t snmp_get_build(uint8_t *out, size_t cap, const char *community,
    uint32_t request_id, const uint32_t *oid, size_t oid_len);
/* Parses a Response PDU: error-status and the first value as text
 * (OCTET STRING printable, INTEGER in decimal); 0, or -1 if malformed. */
int snmp_response_parse(const uint8_t *buf, size_t len, uint32_t request_id,
    int *error_status, char *value, size_t vlen);

/* ---- CoAP (coap.c), RFC 7252 3 and RFC 6690 (/.well-known/core) */
size_t coap_get_build(uint8_t *out, size_t cap, uint16_t msg_id, const uint8_t token[4],
    const char *const *path);
/* Code (class*100 + detail, e.g. 205) and payload; -1 if malformed or not
 * an answer to msg_id / token. */
int coap_reply_parse(const uint8_t *buf, size_t len, uint16_t msg_id,
    const uint8_t token[4], int *code, const uint8_t **payload, size_t *plen);

/* ---- Matter (matter.c), Core spec 4.4 message format, 4.13 PASE */
/* An unsecured PBKDFParamRequest (Secure Channel opcode 0x20), the first
 * message a commissioner sends. */
size_t matter_pbkdf_request_build(uint8_t *out, size_t cap, uint32_t counter,
    uint16_t exchange_id, uint16_t session_id, const uint8_t random[32]);
/* Protocol id and opcode of an unsecured reply; -1 if malformed. */
int matter_reply_parse(const uint8_t *buf, size_t len, uint16_t *protocol,
    uint8_t *opcode);

/* ---- Telnet (telnet.c), RFC 854/855 option negotiation */
enum { TELNET_SE = 240, TELNET_SB = 250, TELNET_WILL = 251, TELNET_WONT = 252,
	TELNET_DO = 253, TELNET_DONT = 254, TELNET_IAC = 255 };
/* Receive state; zero it before the first byte of a connection. */
struct telnet_rx {
	uint8_t state, cmd;
};
enum telnet_event { TELNET_NOTHING, TELNET_DATA, TELNET_OPTION };
/* Feeds one received byte: TELNET_DATA with *byte a data byte,
 * TELNET_OPTION with *cmd (WILL/WONT/DO/DONT) and *byte the option, else
 * TELNET_NOTHING (the byte belongs to a command). */
enum telnet_event telnet_rx_byte(struct telnet_rx *rx, uint8_t c, uint8_t *cmd,
    uint8_t *byte);
/* Splits received bytes into text and the refusals to send back (every
 * DO answered WONT, every WILL answered DONT). Sequences cut at the end of
 * buf are dropped. */
void telnet_filter(const uint8_t *buf, size_t len, uint8_t *text, size_t *tlen,
    size_t tcap, uint8_t *reply, size_t *rlen, size_t rcap);

#endif
