/* EN 303 645 Annex B implementation conformance statement (ICS), pre-filled.
 *
 * Table B.1 has, per provision, its status (M, R, or conditional: C(n) for
 * a condition, F(x) for a feature) and the supplier's "Support" (Y, N, N/A)
 * with a "Detail" column. N/A is allowed only for conditional provisions
 * whose condition does not hold; provision 5.0-1 asks for a justification for
 * every recommendation considered not applicable or not met
 * (reference/standards.md, "ICS Support column values"). We fill Support and
 * Detail from verdicts already in the report and say plainly where the
 * supplier still has to answer. */
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

static const char *
kind_of(const char *status)
{
	bool conditional = strchr(status, 'C') != NULL || strchr(status, 'F') != NULL;

	if (status[0] == 'M')
		return conditional ? "M conditional" : "M";
	return conditional ? "R conditional" : "R";
}

/* A rationale the vendor declared for this provision (declarations file:
 * `ics_rationale: {"5.6-3": "why"}`), with its line, or NULL. */
static const char *
declared_rationale(const json_t *report, const char *id, long long *line)
{
	char name[256];
	const json_t *rec;

	snprintf(name, sizeof(name), "declared.ics_rationale.%s", id);
	rec = json_object_get(json_object_get(report, "facts"), name);
	if (rec == NULL || !json_is_string(json_object_get(rec, "value")))
		return NULL;
	*line = json_integer_value(json_object_get(json_object_get(rec, "loc"), "line"));
	return json_string_value(json_object_get(rec, "value"));
}

/* "RULE-A (fail), RULE-B (pass)" for the rules behind a provision. */
static void
list_rules(FILE *fp, const json_t *pv, const char *only)
{
	const json_t *r;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(pv, "rules"), i, r) {
		if (only != NULL && strcmp(jstr(r, "verdict"), only) != 0)
			continue;
		fprintf(fp, "%s%s (%s)", n++ ? ", " : "", jstr(r, "id"), jstr(r, "verdict"));
	}
	if (n == 0)
		fputs("none", fp);
}

static void
list_declarations(FILE *fp, const json_t *report, const json_t *pv, bool answered)
{
	const json_t *d;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(pv, "declarations"), i, d) {
		const json_t *v = json_object_get(d, "value");

		if (answered == (v == NULL || json_is_null(v)))
			continue;
		if (answered) {
			char val[160], where[256];

			report_value_text(v, val, sizeof(val));
			report_where(report, d, where, sizeof(where));
			fprintf(fp, "%s%s = %s [%s]", n++ ? "; " : "", jstr(d, "key"), val, where);
		} else
			fprintf(fp, "%s%s", n++ ? ", " : "", jstr(d, "key"));
	}
}

/* The waiver justifications of the provision's waived rules. */
static int
waiver_rationales(FILE *fp, const json_t *idx, const json_t *pv)
{
	const json_t *r, *w;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(pv, "rules"), i, r) {
		w = json_object_get(json_object_get(idx, jstr(r, "id")), "waiver");
		if (w == NULL)
			continue;
		fprintf(fp, "%s%s waived until %s by %s: %s", n++ ? "; " : "",
		    jstr(r, "id"), jstr(w, "expires"), jstr(w, "approver"),
		    jstr(w, "justification"));
	}
	return n;
}

