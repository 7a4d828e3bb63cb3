/* CVE JSON 5.x records (the CVE Program's cvelistV5 layout): the CNA's and
 * every ADP's `affected` entries, kept in order and as written. Nothing is
 * read from the English description here; the matcher decides what a text
 * constraint such as "< 5.0.8" may mean. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/vuln_record.h"

/* A member that must be a string when present: -1 with err when it is not. */
static int
opt_str(const json_t *o, const char *key, char **out, const char *input,
    const char *path, struct fw_err *err)
{
	const json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return err_set(err, input, ERR_NO_OFFSET, "%s.%s: expected a string", path, key);
	if ((*out = strdup(json_string_value(v))) == NULL)
		return err_internal(err, input, "out of memory");
	return 0;
}

static int
parse_status(const json_t *o, const char *key, int *out, const char *input,
    const char *path, struct fw_err *err)
{
	const json_t *v = json_object_get(o, key);

	if ((*out = vuln_status_parse(json_string_value(v))) < 0)
		return err_set(err, input, ERR_NO_OFFSET, "%s.%s: expected \"affected\", "
		    "\"unaffected\" or \"unknown\"", path, key);
	return 0;
}

static int
parse_changes(const json_t *o, struct vuln_range *v, const char *input, const char *path,
    struct fw_err *err)
{
	const json_t *a = json_object_get(o, "changes"), *c;
	size_t i;
	int st;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return err_set(err, input, ERR_NO_OFFSET, "%s.changes: expected an array", path);
	json_array_foreach(a, i, c) {
		char sub[200];
		const char *at = json_string_value(json_object_get(c, "at"));

		snprintf(sub, sizeof(sub), "%s.changes[%zu]", path, i);
		if (at == NULL)
			return err_set(err, input, ERR_NO_OFFSET, "%s.at: expected a string", sub);
		if (parse_status(c, "status", &st, input, sub, err) != 0)
			return -1;
		if (vr_add_change(v, at, (enum vuln_status)st) != 0)
			return err_internal(err, input, "out of memory");
	}
	return 0;
}

static int
parse_version(const json_t *o, struct vuln_product *p, const char *input,
    const char *path, struct fw_err *err)
{
	struct vuln_range *v;
	int st;

	if (!json_is_object(o))
		return err_set(err, input, ERR_NO_OFFSET, "%s: expected an object", path);
	if ((v = vr_add_range(p)) == NULL)
		return err_internal(err, input, "out of memory");
	if (opt_str(o, "version", &v->version, input, path, err) != 0 ||
	    opt_str(o, "lessThan", &v->less_than, input, path, err) != 0 ||
	    opt_str(o, "lessThanOrEqual", &v->less_equal, input, path, err) != 0 ||
	    opt_str(o, "versionType", &v->version_type, input, path, err) != 0 ||
	    parse_status(o, "status", &st, input, path, err) != 0)
		return -1;
	if (v->version == NULL)
		return err_set(err, input, ERR_NO_OFFSET, "%s.version: expected a string", path);
	v->status = (enum vuln_status)st;
	return parse_changes(o, v, input, path, err);
}

static int
parse_cpes(const json_t *o, struct vuln_product *p, const char *input,
    const char *path, struct fw_err *err)
{
	const json_t *a = json_object_get(o, "cpes"), *c;
	size_t i;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return err_set(err, input, ERR_NO_OFFSET, "%s.cpes: expected an array", path);
	json_array_foreach(a, i, c) {
		if (!json_is_string(c))
			return err_set(err, input, ERR_NO_OFFSET, "%s.cpes[%zu]: expected a string",
			    path, i);
		if (vr_add_cpe(p, json_string_value(c)) != 0)
			return err_internal(err, input, "out of memory");
	}
	return 0;
}

static int
parse_affected(const json_t *o, const char *container, struct vuln_record *r,
    const char *input, const char *path, struct fw_err *err)
{
	struct vuln_product *p;
	const json_t *vs, *v;
	char sub[160];
	size_t i;

	if (!json_is_object(o))
		return err_set(err, input, ERR_NO_OFFSET, "%s: expected an object", path);
	if ((p = vr_add_product(r)) == NULL || (p->container = strdup(container)) == NULL)
		return err_internal(err, input, "out of memory");
	if (opt_str(o, "vendor", &p->vendor, input, path, err) != 0 ||
	    opt_str(o, "product", &p->product, input, path, err) != 0 ||
	    opt_str(o, "packageName", &p->package, input, path, err) != 0 ||
	    opt_str(o, "packageURL", &p->purl, input, path, err) != 0 ||
	    parse_cpes(o, p, input, path, err) != 0)
		return -1;
	if (json_object_get(o, "defaultStatus") != NULL &&
	    parse_status(o, "defaultStatus", &p->default_status, input, path, err) != 0)
		return -1;
	if ((vs = json_object_get(o, "versions")) == NULL)
		return 0;	/* the matcher says "cannot decide" for an entry without any */
	if (!json_is_array(vs))
		return err_set(err, input, ERR_NO_OFFSET, "%s.versions: expected an array", path);
	json_array_foreach(vs, i, v) {
		snprintf(sub, sizeof(sub), "%s.versions[%zu]", path, i);
		if (parse_version(v, p, input, sub, err) != 0)
			return -1;
	}
	return 0;
}

static int
parse_container(const json_t *c, const char *container, const char *path,
    struct vuln_record *r, const char *input, struct fw_err *err)
{
	const json_t *a = json_object_get(c, "affected"), *o;
	char sub[128];
	size_t i;

