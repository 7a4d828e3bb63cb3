/* A vulnerability record as plain structs, whatever feed it came from: CVE
 * JSON 5 (formats/cve5.c), OSV (formats/osv.c) or the NVD API 2.0
 * (formats/nvd.c). The shape follows CVE JSON 5's `affected` entries, the
 * richest of the three: each product entry keeps its version entries in
 * order, since the first one that matches decides. */
#ifndef FWAUDIT_VULN_RECORD_H
#define FWAUDIT_VULN_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

enum vuln_status {
	VS_AFFECTED,
	VS_NOT_AFFECTED,
	VS_UNKNOWN,
	VS_CANNOT_DECIDE,
	VS_NOT_APPLICABLE,	/* the record names other products only */
};

/* "affected", "not affected", "unknown", "cannot decide", "not applicable". */
const char *vuln_status_name(enum vuln_status s);
/* CVE JSON 5's "affected" / "unaffected" / "unknown"; -1 for anything else. */
int vuln_status_parse(const char *s);

/* A versions[] entry's `changes`: from `at` on (within the range), the
 * status is this one. */
struct vuln_change {
	char *at;
	enum vuln_status status;
};

/* One entry of a product's versions[]: a single version, or a range from
 * `version` up to less_than / less_equal. Strings are as the feed gave them
 * ("0" and "*" keep their CVE JSON 5 meaning: no bound). */
struct vuln_range {
	char *version;
	char *less_than;
	char *less_equal;
	bool lower_excl;	/* NVD's versionStartExcluding */
	char *version_type;	/* "semver", "custom", "git", "nvd", "osv:SEMVER", ... */
	enum vuln_status status;
	struct vuln_change *changes;
	size_t nchanges;
};

struct vuln_product {
	char *container;	/* "cna", "adp:CISA-ADP", "nvd", "osv" */
	char *vendor, *product;	/* "n/a" kept as given */
	char *package;		/* packageName (CVE), package name (OSV) */
	char *purl;		/* OSV package.purl, CVE 5.2 packageURL */
	char **cpes;
	size_t ncpes;
	struct vuln_range *ranges;
	size_t nranges;
	int default_status;	/* enum vuln_status, or -1: absent */
	char *condition;	/* NVD AND: "only with cpe:2.3:h:espressif:esp32" */
};

struct vuln_record {
	char *id;
	char *format;		/* "cve5", "osv", "nvd" */
	char *assigner;
	char *updated;		/* ISO 8601 as given */
	char *description;	/* English, first */
	char *severity;		/* "HIGH 7.2 (CVSS 4.0)", or NULL */
	bool rejected;		/* CVE state REJECTED, OSV withdrawn: kept out of the store */
	struct vuln_product *products;
	size_t nproducts;
};

/* Parses one record from a JSON object of the given feed; 0, or -1 with err
 * naming input and the JSON path that is missing or of the wrong type.
 * NVD API 2.0 documents hold many: formats/nvd.c has its own walk. */
int cve5_parse(const json_t *doc, const char *input, struct vuln_record *r,
    struct fw_err *err);
int osv_parse(const json_t *doc, const char *input, struct vuln_record *r,
    struct fw_err *err);
int nvd_parse_item(const json_t *item, const char *input, struct vuln_record *r,
    struct fw_err *err);

/* Which parser a document needs: "cve5", "osv", "nvd" or NULL. */
const char *vuln_doc_format(const json_t *doc);

void vuln_record_free(struct vuln_record *r);

/* The products and ranges as compact JSON (the store keeps this instead of
 * the whole feed document) and back. */
json_t *vuln_products_to_json(const struct vuln_record *r);
int vuln_products_from_json(const json_t *a, struct vuln_record *r);

/* Shared by the parsers: strdup of a JSON string member, or NULL. */
char *vr_strdup(const json_t *obj, const char *key);
/* Appends one product / range; NULL when out of memory. */
struct vuln_product *vr_add_product(struct vuln_record *r);
struct vuln_range *vr_add_range(struct vuln_product *p);
int vr_add_cpe(struct vuln_product *p, const char *cpe);
int vr_add_change(struct vuln_range *v, const char *at, enum vuln_status st);

#endif
