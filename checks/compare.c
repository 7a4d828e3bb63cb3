#include "checks/live.h"

int
collect_compare(struct facts *f, const struct input *a, const struct input *b,
    struct fw_err *err)
{
	return err_set(err, a->path, ERR_NO_OFFSET,
	    "--compare is not available in this build");
}
