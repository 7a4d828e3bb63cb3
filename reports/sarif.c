/* SARIF 2.1.0 (OASIS, schema in vectors/sarif/) for code-scanning services.
 * Conventions followed (reference/peers.md "CI formats", GitHub's SARIF
 * support page): a stable ruleId, `security-severity` as a string in rule
 * properties, a physicalLocation on every result (binary findings anchor to
 * the input file, with a byte region when the fact has an offset),
 * partialFingerprints so re-uploads do not duplicate alerts, and waived
 * results kept with an accepted suppression and its justification.
 * Results are the failing and waived rules; pass / not_tested / declared /
 * not_applicable are the other report formats' business.
 * Built as a jansson tree and written compact, members in the order set. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/hex.h"
#include "util/sha256.h"
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

/* A message or help text is a sentence made of several report strings:
 * written into a memory stream, then made one JSON string. */
struct text {
	FILE *fp;
	char *buf;
	size_t len;
};

static int
text_open(struct text *t)
{
	t->buf = NULL;
	t->len = 0;
	return (t->fp = open_memstream(&t->buf, &t->len)) != NULL ? 0 : -1;
}

/* The text as a JSON string (NULL when out of memory). */
static json_t *
text_close(struct text *t)
{
	json_t *s = NULL;

	if (t->fp != NULL && fclose(t->fp) == 0 && t->buf != NULL)
		s = json_string(t->buf);
	free(t->buf);
	return s;
}

/* A relative path is a relative URI reference; an absolute one a file URI.
 * Characters outside RFC 3986's unreserved set and '/' are percent-encoded. */
static json_t *
uri_of(const char *path)
{
	struct text t;

	if (text_open(&t) != 0)
		return NULL;
	if (path[0] == '/')
		fputs("file://", t.fp);
	for (; *path != '\0'; path++) {
		unsigned char c = (unsigned char)*path;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL)
			fputc(c, t.fp);
		else
			fprintf(t.fp, "%%%02X", c);
	}
	return text_close(&t);
}

static json_t *
copy_of(const json_t *v)
{
	return v != NULL ? json_deep_copy(v) : json_null();
}

/* "rationale\n\nRemediation: ...\n\nReferences: a b". */
static json_t *
help_text(const json_t *r)
{
	const json_t *id;
	struct text t;
	size_t i;

	if (text_open(&t) != 0)
		return NULL;
	fprintf(t.fp, "%s\n\nRemediation: %s", jstr(r, "rationale"), jstr(r, "remediation"));
	json_array_foreach(json_object_get(r, "references"), i, id)
		fprintf(t.fp, "%s%s", i ? " " : "\n\nReferences: ", json_string_value(id));
	return text_close(&t);
}

/* "security", "compliance", then "profile:provision" for every provision. */
static json_t *
tags_of(const json_t *r)
{
	json_t *tags = json_pack("[s, s]", "security", "compliance"), *ids, *id;
	const char *prof;
	size_t i;

	json_object_foreach((json_t *)json_object_get(r, "provisions"), prof, ids)
		json_array_foreach(ids, i, id)
			if (json_array_append_new(tags, json_sprintf("%s:%s", prof,
			    json_string_value(id))) != 0) {
				json_decref(tags);
				return NULL;
			}
	return tags;
}

static json_t *
rule_descriptor(const json_t *r)
{
	const char *sev = jstr(r, "severity");
	const json_t *refs = json_object_get(r, "references");

	return json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:o}, s:s*, s:{s:s},"
	    " s:{s:o, s:s, s:s, s:o}}",
	    "id", jstr(r, "id"), "name", jstr(r, "id"),
	    "shortDescription", "text", jstr(r, "title"),
	    "fullDescription", "text", jstr(r, "rationale"),
	    "help", "text", help_text(r),
	    "helpUri", json_string_value(json_array_get(refs, 0)),
	    "defaultConfiguration", "level", level_of(sev),
	    "properties", "tags", tags_of(r), "security-severity", security_severity(sev),
	    "precision", "high", "ts103701", copy_of(json_object_get(r, "ts103701")));
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

