/* Parts of the HTML report (reports/html.c, reports/html_rules.c), shared
 * between its files only. */
#ifndef FWAUDIT_REPORTS_HTML_H
#define FWAUDIT_REPORTS_HTML_H

#include <jansson.h>
#include <stdbool.h>
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
/* The record that decided the rule's verdict (reports/findings.h), else
 * its first; NULL without evidence. */
const json_t *html_decisive_evidence(const json_t *rule);
/* Rule cards for the findings; a table row for every other rule; the
 * untested and what would complete them. */
void html_findings_section(FILE *fp, const json_t *report, const json_t **findings, size_t n);
void html_untested_section(FILE *fp, const json_t *report);
/* cards (--verbose): every rule not among the findings as a card with all
 * its evidence, instead of one table row each. */
void html_other_rules_section(FILE *fp, const json_t *report, bool cards);
/* reports/html_sections.c */
/* One table row per fact whose name starts with prefix; how many. */
int html_facts_with_prefix(FILE *fp, const json_t *report, const char *prefix);
/* new_page: starts a printed page (the first profile's). */
void html_conformance_section(FILE *fp, const json_t *report, const json_t *profile,
    bool new_page);
void html_inventory_section(FILE *fp, const json_t *report);
void html_declarations_section(FILE *fp, const json_t *report);
/* need IDs (a rule's or provision's "needs") in words: "console probe". */
void html_needs(FILE *fp, const json_t *needs);
/* "rules/esp-efuse.yaml:5" */
void html_rule_source(FILE *fp, const json_t *rule);

#endif
