/* The HTML report's tables: conformance per standard, the inventory (inputs,
 * firmware images, device identity), the Annex B ICS, declarations and
 * waivers. */
#include <stdlib.h>
#include <string.h>

#include "reports/html.h"
#include "reports/inventory.h"

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

/* How far a provision's evidence got. A not_tested one: its rule counts
 * and what it needs ("0 pass, 0 fail; needs: console probe, network
 * scan"), then the roll-up's reason when it says more than the counts;
 * any other: the roll-up's reason. */
static void
provision_progress(FILE *fp, const json_t *pv)
{
	const json_t *c = json_object_get(pv, "counts"), *needs = json_object_get(pv, "needs");
	const char *reason = jstr(pv, "reason");

	if (strcmp(jstr(pv, "verdict"), "not_tested") != 0 || json_array_size(needs) == 0) {
		H("%s", reason);
		return;
	}
	fprintf(fp, "%lld pass, %lld fail; <b>needs: ",
	    (long long)json_integer_value(json_object_get(c, "pass")),
	    (long long)json_integer_value(json_object_get(c, "fail")));
	html_needs(fp, needs);
	H("</b>");
	/* "evidence incomplete: N not tested (...), M pass" is the counts
	 * again; any other reason names what is lacking. */
	if (strncmp(reason, "evidence incomplete: ", 21) != 0 || reason[21] < '0' ||
	    reason[21] > '9')
		H(" (%s)", reason);
}

/* One table per profile, in the standard's order, grouped by clause. For
 * EN 303 645 the Annex B support (Y, N, N/A, ? for the supplier) is a
 * column; the full statement is --format ics. */
void
html_conformance_section(FILE *fp, const json_t *report, const json_t *p, bool new_page)
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
	H(new_page ? "<section class=\"page\">" : "<section>");
	H("<h2 id=\"profile-%s\">Conformance: %s V%s</h2>\n", jstr(p, "id"),
	    jstr(p, "standard"), jstr(p, "version"));
	if (json_object_get(p, "note") != NULL)
		H("<p class=\"note small\">%s</p>\n", jstr(p, "note"));
	if (idx != NULL)
		H("<p class=\"muted small\">Support: the Annex B implementation conformance "
		    "statement, pre-filled from the verdicts, evidence, waivers and declarations "
		    "(? is for the supplier to complete); <code>--format ics</code> writes it "
		    "with its detail (CSV), <code>--format ixit</code> the TS 103 701 test "
		    "cases of each provision.</p>\n");
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
		H("<tr><td class=\"id\">%s</td><td>%s<br><span class=\"muted small\">",
		    jstr(pv, "id"), jstr(pv, "title"));
		provision_progress(fp, pv);
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

	H("<section><h2 id=\"declarations\">Supplier declarations</h2>\n"
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

static void
signature_rows(FILE *fp, const struct inv_image *im)
{
	for (size_t k = 0; k < im->nsignatures; k++) {
		const struct inv_signature *sg = &im->signatures[k];

		fprintf(fp, "<tr class=\"sub\"><td></td><td colspan=\"6\">signature block %lld: ",
		    sg->index);
		H("%s, %s; key digest <span class=\"mono hash\">%s</span>; %s</td></tr>\n",
		    sg->scheme[0] ? sg->scheme : "scheme unknown",
		    sg->valid ? "verifies" : "does not verify",
		    sg->key_digest[0] ? sg->key_digest : "(not read)", sg->status);
	}
}

/* The inventory view (reports/inventory.h): per input its kind, chip and
 * SHA-256; per image its label, offset, app, ESP-IDF and secure versions
 * and signature blocks against the eFuse slots; Wi-Fi SSIDs masked; then
 * what each source says the device is. */
void
html_inventory_section(FILE *fp, const json_t *report)
{
	const json_t *facts = json_object_get(report, "facts");
	struct inventory inv;
	size_t i;

	if (inventory_build(report, &inv) != 0)
		return;
	H("<section><h2 id=\"inventory\">Inventory</h2>\n<h3>Inputs</h3>\n"
	    "<table class=\"inv\"><thead><tr><th>#</th><th>kind</th><th>input</th>"
	    "<th>chip</th><th>size</th><th>SHA-256</th></tr></thead><tbody>\n");
	for (i = 0; i < inv.ninputs; i++) {
		const struct inv_input *in = &inv.inputs[i];
		char size[32] = "live";

		if (in->size >= 0)
			snprintf(size, sizeof(size), "%lld", in->size);
		fprintf(fp, "<tr><td class=\"num\">%zu</td>", in->index);
		H("<td>%s</td><td class=\"mono\">%s</td><td>%s</td><td class=\"num\">%s</td>"
		    "<td class=\"mono hash\">%s</td></tr>\n", in->kind, in->name, in->chip, size,
		    in->sha256);
	}
	H("</tbody></table>\n");
	if (inv.nimages > 0) {
		H("<h3>Firmware images</h3>\n<table class=\"images\"><thead><tr><th>image</th>"
		    "<th>offset</th><th>project</th><th>version</th><th>ESP-IDF</th>"
		    "<th>secure version</th><th>hash</th></tr></thead><tbody>\n");
		for (i = 0; i < inv.nimages; i++) {
			const struct inv_image *im = &inv.images[i];
			char sv[32] = "";

			if (im->secure_version >= 0)
				snprintf(sv, sizeof(sv), "%lld", im->secure_version);
			H("<tr><td>%s <span class=\"muted\">%s</span></td>", im->label,
			    strcmp(im->label, im->role) != 0 ? im->role : "");
			fprintf(fp, "<td class=\"num\">0x%llx</td>", im->offset);
			H("<td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%s</td><td>%s</td>"
			    "</tr>\n", im->project, im->version, im->idf_version, sv,
			    im->hash_valid ? "valid" : !im->parsed ? "not parsed" :
			    im->hash[0] == '\0' ? "none" : "does not match");
			signature_rows(fp, im);
		}
		H("</tbody></table>\n");
	}
	if (inv.nssids > 0) {
		H("<h3>Wi-Fi networks stored (masked)</h3>\n<p>");
		for (i = 0; i < inv.nssids; i++)
			H("%s<span class=\"mono\">%s</span> %s", i ? "; " : "", inv.ssids[i].name,
			    inv.ssids[i].masked);
		H("</p>\n");
	}
	H("<h3>Device identity</h3>\n<table>");
	for (i = 0; i < sizeof(identity) / sizeof(identity[0]); i++)
		if (json_object_get(facts, identity[i][1]) != NULL)
			fact_row(fp, report, identity[i][0], json_object_get(facts, identity[i][1]));
	H("</table>\n</section>\n");
	inventory_free(&inv);
}
