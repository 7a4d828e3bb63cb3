/* Local serial lines: libserialport for real ports (it knows USB ids and
 * drives DTR/RTS), plain termios for pseudo-terminals, which libserialport
 * cannot open (no sysfs entry; TIOCMGET fails with ENOTTY). Reads and
 * writes go through the file descriptor in both cases (poll with timeout). */
#include "device/serial_port.h"

#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static int
sp_set_lines(struct serial_port *p, bool dtr, bool rts)
{
	struct sp_port *sp = p->impl;

	if (sp_set_dtr(sp, dtr ? SP_DTR_ON : SP_DTR_OFF) != SP_OK ||
	    sp_set_rts(sp, rts ? SP_RTS_ON : SP_RTS_OFF) != SP_OK) {
		char *m = sp_last_error_message();

		snprintf(p->why, sizeof(p->why), "libserialport: %s", m != NULL ? m : "?");
		sp_free_error_message(m);
		return -1;
	}
	return 0;
}

static void
sp_close_port(struct serial_port *p)
{
	sp_close(p->impl);
	sp_free_port(p->impl);
}

static const struct serial_ops sp_ops = {
	serial_fd_read, serial_fd_write, sp_set_lines, sp_close_port,
};

static int
sp_fail(struct sp_port *sp, const char *name, const char *what, struct fw_err *err)
{
	char *m = sp_last_error_message();

	err_set(err, name, ERR_NO_OFFSET, "%s: %s", what, m != NULL ? m : "?");
	sp_free_error_message(m);
	if (sp != NULL) {
		sp_close(sp);
		sp_free_port(sp);
	}
	return -1;
}

int
serial_open_libserialport(struct serial_port *p, struct fw_err *err)
{
	struct sp_port *sp = NULL;
	int fd;

	if (sp_get_port_by_name(p->name, &sp) != SP_OK)
		return sp_fail(NULL, p->name, "cannot look the port up", err);
	if (sp_open(sp, SP_MODE_READ_WRITE) != SP_OK) {
		/* sp_open fails without closing on some errors; sp_close is safe. */
		return sp_fail(sp, p->name, "cannot open", err);
	}
	if (sp_set_baudrate(sp, p->baud) != SP_OK || sp_set_bits(sp, 8) != SP_OK ||
	    sp_set_parity(sp, SP_PARITY_NONE) != SP_OK || sp_set_stopbits(sp, 1) != SP_OK ||
	    sp_set_flowcontrol(sp, SP_FLOWCONTROL_NONE) != SP_OK)
		return sp_fail(sp, p->name, "cannot configure 8N1", err);
	if (sp_get_port_handle(sp, &fd) != SP_OK)
		return sp_fail(sp, p->name, "no file descriptor", err);
	if (sp_get_port_usb_vid_pid(sp, &p->usb_vid, &p->usb_pid) != SP_OK)
		p->usb_vid = p->usb_pid = -1;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	p->fd = fd;
	p->impl = sp;
	p->ops = &sp_ops;
	p->transport = "libserialport";
	return 0;
}

static int
tio_set_lines(struct serial_port *p, bool dtr, bool rts)
{
	int bits;

	if (ioctl(p->fd, TIOCMGET, &bits) != 0) {
		snprintf(p->why, sizeof(p->why), "modem-line ioctl: %s", strerror(errno));
		return -1;
	}
	bits = dtr ? bits | TIOCM_DTR : bits & ~TIOCM_DTR;
	bits = rts ? bits | TIOCM_RTS : bits & ~TIOCM_RTS;
	if (ioctl(p->fd, TIOCMSET, &bits) != 0) {
		snprintf(p->why, sizeof(p->why), "modem-line ioctl: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void
tio_close(struct serial_port *p)
{
	close(p->fd);
}

static const struct serial_ops tio_ops = {
	serial_fd_read, serial_fd_write, tio_set_lines, tio_close,
};

static speed_t
baud_const(int baud)
{
	static const struct { int baud; speed_t c; } rates[] = {
		{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 },
		{ 115200, B115200 }, { 230400, B230400 }, { 460800, B460800 },
		{ 921600, B921600 }, { 1500000, B1500000 }, { 2000000, B2000000 },
	};

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (rates[i].baud == baud)
			return rates[i].c;
	return 0;
}

int
serial_open_termios(struct serial_port *p, struct fw_err *err)
{
	struct termios t;
	speed_t sp = baud_const(p->baud);
	int fd;

	if (sp == 0)
		return err_set(err, p->name, ERR_NO_OFFSET, "baud %d is not a standard "
		    "rate this path can set (9600..2000000)", p->baud);
	if ((fd = open(p->name, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return err_set(err, p->name, ERR_NO_OFFSET, "cannot open: %s", strerror(errno));
	if (!isatty(fd) || tcgetattr(fd, &t) != 0) {
		close(fd);
		return err_set(err, p->name, ERR_NO_OFFSET, "not a serial line (terminal "
		    "attributes unavailable)");
	}
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cflag &= ~(CSTOPB | CRTSCTS);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	cfsetispeed(&t, sp);
	cfsetospeed(&t, sp);
	if (tcsetattr(fd, TCSANOW, &t) != 0) {
		close(fd);
		return err_set(err, p->name, ERR_NO_OFFSET, "cannot configure: %s", strerror(errno));
	}
	tcflush(fd, TCIOFLUSH);
	p->fd = fd;
	p->ops = &tio_ops;
	p->transport = "termios";
	return 0;
}
