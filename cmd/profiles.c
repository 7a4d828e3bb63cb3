#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/error.h"
#include "core/predicate.h"
#include "cmd/optable.h"
#include "cmd/profile_coverage.h"
#include "core/ruleset.h"

/* What a pass needs and why: a lab reads this beside the verdict. */
static void
show_evidence_rule(const struct provision *x)
{
	size_t i;
	json_t *g;

	json_array_foreach(x->requires, i, g) {
		printf("%28s pass needs %s: ", "",
		    json_string_value(json_object_get(g, "evidence")));
		print_json_list(json_object_get(g, "rules"));
		printf("%s\n", json_array_size(json_object_get(g, "rules")) > 1 ?
		    " (one passing)" : "");
	}
	if (x->evidence_basis != NULL)
		printf("%28s basis: %s\n", "", x->evidence_basis);
}

static void
print_declared_key(const char *path, void *arg)
{
	const char *prefix = "declared.";

	if (strncmp(path, prefix, strlen(prefix)) == 0)
		printf("%s%s: false", (*(int *)arg)++ ? ", " : "", path + strlen(prefix));
}

/* The declarations that make x not applicable, as the vendor writes them. */
static void
show_features(const struct profile *p, const struct provision *x)
{
	size_t i;
	json_t *id;
	int n = 0;

	printf("%28s not applicable when declared: ", "");
	json_array_foreach(x->features, i, id)
		for (size_t k = 0; k < p->nfeatures; k++)
			if (strcmp(p->features[k].id, json_string_value(id)) == 0 &&
			    p->features[k].when != NULL)
				pred_walk_facts(p->features[k].when, print_declared_key, &n);
	putchar('\n');
}

static const struct opt_row *const profiles_sub_tables[] = { help_opt_rows, NULL };

static const char *const list_usage[] = { "profiles list", NULL };
static const struct cmd_doc profiles_list_doc = {
	"profiles list", "the baselines, with their number of provisions", list_usage,
	"Lists the profiles: the baselines fwaudit reports against, each with its title and "
	"number of provisions.", profiles_sub_tables, NULL
};

static const struct opt_row *const profiles_show_tables[] = {
	profile_coverage_opt_rows, help_opt_rows, NULL
};
static const char *const show_usage[] = { "profiles show NAME",
	"profiles show NAME --coverage [--declarations FILE]", NULL };
static const struct cmd_doc profiles_show_doc = {
	"profiles show", "one baseline's provisions and the rules that give evidence",
	show_usage,
	"Shows one profile: each provision's ID (and its ID in the older version the profile "
	"also answers to), status, title, the rules that give evidence for it and the "
	"declarations that answer it. With `--coverage`, how many provisions have a machine "
	"rule, how many only declarations, how many need the lab.", profiles_show_tables, NULL
};

static const char *const profiles_usage[] = { "profiles list", "profiles show NAME", NULL };
static const struct cmd_doc *const profiles_subs[] = {
	&profiles_list_doc, &profiles_show_doc, NULL
};

const struct cmd_doc profiles_doc = {
	"profiles", "list | show NAME: the baselines (EN 303 645, PSWG, EN 18031, CRA)", profiles_usage,
	"The profiles (`rules/profiles/*.yaml`) list the provisions of one baseline and which "
	"rules give evidence for each; provisions no tool can test are answered from the "
	"vendor's declarations.", profiles_sub_tables, profiles_subs
};

static void
show(const struct profile *p)
{
	printf("%s: %s\n%s V%s%s%s\n", p->id, p->title, p->standard, p->version,
	    p->alias_version ? ", IDs also in V" : "",
	    p->alias_version ? p->alias_version : "");
	if (p->note)
		printf("note: %s\n", p->note);
	putchar('\n');
	for (size_t i = 0; i < p->nprovisions; i++) {
		const struct provision *x = &p->provisions[i];

		printf("%-8s %-8s %-10s %s\n", x->id, x->alias ? x->alias : "-",
		    x->status, x->title);
		if (json_array_size(x->rules) > 0) {
			printf("%28s rules: ", "");
			print_json_list(x->rules);
			putchar('\n');
		}
		if (json_array_size(x->declarations) > 0) {
			printf("%28s declared: ", "");
			print_json_list(x->declarations);
			putchar('\n');
		}
		if (json_array_size(x->features) > 0)
			show_features(p, x);
		show_evidence_rule(x);
		if (x->note != NULL)
			printf("%28s note: %s\n", "", x->note);
	}
}

int
cmd_profiles(int argc, char **argv)
{
	const struct cmd_doc *sub;
	struct opt_parser op;
	struct ruleset *rs;
	struct fw_err err;
	int opt, status = FWAUDIT_EXIT_CLEAN;
	bool is_show, coverage = false;
	const char *decl_path = NULL;

	if ((sub = cmd_sub_select(&profiles_doc, &argc, &argv, &status)) == NULL)
		return status;
	opt_parser_init(&op, sub);
	optind = 1;
	while ((opt = opt_next(&op, argc, argv, &status)) != -1) {
		if (opt == OPT_STOP)
			return status;
		if (opt == OPT_COVERAGE)
			coverage = true;
		else if (opt == OPT_COVERAGE_DECLARATIONS)
			decl_path = optarg;
	}
	is_show = sub == &profiles_show_doc;
	if (argc - optind != (is_show ? 1 : 0)) {
		cmd_usage_text(sub, stderr);
		return FWAUDIT_EXIT_USAGE;
	}
	if (ruleset_load(&rs, rules_default_dir(), NULL, &err) != 0)
		return die(FWAUDIT_EXIT_USAGE, "%s", err.msg);
	if (!is_show) {
		for (size_t i = 0; i < rs->nprofiles; i++)
			printf("%-20s %s (%zu provisions)\n", rs->profiles[i]->id,
			    rs->profiles[i]->title, rs->profiles[i]->nprovisions);
	} else {
		const struct profile *p = ruleset_profile(rs, argv[optind]);

		if (p == NULL)
			status = die(FWAUDIT_EXIT_USAGE, "no profile '%s' ('fwaudit profiles list' "
			    "shows them)", argv[optind]);
		else if (coverage)
			status = profile_coverage(rs, p, decl_path);
		else
			show(p);
	}
	ruleset_free(rs);
	return status;
}
