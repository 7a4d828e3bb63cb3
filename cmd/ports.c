/* fwaudit ports: its options (lib/ports.c lists the serial ports). */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "lib/fwaudit_browse.h"

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
	struct scan_result res;
	struct opt_parser p;
	int opt, status;

	opt_parser_init(&p, &ports_doc);
	optind = 1;
	while ((opt = opt_next(&p, argc, argv, &status)) != -1)
		if (opt == OPT_STOP)
			return status;
	if (argc > optind)
		return die(FWAUDIT_EXIT_USAGE, "ports takes no arguments");
	if (fwaudit_ports(stdout, &res) != 0 && res.message[0] != '\0')
		die(res.status, "%s", res.message);
	return res.status;
}
