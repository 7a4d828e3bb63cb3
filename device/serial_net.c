/* Serial lines over the network: raw TCP (ser2net "raw" ports: bytes only,
 * no modem lines) and RFC 2217 (telnet COM-PORT-OPTION 44: SET-BAUDRATE 1,
 * SET-DATASIZE 2, SET-PARITY 3, SET-STOPSIZE 4, SET-CONTROL 5 with DTR
 * on/off 8/9 and RTS on/off 11/12; data bytes 0xFF doubled). */
#include "device/serial_port.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { OPT_BINARY = 0, OPT_SGA = 3, COM_PORT = 44 };

static int
tcp_read(struct serial_port *p, uint8_t *buf, size_t n, int timeout_ms)
{
	return serial_fd_read(p, buf, n, timeout_ms);
}

/* Strips telnet commands from what arrived (formats/telnet.c); keeps the
 * data bytes. */
static int
telnet_read(struct serial_port *p, uint8_t *buf, size_t n, int timeout_ms)
{
	uint64_t end = serial_now_us() + (uint64_t)timeout_ms * 1000u;

	for (;;) {
		uint64_t now = serial_now_us();
		int left = now >= end ? 0 : (int)((end - now) / 1000);
		int r = serial_fd_read(p, buf, n, left), k = 0;

		if (r <= 0)
			return r;
		for (int i = 0; i < r; i++) {
			uint8_t cmd, c;

			if (telnet_rx_byte(&p->telnet_rx, buf[i], &cmd, &c) == TELNET_DATA)
				buf[k++] = c;
		}
		if (k > 0)
			return k;
		if (left == 0)
			return 0;
	}
}

static int
telnet_write(struct serial_port *p, const uint8_t *buf, size_t n)
{
	uint8_t out[512];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (k + 2 > sizeof(out)) {
			if (serial_fd_write(p, out, k) != 0)
				return -1;
			k = 0;
		}
		out[k++] = buf[i];
		if (buf[i] == TELNET_IAC)
			out[k++] = TELNET_IAC;
	}
	return k > 0 ? serial_fd_write(p, out, k) : 0;
}

static int
com_port(struct serial_port *p, uint8_t sub, const uint8_t *v, size_t n)
{
	uint8_t m[16] = { TELNET_IAC, TELNET_SB, COM_PORT, sub };
	size_t k = 4;

	for (size_t i = 0; i < n; i++) {
		m[k++] = v[i];
		if (v[i] == TELNET_IAC)
			m[k++] = TELNET_IAC;
	}
	m[k++] = TELNET_IAC;
	m[k++] = TELNET_SE;
	return serial_fd_write(p, m, k);
}

static int
telnet_set_lines(struct serial_port *p, bool dtr, bool rts)
{
	uint8_t d = dtr ? 8 : 9, r = rts ? 11 : 12;

	return com_port(p, 5, &d, 1) == 0 && com_port(p, 5, &r, 1) == 0 ? 0 : -1;
}

static int
tcp_set_lines(struct serial_port *p, bool dtr, bool rts)
{
	snprintf(p->why, sizeof(p->why), "a raw TCP serial server has no modem lines "
	    "(use rfc2217:// for DTR/RTS)");
	return -1;
}

static void
net_close(struct serial_port *p)
{
	close(p->fd);
}

static const struct serial_ops tcp_ops = { tcp_read, serial_fd_write, tcp_set_lines, net_close };
static const struct serial_ops rfc2217_ops = { telnet_read, telnet_write, telnet_set_lines, net_close };

/* "host:port" or "[v6]:port" -> a connected socket within timeout. */
static int
connect_to(const char *hostport, const char *name, struct fw_err *err)
{
	char host[256];
	const char *colon = strrchr(hostport, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL, *ai;
	size_t hl;
	int fd = -1, rc;

	if (colon == NULL || colon[1] == '\0' || (hl = (size_t)(colon - hostport)) == 0 ||
	    hl >= sizeof(host))
		return err_set(err, name, ERR_NO_OFFSET, "expected HOST:PORT after the scheme");
	memcpy(host, hostport, hl);
	host[hl] = '\0';
	if (host[0] == '[' && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	if ((rc = getaddrinfo(host, colon + 1, &hints, &res)) != 0)
		return err_set(err, name, ERR_NO_OFFSET, "cannot resolve: %s", gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		struct pollfd pfd;
		int soerr = 0;
		socklen_t sl = sizeof(soerr);

		if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (errno == EINPROGRESS && poll(&pfd, 1, 3000) == 1 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)
			break;
		if (soerr != 0)
			errno = soerr;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return err_set(err, name, ERR_NO_OFFSET, "cannot connect: %s", strerror(errno));
	rc = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &rc, sizeof(rc));
	return fd;
}

int
serial_open_net(struct serial_port *p, const char *hostport, bool rfc2217, struct fw_err *err)
{
	int fd = connect_to(hostport, p->name, err);

	if (fd < 0)
		return -1;
	p->fd = fd;
	if (!rfc2217) {
		p->ops = &tcp_ops;
		p->transport = "tcp";
		return 0;
	}
	p->ops = &rfc2217_ops;
	p->transport = "rfc2217";
	{
		/* Binary both ways, suppress go-ahead, COM-PORT control; then 8N1 at baud. */
		static const uint8_t nego[] = {
			TELNET_IAC, TELNET_WILL, OPT_BINARY, TELNET_IAC, TELNET_DO, OPT_BINARY,
			TELNET_IAC, TELNET_WILL, OPT_SGA, TELNET_IAC, TELNET_DO, OPT_SGA,
			TELNET_IAC, TELNET_WILL, COM_PORT };
		uint8_t b[4] = { (uint8_t)(p->baud >> 24), (uint8_t)(p->baud >> 16),
			(uint8_t)(p->baud >> 8), (uint8_t)p->baud };
		uint8_t eight = 8, none = 1, one = 1;

		if (serial_fd_write(p, nego, sizeof(nego)) != 0 || com_port(p, 1, b, 4) != 0 ||
		    com_port(p, 2, &eight, 1) != 0 || com_port(p, 3, &none, 1) != 0 ||
		    com_port(p, 4, &one, 1) != 0) {
			close(fd);
			return err_set(err, p->name, ERR_NO_OFFSET, "telnet negotiation: %s", p->why);
		}
	}
	return 0;
}
