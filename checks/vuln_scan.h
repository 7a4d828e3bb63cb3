/* scan --vulndb PATH: the components the collectors found matched against
 * the offline vulnerability database (checks/vulndb.h), as
 * components.vulnerabilities items (the shape checks/vulns.h documents),
 * and vulndb.* facts saying what the answer is based on. Runs after every
 * collector and before the post-collect steps: components_vex_apply, the
 * last of them, annotates these items. docs/vulndb.md, "In a scan". */
#ifndef FWAUDIT_CHECKS_VULN_SCAN_H
#define FWAUDIT_CHECKS_VULN_SCAN_H

#include "core/facts.h"
#include "util/error.h"

/* 0, or -1 with err: the database cannot be opened or read (exit 2; the
 * message names the path), or err->internal. */
int vuln_scan(struct facts *f, const char *path, struct fw_err *err);

#endif
