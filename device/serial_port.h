/* One small interface over every way to reach a serial line: a local
 * port through libserialport, a pseudo-terminal through plain termios
 * (libserialport cannot open ptys: no sysfs entry, TIOCMGET fails), raw TCP
 * to a ser2net-style server (tcp://host:port) and RFC 2217 telnet COM-port
 * control (rfc2217://host:port). Every read has a timeout; a line that
 * goes away reads as an error, never as a hang. */
#ifndef FWAUDIT_DEVICE_SERIAL_PORT_H
#define FWAUDIT_DEVICE_SERIAL_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "formats/netproto.h"

struct serial_port;

struct serial_ops {
	/* >0 bytes read, 0 timeout, -1 the line went away (message in p->why). */
	int (*read)(struct serial_port *p, uint8_t *buf, size_t n, int timeout_ms);
	/* 0, or -1 (p->why). */
	int (*write)(struct serial_port *p, const uint8_t *buf, size_t n);
	/* Sets DTR and RTS (true = asserted); 0, or -1 when the line cannot (p->why). */
	int (*set_lines)(struct serial_port *p, bool dtr, bool rts);
	void (*close)(struct serial_port *p);
};

/* A bounded record of what went over the line, for evidence. */
struct serial_transcript {
	char *text;		/* "+0.012 > c0 00 08 ...\n" lines */
	size_t len, cap, max;
	bool truncated;
};

struct serial_port {
	const struct serial_ops *ops;
	const char *transport;	/* "libserialport", "termios", "tcp", "rfc2217" */
	char name[256];
	int fd;
	void *impl;		/* transport state */
	int baud;
	int usb_vid, usb_pid;	/* -1 when unknown */
	char why[256];		/* last failure, for messages and warnings */
	uint64_t tx_bytes, rx_bytes;
	uint64_t t0_us;		/* when the port was opened */
	struct serial_transcript log;
	struct telnet_rx telnet_rx;	/* rfc2217 receive state */
};

/* Opens NAME (a device path, rfc2217://host:port or tcp://host:port) at
 * baud 8N1 without flow control. 0, or -1 with err naming the port. */
int serial_open(const char *name, int baud, struct serial_port **out, struct fw_err *err);
int serial_read(struct serial_port *p, uint8_t *buf, size_t n, int timeout_ms);
int serial_write(struct serial_port *p, const uint8_t *buf, size_t n);
int serial_set_lines(struct serial_port *p, bool dtr, bool rts);
/* Discards whatever is waiting to be read (up to timeout_ms of it). */
void serial_drain(struct serial_port *p, int timeout_ms);
void serial_close(struct serial_port *p);

/* Adds a note ("reset: classic DTR/RTS") to the transcript. */
void serial_note(struct serial_port *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Microseconds on a monotonic clock; sleeps for ms. */
uint64_t serial_now_us(void);
void serial_sleep_ms(int ms);

/* Transport constructors (device/serial_tty.c, device/serial_net.c). */
int serial_open_libserialport(struct serial_port *p, struct fw_err *err);
int serial_open_termios(struct serial_port *p, struct fw_err *err);
int serial_open_net(struct serial_port *p, const char *hostport, bool rfc2217,
    struct fw_err *err);
/* poll() + read() on p->fd, shared by the transports. */
int serial_fd_read(struct serial_port *p, uint8_t *buf, size_t n, int timeout_ms);
int serial_fd_write(struct serial_port *p, const uint8_t *buf, size_t n);

#endif
