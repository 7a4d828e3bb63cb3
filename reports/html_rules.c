/* The HTML report's rules: a card for every finding (fail, waived), one
 * table row for every other rule, and the untested with what they lack.
 * Evidence reads in words; no value is printed as JSON or cut without a
 * count and where the rest is. */
#include <stdlib.h>
#include <string.h>

#include "reports/findings.h"
#include "reports/html.h"

/* Lists in a human report name this many members, then count the rest. */
#define WORDS_LIST_MAX 8

void
html_badge(FILE *fp, const char *v)
{
	H("<span class=\"v v-%s\">%s</span>", v, v);
}

void
html_id_list(FILE *fp, const json_t *arr)
{
	const json_t *x;
	size_t i;

	json_array_foreach(arr, i, x)
		H("%s%s", i ? ", " : "", json_string_value(x));
}

void
html_rule_source(FILE *fp, const json_t *r)
{
	H("%s", jstr(r, "file"));
	fprintf(fp, ":%lld", (long long)json_integer_value(json_object_get(r, "line")));
}

/* The member an object is known by (the names core/predicate.c uses for
 * items), or NULL. */
static const char *
object_name(const json_t *o)
{
	static const char *const names[] = { "label", "name", "id", "block", "slot",
	    "port", "field", "path", NULL };

	for (int i = 0; names[i] != NULL; i++)
		if (json_is_string(json_object_get(o, names[i])))
			return json_string_value(json_object_get(o, names[i]));
	return NULL;
}

static void
scalar_words(FILE *fp, const char *key, const json_t *v)
{
	char buf[64];

	if (json_is_string(v))
		H("%s", json_string_value(v));
	else if (json_is_integer(v) && key != NULL && (!strcmp(key, "offset") ||
	    !strcmp(key, "address")))
		fprintf(fp, "0x%llx", (long long)json_integer_value(v));
	else if (json_is_null(v))
		H("(missing)");
	else {
		report_value_text(v, buf, sizeof(buf));
		H("%s", buf);
	}
}

static void
rest_words(FILE *fp, size_t rest)
{
	if (rest > 0)
		fprintf(fp, ", +%zu more (see the JSON report)", rest);
}

/* An object: its name, then its scalar members; lists and objects inside it
 * by their size only. */
static void
object_words(FILE *fp, const json_t *o)
{
	const char *name = object_name(o), *key;
	const json_t *m;
	size_t shown = 0, rest = 0;

	if (name != NULL)
		H("%s (", name);
	json_object_foreach((json_t *)o, key, m) {
		if (name != NULL && json_is_string(m) && json_string_value(m) == name)
			continue;
		if (shown == WORDS_LIST_MAX) {
			rest++;
			continue;
		}
		H("%s%s ", shown++ ? ", " : "", key);
		if (json_is_array(m))
			fprintf(fp, "%zu entr%s", json_array_size(m),
			    json_array_size(m) == 1 ? "y" : "ies");
		else if (json_is_object(m))
			H("{...}");
		else
			scalar_words(fp, key, m);
	}
	rest_words(fp, rest);
	if (name != NULL)
		H(")");
}

void
html_value_words(FILE *fp, const json_t *v)
{
	const json_t *x;
	size_t i, n;

	if (json_is_object(v)) {
		object_words(fp, v);
		return;
	}
	if (!json_is_array(v)) {
		scalar_words(fp, NULL, v);
		return;
	}
	if ((n = json_array_size(v)) == 0) {
		H("none (an empty list)");
		return;
	}
	/* A list of objects: how many, then each by its name (all of them
	 * when one, since then the object is the evidence). */
	if (json_is_object(json_array_get(v, 0)))
		fprintf(fp, "%zu entr%s: ", n, n == 1 ? "y" : "ies");
	json_array_foreach(v, i, x) {
		if (i == WORDS_LIST_MAX)
			break;
		H(i ? "; " : "");
		if (json_is_object(x) && n > 1 && object_name(x) != NULL)
			H("%s", object_name(x));
		else if (json_is_object(x))
			object_words(fp, x);
		else if (json_is_array(x))
			fprintf(fp, "a list of %zu", json_array_size(x));
		else
			scalar_words(fp, NULL, x);
	}
	rest_words(fp, n > WORDS_LIST_MAX ? n - WORDS_LIST_MAX : 0);
}

