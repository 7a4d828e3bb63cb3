/* The profiles as a person reads them: the list, one profile's provisions. */
#include <stdio.h>
#include <string.h>

#include "core/predicate.h"
#include "core/ruleset.h"
#include "lib/fwaudit_browse.h"
#include "lib/profile_coverage.h"
#include "lib/result.h"

/* What a pass needs and why: a lab reads this beside the verdict. */
static void
show_evidence_rule(FILE *out, const struct provision *x)
{
	size_t i;
	json_t *g;

	json_array_foreach(x->requires, i, g) {
		fprintf(out, "%28s pass needs %s: ", "",
		    json_string_value(json_object_get(g, "evidence")));
		lib_print_list(out, json_object_get(g, "rules"));
		fprintf(out, "%s\n", json_array_size(json_object_get(g, "rules")) > 1 ?
		    " (one passing)" : "");
	}
	if (x->evidence_basis != NULL)
		fprintf(out, "%28s basis: %s\n", "", x->evidence_basis);
}

struct key_list {
	FILE *out;
	int n;
};

static void
print_declared_key(const char *path, void *arg)
{
	const char *prefix = "declared.";
	struct key_list *k = arg;

	if (strncmp(path, prefix, strlen(prefix)) == 0)
		fprintf(k->out, "%s%s: false", k->n++ ? ", " : "", path + strlen(prefix));
}

/* The declarations that make x not applicable, as the vendor writes them. */
static void
show_features(FILE *out, const struct profile *p, const struct provision *x)
{
	struct key_list k = { out, 0 };
	size_t i;
	json_t *id;

	fprintf(out, "%28s not applicable when declared: ", "");
	json_array_foreach(x->features, i, id)
		for (size_t f = 0; f < p->nfeatures; f++)
			if (strcmp(p->features[f].id, json_string_value(id)) == 0 &&
			    p->features[f].when != NULL)
				pred_walk_facts(p->features[f].when, print_declared_key, &k);
	fputc('\n', out);
}

/* "  LABEL: a, b, c" under a provision, when list has any. */
static void
show_list(FILE *out, const char *label, const json_t *list)
{
	if (json_array_size(list) == 0)
		return;
	fprintf(out, "%28s %s: ", "", label);
	lib_print_list(out, list);
	fputc('\n', out);
}

static void
show(FILE *out, const struct profile *p)
{
	fprintf(out, "%s: %s\n%s V%s%s%s\n", p->id, p->title, p->standard, p->version,
	    p->alias_version ? ", IDs also in V" : "",
	    p->alias_version ? p->alias_version : "");
	if (p->note)
		fprintf(out, "note: %s\n", p->note);
	fputc('\n', out);
	for (size_t i = 0; i < p->nprovisions; i++) {
		const struct provision *x = &p->provisions[i];

		fprintf(out, "%-8s %-8s %-10s %s\n", x->id, x->alias ? x->alias : "-",
		    x->status, x->title);
		show_list(out, "rules", x->rules);
		show_list(out, "declared", x->declarations);
		if (json_array_size(x->features) > 0)
			show_features(out, p, x);
		show_evidence_rule(out, x);
		if (x->note != NULL)
			fprintf(out, "%28s note: %s\n", "", x->note);
	}
}

int
fwaudit_profiles_list(FILE *out, struct scan_result *res)
{
	struct ruleset *rs;
	struct fw_err err;

	if (ruleset_load(&rs, rules_default_dir(), NULL, &err) != 0)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	for (size_t i = 0; i < rs->nprofiles; i++)
		fprintf(out, "%-20s %s (%zu provisions)\n", rs->profiles[i]->id,
		    rs->profiles[i]->title, rs->profiles[i]->nprovisions);
	ruleset_free(rs);
	return lib_done(res, EXIT_CLEAN);
}

/* show, or with coverage the counts (declarations as for
 * fwaudit_profiles_coverage). */
static int
show_profile(const char *name, bool coverage, const char *declarations, FILE *out,
    struct scan_result *res)
{
	const struct profile *p;
	struct ruleset *rs;
	struct fw_err err;

	if (ruleset_load(&rs, rules_default_dir(), NULL, &err) != 0)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	if ((p = ruleset_profile(rs, name)) == NULL)
		lib_fail(res, EXIT_USAGE, "no profile '%s' ('fwaudit profiles list' shows them)",
		    name);
	else if (coverage)
		profile_coverage(out, rs, p, declarations, res);
	else {
		show(out, p);
		lib_done(res, EXIT_CLEAN);
	}
	ruleset_free(rs);
	return res->status;
}

int
fwaudit_profiles_show(const char *name, FILE *out, struct scan_result *res)
{
	return show_profile(name, false, NULL, out, res);
}

int
fwaudit_profiles_coverage(const char *name, const char *declarations, FILE *out,
    struct scan_result *res)
{
	return show_profile(name, true, declarations, out, res);
}
