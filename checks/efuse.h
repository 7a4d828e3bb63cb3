/* eFuse dump -> efuse.* facts: the one place that interprets eFuse fields,
 * shared by every source (JSON summary, dumps, live ROM reads). */
#ifndef FWAUDIT_CHECKS_EFUSE_H
#define FWAUDIT_CHECKS_EFUSE_H

#include "core/facts.h"
#include "formats/efuse.h"

int efuse_facts(struct facts *f, int input, const struct efuse_dump *d);
/* The facts of what the later chips add (checks/efuse_features.c). */
int efuse_feature_facts(struct facts *f, int input, const struct efuse_dump *d);
/* Key purpose number -> espefuse name on the chip ("UNKNOWN" if none). */
const char *efuse_purpose_name(const char *chip, unsigned purpose);

#endif
