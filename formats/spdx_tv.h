/* SPDX 2.x tag/value documents (what Espressif's esp-idf-sbom writes):
 * the document header and its packages, with the identifiers a package
 * gives (CPE 2.3, purl). Files, snippets, licences and relationships are
 * read past. Every string is borrowed from the input until
 * spdx_doc_free; values are NUL-terminated copies. */
#ifndef FWAUDIT_FORMATS_SPDX_TV_H
#define FWAUDIT_FORMATS_SPDX_TV_H

#include <stddef.h>

#include "util/error.h"

struct spdx_package {
	unsigned line;			/* of its PackageName */
	char *name, *spdxid, *version, *supplier, *cpe, *purl, *download;
};

struct spdx_doc {
	char *version;			/* "SPDX-2.2" */
	char *name, *created, *creators;	/* creators joined with "; " */
	struct spdx_package *pkg;
	size_t npkg;
	char *mem;			/* one copy of the text the strings live in */
};

/* 1 when data starts like an SPDX 2 tag/value document (comments and blank
 * lines, then "SPDXVersion: SPDX-2."). */
int spdx_tv_probe(const char *data, size_t len);
/* Parses data; 0, or -1 with err naming the line: no SPDXVersion first, a
 * line that is no "Tag: value", a <text> that is never closed, a NUL byte. */
int spdx_tv_parse(const char *input, const char *data, size_t len, struct spdx_doc *doc,
    struct fw_err *err);
void spdx_doc_free(struct spdx_doc *doc);

#endif
