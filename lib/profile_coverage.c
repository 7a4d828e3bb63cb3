#include "lib/profile_coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/declarations.h"
#include "core/facts.h"
#include "core/profile_links.h"
#include "lib/result.h"

enum cov_kind { COV_MACHINE, COV_DECLARED, COV_LAB, COV_ABSENT, COV_KINDS };

static const char *const cov_names[COV_KINDS] = {
	"with a machine rule", "declarations only", "lab assessment only",
	"declared absent (left out)"
};

/* Whether rule id (when loaded) reads any evidence other than declarations:
 * 1 machine, 0 declarations only, -1 not loaded. */
static int
rule_kind(const struct ruleset *rs, const char *id)
{
	const struct rule *r = ruleset_rule(rs, id);

	return r == NULL ? -1 : !r->declaration_only;
}

static enum cov_kind
classify(const struct ruleset *rs, const struct profile *p, const struct provision *x)
{
	bool machine = false, declared = json_array_size(x->declarations) > 0;
	size_t i, j;
	json_t *id, *grp;

	for (i = 0; i < rs->nrules && !machine; i++)
		if (rule_names_provision(rs->rules[i], p->id, x->id)) {
			machine = !rs->rules[i]->declaration_only;
			declared = true;
		}
	json_array_foreach(x->rules, i, id) {
		int k = rule_kind(rs, json_string_value(id));

		machine |= k == 1;
		declared |= k == 0;
	}
	json_array_foreach(x->requires, i, grp)
		json_array_foreach(json_object_get(grp, "rules"), j, id) {
			int k = rule_kind(rs, json_string_value(id));

			machine |= k == 1;
			declared |= k == 0;
		}
	return machine ? COV_MACHINE : declared ? COV_DECLARED : COV_LAB;
}

/* Whether one of x's features is declared absent in f. */
static bool
declared_absent(const struct profile *p, const struct provision *x, const struct facts *f)
{
	size_t i;
	json_t *id;

	json_array_foreach(x->features, i, id)
		for (size_t k = 0; k < p->nfeatures; k++) {
			struct pred_ctx ctx = { .facts = f };

			if (strcmp(p->features[k].id, json_string_value(id)) == 0 &&
			    p->features[k].when != NULL &&
			    pred_eval(p->features[k].when, &ctx) == T_FALSE)
				return true;
		}
	return false;
}

static void
print_kind(FILE *out, const struct profile *p, const enum cov_kind *kinds, enum cov_kind k,
    size_t n, size_t counted)
{
	json_t *ids = json_array();

	for (size_t i = 0; i < p->nprovisions; i++)
		if (kinds[i] == k)
			json_array_append_new(ids, json_string(p->provisions[i].id));
	if (k == COV_ABSENT)
		fprintf(out, "  %-28s %3zu\n", cov_names[k], n);
	else
		fprintf(out, "  %-28s %3zu  (%zu%%)\n", cov_names[k], n,
		    counted ? (n * 100 + counted / 2) / counted : 0);
	if (n > 0) {
		fprintf(out, "    ");
		lib_print_list(out, ids);
		fputc('\n', out);
	}
	json_decref(ids);
}

int
profile_coverage(FILE *out, const struct ruleset *rs, const struct profile *p,
    const char *decl_path, struct scan_result *res)
{
	enum cov_kind *kinds = calloc(p->nprovisions + 1, sizeof(*kinds));
	size_t n[COV_KINDS] = { 0 }, counted;
	struct facts *f = NULL;
	struct fw_err err;

	if (kinds == NULL)
		return lib_fail(res, EXIT_INTERNAL, "out of memory");
	if (decl_path != NULL) {
		int bad = (f = facts_new()) == NULL ? EXIT_INTERNAL :
		    declarations_collect(f, decl_path, &err) != 0 ? EXIT_USAGE : 0;

		if (bad != 0) {
			free(kinds);
			facts_free(f);
			return lib_fail(res, bad, "%s", bad == EXIT_USAGE ? err.msg : "out of memory");
		}
	}
	for (size_t i = 0; i < p->nprovisions; i++) {
		const struct provision *x = &p->provisions[i];

		kinds[i] = f != NULL && declared_absent(p, x, f) ? COV_ABSENT :
		    classify(rs, p, x);
		n[kinds[i]]++;
	}
	counted = p->nprovisions - n[COV_ABSENT];
	fprintf(out, "%s: %s\ncoverage of %zu provisions%s:\n", p->id, p->title, counted,
	    f != NULL ? " that apply to the declared product" : "");
	for (int k = 0; k < COV_KINDS; k++)
		if (k != COV_ABSENT || f != NULL)
			print_kind(out, p, kinds, (enum cov_kind)k, n[k], counted);
	free(kinds);
	facts_free(f);
	return lib_done(res, EXIT_CLEAN);
}
