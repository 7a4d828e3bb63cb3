/* A root file system as an index of entries (paths relative to the root,
 * never with "..") and a reader for a regular file's bytes, whatever holds
 * it: a SquashFS image, a tar or cpio archive, a directory. Symbolic links
 * are resolved here, against the index, as if the root were "/": no link
 * can reach a file outside it. */
#ifndef FWAUDIT_FORMATS_FSTREE_H
#define FWAUDIT_FORMATS_FSTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum fs_type { FS_REG, FS_DIR, FS_LNK, FS_CHR, FS_BLK, FS_FIFO, FS_SOCK, FS_HARDLINK };

struct fs_entry {
	char *path;		/* "etc/passwd"; the root is "" */
	char *link;		/* symlink target as stored; hard link: the path it names */
	uint64_t size;
	uint64_t where;		/* the reader's locator (offset, inode reference) */
	uint32_t mode;		/* permission bits (07777) */
	uint32_t uid, gid;
	uint8_t type;		/* enum fs_type */
};

/* Something wrong with one entry (a name with "..", an absolute name, a
 * duplicate): recorded and the entry left out, never fatal. */
struct fs_problem {
	char *path;
	const char *what;
	uint64_t offset;	/* in the input, or UINT64_MAX */
};

struct fstree;
/* Reads e's bytes (at most max; more is an error) into a new buffer. */
typedef int (*fs_read_fn)(const struct fstree *t, const struct fs_entry *e, size_t max,
    uint8_t **out, size_t *len, struct fw_err *err);

/* Copies e's first bytes (at most n) into buf, *got how many; optional: a
 * reader without it is asked for the whole file. */
typedef int (*fs_head_fn)(const struct fstree *t, const struct fs_entry *e, uint8_t *buf,
    size_t n, size_t *got, struct fw_err *err);

struct fstree {
	struct fs_entry *e;
	size_t n, cap;
	struct fs_problem *prob;
	size_t nprob, capprob;
	size_t prob_dropped;	/* beyond FSTREE_MAX_PROBLEMS */
	fs_read_fn read;
	fs_head_fn head;	/* NULL: read the whole file */
	void *ctx;
	void (*release)(void *ctx);	/* frees ctx in fstree_free */
	const char *src;	/* the input's name, for messages */
	char format[48];	/* "squashfs 4.0 xz", "tar (gzip)", "directory" */
	uint64_t offset;	/* of the file system in the input */
	uint64_t file_bytes;	/* sum of regular files' sizes */
	bool incomplete;	/* not read to its end (truncated or damaged) */
};

#define FSTREE_MAX_PROBLEMS 200
#define FSTREE_MAX_ENTRIES 2000000

void fstree_init(struct fstree *t, const char *src);
void fstree_free(struct fstree *t);
/* Adds an entry; name is normalised (a leading "./" or "/" dropped,
 * "." components removed). A name with ".." or an absolute name is a
 * problem and is left out (still 0). -1: out of memory or too many. */
int fstree_add(struct fstree *t, const char *name, size_t namelen, enum fs_type type,
    uint32_t mode, uint32_t uid, uint32_t gid, uint64_t size, const char *link,
    size_t linklen, uint64_t where, uint64_t offset);
int fstree_problem(struct fstree *t, const char *path, const char *what, uint64_t offset);
/* Sorts; of duplicate paths the last added stays (as extraction would). */
void fstree_finish(struct fstree *t);

/* The entry stored under exactly path, or NULL. */
const struct fs_entry *fstree_get(const struct fstree *t, const char *path);

enum fs_resolve { FSR_OK, FSR_MISSING, FSR_LOOP, FSR_TOO_LONG };
/* path ("/etc/shadow" or "etc/shadow") resolved inside the root: every
 * symbolic link and hard link on the way followed (the last one too when
 * follow), "/" and ".." never above the root. *final, when given, gets the
 * resolved path (of at most 1024 bytes). */
enum fs_resolve fstree_resolve(const struct fstree *t, const char *path, bool follow,
    const struct fs_entry **out, char *final, size_t finalsz);
const char *fstree_resolve_str(enum fs_resolve r);

/* A regular file's bytes through the resolved path: 0; 1 when there is no
 * such regular file (*why says what is there instead); -1 with err when the
 * reader fails. */
int fstree_read(const struct fstree *t, const char *path, size_t max, uint8_t **out,
    size_t *len, const char **why, struct fw_err *err);

/* The first bytes (at most n) of a regular entry e (no links followed):
 * for telling a file's kind without reading it whole. 0, or -1 with err. */
int fstree_head(const struct fstree *t, const struct fs_entry *e, uint8_t *buf, size_t n,
    size_t *got, struct fw_err *err);

#endif
