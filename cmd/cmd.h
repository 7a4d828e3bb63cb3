/* The command-line tool: one file per subcommand, no business logic here
 * (after git's builtin/ table). */
#ifndef FWAUDIT_CMD_H
#define FWAUDIT_CMD_H

#include "lib/fwaudit.h"

int cmd_scan(int argc, char **argv);
int cmd_evaluate(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_declarations(int argc, char **argv);
int cmd_ports(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_verify_evidence(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_vulndb(int argc, char **argv);

/* Each command's usage, description and option tables (cmd/optable.h),
 * beside its code. */
struct cmd_doc;
extern const struct cmd_doc scan_doc, evaluate_doc, rules_doc, profiles_doc, declarations_doc,
    verify_evidence_doc, ports_doc, version_doc, help_doc, vulndb_doc;

/* The commands, in the order help lists them (cmd/main.c); ends in {NULL}. */
struct cmd_struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const struct cmd_doc *doc;
};
extern const struct cmd_struct commands[];

/* Prints "fwaudit: MSG" to stderr and returns status (for `return die(...)`). */
int die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
