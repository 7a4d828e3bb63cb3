/* EN 18031 technical documentation table (Markdown), one per EN 18031 part
 * judged: per requirement the decision, the evidence (E.Info), the
 * implementation category the evidence shows (IC) and the decision-tree
 * justification (E.Just.DT), after the evidence naming of the ZEAL
 * technical-documentation template. Everything comes from the report: the
 * provision's verdict, rules, declarations and the profile's note, where
 * rules/mapping/en18031-requirements.yaml put the categories, restrictions
 * and the non-normative mapping. */
#include <string.h>

#include "reports/report.h"

#define RESTRICTION_MARK "RESTRICTION: "
#define MAPPING_MARK "Non-normative mapping: "
#define CATEGORY_MARK " category "

static const char *
decision(const char *verdict)
{
	static const char *const words[][2] = {
		{ "pass", "pass (tested)" }, { "declared", "declared by the manufacturer" },
		{ "fail", "FAIL" }, { "waived", "fail, waived" },
		{ "not_applicable", "not applicable" }, { "not_tested", "not tested" },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i][0], verdict) == 0)
			return words[i][1];
	return verdict;
}

/* Whether rule r is one of the restriction flags (rules/restrictions.yaml). */
static bool
is_restriction_rule(const json_t *r)
{
	const char *file = jstr(r, "file");
	size_t n = strlen(file), m = strlen("/restrictions.yaml");

	return n >= m && strcmp(file + n - m, "/restrictions.yaml") == 0;
}

static void
evidence_cell(FILE *fp, const json_t *report, const json_t *pv)
{
	const json_t *r, *d;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(pv, "rules"), i, r) {
		fputs(n++ ? ", " : "", fp);
		esc_md(fp, jstr(r, "id"));
		fprintf(fp, " (%s)", jstr(r, "verdict"));
	}
	json_array_foreach(json_object_get(pv, "declarations"), i, d) {
		char where[512];

		fputs(n++ ? "; declared " : "declared ", fp);
		esc_md(fp, jstr(d, "key"));
		if (json_is_null(json_object_get(d, "value"))) {
			fputs(" (unanswered)", fp);
			continue;
		}
		report_where(report, d, where, sizeof(where));
		fputs(" (", fp);
		esc_md(fp, where);
		fputs(")", fp);
	}
	if (n == 0)
		fputs("none: assessment by the test lab", fp);
}

/* The categories the passing category rules show ("signature
 * (IC.SUM-2.AuthIntVal.Sign)"), from their titles. */
static void
category_cell(FILE *fp, const json_t *rule_index, const json_t *pv)
{
	const json_t *r;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(pv, "rules"), i, r) {
		const char *title = jstr(json_object_get(rule_index, jstr(r, "id")), "title");
		char buf[256];
		const char *at = strstr(title, CATEGORY_MARK), *end;

		if (at == NULL || strcmp(jstr(r, "verdict"), "pass") != 0)
			continue;
		at += strlen(CATEGORY_MARK);
		end = strstr(at, "):");
		snprintf(buf, sizeof(buf), "%.*s", end != NULL ? (int)(end - at + 1) :
		    (int)strlen(at), at);
		fputs(n++ ? "; " : "", fp);
		esc_md(fp, buf);
	}
	if (n == 0)
		fputs(strstr(jstr(pv, "note"), "Implementation categories") != NULL ?
		    "not shown by the evidence" : "-", fp);
}

/* The part of the note from mark to the next sentence that starts another
 * marked part (or the end). */
static void
note_part(FILE *fp, const char *note, const char *mark, const char *stop)
{
	const char *at = strstr(note, mark), *end;
	char buf[1024];

	if (at == NULL)
		return;
	at += strlen(mark);
	end = stop != NULL ? strstr(at, stop) : NULL;
	snprintf(buf, sizeof(buf), "%.*s", end != NULL ? (int)(end - at) : (int)strlen(at), at);
	esc_md(fp, buf);
}

static void
justification_cell(FILE *fp, const json_t *pv)
{
	const char *note = jstr(pv, "note");

	esc_md(fp, jstr(pv, "reason"));
	if (json_object_get(pv, "evidence_basis") != NULL) {
		fputs(". ", fp);
		esc_md(fp, jstr(pv, "evidence_basis"));
	}
	if (strstr(note, RESTRICTION_MARK) != NULL) {
		fputs(" **Restriction:** ", fp);
		note_part(fp, note, RESTRICTION_MARK, " " MAPPING_MARK);
	}
}

/* The plain flag above the table when a restriction rule fails. */
static void
restriction_flags(FILE *fp, const json_t *report)
{
	const json_t *r;
	size_t i;

	json_array_foreach(json_object_get(report, "rules"), i, r) {
		if (!is_restriction_rule(r) || strcmp(jstr(r, "verdict"), "fail") != 0)
			continue;
		fputs("**RESTRICTION APPLIES:** ", fp);
		esc_md(fp, jstr(r, "title"));
		fputs(" - failed (", fp);
		esc_md(fp, jstr(r, "id"));
		fputs("). ", fp);
		esc_md(fp, jstr(r, "rationale"));
		fputs("\n\n", fp);
	}
}

static void
write_part(FILE *fp, const json_t *report, const json_t *rule_index, const json_t *p)
{
	const json_t *pv;
	size_t i;

	fputs("## ", fp);
	esc_md(fp, jstr(p, "title"));
	fputs("\n\n", fp);
	restriction_flags(fp, report);
	fputs("| Requirement | Decision | Evidence (E.Info) | Implementation category (IC) | "
	    "Justification (E.Just.DT) | EN 303 645 / CRA (non-normative) |\n"
	    "|---|---|---|---|---|---|\n", fp);
	json_array_foreach(json_object_get(p, "provisions"), i, pv) {
		fputs("| ", fp);
		esc_md(fp, jstr(pv, "id"));
		fputs(" ", fp);
		esc_md(fp, jstr(pv, "title"));
		fprintf(fp, " | %s | ", decision(jstr(pv, "verdict")));
		evidence_cell(fp, report, pv);
		fputs(" | ", fp);
		category_cell(fp, rule_index, pv);
		fputs(" | ", fp);
		justification_cell(fp, pv);
		fputs(" | ", fp);
		note_part(fp, jstr(pv, "note"), MAPPING_MARK, NULL);
		fputs(" |\n", fp);
	}
	fputs("\n", fp);
}

int
report_write_techdoc(const json_t *report, FILE *fp, const struct report_opts *o)
{
	json_t *rule_index = report_rule_index(report);
	const json_t *p;
	size_t i;
	int parts = 0;

	(void)o;
	if (rule_index == NULL)
		return -1;
	fputs("# EN 18031 technical documentation\n\n"
	    "Generated by fwaudit from the evidence in this report. A requirement is not "
	    "applicable only where the manufacturer declares the asset or interface it "
	    "concerns absent. Declared answers are the manufacturer's statements, not test "
	    "results. The EN 303 645 and CRA IDs come from fwaudit's own mapping, which is "
	    "non-normative.\n\n", fp);
	json_array_foreach(json_object_get(report, "profiles"), i, p)
		if (strncmp(jstr(p, "id"), "en-18031-", strlen("en-18031-")) == 0) {
			write_part(fp, report, rule_index, p);
			parts++;
		}
	if (parts == 0)
		fputs("This report was not judged against EN 18031: add `--profile en-18031-1` "
		    "(or `-2`, `-3`).\n", fp);
	json_decref(rule_index);
	return ferror(fp) ? -1 : 0;
}
