/* tar (ustar, GNU long names, pax path/linkpath/size) and cpio (newc,
 * crc) archives held in memory, indexed into an fstree; nothing is
 * extracted. The buffer must outlive the tree (the reader points into it). */
#ifndef FWAUDIT_FORMATS_ARCHIVE_H
#define FWAUDIT_FORMATS_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/fstree.h"
#include "util/error.h"

bool tar_probe(const uint8_t *p, size_t n);
bool cpio_probe(const uint8_t *p, size_t n);

/* 0, or -1 with err (input offset of the damage). A damaged archive after
 * some members is a problem on the tree, not an error: what was read stays. */
int tar_index(struct fstree *t, const uint8_t *buf, size_t len, struct fw_err *err);
int cpio_index(struct fstree *t, const uint8_t *buf, size_t len, struct fw_err *err);

#endif
