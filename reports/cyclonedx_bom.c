/* The CycloneDX SBOM document: metadata, the components as a tree (images,
 * the libraries inside each), dependencies and how complete it is. */
#include <string.h>

#include "reports/cyclonedx.h"

#define PRODUCT_REF "product"

static const char *
declared(const json_t *report, const char *name)
{
	const json_t *rec = json_object_get(json_object_get(report, "facts"), name);

	return json_string_value(json_object_get(rec, "value"));
}

/* The first app item, which names the product when nothing is declared. */
static const json_t *
first_app(const json_t *report)
{
	const json_t *items = cdx_components(report), *it;
	size_t i;

	json_array_foreach(items, i, it)
		if (!strcmp(jstr(it, "id"), "app"))
			return it;
	return NULL;
}

json_t *
cdx_metadata(const json_t *report)
{
	const json_t *tool = json_object_get(report, "tool"), *app = first_app(report);
	const char *name = declared(report, "declared.product.name");
	const char *ver = declared(report, "declared.product.firmware_version");
	const char *maker = declared(report, "declared.product.manufacturer");
	json_t *product, *m;

	product = json_pack("{s:s, s:s, s:s}", "type", name ? "device" : "firmware",
	    "bom-ref", PRODUCT_REF, "name", name ? name : app ? jstr(app, "name") :
	    "firmware (unidentified)");
	if (ver == NULL && app != NULL && *jstr(app, "version"))
		ver = jstr(app, "version");
	if (ver != NULL)
		json_object_set_new(product, "version", json_string(ver));
	m = json_pack("{s:s, s:[{s:s}], s:{s:[{s:s, s:s, s:s}]}, s:o}",
	    "timestamp", jstr(report, "generated_at"),
	    "lifecycles", "phase", "post-build",
	    "tools", "components", "type", "application", "name", "fwaudit", "version",
	    jstr(tool, "version"), "component", product);
	if (m != NULL && maker != NULL)
		json_object_set_new(m, "manufacturer", json_pack("{s:s}", "name", maker));
	return m;
}

/* Items as a tree: those without a parent at the top, the rest inside
 * their parent's "components"; with the dependencies that says. */
static void
build_tree(const json_t *report, json_t *top, json_t *deps)
{
	const json_t *items = cdx_components(report), *it;
	json_t *byref = json_object(), *depof = json_object(), *product_deps = json_array();
	json_t *comp, *parent, *d;
	size_t i;

	json_array_foreach(items, i, it) {
		if ((comp = cdx_component(report, it)) == NULL)
			continue;
		json_object_set(byref, jstr(it, "bom_ref"), comp);
		parent = json_object_get(it, "parent") ?
		    json_object_get(byref, jstr(it, "parent")) : NULL;
		if (parent == NULL) {
			json_array_append(top, comp);
			json_array_append_new(product_deps, json_string(jstr(it, "bom_ref")));
			d = json_pack("{s:s, s:[]}", "ref", jstr(it, "bom_ref"), "dependsOn");
			json_object_set(depof, jstr(it, "bom_ref"), json_object_get(d, "dependsOn"));
			json_array_append_new(deps, d);
		} else {
			if (json_object_get(parent, "components") == NULL)
				json_object_set_new(parent, "components", json_array());
			json_array_append(json_object_get(parent, "components"), comp);
			json_array_append_new(json_object_get(depof, jstr(it, "parent")),
			    json_string(jstr(it, "bom_ref")));
		}
		json_decref(comp);
	}
	json_array_insert_new(deps, 0, json_pack("{s:s, s:o}", "ref", PRODUCT_REF, "dependsOn",
	    product_deps));
	json_decref(byref);
	json_decref(depof);
}

int
report_write_cyclonedx(const json_t *report, FILE *fp, const struct report_opts *o)
{
	char serial[46];
	json_t *top = json_array(), *deps = json_array(), *doc;
	int rc;

	(void)o;
	cdx_serial(report, "sbom", serial);
	build_tree(report, top, deps);
	/* Read from the binaries: what they do not show is not listed. */
	doc = json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:[{s:s, s:[s]}]}",
	    "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json",
	    "bomFormat", "CycloneDX", "specVersion", "1.6", "serialNumber", serial,
	    "version", 1, "metadata", cdx_metadata(report), "components", top,
	    "dependencies", deps, "compositions", "aggregate",
	    cdx_components(report) ? "incomplete" : "unknown", "assemblies", PRODUCT_REF);
	if (doc == NULL)
		return -1;
	rc = report_dump_json(doc, fp, JSON_INDENT(2));
	json_decref(doc);
	return rc;
}
