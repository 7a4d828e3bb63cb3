#include "checks/rootfs.h"

void
rootfs_services(struct rootfs *r)
{
	(void)r;
}
