/* The offline vulnerability database: feed records (CVE JSON 5, OSV, NVD
 * API 2.0) imported into one SQLite file, and the matcher run over it.
 *
 * For the scan (`scan --vulndb PATH`), after the components are known:
 *
 *	struct vulndb *db;
 *	struct vulndb_findings f = { 0 };
 *	if (vulndb_open(&db, path, VULNDB_READ, &err) != 0)   -> exit 2, err.msg
 *	if (vulndb_match_components(db, comps, ncomps, &f, &err) != 0) -> err
 *	... f.v[i].component indexes comps; f.v[i].res says affected / not
 *	affected / unknown / cannot decide and why (checks/vuln_match.h) ...
 *	json_t *j = vulndb_findings_json(&f, comps);   (for facts or reports)
 *	vulndb_findings_free(&f);
 *	vulndb_close(db);
 *
 * Components can be read from JSON with vuln_components_from_json. */
#ifndef FWAUDIT_VULNDB_H
#define FWAUDIT_VULNDB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "checks/vuln_match.h"
#include "util/error.h"

struct vulndb;

enum { VULNDB_READ = 0, VULNDB_WRITE = 1 };

/* $XDG_DATA_HOME/fwaudit/vulndb.sqlite, else ~/.local/share/fwaudit/...;
 * "" when neither variable is set. */
void vulndb_default_path(char *buf, size_t len);

/* Opens (VULNDB_WRITE: creates, with its folder) the database at path;
 * 0, or -1 with err (no such file, not a fwaudit database). */
int vulndb_open(struct vulndb **db, const char *path, int mode, struct fw_err *err);
void vulndb_close(struct vulndb *db);

struct vulndb_import_stats {
	size_t files;		/* JSON files read */
	size_t records;		/* records stored (new or replacing) */
	size_t replaced;	/* of which replaced an older copy */
	size_t rejected;	/* REJECTED / withdrawn records, not stored */
	size_t skipped;		/* malformed records or files, not stored */
	char first_error[ERR_MSG_MAX];	/* the first skip's reason */
	double seconds;
};

/* Imports files and folders (every *.json below them) in ONE transaction:
 * a malformed record is skipped and counted, a failure of the database
 * rolls everything back. 0 (even with skips: see st), or -1 with err. */
int vulndb_import(struct vulndb *db, const char *const *paths, size_t n,
    struct vulndb_import_stats *st, struct fw_err *err);

struct vulndb_status {
	long long records;
	long long by_format[3];		/* cve5, osv, nvd */
	long long unnamed;		/* records naming no product (vulndb_unnamed_count) */
	char newest[40];		/* the newest record's update date */
	long long imported_at;		/* seconds since 1970, the last import */
	char sources[1024];		/* the last import's files and folders */
	long long imports;
};

int vulndb_status(struct vulndb *db, struct vulndb_status *st, struct fw_err *err);

/* How many records name no product (only their description does): those
 * whose description does not name a component are not listed for it, and
 * a report says how many that is. */
int vulndb_unnamed_count(struct vulndb *db, long long *n, struct fw_err *err);

struct vulndb_finding {
	size_t component;	/* index into the components given */
	char id[48];
	char format[8];		/* "cve5", "osv", "nvd" */
	char severity[64];	/* "" when the record gives none */
	struct vuln_result res;
};

struct vulndb_findings {
	struct vulndb_finding *v;
	size_t n, cap;
};

/* Every record that concerns each component: those naming it (CPE, purl,
 * vendor/product) with their status, and "n/a" records whose description
 * names it as cannot decide. Sorted per component by status (affected
 * first), then ID. 0, or -1 with err. */
int vulndb_match_components(struct vulndb *db, const struct vuln_component *cs, size_t n,
    struct vulndb_findings *out, struct fw_err *err);
void vulndb_findings_free(struct vulndb_findings *f);

/* [{component, id, format, severity, status, strict, reason, conflict,
 *   container, parsed_text, assumed_order, prose_only}], in order. */
json_t *vulndb_findings_json(const struct vulndb_findings *f,
    const struct vuln_component *cs);

/* Components from a JSON array of objects {vendor, name|product, version,
 * cpe, purl}; the strings point into a (keep it alive). 0, or -1 with err
 * naming the element that has no name or version. */
int vuln_components_from_json(const json_t *a, struct vuln_component **cs, size_t *n,
    struct fw_err *err);

#endif
