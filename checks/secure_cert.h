/* esp_secure_cert partitions (TLV, or the legacy NVS layout) as
 * identity.* facts: the flash-dump collector calls this for each identity
 * partition, and it is the collector of a standalone esp_secure_cert
 * binary. Depends on checks/identity (the items) and checks/nvs (the legacy
 * layout); neither depends on it. */
#ifndef FWAUDIT_CHECKS_SECURE_CERT_H
#define FWAUDIT_CHECKS_SECURE_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "core/facts.h"

/* Adds identity.* facts for an esp_secure_cert or Matter factory partition. */
int secure_cert_partition_facts(struct facts *f, int input, const char *label,
    const uint8_t *data, size_t len, uint64_t offset, struct fw_err *err);

#endif
