#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/optable.h"
#include "lib/fwaudit_browse.h"

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

int
cmd_rules(int argc, char **argv)
{
	const struct cmd_doc *sub;
	const char *user = NULL;
	struct opt_parser op;
	struct scan_result res;
	int opt, status;

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
	if (sub == &rules_lint_doc ? argc < 1 : argc != (sub == &rules_show_doc ? 1 : 0)) {
		cmd_usage_text(sub, stderr);
		return FWAUDIT_EXIT_USAGE;
	}
	if (sub == &rules_lint_doc)
		fwaudit_rules_lint((const char *const *)argv, (size_t)argc, stdout, stderr, &res);
	else if (sub == &rules_facts_doc)
		fwaudit_rules_facts(stdout, &res);
	else if (sub == &rules_list_doc)
		fwaudit_rules_list(user, stdout, &res);
	else
		fwaudit_rules_show(user, argv[0], stdout, &res);
	if (res.message[0] != '\0')
		die(res.status, "%s", res.message);
	return res.status;
}
