/* Local serial ports with their USB identity, so an ESP board stands out. */
#ifndef FWAUDIT_DEVICE_SERIAL_LIST_H
#define FWAUDIT_DEVICE_SERIAL_LIST_H

#include <stddef.h>

struct serial_port_info {
	char name[128];
	char transport[16];	/* usb, native, bluetooth */
	int vid, pid;		/* -1 unknown */
	char product[128], manufacturer[128], serial[64];
	const char *board;	/* what the USB id usually is, or NULL */
};

/* What a USB VID:PID commonly is on ESP boards, or NULL. */
const char *serial_usb_board(int vid, int pid);
/* Lists ports (caller frees *out). 0, or -1 when enumeration fails. */
int serial_list(struct serial_port_info **out, size_t *n, char *why, size_t whylen);

#endif