/* The fact name in its own style, then the rest of the words about it. */
static void
fact_words(FILE *fp, const char *fact, const char *words)
{
	size_t n = strlen(fact);

	if (strncmp(words, fact, n) == 0) {
		H("<span class=\"fact\">%s</span>%s", fact, words + n);
		return;
	}
	H("%s", words);
}

void
html_evidence_line(FILE *fp, const json_t *report, const json_t *ev)
{
	const json_t *failing = json_object_get(ev, "failing"), *item;
	const json_t *v = json_object_get(ev, "value");
	const char *excerpt = json_string_value(json_object_get(json_object_get(ev, "loc"),
	    "excerpt"));
	char where[512], buf[4096];
	size_t k;

	report_where(report, ev, where, sizeof(where));
	H("<li>");
	/* The words of reports/findings.c, shared with the text report; a
	 * string value is printed whole, however long (they shorten it). */
	if (!json_is_array(failing) && json_is_string(v)) {
		report_ev_test(ev, buf, sizeof(buf));
		H("<span class=\"fact\">%s</span> = <span class=\"val\">%s</span> "
		    "(required: %s)", jstr(ev, "fact"), json_string_value(v), buf);
	} else {
		report_ev_words(ev, buf, sizeof(buf));
		fact_words(fp, jstr(ev, "fact"), buf);
	}
	if (strcmp(where, "-") != 0)
		H(" <span class=\"src\">%s</span>", where);
	if (json_array_size(failing) > 0 || report_items_rest(ev, 0, buf, sizeof(buf))) {
		H("<ul>");
		json_array_foreach(failing, k, item) {
			report_item_text(ev, item, buf, sizeof(buf));
			H("<li>%s: %s</li>", report_item_label(ev), buf);
		}
		if (report_items_rest(ev, json_array_size(failing), buf, sizeof(buf)))
			H("<li>%s</li>", buf);
		H("</ul>");
	}
	if (excerpt != NULL)
		H("<pre>%s</pre>", excerpt);
	H("</li>\n");
}

const json_t *
html_decisive_evidence(const json_t *r)
{
	const json_t *ev = finding_decisive(r);

	return ev != NULL ? ev : json_array_get(json_object_get(r, "evidence"), 0);
}

static void
provisions_of(FILE *fp, const json_t *r)
{
	const char *prof;
	const json_t *ids;

	json_object_foreach((json_t *)json_object_get(r, "provisions"), prof, ids) {
		H("%s ", prof);
		html_id_list(fp, ids);
		H("; ");
	}
}

/* A rule's card; anchor: it carries the rule's id (with --verbose the
 * untested rules have both a row and a card: the row keeps the id). */
static void
finding_card(FILE *fp, const json_t *report, const json_t *r, bool anchor)
{
	const char *v = jstr(r, "verdict");
	const json_t *w = json_object_get(r, "waiver"), *ev;
	size_t i;

	if (anchor && strcmp(v, "not_tested") != 0)
		H("<div class=\"rule %s\" id=\"rule-%s\"><h3>", v, jstr(r, "id"));
	else
		H("<div class=\"rule %s\"><h3>", v);
	html_badge(fp, v);
	H(" <span class=\"sev sev-%s\">%s</span> %s <span class=\"rid\">%s</span>",
	    jstr(r, "severity"), jstr(r, "severity"), jstr(r, "title"), jstr(r, "id"));
	if (json_object_get(r, "baseline") != NULL)
		H(" <span class=\"sev\">%s since the baseline</span>", jstr(r, "baseline"));
	H("</h3>\n<ul class=\"ev\">");
	json_array_foreach(json_object_get(r, "evidence"), i, ev)
		html_evidence_line(fp, report, ev);
	H("</ul>\n");
	if (w != NULL)
		H("<p class=\"waiver\"><b>Waived</b> until %s by %s: %s</p>\n",
		    jstr(w, "expires"), jstr(w, "approver"), jstr(w, "justification"));
	if (json_array_size(json_object_get(r, "missing")) > 0)
		H("<p class=\"note small\">%s</p>\n", jstr(r, "reason"));
	if (strcmp(v, "pass") && strcmp(v, "declared") && strcmp(v, "not_applicable"))
		H("<p><b>Fix.</b> %s</p>\n", jstr(r, "remediation"));
	H("<p class=\"muted\"><b>Why.</b> %s</p>\n<p class=\"muted small\">",
	    jstr(r, "rationale"));
	provisions_of(fp, r);
	H("TS 103 701: ");
	html_id_list(fp, json_object_get(r, "ts103701"));
	H("; rule ");
	html_rule_source(fp, r);
	H("</p></div>\n");
}

