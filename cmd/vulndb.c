/* fwaudit vulndb import | status | match: the offline vulnerability
 * database's options (lib/vulndb.c does the work). */
#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "lib/fwaudit_browse.h"

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

int
cmd_vulndb(int argc, char **argv)
{
	const struct cmd_doc *sub;
	struct opt_parser op;
	struct scan_result res;
	char path[1024] = "";
	int opt, status = FWAUDIT_EXIT_CLEAN, want;
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
		return FWAUDIT_EXIT_USAGE;
	}
	if (path[0] == '\0')
		fwaudit_vulndb_default_path(path, sizeof(path));
	if (path[0] == '\0')
		return die(FWAUDIT_EXIT_USAGE, "no --vulndb PATH, and neither XDG_DATA_HOME nor "
		    "HOME is set");
	argv += optind;
	if (sub == &vulndb_import_doc)
		fwaudit_vulndb_import(path, (const char *const *)argv, (size_t)(argc - optind),
		    stdout, &res);
	else if (sub == &vulndb_status_doc)
		fwaudit_vulndb_status(path, stdout, &res);
	else
		fwaudit_vulndb_match(path, argv[0], argv[1], json, stdout, &res);
	if (res.message[0] != '\0')
		die(res.status, "%s", res.message);
	return res.status;
}
