/* Embedded-Linux firmware containers recognised by their magic: TRX,
 * TP-Link's header, U-Boot uImage; a SquashFS found by its own magic
 * inside them or in a raw flash slice. */
#ifndef FWAUDIT_FORMATS_FWIMAGE_H
#define FWAUDIT_FORMATS_FWIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The wrapper at the start ("trx", "trx+tp-link", "tp-link", "uimage"),
 * or NULL. */
const char *fwimage_wrapper(const uint8_t *p, size_t n);

/* The first offset (4-byte aligned) in [from, limit) where a valid
 * SquashFS 4.0 superblock whose image fits in the n bytes starts; false if
 * none. */
bool fwimage_find_sqfs(const uint8_t *p, size_t n, size_t from, size_t limit, size_t *off);

/* Whether the input starts with a format that is not an ESP flash dump
 * (a wrapper above, SquashFS, a compressed file, tar, cpio, ELF): its name,
 * or NULL. An ESP collector's detection uses it to stay positive. */
const char *fwimage_foreign(const uint8_t *p, size_t n);

#endif
