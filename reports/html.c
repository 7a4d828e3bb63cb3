/* The HTML evidence report: one self-contained file (inline CSS and SVG, no
 * script, nothing fetched) that prints well: cover page, verdict chart,
 * per-standard conformance table in the standard's order, the Annex B ICS,
 * one section per rule with its evidence and provenance, declarations and
 * waivers shown as such. Every string is escaped (xml_printf): evidence
 * comes from hostile inputs. */
#include <stdlib.h>
#include <string.h>

#include "reports/html_style.h"
#include "reports/report.h"

#define H(...) xml_printf(fp, __VA_ARGS__)

static void
verdict_badge(FILE *fp, const char *v)
{
	H("<span class=\"v v-%s\">%s</span>", v, v);
}

/* A fact record's value and its source, as one table row. */
static void
fact_row(FILE *fp, const json_t *report, const char *label, const json_t *rec)
{
	char val[512], where[512];

	report_value_text(json_object_get(rec, "value"), val, sizeof(val));
	report_where(report, rec, where, sizeof(where));
	H("<tr><th>%s</th><td>%s <span class=\"muted\">(%s)</span></td></tr>\n",
	    label, val, where);
}

static int
facts_with_prefix(FILE *fp, const json_t *report, const char *prefix)
{
	const json_t *rec;
	const char *name;
	size_t n = strlen(prefix);
	int rows = 0;

	json_object_foreach((json_t *)json_object_get(report, "facts"), name, rec)
		if (strncmp(name, prefix, n) == 0) {
			fact_row(fp, report, name + n, rec);
			rows++;
		}
	return rows;
}

static void
id_list(FILE *fp, const json_t *arr)
{
	const json_t *x;
	size_t i;

	json_array_foreach(arr, i, x)
		H("%s%s", i ? ", " : "", json_string_value(x));
}

/* A member of an object by dotted path ("app.version"), or NULL. */
static const json_t *
member_path(const json_t *o, const char *path)
{
	char key[64];

	while (o != NULL && *path != '\0') {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		path += n + (path[n] == '.');
	}
	return o;
}

/* Firmware images (esp.images: image headers and app descriptors,
 * docs/facts.md): one row each, the columns a reader identifies firmware by. */
static void
images_table(FILE *fp, const json_t *report)
{
	static const char *const cols[][2] = {
		{ "role", "role" }, { "partition", "partition" }, { "offset", "offset" },
		{ "project", "app.project" }, { "version", "app.version" },
		{ "IDF", "app.idf_version" }, { "built", "app.date" },
		{ "secure version", "secure_version" }, { "hash valid", "hash_valid" },
		{ "signed (SBv2)", "sbv2_valid" },
	};
	const size_t ncols = sizeof(cols) / sizeof(cols[0]);
	const json_t *rec = json_object_get(json_object_get(report, "facts"), "esp.images");
	const json_t *img;
	char where[512], val[256];
	size_t i, c;

	if (rec == NULL || !json_is_array(json_object_get(rec, "value")))
		return;
	report_where(report, rec, where, sizeof(where));
	H("<h3>Firmware images</h3>\n<table><thead><tr><th>#</th>");
	for (c = 0; c < ncols; c++)
		H("<th>%s</th>", cols[c][0]);
	H("</tr></thead><tbody>\n");
	json_array_foreach(json_object_get(rec, "value"), i, img) {
		fprintf(fp, "<tr><td class=\"num\">%zu</td>", i);
		for (c = 0; c < ncols; c++) {
			const json_t *v = member_path(img, cols[c][1]);

			if (v != NULL && json_is_integer(v) && !strcmp(cols[c][0], "offset"))
				snprintf(val, sizeof(val), "0x%llx", (long long)json_integer_value(v));
			else if (v != NULL && !json_is_null(v))
				report_value_text(v, val, sizeof(val));
			else
				val[0] = '\0';
			H("<td>%s</td>", val);
		}
		H("</tr>\n");
	}
	H("</tbody></table><p class=\"muted\">source: %s (esp.images)</p>\n", where);
}

/* Device identity: what each source says the chip is (docs/facts.md). */
static const char *const identity[][2] = {
	{ "chip (eFuse)", "efuse.chip" }, { "MAC (eFuse)", "efuse.mac" },
	{ "chip (images)", "esp.chip" }, { "chip (ROM, live)", "serial.rom.chip" },
	{ "USB adapter", "serial.usb_id" }, { "device certificates", "identity.certificates" },
	{ "network address", "net.address" },
};