/* A byte or line region of the evidence's input, or NULL when it has none. */
static json_t *
region_of(const json_t *loc)
{
	const json_t *v;

	if ((v = json_object_get(loc, "line")) != NULL && json_integer_value(v) > 0)
		return json_pack("{s:I}", "startLine", json_integer_value(v));
	if ((v = json_object_get(loc, "offset")) != NULL) {
		json_int_t l = json_integer_value(json_object_get(loc, "length"));

		return json_pack("{s:I, s:I}", "byteOffset", json_integer_value(v),
		    "byteLength", l > 0 ? l : (json_int_t)1);
	}
	return NULL;
}

/* locations: the input file of the failing evidence with a byte or line
 * region; facts from live sources (no file) and rules with no evidence
 * anchor to the rule's own YAML. *anchor is the path the location names. */
static json_t *
locations_of(const json_t *report, const json_t *r, const char **anchor)
{
	const json_t *ev = anchor_evidence(r), *loc = json_object_get(ev, "loc");
	const char *path = NULL, *logical;
	json_int_t index = -1;
	json_t *phys;

	if (ev != NULL) {
		index = json_integer_value(json_object_get(ev, "input"));
		path = json_string_value(json_object_get(json_array_get(json_object_get(report,
		    "inputs"), (size_t)index), "path"));
	}
	if (path == NULL) {
		json_int_t line = json_integer_value(json_object_get(r, "line"));

		path = jstr(r, "file");
		phys = json_pack("{s:{s:o}, s:{s:I}}", "artifactLocation", "uri", uri_of(path),
		    "region", "startLine", line > 0 ? line : (json_int_t)1);
	} else {
		phys = json_pack("{s:{s:o, s:I}, s:o*}", "artifactLocation", "uri", uri_of(path),
		    "index", index, "region", region_of(loc));
	}
	*anchor = path;
	/* An eFuse field or register has no byte region in a summary file; it
	 * is named as a logical location instead. */
	logical = json_string_value(json_object_get(loc, "field"));
	if (logical == NULL)
		logical = json_string_value(json_object_get(loc, "register"));
	if (logical == NULL)
		return json_pack("[{s:o}]", "physicalLocation", phys);
	return json_pack("[{s:o, s:[{s:s, s:s}]}]", "physicalLocation", phys,
	    "logicalLocations", "name", logical, "kind", "member");
}

/* One evidence record of a result's message, in words. */
static void
evidence_text(FILE *fp, const json_t *report, const json_t *ev)
{
	char val[512], where[256];
	const json_t *item;
	size_t k;

	report_where(report, ev, where, sizeof(where));
	fprintf(fp, " Evidence: %s", jstr(ev, "fact"));
	if (json_is_array(json_object_get(ev, "failing"))) {
		report_items_summary(ev, val, sizeof(val));
		fprintf(fp, ": %s [%s]", val, where);
		json_array_foreach(json_object_get(ev, "failing"), k, item) {
			report_item_text(ev, item, val, sizeof(val));
			fprintf(fp, "%s%s %s", k ? "; " : ": ", report_item_label(ev), val);
		}
		if (report_items_rest(ev, k, val, sizeof(val)))	/* k: all shown */
			fprintf(fp, "; %s", val);
		fputc('.', fp);
		return;
	}
	report_value_text(json_object_get(ev, "value"), val, sizeof(val));
	fprintf(fp, " = %s [%s] (", val, where);
	report_ev_test(ev, val, sizeof(val));
	fprintf(fp, "%s: %s).", val, report_ev_result(ev));
}

static json_t *
message_of(const json_t *report, const json_t *r)
{
	const json_t *ev;
	struct text t;
	size_t i;

	if (text_open(&t) != 0)
		return NULL;
	fprintf(t.fp, "%s: %s.", jstr(r, "title"), jstr(r, "reason"));
	json_array_foreach(json_object_get(r, "evidence"), i, ev)
		evidence_text(t.fp, report, ev);
	return text_close(&t);
}

