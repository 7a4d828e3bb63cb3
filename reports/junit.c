/* JUnit XML for CI dashboards: one testcase per rule, grouped in one
 * testsuite per rule file. Conventions (reference/peers.md "CI formats"):
 * failure = non-compliant (one <failure> per testcase, evidence aggregated
 * in its body, as Jenkins keeps only one); skipped = not_tested,
 * not_applicable, waived, declared; error is never used (a broken check is
 * exit status 3, not a test result). */
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

static const char *
file_stem(const char *path, char *buf, size_t len)
{
	const char *base = strrchr(path, '/');
	char *dot;

	snprintf(buf, len, "%s", base ? base + 1 : path);
	if ((dot = strrchr(buf, '.')) != NULL && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml")))
		*dot = '\0';
	return buf;
}

static void
failure_body(FILE *fp, const json_t *report, const json_t *r)
{
	const json_t *ev, *ids;
	const char *prof;
	size_t i;

	fprintf(fp, "severity: %s\nreason: %s\n", jstr(r, "severity"), jstr(r, "reason"));
	json_object_foreach(json_object_get(r, "provisions"), prof, ids) {
		const json_t *id;

		fprintf(fp, "provisions %s:", prof);
		json_array_foreach(ids, i, id)
			fprintf(fp, " %s", json_string_value(id));
		fputc('\n', fp);
	}
	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		char val[256], where[512], test[288], line[1200];
		const json_t *item;
		size_t k;

		report_where(report, ev, where, sizeof(where));
		if (json_is_array(json_object_get(ev, "failing"))) {
			report_items_summary(ev, line, sizeof(line));
			fprintf(fp, "evidence: %s: %s [%s]\n", jstr(ev, "fact"), line, where);
			json_array_foreach(json_object_get(ev, "failing"), k, item) {
				report_item_text(ev, item, line, sizeof(line));
				fprintf(fp, "  %s: %s\n", report_item_label(ev), line);
			}
			if (report_items_rest(ev, k, line, sizeof(line)))	/* k: all shown */
				fprintf(fp, "  %s\n", line);
			continue;
		}
		report_value_text(json_object_get(ev, "value"), val, sizeof(val));
		report_ev_test(ev, test, sizeof(test));
		snprintf(line, sizeof(line), "evidence: %s = %s [%s] (%s: %s)\n",
		    jstr(ev, "fact"), val, where, test, report_ev_result(ev));
		fputs(line, fp);
	}
	fprintf(fp, "remediation: %s\n", jstr(r, "remediation"));
}

static void
testcase(FILE *fp, const json_t *report, const json_t *r, const char *classname)
{
	const char *v = jstr(r, "verdict");
	const json_t *w = json_object_get(r, "waiver");
	char msg[1024], *body = NULL;
	size_t blen = 0;
	FILE *bf;

	xml_printf(fp, "    <testcase name=\"%s\" classname=\"%s\" time=\"0\"",
	    jstr(r, "id"), classname);
	if (!strcmp(v, "pass")) {
		fputs("/>\n", fp);
		return;
	}
	if (!strcmp(v, "fail")) {
		snprintf(msg, sizeof(msg), "%s: %s", jstr(r, "title"), jstr(r, "reason"));
		/* The body is built raw, then escaped as a whole. */
		if ((bf = open_memstream(&body, &blen)) != NULL) {
			failure_body(bf, report, r);
			fclose(bf);
		}
		xml_printf(fp, ">\n      <failure message=\"%s\" type=\"%s\">%s</failure>\n",
		    msg, jstr(r, "severity"), body ? body : "");
		free(body);
	} else {
		if (w != NULL)
			snprintf(msg, sizeof(msg), "waived until %s by %s: %s",
			    jstr(w, "expires"), jstr(w, "approver"), jstr(w, "justification"));
		else
			snprintf(msg, sizeof(msg), "%s: %s", v, jstr(r, "reason"));
		xml_printf(fp, ">\n      <skipped message=\"%s\"/>\n", msg);
	}
	fputs("    </testcase>\n", fp);
}

/* Counts of one rule file's results: tests, failures, skipped. */
static void
count_file(const json_t *rules, const char *file, int c[3])
{
	const json_t *r;
	size_t i;

	c[0] = c[1] = c[2] = 0;
	json_array_foreach(rules, i, r) {
		if (strcmp(jstr(r, "file"), file) != 0)
			continue;
		c[0]++;
		if (!strcmp(jstr(r, "verdict"), "fail"))
			c[1]++;
		else if (strcmp(jstr(r, "verdict"), "pass") != 0)
			c[2]++;
	}
}

int
report_write_junit(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *rules = json_object_get(report, "rules"), *r;
	const json_t *sum = json_object_get(json_object_get(report, "summary"), "rules");
	json_t *done = json_object();
	size_t i;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", fp);
	fprintf(fp, "<testsuites name=\"fwaudit\" tests=\"%zu\" failures=\"%lld\" "
	    "errors=\"0\" skipped=\"%lld\" time=\"0\" timestamp=\"", json_array_size(rules),
	    (long long)json_integer_value(json_object_get(sum, "fail")),
	    (long long)(json_array_size(rules) -
	    json_integer_value(json_object_get(sum, "fail")) -
	    json_integer_value(json_object_get(sum, "pass"))));
	xml_printf(fp, "%s\">\n", jstr(report, "generated_at"));
	/* Rules arrive grouped by file; a file's suite is written at its
	 * first rule, with every rule of that file. */
	json_array_foreach(rules, i, r) {
		const char *file = jstr(r, "file");
		const json_t *q;
		char stem[256];
		int c[3];
		size_t k;

		if (json_object_get(done, file) != NULL)
			continue;
		json_object_set_new(done, file, json_true());
		count_file(rules, file, c);
		file_stem(file, stem, sizeof(stem));
		xml_printf(fp, "  <testsuite name=\"%s\"", stem);
		fprintf(fp, " tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" "
		    "time=\"0\">\n", c[0], c[1], c[2]);
		for (k = i; k < json_array_size(rules); k++) {
			q = json_array_get(rules, k);
			if (!strcmp(jstr(q, "file"), file))
				testcase(fp, report, q, stem);
		}
		fputs("  </testsuite>\n", fp);
	}
	fputs("</testsuites>\n", fp);
	json_decref(done);
	return ferror(fp) ? -1 : 0;
}
