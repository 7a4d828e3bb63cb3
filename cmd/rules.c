#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/facts.h"
#include "core/fact_catalog.h"
#include "core/ruleset.h"

static int
rules_usage(FILE *fp, int status)
{
	fputs("usage: fwaudit rules list [--rules DIR]\n"
	    "       fwaudit rules show ID [--rules DIR]\n"
	    "       fwaudit rules lint FILE...\n"
	    "       fwaudit rules facts      (the fact catalogue, Markdown)\n", fp);
	return status;
}

static int
show(const struct rule *r)
{
	const char *prof;
	json_t *ids;
	size_t i;
	json_t *v;

	printf("id:          %s\ntitle:       %s\nseverity:    %s\nfile:        %s:%u\n",
	    r->id, r->title, severity_name(r->severity), r->file, r->line);
	json_object_foreach(r->provisions, prof, ids) {
		printf("provisions:  %s: ", prof);
		print_json_list(ids);
		putchar('\n');
	}
	if (json_array_size(r->ts103701) > 0) {
		printf("TS 103 701:  ");
		print_json_list(r->ts103701);
		putchar('\n');
	}
	printf("\nrationale:\n  %s\n\nremediation:\n  %s\n", r->rationale, r->remediation);
	if (json_array_size(r->references) > 0) {
		printf("\nreferences:\n");
		json_array_foreach(r->references, i, v)
			printf("  %s\n", json_string_value(v));
	}
	return EXIT_CLEAN;
}

struct lint_ctx {
	const struct fact_catalog *catalog;
	const struct rule *rule;
	int warnings;
};

static void
lint_fact(const char *path, void *arg)
{
	struct lint_ctx *c = arg;

	if (!fact_catalog_known(c->catalog, path)) {
		fprintf(stderr, "%s:%u: warning: rule %s reads fact '%s', which no "
		    "collector defines (see 'fwaudit rules facts')\n", c->rule->file,
		    c->rule->line, c->rule->id, path);
		c->warnings++;
	}
}

static int
lint(int argc, char **argv)
{
	struct ruleset *builtin = NULL;
	struct fact_catalog *catalog;
	int status = EXIT_CLEAN, warnings = 0;
	struct fw_err err;

	if (argc < 1)
		return rules_usage(stderr, EXIT_USAGE);
	if ((catalog = fact_catalog_load()) == NULL)
		return die(EXIT_INTERNAL, "out of memory");
	if (ruleset_load(&builtin, rules_default_dir(), NULL, &err) != 0)
		builtin = NULL;
	for (int i = 0; i < argc; i++) {
		struct ruleset *rs = ruleset_new();

		if (ruleset_add_file(rs, argv[i], &err) != 0 || (builtin != NULL &&
		    ruleset_check_refs(rs, builtin, &err) != 0)) {
			fprintf(stderr, "%s\n", err.msg);
			status = EXIT_USAGE;
			ruleset_free(rs);
			continue;
		}
		for (size_t k = 0; k < rs->nrules; k++) {
			struct lint_ctx c = { .catalog = catalog, .rule = rs->rules[k] };
			const char *prof;
			json_t *ids;

			pred_walk_facts(rs->rules[k]->require, lint_fact, &c);
			if (rs->rules[k]->applies)
				pred_walk_facts(rs->rules[k]->applies, lint_fact, &c);
			json_object_foreach(rs->rules[k]->provisions, prof, ids) {
				if (builtin != NULL && ruleset_profile(builtin, prof) == NULL) {
					fprintf(stderr, "%s:%u: warning: rule %s maps to unknown "
					    "profile '%s'\n", rs->rules[k]->file,
					    rs->rules[k]->line, rs->rules[k]->id, prof);
					c.warnings++;
				}
			}
			warnings += c.warnings;
		}
		if (status == EXIT_CLEAN)
			printf("%s: %zu rules ok\n", argv[i], rs->nrules);
		ruleset_free(rs);
	}
	ruleset_free(builtin);
	fact_catalog_free(catalog);
	if (warnings > 0)
		printf("%d warnings\n", warnings);
	return status;
}

int
cmd_rules(int argc, char **argv)
{
	const char *user = NULL;
	struct ruleset *rs;
	struct fw_err err;
	int status;

	if (argc < 2)
		return rules_usage(stderr, EXIT_USAGE);
	if (!strcmp(argv[1], "--help"))
		return rules_usage(stdout, EXIT_CLEAN);
	if (!strcmp(argv[1], "lint"))
		return lint(argc - 2, argv + 2);
	if (!strcmp(argv[1], "facts"))
		return fact_catalog_markdown(stdout) == 0 ? EXIT_CLEAN : EXIT_INTERNAL;
	for (int i = 2; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--rules"))
			user = argv[i + 1];
	if (ruleset_load(&rs, rules_default_dir(), user, &err) != 0)
		return die(EXIT_USAGE, "%s", err.msg);
	if (!strcmp(argv[1], "list")) {
		for (size_t i = 0; i < rs->nrules; i++)
			printf("%-36s %-8s %s\n", rs->rules[i]->id,
			    severity_name(rs->rules[i]->severity), rs->rules[i]->title);
		status = EXIT_CLEAN;
	} else if (!strcmp(argv[1], "show") && argc >= 3) {
		const struct rule *r = ruleset_rule(rs, argv[2]);

		status = r ? show(r) : die(EXIT_USAGE, "no rule '%s' ('fwaudit rules list' "
		    "shows them)", argv[2]);
	} else {
		status = rules_usage(stderr, EXIT_USAGE);
	}
	ruleset_free(rs);
	return status;
}
