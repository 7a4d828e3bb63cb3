/* An embedded-Linux root file system (linux.* facts): how it was opened
 * (checks/rootfs.c), and the parts that read it: accounts and passwords,
 * services and consoles, keys and secrets. Each part reads files through
 * the tree (formats/fstree.h), never from the host. */
#ifndef FWAUDIT_CHECKS_ROOTFS_H
#define FWAUDIT_CHECKS_ROOTFS_H

#include <jansson.h>
#include <stdbool.h>

#include "core/facts.h"
#include "core/input.h"
#include "formats/fstree.h"

/* Text files read for facts: larger ones are skipped (and said so). */
#define ROOTFS_TEXT_MAX ((size_t)4 << 20)

struct rootfs {
	struct facts *f;
	const struct input *in;
	struct fstree t;
	uint8_t *owned;		/* a decompressed archive the tree points into */
	unsigned jobs;		/* threads for the password trial */
};

/* A file's bytes (NUL-terminated) through the tree, or NULL: *why says
 * what is there instead; a reader failure is a warning on the facts. */
uint8_t *rootfs_read(struct rootfs *r, const char *path, size_t *len, const char **why);

/* Directory input: the tree from a walk (lstat, readlink), files read
 * below the root with O_NOFOLLOW on every component. */
int rootfs_dir_open(struct fstree *t, const char *path, struct fw_err *err);
/* A directory's provenance, its tree digest: SHA-256 over every entry in
 * path order (path, type, mode, owner, size, link target, and each regular
 * file's own SHA-256, streamed). *unreadable counts files that could not be
 * read (hashed as 32 zero bytes). 0, or -1. */
int rootfs_dir_digest(const struct fstree *t, char hex[65], size_t *unreadable);

void rootfs_accounts(struct rootfs *r);
void rootfs_services(struct rootfs *r);
void rootfs_keys(struct rootfs *r);
/* The PEM private keys inside a program or library (from rootfs_elf). */
void rootfs_keys_in_binary(struct rootfs *r, const char *path, const uint8_t *b, size_t len);
/* elf.binaries and `components` from the ELF files (checks/rootfs_elf.c). */
void rootfs_elf(struct rootfs *r);
/* `components` from the package databases (opkg, dpkg, apk), the binaries'
 * items of the same components folded in (checks/components_pkgdb.c); run
 * after rootfs_elf, which calls it. */
void rootfs_packages(struct rootfs *r);
/* linux.kernel and the kernel component (checks/rootfs_kernel.c). For a
 * firmware image or flash slice (a wrapper, or a SquashFS found in raw bytes),
 * rootfs_kernel_start finds and decompresses its kernel part and looks for a
 * U-Boot environment on a worker thread (NULL: out of memory, noted);
 * rootfs_kernel waits for it (kp may be NULL), frees it, and
 * adds the facts, with the root file system's boot files and modules when
 * tree. */
struct kernel_prep;
struct kernel_prep *rootfs_kernel_start(struct rootfs *r);
void rootfs_kernel(struct rootfs *r, struct kernel_prep *kp, bool tree);

#endif
