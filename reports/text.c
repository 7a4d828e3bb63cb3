/* The text report a person reads on a terminal (docs/reports.md, "text"):
 * the verdict, one line per profile, the findings worst first with their
 * decisive evidence in words and the fix, what would complete the
 * evidence, the inventory, the provisions. --verbose adds every rule with
 * all its evidence; --quiet keeps the failures and the summary. */
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"

#include "core/needs.h"
#include "reports/findings.h"
#include "reports/inventory.h"

/* Failing items named on a finding's evidence line; the rest are counted. */
#define TEXT_ITEMS 3
/* IDs per wrapped list before "+N more". */
#define TEXT_LIST_MAX 40
#define TEXT_WIDTH 100

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

/* "label: a, b, c" wrapped under indent, at most TEXT_LIST_MAX IDs. */
static void
print_list(FILE *fp, const char *indent, const char *label, const json_t *ids)
{
	size_t col, i, n = json_array_size(ids);
	const json_t *id;

	col = (size_t)fprintf(fp, "%s%s", indent, label);
	json_array_foreach(ids, i, id) {
		const char *s = json_string_value(id);

		if (i == TEXT_LIST_MAX) {
			fprintf(fp, ", +%zu more (see the JSON report)", n - i);
			break;
		}
		if (i > 0 && col + strlen(s) + 2 > TEXT_WIDTH) {
			fprintf(fp, ",\n%s  ", indent);
			col = strlen(indent) + 2;
		} else if (i > 0) {
			col += (size_t)fprintf(fp, ", ");
		}
		col += (size_t)fprintf(fp, "%s", s);
	}
	fputc('\n', fp);
}

static void
print_counts(FILE *fp, const json_t *counts)
{
	int first = 1;

	for (int i = 0; report_verdicts[i] != NULL; i++) {
		long long n = jint(counts, report_verdicts[i]);

		if (n == 0)
			continue;
		fprintf(fp, "%s%lld %s", first ? "" : ", ", n, report_verdicts[i]);
		first = 0;
	}
	if (first)
		fputs("nothing judged", fp);
}

static void
print_verdict(FILE *fp, const json_t *report, const struct report_opts *o)
{
	const json_t *rules = json_object_get(json_object_get(report, "summary"), "rules");
	long long fail = jint(rules, "fail"), waived = jint(rules, "waived");
	long long untested = jint(rules, "not_tested");
	long long status = jint(json_object_get(report, "summary"), "exit_status");

	fprintf(fp, "verdict: %s%s%s", colour(o, status ? "fail" : fail ? "not_tested" : "pass"),
	    status ? "FAIL" : fail ? "findings below the threshold" : "no failing rule", reset(o));
	if (fail > 0)
		fprintf(fp, ": %lld rule%s fail (%lld at or above '%s')", fail, fail == 1 ? "" : "s",
		    jint(json_object_get(report, "summary"), "failing_at_or_above_threshold"),
		    jstr(report, "fail_on"));
	if (waived > 0)
		fprintf(fp, ", %lld waived", waived);
	if (untested > 0)
		fprintf(fp, "; %lld not tested: the evidence is incomplete%s", untested,
		    o->quiet ? "" : " (see \"to complete the evidence\")");
	else if (fail == 0)
		fputs("; every rule was judged", fp);
	fputc('\n', fp);
}

static void
print_profile_lines(FILE *fp, const json_t *report)
{
	const json_t *p;
	size_t i;

	json_array_foreach(json_object_get(report, "profiles"), i, p) {
		fprintf(fp, "%s V%s: ", jstr(p, "standard"), jstr(p, "version"));
		print_counts(fp, json_object_get(p, "summary"));
		fprintf(fp, " (of %zu provisions)\n", json_array_size(json_object_get(p, "provisions")));
	}
}

/* "[5.1-1, 5.3-2]" or, with several profiles, "[pswg: ...; etsi: ...]". */
static void
print_rule_provisions(FILE *fp, const json_t *report, const json_t *r)
{
	const json_t *profiles = json_object_get(report, "profiles"), *p;
	bool several = json_array_size(profiles) > 1, any = false;
	char buf[512];
	size_t i;

	json_array_foreach(profiles, i, p) {
		report_rule_provisions(p, r, buf, sizeof(buf));
		if (buf[0] == '\0')
			continue;
		fprintf(fp, "%s%s%s%s", any ? "; " : "  [", several ? jstr(p, "id") : "",
		    several ? ": " : "", buf);
		any = true;
	}
	if (any)
		fputc(']', fp);
}

