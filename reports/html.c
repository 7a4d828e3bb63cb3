/* The HTML evidence report: one self-contained file (inline CSS and SVG, no
 * script, nothing fetched) that prints well: cover page, verdict chart,
 * per-standard conformance table in the standard's order, the Annex B ICS,
 * one section per rule with its evidence and provenance, declarations and
 * waivers shown as such. Every string is escaped: evidence comes from
 * hostile inputs. */
#include <stdlib.h>
#include <string.h>

#include "reports/html_style.h"
#include "reports/report.h"

#define E(s) esc_xml(fp, (s))

static void
verdict_badge(FILE *fp, const char *v)
{
	fputs("<span class=\"v v-", fp);
	E(v);
	fputs("\">", fp);
	E(v);
	fputs("</span>", fp);
}

static void
rule_link(FILE *fp, const char *id)
{
	fputs("<a href=\"#rule-", fp);
	E(id);
	fputs("\">", fp);
	E(id);
	fputs("</a>", fp);
}

static void
kv_row(FILE *fp, const char *k, const char *v, bool mono)
{
	fputs("<tr><th>", fp);
	E(k);
	fputs(mono ? "</th><td class=\"mono hash\">" : "</th><td>", fp);
	E(v);
	fputs("</td></tr>\n", fp);
}

/* A fact record's value and its source, as one table row. */
static void
fact_row(FILE *fp, const json_t *report, const char *label, const json_t *rec)
{
	char val[512], where[512];

	report_value_text(json_object_get(rec, "value"), val, sizeof(val));
	report_where(report, rec, where, sizeof(where));
	fputs("<tr><th>", fp);
	E(label);
	fputs("</th><td>", fp);
	E(val);
	fputs(" <span class=\"muted\">(", fp);
	E(where);
	fputs(")</span></td></tr>\n", fp);
}

static void
facts_with_prefix(FILE *fp, const json_t *report, const char *prefix)
{
	const json_t *rec;
	const char *name;
	size_t n = strlen(prefix);

	json_object_foreach((json_t *)json_object_get(report, "facts"), name, rec)
		if (strncmp(name, prefix, n) == 0)
			fact_row(fp, report, name + n, rec);
}

