/* Components identified in ESP images, as the `components` fact: the app
 * and bootloader (their descriptors), ESP-IDF, and the libraries the
 * catalogue (rules/data/components.yaml) finds in an app's strings, with
 * versions of their own or derived from the ESP-IDF release table
 * (checks/idf_releases.h). docs/sbom.md. */
#ifndef FWAUDIT_CHECKS_COMPONENTS_H
#define FWAUDIT_CHECKS_COMPONENTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "checks/esp_common.h"
#include "core/facts.h"
#include "core/input.h"

/* Items carry the SHA-512 of their image (BSI TR-03183-2 asks it of an
 * SBOM) when the input's want_sha512 is set: it costs ~1.3 ns a byte, more
 * than the rest of the identification together, so the scan asks for it
 * only when it writes an SBOM (--format cyclonedx*, --evidence-dir). */

/* Adds a `components` item per component of every parsed image in jobs
 * (the images of one input, already run). Identical images (same content
 * hash and length, e.g. one app in two OTA slots) are searched and hashed
 * once. A catalogue that cannot be read is a warning: no library items. */
void components_from_images(struct facts *f, const struct input *in,
    const struct esp_image_job *jobs, size_t n);

/* A file of a Linux root file system (path inside it): a `components` item
 * per catalogue component (platform linux) whose version string it holds,
 * with the offset in the file and the bytes matched. The scan is
 * thread-safe (the catalogue is loaded first by the caller's thread, e.g.
 * with catalog_default); the emit is not. NULL: no catalogue or memory. */
struct file_hits;
struct file_hits *components_file_scan(const uint8_t *data, size_t len);
void components_file_emit(struct facts *f, const struct input *in, const char *path,
    struct file_hits *fh);
void components_file_free(struct file_hits *fh);
/* The three in one. */
void components_from_file(struct facts *f, const struct input *in, const char *path,
    const uint8_t *data, size_t len);

/* name, version, supplier, type, licence, source and the purl and cpe its
 * templates give for version (none without one), from a catalogue entry. */
struct cat_component;
void component_set_identity(json_t *o, const struct cat_component *c, const char *version);

/* Post-collect step: the SPDX packages of a vendor's SBOM input
 * (spdx.packages) matched to the components the binaries show, as
 * components.spdx_merge; the matched components get an `spdx` member. */
void components_spdx_merge(struct facts *f);

/* The Linux kernel as a component (the catalogue's `linux` entry: an
 * operating-system item, cpe linux:linux_kernel, purl pkg:generic/linux) of
 * version (upstream digits and dots), found as version_from says, in image
 * (a path, also the item's `path`, or "kernel" for a firmware image's kernel
 * part) at image_off;
 * evidence: an array of {input, offset, length, kind, matched[, path]},
 * stolen. */
void components_add_kernel(struct facts *f, const struct input *in, const char *version,
    const char *version_from, const char *image, size_t image_off, size_t image_len,
    json_t *evidence);

#endif
