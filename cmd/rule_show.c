#include "cmd/rule_show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/ruleset.h"

/* A value as the YAML would write it, compactly. */
static void
print_value(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	fputs(s ? s : "?", stdout);
	free(s);
}

/* The predicate as the rule file states it, one operation a line, with
 * the YAML's operator names so it reads back to the file. */
static void
print_pred(const struct pred *p, int depth)
{
	printf("%*s", 2 * depth, "");
	switch (p->op) {
	case P_ALL:
	case P_ANY:
		printf("%s of:\n", p->op == P_ALL ? "all" : "any");
		for (size_t i = 0; i < p->nkids; i++)
			print_pred(p->kids[i], depth + 1);
		return;
	case P_NOT:
		printf("not:\n");
		print_pred(p->kids[0], depth + 1);
		return;
	case P_FOR_EACH:
		if (p->where == NULL) {
			printf("for each item of %s, require:\n", p->fact);
			print_pred(p->kids[0], depth + 1);
			return;
		}
		printf("for each item of %s where:\n", p->fact);
		print_pred(p->where, depth + 2);
		printf("%*srequire:\n", 2 * depth + 2, "");
		print_pred(p->kids[0], depth + 2);
		return;
	case P_EXISTS:
		printf("%s exists\n", p->fact);
		return;
	case P_MATCHES:
		printf("%s matches /%s/\n", p->fact, p->pattern);
		return;
	default:
		printf("%s %s ", p->fact, pred_op_name(p->op));
		print_value(p->value);
		putchar('\n');
		return;
	}
}

static bool
list_has(const json_t *a, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v)
		if (json_string_value(v) != NULL && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/* The provisions of p this rule gives evidence for: those the rule names,
 * in its order, then those whose profile entry lists the rule (the two ways
 * core/rollup.c joins them). */
static void
print_profile(const struct profile *p, const struct rule *r)
{
	json_t *named = json_object_get(r->provisions, p->id), *shown = json_array(), *v;
	size_t i;
	int w = 8;

	json_array_foreach(named, i, v)
		if (!list_has(shown, json_string_value(v)))
			json_array_append(shown, v);
	for (size_t k = 0; k < p->nprovisions; k++)
		if (list_has(p->provisions[k].rules, r->id) && !list_has(shown, p->provisions[k].id))
			json_array_append_new(shown, json_string(p->provisions[k].id));
	printf("  %s: ", p->id);
	if (json_array_size(shown) == 0)
		printf("none (%s %s V%s)\n", "no provision of", p->standard, p->version);
	else {
		print_json_list(shown);
		printf("  (%s V%s)\n", p->standard, p->version);
	}
	json_array_foreach(shown, i, v)
		if ((int)strlen(json_string_value(v)) > w)
			w = (int)strlen(json_string_value(v));
	json_array_foreach(shown, i, v) {
		const char *id = json_string_value(v);
		const struct provision *x = NULL;

		for (size_t k = 0; x == NULL && k < p->nprovisions; k++)
			if (strcmp(p->provisions[k].id, id) == 0)
				x = &p->provisions[k];
		if (x == NULL)
			printf("    %-*s not a provision of this profile\n", w, id);
		else if (p->alias_version != NULL)
			printf("    %-*s V%s %-8s %-10s %s\n", w, x->id, p->alias_version,
			    x->alias ? x->alias : "-", x->status, x->title);
		else
			printf("    %-*s %-10s %s\n", w, x->id, x->status, x->title);
	}
	json_decref(shown);
}

int
rule_show(const struct ruleset *rs, const struct rule *r)
{
	const char *prof;
	json_t *ids, *v;
	size_t i;

	printf("id:          %s\ntitle:       %s\nseverity:    %s\nfile:        %s:%u\n",
	    r->id, r->title, severity_name(r->severity), r->file, r->line);
	printf("\napplies when:\n");
	if (r->applies != NULL)
		print_pred(r->applies, 1);
	else
		printf("  always\n");
	printf("passes when:\n");
	print_pred(r->require, 1);
	printf("  (a fact it needs that is missing makes it not_tested, never pass)\n");
	printf("\nprovisions:\n");
	for (size_t k = 0; k < rs->nprofiles; k++)
		print_profile(rs->profiles[k], r);
	json_object_foreach(r->provisions, prof, ids) {
		if (ruleset_profile(rs, prof) != NULL)
			continue;
		printf("  %s: ", prof);
		print_json_list(ids);
		printf("  (no such profile loaded)\n");
	}
	if (json_array_size(r->ts103701) > 0) {
		printf("TS 103 701:  ");
		print_json_list(r->ts103701);
		putchar('\n');
	}
	printf("\nrationale:\n  %s\n\nremediation (the fix):\n  %s\n", r->rationale,
	    r->remediation);
	if (json_array_size(r->references) > 0) {
		printf("\nreferences:\n");
		json_array_foreach(r->references, i, v)
			printf("  %s\n", json_string_value(v));
	}
	return FWAUDIT_EXIT_CLEAN;
}
