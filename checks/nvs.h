/* NVS partitions found inside flash dumps (called by the flash-dump
 * collector) or given alone as inputs. Identity values in them go to
 * checks/identity. */
#ifndef FWAUDIT_CHECKS_NVS_H
#define FWAUDIT_CHECKS_NVS_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "core/facts.h"

/* Adds nvs.* facts for one NVS partition: data/len is the partition's bytes,
 * found at `offset` of input `input`, with partition label `label`.
 * 0, or -1 with err only for unusable input (damage inside the partition is
 * a fact, not an error). */
int nvs_partition_facts(struct facts *f, int input, const char *label,
    const uint8_t *data, size_t len, uint64_t offset, struct fw_err *err);
/* After every input: NVS partitions whose entries look like ciphertext are
 * marked encrypted only where another input shows NVS encryption is on
 * (post_collect_table). */
void nvs_encryption_crossref(struct facts *f);

/* Adds an nvs.keys_partitions item for an nvs_keys partition (data,
 * subtype 0x04): whether it holds the NVS encryption keys in clear (CRC32 of
 * eky||tky matches), is erased (keys not generated yet) or neither
 * (flash-encrypted, as it should be, or damaged). 0, or -1 with err on
 * allocation failure. */
int nvs_keys_partition_facts(struct facts *f, int input, const char *label,
    const uint8_t *data, size_t len, uint64_t offset, struct fw_err *err);

#endif
