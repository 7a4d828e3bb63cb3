/* fwaudit ports: the serial ports here, with USB ids, so an ESP board is
 * easy to pick (device/serial_list.c does the work). */
#include <stdio.h>
#include <stdlib.h>

#include "device/serial_list.h"
#include "lib/fwaudit_browse.h"
#include "lib/result.h"
#include "util/error.h"

static void
print_port(FILE *out, const struct serial_port_info *v)
{
	fprintf(out, "%-20s %-9s", v->name, v->transport);
	if (v->vid >= 0)
		fprintf(out, " %04x:%04x", v->vid, v->pid);
	if (v->manufacturer[0] || v->product[0])
		fprintf(out, "  %s%s%s", v->manufacturer, v->manufacturer[0] ? " " : "",
		    v->product);
	if (v->serial[0])
		fprintf(out, "  serial %s", v->serial);
	if (v->board != NULL)
		fprintf(out, "  [%s]", v->board);
	fputc('\n', out);
}

int
fwaudit_ports(FILE *out, struct scan_result *res)
{
	struct serial_port_info *v;
	char why[256];
	size_t n;

	if (serial_list(&v, &n, why, sizeof(why)) != 0)
		return lib_fail(res, EXIT_INTERNAL, "cannot list serial ports: %s", why);
	if (n == 0)
		fprintf(out, "no serial ports found\n");
	for (size_t i = 0; i < n; i++)
		print_port(out, &v[i]);
	free(v);
	return lib_done(res, EXIT_CLEAN);
}
