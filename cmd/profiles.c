#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
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

int
cmd_profiles(int argc, char **argv)
{
	struct ruleset *rs;
	struct fw_err err;
	int status = EXIT_CLEAN;

	if (argc < 2 || (strcmp(argv[1], "list") && strcmp(argv[1], "show")) ||
	    (!strcmp(argv[1], "show") && argc < 3)) {
		fputs("usage: fwaudit profiles list | show NAME\n", stderr);
		return EXIT_USAGE;
	}
	if (ruleset_load(&rs, rules_default_dir(), NULL, &err) != 0)
		return die(EXIT_USAGE, "%s", err.msg);
	if (!strcmp(argv[1], "list")) {
		for (size_t i = 0; i < rs->nprofiles; i++)
			printf("%-20s %s (%zu provisions)\n", rs->profiles[i]->id,
			    rs->profiles[i]->title, rs->profiles[i]->nprovisions);
	} else {
		const struct profile *p = ruleset_profile(rs, argv[2]);

		if (p == NULL) {
			status = die(EXIT_USAGE, "no profile '%s' ('fwaudit profiles list' "
			    "shows them)", argv[2]);
		} else {
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
				show_evidence_rule(x);
			}
		}
	}
	ruleset_free(rs);
	return status;
}
