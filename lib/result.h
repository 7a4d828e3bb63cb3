/* How a library call ends (struct scan_result) and small helpers its
 * output shares; private to lib/. */
#ifndef FWAUDIT_LIB_RESULT_H
#define FWAUDIT_LIB_RESULT_H

#include <jansson.h>
#include <stdio.h>

#include "lib/fwaudit.h"

/* res->message = "fmt...", res->status = status; returns status. */
int lib_fail(struct scan_result *res, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* res->status = status with no message; returns status. */
int lib_done(struct scan_result *res, int status);

/* Writes a JSON array of strings as "a, b, c". */
void lib_print_list(FILE *out, const json_t *a);

#endif