/* The decisive record in words, its failing items, where. */
static void
print_finding_evidence(FILE *fp, const json_t *report, const json_t *r)
{
	const json_t *ev = finding_decisive(r), *failing, *item;
	char words[512], where[512], buf[512];
	size_t k, nev = 0;
	const json_t *e;

	json_array_foreach(json_object_get(r, "evidence"), k, e)
		nev += !strcmp(report_ev_result(e), "false");
	if (ev == NULL) {
		fprintf(fp, "           evidence: %s\n", jstr(r, "reason"));
		return;
	}
	report_ev_words(ev, words, sizeof(words));
	report_where(report, ev, where, sizeof(where));
	fprintf(fp, "           evidence: %s", words);
	failing = json_object_get(ev, "failing");
	json_array_foreach(failing, k, item) {
		if (k == TEXT_ITEMS)
			break;
		report_item_text(ev, item, buf, sizeof(buf));
		fprintf(fp, "%s%s", k ? "; " : ": ", buf);
	}
	if (json_is_array(failing)) {
		long long rest = jint(ev, "failed") - (long long)k;

		if (rest > 0)
			fprintf(fp, "; +%lld more (see the JSON report)", rest);
	}
	fprintf(fp, " [%s]", where);
	if (nev > 1)
		fprintf(fp, " (+%zu more record%s)", nev - 1, nev == 2 ? "" : "s");
	fputc('\n', fp);
}

static void
print_finding(FILE *fp, const json_t *report, const json_t *r, const struct report_opts *o)
{
	const char *verdict = jstr(r, "verdict"), *mark = jstr(r, "baseline");
	const json_t *w = json_object_get(r, "waiver");

	fprintf(fp, "  %s%-8s%s %s  %s%s", colour(o, verdict), jstr(r, "severity"), reset(o),
	    jstr(r, "id"), !strcmp(verdict, "waived") ? "waived, not met: " : "not met: ",
	    jstr(r, "title"));
	print_rule_provisions(fp, report, r);
	if (mark[0] != '\0')
		fprintf(fp, "  (%s)", mark);
	fputc('\n', fp);
	print_finding_evidence(fp, report, r);
	if (w != NULL)
		fprintf(fp, "           waived until %s by %s: %s\n", jstr(w, "expires"),
		    jstr(w, "approver"), jstr(w, "justification"));
	else
		fprintf(fp, "           fix: %s\n", jstr(r, "remediation"));
}

static void
print_findings(FILE *fp, const json_t *report, const struct report_opts *o)
{
	size_t n = 0, nfail = 0;
	const json_t **f = findings_list(report, &n);
	const json_t *base = json_object_get(report, "baseline");

	for (size_t i = 0; i < n; i++)
		nfail += !strcmp(jstr(f[i], "verdict"), "fail");
	fprintf(fp, "\nfindings: %zu failing, %zu waived", nfail, n - nfail);
	if (base != NULL)
		fprintf(fp, "; against the baseline %s: %lld new, %lld unchanged, %lld fixed",
		    jstr(base, "path"), jint(base, "new"), jint(base, "unchanged"), jint(base, "fixed"));
	fputc('\n', fp);
	for (size_t i = 0; i < n; i++)
		if (!o->quiet || !strcmp(jstr(f[i], "verdict"), "fail"))
			print_finding(fp, report, f[i], o);
	if (base != NULL && json_array_size(json_object_get(base, "fixed_rules")) > 0)
		print_list(fp, "  ", "fixed since the baseline: ", json_object_get(base, "fixed_rules"));
	free(f);
}

static void
print_to_complete(FILE *fp, const json_t *report)
{
	const json_t *tc = json_object_get(report, "to_complete"), *e, *ids, *p;
	long long untested = jint(json_object_get(json_object_get(report, "summary"), "rules"),
	    "not_tested");
	size_t i, k;

	if (json_array_size(tc) == 0)
		return;
	fprintf(fp, "\nto complete the evidence: %lld rule%s not tested\n", untested,
	    untested == 1 ? "" : "s");
	json_array_foreach(tc, i, e) {

		ids = json_object_get(e, "rules");
		if (json_array_size(ids) > 0) {
			fprintf(fp, "  %s: %zu rule%s; %s\n", jstr(e, "what"), json_array_size(ids),
			    json_array_size(ids) == 1 ? "" : "s", jstr(e, "how"));
			/* unanswered declarations are named per provision even then */
			if (strcmp(jstr(e, "id"), "declarations") != 0)
				continue;
		}
		/* Nothing a rule reads: the provisions that wait for it. */
		json_array_foreach(json_object_get(report, "profiles"), k, p) {
			ids = json_object_get(json_object_get(e, "provisions"), jstr(p, "id"));
			if (json_array_size(ids) == 0)
				continue;
			fprintf(fp, "  %s: %zu provision%s of %s; %s\n", jstr(e, "what"),
			    json_array_size(ids), json_array_size(ids) == 1 ? "" : "s", jstr(p, "id"),
			    jstr(e, "how"));
			print_list(fp, "    ", "", ids);
		}
	}
}

