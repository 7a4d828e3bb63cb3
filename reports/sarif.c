/* SARIF 2.1.0 (OASIS, schema in vectors/sarif/) for code-scanning services.
 * Conventions followed (reference/peers.md "CI formats", GitHub's SARIF
 * support page): a stable ruleId, `security-severity` as a string in rule
 * properties, a physicalLocation on every result (binary findings anchor to
 * the input file, with a byte region when the fact has an offset),
 * partialFingerprints so re-uploads do not duplicate alerts, and waived
 * results kept with an accepted suppression and its justification.
 * Results are the failing and waived rules; pass / not_tested / declared /
 * not_applicable are the other report formats' business.
 * Written as a stream (no jansson tree): 10,000 rules in a fraction of the
 * time a tree takes to build, dump and free (bench/bench_reports.sh). */
#include <stdbool.h>
#include <string.h>

#include "core/facts.h"
#include "core/sha256.h"
#include "reports/report.h"

static const char *
level_of(const char *severity)
{
	if (!strcmp(severity, "critical") || !strcmp(severity, "high"))
		return "error";
	if (!strcmp(severity, "medium"))
		return "warning";
	return "note";
}

/* GitHub maps security-severity > 9.0 critical, 7.0-8.9 high, 4.0-6.9
 * medium, 0.1-3.9 low. */
static const char *
security_severity(const char *severity)
{
	if (!strcmp(severity, "critical")) return "9.5";
	if (!strcmp(severity, "high")) return "8.0";
	if (!strcmp(severity, "medium")) return "5.5";
	if (!strcmp(severity, "low")) return "3.0";
	return "0.0";
}

/* The characters of s inside a JSON string (RFC 8259 section 7): quote,
 * backslash and control characters escaped; UTF-8 passes through (jansson
 * has already checked it). */
static void
jesc(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			fputc('\\', fp);
			fputc(c, fp);
		} else if (c == '\n')
			fputs("\\n", fp);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
}

/* "key":"value" with a leading comma unless first. */
static void
jkv(FILE *fp, const char *key, const char *value, bool first)
{
	fprintf(fp, "%s\"%s\":\"", first ? "" : ",", key);
	jesc(fp, value);
	fputc('"', fp);
}

/* A value the report already holds (small arrays and objects). */
static void
jval(FILE *fp, const char *key, const json_t *v)
{
	fprintf(fp, ",\"%s\":", key);
	if (v == NULL || json_dumpf(v, fp, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
		fputs("null", fp);
}

/* A relative path is a relative URI reference; an absolute one a file URI.
 * Characters outside RFC 3986's unreserved set and '/' are percent-encoded
 * (so nothing in it needs JSON escaping). */
static void
write_uri(FILE *fp, const char *path)
{
	if (path[0] == '/')
		fputs("file://", fp);
	for (; *path != '\0'; path++) {
		unsigned char c = (unsigned char)*path;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL)
			fputc(c, fp);
		else
			fprintf(fp, "%%%02X", c);
	}
}

static void
rule_descriptor(FILE *fp, const json_t *r, bool first)
{
	const char *prof, *sev = jstr(r, "severity");
	const json_t *refs = json_object_get(r, "references"), *ids, *id;
	size_t i;

	fputs(first ? "{" : ",{", fp);
	jkv(fp, "id", jstr(r, "id"), true);
	jkv(fp, "name", jstr(r, "id"), false);
	fputs(",\"shortDescription\":{", fp);
	jkv(fp, "text", jstr(r, "title"), true);
	fputs("},\"fullDescription\":{", fp);
	jkv(fp, "text", jstr(r, "rationale"), true);
	fputs("},\"help\":{\"text\":\"", fp);
	jesc(fp, jstr(r, "rationale"));
	fputs("\\n\\nRemediation: ", fp);
	jesc(fp, jstr(r, "remediation"));
	json_array_foreach(refs, i, id) {
		fputs(i ? " " : "\\n\\nReferences: ", fp);
		jesc(fp, json_string_value(id));
	}
	fputs("\"}", fp);
	if (json_array_size(refs) > 0)
		jkv(fp, "helpUri", json_string_value(json_array_get(refs, 0)), false);
	fprintf(fp, ",\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{"
	    "\"tags\":[\"security\",\"compliance\"", level_of(sev));
	json_object_foreach((json_t *)json_object_get(r, "provisions"), prof, ids)
		json_array_foreach(ids, i, id) {
			fputs(",\"", fp);
			jesc(fp, prof);
			fputc(':', fp);
			jesc(fp, json_string_value(id));
			fputc('"', fp);
		}
	fprintf(fp, "],\"security-severity\":\"%s\",\"precision\":\"high\"",
	    security_severity(sev));
	jval(fp, "ts103701", json_object_get(r, "ts103701"));
	fputs("}}", fp);
}

/* The evidence to anchor a result to: the first failing test with an input
 * (that is the fact to look at), else the first item with an input, or NULL. */
static const json_t *
anchor_evidence(const json_t *r)
{
	const json_t *ev, *any = NULL;
	size_t i;

	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		if (!json_is_integer(json_object_get(ev, "input")))
			continue;
		if (!strcmp(report_ev_result(ev), "false"))
			return ev;
		if (any == NULL)
			any = ev;
	}
	return any;
}