/* Application descriptors (esp.images) as a table: one row per image. */
static void
images_table(FILE *fp, const json_t *report)
{
	const json_t *rec = json_object_get(json_object_get(report, "facts"), "esp.images");
	const json_t *img, *v;
	const char *k;
	char where[512], val[256];
	size_t i;

	if (rec == NULL || !json_is_array(json_object_get(rec, "value")))
		return;
	report_where(report, rec, where, sizeof(where));
	fputs("<h3>Firmware images</h3>\n<table><thead><tr><th>#</th><th>image</th></tr></thead><tbody>\n", fp);
	json_array_foreach(json_object_get(rec, "value"), i, img) {
		int n = 0;

		fprintf(fp, "<tr><td class=\"num\">%zu</td><td>", i);
		json_object_foreach((json_t *)img, k, v) {
			if (json_is_object(v) || json_is_array(v))
				continue;
			report_value_text(v, val, sizeof(val));
			fputs(n++ ? "; " : "", fp);
			fputs("<b>", fp);
			E(k);
			fputs("</b> ", fp);
			E(val);
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table><p class=\"muted\">source: ", fp);
	E(where);
	fputs("</p>\n", fp);
}

static void
cover(FILE *fp, const json_t *report)
{
	const json_t *tool = json_object_get(report, "tool"), *in, *id;
	const json_t *facts = json_object_get(report, "facts");
	char buf[64];
	size_t i;

	fputs("<section class=\"cover\">\n<h1>Security evidence report</h1>\n"
	    "<p class=\"muted\">ETSI EN 303 645 / CSA PSWG conformance evidence, "
	    "produced by fwaudit. Verdicts are machine evidence; <i>declared</i> "
	    "items are the supplier's statements, not tests.</p>\n", fp);
	fputs("<h3>Product (declared)</h3>\n<table>", fp);
	facts_with_prefix(fp, report, "declared.product.");
	if (json_object_get(facts, "declared.product.name") == NULL)
		fputs("<tr><td class=\"muted\">no product declared (declarations file: "
		    "product: {name, model, manufacturer, version})</td></tr>", fp);
	fputs("</table>\n<h3>Firmware identity</h3>\n<table><thead><tr><th>#</th><th>kind</th>"
	    "<th>input</th><th>size</th><th>SHA-256</th></tr></thead><tbody>\n", fp);
	json_array_foreach(json_object_get(report, "inputs"), i, in) {
		const char *path = json_string_value(json_object_get(in, "path"));

		fprintf(fp, "<tr><td class=\"num\">%zu</td><td>", i);
		E(jstr(in, "kind"));
		fputs("</td><td class=\"mono\">", fp);
		E(path ? path : jstr(in, "live"));
		fputs(path ? "</td><td class=\"num\">" : " (live)</td><td>", fp);
		if (path != NULL)
			fprintf(fp, "%lld", (long long)json_integer_value(json_object_get(in, "size")));
		fputs("</td><td class=\"mono hash\">", fp);
		E(jstr(in, "sha256"));
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
	images_table(fp, report);
	fputs("<h3>Device identity</h3>\n<table>", fp);
	if (json_object_get(facts, "efuse.chip") != NULL)
		fact_row(fp, report, "chip", json_object_get(facts, "efuse.chip"));
	if (json_object_get(facts, "efuse.mac") != NULL)
		fact_row(fp, report, "MAC", json_object_get(facts, "efuse.mac"));
	facts_with_prefix(fp, report, "chip.");
	facts_with_prefix(fp, report, "device.");
	fputs("</table>\n<h3>Audit</h3>\n<table>", fp);
	kv_row(fp, "tool", jstr(tool, "version")[0] ? jstr(tool, "version") : "?", false);
	kv_row(fp, "ruleset digest", jstr(tool, "ruleset_digest"), true);
	kv_row(fp, "generated", jstr(report, "generated_at"), false);
	kv_row(fp, "standard version", jstr(report, "standard_version"), false);
	fputs("<tr><th>profiles</th><td>", fp);
	json_array_foreach(json_object_get(report, "profile_ids"), i, id) {
		fputs(i ? ", " : "", fp);
		E(json_string_value(id));
	}
	fputs("</td></tr>\n", fp);
	kv_row(fp, "fail on", jstr(report, "fail_on"), false);
	snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(json_object_get(
	    json_object_get(report, "summary"), "exit_status")));
	kv_row(fp, "exit status", buf, false);
	fputs("</table>\n</section>\n", fp);
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
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"%d\" "
	    "role=\"img\" aria-label=\"", 28 + 24 * n);
	E(title);
	fputs("\"><text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"600\">", fp);
	E(title);
	fputs("</text>\n", fp);
	for (i = 0; report_verdicts[i] != NULL; i++) {
		long long c = json_integer_value(json_object_get(counts, report_verdicts[i]));
		int w = (int)(c * 300 / max), y = 26 + 24 * i;

		fprintf(fp, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>"
		    "<rect x=\"110\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\" font-size=\"12\">%lld</text>\n",
		    y + 12, report_verdicts[i], y, w > 0 ? w : 1,
		    verdict_colour(report_verdicts[i]), 116 + w, y + 12, c);
	}
	fputs("</svg>\n", fp);
}

static void
summary(FILE *fp, const json_t *report)
{
	const json_t *p;
	size_t i;

	fputs("<section class=\"page\"><h2 id=\"summary\">Summary</h2>\n<div>", fp);
	svg_bars(fp, "Rules by verdict", json_object_get(json_object_get(report, "summary"), "rules"));
	json_array_foreach(json_object_get(report, "profiles"), i, p) {
		char title[256];

		snprintf(title, sizeof(title), "%s provisions", jstr(p, "standard"));
		svg_bars(fp, title, json_object_get(p, "summary"));
	}
	fputs("</div>\n", fp);
	if (json_object_get(report, "baseline") != NULL) {
		const json_t *b = json_object_get(report, "baseline");

		fprintf(fp, "<p>Against the baseline <span class=\"mono\">");
		E(jstr(b, "path"));
		fprintf(fp, "</span>: %lld new, %lld unchanged, %lld fixed findings.</p>\n",
		    (long long)json_integer_value(json_object_get(b, "new")),
		    (long long)json_integer_value(json_object_get(b, "unchanged")),
		    (long long)json_integer_value(json_object_get(b, "fixed")));
	}
	fputs("</section>\n", fp);
}

