/* Report writers: each a view of the canonical report (core/engine.h). */
#ifndef FWAUDIT_REPORT_H
#define FWAUDIT_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"

struct report_opts {
	bool color;	/* ANSI colours (terminal text only) */
	bool quiet;	/* text: failures and the summary only */
};

struct report_writer {
	const char *format;
	const char *what;
	int (*write)(const json_t *report, FILE *fp, const struct report_opts *o);
};

/* NULL-terminated, in reports/report.c. */
extern const struct report_writer *const report_writers[];

const struct report_writer *report_writer_find(const char *format);
/* Renders report in format to path (NULL or "-": stdout), written whole or
 * not at all. */
int report_write(const json_t *report, const char *format, const char *path,
    const struct report_opts *o, struct fw_err *err);

int report_write_text(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_json(const json_t *report, FILE *fp, const struct report_opts *o);

/* Short description of where a fact came from: "sdkconfig:42",
 * "flash.bin@0x8000+32", "efuse.json field SECURE_BOOT_EN". */
void report_where(const json_t *report, const json_t *evidence, char *buf, size_t len);

#endif