static void
fill(const json_t *report, const json_t *idx, const json_t *pv, struct ics_row *row,
    FILE *fp)
{
	const char *v = jstr(pv, "verdict"), *status = jstr(pv, "status");
	bool recommendation = status[0] == 'R';
	bool conditional = strchr(status, 'C') != NULL || strchr(status, 'F') != NULL;
	long long line = 0;
	const char *why = declared_rationale(report, jstr(pv, "id"), &line);

	row->kind = kind_of(status);
	if (!strcmp(v, "pass")) {
		row->support = "Y";
		fputs("Met, verified by fwaudit: ", fp);
		list_rules(fp, pv, "pass");
		if (json_integer_value(json_object_get(json_object_get(pv, "counts"), "declared")) > 0) {
			fputs(". Declared: ", fp);
			list_declarations(fp, report, pv, true);
		}
	} else if (!strcmp(v, "declared")) {
		row->support = "Y";
		fputs("Declared by the supplier (not verified by a test): ", fp);
		list_declarations(fp, report, pv, true);
		if (json_array_size(json_object_get(pv, "rules")) > 0) {
			fputs(". Rules: ", fp);
			list_rules(fp, pv, NULL);
		}
	} else if (!strcmp(v, "fail") || !strcmp(v, "waived")) {
		row->support = "N";
		fputs("Not met: ", fp);
		list_rules(fp, pv, v);
		fputs(". ", fp);
		if (!waiver_rationales(fp, idx, pv) && why == NULL && recommendation)
			fputs("No justification recorded: provision 5.0-1 requires one for "
			    "every recommendation not met (add a waiver with a justification, "
			    "or ics_rationale in the declarations)", fp);
		else if (!strcmp(v, "fail") && !recommendation)
			fputs("Mandatory provision not met: non-conformant until fixed", fp);
	} else if (!strcmp(v, "not_applicable") && conditional &&
	    strstr(jstr(pv, "reason"), "feature") != NULL) {
		/* Annex B allows N/A only when the condition does not hold: here the
		 * supplier declared the feature absent. */
		row->support = "N/A";
		fprintf(fp, "Not applicable: %s (declared in the declarations file, "
		    "declared.features.*)", strncmp(jstr(pv, "reason"), "not applicable: ", 16) ?
		    jstr(pv, "reason") : jstr(pv, "reason") + 16);
	} else if (!strcmp(v, "not_applicable")) {
		row->support = "";
		fprintf(fp, "To be completed by the supplier: no fwaudit rule applies to "
		    "these inputs (%s); N/A needs the %s", jstr(pv, "reason"), conditional ?
		    "feature or condition declared absent (declared.features.*)" :
		    "provision to be conditional, and this one is not");
	} else {
		row->support = "";
		fprintf(fp, "To be completed by the supplier: %s", jstr(pv, "reason"));
		if (json_array_size(json_object_get(pv, "rules")) > 0) {
			fputs(". Rules: ", fp);
			list_rules(fp, pv, NULL);
		}
		if (json_integer_value(json_object_get(json_object_get(pv, "counts"), "not_tested")) > 0 &&
		    json_array_size(json_object_get(pv, "declarations")) > 0) {
			fputs(". Missing declarations: ", fp);
			list_declarations(fp, report, pv, false);
		}
	}
	if (why != NULL)
		fprintf(fp, ". Supplier rationale (declarations line %lld): %s", line, why);
}

void
ics_row(const json_t *report, const json_t *idx, const json_t *pv, struct ics_row *row)
{
	size_t len = 0;
	FILE *fp;

	row->detail = NULL;
	row->support = "";
	row->kind = "";
	fp = open_memstream(&row->detail, &len);
	if (fp == NULL)
		return;
	fill(report, idx, pv, row, fp);
	fclose(fp);
}

int
report_write_ics(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *p = report_en303645(report), *pv;
	json_t *idx;
	size_t i;

	if (p == NULL) {
		/* The ICS is EN 303 645's: say so rather than write an empty table. */
		fputs("\"error\"\n\"the ICS needs the etsi-en-303-645 profile (--profile etsi-en-303-645)\"\n", fp);
		return ferror(fp) ? -1 : 0;
	}
	/* With --standard-version 2.1.1 the provision IDs are V2's and the
	 * other column holds the V3 ID. */
	fprintf(fp, "\"Clause\",\"Provision\",\"%s ID\",\"Title\",\"Status\",\"Type\","
	    "\"Support\",\"Detail\",\"fwaudit verdict\",\"TS 103 701 test cases\"\r\n",
	    strcmp(jstr(report, "standard_version"), "2.1.1") == 0 ? "V3.1.3" : "V2.1.1");
	idx = report_rule_index(report);
	json_array_foreach(json_object_get(p, "provisions"), i, pv) {
		struct ics_row row;
		const json_t *tc;
		size_t k;
		char *cases = NULL;
		size_t clen = 0;
		FILE *cf = open_memstream(&cases, &clen);

		if (cf == NULL)
			break;
		json_array_foreach(json_object_get(pv, "ts103701"), k, tc)
			fprintf(cf, "%s%s", k ? " " : "", json_string_value(tc));
		fclose(cf);
		ics_row(report, idx, pv, &row);
		esc_csv(fp, jstr(pv, "clause")); fputc(',', fp);
		esc_csv(fp, jstr(pv, "id")); fputc(',', fp);
		esc_csv(fp, json_object_get(pv, "alias_id") ? jstr(pv, "alias_id") : jstr(pv, "v3_id"));
		fputc(',', fp);
		esc_csv(fp, jstr(pv, "title")); fputc(',', fp);
		esc_csv(fp, jstr(pv, "status")); fputc(',', fp);
		esc_csv(fp, row.kind); fputc(',', fp);
		esc_csv(fp, row.support); fputc(',', fp);
		esc_csv(fp, row.detail); fputc(',', fp);
		esc_csv(fp, jstr(pv, "verdict")); fputc(',', fp);
		esc_csv(fp, cases);
		fputs("\r\n", fp);
		free(row.detail);
		free(cases);
	}
	json_decref(idx);
	return ferror(fp) || i < json_array_size(json_object_get(p, "provisions")) ? -1 : 0;
}
