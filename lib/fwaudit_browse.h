/* fwaudit as a library, beside the scan: the rules and profiles as a person
 * reads them, the vendor questionnaire, the offline vulnerability database
 * and the serial ports. Each call writes what it shows to out and returns
 * an exit status (FWAUDIT_EXIT_*); a failed call says why in res->message,
 * as fwaudit_scan does ("" when the output already says it). */
#ifndef FWAUDIT_BROWSE_H
#define FWAUDIT_BROWSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lib/fwaudit.h"

/* Every rule (built-in, and with rules_dir those of that directory or
 * file too): id, severity, title. */
int fwaudit_rules_list(const char *rules_dir, FILE *out, struct scan_result *res);
/* One rule: its logic, the provisions it gives evidence for, rationale, fix. */
int fwaudit_rules_show(const char *rules_dir, const char *id, FILE *out,
    struct scan_result *res);
/* Loads each rule file: "FILE: N rules ok" to out; mistakes (file:line:
 * column, exit status 2) and warnings (unknown facts and profiles) to err. */
int fwaudit_rules_lint(const char *const *files, size_t nfiles, FILE *out, FILE *err,
    struct scan_result *res);
/* Which built-in rules a run uses: the ruleset digest (SHA-256 over every
 * file, as reports name it), how many rules and profiles, the directory. */
int fwaudit_rules_origin(FILE *out, struct scan_result *res);
/* The catalogue of every fact the collectors define, in Markdown. */
int fwaudit_rules_facts(FILE *out, struct scan_result *res);

/* The built-in profiles, each with its title and number of provisions. */
int fwaudit_profiles_list(FILE *out, struct scan_result *res);
/* One profile: each provision, its rules, declarations and evidence needs. */
int fwaudit_profiles_show(const char *name, FILE *out, struct scan_result *res);
/* How many of a profile's provisions a machine rule gives evidence for, how
 * many only declarations answer, how many need the lab. With declarations
 * (a vendor's file), provisions whose features it declares absent are left
 * out of the counts. */
int fwaudit_profiles_coverage(const char *name, const char *declarations, FILE *out,
    struct scan_result *res);

/* The vendor questionnaire (`declarations init`). */
struct fwaudit_questionnaire {
	const char *profiles[FWAUDIT_MAX_PROFILES];
	int nprofiles;		/* 0: etsi-en-303-645 */
	/* What fills answers in: a fact tree (scan's facts_only), or input
	 * files scanned here as `scan --facts-only` would; none: nothing. */
	const char *const *inputs;
	int ninputs;
	const char *output;	/* a file, or NULL or "-": out */
};
int fwaudit_declarations_init(const struct fwaudit_questionnaire *q, FILE *out,
    struct scan_result *res);

/* The offline vulnerability database at db_path. */
/* $XDG_DATA_HOME/fwaudit/vulndb.sqlite, else ~/.local/share/fwaudit/...;
 * "" when neither variable is set. */
void fwaudit_vulndb_default_path(char *buf, size_t len);
/* Reads the feed files, and every *.json below the folders, in one
 * transaction; a skipped record or file makes the exit status 2. */
int fwaudit_vulndb_import(const char *db_path, const char *const *paths, size_t npaths,
    FILE *out, struct scan_result *res);
/* What the database holds and how old it is. */
int fwaudit_vulndb_status(const char *db_path, FILE *out, struct scan_result *res);
/* Is component ([VENDOR:]PRODUCT, a CPE or a purl) at version affected by a
 * record? Each record that concerns it and why, or a JSON array with json;
 * FWAUDIT_EXIT_FINDINGS when one says affected. */
int fwaudit_vulndb_match(const char *db_path, const char *component, const char *version,
    bool json, FILE *out, struct scan_result *res);

/* The serial ports here, with their USB ids and what the id usually is. */
int fwaudit_ports(FILE *out, struct scan_result *res);

#endif
