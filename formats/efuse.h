/* An eFuse dump: named fields as read from one chip, whatever the source
 * (espefuse JSON summary, espefuse dump, raw blocks, live ROM registers).
 * checks/efuse.c turns it into the same efuse.* facts for every source. */
#ifndef FWAUDIT_FORMATS_EFUSE_H
#define FWAUDIT_FORMATS_EFUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define EFUSE_NAME_MAX 48
#define EFUSE_TEXT_MAX 48
#define EFUSE_MAX_FIELDS 512

struct efuse_field {
	char name[EFUSE_NAME_MAX];	/* espefuse name: "SECURE_BOOT_EN" */
	int block;			/* eFuse block number, -1 unknown */
	int word, pos, bit_len;		/* where the summary says it lives; -1 unknown */
	bool readable;
	bool writeable;
	bool rd_unknown;		/* readable is a default: the source did not say */
	bool wr_unknown;		/* the same for writeable */
	bool has_raw;			/* raw holds the field's bits (fields up to 64 bits) */
	uint64_t raw;
	uint8_t bytes[32];		/* key blocks, in the order espefuse prints them */
	size_t nbytes;			/* 0: not a byte field */
	char text[EFUSE_TEXT_MAX];	/* espefuse's mapped value ("SECURE_BOOT_DIGEST0", "Enable"), "" if none */
};

struct efuse_dump {
	char chip[16];			/* "esp32", "esp32c3", ... ("" unknown) */
	char map[24];			/* esptool eFuse map ("esp32p4_v3.0"); "" = chip */
	struct efuse_field *fields;
	size_t n;
};

void efuse_dump_free(struct efuse_dump *d);
const struct efuse_field *efuse_get(const struct efuse_dump *d, const char *name);
/* Appends a field (zeroed, name set); NULL when full. */
struct efuse_field *efuse_add(struct efuse_dump *d, const char *name);

/* `espefuse.py summary --format json` (text before the first '{' is
 * skipped, as espefuse prints "Connecting..." to the same stream). */
int efuse_json_parse(const uint8_t *data, size_t len, const char *name,
    struct efuse_dump *out, struct fw_err *err);
int efuse_json_detect(const uint8_t *data, size_t len);

#endif