void
html_findings_section(FILE *fp, const json_t *report, const json_t **findings, size_t n)
{
	size_t i;

	H("<section><h2 id=\"findings\">Findings</h2>\n");
	if (n == 0)
		H("<p>No rule fails.</p>\n");
	else
		H("<p class=\"muted\">Failing rules, most severe first, then the waived. Each "
		    "with the evidence in words and where it is (input and offset, line or "
		    "field), the fix, and the provisions it bears on.</p>\n");
	for (i = 0; i < n; i++)
		finding_card(fp, report, findings[i], true);
	H("</section>\n");
}

/* Why a rule is not_tested: the engine's reason ("not tested: missing
 * evidence (a, b)", and why when the facts say), else its missing facts. */
static void
missing_why(FILE *fp, const json_t *r)
{
	const json_t *x;
	size_t i;

	if (jstr(r, "reason")[0] != '\0') {
		H("%s", jstr(r, "reason"));
		return;
	}
	json_array_foreach(json_object_get(r, "missing"), i, x)
		H("%s<span class=\"fact\">%s</span>", i ? ", " : "", json_string_value(x));
}

/* A need ID (docs/report-schema.md, "need IDs") as a reader names it. */
static const char *
need_words(const char *id)
{
	static const char *const words[][2] = {
		{ "sdkconfig", "sdkconfig" }, { "efuse", "eFuse summary" },
		{ "flash", "flash dump" }, { "nvs", "NVS partition" },
		{ "serial", "serial ROM probe" }, { "console", "console probe" },
		{ "network", "network scan" }, { "logins", "login attempts" },
		{ "compare", "a second unit" }, { "declarations", "declarations" },
		{ "ciphertext", "plaintext images" }, { "other", "lab assessment" },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(id, words[i][0]))
			return words[i][1];
	return id;
}

void
html_needs(FILE *fp, const json_t *needs)
{
	const json_t *x;
	size_t i;

	json_array_foreach(needs, i, x)
		H("%s%s", i ? ", " : "", need_words(json_string_value(x) ? json_string_value(x) :
		    ""));
}

/* The report's to_complete: per kind of missing evidence, what is missing,
 * how to give it, the rules and provisions it would decide. */
static void
to_complete_table(FILE *fp, const json_t *report)
{
	const json_t *tc = json_object_get(report, "to_complete"), *e, *ids;
	const char *prof;
	size_t i;

	if (json_array_size(tc) == 0)
		return;
	H("<table class=\"complete\"><thead><tr><th>Missing</th><th>To complete</th>"
	    "<th>Would decide</th></tr></thead><tbody>\n");
	json_array_foreach(tc, i, e) {
		size_t nr = json_array_size(json_object_get(e, "rules"));

		H("<tr><td><b>%s</b></td><td>%s</td><td>", jstr(e, "what"), jstr(e, "how"));
		if (nr > 0) {
			fprintf(fp, "%zu rule%s: <span class=\"rid\">", nr, nr == 1 ? "" : "s");
			html_id_list(fp, json_object_get(e, "rules"));
			H("</span>");
		}
		json_object_foreach((json_t *)json_object_get(e, "provisions"), prof, ids) {
			if (json_array_size(ids) == 0)
				continue;
			H(nr > 0 ? "<br>" : "");
			fprintf(fp, "%zu ", json_array_size(ids));
			H("%s provision%s: ", prof, json_array_size(ids) == 1 ? "" : "s");
			html_id_list(fp, ids);
			nr = 1;
		}
		H("</td></tr>\n");
	}
	H("</tbody></table>\n");
}

