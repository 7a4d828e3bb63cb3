/* The rules as a person reads them: list, show, lint, the fact catalogue. */
#include <stdio.h>

#include "core/fact_catalog.h"
#include "core/predicate.h"
#include "core/ruleset.h"
#include "lib/fwaudit_browse.h"
#include "lib/result.h"
#include "lib/rule_show.h"

/* The built-in rules and those of user (or NULL); 0, or the exit status
 * with res set. */
static int
load(struct ruleset **rs, const char *user, struct scan_result *res)
{
	struct fw_err err;

	if (ruleset_load(rs, rules_default_dir(), user, &err) != 0)
		return lib_fail(res, EXIT_USAGE, "%s", err.msg);
	return 0;
}

int
fwaudit_rules_list(const char *rules_dir, FILE *out, struct scan_result *res)
{
	struct ruleset *rs;

	if (load(&rs, rules_dir, res) != 0)
		return res->status;
	for (size_t i = 0; i < rs->nrules; i++)
		fprintf(out, "%-36s %-8s %s\n", rs->rules[i]->id,
		    severity_name(rs->rules[i]->severity), rs->rules[i]->title);
	ruleset_free(rs);
	return lib_done(res, EXIT_CLEAN);
}

int
fwaudit_rules_show(const char *rules_dir, const char *id, FILE *out, struct scan_result *res)
{
	const struct rule *r;
	struct ruleset *rs;

	if (load(&rs, rules_dir, res) != 0)
		return res->status;
	if ((r = ruleset_rule(rs, id)) != NULL) {
		rule_show(out, rs, r);
		lib_done(res, EXIT_CLEAN);
	} else
		lib_fail(res, EXIT_USAGE, "no rule '%s' ('fwaudit rules list' shows them)", id);
	ruleset_free(rs);
	return res->status;
}

int
fwaudit_rules_facts(FILE *out, struct scan_result *res)
{
	/* a failure is a write error on out: nothing more to say there */
	return lib_done(res, fact_catalog_markdown(out) == 0 ? EXIT_CLEAN : EXIT_INTERNAL);
}

struct lint_ctx {
	const struct fact_catalog *catalog;
	const struct rule *rule;
	FILE *err;
	int warnings;
};

static void
lint_fact(const char *path, void *arg)
{
	struct lint_ctx *c = arg;

	if (!fact_catalog_known(c->catalog, path)) {
		fprintf(c->err, "%s:%u: warning: rule %s reads fact '%s', which no "
		    "collector defines (see 'fwaudit rules facts')\n", c->rule->file,
		    c->rule->line, c->rule->id, path);
		c->warnings++;
	}
}

/* The warnings of rule r: facts no collector defines, unknown profiles. */
static int
lint_rule(const struct rule *r, const struct fact_catalog *catalog,
    const struct ruleset *builtin, FILE *err)
{
	struct lint_ctx c = { .catalog = catalog, .rule = r, .err = err };
	const char *prof;
	json_t *ids;

	pred_walk_facts(r->require, lint_fact, &c);
	if (r->applies)
		pred_walk_facts(r->applies, lint_fact, &c);
	json_object_foreach(r->provisions, prof, ids) {
		if (builtin != NULL && ruleset_profile(builtin, prof) == NULL) {
			fprintf(err, "%s:%u: warning: rule %s maps to unknown profile '%s'\n",
			    r->file, r->line, r->id, prof);
			c.warnings++;
		}
	}
	return c.warnings;
}

int
fwaudit_rules_lint(const char *const *files, size_t nfiles, FILE *out, FILE *err,
    struct scan_result *res)
{
	struct ruleset *builtin = NULL;
	struct fact_catalog *catalog;
	int status = EXIT_CLEAN, warnings = 0;
	struct fw_err e;

	if ((catalog = fact_catalog_load()) == NULL)
		return lib_fail(res, EXIT_INTERNAL, "out of memory");
	if (ruleset_load(&builtin, rules_default_dir(), NULL, &e) != 0)
		builtin = NULL;
	for (size_t i = 0; i < nfiles; i++) {
		struct ruleset *rs = ruleset_new();

		if (ruleset_add_file(rs, files[i], &e) != 0 || (builtin != NULL &&
		    ruleset_check_refs(rs, builtin, &e) != 0)) {
			fprintf(err, "%s\n", e.msg);
			status = EXIT_USAGE;
			ruleset_free(rs);
			continue;
		}
		for (size_t k = 0; k < rs->nrules; k++)
			warnings += lint_rule(rs->rules[k], catalog, builtin, err);
		if (status == EXIT_CLEAN)
			fprintf(out, "%s: %zu rules ok\n", files[i], rs->nrules);
		ruleset_free(rs);
	}
	ruleset_free(builtin);
	fact_catalog_free(catalog);
	if (warnings > 0)
		fprintf(out, "%d warnings\n", warnings);
	return lib_done(res, status);
}

int
fwaudit_rules_origin(FILE *out, struct scan_result *res)
{
	struct ruleset *rs;

	if (load(&rs, NULL, res) != 0)
		return res->status;
	fprintf(out, "ruleset %s (%zu rules, %zu profiles)\nrules %s\n", rs->digest,
	    rs->nrules, rs->nprofiles, rules_default_dir());
	ruleset_free(rs);
	return lib_done(res, EXIT_CLEAN);
}
