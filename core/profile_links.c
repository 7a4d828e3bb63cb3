#include "core/profile_links.h"
#include "util/json_out.h"

#include <string.h>

bool
rule_names_provision(const struct rule *r, const char *profile, const char *id)
{
	return json_array_has_string(json_object_get(r->provisions, profile), id);
}

static int
link_one(struct rule *r, const char *profile, const char *provision)
{
	json_t *list = json_object_get(r->provisions, profile);

	if (list == NULL) {
		if ((list = json_array()) == NULL ||
		    json_object_set_new(r->provisions, profile, list) != 0)
			return -1;
	}
	if (json_array_has_string(list, provision))
		return 0;
	return json_array_append_new(list, json_string(provision));
}

int
profile_links_apply(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->nprofiles; i++) {
		const struct profile *p = rs->profiles[i];

		for (size_t k = 0; k < p->nprovisions; k++) {
			const struct provision *x = &p->provisions[k];
			size_t j;
			json_t *id;

			json_array_foreach(x->rules, j, id) {
				struct rule *r = (struct rule *)ruleset_rule(rs,
				    json_string_value(id));

				if (r != NULL && link_one(r, p->id, x->id) != 0)
					return -1;
			}
		}
	}
	return 0;
}