void
html_untested_section(FILE *fp, const json_t *report)
{
	const json_t *r;
	size_t i, n = 0;

	json_array_foreach(json_object_get(report, "rules"), i, r)
		n += !strcmp(jstr(r, "verdict"), "not_tested");
	H("<section><h2 id=\"untested\">Not tested: what would complete the evidence</h2>\n");
	if (n == 0 && json_array_size(json_object_get(report, "to_complete")) == 0) {
		H("<p>Every rule and provision had the evidence it needs.</p></section>\n");
		return;
	}
	fprintf(fp, "<p class=\"muted\">%zu rules, and the provisions below, could not be "
	    "judged: the evidence they need was not given. Missing evidence is never a "
	    "pass.</p>\n", n);
	to_complete_table(fp, report);
	if (n == 0) {
		H("</section>\n");
		return;
	}
	H("<table class=\"rules\"><thead><tr><th>Rule</th><th>Needs</th><th>Why</th>"
	    "</tr></thead><tbody>\n");
	json_array_foreach(json_object_get(report, "rules"), i, r) {
		if (strcmp(jstr(r, "verdict"), "not_tested") != 0)
			continue;
		H("<tr id=\"rule-%s\"><td>%s <span class=\"sev sev-%s\">%s</span><br>"
		    "<span class=\"rid\">%s</span></td><td>", jstr(r, "id"), jstr(r, "title"),
		    jstr(r, "severity"), jstr(r, "severity"), jstr(r, "id"));
		html_needs(fp, json_object_get(r, "needs"));
		H("</td><td class=\"small\">");
		missing_why(fp, r);
		H("</td></tr>\n");
	}
	H("</tbody></table></section>\n");
}

void
html_other_rules_section(FILE *fp, const json_t *report, bool cards)
{
	const json_t *r, *ev;
	size_t i;

	if (cards) {
		H("<section><h2 id=\"rules\">Other rules: pass, declared, not applicable, not "
		    "tested</h2>\n");
		json_array_foreach(json_object_get(report, "rules"), i, r)
			if (strcmp(jstr(r, "verdict"), "fail") && strcmp(jstr(r, "verdict"), "waived"))
				finding_card(fp, report, r, true);
		H("</section>\n");
		return;
	}

	H("<section><h2 id=\"rules\">Other rules: pass, declared, not applicable</h2>\n"
	    "<table class=\"rules\"><thead><tr><th>Rule</th><th>Verdict</th><th>Evidence</th>"
	    "</tr></thead><tbody>\n");
	json_array_foreach(json_object_get(report, "rules"), i, r) {
		const char *v = jstr(r, "verdict");

		if (!strcmp(v, "fail") || !strcmp(v, "waived") || !strcmp(v, "not_tested"))
			continue;
		H("<tr id=\"rule-%s\"><td>%s<br><span class=\"rid\">%s</span> <span "
		    "class=\"muted small\">", jstr(r, "id"), jstr(r, "title"), jstr(r, "id"));
		html_rule_source(fp, r);
		H("</span></td><td>");
		html_badge(fp, v);
		H("</td><td>");
		if (!strcmp(v, "declared"))
			H("declared by the supplier (a statement, not a test). ");
		else if (!strcmp(v, "not_applicable"))
			H("does not apply: ");
		if ((ev = html_decisive_evidence(r)) != NULL) {
			H("<ul class=\"ev\">");
			html_evidence_line(fp, report, ev);
			H("</ul>");
		}
		H("</td></tr>\n");
	}
	H("</tbody></table></section>\n");
}
