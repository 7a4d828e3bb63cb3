#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

static const char *
colour(const struct report_opts *o, const char *verdict)
{
	if (!o->color)
		return "";
	if (!strcmp(verdict, "fail")) return "\033[1;31m";
	if (!strcmp(verdict, "pass")) return "\033[32m";
	if (!strcmp(verdict, "not_tested")) return "\033[33m";
	if (!strcmp(verdict, "declared")) return "\033[36m";
	if (!strcmp(verdict, "waived")) return "\033[35m";
	return "\033[2m";
}

static const char *
reset(const struct report_opts *o)
{
	return o->color ? "\033[0m" : "";
}

static void
value_text(const json_t *v, char *buf, size_t len)
{
	char *s;

	if (v == NULL || json_is_null(v)) {
		snprintf(buf, len, "(missing)");
		return;
	}
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	snprintf(buf, len, "%s", s ? s : "?");
	if (s != NULL && strlen(s) >= len && len > 4)
		memcpy(buf + len - 4, "...", 4);
	free(s);
}

static void
print_provisions_of(FILE *fp, const json_t *rule)
{
	const char *prof;
	json_t *ids, *id;
	size_t i;
	int first = 1;

	fputs("           provisions:", fp);
	json_object_foreach(json_object_get(rule, "provisions"), prof, ids) {
		fprintf(fp, "%s %s", first ? "" : ";", prof);
		json_array_foreach(ids, i, id)
			fprintf(fp, "%s%s", i ? ", " : " ", json_string_value(id));
		first = 0;
	}
	fputc('\n', fp);
}

/* A for_each record and every item it lists: a failing item is never
 * left out without a count and where to find it. */
static void
print_items(FILE *fp, const json_t *ev, const char *where)
{
	const json_t *failing = json_object_get(ev, "failing"), *item;
	char buf[512];
	size_t k;

	report_items_summary(ev, buf, sizeof(buf));
	fprintf(fp, "           evidence: %s: %s [%s]\n",
	    json_string_value(json_object_get(ev, "fact")), buf, where);
	json_array_foreach(failing, k, item) {
		report_item_text(ev, item, buf, sizeof(buf));
		fprintf(fp, "             %s: %s\n", report_item_label(ev), buf);
	}
	if (report_items_rest(ev, json_array_size(failing), buf, sizeof(buf)))
		fprintf(fp, "             %s\n", buf);
}

static void
print_rule(FILE *fp, const json_t *report, const json_t *r, const struct report_opts *o)
{
	const char *verdict = json_string_value(json_object_get(r, "verdict"));
	json_t *ev, *w;
	size_t i;

	fprintf(fp, "  %s%-14s%s %-8s %s\n", colour(o, verdict), verdict, reset(o),
	    json_string_value(json_object_get(r, "severity")),
	    json_string_value(json_object_get(r, "id")));
	fprintf(fp, "           %s\n", json_string_value(json_object_get(r, "title")));
	if (o->quiet && strcmp(verdict, "fail") != 0)
		return;
	print_provisions_of(fp, r);
	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		char val[96], where[256], test[288];
		json_t *failing = json_object_get(ev, "failing");

		value_text(json_object_get(ev, "value"), val, sizeof(val));
		report_where(report, ev, where, sizeof(where));
		if (json_is_array(failing)) {
			print_items(fp, ev, where);
			continue;
		}
		report_ev_test(ev, test, sizeof(test));
		fprintf(fp, "           evidence: %s = %s [%s] (%s: %s)\n",
		    json_string_value(json_object_get(ev, "fact")), val, where, test,
		    report_ev_result(ev));
	}
	if (!strcmp(verdict, "not_tested") || !strcmp(verdict, "not_applicable"))
		fprintf(fp, "           %s\n", json_string_value(json_object_get(r, "reason")));
	if ((w = json_object_get(r, "waiver")) != NULL)
		fprintf(fp, "           waived until %s by %s: %s\n",
		    json_string_value(json_object_get(w, "expires")),
		    json_string_value(json_object_get(w, "approver")),
		    json_string_value(json_object_get(w, "justification")));
	if (!strcmp(verdict, "fail"))
		fprintf(fp, "           fix: %s\n",
		    json_string_value(json_object_get(r, "remediation")));
}

