/* The HTML evidence report: one self-contained file (inline CSS and SVG, no
 * script, nothing fetched) that prints to A4. A first page that says what to
 * fix (product and inputs, the result per profile, counts, the top
 * findings, what would complete the evidence); then the conformance table per standard, the findings with
 * their evidence in words, the untested and what they lack, the other rules
 * in one table, the inventory, declarations and waivers.
 * Every printed page carries the report identifier and "page x of y".
 * Every string is escaped (xml_printf): evidence comes from hostile inputs. */
#include <stdlib.h>
#include <string.h>

#include "util/hex.h"
#include "util/json_out.h"
#include "reports/findings.h"
#include "reports/html.h"
#include "reports/html_style.h"

/* The first page names this many findings; the rest are in Findings. */
#define TOP_FINDINGS 8
/* And this many kinds of missing evidence. */
#define TOP_TO_COMPLETE 4

/* A path as the report may show it: relative paths as the user named them;
 * an absolute one (the install dir's rules, an absolute argument) never
 * whole, so the report shows nothing of the auditing machine's layout:
 * a rule file from its last "rules/" directory on ("rules/esp-efuse.yaml"),
 * anything else as its directory and name ("…/unit1/flash.bin"). The
 * inputs' SHA-256 identify them. */
static void
display_path(json_t *o, const char *key, bool rule_file)
{
	const char *p = json_string_value(json_object_get(o, key)), *cut = NULL, *r;

	if (p == NULL || p[0] != '/')
		return;
	/* cut: the '/' the shown path follows. */
	for (r = p; rule_file && (r = strstr(r, "/rules/")) != NULL; r++)
		cut = r;
	if (cut == NULL) {
		/* One directory above the file, when there is one. */
		for (cut = r = strrchr(p, '/'); r > p && r[-1] != '/'; r--)
			;
		if (r > p)
			cut = r - 1;
	}
	json_object_set_new(o, key, rule_file ? json_string(cut + 1) :
	    json_sprintf("\xe2\x80\xa6%s", cut));
}

/* A copy of the report whose paths are shown as display_path says; the
 * report itself (and its identifier) is untouched. */
static json_t *
display_copy(const json_t *report)
{
	json_t *c = json_deep_copy(report), *x;
	size_t i;

	if (c == NULL)
		return NULL;
	json_array_foreach(json_object_get(c, "inputs"), i, x)
		display_path(x, "path", false);
	json_array_foreach(json_object_get(c, "rules"), i, x)
		display_path(x, "file", true);
	json_array_foreach(json_object_get(c, "waivers"), i, x)
		display_path(x, "file", false);
	display_path(json_object_get(c, "baseline"), "path", false);
	return c;
}

static const char *
verdict_colour(const char *v)
{
	if (!strcmp(v, "pass")) return "#1a7f37";
	if (!strcmp(v, "fail")) return "#cf222e";
	if (!strcmp(v, "waived")) return "#8250df";
	if (!strcmp(v, "declared")) return "#0969da";
	if (!strcmp(v, "not_tested")) return "#bf8700";
	return "#8c959f";
}

static long long
count_of(const json_t *counts, const char *v)
{
	return (long long)json_integer_value(json_object_get(counts, v));
}

/* One stacked bar of the verdict counts, its legend beside it. */
static void
svg_stack(FILE *fp, const json_t *counts)
{
	long long total = 0, at = 0;
	int i;

	for (i = 0; report_verdicts[i] != NULL; i++)
		total += count_of(counts, report_verdicts[i]);
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"14\" "
	    "role=\"img\" aria-label=\"verdicts\">");
	for (i = 0; report_verdicts[i] != NULL && total > 0; i++) {
		long long c = count_of(counts, report_verdicts[i]);

		if (c == 0)
			continue;
		fprintf(fp, "<rect x=\"%lld\" y=\"0\" width=\"%lld\" height=\"14\" fill=\"%s\"/>",
		    at * 240 / total, (at + c) * 240 / total - at * 240 / total,
		    verdict_colour(report_verdicts[i]));
		at += c;
	}
	H("</svg>");
}

static void
counts_words(FILE *fp, const json_t *counts)
{
	int i, n = 0;

	for (i = 0; report_verdicts[i] != NULL; i++) {
		long long c = count_of(counts, report_verdicts[i]);

		if (c == 0)
			continue;
		fprintf(fp, "%s<span class=\"dot\" style=\"color:%s\">&#9632;</span> %lld ",
		    n++ ? " &middot; " : "", verdict_colour(report_verdicts[i]), c);
		H("%s", report_verdicts[i]);
	}
}

/* The result per standard in a sentence a manager reads: fails, not
 * determined, or nothing fails on the evidence given. */
