/* CycloneDX VEX documents as an input (--vex FILE, or detected): each
 * vulnerability's analysis and the components it is about, as
 * vex.statements; applied to the vulnerabilities found per component once
 * every input is read (components_vex_apply). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "checks/esp_common.h"
#include "checks/vulns.h"
#include "core/input.h"

static const char *const states[] = { "resolved", "resolved_with_pedigree", "exploitable",
	"in_triage", "false_positive", "not_affected", NULL };
static const char *const justifications[] = { "code_not_present", "code_not_reachable",
	"requires_configuration", "requires_dependency", "requires_environment",
	"protected_by_compiler", "protected_at_runtime", "protected_at_perimeter",
	"protected_by_mitigating_control", NULL };
static const char *const responses[] = { "can_not_fix", "will_not_fix", "update",
	"rollback", "workaround_available", NULL };

static const char *
jstr_or(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static bool
one_of(const char *s, const char *const *list)
{
	for (int i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* CycloneDX JSON with vulnerabilities: {"bomFormat": "CycloneDX" and a
 * "vulnerabilities" member near the start. */
static int
detect_vex(const uint8_t *data, size_t len)
{
	size_t n = len < 65536 ? len : 65536, i = 0;

	while (i < n && isspace(data[i]))
		i++;
	if (i == n || data[i] != '{' || memmem(data, n, "\"bomFormat\"", 11) == NULL ||
	    memmem(data, n, "\"CycloneDX\"", 11) == NULL)
		return 0;
	return memmem(data, len, "\"vulnerabilities\"", 17) != NULL ? 90 : 0;
}

/* What a ref names: the VEX's own component with that bom-ref (its purl,
 * cpe, name and version), else the ref itself. */
static json_t *
target(const json_t *doc, const char *ref)
{
	const json_t *c;
	size_t i;
	const char *hash = strrchr(ref, '#');
	/* a BOM-Link "urn:cdx:SERIAL/1#bom-ref" names the bom-ref after '#' */
	const char *local = strncmp(ref, "urn:cdx:", 8) == 0 && hash ? hash + 1 : ref;

	json_array_foreach(json_object_get(doc, "components"), i, c)
		if (strcmp(jstr_or(c, "bom-ref"), local) == 0)
			return json_pack("{s:s, s:s?, s:s?, s:s?, s:s?}", "ref", ref,
			    "purl", json_string_value(json_object_get(c, "purl")),
			    "cpe", json_string_value(json_object_get(c, "cpe")),
			    "name", json_string_value(json_object_get(c, "name")),
			    "version", json_string_value(json_object_get(c, "version")));
	return json_pack("{s:s}", "ref", ref);
}

/* "vulnerabilities[3].analysis.state: 'nope' is not one of ..." */
static int
bad(struct fw_err *err, const char *path, size_t i, const char *what, const char *value,
    const char *expected)
{
	if (value == NULL)
		return err_set(err, path, ERR_NO_OFFSET, "vulnerabilities[%zu]%s: missing; "
		    "expected %s", i, what, expected);
	return err_set(err, path, ERR_NO_OFFSET, "vulnerabilities[%zu]%s: '%s' is not %s", i,
	    what, value, expected);
}