	if (!json_is_object(c))
		return err_set(err, input, ERR_NO_OFFSET, "%s: expected an object", path);
	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return err_set(err, input, ERR_NO_OFFSET, "%s.affected: expected an array", path);
	json_array_foreach(a, i, o) {
		snprintf(sub, sizeof(sub), "%s.affected[%zu]", path, i);
		if (parse_affected(o, container, r, input, sub, err) != 0)
			return -1;
	}
	return 0;
}

static char *
english_description(const json_t *cna)
{
	const json_t *d;
	size_t i;

	json_array_foreach(json_object_get(cna, "descriptions"), i, d) {
		const char *lang = json_string_value(json_object_get(d, "lang"));

		if (lang != NULL && strncmp(lang, "en", 2) == 0)
			return vr_strdup(d, "value");
	}
	return NULL;
}

/* The first CVSS score the containers give, newest CVSS version first; the
 * CNA's own words (format "other", OpenSSL's "Low") when it gives no score. */
static char *
severity_of(const json_t *metrics)
{
	static const char *const keys[][2] = {
		{ "cvssV4_0", "4.0" }, { "cvssV3_1", "3.1" }, { "cvssV3_0", "3.0" },
		{ "cvssV2_0", "2.0" },
	};
	const json_t *m;
	char buf[96];
	size_t i;

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		json_array_foreach(metrics, i, m) {
			const json_t *c = json_object_get(m, keys[k][0]);
			const char *sev = json_string_value(json_object_get(c, "baseSeverity"));

			if (c != NULL && json_is_number(json_object_get(c, "baseScore"))) {
				snprintf(buf, sizeof(buf), "%s %.1f (CVSS %s)", sev ? sev : "",
				    json_number_value(json_object_get(c, "baseScore")), keys[k][1]);
				return strdup(buf[0] == ' ' ? buf + 1 : buf);
			}
		}
	json_array_foreach(metrics, i, m) {
		const char *t = json_string_value(json_object_get(json_object_get(
		    json_object_get(m, "other"), "content"), "text"));

		if (t != NULL && strlen(t) < 40) {
			snprintf(buf, sizeof(buf), "%s (CNA's own rating)", t);
			return strdup(buf);
		}
	}
	return NULL;
}

static int
parse_meta(const json_t *doc, struct vuln_record *r, const char *input, struct fw_err *err)
{
	const json_t *meta = json_object_get(doc, "cveMetadata");
	const char *id = json_string_value(json_object_get(meta, "cveId"));
	const char *state = json_string_value(json_object_get(meta, "state"));

	if (id == NULL)
		return err_set(err, input, ERR_NO_OFFSET, "cveMetadata.cveId: expected a string");
	if (state == NULL)
		return err_set(err, input, ERR_NO_OFFSET, "%s: cveMetadata.state: expected "
		    "\"PUBLISHED\" or \"REJECTED\"", id);
	r->rejected = strcmp(state, "REJECTED") == 0;
	r->id = strdup(id);
	r->format = strdup("cve5");
	r->assigner = vr_strdup(meta, "assignerShortName");
	r->updated = vr_strdup(meta, "dateUpdated");
	if (r->updated == NULL)
		r->updated = vr_strdup(meta, "datePublished");
	if (r->id == NULL || r->format == NULL)
		return err_internal(err, input, "out of memory");
	return 0;
}

int
cve5_parse(const json_t *doc, const char *input, struct vuln_record *r, struct fw_err *err)
{
	const json_t *containers = json_object_get(doc, "containers"), *cna, *adp, *a;
	char label[96], path[64], where[512];
	size_t i;

	memset(r, 0, sizeof(*r));
	if (parse_meta(doc, r, input, err) != 0)
		goto fail;
	/* Errors name the record too: a feed file may hold many. */
	snprintf(where, sizeof(where), "%s: %s", input ? input : "-", r->id);
	input = where;
	cna = json_object_get(containers, "cna");
	if (cna == NULL && !r->rejected) {
		err_set(err, input, ERR_NO_OFFSET, "containers.cna: expected an object");
		goto fail;
	}
	if (r->rejected)
		return 0;
	if (parse_container(cna, "cna", "containers.cna", r, input, err) != 0)
		goto fail;
	r->description = english_description(cna);
	r->severity = severity_of(json_object_get(cna, "metrics"));
	adp = json_object_get(containers, "adp");
	json_array_foreach(adp, i, a) {
		const char *who = json_string_value(json_object_get(json_object_get(a,
		    "providerMetadata"), "shortName"));

		snprintf(label, sizeof(label), "adp:%s", who ? who : "?");
		snprintf(path, sizeof(path), "containers.adp[%zu]", i);
		if (parse_container(a, label, path, r, input, err) != 0)
			goto fail;
		if (r->severity == NULL)
			r->severity = severity_of(json_object_get(a, "metrics"));
	}
	return 0;
fail:
	vuln_record_free(r);
	return -1;
}

const char *
vuln_doc_format(const json_t *doc)
{
	if (json_object_get(doc, "cveMetadata") != NULL ||
	    json_object_get(doc, "dataType") != NULL)
		return "cve5";
	if (json_object_get(doc, "vulnerabilities") != NULL &&
	    json_object_get(doc, "format") != NULL)
		return "nvd";
	if (json_object_get(doc, "schema_version") != NULL ||
	    (json_object_get(doc, "id") != NULL && json_object_get(doc, "modified") != NULL))
		return "osv";
	return NULL;
}
