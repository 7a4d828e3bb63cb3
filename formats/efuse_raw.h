/* eFuse register words from files: `espefuse.py dump` text output
 * ("BLOCK0 (...) [0 ] read_regs: 00000000 ..."), and raw block images
 * (the read registers of BLOCK0..BLOCKn, each word little-endian, as
 * `espefuse.py dump --format joint` stores them). */
#ifndef FWAUDIT_FORMATS_EFUSE_RAW_H
#define FWAUDIT_FORMATS_EFUSE_RAW_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "formats/efuse_tables.h"

int efuse_dumptext_detect(const uint8_t *data, size_t len);
int efuse_dumptext_parse(const uint8_t *data, size_t len, const char *name,
    struct efuse_regs *out, struct fw_err *err);

/* Bytes a raw image of the chip holds (every block's words). */
size_t efuse_bin_size(const struct efuse_chip_def *c);
int efuse_bin_detect(const uint8_t *data, size_t len);
/* The chip comes from the size (ESP32: 124 bytes, ESP32-C2: 84) or, as the
 * later chips' images are all 336 bytes, from a chip name in the file name. */
int efuse_bin_parse(const uint8_t *data, size_t len, const char *name,
    struct efuse_regs *out, struct fw_err *err);

#endif
