/* --format cyclonedx-vex: the vulnerability analysis as its own CycloneDX
 * 1.6 document (BSI TR-03183-2 keeps vulnerabilities out of the SBOM): one
 * vulnerability per component and record, the component named by a
 * BOM-Link into the SBOM --format cyclonedx writes for the same run, the
 * matcher's verdict and the VEX statement that applies (docs/sbom.md). */
#include <stdlib.h>
#include <string.h>

#include "reports/cyclonedx.h"

static const json_t *
vulns(const json_t *report)
{
	const json_t *rec = json_object_get(json_object_get(report, "facts"),
	    "components.vulnerabilities");

	return json_object_get(rec, "value");
}

static const json_t *
component(const json_t *report, const char *ref)
{
	const json_t *c;
	size_t i;

	json_array_foreach(cdx_components(report), i, c)
		if (!strcmp(jstr(c, "bom_ref"), ref))
			return c;
	return NULL;
}

/* CycloneDX's words for the matcher's status. */
static const char *
version_status(const char *s)
{
	return !strcmp(s, "affected") ? "affected" : !strcmp(s, "unaffected") ? "unaffected" :
	    "unknown";
}

static const char *
severity(const char *s)
{
	static const char *const ok[] = { "critical", "high", "medium", "low", "info", "none",
		NULL };

	for (int i = 0; ok[i] != NULL; i++)
		if (!strcmp(s, ok[i]))
			return s;
	return "unknown";
}

/* The analysis: the VEX statement's, else what the match alone says (an
 * affected version with nothing stated is still being triaged). */
static json_t *
analysis(const json_t *v)
{
	const json_t *a = json_object_get(v, "analysis");
	json_t *o;

	if (a != NULL) {
		o = json_pack("{s:s}", "state", jstr(a, "state"));
		if (*jstr(a, "justification"))
			json_object_set_new(o, "justification", json_string(jstr(a, "justification")));
		if (json_array_size(json_object_get(a, "response")) > 0)
			json_object_set(o, "response", json_object_get(a, "response"));
		if (*jstr(a, "detail"))
			json_object_set_new(o, "detail", json_string(jstr(a, "detail")));
		return o;
	}
	if (!strcmp(jstr(v, "status"), "unaffected"))
		return json_pack("{s:s, s:s}", "state", "not_affected", "detail", *jstr(v, "reason") ?
		    jstr(v, "reason") : "the version is outside every affected range");
	return json_pack("{s:s, s:s}", "state", "in_triage", "detail", *jstr(v, "reason") ?
	    jstr(v, "reason") : jstr(v, "status"));
}

static json_t *
ratings(const json_t *v)
{
	const json_t *cvss = json_object_get(v, "cvss");
	json_t *r = json_pack("{s:s}", "severity", severity(jstr(v, "severity")));

	if (json_is_number(json_object_get(cvss, "score")))
		json_object_set(r, "score", json_object_get(cvss, "score"));
	if (*jstr(cvss, "vector"))
		json_object_set_new(r, "vector", json_string(jstr(cvss, "vector")));
	if (!strncmp(jstr(cvss, "version"), "3", 1))
		json_object_set_new(r, "method", json_string(strcmp(jstr(cvss, "version"), "3.0") ?
		    "CVSSv31" : "CVSSv3"));
	else if (!strcmp(jstr(cvss, "version"), "4.0"))
		json_object_set_new(r, "method", json_string("CVSSv4"));
	return json_pack("[o]", r);
}

static json_t *
cwes(const json_t *v)
{
	json_t *out = json_array();
	const json_t *c;
	size_t i;

	json_array_foreach(json_object_get(v, "cwes"), i, c) {
		const char *s = json_string_value(c);

		if (s != NULL && !strncmp(s, "CWE-", 4) && atoi(s + 4) > 0)
			json_array_append_new(out, json_integer(atoi(s + 4)));
	}
	return out;
}

static json_t *
vulnerability(const json_t *report, const json_t *v, const char *sbom_serial)
{
	const json_t *c = component(report, jstr(v, "component"));
	json_t *o, *props = json_array();
	char link[512], ref[300];

	snprintf(link, sizeof(link), "urn:cdx:%s/1#%s", sbom_serial + 9, jstr(v, "component"));
	snprintf(ref, sizeof(ref), "%s/%s", jstr(v, "id"), jstr(v, "component"));
	o = json_pack("{s:s, s:s, s:{s:s}, s:o, s:o, s:[{s:s, s:[{s:s, s:s}]}]}",
	    "bom-ref", ref, "id", jstr(v, "id"), "source", "name", *jstr(v, "source") ?
	    jstr(v, "source") : "unknown", "ratings", ratings(v), "analysis", analysis(v),
	    "affects", "ref", link, "versions", "version", c && *jstr(c, "version") ?
	    jstr(c, "version") : "unknown", "status", version_status(jstr(v, "status")));
	if (o == NULL)
		return NULL;
	if (json_array_size(json_object_get(v, "cwes")) > 0)
		json_object_set_new(o, "cwes", cwes(v));
	if (*jstr(v, "description"))
		json_object_set_new(o, "description", json_string(jstr(v, "description")));
	if (*jstr(v, "published"))
		json_object_set_new(o, "published", json_string(jstr(v, "published")));
	json_array_append_new(props, json_pack("{s:s, s:s}", "name", "fwaudit:match_status",
	    "value", jstr(v, "status")));
	if (*jstr(v, "reason"))
		json_array_append_new(props, json_pack("{s:s, s:s}", "name", "fwaudit:reason",
		    "value", jstr(v, "reason")));
	if (*jstr(v, "matched_by"))
		json_array_append_new(props, json_pack("{s:s, s:s}", "name", "fwaudit:matched_by",
		    "value", jstr(v, "matched_by")));
	if (c != NULL)
		json_array_append_new(props, json_pack("{s:s, s:s}", "name", "fwaudit:component",
		    "value", jstr(c, "name")));
	json_object_set_new(o, "properties", props);
	return o;
}

int
report_write_cyclonedx_vex(const json_t *report, FILE *fp, const struct report_opts *opts)
{
	char serial[46], sbom[46];
	json_t *list = json_array(), *doc, *item;
	const json_t *v;
	size_t i;
	int rc;

	(void)opts;
	cdx_serial(report, "vex", serial);
	cdx_serial(report, "sbom", sbom);
	json_array_foreach(vulns(report), i, v)
		if ((item = vulnerability(report, v, sbom)) != NULL)
			json_array_append_new(list, item);
	doc = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:o}",
	    "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json",
	    "bomFormat", "CycloneDX", "specVersion", "1.6", "serialNumber", serial,
	    "version", 1, "metadata", cdx_metadata(report), "vulnerabilities", list);
	if (doc == NULL)
		return -1;
	rc = report_dump_json(doc, fp, JSON_INDENT(2));
	json_decref(doc);
	return rc;
}
