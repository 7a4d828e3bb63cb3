/* CycloneDX 1.6 documents: the SBOM (--format cyclonedx) and the
 * vulnerability analysis (--format cyclonedx-vex). docs/sbom.md. */
#ifndef FWAUDIT_REPORTS_CYCLONEDX_H
#define FWAUDIT_REPORTS_CYCLONEDX_H

#include <jansson.h>
#include <stdio.h>

#include "reports/report.h"

int report_write_cyclonedx(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_cyclonedx_vex(const json_t *report, FILE *fp, const struct report_opts *o);

/* Shared by the two (reports/cyclonedx.c). */
/* "urn:uuid:..." derived from the tool, kind ("sbom", "vex") and the inputs' digests. */
void cdx_serial(const json_t *report, const char *kind, char out[46]);
/* The `components` fact's items, or NULL. */
const json_t *cdx_components(const json_t *report);
/* One item as a CycloneDX component (without nested components). */
json_t *cdx_component(const json_t *report, const json_t *item);
/* metadata: timestamp, tool, the product (declarations, else the first app). */
json_t *cdx_metadata(const json_t *report);

#endif
