/* fwaudit ports: the serial ports here, with USB ids, so an ESP board is
 * easy to pick (device/serial_list.c does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/error.h"
#include "device/serial_list.h"

int
cmd_ports(int argc, char **argv)
{
	struct serial_port_info *v;
	char why[256];
	size_t n;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: fwaudit ports\n\nLists serial ports with USB VID:PID, product and "
		    "what the id usually is (Espressif USB-Serial-JTAG 303a:1001, CP210x, CH340, FTDI).\n"
		    "Network serial servers are given to scan as rfc2217://HOST:PORT or tcp://HOST:PORT.\n");
		return EXIT_CLEAN;
	}
	if (argc > 1)
		return die(EXIT_USAGE, "ports takes no arguments");
	if (serial_list(&v, &n, why, sizeof(why)) != 0)
		return die(EXIT_INTERNAL, "cannot list serial ports: %s", why);
	if (n == 0)
		printf("no serial ports found\n");
	for (size_t i = 0; i < n; i++) {
		printf("%-20s %-9s", v[i].name, v[i].transport);
		if (v[i].vid >= 0)
			printf(" %04x:%04x", v[i].vid, v[i].pid);
		if (v[i].manufacturer[0] || v[i].product[0])
			printf("  %s%s%s", v[i].manufacturer, v[i].manufacturer[0] ? " " : "", v[i].product);
		if (v[i].serial[0])
			printf("  serial %s", v[i].serial);
		if (v[i].board != NULL)
			printf("  [%s]", v[i].board);
		putchar('\n');
	}
	free(v);
	return EXIT_CLEAN;
}
