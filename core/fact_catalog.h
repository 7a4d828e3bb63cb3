/* The catalogue of every fact a collector can emit (rules/facts/NAME.yaml):
 * documentation for rule writers (docs/facts.md is generated from it) and
 * the list `rules lint` checks fact paths against. */
#ifndef FWAUDIT_FACT_CATALOG_H
#define FWAUDIT_FACT_CATALOG_H

#include <stdbool.h>
#include <stdio.h>

/* Whether a rule's fact path names something a collector defines:
 * an exact name, a name's sub-path, a "prefix*" family, or declared.*. */
struct fact_catalog;

/* Loads rules/facts/NAME.yaml once; NULL on allocation failure. */
struct fact_catalog *fact_catalog_load(void);
void fact_catalog_free(struct fact_catalog *c);
bool fact_catalog_known(const struct fact_catalog *c, const char *path);
/* Writes the catalogue as Markdown tables; 0 or -1. */
int fact_catalog_markdown(FILE *fp);

#endif
