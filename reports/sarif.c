/* SARIF 2.1.0 (OASIS, schema in vectors/sarif/) for code-scanning services.
 * Conventions followed (reference/peers.md "CI formats", GitHub's SARIF
 * support page): a stable ruleId, `security-severity` as a string in rule
 * properties, a physicalLocation on every result (binary findings anchor to
 * the input file, with a byte region when the fact has an offset),
 * partialFingerprints so re-uploads do not duplicate alerts, and waived
 * results kept with an accepted suppression and its justification.
 * Results are the failing and waived rules; pass / not_tested / declared /
 * not_applicable are the other report formats' business. */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

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

/* A relative path is a relative URI reference; an absolute one a file URI.
 * Characters outside RFC 3986's unreserved set and '/' are percent-encoded. */
static char *
path_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path), k = 0;
	char *out = malloc(3 * n + 8);

	if (out == NULL)
		return NULL;
	if (path[0] == '/') {
		memcpy(out, "file://", 7);
		k = 7;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL)
			out[k++] = (char)c;
		else {
			out[k++] = '%';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		}
	}
	out[k] = '\0';
	return out;
}

static json_t *
rule_descriptor(const json_t *r)
{
	json_t *tags = json_array(), *props, *desc, *ids, *id;
	const char *prof, *sev = jstr(r, "severity");
	const json_t *refs = json_object_get(r, "references");
	char *help = NULL;
	size_t hlen = 0, i;
	FILE *fp = open_memstream(&help, &hlen);

	json_array_append_new(tags, json_string("security"));
	json_array_append_new(tags, json_string("compliance"));
	json_object_foreach(json_object_get(r, "provisions"), prof, ids)
		json_array_foreach(ids, i, id) {
			char tag[256];

			snprintf(tag, sizeof(tag), "%s:%s", prof, json_string_value(id));
			json_array_append_new(tags, json_string(tag));
		}
	if (fp != NULL) {
		fprintf(fp, "%s\n\nRemediation: %s", jstr(r, "rationale"), jstr(r, "remediation"));
		json_array_foreach(refs, i, id)
			fprintf(fp, "%s%s", i ? " " : "\n\nReferences: ", json_string_value(id));
		fclose(fp);
	}
	props = json_pack("{s:o, s:s, s:s, s:O}", "tags", tags,
	    "security-severity", security_severity(sev), "precision", "high",
	    "ts103701", json_object_get(r, "ts103701"));
	desc = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}, s:o}",
	    "id", jstr(r, "id"), "name", jstr(r, "id"),
	    "shortDescription", "text", jstr(r, "title"),
	    "fullDescription", "text", jstr(r, "rationale"),
	    "help", "text", help ? help : jstr(r, "remediation"),
	    "defaultConfiguration", "level", level_of(sev),
	    "properties", props);
	if (json_array_size(refs) > 0)
		json_object_set(desc, "helpUri", json_array_get(refs, 0));
	free(help);
	return desc;
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
		if (!strcmp(jstr(ev, "result"), "false"))
			return ev;
		if (any == NULL)
			any = ev;
	}
	return any;
}

static json_t *
physical_location(const json_t *report, const json_t *r, char *anchor, size_t alen)
{
	const json_t *ev = anchor_evidence(r), *in = NULL, *loc, *v;
	json_t *phys, *region = NULL;
	const char *path = NULL;
	char *uri;
	json_int_t index = -1;

	if (ev != NULL) {
		index = json_integer_value(json_object_get(ev, "input"));
		in = json_array_get(json_object_get(report, "inputs"), (size_t)index);
		path = json_string_value(json_object_get(in, "path"));
	}
	if (path == NULL) {
		/* Live sources and missing facts have no file: anchor to the rule
		 * definition instead, which always exists. */
		path = jstr(r, "file");
		region = json_pack("{s:I}", "startLine",
		    (json_int_t)(json_integer_value(json_object_get(r, "line")) > 0 ?
		    json_integer_value(json_object_get(r, "line")) : 1));
		index = -1;
	} else {
		loc = json_object_get(ev, "loc");
		if ((v = json_object_get(loc, "line")) != NULL && json_integer_value(v) > 0)
			region = json_pack("{s:O}", "startLine", v);
		else if ((v = json_object_get(loc, "offset")) != NULL) {
			json_int_t l = json_integer_value(json_object_get(loc, "length"));

			region = json_pack("{s:O, s:I}", "byteOffset", v, "byteLength",
			    l > 0 ? l : 1);
		}
	}
	snprintf(anchor, alen, "%s", path);
	uri = path_uri(path);
	phys = json_pack("{s:{s:s}}", "artifactLocation", "uri", uri ? uri : "");
	if (index >= 0)
		json_object_set_new(json_object_get(phys, "artifactLocation"), "index",
		    json_integer(index));
	if (region != NULL)
		json_object_set_new(phys, "region", region);
	free(uri);
	return phys;
}

/* An eFuse field or register has no byte region in a summary file; it is
 * named as a logical location instead. */
static void
logical_location(json_t *location, const json_t *r)
{
	const json_t *ev = anchor_evidence(r), *loc = json_object_get(ev, "loc");
	const char *name = json_string_value(json_object_get(loc, "field"));

	if (name == NULL)
		name = json_string_value(json_object_get(loc, "register"));
	if (name != NULL)
		json_object_set_new(location, "logicalLocations", json_pack("[{s:s, s:s}]",
		    "name", name, "kind", "member"));
}

