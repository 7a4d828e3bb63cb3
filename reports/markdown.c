/* A short Markdown summary for a pull-request comment: counts, what fails
 * (and what is new against the baseline), per-profile provision counts.
 * GitHub comments stop at 65,536 characters, so long lists are cut with a
 * count of what was left out; the full story is in the HTML/JSON reports. */
#include <string.h>

#include "reports/report.h"

#define MD_MAX_ROWS 50
/* Failing items named per evidence record; the rest are counted. */
#define MD_MAX_ITEMS 5

static void
counts_line(FILE *fp, const json_t *counts)
{
	for (int i = 0; report_verdicts[i] != NULL; i++)
		fprintf(fp, "%s%lld %s", i ? " · " : "",
		    (long long)json_integer_value(json_object_get(counts, report_verdicts[i])),
		    report_verdicts[i]);
}

static void
first_where(FILE *fp, const json_t *report, const json_t *r)
{
	const json_t *ev;
	size_t i;

	json_array_foreach(json_object_get(r, "evidence"), i, ev)
		if (json_is_integer(json_object_get(ev, "input"))) {
			char where[512];

			report_where(report, ev, where, sizeof(where));
			esc_md(fp, where);
			return;
		}
	fputs("-", fp);
}

/* The items a failing rule's for_each evidence did not match: the first
 * few, then how many more and where they are. Under a `not` the listed items
 * are what the rule looked for, not failures. */
static void
failing_items(FILE *fp, const json_t *r)
{
	const json_t *ev, *item;
	char buf[512];
	size_t i, k;

	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		const json_t *failing = json_object_get(ev, "failing");

		if (json_array_size(failing) == 0 || json_is_true(json_object_get(ev, "negated")))
			continue;
		fputs(" · ", fp);
		esc_md(fp, jstr(ev, "fact"));
		fputs(" not matching: ", fp);
		json_array_foreach(failing, k, item) {
			if (k == MD_MAX_ITEMS)
				break;
			report_item_text(ev, item, buf, sizeof(buf));
			fputs(k ? "; " : "", fp);
			esc_md(fp, buf);
		}
		if (report_items_rest(ev, k, buf, sizeof(buf))) {
			fputs("; ", fp);
			esc_md(fp, buf);
		}
	}
}

int
report_write_markdown(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *sum = json_object_get(report, "summary"), *r, *p;
	const json_t *base = json_object_get(report, "baseline");
	const json_t *rules = json_object_get(report, "rules");
	long long exit_status = json_integer_value(json_object_get(sum, "exit_status"));
	size_t i, shown = 0, failing = 0;
	char gate[512];

	fprintf(fp, "### fwaudit: %s\n\n", exit_status == 0 ? "no blocking findings" :
	    "blocking findings");
	fputs("**Rules:** ", fp);
	counts_line(fp, json_object_get(sum, "rules"));
	/* The same words as the closing line: with --fail-on-new it counts
	 * the new failures, as the exit status does. */
	report_closing_line(report, gate, sizeof(gate));
	fputs("  \n**Gate:** ", fp);
	esc_md(fp, gate);
	if (base != NULL) {
		fprintf(fp, "; against the baseline: %lld new, %lld unchanged, %lld fixed",
		    (long long)json_integer_value(json_object_get(base, "new")),
		    (long long)json_integer_value(json_object_get(base, "unchanged")),
		    (long long)json_integer_value(json_object_get(base, "fixed")));
	}
	fputs("\n\n", fp);
	json_array_foreach(rules, i, r)
		if (!strcmp(jstr(r, "verdict"), "fail"))
			failing++;
	if (failing > 0) {
		fprintf(fp, "| | severity | rule | title | evidence |\n|---|---|---|---|---|\n");
		json_array_foreach(rules, i, r) {
			const char *b = jstr(r, "baseline");

			if (strcmp(jstr(r, "verdict"), "fail") != 0)
				continue;
			if (shown++ == MD_MAX_ROWS)
				break;
			/* Against a baseline, each finding says whether it is new. */
			fprintf(fp, "| %s | %s | `", !strcmp(b, "new") ? "🆕 new" :
			    !strcmp(b, "unchanged") ? "❌ unchanged" : "❌", jstr(r, "severity"));
			esc_md_code(fp, jstr(r, "id"));
			fputs("` | ", fp);
			esc_md(fp, jstr(r, "title"));
			fputs(" | ", fp);
			first_where(fp, report, r);
			failing_items(fp, r);
			fputs(" |\n", fp);
		}
		if (failing > MD_MAX_ROWS)
			fprintf(fp, "\n…and %zu more failing rules (see the full report).\n",
			    failing - MD_MAX_ROWS);
		fputc('\n', fp);
	}
	if (base != NULL && json_integer_value(json_object_get(base, "fixed")) > 0) {
		const json_t *id;

		fputs("**Fixed since the baseline (fixed):** ", fp);
		json_array_foreach(json_object_get(base, "fixed_rules"), i, id) {
			if (i == MD_MAX_ROWS) {
				fputs(", …", fp);
				break;
			}
			fputs(i ? ", `" : "`", fp);
			esc_md_code(fp, json_string_value(id));
			fputs("`", fp);
		}
		fputs("\n\n", fp);
	}
	json_array_foreach(json_object_get(report, "profiles"), i, p) {
		fputs("**", fp);
		esc_md(fp, jstr(p, "standard"));
		fputs(" V", fp);
		esc_md(fp, jstr(p, "version"));
		fputs("** provisions: ", fp);
		counts_line(fp, json_object_get(p, "summary"));
		fputs("\n\n", fp);
	}
	fprintf(fp, "<sub>fwaudit %s · ruleset %.12s · %s</sub>\n",
	    jstr(json_object_get(report, "tool"), "version"),
	    jstr(json_object_get(report, "tool"), "ruleset_digest"),
	    jstr(report, "generated_at"));
	return ferror(fp) ? -1 : 0;
}