static void
print_inventory(FILE *fp, const json_t *report)
{
	struct inventory inv;

	if (inventory_build(report, &inv) != 0)
		return;
	fputs("\ninventory\n", fp);
	for (size_t i = 0; i < inv.ninputs; i++) {
		const struct inv_input *in = &inv.inputs[i];

		fprintf(fp, "  [%zu] %-13s %s", in->index, in->kind, in->name);
		if (in->chip[0] != '\0')
			fprintf(fp, "  %s", in->chip);
		if (in->size >= 0)
			fprintf(fp, "  %lld bytes  sha256 %s", in->size, in->sha256);
		else
			fputs("  (live)", fp);
		fputc('\n', fp);
		for (size_t k = 0; k < inv.nimages; k++) {
			const struct inv_image *im = &inv.images[k];

			if (im->input != in->index)
				continue;
			fprintf(fp, "      %s @0x%llx:", im->label, im->offset);
			if (!im->parsed)
				fputs(" not parsed", fp);
			if (im->project[0] != '\0')
				fprintf(fp, " %s %s,", im->project, im->version);
			if (im->idf_version[0] != '\0')
				fprintf(fp, " ESP-IDF %s,", im->idf_version);
			if (im->secure_version >= 0)
				fprintf(fp, " secure_version %lld,", im->secure_version);
			fprintf(fp, " %s\n", im->nsignatures == 0 ? "no signature block" :
			    im->nsignatures == 1 ? "1 signature block" : "signature blocks:");
			for (size_t s = 0; s < im->nsignatures; s++) {
				const struct inv_signature *sg = &im->signatures[s];

				fprintf(fp, "        signature %lld %s key %s: %s; %s\n", sg->index,
				    sg->scheme, sg->key_digest[0] ? sg->key_digest : "(unread)",
				    sg->valid ? "verifies" : "does not verify", sg->status);
			}
		}
	}
	for (size_t i = 0; i < inv.nssids; i++)
		fprintf(fp, "  Wi-Fi SSID %s (%s, masked)\n", inv.ssids[i].masked, inv.ssids[i].name);
	inventory_free(&inv);
}

/* "not_tested (9 pass, 0 fail; needs: console probe)". */
static void
provision_state(const json_t *x, char *buf, size_t len)
{
	const json_t *c = json_object_get(x, "counts"), *n;
	const char *v = jstr(x, "verdict");
	size_t at, i;

	if (strcmp(v, "not_tested") != 0 && strcmp(v, "fail") != 0) {
		snprintf(buf, len, "%s", v);
		return;
	}
	at = (size_t)snprintf(buf, len, "%s (%lld pass, %lld fail", v, jint(c, "pass"),
	    jint(c, "fail"));
	json_array_foreach(json_object_get(x, "needs"), i, n) {
		size_t k = need_find(json_string_value(n));

		if (at < len)
			at += (size_t)snprintf(buf + at, len - at, "%s%s", i ? ", " : "; needs: ",
			    k < need_nkinds ? need_kinds[k].label : json_string_value(n));
	}
	if (at < len)
		snprintf(buf + at, len - at, ")");
}

static bool
needs_only(const json_t *x, const char *need)
{
	const json_t *n = json_object_get(x, "needs");

	return json_array_size(n) == 1 && !strcmp(json_string_value(json_array_get(n, 0)), need);
}

