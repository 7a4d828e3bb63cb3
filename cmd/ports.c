/* fwaudit ports: the serial ports here, with USB ids, so an ESP board is
 * easy to pick (device/serial_list.c does the work). */
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "device/serial_list.h"

static const char *const ports_usage[] = { "ports", NULL };
static const struct opt_row *const ports_tables[] = { help_opt_rows, NULL };

const struct cmd_doc ports_doc = {
	"ports", "serial ports with USB ids (for scan --serial)", ports_usage,
	"Lists the serial ports with their USB VID:PID, product and what the id usually is "
	"(Espressif USB-Serial-JTAG 303a:1001, CP210x, CH340, FTDI), so an ESP board is easy "
	"to pick for `scan --serial`. Network serial servers are given to scan as "
	"`rfc2217://HOST:PORT` or `tcp://HOST:PORT`.",
	ports_tables, NULL
};

int
cmd_ports(int argc, char **argv)
{
	struct serial_port_info *v;
	struct opt_parser p;
	char why[256];
	size_t n;
	int opt, status;

	opt_parser_init(&p, &ports_doc);
	optind = 1;
	while ((opt = opt_next(&p, argc, argv, &status)) != -1)
		if (opt == OPT_STOP)
			return status;
	if (argc > optind)
		return die(FWAUDIT_EXIT_USAGE, "ports takes no arguments");
	if (serial_list(&v, &n, why, sizeof(why)) != 0)
		return die(FWAUDIT_EXIT_INTERNAL, "cannot list serial ports: %s", why);
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
	return FWAUDIT_EXIT_CLEAN;
}