static void
id_list(FILE *fp, const json_t *arr)
{
	const json_t *x;
	size_t i;

	json_array_foreach(arr, i, x) {
		fputs(i ? ", " : "", fp);
		E(json_string_value(x));
	}
}

static void
conformance(FILE *fp, const json_t *p)
{
	const json_t *pv, *r;
	const char *clause = NULL;
	size_t i, k;

	fputs("<section class=\"page\"><h2 id=\"profile-", fp);
	E(jstr(p, "id"));
	fputs("\">Conformance: ", fp);
	E(jstr(p, "standard"));
	fputs(" V", fp);
	E(jstr(p, "version"));
	fputs("</h2>\n", fp);
	if (json_object_get(p, "note") != NULL) {
		fputs("<p class=\"note\">", fp);
		E(jstr(p, "note"));
		fputs("</p>\n", fp);
	}
	fputs("<table><thead><tr><th>Provision</th><th>Title</th><th>Status</th>"
	    "<th>Verdict</th><th>Rules</th><th>TS 103 701</th></tr></thead><tbody>\n", fp);
	json_array_foreach(json_object_get(p, "provisions"), i, pv) {
		const char *c = json_string_value(json_object_get(pv, "clause"));

		if (c != NULL && (clause == NULL || strcmp(c, clause) != 0)) {
			fputs("<tr class=\"clause\"><td colspan=\"6\">", fp);
			E(c);
			fputs("</td></tr>\n", fp);
			clause = c;
		}
		fputs("<tr><td class=\"id\">", fp);
		E(jstr(pv, "id"));
		fputs("</td><td>", fp);
		E(jstr(pv, "title"));
		fputs("<br><span class=\"muted\">", fp);
		E(jstr(pv, "reason"));
		fputs("</span></td><td class=\"id\">", fp);
		E(jstr(pv, "status"));
		fputs("</td><td>", fp);
		verdict_badge(fp, jstr(pv, "verdict"));
		fputs("</td><td>", fp);
		json_array_foreach(json_object_get(pv, "rules"), k, r) {
			fputs(k ? "<br>" : "", fp);
			rule_link(fp, jstr(r, "id"));
			fputs(" <span class=\"muted\">", fp);
			E(jstr(r, "verdict"));
			fputs("</span>", fp);
		}
		json_array_foreach(json_object_get(pv, "declarations"), k, r) {
			bool have = json_object_get(r, "value") != NULL &&
			    !json_is_null(json_object_get(r, "value"));

			fputs(k || json_array_size(json_object_get(pv, "rules")) ? "<br>" : "", fp);
			fputs("declared: ", fp);
			E(jstr(r, "key"));
			fputs(have ? "" : " <span class=\"muted\">(missing)</span>", fp);
		}
		fputs("</td><td class=\"id\">", fp);
		id_list(fp, json_object_get(pv, "ts103701"));
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table></section>\n", fp);
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
	fputs("<section class=\"page\"><h2 id=\"ics\">Implementation conformance statement "
	    "(EN 303 645 Annex B)</h2>\n<p class=\"muted\">Support and detail are pre-filled "
	    "from the verdicts, evidence, waivers and declarations; an empty Support is "
	    "for the supplier to complete. Also written by <code>--format ics</code> (CSV).</p>\n"
	    "<table><thead><tr><th>Provision</th><th>Status</th><th>Support</th>"
	    "<th>Detail</th></tr></thead><tbody>\n", fp);
	json_array_foreach(json_object_get(p, "provisions"), i, pv) {
		struct ics_row row;

		ics_row(report, idx, pv, &row);
		fputs("<tr><td class=\"id\">", fp);
		E(jstr(pv, "id"));
		fputs("</td><td class=\"id\">", fp);
		E(jstr(pv, "status"));
		fputs("</td><td class=\"id\"><b>", fp);
		E(row.support[0] ? row.support : "?");
		fputs("</b></td><td>", fp);
		E(row.detail ? row.detail : "");
		fputs("</td></tr>\n", fp);
		free(row.detail);
	}
	fputs("</tbody></table></section>\n", fp);
	json_decref(idx);
}

static void
evidence_table(FILE *fp, const json_t *report, const json_t *r)
{
	const json_t *ev;
	size_t i;

	if (json_array_size(json_object_get(r, "evidence")) == 0)
		return;
	fputs("<table><thead><tr><th>fact</th><th>value</th><th>test</th><th>result</th>"
	    "<th>source</th></tr></thead><tbody>\n", fp);
	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		const json_t *failing = json_object_get(ev, "failing");
		const char *excerpt = json_string_value(json_object_get(json_object_get(ev, "loc"),
		    "excerpt"));
		char val[512], where[512];

		report_value_text(json_object_get(ev, "value"), val, sizeof(val));
		report_where(report, ev, where, sizeof(where));
		fputs("<tr><td class=\"mono\">", fp);
		E(jstr(ev, "fact"));
		fputs("</td><td class=\"mono\">", fp);
		if (json_is_array(failing)) {
			fprintf(fp, "%lld items, %lld not matching",
			    (long long)json_integer_value(json_object_get(ev, "items")),
			    (long long)json_integer_value(json_object_get(ev, "failed")));
			for (size_t k = 0; k < json_array_size(failing) && k < 10; k++) {
				report_value_text(json_array_get(failing, k), val, sizeof(val));
				fputs("<br>not matching: ", fp);
				E(val);
			}
		} else
			E(val);
		fputs("</td><td>", fp);
		E(jstr(ev, "test"));
		fputs("</td><td>", fp);
		E(jstr(ev, "result"));
		fputs("</td><td class=\"mono\">", fp);
		E(where);
		if (excerpt != NULL) {
			fputs("<pre>", fp);
			E(excerpt);
			fputs("</pre>", fp);
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

static void
rule_section(FILE *fp, const json_t *report, const json_t *r)
{
	const char *v = jstr(r, "verdict"), *prof;
	const json_t *w = json_object_get(r, "waiver"), *ids, *x;
	size_t i;

	fputs("<div class=\"rule ", fp);
	E(v);
	fputs("\" id=\"rule-", fp);
	E(jstr(r, "id"));
	fputs("\"><h3>", fp);
	verdict_badge(fp, v);
	fputs(" ", fp);
	E(jstr(r, "id"));
	fputs(" <span class=\"sev\">", fp);
	E(jstr(r, "severity"));
	fputs("</span>", fp);
	if (json_object_get(r, "baseline") != NULL) {
		fputs(" <span class=\"sev\">baseline: ", fp);
		E(jstr(r, "baseline"));
		fputs("</span>", fp);
	}
	fputs("</h3>\n<p><b>", fp);
	E(jstr(r, "title"));
	fputs("</b><br>", fp);
	E(jstr(r, "reason"));
	fputs("</p>\n<p><b>Why it matters.</b> ", fp);
	E(jstr(r, "rationale"));
	fputs("</p>\n<p class=\"muted\">Provisions: ", fp);
	json_object_foreach((json_t *)json_object_get(r, "provisions"), prof, ids) {
		E(prof);
		fputs(" ", fp);
		id_list(fp, ids);
		fputs("; ", fp);
	}
	fputs("TS 103 701 test cases: ", fp);
	id_list(fp, json_object_get(r, "ts103701"));
	fputs("</p>\n", fp);
	evidence_table(fp, report, r);
	if (json_array_size(json_object_get(r, "missing")) > 0) {
		fputs("<p class=\"note\">Missing evidence: ", fp);
		id_list(fp, json_object_get(r, "missing"));
		fputs("</p>\n", fp);
	}
	if (!strcmp(v, "declared"))
		fputs("<p class=\"decl\">Declared by the supplier: shown as a statement, "
		    "not verified by a test.</p>\n", fp);
	if (w != NULL) {
		fputs("<p class=\"waiver\"><b>Waived</b> until ", fp);
		E(jstr(w, "expires"));
		fputs(" by ", fp);
		E(jstr(w, "approver"));
		fputs(": ", fp);
		E(jstr(w, "justification"));
		fputs("</p>\n", fp);
	}
	if (!strcmp(v, "fail") || !strcmp(v, "waived") || !strcmp(v, "not_tested")) {
		fputs("<p><b>Remediation.</b> ", fp);
		E(jstr(r, "remediation"));
		fputs("</p>\n", fp);
	}
	if (json_array_size(json_object_get(r, "references")) > 0) {
		fputs("<p class=\"muted\">References: ", fp);
		json_array_foreach(json_object_get(r, "references"), i, x) {
			fputs(i ? ", " : "", fp);
			E(json_string_value(x));
		}
		fputs("</p>\n", fp);
	}
	fputs("<p class=\"muted\">Rule defined in ", fp);
	E(jstr(r, "file"));
	fprintf(fp, ":%lld</p></div>\n", (long long)json_integer_value(json_object_get(r, "line")));
}

static void
declarations_and_waivers(FILE *fp, const json_t *report)
{
	const json_t *w, *x;
	size_t i;

	fputs("<section class=\"page\"><h2 id=\"declarations\">Supplier declarations</h2>\n"
	    "<p class=\"decl\">Statements from the declarations file. fwaudit records them "
	    "and checks their form; it does not verify them.</p>\n<table>", fp);
	facts_with_prefix(fp, report, "declared.");
	fputs("</table>\n<h2 id=\"waivers\">Waivers</h2>\n", fp);
	if (json_array_size(json_object_get(report, "waivers")) == 0)
		fputs("<p class=\"muted\">No waivers.</p>\n", fp);
	else {
		fputs("<table><thead><tr><th>rule</th><th>status</th><th>justification</th>"
		    "<th>approver</th><th>expires</th><th>source</th></tr></thead><tbody>\n", fp);
		json_array_foreach(json_object_get(report, "waivers"), i, w) {
			fputs("<tr><td class=\"id\">", fp);
			rule_link(fp, jstr(w, "rule"));
			fputs("</td><td>", fp);
			E(jstr(w, "status"));
			fputs("</td><td>", fp);
			E(jstr(w, "justification"));
			fputs("</td><td>", fp);
			E(jstr(w, "approver"));
			fputs("</td><td class=\"id\">", fp);
			E(jstr(w, "expires"));
			fputs("</td><td class=\"mono\">", fp);
			E(jstr(w, "file"));
			fprintf(fp, ":%lld</td></tr>\n", (long long)json_integer_value(json_object_get(w, "line")));
		}
		fputs("</tbody></table>\n", fp);
	}
	if (json_array_size(json_object_get(report, "warnings")) > 0) {
		fputs("<h2>Warnings</h2>\n<ul>", fp);
		json_array_foreach(json_object_get(report, "warnings"), i, x) {
			fputs("<li>", fp);
			E(json_string_value(x));
			fputs("</li>", fp);
		}
		fputs("</ul>\n", fp);
	}
	fputs("</section>\n", fp);
}

int
report_write_html(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *p, *r, *name = json_object_get(json_object_get(json_object_get(report,
	    "facts"), "declared.product.name"), "value");
	size_t i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    /* No script, no remote fetch: the report must open offline and
	     * be safe to archive. */
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; img-src data:\">\n<title>fwaudit evidence report", fp);
	if (json_is_string(name)) {
		fputs(": ", fp);
		E(json_string_value(name));
	}
	fprintf(fp, "</title>\n<style>%s</style>\n</head><body>\n", html_style);
	cover(fp, report);
	summary(fp, report);
	json_array_foreach(json_object_get(report, "profiles"), i, p)
		conformance(fp, p);
	ics_section(fp, report);
	fputs("<section class=\"page\"><h2 id=\"rules\">Rules and evidence</h2>\n", fp);
	json_array_foreach(json_object_get(report, "rules"), i, r)
		rule_section(fp, report, r);
	fputs("</section>\n", fp);
	declarations_and_waivers(fp, report);
	fputs("</body></html>\n", fp);
	return ferror(fp) ? -1 : 0;
}
