/* Report writers: each a view of the canonical report (core/engine.h). */
#ifndef FWAUDIT_REPORT_H
#define FWAUDIT_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "util/error.h"

struct report_opts {
	bool color;	/* ANSI colours (terminal text only) */
	bool quiet;	/* text: failures and the summary only */
	bool verbose;	/* text: every rule with all its evidence, every provision */
};

struct report_writer {
	const char *format;
	const char *what;
	const char *file_name;	/* its name inside an evidence bundle */
	int (*write)(const json_t *report, FILE *fp, const struct report_opts *o);
	/* Or NULL: the whole text in one buffer (caller frees), its length in
	 * *len; NULL when out of memory. Spares a copy through a stream. */
	char *(*render)(const json_t *report, const struct report_opts *o, size_t *len);
};

/* NULL-terminated, in reports/report.c. */
extern const struct report_writer *const report_writers[];

const struct report_writer *report_writer_find(const char *format);
/* Renders report in format to path (NULL or "-": stdout), written whole or
 * not at all. */
int report_write(const json_t *report, const char *format, const char *path,
    const struct report_opts *o, struct fw_err *err);

int report_write_text(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_json(const json_t *report, FILE *fp, const struct report_opts *o);
char *report_render_json(const json_t *report, const struct report_opts *o, size_t *len);
int report_write_html(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_sarif(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_junit(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_markdown(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_ics(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_ixit(const json_t *report, FILE *fp, const struct report_opts *o);
int report_write_techdoc(const json_t *report, FILE *fp, const struct report_opts *o);

/* Short description of where a fact came from: "sdkconfig:42",
 * "flash.bin@0x8000+32", "efuse.json field SECURE_BOOT_EN". */
void report_where(const json_t *report, const json_t *evidence, char *buf, size_t len);

/* Shared by the writers (reports/view.c). */
/* A member's string, or "" when absent or not a string. */
const char *jstr(const json_t *o, const char *key);
/* An integer member as long long; 0 when absent or not an integer. */
long long jint(const json_t *o, const char *key);
/* A JSON value as short text ("(missing)" for NULL/null); long values end in "...". */
void report_value_text(const json_t *v, char *buf, size_t len);
/* Writes doc as JSON (jansson flags) and a newline; 0 or -1. */
int report_dump_json(const json_t *doc, FILE *fp, size_t flags);
/* Evidence records in words (docs/reports.md, "Evidence in the human
 * formats"). The test as the rule states it ("not equals true" under a
 * `not`) and its outcome there. */
void report_ev_test(const json_t *ev, char *buf, size_t len);
const char *report_ev_result(const json_t *ev);
/* A for_each record: "4 items, 1 not matching", "2 items, all matching",
 * with what a `not` around it asks for. */
void report_items_summary(const json_t *ev, char *buf, size_t len);
/* What its listed items are: "not matching", or "found" under a `not`. */
const char *report_item_label(const json_t *ev);
/* One item ev lists: "nvs.net80211:sta.pswd (item 1, offset 0x9160, masked S***)";
 * its input ("input [1]", as the inputs are numbered) only when ev's items
 * came from several. */
void report_item_text(const json_t *ev, const json_t *item, char *buf, size_t len);
/* When a report shows only the first `shown` listed items, or the record
 * lists fewer than it counted: "+N more not matching in the JSON report
 * (...)" in buf, and 1; 0 when every item was shown. */
int report_items_rest(const json_t *ev, size_t shown, char *buf, size_t len);
/* The line that ends a run: the exit status and why ("exit 1: 18 failing
 * at or above 'high'"; with --fail-on-new, the new ones). */
void report_closing_line(const json_t *report, char *buf, size_t len);
/* The IDs rule r names in profile p, as the report's provisions spell
 * them (V2.1.1 IDs with --standard-version 2.1.1): "5.1-1, 5.3-2", "" when
 * none. */
void report_rule_provisions(const json_t *profile, const json_t *r, char *buf, size_t len);
/* The canonical verdict order for counts and charts. */
extern const char *const report_verdicts[];
/* A new object mapping rule id -> rule result (borrowed members). */
json_t *report_rule_index(const json_t *report);
/* The report's EN 303 645 profile result, or NULL when not judged. */
const json_t *report_en303645(const json_t *report);

/* Escaping (reports/escape.c). Every string from the report is hostile. */
/* HTML/XML text and attribute values: & < > " ' escaped; control characters
 * other than tab and newline (illegal in XML 1.0) become U+FFFD. */
void esc_xml(FILE *fp, const char *s);
/* fprintf for HTML/XML whose format takes only %s (each argument escaped
 * with esc_xml) and %%. */
void xml_printf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One CSV field (RFC 4180): always quoted, quotes doubled; a leading
 * = + - @ gets a ' so spreadsheets do not run it as a formula. */
void esc_csv(FILE *fp, const char *s);
/* Markdown table cell / inline text: | ` * _ [ ] < > \ escaped, newlines as spaces. */
void esc_md(FILE *fp, const char *s);
/* Text inside a Markdown code span (`...`) in a table cell. */
void esc_md_code(FILE *fp, const char *s);

/* EN 303 645 Annex B implementation conformance statement row for one
 * provision result (reports/ics.c): support "Y", "N", "N/A" or "" (not
 * determined) and the detail text, both derived from the verdicts, evidence,
 * waivers and declarations already in the report. */
struct ics_row {
	const char *support;
	const char *kind;	/* "M", "R", "M conditional", "R conditional" */
	char *detail;		/* malloc'd */
};
void ics_row(const json_t *report, const json_t *rule_index, const json_t *provision,
    struct ics_row *row);

#endif
