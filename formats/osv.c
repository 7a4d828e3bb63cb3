/* OSV records (ossf.github.io/osv-schema): each affected package becomes a
 * product entry, each introduced/fixed (or last_affected, limit) pair of a
 * range one version entry, each listed version an exact one. OSV lists the
 * affected versions completely, so what it does not list is not affected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/vuln_record.h"

static int
add_span(struct vuln_product *p, const char *type, const char *intro, const char *end,
    const char *end_kind)
{
	struct vuln_range *v = vr_add_range(p);
	char t[64];

	if (v == NULL)
		return -1;
	snprintf(t, sizeof(t), "osv:%s", type);
	v->version_type = strdup(t);
	v->version = strdup(intro != NULL ? intro : "0");
	if (end == NULL)
		v->less_than = strdup("*");
	else if (strcmp(end_kind, "last_affected") == 0)
		v->less_equal = strdup(end);
	else
		v->less_than = strdup(end);
	return v->version_type && v->version && (v->less_than || v->less_equal) ? 0 : -1;
}

/* Events in order: each "introduced" opens a span the next "fixed",
 * "last_affected" or "limit" closes. */
static int
parse_range(const json_t *rg, struct vuln_product *p, const char *input, const char *path,
    struct fw_err *err)
{
	static const char *const ends[] = { "fixed", "last_affected", "limit", NULL };
	const char *type = json_string_value(json_object_get(rg, "type")), *intro = NULL;
	const json_t *evs = json_object_get(rg, "events"), *e;
	bool open = false;
	size_t i;

	if (type == NULL)
		return err_set(err, input, ERR_NO_OFFSET, "%s.type: expected a string", path);
	if (!json_is_array(evs))
		return err_set(err, input, ERR_NO_OFFSET, "%s.events: expected an array", path);
	json_array_foreach(evs, i, e) {
		const char *in = json_string_value(json_object_get(e, "introduced"));
		int k;

		if (in != NULL) {
			intro = in;
			open = true;
			continue;
		}
		for (k = 0; ends[k] != NULL; k++)
			if (json_is_string(json_object_get(e, ends[k])))
				break;
		if (ends[k] == NULL)
			return err_set(err, input, ERR_NO_OFFSET, "%s.events[%zu]: expected "
			    "introduced, fixed, last_affected or limit", path, i);
		if (open && add_span(p, type, intro, json_string_value(json_object_get(e,
		    ends[k])), ends[k]) != 0)
			return err_internal(err, input, "out of memory");
		open = false;
	}
	if (open && add_span(p, type, intro, NULL, "") != 0)
		return err_internal(err, input, "out of memory");
	return 0;
}

static int
parse_affected(const json_t *a, struct vuln_record *r, const char *input, const char *path,
    struct fw_err *err)
{
	const json_t *pkg = json_object_get(a, "package"), *x;
	struct vuln_product *p;
	char sub[128];
	size_t i;

	if (!json_is_object(a))
		return err_set(err, input, ERR_NO_OFFSET, "%s: expected an object", path);
	if ((p = vr_add_product(r)) == NULL)
		return err_internal(err, input, "out of memory");
	p->container = strdup("osv");
	/* The ecosystem ("PyPI", "Debian:12") is no vendor: names match alone. */
	p->product = vr_strdup(pkg, "name");
	p->package = vr_strdup(pkg, "name");
	p->purl = vr_strdup(pkg, "purl");
	p->default_status = VS_NOT_AFFECTED;
	json_array_foreach(json_object_get(a, "ranges"), i, x) {
		snprintf(sub, sizeof(sub), "%s.ranges[%zu]", path, i);
		if (parse_range(x, p, input, sub, err) != 0)
			return -1;
	}
	json_array_foreach(json_object_get(a, "versions"), i, x) {
		struct vuln_range *v;

		if (!json_is_string(x))
			return err_set(err, input, ERR_NO_OFFSET, "%s.versions[%zu]: expected a "
			    "string", path, i);
		if ((v = vr_add_range(p)) == NULL || (v->version = strdup(json_string_value(x))) == NULL)
			return err_internal(err, input, "out of memory");
		v->version_type = strdup("osv:ECOSYSTEM");
	}
	return 0;
}

static char *
osv_severity(const json_t *doc)
{
	const char *s = json_string_value(json_object_get(json_object_get(doc,
	    "database_specific"), "severity"));
	const json_t *sv = json_array_get(json_object_get(doc, "severity"), 0);
	char buf[160];

	if (s != NULL)
		return strdup(s);
	if (json_is_string(json_object_get(sv, "score"))) {
		snprintf(buf, sizeof(buf), "%s", json_string_value(json_object_get(sv, "score")));
		return strdup(buf);
	}
	return NULL;
}

int
osv_parse(const json_t *doc, const char *input, struct vuln_record *r, struct fw_err *err)
{
	const json_t *aff = json_object_get(doc, "affected"), *a;
	char where[512], path[64];
	size_t i;

	memset(r, 0, sizeof(*r));
	if (!json_is_string(json_object_get(doc, "id")))
		return err_set(err, input, ERR_NO_OFFSET, "id: expected a string");
	r->id = vr_strdup(doc, "id");
	r->format = strdup("osv");
	r->updated = vr_strdup(doc, "modified");
	r->rejected = json_object_get(doc, "withdrawn") != NULL;
	r->description = vr_strdup(doc, "details");
	if (r->description == NULL)
		r->description = vr_strdup(doc, "summary");
	r->severity = osv_severity(doc);
	snprintf(where, sizeof(where), "%s: %s", input ? input : "-", r->id);
	if (r->updated == NULL) {
		err_set(err, where, ERR_NO_OFFSET, "modified: expected a string");
		goto fail;
	}
	if (aff != NULL && !json_is_array(aff)) {
		err_set(err, where, ERR_NO_OFFSET, "affected: expected an array");
		goto fail;
	}
	json_array_foreach(aff, i, a) {
		snprintf(path, sizeof(path), "affected[%zu]", i);
		if (parse_affected(a, r, where, path, err) != 0)
			goto fail;
	}
	return 0;
fail:
	vuln_record_free(r);
	return -1;
}