static json_t *
suppressions_of(const json_t *w)
{
	if (w == NULL)
		return NULL;
	return json_pack("[{s:s, s:s, s:o}]", "kind", "external", "status", "accepted",
	    "justification", json_sprintf("%s (approved by %s, expires %s)",
	    jstr(w, "justification"), jstr(w, "approver"), jstr(w, "expires")));
}

static json_t *
result_of(const json_t *report, const json_t *r, size_t rule_index)
{
	const char *anchor = "", *baseline = NULL;
	json_t *locations = locations_of(report, r, &anchor);
	char fp_hex[65];

	fingerprint(jstr(r, "id"), anchor, fp_hex);
	if (json_object_get(r, "baseline") != NULL)
		baseline = !strcmp(jstr(r, "baseline"), "new") ? "new" : "unchanged";
	return json_pack("{s:s, s:I, s:s, s:s, s:{s:o}, s:o, s:{s:s}, s:o*, s:s*}",
	    "ruleId", jstr(r, "id"), "ruleIndex", (json_int_t)rule_index,
	    "kind", "fail", "level", level_of(jstr(r, "severity")),
	    "message", "text", message_of(report, r),
	    "locations", locations,
	    "partialFingerprints", "fwauditFinding/v1", fp_hex,
	    "suppressions", suppressions_of(json_object_get(r, "waiver")),
	    "baselineState", baseline);
}

static json_t *
artifact_of(const json_t *in)
{
	const char *path = json_string_value(json_object_get(in, "path"));

	if (path == NULL)
		return json_pack("{s:{s:o}, s:{s:s}}", "location", "uri", uri_of(jstr(in, "live")),
		    "description", "text", jstr(in, "kind"));
	return json_pack("{s:{s:o}, s:{s:s}, s:{s:s}, s:I}", "location", "uri", uri_of(path),
	    "description", "text", jstr(in, "kind"), "hashes", "sha-256", jstr(in, "sha256"),
	    "length", json_integer_value(json_object_get(in, "size")));
}

static json_t *
sarif_of(const json_t *report)
{
	const json_t *tool = json_object_get(report, "tool"), *r, *in;
	const json_t *rules = json_object_get(report, "rules");
	json_t *descriptors = json_array(), *artifacts = json_array(), *results = json_array();
	int failed = descriptors == NULL || artifacts == NULL || results == NULL;
	size_t i;

	json_array_foreach(rules, i, r)
		failed |= json_array_append_new(descriptors, rule_descriptor(r));
	json_array_foreach(json_object_get(report, "inputs"), i, in)
		failed |= json_array_append_new(artifacts, artifact_of(in));
	json_array_foreach(rules, i, r) {
		const char *v = jstr(r, "verdict");

		if (!strcmp(v, "fail") || !strcmp(v, "waived"))
			failed |= json_array_append_new(results, result_of(report, r, i));
	}
	if (failed) {
		json_decref(descriptors);
		json_decref(artifacts);
		json_decref(results);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:o}}, s:o, s:o,"
	    " s:[{s:b, s:s}], s:{s:s, s:o, s:o}}]}",
	    "$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
	    "runs", "tool", "driver", "name", "fwaudit", "version", jstr(tool, "version"),
	    "semanticVersion", jstr(tool, "version"),
	    "informationUri", "https://www.etsi.org/deliver/etsi_en/303600_303699/303645/",
	    "rules", descriptors, "artifacts", artifacts, "results", results,
	    "invocations", "executionSuccessful", 1, "endTimeUtc", jstr(report, "generated_at"),
	    "properties", "rulesetDigest", jstr(tool, "ruleset_digest"),
	    "profiles", copy_of(json_object_get(report, "profile_ids")),
	    "summary", copy_of(json_object_get(json_object_get(report, "summary"), "rules")));
}

int
report_write_sarif(const json_t *report, FILE *fp, const struct report_opts *o)
{
	json_t *doc = sarif_of(report);
	int rc;

	if (doc == NULL)
		return -1;
	rc = report_dump_json(doc, fp, JSON_COMPACT);
	json_decref(doc);
	return rc;
}
