#include "lib/declaration_keys.h"

#include <stdio.h>
#include <string.h>

#include "core/predicate.h"
#include "core/profile_links.h"

#define DECLARED "declared."

struct key_walk {
	json_t *keys;
	const char *ref;
	const char *feature;	/* the feature's title while walking its condition */
};

/* Records key (under declared.) as needed by ref. */
static void
add_key(json_t *keys, const char *key, const char *ref, const char *feature)
{
	json_t *e = json_object_get(keys, key), *refs;
	size_t i;
	json_t *v;

	if (e == NULL) {
		e = json_pack("{s:[]}", "refs");
		if (e == NULL || json_object_set_new(keys, key, e) != 0)
			return;
	}
	if (feature != NULL && json_object_get(e, "feature") == NULL)
		json_object_set_new(e, "feature", json_string(feature));
	refs = json_object_get(e, "refs");
	json_array_foreach(refs, i, v)
		if (strcmp(json_string_value(v), ref) == 0)
			return;
	json_array_append_new(refs, json_string(ref));
}

static void
walk_fact(const char *path, void *arg)
{
	struct key_walk *w = arg;
	bool is_feature = strncmp(path, DECLARED "features.", strlen(DECLARED "features.")) == 0;

	if (strncmp(path, DECLARED, strlen(DECLARED)) != 0)
		return;
	/* a rule's feature facts are asked with the profile's features */
	if (w->feature == NULL && is_feature)
		return;
	add_key(w->keys, path + strlen(DECLARED), w->ref, w->feature);
}

static bool
required_by(const struct provision *x, const char *rule)
{
	size_t i, j;
	json_t *grp, *id;

	json_array_foreach(x->requires, i, grp)
		json_array_foreach(json_object_get(grp, "rules"), j, id)
			if (strcmp(json_string_value(id), rule) == 0)
				return true;
	return false;
}

/* The declared.* facts of the declaration-only rules that give evidence
 * for x: their answers are part of what the provision needs. */
static void
rule_keys(const struct ruleset *rs, const struct profile *p, const struct provision *x,
    struct key_walk *w)
{
	for (size_t k = 0; k < rs->nrules; k++) {
		const struct rule *r = rs->rules[k];

		if (!r->declaration_only || !(rule_names_provision(r, p->id, x->id) ||
		    required_by(x, r->id)))
			continue;
		if (r->applies != NULL)
			pred_walk_facts(r->applies, walk_fact, w);
		pred_walk_facts(r->require, walk_fact, w);
	}
}

static void
feature_keys(const struct profile *p, const struct provision *x, struct key_walk *w)
{
	size_t i;
	json_t *id;

	json_array_foreach(x->features, i, id)
		for (size_t k = 0; k < p->nfeatures; k++)
			if (strcmp(p->features[k].id, json_string_value(id)) == 0 &&
			    p->features[k].when != NULL) {
				w->feature = p->features[k].title;
				pred_walk_facts(p->features[k].when, walk_fact, w);
				w->feature = NULL;
			}
}

json_t *
declaration_keys(const struct ruleset *rs, const struct profile *const *profiles,
    size_t nprofiles)
{
	json_t *keys = json_object(), *id;
	char ref[256];
	size_t i;

	for (size_t n = 0; keys != NULL && n < nprofiles; n++) {
		const struct profile *p = profiles[n];

		for (size_t k = 0; k < p->nprovisions; k++) {
			const struct provision *x = &p->provisions[k];
			struct key_walk w = { keys, ref, NULL };

			snprintf(ref, sizeof(ref), "%s %s", p->id, x->id);
			feature_keys(p, x, &w);
			json_array_foreach(x->declarations, i, id)
				add_key(keys, json_string_value(id), ref, NULL);
			rule_keys(rs, p, x, &w);
		}
	}
	return keys;
}