static int
statement(struct facts *f, const struct input *in, const json_t *doc, size_t i,
    const json_t *v, struct fw_err *err)
{
	const json_t *a = json_object_get(v, "analysis"), *r, *af;
	const char *id = json_string_value(json_object_get(v, "id"));
	const char *state = json_string_value(json_object_get(a, "state"));
	const char *just = json_string_value(json_object_get(a, "justification"));
	json_t *o, *targets, *resp;
	size_t k;

	if (id == NULL || *id == '\0')
		return bad(err, in->path, i, ".id", NULL, "the vulnerability's id (CVE-...)");
	if (a == NULL)		/* a vulnerability without analysis states nothing */
		return 0;
	if (!one_of(state, states))
		return bad(err, in->path, i, ".analysis.state", state, "a CycloneDX impact "
		    "analysis state (resolved, resolved_with_pedigree, exploitable, in_triage, "
		    "false_positive, not_affected)");
	if (json_object_get(a, "justification") != NULL && !one_of(just, justifications))
		return bad(err, in->path, i, ".analysis.justification", just, "a CycloneDX "
		    "justification (code_not_present, code_not_reachable, ...)");
	targets = json_array();
	resp = json_array();
	json_array_foreach(json_object_get(a, "response"), k, r) {
		if (!one_of(json_string_value(r), responses)) {
			json_decref(targets);
			json_decref(resp);
			return bad(err, in->path, i, ".analysis.response", json_string_value(r),
			    "a CycloneDX response (can_not_fix, will_not_fix, update, rollback, "
			    "workaround_available)");
		}
		json_array_append(resp, (json_t *)r);
	}
	json_array_foreach(json_object_get(v, "affects"), k, af) {
		const char *ref = json_string_value(json_object_get(af, "ref"));

		if (ref == NULL) {
			json_decref(targets);
			json_decref(resp);
			return bad(err, in->path, i, ".affects[].ref", NULL, "the bom-ref, "
			    "purl or BOM-Link of the component");
		}
		json_array_append_new(targets, target(doc, ref));
	}
	o = json_pack("{s:i, s:I, s:s, s:s, s:o, s:o}", "input", in->index, "statement",
	    (json_int_t)i, "id", id, "state", state, "response", resp, "targets", targets);
	if (just != NULL)
		json_object_set_new(o, "justification", json_string(just));
	if (json_string_value(json_object_get(a, "detail")) != NULL)
		json_object_set_new(o, "detail", json_deep_copy(json_object_get(a, "detail")));
	return esp_fact_append(f, "vex.statements", o, in->index, NULL);
}

static int
collect_vex(struct facts *f, const struct input *in, struct fw_err *err)
{
	json_error_t je;
	json_t *doc;
	const json_t *v, *vulns;
	size_t i;
	int rc = 0;

	if (in->len == 0)
		return err_set(err, in->path, ERR_NO_OFFSET, "empty: expected a CycloneDX VEX "
		    "document");
	doc = json_loadb((const char *)in->data, in->len, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL)
		return err_set_line(err, in->path, (unsigned)je.line, (unsigned)je.column,
		    "not JSON: %s", je.text);
	vulns = json_object_get(doc, "vulnerabilities");
	if (strcmp(jstr_or(doc, "bomFormat"), "CycloneDX") != 0 || !json_is_array(vulns))
		rc = err_set(err, in->path, ERR_NO_OFFSET, "not a CycloneDX VEX document: "
		    "expected bomFormat \"CycloneDX\" and a vulnerabilities array");
	json_array_foreach(vulns, i, v)
		if (rc == 0 && statement(f, in, doc, i, v, err) != 0)
			rc = -1;
	if (rc == 0 && fact_record(f, "vex.statements") == NULL)	/* read, nothing stated */
		fact_set(f, "vex.statements", json_array(), in->index, NULL);
	json_decref(doc);
	return rc;
}

const struct collector collector_cyclonedx_vex = {
	.kind = "cyclonedx-vex",
	.what = "CycloneDX VEX document (vulnerabilities with analysis)",
	.detect = detect_vex,
	.collect = collect_vex,
	.max_len = (size_t)64 << 20,
};

int
vex_collect_file(struct facts *f, const char *path, struct fw_err *err)
{
	struct input in;
	int rc;

	if (input_open(&in, path, err) != 0)
		return -1;
	in.kind = collector_cyclonedx_vex.kind;
	in.index = facts_add_input(f, path, in.kind, in.data, in.len);
	if (in.index < 0)
		rc = err_internal(err, path, "out of memory");
	else if (in.len == 0 || detect_vex(in.data, in.len) == 0)
		rc = err_set(err, path, ERR_NO_OFFSET, "--vex: not a CycloneDX VEX document "
		    "(a JSON object with bomFormat \"CycloneDX\" and vulnerabilities)");
	else
		rc = collect_vex(f, &in, err);
	input_close(&in);
	return rc;
}
