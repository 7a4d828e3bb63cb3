/* SquashFS 4.0 (little-endian; gzip, lzma incl. TP-Link's variant, xz,
 * zstd) read in place into an fstree: the superblock, the inode and
 * directory tables, fragments and ids; files' bytes on demand. */
#ifndef FWAUDIT_FORMATS_SQUASHFS_H
#define FWAUDIT_FORMATS_SQUASHFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/fstree.h"
#include "util/error.h"

#define SQFS_SUPER_LEN 96

struct sqfs_super {
	uint32_t inodes, mkfs_time, block_size, fragments;
	uint16_t compression, block_log, flags, ids, major, minor;
	uint64_t root_inode, bytes_used, id_table, xattr_table, inode_table,
	    dir_table, frag_table, export_table;
};

/* Whether a plausible 4.0 superblock starts at p (n bytes from there to
 * the input's end). */
bool sqfs_probe(const uint8_t *p, size_t n, struct sqfs_super *sb);
const char *sqfs_compression_name(uint16_t id);

/* Reads the file system at data[off..len) into t (fstree_init'ed by the
 * caller, who calls fstree_free also after a failure). 0, or -1 with err
 * naming the offset and what was wrong. data must outlive t. */
int sqfs_open(struct fstree *t, const uint8_t *data, size_t len, size_t off,
    struct fw_err *err);

#endif
