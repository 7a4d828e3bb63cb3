/* eFuse dump -> efuse.* facts: the one place that interprets eFuse fields,
 * shared by every source (JSON summary, dumps, live ROM reads). */
#ifndef FWAUDIT_CHECKS_EFUSE_H
#define FWAUDIT_CHECKS_EFUSE_H

#include "core/facts.h"
#include "formats/efuse.h"

int efuse_facts(struct facts *f, int input, const struct efuse_dump *d);
/* Key purpose number -> espefuse name (S2/S3/C3/C6/H2 numbering). */
const char *efuse_purpose_name(unsigned purpose);

#endif
