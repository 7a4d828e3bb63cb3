/* Vulnerabilities per component: the shape the vulnerability matcher
 * (checks/vulndb.c) fills and VEX statements (checks/vex.c) annotate, read
 * by --format cyclonedx-vex and by rules. docs/sbom.md, "Vulnerabilities
 * per component".
 *
 * Fact `components.vulnerabilities`: an array, one item per component
 * (an item of `components`, by its bom_ref) and vulnerability:
 *   {
 *     "component": "input3:ota_0@0x20000:mbedtls",   bom_ref in `components`
 *     "id": "CVE-2024-23170",
 *     "status": "affected" | "unaffected" | "unknown" | "cannot_decide",
 *     "reason": "3.5.1 is in [3.0.0, 3.5.2) (cna, versionType semver)",
 *     "matched_by": "cpe" | "purl" | "vendor_product",
 *     "source": "cvelistV5" | "osv" | ...,          where the record came from
 *     "severity": "critical" | "high" | "medium" | "low" | "none" | "unknown",
 *     "cvss": {"version": "3.1", "score": 7.5, "vector": "CVSS:3.1/..."},   optional
 *     "cwes": ["CWE-125"], "description": "...", "published": "2024-..."   optional
 *   }
 * checks/vex.c adds, where a VEX statement applies:
 *     "analysis": {"state": "not_affected" | "resolved" | "exploitable" |
 *                  "in_triage" | "false_positive" | "resolved_with_pedigree",
 *                  "justification": "code_not_reachable", "response": [...],
 *                  "detail": "...", "input": 2, "statement": 0}
 * Items are added with components_vuln_add, before components_vex_apply
 * runs (the last post-collect step). */
#ifndef FWAUDIT_CHECKS_VULNS_H
#define FWAUDIT_CHECKS_VULNS_H

#include <jansson.h>

#include "core/facts.h"

/* Appends item (stolen) to components.vulnerabilities; 0 or -1. */
int components_vuln_add(struct facts *f, json_t *item);

/* --vex FILE: reads a CycloneDX VEX document as an input (vex.statements);
 * 0, or -1 with err (exit 2) when it is no such document. */
int vex_collect_file(struct facts *f, const char *path, struct fw_err *err);

/* Post-collect step: VEX statements (vex.statements) onto the matching
 * components.vulnerabilities items; statements that match none are listed
 * in vex.unmatched. */
void components_vex_apply(struct facts *f);

#endif