static void
print_counts(FILE *fp, const json_t *counts)
{
	static const char *const order[] = { "pass", "fail", "waived", "declared",
	    "not_tested", "not_applicable", NULL };

	for (int i = 0; order[i] != NULL; i++)
		fprintf(fp, "%s%lld %s", i ? ", " : "",
		    (long long)json_integer_value(json_object_get(counts, order[i])),
		    order[i]);
}

int
report_write_text(const json_t *report, FILE *fp, const struct report_opts *o)
{
	json_t *in, *r, *p, *pv, *w;
	size_t i, k;

	fprintf(fp, "fwaudit %s  ruleset %.12s  %s\n\n",
	    json_string_value(json_object_get(json_object_get(report, "tool"), "version")),
	    json_string_value(json_object_get(json_object_get(report, "tool"), "ruleset_digest")),
	    json_string_value(json_object_get(report, "generated_at")));
	fputs("inputs\n", fp);
	json_array_foreach(json_object_get(report, "inputs"), i, in) {
		const char *path = json_string_value(json_object_get(in, "path"));

		if (path != NULL)
			fprintf(fp, "  [%zu] %-14s %s  sha256 %.16s...\n", i,
			    json_string_value(json_object_get(in, "kind")), path,
			    json_string_value(json_object_get(in, "sha256")));
		else
			fprintf(fp, "  [%zu] %-14s %s (live)\n", i,
			    json_string_value(json_object_get(in, "kind")),
			    json_string_value(json_object_get(in, "live")));
	}
	json_array_foreach(json_object_get(report, "warnings"), i, w)
		fprintf(fp, "  warning: %s\n", json_string_value(w));
	fputs("\nrules\n", fp);
	json_array_foreach(json_object_get(report, "rules"), i, r) {
		const char *v = json_string_value(json_object_get(r, "verdict"));

		if (o->quiet && strcmp(v, "fail") != 0)
			continue;
		print_rule(fp, report, r, o);
	}
	json_array_foreach(json_object_get(report, "profiles"), i, p) {
		fprintf(fp, "\n%s V%s: provisions\n",
		    json_string_value(json_object_get(p, "standard")),
		    json_string_value(json_object_get(p, "version")));
		json_array_foreach(json_object_get(p, "provisions"), k, pv) {
			const char *v = json_string_value(json_object_get(pv, "verdict"));

			if (o->quiet && strcmp(v, "fail") != 0)
				continue;
			fprintf(fp, "  %-8s %-9s %s%-14s%s %.60s\n",
			    json_string_value(json_object_get(pv, "id")),
			    json_string_value(json_object_get(pv, "status")),
			    colour(o, v), v, reset(o),
			    json_string_value(json_object_get(pv, "title")));
		}
		fputs("  summary: ", fp);
		print_counts(fp, json_object_get(p, "summary"));
		fputc('\n', fp);
	}
	json_array_foreach(json_object_get(report, "waivers"), i, w) {
		const char *st = json_string_value(json_object_get(w, "status"));

		if (strcmp(st, "applied") != 0)
			fprintf(fp, "\nwaiver for %s (%s:%lld) %s%s\n",
			    json_string_value(json_object_get(w, "rule")),
			    json_string_value(json_object_get(w, "file")),
			    (long long)json_integer_value(json_object_get(w, "line")), st,
			    !strcmp(st, "expired") ? ": it has no effect" :
			    ": it matched no failing rule");
	}
	fputs("\nrules: ", fp);
	print_counts(fp, json_object_get(json_object_get(report, "summary"), "rules"));
	fprintf(fp, "\nexit %lld: %lld failing at or above '%s'\n",
	    (long long)json_integer_value(json_object_get(json_object_get(report, "summary"), "exit_status")),
	    (long long)json_integer_value(json_object_get(json_object_get(report, "summary"),
	    "failing_at_or_above_threshold")),
	    json_string_value(json_object_get(report, "fail_on")));
	return ferror(fp) ? -1 : 0;
}
