/* fwaudit vulndb import | status | match: the offline vulnerability
 * database (checks/vulndb.h does the work). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checks/vulndb.h"
#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "util/error.h"

enum { OPT_VULNDB = 1, OPT_JSON };

static const struct opt_row vulndb_rows[] = {
	{ "vulndb", OPT_VULNDB, "PATH", "The database file.",
	  "`$XDG_DATA_HOME/fwaudit/vulndb.sqlite`, else `~/.local/share/fwaudit/vulndb.sqlite`",
	  NULL, NULL, NULL },
	OPT_ROWS_END
};
static const struct opt_row match_rows[] = {
	{ "json", OPT_JSON, NULL, "Print the findings as a JSON array (the shape "
	  "`vulndb_findings_json` gives the scan).", NULL, NULL, NULL, NULL },
	OPT_ROWS_END
};
static const struct opt_row *const vulndb_tables[] = { vulndb_rows, help_opt_rows, NULL };
static const struct opt_row *const parent_tables[] = { help_opt_rows, NULL };
static const struct opt_row *const match_tables[] = {
	vulndb_rows, match_rows, help_opt_rows, NULL
};

static const char *const import_usage[] = { "vulndb import [--vulndb PATH] FILE|DIR...", NULL };
static const struct cmd_doc vulndb_import_doc = {
	"vulndb import", "read CVE JSON 5, OSV or NVD API 2.0 files into the database",
	import_usage,
	"Reads CVE JSON 5 records (one per file, as in the CVE Program's cvelistV5), OSV "
	"records and NVD API 2.0 pages, from the files given and every `*.json` file below "
	"the folders given, into the database in one transaction. A record or file that "
	"cannot be read is skipped and counted, and the first reason is shown (file, record, "
	"the JSON path or offset, what was expected); the others are stored, and the exit "
	"status is then 2. A record imported again replaces its older copy. See "
	"[the vulnerability database](vulndb.md).", vulndb_tables, NULL
};

static const char *const status_usage[] = { "vulndb status [--vulndb PATH]", NULL };
static const struct cmd_doc vulndb_status_doc = {
	"vulndb status", "what the database holds and how old it is", status_usage,
	"Prints the number of records per feed format, the newest record's date, when the "
	"last import ran (and how long ago) and what it read.", vulndb_tables, NULL
};

static const char *const match_usage[] = {
	"vulndb match [--vulndb PATH] [--json] [VENDOR:]PRODUCT VERSION", NULL
};
static const struct cmd_doc vulndb_match_doc = {
	"vulndb match", "is this component version affected by anything the database holds?",
	match_usage,
	"Prints, per record that concerns the component, affected / not affected / unknown / "
	"cannot decide and why: the range that matched, or why none could be used. Beside it, "
	"when it differs, what CVE JSON 5's algorithm alone says (`strict`), and a note "
	"where a text constraint was parsed, a custom or git range was ordered by the "
	"product's version scheme, or the record contradicts itself. Records that name no "
	"product (\"n/a\") are listed as cannot decide when their description names the "
	"product. Exit status 1 when a record says affected.", match_tables, NULL
};

static const char *const vulndb_usage[] = {
	"vulndb import [--vulndb PATH] FILE|DIR...", "vulndb status [--vulndb PATH]",
	"vulndb match [--vulndb PATH] [--json] [VENDOR:]PRODUCT VERSION", NULL
};
static const struct cmd_doc *const vulndb_subs[] = {
	&vulndb_import_doc, &vulndb_status_doc, &vulndb_match_doc, NULL
};
const struct cmd_doc vulndb_doc = {
	"vulndb", "import | status | match: the offline vulnerability database", vulndb_usage,
	"An offline vulnerability database in one SQLite file, filled from real feeds (CVE "
	"JSON 5, OSV, NVD API 2.0) and matched against component versions with CVE JSON 5's "
	"rules ([the vulnerability database](vulndb.md)).", parent_tables, vulndb_subs
};

static int
do_import(struct vulndb *db, char **paths, int n)
{
	struct vulndb_import_stats st;
	struct fw_err err;

	if (vulndb_import(db, paths, (size_t)n, &st, &err) != 0)
		return die(err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s (nothing imported)",
		    err.msg);
	printf("imported %zu records (%zu replaced older copies) from %zu files in %.2f s; "
	    "%zu rejected records left out; %zu skipped\n", st.records, st.replaced, st.files,
	    st.seconds, st.rejected, st.skipped);
	if (st.skipped == 0)
		return EXIT_CLEAN;
	return die(EXIT_USAGE, "%zu records or files skipped; the first: %s", st.skipped,
	    st.first_error);
}

static int
do_status(struct vulndb *db, const char *path)
{
	struct vulndb_status st;
	struct fw_err err;
	char when[64] = "never";

	if (vulndb_status(db, &st, &err) != 0)
		return die(err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.msg);
	if (st.imports > 0) {
		time_t t = (time_t)st.imported_at;
		struct tm tm;
		long long age = (long long)time(NULL) - st.imported_at;

		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
		snprintf(when + strlen(when), sizeof(when) - strlen(when), " (%lld days ago)",
		    age / 86400);
	}
	printf("database:      %s\n", path);
	printf("records:       %lld (CVE JSON 5 %lld, OSV %lld, NVD %lld)\n", st.records,
	    st.by_format[0], st.by_format[1], st.by_format[2]);
	printf("newest record: %s\n", st.newest[0] ? st.newest : "-");
	printf("last import:   %s, %lld imports in all\n", when, st.imports);
	printf("sources:       %s\n", st.sources[0] ? st.sources : "-");
	return EXIT_CLEAN;
}

static void
print_finding(const struct vulndb_finding *f)
{
	const struct vuln_result *r = &f->res;

	printf("%-16s %-6s %-14s %s%s%s\n", f->id, f->format, vuln_status_name(r->status),
	    f->severity[0] ? "[" : "", f->severity, f->severity[0] ? "]" : "");
	printf("    why: %s (%s)\n", r->reason, r->container);
	if (r->strict != r->status)
		printf("    CVE JSON 5 alone: %s\n", vuln_status_name(r->strict));
	if (r->flags & VF_CONFLICT)
		printf("    conflict: %s\n", r->conflict);
}

static int
do_match(struct vulndb *db, const char *what, const char *version, bool json)
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
		return die(EXIT_USAGE, "vulndb match: expected [VENDOR:]PRODUCT and a VERSION, "
		    "not '%s' '%s'", what, version);
	if (vulndb_match_components(db, &c, 1, &f, &err) != 0)
		return die(err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.msg);
	if (json) {
		json_t *j = vulndb_findings_json(&f, &c);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
		json_decref(j);
	} else if (f.n == 0) {
		printf("no record in the database concerns %s %s\n", what, version);
	}
	for (size_t i = 0; i < f.n; i++) {
		if (!json)
			print_finding(&f.v[i]);
		if (f.v[i].res.status == VS_AFFECTED)
			status = EXIT_FINDINGS;
		if (f.v[i].res.flags & VF_PROSE_ONLY)
			prose++;
	}
	if (!json && vulndb_unnamed_count(db, &unnamed, &err) == 0 && unnamed > prose)
		printf("(%lld more records name no product and their descriptions do not name "
		    "this one: not listed)\n", unnamed - prose);
	vulndb_findings_free(&f);
	return status;
}

static int
run_sub(const struct cmd_doc *sub, struct vulndb *db, const char *path, int argc,
    char **argv, bool json)
{
	if (sub == &vulndb_import_doc)
		return do_import(db, argv, argc);
	if (sub == &vulndb_status_doc)
		return do_status(db, path);
	return do_match(db, argv[0], argv[1], json);
}

int
cmd_vulndb(int argc, char **argv)
{
	const struct cmd_doc *sub;
	struct opt_parser op;
	struct vulndb *db;
	struct fw_err err;
	char path[1024] = "";
	int opt, status = EXIT_CLEAN, want;
	bool json = false;

	if ((sub = cmd_sub_select(&vulndb_doc, &argc, &argv, &status)) == NULL)
		return status;
	opt_parser_init(&op, sub);
	optind = 1;
	while ((opt = opt_next(&op, argc, argv, &status)) != -1) {
		if (opt == OPT_STOP)
			return status;
		if (opt == OPT_VULNDB)
			snprintf(path, sizeof(path), "%s", optarg);
		else if (opt == OPT_JSON)
			json = true;
	}
	want = sub == &vulndb_import_doc ? -1 : sub == &vulndb_status_doc ? 0 : 2;
	if (want >= 0 ? argc - optind != want : argc - optind < 1) {
		cmd_usage_text(sub, stderr);
		return EXIT_USAGE;
	}
	if (path[0] == '\0')
		vulndb_default_path(path, sizeof(path));
	if (path[0] == '\0')
		return die(EXIT_USAGE, "no --vulndb PATH, and neither XDG_DATA_HOME nor HOME is set");
	if (vulndb_open(&db, path, sub == &vulndb_import_doc ? VULNDB_WRITE : VULNDB_READ,
	    &err) != 0)
		return die(err.internal ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.msg);
	status = run_sub(sub, db, path, argc - optind, argv + optind, json);
	vulndb_close(db);
	return status;
}
