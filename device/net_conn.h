/* One TCP (optionally TLS) connection to the target with hard limits: every
 * call takes an absolute deadline and every read a byte cap, so a server
 * that sends an endless banner or holds the connection silently cannot
 * stall the audit. */
#ifndef FWAUDIT_NET_CONN_H
#define FWAUDIT_NET_CONN_H

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "device/net_scan.h"

/* A bounded text log of what went over the wire (the evidence-dir
 * transcript): "> " lines sent, "< " lines received, escaped. Logins never
 * log (they carry passwords). */
#define NET_LOG_MAX 16384
struct net_log {
	char text[NET_LOG_MAX];
	size_t len;
};
void net_log_printf(struct net_log *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void net_log_bytes(struct net_log *l, char dir, const uint8_t *buf, size_t len);

struct net_conn {
	int fd;
	SSL *ssl;		/* NULL: plain TCP */
	bool eof;		/* the peer closed (or reset) the connection */
	bool reset;		/* ... with a reset or an error, not a clean close */
	size_t got;		/* bytes received so far */
	unsigned long ssl_err;	/* the TLS error that ended a handshake (ERR_peek_last_error), or 0 */
	struct net_log *log;	/* NULL: not logged */
};

/* Connects within timeout_ms; 0, or -1 (errno set). */
int net_conn_open(struct net_conn *c, const struct net_target *t, uint16_t port,
    int timeout_ms);
/* TLS handshake over the open connection with a context the caller set up
 * (versions, security level). 0, or -1. */
int net_conn_tls(struct net_conn *c, SSL_CTX *ctx, const char *sni,
    long long deadline);
/* After a failed net_conn_tls: the peer answered with a TLS alert (a
 * definite refusal, as opposed to a reset, a close or silence). */
bool net_conn_tls_alert(const struct net_conn *c);
int net_conn_write(struct net_conn *c, const void *buf, size_t len, long long deadline);
/* Appends to buf[*have..cap) until cap is reached, the peer closes, the
 * deadline passes or done(buf, *have) says the answer is complete (done may
 * be NULL). Returns the number of bytes added (0: nothing came). */
size_t net_conn_read(struct net_conn *c, uint8_t *buf, size_t cap, size_t *have,
    long long deadline, bool (*done)(const uint8_t *buf, size_t len));
void net_conn_close(struct net_conn *c);

/* Whether needle occurs in b[0..n), ignoring ASCII case. */
bool net_contains_ci(const uint8_t *b, size_t n, const char *needle);

/* Printable evidence of the first bytes a service sent: printable ASCII kept,
 * \r \n \t and other bytes escaped (\xNN), at most max input bytes. */
void net_escape(const uint8_t *buf, size_t len, size_t max, char *out, size_t outlen);

#endif
