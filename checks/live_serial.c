#include "checks/live.h"

int
collect_serial(struct facts *f, const struct serial_opts *o, struct fw_err *err)
{
	return err_set(err, o->port, ERR_NO_OFFSET,
	    "live serial audit is not available in this build");
}