static void
cover(FILE *fp, const json_t *report)
{
	const json_t *tool = json_object_get(report, "tool"), *in;
	const json_t *facts = json_object_get(report, "facts");
	size_t i;

	H("<section class=\"cover\">\n<h1>Security evidence report</h1>\n"
	    "<p class=\"muted\">ETSI EN 303 645 / CSA PSWG conformance evidence, produced by "
	    "fwaudit. Verdicts are machine evidence; <i>declared</i> items are the supplier's "
	    "statements, not tests.</p>\n<h3>Product (declared)</h3>\n<table>");
	if (facts_with_prefix(fp, report, "declared.product.") == 0)
		H("<tr><td class=\"muted\">no product declared (declarations file: product: "
		    "{name, model, manufacturer, version})</td></tr>");
	H("</table>\n<h3>Firmware identity</h3>\n<table><thead><tr><th>#</th><th>kind</th>"
	    "<th>input</th><th>size</th><th>SHA-256</th></tr></thead><tbody>\n");
	json_array_foreach(json_object_get(report, "inputs"), i, in) {
		const char *path = json_string_value(json_object_get(in, "path"));
		char size[32] = "";

		if (path != NULL)
			snprintf(size, sizeof(size), "%lld",
			    (long long)json_integer_value(json_object_get(in, "size")));
		fprintf(fp, "<tr><td class=\"num\">%zu</td>", i);
		H("<td>%s</td><td class=\"mono\">%s%s</td><td class=\"num\">%s</td>"
		    "<td class=\"mono hash\">%s</td></tr>\n", jstr(in, "kind"),
		    path ? path : jstr(in, "live"), path ? "" : " (live)", size,
		    jstr(in, "sha256"));
	}
	H("</tbody></table>\n");
	images_table(fp, report);
	H("<h3>Device identity</h3>\n<table>");
	for (i = 0; i < sizeof(identity) / sizeof(identity[0]); i++)
		if (json_object_get(facts, identity[i][1]) != NULL)
			fact_row(fp, report, identity[i][0], json_object_get(facts, identity[i][1]));
	H("</table>\n<h3>Audit</h3>\n<table><tr><th>tool</th><td>fwaudit %s</td></tr>\n"
	    "<tr><th>ruleset digest</th><td class=\"mono hash\">%s</td></tr>\n"
	    "<tr><th>generated</th><td>%s</td></tr>\n"
	    "<tr><th>standard version</th><td>%s</td></tr>\n<tr><th>profiles</th><td>",
	    jstr(tool, "version"), jstr(tool, "ruleset_digest"), jstr(report, "generated_at"),
	    jstr(report, "standard_version"));
	id_list(fp, json_object_get(report, "profile_ids"));
	H("</td></tr>\n<tr><th>fail on</th><td>%s</td></tr>\n", jstr(report, "fail_on"));
	fprintf(fp, "<tr><th>exit status</th><td>%lld</td></tr>\n</table>\n</section>\n",
	    (long long)json_integer_value(json_object_get(json_object_get(report, "summary"),
	    "exit_status")));
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

/* Horizontal bars, one per verdict, labelled with name and count. */
static void
svg_bars(FILE *fp, const char *title, const json_t *counts)
{
	long long max = 1;
	int i, n = 0;

	for (i = 0; report_verdicts[i] != NULL; i++, n++)
		if (json_integer_value(json_object_get(counts, report_verdicts[i])) > max)
			max = json_integer_value(json_object_get(counts, report_verdicts[i]));
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"%d\" ",
	    28 + 24 * n);
	H("role=\"img\" aria-label=\"%s\"><text x=\"0\" y=\"16\" font-size=\"14\" "
	    "font-weight=\"600\">%s</text>\n", title, title);
	for (i = 0; report_verdicts[i] != NULL; i++) {
		long long c = json_integer_value(json_object_get(counts, report_verdicts[i]));
		int w = (int)(c * 300 / max), y = 26 + 24 * i;

		fprintf(fp, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>"
		    "<rect x=\"110\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\" font-size=\"12\">%lld</text>\n",
		    y + 12, report_verdicts[i], y, w > 0 ? w : 1,
		    verdict_colour(report_verdicts[i]), 116 + w, y + 12, c);
	}
	H("</svg>\n");
}

