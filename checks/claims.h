/* What each input says about the device it came from (chip, MAC, flash
 * size), so that inputs which cannot be one device are told apart: an
 * ESP32 dump beside ESP32-S3 eFuses is an error naming both, unless the
 * user says they are separate units (--separate-units, --compare). */
#ifndef FWAUDIT_CHECKS_CLAIMS_H
#define FWAUDIT_CHECKS_CLAIMS_H

#include <stdbool.h>

#include "util/error.h"
#include "core/facts.h"

/* Records that input says the device's `what` ("chip", "MAC", "flash
 * size") is value, read at `where` (NULL: the input as a whole), as an
 * item of inputs.device_claims. */
void device_claim(struct facts *f, int input, const char *what, const char *value,
    const char *where);
/* 0 when no two inputs contradict each other; else -1 with err naming both
 * inputs and values ("flash.bin: chip esp32 (image header at 0x1000)
 * contradicts efuse.json: chip esp32s3"). With separate_units each
 * contradiction is a warning instead. */
int device_claims_check(struct facts *f, bool separate_units, struct fw_err *err);

#endif