static void
profile_result(FILE *fp, const json_t *p)
{
	const json_t *c = json_object_get(p, "summary");
	long long total = 0;

	for (int i = 0; report_verdicts[i] != NULL; i++)
		total += count_of(c, report_verdicts[i]);
	H("<tr><th>%s V%s</th><td>", jstr(p, "standard"), jstr(p, "version"));
	if (count_of(c, "fail") > 0)
		fprintf(fp, "<b class=\"bad\">does not conform</b>: %lld of %lld provisions fail",
		    count_of(c, "fail"), total);
	else if (count_of(c, "not_tested") > 0)
		fprintf(fp, "<b class=\"open\">not determined</b>: no provision fails; %lld of "
		    "%lld lack evidence", count_of(c, "not_tested"), total);
	else
		fprintf(fp, "<b class=\"good\">no provision fails</b> on the evidence given "
		    "(%lld provisions)", total);
	H("<br>");
	svg_stack(fp, c);
	H(" <span class=\"small\">");
	counts_words(fp, c);
	H("</span></td></tr>\n");
}

static void
product_line(FILE *fp, const json_t *report)
{
	static const char *const keys[] = { "name", "model", "manufacturer", "version" };
	const json_t *facts = json_object_get(report, "facts");
	char name[64];
	int n = 0;

	H("<p class=\"product\">");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const json_t *v;

		snprintf(name, sizeof(name), "declared.product.%s", keys[i]);
		v = json_object_get(json_object_get(facts, name), "value");
		if (!json_is_string(v))
			continue;
		H(n++ ? " &middot; " : "");
		H("%s%s", i == 3 ? "version " : "", json_string_value(v));
	}
	H(n ? " <span class=\"muted\">(declared by the supplier)</span>" :
	    "<span class=\"muted\">No product declared (declarations file: product: "
	    "{name, model, manufacturer, version}).</span>");
	H("</p>\n");
}

/* The result in the words of the text report's closing line (so both
 * agree with the exit status, --fail-on-new included), and the baseline. */
static void
overall_result(FILE *fp, const json_t *report)
{
	const json_t *s = json_object_get(report, "summary"), *b = json_object_get(report,
	    "baseline");
	long long rc = (long long)json_integer_value(json_object_get(s, "exit_status"));
	char line[512];

	report_closing_line(report, line, sizeof(line));
	H("<p class=\"result %s\"><b>%s</b>: %s.", rc ? "fail" : "pass", rc ? "Fails" :
	    "Passes", line);
	if (b != NULL) {
		H(" Against the baseline <span class=\"mono\">%s</span>: ", jstr(b, "path"));
		fprintf(fp, "%lld new, %lld unchanged, %lld fixed.",
		    (long long)json_integer_value(json_object_get(b, "new")),
		    (long long)json_integer_value(json_object_get(b, "unchanged")),
		    (long long)json_integer_value(json_object_get(b, "fixed")));
	}
	H("</p>\n");
}

static void
top_findings(FILE *fp, const json_t *report, const json_t **findings, size_t n)
{
	const json_t *r, *ev;
	size_t i;

	if (n == 0) {
		H("<h3>Findings</h3><p>No rule fails.</p>\n");
		return;
	}
	H("<h3>Top findings</h3>\n<ol class=\"top\">");
	for (i = 0; i < n && i < TOP_FINDINGS; i++) {
		r = findings[i];
		H("<li><span class=\"sev sev-%s\">%s</span> <a href=\"#rule-%s\">%s</a>",
		    jstr(r, "severity"), jstr(r, "severity"), jstr(r, "id"), jstr(r, "title"));
		if (!strcmp(jstr(r, "verdict"), "waived"))
			H(" (waived)");
		if ((ev = html_decisive_evidence(r)) != NULL) {
			H("<ul class=\"ev\">");
			html_evidence_line(fp, report, ev);
			H("</ul>");
		}
		H("</li>\n");
	}
	H("</ol>\n");
	if (n > TOP_FINDINGS)
		fprintf(fp, "<p>+%zu more in <a href=\"#findings\">Findings</a>.</p>\n",
		    n - TOP_FINDINGS);
}

static void
contents(FILE *fp, const json_t *report)
{
	const json_t *p;
	size_t i;

	H("<nav class=\"toc\"><b>Contents</b>: ");
	json_array_foreach(json_object_get(report, "profiles"), i, p)
		H("<a href=\"#profile-%s\">Conformance: %s</a> &middot; ", jstr(p, "id"),
		    jstr(p, "standard"));
	H("<a href=\"#findings\">Findings</a> &middot; <a href=\"#untested\">Not tested</a>"
	    " &middot; <a href=\"#rules\">Other rules</a> &middot; <a href=\"#inventory\">"
	    "Inventory</a> &middot; ");
	H("<a href=\"#declarations\">Supplier declarations</a> &middot; <a href=\"#waivers\">"
	    "Waivers</a></nav>\n");
}

/* The first kinds of missing evidence (to_complete, most rules first):
 * what a "not determined" needs next. */
