#include "device/net_conn.h"

#include <errno.h>
#include <openssl/err.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static int
wait_fd(int fd, short events, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	long long left = deadline - net_now_ms();
	int n;

	if (left <= 0)
		return 0;
	do
		n = poll(&p, 1, (int)left);
	while (n < 0 && errno == EINTR);
	return n > 0;
}

int
net_conn_open(struct net_conn *c, const struct net_target *t, uint16_t port,
    int timeout_ms)
{
	struct sockaddr_storage sa;
	int e = 0;
	socklen_t elen = sizeof(e);

	memset(c, 0, sizeof(*c));
	c->fd = socket(t->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	net_target_addr(t, port, &sa);
	if (connect(c->fd, (struct sockaddr *)&sa, t->salen) != 0) {
		if (errno != EINPROGRESS)
			goto fail;
		if (!wait_fd(c->fd, POLLOUT, net_now_ms() + timeout_ms)) {
			errno = ETIMEDOUT;
			goto fail;
		}
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &elen) != 0 || e != 0) {
			errno = e ? e : EIO;
			goto fail;
		}
	}
	return 0;
fail:
	e = errno;
	close(c->fd);
	c->fd = -1;
	errno = e;
	return -1;
}

/* Drives a non-blocking SSL call until it completes or the deadline passes. */
static int
ssl_wait(struct net_conn *c, int ret, long long deadline)
{
	switch (SSL_get_error(c->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return wait_fd(c->fd, POLLIN, deadline) ? 1 : -1;
	case SSL_ERROR_WANT_WRITE:
		return wait_fd(c->fd, POLLOUT, deadline) ? 1 : -1;
	case SSL_ERROR_ZERO_RETURN:
		c->eof = true;
		return 0;
	case SSL_ERROR_SYSCALL:
		c->reset = errno == ECONNRESET || errno == EPIPE;
		c->eof = true;
		return -1;
	default:
		c->ssl_err = ERR_peek_last_error();
		c->eof = true;
		return -1;
	}
}

bool
net_conn_tls_alert(const struct net_conn *c)
{
	int reason = ERR_GET_REASON(c->ssl_err);

	/* OpenSSL reports a received alert as SSL_AD_REASON_OFFSET + its code. */
	return c->ssl_err != 0 && ERR_GET_LIB(c->ssl_err) == ERR_LIB_SSL &&
	    reason >= SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256;
}

int
net_conn_tls(struct net_conn *c, SSL_CTX *ctx, const char *sni, long long deadline)
{
	int ret;

	if ((c->ssl = SSL_new(ctx)) == NULL || SSL_set_fd(c->ssl, c->fd) != 1)
		return -1;
	if (sni != NULL)
		SSL_set_tlsext_host_name(c->ssl, sni);
	ERR_clear_error();
	while ((ret = SSL_connect(c->ssl)) != 1)
		if (ssl_wait(c, ret, deadline) != 1)
			return -1;
	return 0;
}

int
net_conn_write(struct net_conn *c, const void *buf, size_t len, long long deadline)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t n;

		if (c->ssl != NULL) {
			int ret = SSL_write(c->ssl, p, (int)len);

			if (ret <= 0) {
				if (ssl_wait(c, ret, deadline) != 1)
					return -1;
				continue;
			}
			n = ret;
		} else {
			n = send(c->fd, p, len, MSG_NOSIGNAL);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno != EAGAIN) {
					c->eof = c->reset = true;
					return -1;
				}
				if (!wait_fd(c->fd, POLLOUT, deadline))
					return -1;
				continue;
			}
		}
		net_log_bytes(c->log, '>', p, (size_t)n);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

size_t
net_conn_read(struct net_conn *c, uint8_t *buf, size_t cap, size_t *have,
    long long deadline, bool (*done)(const uint8_t *, size_t))
{
	size_t start = *have;

	while (*have < cap && !c->eof) {
		ssize_t n;

		if (done != NULL && *have > start && done(buf, *have))
			break;
		if (c->ssl != NULL) {
			int ret = SSL_read(c->ssl, buf + *have, (int)(cap - *have));

			if (ret <= 0) {
				if (ssl_wait(c, ret, deadline) != 1)
					break;
				continue;
			}
			n = ret;
		} else {
			n = recv(c->fd, buf + *have, cap - *have, 0);
			if (n == 0) {
				c->eof = true;
				break;
			}
			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno != EAGAIN) {
					c->eof = c->reset = true;
					break;
				}
				if (!wait_fd(c->fd, POLLIN, deadline))
					break;
				continue;
			}
		}
		net_log_bytes(c->log, '<', buf + *have, (size_t)n);
		*have += (size_t)n;
		c->got += (size_t)n;
	}
	return *have - start;
}

void
net_conn_close(struct net_conn *c)
{
	if (c->ssl != NULL) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

void
net_escape(const uint8_t *buf, size_t len, size_t max, char *out, size_t outlen)
{
	size_t o = 0;

	if (outlen == 0)
		return;
	for (size_t i = 0; i < len && i < max; i++) {
		char tmp[8];
		uint8_t b = buf[i];

		if (b == '\r')
			snprintf(tmp, sizeof(tmp), "\\r");
		else if (b == '\n')
			snprintf(tmp, sizeof(tmp), "\\n");
		else if (b == '\t')
			snprintf(tmp, sizeof(tmp), "\\t");
		else if (b == '\\')
			snprintf(tmp, sizeof(tmp), "\\\\");
		else if (b >= 0x20 && b < 0x7f)
			snprintf(tmp, sizeof(tmp), "%c", b);
		else
			snprintf(tmp, sizeof(tmp), "\\x%02x", b);
		if (o + strlen(tmp) + 1 > outlen)
			break;
		memcpy(out + o, tmp, strlen(tmp));
		o += strlen(tmp);
	}
	out[o] = '\0';
}

bool
net_contains_ci(const uint8_t *b, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp((const char *)b + i, needle, k) == 0)
			return true;
	return false;
}

void
net_log_printf(struct net_log *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l == NULL || l->len >= sizeof(l->text) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->text + l->len, sizeof(l->text) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < sizeof(l->text) - l->len ? (size_t)n : sizeof(l->text) - 1 - l->len;
}

void
net_log_bytes(struct net_log *l, char dir, const uint8_t *buf, size_t len)
{
	char esc[1024 * 4 + 1];

	if (l == NULL || len == 0)
		return;
	net_escape(buf, len, 1024, esc, sizeof(esc));
	net_log_printf(l, "%c %s%s\n", dir, esc, len > 1024 ? " [...]" : "");
}
