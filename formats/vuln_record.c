#include <stdlib.h>
#include <string.h>

#include "formats/vuln_record.h"
#include "util/json_out.h"

static const char *const status_names[] = {
	"affected", "not affected", "unknown", "cannot decide", "not applicable"
};

const char *
vuln_status_name(enum vuln_status s)
{
	return (unsigned)s < sizeof(status_names) / sizeof(status_names[0]) ?
	    status_names[s] : "?";
}

int
vuln_status_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "affected") == 0)
		return VS_AFFECTED;
	if (strcmp(s, "unaffected") == 0)
		return VS_NOT_AFFECTED;
	if (strcmp(s, "unknown") == 0)
		return VS_UNKNOWN;
	return -1;
}

char *
vr_strdup(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? strdup(s) : NULL;
}

struct vuln_product *
vr_add_product(struct vuln_record *r)
{
	struct vuln_product *p = realloc(r->products, (r->nproducts + 1) * sizeof(*p));

	if (p == NULL)
		return NULL;
	r->products = p;
	p = &r->products[r->nproducts++];
	memset(p, 0, sizeof(*p));
	p->default_status = -1;
	return p;
}

struct vuln_range *
vr_add_range(struct vuln_product *p)
{
	struct vuln_range *v = realloc(p->ranges, (p->nranges + 1) * sizeof(*v));

	if (v == NULL)
		return NULL;
	p->ranges = v;
	v = &p->ranges[p->nranges++];
	memset(v, 0, sizeof(*v));
	v->status = VS_AFFECTED;
	return v;
}

int
vr_add_cpe(struct vuln_product *p, const char *cpe)
{
	char **c;

	if (cpe == NULL)
		return 0;
	if ((c = realloc(p->cpes, (p->ncpes + 1) * sizeof(*c))) == NULL)
		return -1;
	p->cpes = c;
	if ((c[p->ncpes] = strdup(cpe)) == NULL)
		return -1;
	p->ncpes++;
	return 0;
}

int
vr_add_change(struct vuln_range *v, const char *at, enum vuln_status st)
{
	struct vuln_change *c = realloc(v->changes, (v->nchanges + 1) * sizeof(*c));

	if (c == NULL)
		return -1;
	v->changes = c;
	if ((c[v->nchanges].at = strdup(at)) == NULL)
		return -1;
	c[v->nchanges++].status = st;
	return 0;
}

void
vuln_record_free(struct vuln_record *r)
{
	for (size_t i = 0; i < r->nproducts; i++) {
		struct vuln_product *p = &r->products[i];

		for (size_t j = 0; j < p->nranges; j++) {
			free(p->ranges[j].version);
			free(p->ranges[j].less_than);
			free(p->ranges[j].less_equal);
			free(p->ranges[j].version_type);
			for (size_t k = 0; k < p->ranges[j].nchanges; k++)
				free(p->ranges[j].changes[k].at);
			free(p->ranges[j].changes);
		}
		for (size_t j = 0; j < p->ncpes; j++)
			free(p->cpes[j]);
		free(p->ranges);
		free(p->cpes);
		free(p->container);
		free(p->vendor);
		free(p->product);
		free(p->package);
		free(p->purl);
		free(p->condition);
	}
	free(r->products);
	free(r->id);
	free(r->format);
	free(r->assigner);
	free(r->updated);
	free(r->description);
	free(r->severity);
	memset(r, 0, sizeof(*r));
}


static json_t *
range_to_json(const struct vuln_range *v)
{
	json_t *o = json_object();

	json_set_string(o, "v", v->version);
	json_set_string(o, "lt", v->less_than);
	json_set_string(o, "le", v->less_equal);
	json_set_string(o, "t", v->version_type);
	if (v->lower_excl)
		json_object_set_new(o, "gx", json_true());
	json_object_set_new(o, "s", json_integer(v->status));
	if (v->nchanges > 0) {
		json_t *ch = json_array();

		for (size_t i = 0; i < v->nchanges; i++)
			json_array_append_new(ch, json_pack("[si]", v->changes[i].at,
			    (int)v->changes[i].status));
		json_object_set_new(o, "ch", ch);
	}
	return o;
}

json_t *
vuln_products_to_json(const struct vuln_record *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->nproducts; i++) {
		const struct vuln_product *p = &r->products[i];
		json_t *o = json_object(), *rs = json_array(), *cs = json_array();

		json_set_string(o, "c", p->container);
		json_set_string(o, "vendor", p->vendor);
		json_set_string(o, "product", p->product);
		json_set_string(o, "package", p->package);
		json_set_string(o, "purl", p->purl);
		json_set_string(o, "cond", p->condition);
		json_object_set_new(o, "d", json_integer(p->default_status));
		for (size_t j = 0; j < p->ncpes; j++)
			json_array_append_new(cs, json_string(p->cpes[j]));
		for (size_t j = 0; j < p->nranges; j++)
			json_array_append_new(rs, range_to_json(&p->ranges[j]));
		json_object_set_new(o, "cpes", cs);
		json_object_set_new(o, "r", rs);
		json_array_append_new(a, o);
	}
	return a;
}

static int
range_from_json(const json_t *o, struct vuln_product *p)
{
	struct vuln_range *v = vr_add_range(p);
	const json_t *c;
	size_t i;

	if (v == NULL)
		return -1;
	v->version = vr_strdup(o, "v");
	v->less_than = vr_strdup(o, "lt");
	v->less_equal = vr_strdup(o, "le");
	v->version_type = vr_strdup(o, "t");
	v->lower_excl = json_is_true(json_object_get(o, "gx"));
	v->status = (enum vuln_status)json_integer_value(json_object_get(o, "s"));
	json_array_foreach(json_object_get(o, "ch"), i, c) {
		const char *at = json_string_value(json_array_get(c, 0));

		if (at == NULL || vr_add_change(v, at, (enum vuln_status)json_integer_value(
		    json_array_get(c, 1))) != 0)
			return -1;
	}
	return 0;
}

int
vuln_products_from_json(const json_t *a, struct vuln_record *r)
{
	size_t i, j;
	json_t *o, *x;

	json_array_foreach(a, i, o) {
		struct vuln_product *p = vr_add_product(r);

		if (p == NULL)
			return -1;
		p->container = vr_strdup(o, "c");
		p->vendor = vr_strdup(o, "vendor");
		p->product = vr_strdup(o, "product");
		p->package = vr_strdup(o, "package");
		p->purl = vr_strdup(o, "purl");
		p->condition = vr_strdup(o, "cond");
		p->default_status = (int)json_integer_value(json_object_get(o, "d"));
		json_array_foreach(json_object_get(o, "cpes"), j, x)
			if (vr_add_cpe(p, json_string_value(x)) != 0)
				return -1;
		json_array_foreach(json_object_get(o, "r"), j, x)
			if (range_from_json(x, p) != 0)
				return -1;
	}
	return 0;
}
