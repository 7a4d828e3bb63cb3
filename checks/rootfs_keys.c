#include "checks/rootfs.h"

void
rootfs_keys(struct rootfs *r)
{
	(void)r;
}
