/* Package databases of a Linux root file system: opkg's and dpkg's status
 * files (RFC 822-like stanzas: Package, Version, Architecture, Status) and
 * apk's installed database (P:, V:, A: lines). Only the fields that name a
 * package are kept; strings live in one copy of the text until pkgdb_free. */
#ifndef FWAUDIT_FORMATS_PKGDB_H
#define FWAUDIT_FORMATS_PKGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum pkgdb_kind { PKGDB_OPKG, PKGDB_DPKG, PKGDB_APK };

struct pkgdb_pkg {
	const char *name;
	const char *version;	/* NULL: the stanza has none */
	const char *arch;	/* NULL: none */
	bool installed;		/* Status ends in "installed" (apk: always) */
	unsigned line;		/* of the Package: / P: line, from 1 */
	size_t offset, length;	/* of that line's text, in the file */
};

struct pkgdb {
	struct pkgdb_pkg *pkg;
	size_t n;
	char *mem;
};

/* Parses a database of kind; 0, or -1 with err (input, line): a NUL byte
 * (not a text database), a line that is no "Field: value" (dpkg, opkg) or
 * "X:value" (apk). Stanzas without a package name are left out. */
int pkgdb_parse(enum pkgdb_kind kind, const char *input, const uint8_t *data, size_t len,
    struct pkgdb *db, struct fw_err *err);
void pkgdb_free(struct pkgdb *db);

/* The upstream version a package version carries, into out: without an
 * epoch ("1:") and the packager's release ("1.30.1-6" -> "1.30.1"; opkg's
 * release is digits and dots after the last '-', dpkg's revision anything
 * after it, apk's "-rN"). */
void pkgdb_upstream(enum pkgdb_kind kind, const char *version, char *out, size_t outlen);

#endif
