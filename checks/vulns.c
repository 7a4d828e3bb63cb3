/* Vulnerabilities per component (checks/vulns.h) and VEX statements
 * applied to them. */
#include <ctype.h>
#include <string.h>

#include "checks/esp_common.h"
#include "checks/vulns.h"

int
components_vuln_add(struct facts *f, json_t *item)
{
	return esp_fact_append(f, "components.vulnerabilities", item,
	    (int)json_integer_value(json_object_get(item, "input")), NULL);
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static const char *
bare(const char *v)
{
	return v[0] == 'v' && isdigit((unsigned char)v[1]) ? v + 1 : v;
}

/* pkg:type/ns/name@version, qualifiers and subpath dropped; version bare. */
static bool
same_purl(const char *a, const char *b)
{
	size_t na = strcspn(a, "@?#"), nb = strcspn(b, "@?#");
	const char *va = a[na] == '@' ? a + na + 1 : "", *vb = b[nb] == '@' ? b + nb + 1 : "";

	va = bare(va);
	vb = bare(vb);
	return *a && na == nb && strncasecmp(a, b, na) == 0 &&
	    strcspn(va, "?#") == strcspn(vb, "?#") && strncmp(va, vb, strcspn(va, "?#")) == 0;
}

/* cpe:2.3:part:vendor:product:version: vendor, product and version equal. */
static bool
same_cpe(const char *a, const char *b)
{
	const char *pa = a, *pb = b;

	for (int field = 0; field < 3; field++) {	/* past "cpe", "2.3", part */
		pa = strchr(pa, ':');
		pb = strchr(pb, ':');
		if (pa == NULL || pb == NULL)
			return false;
		pa++, pb++;
	}
	for (int field = 0; field < 3; field++) {
		size_t n = strcspn(pa, ":"), m = strcspn(pb, ":");

		if (n != m || strncasecmp(pa, pb, n) != 0)
			return false;
		pa += n + (pa[n] == ':');
		pb += m + (pb[m] == ':');
	}
	return true;
}

static bool
targets_component(const json_t *t, const json_t *c)
{
	const char *ref = str(t, "ref"), *purl = *str(t, "purl") ? str(t, "purl") :
	    strncmp(ref, "pkg:", 4) == 0 ? ref : "";
	const char *cpe = *str(t, "cpe") ? str(t, "cpe") :
	    strncmp(ref, "cpe:2.3:", 8) == 0 ? ref : "";

	if (strcmp(ref, str(c, "bom_ref")) == 0)
		return true;
	if (*purl && *str(c, "purl") && same_purl(purl, str(c, "purl")))
		return true;
	if (*cpe && *str(c, "cpe") && same_cpe(cpe, str(c, "cpe")))
		return true;
	return *str(t, "name") && *str(t, "version") && *str(c, "version") &&
	    strcasecmp(str(t, "name"), str(c, "name")) == 0 &&
	    strcmp(bare(str(t, "version")), bare(str(c, "version"))) == 0;
}

static const json_t *
component_of(const json_t *comps, const char *ref)
{
	const json_t *c;
	size_t i;

	json_array_foreach(comps, i, c)
		if (strcmp(str(c, "bom_ref"), ref) == 0)
			return c;
	return NULL;
}

/* Whether statement s is about vulnerability v of its component. */
static bool
applies(const json_t *s, const json_t *v, const json_t *comps)
{
	const json_t *t, *c = component_of(comps, str(v, "component"));
	size_t i;

	if (strcmp(str(s, "id"), str(v, "id")) != 0)
		return false;
	if (json_array_size(json_object_get(s, "targets")) == 0)
		return true;	/* about every component with that vulnerability */
	json_array_foreach(json_object_get(s, "targets"), i, t)
		if (c != NULL && targets_component(t, c))
			return true;
	return false;
}

void
components_vex_apply(struct facts *f)
{
	json_t *stmts = json_object_get(fact_record(f, "vex.statements"), "value");
	json_t *vulns = json_object_get(fact_record(f, "components.vulnerabilities"), "value");
	json_t *comps = json_object_get(fact_record(f, "components"), "value");
	json_t *unmatched, *s, *v;
	size_t i, k;

	if (!json_is_array(stmts))
		return;
	unmatched = json_array();
	json_array_foreach(stmts, i, s) {
		bool used = false;

		json_array_foreach(vulns, k, v) {
			if (!applies(s, v, comps) || json_object_get(v, "analysis") != NULL)
				continue;
			json_object_set_new(v, "analysis", json_pack("{s:s, s:s?, s:O, s:s?, s:O, "
			    "s:O}", "state", str(s, "state"), "justification",
			    json_string_value(json_object_get(s, "justification")), "response",
			    json_object_get(s, "response"), "detail",
			    json_string_value(json_object_get(s, "detail")), "input",
			    json_object_get(s, "input"), "statement", json_object_get(s, "statement")));
			used = true;
		}
		if (!used)
			json_array_append_new(unmatched, json_pack("{s:O, s:O, s:s}", "input",
			    json_object_get(s, "input"), "statement", json_object_get(s, "statement"),
			    "id", str(s, "id")));
	}
	fact_set(f, "vex.unmatched", unmatched, (int)json_integer_value(json_object_get(
	    fact_record(f, "vex.statements"), "input")), NULL);
}