static void
top_to_complete(FILE *fp, const json_t *report)
{
	const json_t *tc = json_object_get(report, "to_complete"), *e, *ids;
	const char *prof;
	size_t i, n = json_array_size(tc);

	if (n == 0)
		return;
	H("<h3>To complete the evidence</h3>\n<ul class=\"tc\">");
	json_array_foreach(tc, i, e) {
		size_t np = 0;

		if (i == TOP_TO_COMPLETE)
			break;
		json_object_foreach((json_t *)json_object_get(e, "provisions"), prof, ids)
			np += json_array_size(ids);
		H("<li><b>%s</b>: %s ", jstr(e, "what"), jstr(e, "how"));
		fprintf(fp, "<span class=\"muted\">(%zu rules, %zu provisions)</span></li>\n",
		    json_array_size(json_object_get(e, "rules")), np);
	}
	H("</ul>\n");
	if (n > TOP_TO_COMPLETE)
		fprintf(fp, "<p>+%zu more in <a href=\"#untested\">Not tested</a>.</p>\n",
		    n - TOP_TO_COMPLETE);
}

static void
first_page(FILE *fp, const json_t *report, const json_t **findings, size_t nfindings,
    const char *id)
{
	const json_t *p, *in, *tool = json_object_get(report, "tool");
	size_t i;

	H("<section class=\"first\">\n<h1>Security evidence report</h1>\n");
	product_line(fp, report);
	overall_result(fp, report);
	H("<table class=\"profiles\">");
	json_array_foreach(json_object_get(report, "profiles"), i, p)
		profile_result(fp, p);
	H("<tr><th>Rules</th><td>");
	counts_words(fp, json_object_get(json_object_get(report, "summary"), "rules"));
	H("</td></tr></table>\n");
	top_findings(fp, report, findings, nfindings);
	top_to_complete(fp, report);
	H("<h3>Inputs</h3>\n<table class=\"inputs\">");
	json_array_foreach(json_object_get(report, "inputs"), i, in) {
		const char *path = json_string_value(json_object_get(in, "path"));

		H("<tr><td>%s</td><td class=\"mono\">%s%s</td><td class=\"mono hash\">%s</td>"
		    "</tr>\n", jstr(in, "kind"), path ? path : jstr(in, "live"),
		    path ? "" : " (live)", jstr(in, "sha256"));
	}
	H("</table>\n<p class=\"muted small\">fwaudit %s, %s; standard version %s; profiles ",
	    jstr(tool, "version"), jstr(report, "generated_at"), jstr(report, "standard_version"));
	html_id_list(fp, json_object_get(report, "profile_ids"));
	H("; ruleset <span class=\"mono hash\">%s</span>.<br>Report identifier <span "
	    "class=\"mono hash\">%s</span>: the SHA-256 of the JSON report of this run "
	    "(<code>--format json</code>), printed on every page. Verdicts are machine "
	    "evidence; <i>declared</i> items are the supplier's statements, not tests.</p>\n",
	    jstr(tool, "ruleset_digest"), id);
	contents(fp, report);
	H("</section>\n");
}

/* The identifier: SHA-256 of the canonical JSON rendering of the same
 * report, the bytes `--format json` writes, so `sha256sum report.json`
 * gives it. "" when it cannot be rendered. */
static void
report_id(const json_t *report, char out[65])
{
	size_t len;
	char *s = json_canonical(report, &len);

	out[0] = '\0';
	if (s != NULL && sha256_hex(s, len, out) != 0)
		out[0] = '\0';
	free(s);
}

/* The printed page's margin boxes (CSS paged media, which Chromium prints):
 * the identifier on top, "page x of y" below. Only hex and fixed words go
 * into the CSS strings. */
static void
page_style(FILE *fp, const char *id)
{
	fprintf(fp, "<style>@page{@top-left{content:\"fwaudit evidence report \\2014  "
	    "report %s\";font:8px 'DejaVu Sans Mono',monospace;color:#57606a}"
	    "@bottom-right{content:\"page \" counter(page) \" of \" counter(pages);"
	    "font:9px sans-serif;color:#57606a}}</style>\n", id);
}

int
report_write_html(const json_t *original, FILE *fp, const struct report_opts *o)
{
	const json_t *p, *name, **findings;
	json_t *report;
	char id[65];
	size_t i, nfindings;

	report_id(original, id);
	if ((report = display_copy(original)) == NULL)
		return -1;
	findings = findings_list(report, &nfindings);
	name = json_object_get(json_object_get(json_object_get(report, "facts"),
	    "declared.product.name"), "value");
	/* No script, no remote fetch: the report must open offline and be safe
	 * to archive; the CSP meta tag makes a browser enforce that. */
	H("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; img-src data:\">\n<title>fwaudit evidence report%s%s"
	    "</title>\n", json_is_string(name) ? ": " : "",
	    json_is_string(name) ? json_string_value(name) : "");
	fprintf(fp, "<style>%s</style>\n", html_style);
	page_style(fp, id);
	H("</head><body>\n");
	first_page(fp, report, findings, nfindings, id);
	json_array_foreach(json_object_get(report, "profiles"), i, p)
		html_conformance_section(fp, report, p, i == 0);
	html_findings_section(fp, report, findings, nfindings);
	html_untested_section(fp, report);
	html_other_rules_section(fp, report, o->verbose);
	html_inventory_section(fp, report);
	html_declarations_section(fp, report);
	H("</body></html>\n");
	free(findings);
	json_decref(report);
	return ferror(fp) ? -1 : 0;
}
