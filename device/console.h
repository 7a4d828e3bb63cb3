/* Application console probe: send a line break, capture a bounded
 * transcript, classify what answers. */
#ifndef FWAUDIT_DEVICE_CONSOLE_H
#define FWAUDIT_DEVICE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#include "device/serial_port.h"

#define CONSOLE_MAX_BYTES 16384

struct console_limits {
	int total_ms;		/* whole probe */
	int quiet_ms;		/* stop after this much silence once a prompt may be there */
	size_t max_bytes;	/* transcript cap (<= CONSOLE_MAX_BYTES) */
};

enum console_kind {
	CONSOLE_SILENT,		/* nothing at all */
	CONSOLE_OUTPUT,		/* output, no prompt recognised */
	CONSOLE_ROOT_SHELL,	/* a shell prompt ending in '#', no login asked */
	CONSOLE_USER_SHELL,	/* a shell prompt ending in '$' or '>', no login asked */
	CONSOLE_LOGIN,		/* login: / Username: / Password: */
	CONSOLE_ESP_REPL,	/* ESP-IDF console (esp_console / linenoise) */
	CONSOLE_UBOOT,		/* U-Boot prompt or interruptible autoboot */
};

struct console_result {
	enum console_kind kind;
	char transcript[CONSOLE_MAX_BYTES + 1];	/* raw bytes, NUL-terminated */
	size_t len;
	char prompt[128];	/* last non-empty line, printable */
	bool truncated;		/* max_bytes reached */
	int elapsed_ms;
};

const char *console_kind_name(enum console_kind k);
/* Classifies a transcript (exposed for unit tests). */
enum console_kind console_classify(const char *text, size_t len, char *prompt, size_t plen);
/* Sends "\r\n" and captures. 0, or -1 when the line went away (p->why). */
int console_probe(struct serial_port *p, const struct console_limits *lim,
    struct console_result *out);
/* Printable excerpt of the tail of a transcript (control bytes -> '.'). */
void console_excerpt(const char *text, size_t len, char *out, size_t outlen);

#endif