static void
summary(FILE *fp, const json_t *report)
{
	const json_t *p, *b = json_object_get(report, "baseline");
	size_t i;

	H("<section class=\"page\"><h2 id=\"summary\">Summary</h2>\n<div>");
	svg_bars(fp, "Rules by verdict", json_object_get(json_object_get(report, "summary"), "rules"));
	json_array_foreach(json_object_get(report, "profiles"), i, p) {
		char title[256];

		snprintf(title, sizeof(title), "%s provisions", jstr(p, "standard"));
		svg_bars(fp, title, json_object_get(p, "summary"));
	}
	H("</div>\n");
	if (b != NULL) {
		H("<p>Against the baseline <span class=\"mono\">%s</span>: ", jstr(b, "path"));
		fprintf(fp, "%lld new, %lld unchanged, %lld fixed findings.</p>\n",
		    (long long)json_integer_value(json_object_get(b, "new")),
		    (long long)json_integer_value(json_object_get(b, "unchanged")),
		    (long long)json_integer_value(json_object_get(b, "fixed")));
	}
	H("</section>\n");
}

static void
provision_sources(FILE *fp, const json_t *pv)
{
	const json_t *r;
	size_t k;
	int n = 0;

	/* Separators are markup, so they go in the format, never an argument. */
	json_array_foreach(json_object_get(pv, "rules"), k, r) {
		H(n++ ? "<br>" : "");
		H("<a href=\"#rule-%s\">%s</a> <span class=\"muted\">%s</span>",
		    jstr(r, "id"), jstr(r, "id"), jstr(r, "verdict"));
	}
	json_array_foreach(json_object_get(pv, "declarations"), k, r) {
		const json_t *v = json_object_get(r, "value");

		H(n++ ? "<br>" : "");
		H("declared: %s%s", jstr(r, "key"),
		    v == NULL || json_is_null(v) ? " (missing)" : "");
	}
}

static void
conformance(FILE *fp, const json_t *p)
{
	const json_t *pv;
	const char *clause = NULL;
	size_t i;

	H("<section class=\"page\"><h2 id=\"profile-%s\">Conformance: %s V%s</h2>\n",
	    jstr(p, "id"), jstr(p, "standard"), jstr(p, "version"));
	if (json_object_get(p, "note") != NULL)
		H("<p class=\"note\">%s</p>\n", jstr(p, "note"));
	H("<table class=\"conf\"><thead><tr><th>Provision</th><th>Title</th><th>Status</th>"
	    "<th>Verdict</th><th>Rules</th><th>TS 103 701</th></tr></thead><tbody>\n");
	json_array_foreach(json_object_get(p, "provisions"), i, pv) {
		const char *c = json_string_value(json_object_get(pv, "clause"));

		if (c != NULL && (clause == NULL || strcmp(c, clause) != 0)) {
			H("<tr class=\"clause\"><td colspan=\"6\">%s</td></tr>\n", c);
			clause = c;
		}
		H("<tr><td class=\"id\">%s</td><td>%s<br><span class=\"muted\">%s</span></td>"
		    "<td class=\"id\">%s</td><td>", jstr(pv, "id"), jstr(pv, "title"),
		    jstr(pv, "reason"), jstr(pv, "status"));
		verdict_badge(fp, jstr(pv, "verdict"));
		H("</td><td>");
		provision_sources(fp, pv);
		H("</td><td class=\"id\">");
		id_list(fp, json_object_get(pv, "ts103701"));
		H("</td></tr>\n");
	}
	H("</tbody></table></section>\n");
}

static void
ics_section(FILE *fp, const json_t *report)
{
	const json_t *p = report_en303645(report), *pv;
	json_t *idx;
	size_t i;

	if (p == NULL)
		return;
	idx = report_rule_index(report);
	H("<section class=\"page\"><h2 id=\"ics\">Implementation conformance statement "
	    "(EN 303 645 Annex B)</h2>\n<p class=\"muted\">Support and detail are pre-filled "
	    "from the verdicts, evidence, waivers and declarations; an empty Support (?) is "
	    "for the supplier to complete. Also written by <code>--format ics</code> (CSV).</p>\n"
	    "<table><thead><tr><th>Provision</th><th>Status</th><th>Support</th>"
	    "<th>Detail</th></tr></thead><tbody>\n");
	json_array_foreach(json_object_get(p, "provisions"), i, pv) {
		struct ics_row row;

		ics_row(report, idx, pv, &row);
		H("<tr><td class=\"id\">%s</td><td class=\"id\">%s</td><td class=\"id\"><b>%s</b>"
		    "</td><td>%s</td></tr>\n", jstr(pv, "id"), jstr(pv, "status"),
		    row.support[0] ? row.support : "?", row.detail ? row.detail : "");
		free(row.detail);
	}
	H("</tbody></table></section>\n");
	json_decref(idx);
}