static void
print_provisions(FILE *fp, const json_t *report, const struct report_opts *o)
{
	static const char *const grouped[] = { "declarations", "other" };
	const json_t *p, *x;
	size_t i, k;

	json_array_foreach(json_object_get(report, "profiles"), i, p) {
		json_t *rest[2 + 6] = { NULL };

		fprintf(fp, "\n%s V%s provisions\n", jstr(p, "standard"), jstr(p, "version"));
		json_array_foreach(json_object_get(p, "provisions"), k, x) {
			const char *v = jstr(x, "verdict");
			char state[512];
			int g = -1;

			if (o->quiet && strcmp(v, "fail") != 0)
				continue;
			/* Default: a row for what fails or waits for evidence a probe or
			 * input gives; the rest grouped by what they wait for or are. */
			if (!o->verbose && !strcmp(v, "not_tested")) {
				for (int j = 0; j < 2; j++)
					if (needs_only(x, grouped[j]))
						g = j;
			} else if (!o->verbose && strcmp(v, "fail") != 0) {
				for (int j = 0; report_verdicts[j] != NULL; j++)
					if (!strcmp(report_verdicts[j], v))
						g = 2 + j;
			}
			if (g >= 0 && g < 8) {
				if (rest[g] == NULL)
					rest[g] = json_array();
				json_array_append(rest[g], json_object_get(x, "id"));
				continue;
			}
			provision_state(x, state, sizeof(state));
			fprintf(fp, "  %-8s %-9s %s%s%s  %.60s\n", jstr(x, "id"), jstr(x, "status"),
			    colour(o, v), state, reset(o), jstr(x, "title"));
		}
		for (int g = 0; g < 8; g++) {
			char label[128];

			if (rest[g] == NULL)
				continue;
			if (g < 2) {
				/* Listed under "to complete the evidence" already. */
				fprintf(fp, "  not_tested, needs %s only: %zu (listed under \"to "
				    "complete the evidence\")\n", need_kinds[need_find(grouped[g])].label,
				    json_array_size(rest[g]));
				json_decref(rest[g]);
				continue;
			} else
				snprintf(label, sizeof(label), "%s (%zu): ", report_verdicts[g - 2],
				    json_array_size(rest[g]));
			print_list(fp, "  ", label, rest[g]);
			json_decref(rest[g]);
		}
	}
}

/* --verbose: every rule with all its evidence. */
static void
print_items(FILE *fp, const json_t *ev, const char *where)
{
	const json_t *failing = json_object_get(ev, "failing"), *item;
	char buf[512];
	size_t k;

	report_items_summary(ev, buf, sizeof(buf));
	fprintf(fp, "           evidence: %s: %s [%s]\n", jstr(ev, "fact"), buf, where);
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
	const char *verdict = jstr(r, "verdict");
	const json_t *ev, *w;
	size_t i;

	fprintf(fp, "  %s%-14s%s %-8s %s", colour(o, verdict), verdict, reset(o),
	    jstr(r, "severity"), jstr(r, "id"));
	print_rule_provisions(fp, report, r);
	fprintf(fp, "\n           %s\n", jstr(r, "title"));
	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		char words[512], where[512];

		report_where(report, ev, where, sizeof(where));
		if (json_is_array(json_object_get(ev, "failing"))) {
			print_items(fp, ev, where);
			continue;
		}
		report_ev_words(ev, words, sizeof(words));
		fprintf(fp, "           evidence: %s [%s]: %s\n", words, where, report_ev_result(ev));
	}
	if (!strcmp(verdict, "not_tested") || !strcmp(verdict, "not_applicable"))
		fprintf(fp, "           %s\n", jstr(r, "reason"));
	if ((w = json_object_get(r, "waiver")) != NULL)
		fprintf(fp, "           waived until %s by %s: %s\n", jstr(w, "expires"),
		    jstr(w, "approver"), jstr(w, "justification"));
	if (!strcmp(verdict, "fail"))
		fprintf(fp, "           fix: %s\n", jstr(r, "remediation"));
}

int
report_write_text(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *r, *w;
	char closing[512];
	size_t i;

	fprintf(fp, "fwaudit %s  ruleset %.12s  %s\n",
	    jstr(json_object_get(report, "tool"), "version"),
	    jstr(json_object_get(report, "tool"), "ruleset_digest"), jstr(report, "generated_at"));
	print_verdict(fp, report, o);
	print_profile_lines(fp, report);
	print_findings(fp, report, o);
	if (!o->quiet) {
		print_to_complete(fp, report);
		print_inventory(fp, report);
	}
	if (o->verbose && !o->quiet) {
		fputs("\nrules\n", fp);
		json_array_foreach(json_object_get(report, "rules"), i, r)
			print_rule(fp, report, r, o);
	}
	print_provisions(fp, report, o);
	json_array_foreach(json_object_get(report, "waivers"), i, w) {
		const char *st = jstr(w, "status");

		if (strcmp(st, "applied") != 0)
			fprintf(fp, "\nwaiver for %s (%s:%lld) %s%s\n", jstr(w, "rule"), jstr(w, "file"),
			    jint(w, "line"), st, !strcmp(st, "expired") ? ": it has no effect" :
			    ": it matched no failing rule");
	}
	if (json_array_size(json_object_get(report, "warnings")) > 0)
		fputc('\n', fp);
	json_array_foreach(json_object_get(report, "warnings"), i, w)
		fprintf(fp, "warning: %s\n", json_string_value(w));
	fputs("\nrules: ", fp);
	print_counts(fp, json_object_get(json_object_get(report, "summary"), "rules"));
	report_closing_line(report, closing, sizeof(closing));
	fprintf(fp, "\n%s\n", closing);
	return ferror(fp) ? -1 : 0;
}
