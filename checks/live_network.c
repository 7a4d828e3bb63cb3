#include "checks/live.h"

int
collect_network(struct facts *f, const struct net_opts *o, struct fw_err *err)
{
	return err_set(err, o->host, ERR_NO_OFFSET,
	    "live network audit is not available in this build");
}
