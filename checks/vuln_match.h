/* Is this component version affected by this record? Two readings side by
 * side:
 *  - strict: CVE JSON 5's version status algorithm alone (cve-schema
 *    docs/versions.md): the first versions[] entry that matches decides,
 *    else defaultStatus, else unknown; a range whose versionType cannot be
 *    executed (custom, git) only decides where every reading of the
 *    numbers agrees it does not match;
 *  - reported: the same, reading what a careful person would read too: text
 *    constraints written into `version` ("< 5.0.8"), custom and git ranges
 *    ordered by the product's version scheme, "unspecified" as no lower
 *    bound. Each such step is flagged and named in the reason.
 * A record that names no product ("n/a") gives cannot decide, never a
 * silent miss; the store decides which of those to list (by its
 * description, checks/vulndb.c). */
#ifndef FWAUDIT_VULN_MATCH_H
#define FWAUDIT_VULN_MATCH_H

#include "formats/vuln_record.h"

struct vuln_component {
	const char *vendor;	/* NULL: any vendor */
	const char *product;
	const char *cpe;	/* cpe:2.3:a:VENDOR:PRODUCT:..., or NULL */
	const char *purl;	/* pkg:TYPE/NS/NAME@..., or NULL */
	const char *version;
};

enum {
	VF_PARSED_TEXT = 1 << 0,	/* a text constraint was read as a range */
	VF_ASSUMED_ORDER = 1 << 1,	/* a custom/git range read with a scheme */
	VF_CONFLICT = 1 << 2,		/* the record contradicts itself */
	VF_PROSE_ONLY = 1 << 3,		/* only the description names products */
};

struct vuln_result {
	enum vuln_status status;	/* reported */
	enum vuln_status strict;	/* CVE JSON 5 alone */
	unsigned flags;
	char container[64];		/* the entry that decided: "cna", "adp:X", "nvd" */
	char matched_by[16];		/* "cpe", "purl", "vendor_product", "description" */
	char reason[800];
	char conflict[600];		/* when VF_CONFLICT */
};

/* Fills out for component c against record r; VS_NOT_APPLICABLE when r
 * names other products only. */
void vuln_match_record(const struct vuln_record *r, const struct vuln_component *c,
    struct vuln_result *out);

/* Whether an English description names the product (letters and digits
 * compared, so "ESP-IDF" and "Mbed TLS" are found for esp-idf, mbedtls). */
bool vuln_text_mentions(const char *text, const char *product);

/* Whether the entry is about the component (CPE, purl, vendor/product). */
bool vuln_product_is(const struct vuln_product *p, const struct vuln_component *c);
/* The same, saying how: "cpe", "purl", "vendor_product", or NULL. */
const char *vuln_product_match(const struct vuln_product *p, const struct vuln_component *c);

/* "n/a" products: the record's structured data names nothing. */
bool vuln_product_is_na(const struct vuln_product *p);

#endif
