/* fwaudit vulndb import | status | match: the offline vulnerability
 * database as a person reads it (checks/vulndb.h does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/vulndb.h"
#include "lib/fwaudit_browse.h"
#include "lib/result.h"
#include "util/error.h"

static int
do_import(struct vulndb *db, const char *const *paths, size_t n, FILE *out,
    struct scan_result *res)
{
	struct vulndb_import_stats st;
	struct fw_err err;

	if (vulndb_import(db, paths, n, &st, &err) != 0)
		return lib_fail(res, err.internal ? EXIT_INTERNAL : EXIT_USAGE,
		    "%s (nothing imported)", err.msg);
	fprintf(out, "imported %zu records (%zu replaced older copies) from %zu files in %.2f s; "
	    "%zu rejected records left out; %zu skipped\n", st.records, st.replaced, st.files,
	    st.seconds, st.rejected, st.skipped);
	if (st.skipped == 0)
		return lib_done(res, EXIT_CLEAN);
	return lib_fail(res, EXIT_USAGE, "%zu records or files skipped; the first: %s",
	    st.skipped, st.first_error);
}

static int
do_status(struct vulndb *db, const char *path, FILE *out, struct scan_result *res)
{
	struct vulndb_status st;
	struct fw_err err;
	char when[64] = "never";

	if (vulndb_status(db, &st, &err) != 0)
		return lib_fail(res, err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.msg);
	if (st.imports > 0) {
		time_t t = (time_t)st.imported_at;
		struct tm tm;
		long long age = (long long)time(NULL) - st.imported_at;

		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
		snprintf(when + strlen(when), sizeof(when) - strlen(when), " (%lld days ago)",
		    age / 86400);
	}
	fprintf(out, "database:      %s\n", path);
	fprintf(out, "records:       %lld (CVE JSON 5 %lld, OSV %lld, NVD %lld)\n", st.records,
	    st.by_format[0], st.by_format[1], st.by_format[2]);
	fprintf(out, "newest record: %s\n", st.newest[0] ? st.newest : "-");
	fprintf(out, "last import:   %s, %lld imports in all\n", when, st.imports);
	fprintf(out, "sources:       %s\n", st.sources[0] ? st.sources : "-");
	return lib_done(res, EXIT_CLEAN);
}

static void
print_finding(FILE *out, const struct vulndb_finding *f)
{
	const struct vuln_result *r = &f->res;

	fprintf(out, "%-16s %-6s %-14s %s%s%s\n", f->id, f->format, vuln_status_name(r->status),
	    f->severity[0] ? "[" : "", f->severity, f->severity[0] ? "]" : "");
	fprintf(out, "    why: %s (%s)\n", r->reason, r->container);
	if (r->strict != r->status)
		fprintf(out, "    CVE JSON 5 alone: %s\n", vuln_status_name(r->strict));
	if (r->flags & VF_CONFLICT)
		fprintf(out, "    conflict: %s\n", r->conflict);
}

static int
do_match(struct vulndb *db, const char *what, const char *version, bool json, FILE *out,
    struct scan_result *res)
{
	char vendor[256] = "";
	const char *colon = strchr(what, ':');
	struct vuln_component c = { NULL, what, NULL, NULL, version };
	struct vulndb_findings f = { 0 };
	struct fw_err err;
	int status = EXIT_CLEAN;
	long long unnamed = 0, prose = 0;

	if (colon != NULL && strncmp(what, "cpe:", 4) == 0) {
		c.cpe = what;
		c.product = NULL;
	} else if (colon != NULL && strncmp(what, "pkg:", 4) == 0) {
		c.purl = what;
		c.product = NULL;
	} else if (colon != NULL) {
		snprintf(vendor, sizeof(vendor), "%.*s", (int)(colon - what), what);
		c.vendor = vendor;
		c.product = colon + 1;
	}
	if ((c.product != NULL && c.product[0] == '\0') || version[0] == '\0')
		return lib_fail(res, EXIT_USAGE, "vulndb match: expected [VENDOR:]PRODUCT and a "
		    "VERSION, not '%s' '%s'", what, version);
	if (vulndb_match_components(db, &c, 1, &f, &err) != 0)
		return lib_fail(res, err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.msg);
	if (json) {
		json_t *j = vulndb_findings_json(&f, &c);
		json_dumpf(j, out, JSON_INDENT(2) | JSON_SORT_KEYS);
		fputc('\n', out);
		json_decref(j);
	} else if (f.n == 0) {
		fprintf(out, "no record in the database concerns %s %s\n", what, version);
	}
	for (size_t i = 0; i < f.n; i++) {
		if (!json)
			print_finding(out, &f.v[i]);
		if (f.v[i].res.status == VS_AFFECTED)
			status = EXIT_FINDINGS;
		if (f.v[i].res.flags & VF_PROSE_ONLY)
			prose++;
	}
	if (!json && vulndb_unnamed_count(db, &unnamed, &err) == 0 && unnamed > prose)
		fprintf(out, "(%lld more records name no product and their descriptions do not name "
		    "this one: not listed)\n", unnamed - prose);
	vulndb_findings_free(&f);
	return lib_done(res, status);
}

/* Opens the database at path (mode VULNDB_*); 0, or the exit status with res set. */
static int
open_db(struct vulndb **db, const char *path, int mode, struct scan_result *res)
{
	struct fw_err err;

	if (vulndb_open(db, path, mode, &err) != 0)
		return lib_fail(res, err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.msg);
	return 0;
}

void
fwaudit_vulndb_default_path(char *buf, size_t len)
{
	vulndb_default_path(buf, len);
}

int
fwaudit_vulndb_import(const char *db_path, const char *const *paths, size_t npaths,
    FILE *out, struct scan_result *res)
{
	struct vulndb *db;

	if (open_db(&db, db_path, VULNDB_WRITE, res) != 0)
		return res->status;
	do_import(db, paths, npaths, out, res);
	vulndb_close(db);
	return res->status;
}

int
fwaudit_vulndb_status(const char *db_path, FILE *out, struct scan_result *res)
{
	struct vulndb *db;

	if (open_db(&db, db_path, VULNDB_READ, res) != 0)
		return res->status;
	do_status(db, db_path, out, res);
	vulndb_close(db);
	return res->status;
}

int
fwaudit_vulndb_match(const char *db_path, const char *component, const char *version,
    bool json, FILE *out, struct scan_result *res)
{
	struct vulndb *db;

	if (open_db(&db, db_path, VULNDB_READ, res) != 0)
		return res->status;
	do_match(db, component, version, json, out, res);
	vulndb_close(db);
	return res->status;
}