static void
fingerprint(const char *rule, const char *anchor, char out[65])
{
	unsigned char md[32];
	struct sha256_ctx c;

	/* Rule and input path, not the input's hash: the alert must survive a
	 * rebuild of the same firmware. */
	out[0] = '\0';
	if (sha256_init(&c) != 0)
		return;
	sha256_update(&c, rule, strlen(rule));
	sha256_update(&c, "\0", 1);
	sha256_update(&c, anchor, strlen(anchor));
	if (sha256_final(&c, md) == 0)
		hex_encode(md, 32, out);
}


/* locations[0]: the input file of the failing evidence with a byte or line
 * region; facts from live sources (no file) and rules with no evidence
 * anchor to the rule's own YAML. The anchor path goes into the fingerprint. */
static void
write_location(FILE *fp, const json_t *report, const json_t *r, char *anchor, size_t alen)
{
	const json_t *ev = anchor_evidence(r), *loc = json_object_get(ev, "loc"), *v;
	const char *path = NULL, *logical;
	json_int_t index = -1;

	if (ev != NULL) {
		index = json_integer_value(json_object_get(ev, "input"));
		path = json_string_value(json_object_get(json_array_get(json_object_get(report,
		    "inputs"), (size_t)index), "path"));
	}
	fputs(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"", fp);
	if (path == NULL) {
		json_int_t line = json_integer_value(json_object_get(r, "line"));

		path = jstr(r, "file");
		write_uri(fp, path);
		fprintf(fp, "\"},\"region\":{\"startLine\":%lld}}", (long long)(line > 0 ? line : 1));
	} else {
		write_uri(fp, path);
		fprintf(fp, "\",\"index\":%lld}", (long long)index);
		if ((v = json_object_get(loc, "line")) != NULL && json_integer_value(v) > 0)
			fprintf(fp, ",\"region\":{\"startLine\":%lld}",
			    (long long)json_integer_value(v));
		else if ((v = json_object_get(loc, "offset")) != NULL) {
			json_int_t l = json_integer_value(json_object_get(loc, "length"));

			fprintf(fp, ",\"region\":{\"byteOffset\":%lld,\"byteLength\":%lld}",
			    (long long)json_integer_value(v), (long long)(l > 0 ? l : 1));
		}
		fputc('}', fp);
	}
	/* An eFuse field or register has no byte region in a summary file; it
	 * is named as a logical location instead. */
	logical = json_string_value(json_object_get(loc, "field"));
	if (logical == NULL)
		logical = json_string_value(json_object_get(loc, "register"));
	if (logical != NULL) {
		fputs(",\"logicalLocations\":[{", fp);
		jkv(fp, "name", logical, true);
		fputs(",\"kind\":\"member\"}]", fp);
	}
	fputs("}]", fp);
	snprintf(anchor, alen, "%s", path);
}

