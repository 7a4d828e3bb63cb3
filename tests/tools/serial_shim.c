/* LD_PRELOAD shim for tests: lets libserialport open a pseudo-terminal.
 * libserialport 0.1.1 looks a port up in sysfs (lstat + readlink of
 * /sys/class/tty/NAME) and reads the modem lines (TIOCMGET) when opening;
 * a pty has neither. This fakes the sysfs entry of /dev/pts/N as a virtual
 * tty and keeps modem-line state per process, logging every change to
 * $SERIAL_SHIM_LOG so a test can check the reset sequence. With
 * $SERIAL_SHIM_USB=VID:PID the pty poses as a USB device with those ids
 * (the sysfs files libserialport reads: busnum, devnum, idVendor, ...). */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define PTS_SYSFS "/sys/class/tty/pts/"

static int fake_bits;	/* modem lines of the faked port(s) */

static void
log_lines(const char *how)
{
	const char *path = getenv("SERIAL_SHIM_LOG");
	FILE *fp;

	if (path == NULL || (fp = fopen(path, "a")) == NULL)
		return;
	fprintf(fp, "%s dtr=%d rts=%d\n", how, !!(fake_bits & TIOCM_DTR), !!(fake_bits & TIOCM_RTS));
	fclose(fp);
}

int
__lxstat(int ver, const char *path, struct stat *st)
{
	int (*real)(int, const char *, struct stat *) =
	    (int (*)(int, const char *, struct stat *))dlsym(RTLD_NEXT, "__lxstat");

	if (strncmp(path, PTS_SYSFS, strlen(PTS_SYSFS)) == 0) {
		memset(st, 0, sizeof(*st));
		st->st_mode = S_IFLNK | 0777;
		return 0;
	}
	return real(ver, path, st);
}

/* The text of a faked USB sysfs attribute, or NULL. */
static const char *
usb_attr(const char *path, char *buf, size_t n)
{
	const char *usb = getenv("SERIAL_SHIM_USB");
	const char *attr = strrchr(path, '/');
	unsigned vid, pid;

	if (usb == NULL || sscanf(usb, "%x:%x", &vid, &pid) != 2 || attr == NULL ||
	    strncmp(path, PTS_SYSFS, strlen(PTS_SYSFS)) != 0)
		return NULL;
	attr++;
	if (strcmp(attr, "busnum") == 0 || strcmp(attr, "devnum") == 0)
		snprintf(buf, n, "1\n");
	else if (strcmp(attr, "idVendor") == 0)
		snprintf(buf, n, "%04x\n", vid);
	else if (strcmp(attr, "idProduct") == 0)
		snprintf(buf, n, "%04x\n", pid);
	else if (strcmp(attr, "manufacturer") == 0)
		snprintf(buf, n, "fwaudit test\n");
	else if (strcmp(attr, "product") == 0)
		snprintf(buf, n, "simulated ESP board\n");
	else if (strcmp(attr, "serial") == 0)
		snprintf(buf, n, "SIM0001\n");
	else
		return NULL;
	return buf;
}

FILE *
fopen(const char *path, const char *mode)
{
	static char text[64];
	FILE *(*real)(const char *, const char *) =
	    (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen");

	if (usb_attr(path, text, sizeof(text)) != NULL)
		return fmemopen(text, strlen(text), "r");
	return real(path, mode);
}

ssize_t
readlink(const char *path, char *buf, size_t n)
{
	const char *target = getenv("SERIAL_SHIM_USB") != NULL ?
	    "../../devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/tty/ttyACM0" :
	    "../../devices/virtual/tty/ptmx";
	ssize_t (*real)(const char *, char *, size_t) =
	    (ssize_t (*)(const char *, char *, size_t))dlsym(RTLD_NEXT, "readlink");

	if (strncmp(path, PTS_SYSFS, strlen(PTS_SYSFS)) == 0) {
		size_t k = strlen(target) < n ? strlen(target) : n;

		memcpy(buf, target, k);
		return (ssize_t)k;
	}
	return real(path, buf, n);
}

int
ioctl(int fd, unsigned long req, ...)
{
	int (*real)(int, unsigned long, ...) =
	    (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	va_list ap;
	void *arg;
	int r, *bits;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (req != TIOCMGET && req != TIOCMSET && req != TIOCMBIS && req != TIOCMBIC)
		return real(fd, req, arg);
	if ((r = real(fd, req, arg)) == 0 || (errno != ENOTTY && errno != EINVAL))
		return r;
	bits = arg;
	switch (req) {
	case TIOCMGET: *bits = fake_bits; return 0;
	case TIOCMSET: fake_bits = *bits; log_lines("set"); return 0;
	case TIOCMBIS: fake_bits |= *bits; log_lines("bis"); return 0;
	default: fake_bits &= ~*bits; log_lines("bic"); return 0;
	}
}
