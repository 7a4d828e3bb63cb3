/* The catalogue of every fact a collector can emit (rules/facts/NAME.yaml):
 * documentation for rule writers (docs/facts.md is generated from it) and
 * the list `rules lint` checks fact paths against. */
#ifndef FWAUDIT_FACT_CATALOG_H
#define FWAUDIT_FACT_CATALOG_H

#include <stdbool.h>
#include <stdio.h>

/* Whether a rule's fact path names something a collector defines:
 * an exact name, a name's sub-path, a "prefix*" family, or declared.*. */
bool fact_catalog_known(const char *path);
/* Writes the catalogue as Markdown tables; 0 or -1. */
int fact_catalog_markdown(FILE *fp);

#endif