static void
write_result(FILE *fp, const json_t *report, const json_t *r, size_t rule_index, bool first)
{
	const json_t *w = json_object_get(r, "waiver"), *ev;
	char anchor[1024], fp_hex[65];
	size_t i;

	fputs(first ? "{" : ",{", fp);
	jkv(fp, "ruleId", jstr(r, "id"), true);
	fprintf(fp, ",\"ruleIndex\":%zu,\"kind\":\"fail\",\"level\":\"%s\",\"message\":{\"text\":\"",
	    rule_index, level_of(jstr(r, "severity")));
	jesc(fp, jstr(r, "title"));
	fputs(": ", fp);
	jesc(fp, jstr(r, "reason"));
	fputc('.', fp);
	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		char val[512], where[256];
		const json_t *item;
		size_t k;

		report_where(report, ev, where, sizeof(where));
		fputs(" Evidence: ", fp);
		jesc(fp, jstr(ev, "fact"));
		if (json_is_array(json_object_get(ev, "failing"))) {
			report_items_summary(ev, val, sizeof(val));
			fputs(": ", fp);
			jesc(fp, val);
			fputs(" [", fp);
			jesc(fp, where);
			fputs("]", fp);
			json_array_foreach(json_object_get(ev, "failing"), k, item) {
				report_item_text(ev, item, val, sizeof(val));
				fputs(k ? "; " : ": ", fp);
				jesc(fp, report_item_label(ev));
				fputs(" ", fp);
				jesc(fp, val);
			}
			if (report_items_rest(ev, k, val, sizeof(val))) {	/* k: all shown */
				fputs("; ", fp);
				jesc(fp, val);
			}
			fputs(".", fp);
			continue;
		}
		report_value_text(json_object_get(ev, "value"), val, sizeof(val));
		fputs(" = ", fp);
		jesc(fp, val);
		fputs(" [", fp);
		jesc(fp, where);
		fputs("] (", fp);
		report_ev_test(ev, val, sizeof(val));
		jesc(fp, val);
		fputs(": ", fp);
		jesc(fp, report_ev_result(ev));
		fputs(").", fp);
	}
	fputs("\"}", fp);
	write_location(fp, report, r, anchor, sizeof(anchor));
	fingerprint(jstr(r, "id"), anchor, fp_hex);
	fprintf(fp, ",\"partialFingerprints\":{\"fwauditFinding/v1\":\"%s\"}", fp_hex);
	if (w != NULL) {
		fputs(",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\","
		    "\"justification\":\"", fp);
		jesc(fp, jstr(w, "justification"));
		fputs(" (approved by ", fp);
		jesc(fp, jstr(w, "approver"));
		fputs(", expires ", fp);
		jesc(fp, jstr(w, "expires"));
		fputs(")\"}]", fp);
	}
	if (json_object_get(r, "baseline") != NULL)
		fprintf(fp, ",\"baselineState\":\"%s\"",
		    !strcmp(jstr(r, "baseline"), "new") ? "new" : "unchanged");
	fputc('}', fp);
}

int
report_write_sarif(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *tool = json_object_get(report, "tool"), *r, *in;
	const json_t *rules = json_object_get(report, "rules");
	size_t i;
	bool first = true;

	fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
	    "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"fwaudit\"", fp);
	jkv(fp, "version", jstr(tool, "version"), false);
	jkv(fp, "semanticVersion", jstr(tool, "version"), false);
	fputs(",\"informationUri\":\"https://www.etsi.org/deliver/etsi_en/303600_303699/303645/\""
	    ",\"rules\":[", fp);
	json_array_foreach(rules, i, r)
		rule_descriptor(fp, r, i == 0);
	fputs("]}},\"artifacts\":[", fp);
	json_array_foreach(json_object_get(report, "inputs"), i, in) {
		const char *path = json_string_value(json_object_get(in, "path"));

		fputs(i ? ",{\"location\":{\"uri\":\"" : "{\"location\":{\"uri\":\"", fp);
		write_uri(fp, path ? path : jstr(in, "live"));
		fputs("\"},\"description\":{", fp);
		jkv(fp, "text", jstr(in, "kind"), true);
		fputc('}', fp);
		if (path != NULL) {
			fputs(",\"hashes\":{", fp);
			jkv(fp, "sha-256", jstr(in, "sha256"), true);
			fprintf(fp, "},\"length\":%lld", (long long)json_integer_value(
			    json_object_get(in, "size")));
		}
		fputc('}', fp);
	}
	fputs("],\"results\":[", fp);
	json_array_foreach(rules, i, r) {
		const char *v = jstr(r, "verdict");

		if (!strcmp(v, "fail") || !strcmp(v, "waived")) {
			write_result(fp, report, r, i, first);
			first = false;
		}
	}
	fputs("],\"invocations\":[{\"executionSuccessful\":true", fp);
	jkv(fp, "endTimeUtc", jstr(report, "generated_at"), false);
	fputs("}],\"properties\":{", fp);
	jkv(fp, "rulesetDigest", jstr(tool, "ruleset_digest"), true);
	jval(fp, "profiles", json_object_get(report, "profile_ids"));
	jval(fp, "summary", json_object_get(json_object_get(report, "summary"), "rules"));
	fputs("}}]}\n", fp);
	return ferror(fp) ? -1 : 0;
}
