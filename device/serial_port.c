/* Transport choice, timing and the transcript shared by every transport. */
#include "device/serial_port.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TRANSCRIPT_MAX (256 * 1024)

uint64_t
serial_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void
serial_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
log_append(struct serial_transcript *t, const char *s, size_t n)
{
	if (t->truncated)
		return;
	if (t->len + n + 1 > t->max) {
		t->truncated = true;
		return;
	}
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 4096;
		char *p;

		while (cap < t->len + n + 1)
			cap *= 2;
		if ((p = realloc(t->text, cap)) == NULL) {
			t->truncated = true;
			return;
		}
		t->text = p;
		t->cap = cap;
	}
	memcpy(t->text + t->len, s, n);
	t->len += n;
	t->text[t->len] = '\0';
}

static void
log_bytes(struct serial_port *p, char dir, const uint8_t *b, size_t n)
{
	char line[192];
	uint64_t us = serial_now_us() - p->t0_us;

	/* "+S.mmm > hex...  |text|": 32 bytes a line, printable bytes shown too. */
	for (size_t i = 0; i < n; i += 32) {
		int k = snprintf(line, sizeof(line), "+%llu.%03llu %c",
		    (unsigned long long)(us / 1000000), (unsigned long long)(us / 1000 % 1000), dir);

		for (size_t j = i; j < n && j < i + 32; j++)
			k += snprintf(line + k, sizeof(line) - (size_t)k, " %02x", b[j]);
		k += snprintf(line + k, sizeof(line) - (size_t)k, "  |");
		for (size_t j = i; j < n && j < i + 32; j++)
			line[k++] = b[j] >= 0x20 && b[j] < 0x7f ? (char)b[j] : '.';
		line[k++] = '|';
		line[k++] = '\n';
		log_append(&p->log, line, (size_t)k);
	}
}

void
serial_note(struct serial_port *p, const char *fmt, ...)
{
	char line[512];
	uint64_t us = serial_now_us() - p->t0_us;
	va_list ap;
	int k;

	k = snprintf(line, sizeof(line), "+%llu.%03llu # ",
	    (unsigned long long)(us / 1000000), (unsigned long long)(us / 1000 % 1000));
	va_start(ap, fmt);
	k += vsnprintf(line + k, sizeof(line) - (size_t)k - 1, fmt, ap);
	va_end(ap);
	if (k > (int)sizeof(line) - 2)
		k = (int)sizeof(line) - 2;
	line[k++] = '\n';
	log_append(&p->log, line, (size_t)k);
}

int
serial_open(const char *name, int baud, struct serial_port **out, struct fw_err *err)
{
	struct serial_port *p = calloc(1, sizeof(*p));
	int rc;

	*out = NULL;
	if (p == NULL)
		return err_oom(err, name, ERR_NO_OFFSET);
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->fd = -1;
	p->baud = baud > 0 ? baud : 115200;
	p->usb_vid = p->usb_pid = -1;
	p->t0_us = serial_now_us();
	p->log.max = TRANSCRIPT_MAX;
	if (strncmp(name, "rfc2217://", 10) == 0)
		rc = serial_open_net(p, name + 10, true, err);
	else if (strncmp(name, "tcp://", 6) == 0)
		rc = serial_open_net(p, name + 6, false, err);
	else if ((rc = serial_open_libserialport(p, err)) != 0) {
		/* Not a port libserialport knows (a pty has no sysfs entry). */
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err != NULL ? err->msg : "");
		rc = serial_open_termios(p, err);
		if (rc == 0)
			serial_note(p, "libserialport could not open it (%s); using termios", why);
	}
	if (rc != 0) {
		free(p);
		return -1;
	}
	serial_note(p, "opened %s via %s at %d baud", p->name, p->transport, p->baud);
	*out = p;
	return 0;
}

int
serial_read(struct serial_port *p, uint8_t *buf, size_t n, int timeout_ms)
{
	int r = p->ops->read(p, buf, n, timeout_ms < 0 ? 0 : timeout_ms);

	if (r > 0) {
		p->rx_bytes += (uint64_t)r;
		log_bytes(p, '<', buf, (size_t)r);
	} else if (r < 0) {
		serial_note(p, "read failed: %s", p->why);
	}
	return r;
}

int
serial_write(struct serial_port *p, const uint8_t *buf, size_t n)
{
	log_bytes(p, '>', buf, n);
	if (p->ops->write(p, buf, n) != 0) {
		serial_note(p, "write failed: %s", p->why);
		return -1;
	}
	p->tx_bytes += n;
	return 0;
}

int
serial_set_lines(struct serial_port *p, bool dtr, bool rts)
{
	if (p->ops->set_lines(p, dtr, rts) != 0) {
		serial_note(p, "DTR=%d RTS=%d not set: %s", dtr, rts, p->why);
		return -1;
	}
	serial_note(p, "DTR=%d RTS=%d", dtr, rts);
	return 0;
}

void
serial_drain(struct serial_port *p, int timeout_ms)
{
	uint8_t buf[256];
	uint64_t end = serial_now_us() + (uint64_t)timeout_ms * 1000u;

	while (serial_now_us() < end) {
		int left = (int)((end - serial_now_us()) / 1000);

		if (serial_read(p, buf, sizeof(buf), left) <= 0)
			break;
	}
}

void
serial_close(struct serial_port *p)
{
	if (p == NULL)
		return;
	p->ops->close(p);
	free(p->log.text);
	free(p);
}

int
serial_fd_read(struct serial_port *p, uint8_t *buf, size_t n, int timeout_ms)
{
	struct pollfd pfd = { .fd = p->fd, .events = POLLIN };
	ssize_t r;
	int pr;

	do
		pr = poll(&pfd, 1, timeout_ms);
	while (pr < 0 && errno == EINTR);
	if (pr < 0) {
		snprintf(p->why, sizeof(p->why), "poll: %s", strerror(errno));
		return -1;
	}
	if (pr == 0)
		return 0;
	if (!(pfd.revents & POLLIN) && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))) {
		snprintf(p->why, sizeof(p->why), "the line went away (hang-up)");
		return -1;
	}
	r = read(p->fd, buf, n);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (r <= 0) {
		snprintf(p->why, sizeof(p->why), "the line went away (%s)",
		    r == 0 ? "end of file" : strerror(errno));
		return -1;
	}
	return (int)r;
}

int
serial_fd_write(struct serial_port *p, const uint8_t *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(p->fd, buf + done, n - done);

		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pfd = { .fd = p->fd, .events = POLLOUT };

			if (poll(&pfd, 1, 1000) <= 0) {
				snprintf(p->why, sizeof(p->why), "write timed out");
				return -1;
			}
			continue;
		}
		if (w <= 0) {
			snprintf(p->why, sizeof(p->why), "write: %s", strerror(errno));
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}
