/* What each ESP-IDF release bundles (rules/data/esp-idf-releases.yaml,
 * made by scripts/esp_idf_releases.py from ESP-IDF's release tags): most
 * libraries in an app carry no version string, their version follows from
 * the release the app descriptor names. */
#ifndef FWAUDIT_CHECKS_IDF_RELEASES_H
#define FWAUDIT_CHECKS_IDF_RELEASES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

struct idf_bundled {
	char release[40];	/* the tag looked up: "v5.5.1" */
	bool exact;		/* the app names the tag itself (or "-dirty"),
				 * not commits after it */
	const char *version;	/* NULL: the table knows no version */
	const char *commit;	/* submodule commit, or NULL */
	const char *how;	/* how the table's version was found */
};

/* The release an app's idf_ver ("v5.5.1", "v5.5.1-dirty",
 * "v5.1.2-45-gabc") is built from: its tag into out (without what follows
 * the tag), and whether that is the tag exactly. 0, or -1 when idf_ver
 * names no release ("HEAD-HASH", "v5.3-dev-..."). */
int idf_release_tag(const char *idf_ver, char *out, size_t outlen, bool *exact);

/* What release idf_ver bundles of key ("mbedtls", "lwip", "freertos",
 * "nimble", "bluedroid"; "esp-idf": the release's own version for
 * ESP-IDF's own components). 0 with out filled, 1 when the table does not
 * list that release or key, -1 with err when the table cannot be read. */
int idf_release_bundled(const char *idf_ver, const char *key, struct idf_bundled *out,
    struct fw_err *err);

#endif
