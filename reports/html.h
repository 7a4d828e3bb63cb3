/* Parts of the HTML report (reports/html.c, reports/html_rules.c), shared
 * between its files only. */
#ifndef FWAUDIT_REPORTS_HTML_H
#define FWAUDIT_REPORTS_HTML_H

#include <jansson.h>
#include <stdio.h>

#include "reports/report.h"

#define H(...) xml_printf(fp, __VA_ARGS__)

void html_badge(FILE *fp, const char *verdict);
/* ids as "a, b, c". */
void html_id_list(FILE *fp, const json_t *arr);
/* A fact value in words, never as JSON: lists as "a, b, +N more (see the
 * JSON report)", objects by their name and scalar members. */
void html_value_words(FILE *fp, const json_t *v);
/* One evidence record as a line in words: "fact = value (test: result) —
 * source", or a for_each summary and every item it lists. */
void html_evidence_line(FILE *fp, const json_t *report, const json_t *ev);
/* The record that decided the rule's verdict: the first whose outcome was
 * false, else the first; NULL without evidence. */
const json_t *html_decisive_evidence(const json_t *rule);
/* fail and waived rules, critical first, report order within a severity
 * (a new array of borrowed rules). */
json_t *html_findings(const json_t *report);
/* Rule cards for the findings; a table row for every other rule; the
 * untested and what would complete them. */
void html_findings_section(FILE *fp, const json_t *report, const json_t *findings);
void html_untested_section(FILE *fp, const json_t *report);
void html_other_rules_section(FILE *fp, const json_t *report);
/* reports/html_sections.c */
/* One table row per fact whose name starts with prefix; how many. */
int html_facts_with_prefix(FILE *fp, const json_t *report, const char *prefix);
void html_conformance_section(FILE *fp, const json_t *report, const json_t *profile);
void html_inventory_section(FILE *fp, const json_t *report);
void html_declarations_section(FILE *fp, const json_t *report);
/* "rules/esp-efuse.yaml:5" */
void html_rule_source(FILE *fp, const json_t *rule);

#endif
