/* ESP32 Secure Boot V1 checked with the user's keys (--sbv1-bootloader-key,
 * --sbv1-verify-key; formats/sbv1.h): the reflashable bootloader digest at
 * flash 0x0 and each app's signature trailer. Keys are named by their
 * file's SHA-256. */
#ifndef FWAUDIT_CHECKS_ESP_SBV1_H
#define FWAUDIT_CHECKS_ESP_SBV1_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "checks/esp_common.h"
#include "core/facts.h"

struct input;

/* With a bootloader key: adds {checked, digest_valid, digest_computed,
 * key_sha256} (or why it was not checked) to o, the digest object of the
 * block at flash 0x0 (sector: its 4 KiB; digest_off: where the 64-byte
 * digest starts, the IV before it) for the bootloader img at bl. */
void esp_sbv1_bootloader(json_t *o, const struct input *in, const uint8_t *sector,
    size_t digest_off, const struct esp_image *img, const uint8_t *bl, size_t bl_len);
/* With a verification key: an esp.secure_boot_v1.app_signatures item for
 * each parsed image with a Secure Boot V1 trailer. */
void esp_sbv1_app(struct facts *f, const struct input *in, const struct esp_image_job *j);

#endif