static void
fingerprint(const char *rule, const char *anchor, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	/* Rule and input path, not the input's hash: the alert must survive a
	 * rebuild of the same firmware. */
	out[0] = '\0';
	if (c == NULL)
		return;
	EVP_DigestInit_ex(c, EVP_sha256(), NULL);
	EVP_DigestUpdate(c, rule, strlen(rule));
	EVP_DigestUpdate(c, "\0", 1);
	EVP_DigestUpdate(c, anchor, strlen(anchor));
	EVP_DigestFinal_ex(c, md, &mdlen);
	EVP_MD_CTX_free(c);
	for (unsigned int i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static char *
result_message(const json_t *report, const json_t *r)
{
	char *msg = NULL;
	size_t len = 0, i;
	const json_t *ev;
	FILE *fp = open_memstream(&msg, &len);

	if (fp == NULL)
		return NULL;
	fprintf(fp, "%s: %s.", jstr(r, "title"), jstr(r, "reason"));
	json_array_foreach(json_object_get(r, "evidence"), i, ev) {
		char val[200], where[256];

		report_value_text(json_object_get(ev, "value"), val, sizeof(val));
		report_where(report, ev, where, sizeof(where));
		fprintf(fp, " Evidence: %s = %s [%s] (%s: %s).", jstr(ev, "fact"), val,
		    where, jstr(ev, "test"), jstr(ev, "result"));
	}
	fclose(fp);
	return msg;
}

static json_t *
result_of(const json_t *report, const json_t *r, size_t rule_index)
{
	char anchor[1024], fp[65], *msg;
	json_t *res, *phys = physical_location(report, r, anchor, sizeof(anchor));
	const json_t *w = json_object_get(r, "waiver");

	fingerprint(jstr(r, "id"), anchor, fp);
	msg = result_message(report, r);
	res = json_pack("{s:s, s:I, s:s, s:s, s:{s:s}, s:[{s:o}], s:{s:s}}",
	    "ruleId", jstr(r, "id"), "ruleIndex", (json_int_t)rule_index,
	    "kind", "fail", "level", level_of(jstr(r, "severity")),
	    "message", "text", msg ? msg : jstr(r, "title"),
	    "locations", "physicalLocation", phys,
	    "partialFingerprints", "fwauditFinding/v1", fp);
	free(msg);
	logical_location(json_array_get(json_object_get(res, "locations"), 0), r);
	if (w != NULL) {
		char just[2048];

		snprintf(just, sizeof(just), "%s (approved by %s, expires %s)",
		    jstr(w, "justification"), jstr(w, "approver"), jstr(w, "expires"));
		json_object_set_new(res, "suppressions", json_pack("[{s:s, s:s, s:s}]",
		    "kind", "external", "status", "accepted", "justification", just));
	}
	if (json_object_get(r, "baseline") != NULL)
		json_object_set_new(res, "baselineState", json_string(
		    !strcmp(jstr(r, "baseline"), "new") ? "new" : "unchanged"));
	return res;
}

int
report_write_sarif(const json_t *report, FILE *fp, const struct report_opts *o)
{
	const json_t *tool = json_object_get(report, "tool"), *r, *in;
	json_t *rules = json_array(), *results = json_array(), *artifacts = json_array();
	json_t *doc;
	size_t i;
	int rc;

	json_array_foreach(json_object_get(report, "rules"), i, r) {
		const char *v = jstr(r, "verdict");

		json_array_append_new(rules, rule_descriptor(r));
		if (!strcmp(v, "fail") || !strcmp(v, "waived"))
			json_array_append_new(results, result_of(report, r, i));
	}
	json_array_foreach(json_object_get(report, "inputs"), i, in) {
		const char *path = json_string_value(json_object_get(in, "path"));
		char *uri = path_uri(path ? path : jstr(in, "live"));
		json_t *a = json_pack("{s:{s:s}, s:{s:s}}", "location", "uri", uri ? uri : "",
		    "description", "text", jstr(in, "kind"));

		if (path != NULL) {
			json_object_set_new(a, "hashes", json_pack("{s:s}", "sha-256", jstr(in, "sha256")));
			json_object_set(a, "length", json_object_get(in, "size"));
		}
		json_array_append_new(artifacts, a);
		free(uri);
	}
	doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:s, s:o}}, s:o, s:o, "
	    "s:[{s:b, s:s}], s:{s:s, s:O, s:O}}]}",
	    "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
	    "version", "2.1.0",
	    "runs",
	    "tool", "driver", "name", "fwaudit", "version", jstr(tool, "version"),
	    "semanticVersion", jstr(tool, "version"),
	    "informationUri", "https://www.etsi.org/deliver/etsi_en/303600_303699/303645/",
	    "rules", rules,
	    "artifacts", artifacts, "results", results,
	    "invocations", "executionSuccessful", 1, "endTimeUtc", jstr(report, "generated_at"),
	    "properties", "rulesetDigest", jstr(tool, "ruleset_digest"),
	    "profiles", json_object_get(report, "profile_ids"),
	    "summary", json_object_get(json_object_get(report, "summary"), "rules"));
	if (doc == NULL)
		return -1;
	/* Compact: SARIF uploads are size-limited (10 MB gzipped) and read by tools. */
	rc = report_dump_json(doc, fp, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(doc);
	return rc;
}