/* A value, or a for_each summary with every item it lists (never cut
 * without saying how many are left and where they are). */
static void
evidence_value(FILE *fp, const json_t *ev)
{
	const json_t *failing = json_object_get(ev, "failing"), *item;
	char val[512];
	size_t k;

	if (!json_is_array(failing)) {
		report_value_text(json_object_get(ev, "value"), val, sizeof(val));
		H("%s", val);
		return;
	}
	report_items_summary(ev, val, sizeof(val));
	H("%s", val);
	json_array_foreach(failing, k, item) {
		report_item_text(ev, item, val, sizeof(val));
		H("<br>%s: %s", report_item_label(ev), val);
	}
	if (report_items_rest(ev, json_array_size(failing), val, sizeof(val)))
		H("<br>%s", val);
}

static void
evidence_table(FILE *fp, const json_t *report, const json_t *r)
{
	const json_t *ev;
	size_t i;

	if (json_array_size(json_object_get(r, "evidence")) == 0)
		return;
	H("<table><thead><tr><th>fact</th><th>value</th><th>test</th><th>result</th>"
	    "<th>source</th></tr></thead><tbody>\n");
	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		const char *excerpt = json_string_value(json_object_get(json_object_get(ev, "loc"),
		    "excerpt"));
		char where[512], test[288];

		report_where(report, ev, where, sizeof(where));
		report_ev_test(ev, test, sizeof(test));
		H("<tr><td class=\"mono\">%s</td><td class=\"mono\">", jstr(ev, "fact"));
		evidence_value(fp, ev);
		H("</td><td>%s</td><td>%s</td><td class=\"mono\">%s", test,
		    report_ev_result(ev), where);
		if (excerpt != NULL)
			H("<pre>%s</pre>", excerpt);
		H("</td></tr>\n");
	}
	H("</tbody></table>\n");
}

static void
rule_section(FILE *fp, const json_t *report, const json_t *r)
{
	const char *v = jstr(r, "verdict"), *prof;
	const json_t *w = json_object_get(r, "waiver"), *ids;

	H("<div class=\"rule %s\" id=\"rule-%s\"><h3>", v, jstr(r, "id"));
	verdict_badge(fp, v);
	H(" %s <span class=\"sev\">%s</span>", jstr(r, "id"), jstr(r, "severity"));
	if (json_object_get(r, "baseline") != NULL)
		H(" <span class=\"sev\">baseline: %s</span>", jstr(r, "baseline"));
	H("</h3>\n<p><b>%s</b><br>%s</p>\n<p><b>Why it matters.</b> %s</p>\n"
	    "<p class=\"muted\">Provisions: ", jstr(r, "title"), jstr(r, "reason"),
	    jstr(r, "rationale"));
	json_object_foreach((json_t *)json_object_get(r, "provisions"), prof, ids) {
		H("%s ", prof);
		id_list(fp, ids);
		H("; ");
	}
	H("TS 103 701 test cases: ");
	id_list(fp, json_object_get(r, "ts103701"));
	H("</p>\n");
	evidence_table(fp, report, r);
	if (json_array_size(json_object_get(r, "missing")) > 0) {
		H("<p class=\"note\">Missing evidence: ");
		id_list(fp, json_object_get(r, "missing"));
		H("</p>\n");
	}
	if (!strcmp(v, "declared"))
		H("<p class=\"decl\">Declared by the supplier: shown as a statement, "
		    "not verified by a test.</p>\n");
	if (w != NULL)
		H("<p class=\"waiver\"><b>Waived</b> until %s by %s: %s</p>\n",
		    jstr(w, "expires"), jstr(w, "approver"), jstr(w, "justification"));
	if (!strcmp(v, "fail") || !strcmp(v, "waived") || !strcmp(v, "not_tested"))
		H("<p><b>Remediation.</b> %s</p>\n", jstr(r, "remediation"));
	if (json_array_size(json_object_get(r, "references")) > 0) {
		H("<p class=\"muted\">References: ");
		id_list(fp, json_object_get(r, "references"));
		H("</p>\n");
	}
	H("<p class=\"muted\">Rule defined in %s", jstr(r, "file"));
	fprintf(fp, ":%lld</p></div>\n", (long long)json_integer_value(json_object_get(r, "line")));
}

