#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "cmd/rule_show.h"
#include "core/facts.h"
#include "core/fact_catalog.h"
#include "core/ruleset.h"

enum { OPT_RULES_DIR = 1 };

static const struct opt_row rules_dir_rows[] = {
	{ "rules", OPT_RULES_DIR, "DIR", "Also load the rules in DIR (a directory of YAML "
	  "files, or one file), as `scan --rules` does; a rule with a built-in's id replaces "
	  "it.", NULL, NULL, NULL, NULL },
	OPT_ROWS_END
};

static const struct opt_row *const with_dir_tables[] = { rules_dir_rows, help_opt_rows, NULL };
static const struct opt_row *const plain_tables[] = { help_opt_rows, NULL };

static const char *const list_usage[] = { "rules list [--rules DIR]", NULL };
static const struct cmd_doc rules_list_doc = {
	"rules list", "every rule: id, severity, title", list_usage,
	"Lists every rule, built-in and from `--rules`, with its severity and title.",
	with_dir_tables, NULL
};

static const char *const show_usage[] = { "rules show [--rules DIR] ID", NULL };
static const struct cmd_doc rules_show_doc = {
	"rules show", "one rule: its logic, provisions, rationale and fix", show_usage,
	"Shows one rule: its severity and file, its logic (the `applies` and `require` "
	"predicates over facts), the provisions it gives evidence for in every profile (named "
	"by the rule or listed by the profile), its rationale, its remediation and "
	"references.", with_dir_tables, NULL
};

static const char *const lint_usage[] = { "rules lint FILE...", NULL };
static const struct cmd_doc rules_lint_doc = {
	"rules lint", "check rule files: errors with line and column", lint_usage,
	"Loads each rule file and reports mistakes with file, line and column (exit 2); a "
	"fact no collector defines and a profile that does not exist are warnings.",
	plain_tables, NULL
};

static const char *const facts_usage[] = { "rules facts", NULL };
static const struct cmd_doc rules_facts_doc = {
	"rules facts", "the fact catalogue (Markdown, docs/facts.md)", facts_usage,
	"Writes the catalogue of every fact the collectors define, in Markdown: "
	"[facts.md](facts.md) is this output.", plain_tables, NULL
};

static const char *const rules_usage[] = {
	"rules list [--rules DIR]", "rules show [--rules DIR] ID", "rules lint FILE...",
	"rules facts", NULL
};
static const struct cmd_doc *const rules_subs[] = {
	&rules_list_doc, &rules_show_doc, &rules_lint_doc, &rules_facts_doc, NULL
};

const struct cmd_doc rules_doc = {
	"rules", "list | show ID | lint FILE... | facts: the rules", rules_usage,
	"Rules are data (`rules/*.yaml`): each names the facts it needs and a predicate over "
	"them, maps to provisions of each profile, and has a severity, a rationale and a "
	"remediation ([rules.md](rules.md)).", plain_tables, rules_subs
};

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
	int status = FWAUDIT_EXIT_CLEAN, warnings = 0;
	struct fw_err err;

	if ((catalog = fact_catalog_load()) == NULL)
		return die(FWAUDIT_EXIT_INTERNAL, "out of memory");
	if (ruleset_load(&builtin, rules_default_dir(), NULL, &err) != 0)
		builtin = NULL;
	for (int i = 0; i < argc; i++) {
		struct ruleset *rs = ruleset_new();

		if (ruleset_add_file(rs, argv[i], &err) != 0 || (builtin != NULL &&
		    ruleset_check_refs(rs, builtin, &err) != 0)) {
			fprintf(stderr, "%s\n", err.msg);
			status = FWAUDIT_EXIT_USAGE;
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
		if (status == FWAUDIT_EXIT_CLEAN)
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
	const struct cmd_doc *sub;
	const char *user = NULL;
	struct opt_parser op;
	struct ruleset *rs;
	struct fw_err err;
	int opt, status, operands;

	if ((sub = cmd_sub_select(&rules_doc, &argc, &argv, &status)) == NULL)
		return status;
	opt_parser_init(&op, sub);
	optind = 1;
	while ((opt = opt_next(&op, argc, argv, &status)) != -1) {
		if (opt == OPT_STOP)
			return status;
		if (opt == OPT_RULES_DIR)
			user = optarg;
	}
	argc -= optind;
	argv += optind;
	if (sub == &rules_lint_doc) {
		if (argc < 1) {
			cmd_usage_text(sub, stderr);
			return FWAUDIT_EXIT_USAGE;
		}
		return lint(argc, argv);
	}
	operands = sub == &rules_show_doc ? 1 : 0;
	if (argc != operands) {
		cmd_usage_text(sub, stderr);
		return FWAUDIT_EXIT_USAGE;
	}
	if (sub == &rules_facts_doc)
		return fact_catalog_markdown(stdout) == 0 ? FWAUDIT_EXIT_CLEAN : FWAUDIT_EXIT_INTERNAL;
	if (ruleset_load(&rs, rules_default_dir(), user, &err) != 0)
		return die(FWAUDIT_EXIT_USAGE, "%s", err.msg);
	if (sub == &rules_list_doc) {
		for (size_t i = 0; i < rs->nrules; i++)
			printf("%-36s %-8s %s\n", rs->rules[i]->id,
			    severity_name(rs->rules[i]->severity), rs->rules[i]->title);
		status = FWAUDIT_EXIT_CLEAN;
	} else {
		const struct rule *r = ruleset_rule(rs, argv[0]);

		status = r ? rule_show(rs, r) : die(FWAUDIT_EXIT_USAGE, "no rule '%s' ('fwaudit rules "
		    "list' shows them)", argv[0]);
	}
	ruleset_free(rs);
	return status;
}
