/* The HTML report's tables: conformance per standard, the inventory (inputs,
 * firmware images, device identity), the Annex B ICS, declarations and
 * waivers. */
#include <stdlib.h>
#include <string.h>

#include "reports/html.h"

/* A fact record's value and its source, as one table row. */
static void
fact_row(FILE *fp, const json_t *report, const char *label, const json_t *rec)
{
	char where[512];

	report_where(report, rec, where, sizeof(where));
	H("<tr><th>%s</th><td>", label);
	html_value_words(fp, json_object_get(rec, "value"));
	H(" <span class=\"muted\">(%s)</span></td></tr>\n", where);
}

int
html_facts_with_prefix(FILE *fp, const json_t *report, const char *prefix)
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

/* The rules and declarations behind a provision, inline: a row stays a
 * few lines however many rules map to it. */
static void
provision_sources(FILE *fp, const json_t *pv)
{
	const json_t *r;
	size_t k;
	int n = 0;

	/* Separators are markup, so they go in the format, never an argument. */
	json_array_foreach(json_object_get(pv, "rules"), k, r) {
		H(n++ ? ", " : "");
		H("<a href=\"#rule-%s\">%s</a> <span class=\"vw vw-%s\">%s</span>",
		    jstr(r, "id"), jstr(r, "id"), jstr(r, "verdict"), jstr(r, "verdict"));
	}
	json_array_foreach(json_object_get(pv, "declarations"), k, r) {
		const json_t *v = json_object_get(r, "value");

		H(n++ ? ", " : "");
		H("declared: %s%s", jstr(r, "key"),
		    v == NULL || json_is_null(v) ? " (missing)" : "");
	}
}

/* One table per profile, in the standard's order, grouped by clause. For
 * EN 303 645 the Annex B support (Y, N, N/A, ? for the supplier) is a
 * column; the full statement is --format ics. */
void
html_conformance_section(FILE *fp, const json_t *report, const json_t *p)
{
	const json_t *pv;
	const char *clause = NULL;
	json_t *idx = NULL;
	size_t i;
	int ncol = 5;

	if (!strcmp(jstr(p, "id"), "etsi-en-303-645")) {
		idx = report_rule_index(report);
		ncol = 6;
	}
	H("<section class=\"page\"><h2 id=\"profile-%s\">Conformance: %s V%s</h2>\n",
	    jstr(p, "id"), jstr(p, "standard"), jstr(p, "version"));
	if (json_object_get(p, "note") != NULL)
		H("<p class=\"note small\">%s</p>\n", jstr(p, "note"));
	if (idx != NULL)
		H("<p class=\"muted small\">Support: the Annex B implementation conformance "
		    "statement, pre-filled from the verdicts, evidence, waivers and declarations "
		    "(? is for the supplier to complete); <code>--format ics</code> writes it "
		    "with its detail (CSV).</p>\n");
	H(idx != NULL ? "<table class=\"conf b1\">" : "<table class=\"conf\">");
	H("<thead><tr><th>Provision</th><th>Title</th><th>Status</th><th>Verdict</th>");
	H(idx != NULL ? "<th>Support</th>" : "");
	H("<th>Evidence from</th></tr></thead><tbody>\n");
	json_array_foreach(json_object_get(p, "provisions"), i, pv) {
		const char *c = json_string_value(json_object_get(pv, "clause"));

		if (c != NULL && (clause == NULL || strcmp(c, clause) != 0)) {
			fprintf(fp, "<tr class=\"clause\"><td colspan=\"%d\">", ncol);
			H("%s</td></tr>\n", c);
			clause = c;
		}
		H("<tr><td class=\"id\">%s</td><td>%s<br><span class=\"muted small\">%s",
		    jstr(pv, "id"), jstr(pv, "title"), jstr(pv, "reason"));
		if (json_array_size(json_object_get(pv, "ts103701")) > 0) {
			H("; TS 103 701: ");
			html_id_list(fp, json_object_get(pv, "ts103701"));
		}
		H("</span></td><td class=\"id\">%s</td><td>", jstr(pv, "status"));
		html_badge(fp, jstr(pv, "verdict"));
		if (idx != NULL) {
			struct ics_row row;

			ics_row(report, idx, pv, &row);
			H("</td><td class=\"id\"><b>%s</b>", row.support[0] ? row.support : "?");
			free(row.detail);
		}
		H("</td><td class=\"small\">");
		provision_sources(fp, pv);
		H("</td></tr>\n");
	}
	H("</tbody></table></section>\n");
	json_decref(idx);
}

void
html_declarations_section(FILE *fp, const json_t *report)
{
	const json_t *w;
	size_t i;

	H("<section class=\"page\"><h2 id=\"declarations\">Supplier declarations</h2>\n"
	    "<p class=\"decl\">Statements from the declarations file. fwaudit records them "
	    "and checks their form; it does not verify them.</p>\n<table>");
	if (html_facts_with_prefix(fp, report, "declared.") == 0)
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

/* Per input its kind, name as given, size and SHA-256; the firmware images;
 * what each source says the device is. */
void
html_inventory_section(FILE *fp, const json_t *report)
{
	const json_t *facts = json_object_get(report, "facts"), *in;
	size_t i;

	H("<section class=\"page\"><h2 id=\"inventory\">Inventory</h2>\n<h3>Inputs</h3>\n"
	    "<table class=\"inputs\"><thead><tr><th>#</th><th>kind</th><th>input</th>"
	    "<th>size</th><th>SHA-256</th></tr></thead><tbody>\n");
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
	H("</table>\n</section>\n");
}
