/* The store's findings as JSON, and components read from JSON: the shape
 * the scan passes in and out (checks/vulndb.h). */
#include <stdlib.h>
#include <string.h>

#include "checks/vulndb.h"
#include "util/json_out.h"

static void
put(json_t *o, const char *k, const char *v)
{
	json_set_string(o, k, v != NULL && v[0] != '\0' ? v : NULL);
}

json_t *
vulndb_findings_json(const struct vulndb_findings *f, const struct vuln_component *cs)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < f->n; i++) {
		const struct vulndb_finding *x = &f->v[i];
		const struct vuln_component *c = &cs[x->component];
		json_t *o = json_object();

		json_object_set_new(o, "component", json_integer((json_int_t)x->component));
		put(o, "vendor", c->vendor);
		put(o, "product", c->product);
		put(o, "version", c->version);
		put(o, "id", x->id);
		put(o, "format", x->format);
		put(o, "severity", x->severity);
		put(o, "status", vuln_status_name(x->res.status));
		put(o, "strict", vuln_status_name(x->res.strict));
		put(o, "container", x->res.container);
		put(o, "reason", x->res.reason);
		if (x->res.flags & VF_CONFLICT)
			put(o, "conflict", x->res.conflict);
		json_object_set_new(o, "parsed_text", json_boolean(x->res.flags & VF_PARSED_TEXT));
		json_object_set_new(o, "assumed_order",
		    json_boolean(x->res.flags & VF_ASSUMED_ORDER));
		json_object_set_new(o, "prose_only", json_boolean(x->res.flags & VF_PROSE_ONLY));
		json_array_append_new(a, o);
	}
	return a;
}

int
vuln_components_from_json(const json_t *a, struct vuln_component **cs, size_t *n,
    struct fw_err *err)
{
	const json_t *o;
	size_t i;

	*cs = NULL;
	*n = 0;
	if (!json_is_array(a))
		return err_set(err, "components", ERR_NO_OFFSET, "expected an array");
	if (json_array_size(a) > 0 && (*cs = calloc(json_array_size(a), sizeof(**cs))) == NULL)
		return err_internal(err, "components", "out of memory");
	json_array_foreach(a, i, o) {
		struct vuln_component *c = &(*cs)[i];

		c->vendor = json_string_value(json_object_get(o, "vendor"));
		c->product = json_string_value(json_object_get(o, "name"));
		if (c->product == NULL)
			c->product = json_string_value(json_object_get(o, "product"));
		c->version = json_string_value(json_object_get(o, "version"));
		c->cpe = json_string_value(json_object_get(o, "cpe"));
		c->purl = json_string_value(json_object_get(o, "purl"));
		if (c->product == NULL || c->version == NULL) {
			free(*cs);
			*cs = NULL;
			return err_set(err, "components", ERR_NO_OFFSET, "[%zu]: expected \"name\" "
			    "(or \"product\") and \"version\" strings", i);
		}
	}
	*n = json_array_size(a);
	return 0;
}
