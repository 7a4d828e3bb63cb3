#ifndef FWAUDIT_UTIL_FILEIO_H
#define FWAUDIT_UTIL_FILEIO_H

#include <stddef.h>

#include "util/error.h"

/* Reads a whole regular file of at most max bytes into a NUL-terminated
 * buffer (caller frees); 0, or -1 with err. */
int file_read(const char *path, size_t max, char **buf, size_t *len,
    struct fw_err *err);
/* Writes len bytes to path: "-" or NULL is stdout; a regular file (new or
 * existing) is replaced atomically (temporary file + rename, keeping its
 * mode); a character device or FIFO is written in place, never replaced; a
 * symbolic link is written through to its target (the link stays); a
 * dangling link, a directory or a block device is refused. 0, or -1 with err. */
int file_write(const char *path, const void *data, size_t len, struct fw_err *err);

#endif