static void
declarations_and_waivers(FILE *fp, const json_t *report)
{
	const json_t *w;
	size_t i;

	H("<section class=\"page\"><h2 id=\"declarations\">Supplier declarations</h2>\n"
	    "<p class=\"decl\">Statements from the declarations file. fwaudit records them "
	    "and checks their form; it does not verify them.</p>\n<table>");
	if (facts_with_prefix(fp, report, "declared.") == 0)
		H("<tr><td class=\"muted\">no declarations file (--declarations)</td></tr>");
	H("</table>\n<h2 id=\"waivers\">Waivers</h2>\n");
	if (json_array_size(json_object_get(report, "waivers")) == 0)
		H("<p class=\"muted\">No waivers.</p>\n");
	else {
		H("<table><thead><tr><th>rule</th><th>status</th><th>justification</th>"
		    "<th>approver</th><th>expires</th><th>source</th></tr></thead><tbody>\n");
		json_array_foreach(json_object_get(report, "waivers"), i, w) {
			H("<tr><td class=\"id\"><a href=\"#rule-%s\">%s</a></td><td>%s</td>"
			    "<td>%s</td><td>%s</td><td class=\"id\">%s</td><td class=\"mono\">%s",
			    jstr(w, "rule"), jstr(w, "rule"), jstr(w, "status"),
			    jstr(w, "justification"), jstr(w, "approver"), jstr(w, "expires"),
			    jstr(w, "file"));
			fprintf(fp, ":%lld</td></tr>\n",
			    (long long)json_integer_value(json_object_get(w, "line")));
		}
		H("</tbody></table>\n");
	}
	if (json_array_size(json_object_get(report, "warnings")) > 0) {
		H("<h2>Warnings</h2>\n<ul>");
		json_array_foreach(json_object_get(report, "warnings"), i, w)
			H("<li>%s</li>", json_string_value(w));
		H("</ul>\n");
	}
	H("</section>\n");
}

static void
contents(FILE *fp, const json_t *report)
{
	const json_t *p;
	size_t i;

	H("<nav class=\"toc\"><b>Contents</b><ol><li><a href=\"#summary\">Summary</a></li>");
	json_array_foreach(json_object_get(report, "profiles"), i, p)
		H("<li><a href=\"#profile-%s\">Conformance: %s</a></li>", jstr(p, "id"),
		    jstr(p, "standard"));
	if (report_en303645(report) != NULL)
		H("<li><a href=\"#ics\">Implementation conformance statement</a></li>");
	H("<li><a href=\"#rules\">Rules and evidence</a></li><li><a href=\"#declarations\">"
	    "Supplier declarations</a></li><li><a href=\"#waivers\">Waivers</a></li></ol></nav>\n");
}

int
report_write_html(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *p, *r, *name = json_object_get(json_object_get(json_object_get(report,
	    "facts"), "declared.product.name"), "value");
	size_t i;

	/* No script, no remote fetch: the report must open offline and be safe
	 * to archive; the CSP meta tag makes a browser enforce that. */
	H("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; img-src data:\">\n<title>fwaudit evidence report%s%s"
	    "</title>\n", json_is_string(name) ? ": " : "",
	    json_is_string(name) ? json_string_value(name) : "");
	fprintf(fp, "<style>%s</style>\n</head><body>\n", html_style);
	cover(fp, report);
	contents(fp, report);
	summary(fp, report);
	json_array_foreach(json_object_get(report, "profiles"), i, p)
		conformance(fp, p);
	ics_section(fp, report);
	H("<section class=\"page\"><h2 id=\"rules\">Rules and evidence</h2>\n");
	json_array_foreach(json_object_get(report, "rules"), i, r)
		rule_section(fp, report, r);
	H("</section>\n");
	declarations_and_waivers(fp, report);
	H("</body></html>\n");
	return ferror(fp) ? -1 : 0;
}
