/* Error messages that name the input, the place in it and what was expected:
 * "flash.bin: offset 0x8000: partition entry 3 runs past the end (4 MiB)". */
#ifndef FWAUDIT_UTIL_ERROR_H
#define FWAUDIT_UTIL_ERROR_H

#include <stddef.h>

#define ERR_MSG_MAX 1024

/* Exit statuses, as DESIGN.md defines them. */
enum {
	EXIT_CLEAN = 0,		/* nothing fails at or above --fail-on */
	EXIT_FINDINGS = 1,	/* something does */
	EXIT_USAGE = 2,		/* bad usage or unusable input */
	EXIT_INTERNAL = 3,	/* internal error */
};

struct fw_err {
	char msg[ERR_MSG_MAX];
	/* Set by err_internal: the failure is fwaudit's (allocation, a value
	 * it could not compute), not the input's: exit status 3, not 2. */
	int internal;
};

#define ERR_NO_OFFSET ((size_t)-1)

/* Sets err to "INPUT: offset 0xOFF: MESSAGE" (offset part omitted for
 * ERR_NO_OFFSET, input part for NULL) and returns -1 so callers can
 * `return err_set(...)`. err may be NULL. */
int err_set(struct fw_err *err, const char *input, size_t offset,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* An allocation failed: "out of memory" at offset of input, and the
 * process-wide flag (util/oom.h) set, so that the run ends as incomplete
 * (exit 3) even where a caller takes the error for damage in the input.
 * Returns -1. */
int err_oom(struct fw_err *err, const char *input, size_t offset);
/* The same for an internal failure (err->internal set): returns -1. */
int err_internal(struct fw_err *err, const char *input, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, with "line L, column C" instead of an offset (column 0: no column). */
int err_set_line(struct fw_err *err, const char *input, unsigned line,
    unsigned col, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
