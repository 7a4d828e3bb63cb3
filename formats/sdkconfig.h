/* ESP-IDF sdkconfig: `CONFIG_X=value` lines, `# CONFIG_X is not set`
 * comments, a header naming the IDF version, and a deprecated-names block
 * (shared/reference/sdkconfig.md section 1). */
#ifndef FWAUDIT_FORMATS_SDKCONFIG_H
#define FWAUDIT_FORMATS_SDKCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum sdk_type { SDK_BOOL, SDK_INT, SDK_STRING };

struct sdk_option {
	char *name;		/* "CONFIG_SECURE_BOOT" */
	enum sdk_type type;
	bool b;			/* SDK_BOOL: y (true) or n / "is not set" (false) */
	long long i;		/* SDK_INT: decimal or 0x hex */
	char *s;		/* SDK_STRING: unescaped */
	unsigned line;
	bool deprecated;	/* inside the "Deprecated options" block */
};

struct sdkconfig {
	struct sdk_option *opts;
	size_t n;
	char idf_version[64];	/* from the header, "" if absent */
	bool minimal;		/* save-defconfig output: lists non-defaults only */
	bool generated;		/* has the "Automatically generated" header */
	/* Every menu menuconfig opened ("#", "# Title", "#") is closed ("# end
	 * of Title") and the last line ends: not cut short. */
	bool complete;
};

/* Parses text; -1 with err "NAME: line N: ..." on anything that is not
 * sdkconfig syntax (binary data, stray text). */
int sdkconfig_parse(const uint8_t *data, size_t len, const char *name,
    struct sdkconfig *out, struct fw_err *err);
void sdkconfig_free(struct sdkconfig *c);
/* The non-deprecated option, else the deprecated one, else NULL. */
const struct sdk_option *sdkconfig_get(const struct sdkconfig *c, const char *name);
/* Confidence 0..100 that data is an sdkconfig. */
int sdkconfig_detect(const uint8_t *data, size_t len);

#endif
