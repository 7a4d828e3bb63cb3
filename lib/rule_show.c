#include "lib/rule_show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ruleset.h"
#include "lib/result.h"
#include "util/json_out.h"

/* A value as the YAML would write it, compactly. */
static void
print_value(FILE *out, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	fputs(s ? s : "?", out);
	free(s);
}

/* The predicate as the rule file states it, one operation a line, with
 * the YAML's operator names so it reads back to the file. */
static void
print_pred(FILE *out, const struct pred *p, int depth)
{
	fprintf(out, "%*s", 2 * depth, "");
	switch (p->op) {
	case P_ALL:
	case P_ANY:
		fprintf(out, "%s of:\n", p->op == P_ALL ? "all" : "any");
		for (size_t i = 0; i < p->nkids; i++)
			print_pred(out, p->kids[i], depth + 1);
		return;
	case P_NOT:
		fprintf(out, "not:\n");
		print_pred(out, p->kids[0], depth + 1);
		return;
	case P_FOR_EACH:
		if (p->where == NULL) {
			fprintf(out, "for each item of %s, require:\n", p->fact);
			print_pred(out, p->kids[0], depth + 1);
			return;
		}
		fprintf(out, "for each item of %s where:\n", p->fact);
		print_pred(out, p->where, depth + 2);
		fprintf(out, "%*srequire:\n", 2 * depth + 2, "");
		print_pred(out, p->kids[0], depth + 2);
		return;
	case P_EXISTS:
		fprintf(out, "%s exists\n", p->fact);
		return;
	case P_MATCHES:
		fprintf(out, "%s matches /%s/\n", p->fact, p->pattern);
		return;
	default:
		fprintf(out, "%s %s ", p->fact, pred_op_name(p->op));
		print_value(out, p->value);
		fputc('\n', out);
		return;
	}
}

/* The provisions of p this rule gives evidence for: those the rule names,
 * in its order, then those whose profile entry lists the rule (the two ways
 * core/rollup.c joins them). */
static void
print_profile(FILE *out, const struct profile *p, const struct rule *r)
{
	json_t *named = json_object_get(r->provisions, p->id), *shown = json_array(), *v;
	size_t i;
	int w = 8;

	json_array_foreach(named, i, v)
		if (!json_array_has_string(shown, json_string_value(v)))
			json_array_append(shown, v);
	for (size_t k = 0; k < p->nprovisions; k++)
		if (json_array_has_string(p->provisions[k].rules, r->id) &&
		    !json_array_has_string(shown, p->provisions[k].id))
			json_array_append_new(shown, json_string(p->provisions[k].id));
	fprintf(out, "  %s: ", p->id);
	if (json_array_size(shown) == 0)
		fprintf(out, "none (%s %s V%s)\n", "no provision of", p->standard, p->version);
	else {
		lib_print_list(out, shown);
		fprintf(out, "  (%s V%s)\n", p->standard, p->version);
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
			fprintf(out, "    %-*s not a provision of this profile\n", w, id);
		else if (p->alias_version != NULL)
			fprintf(out, "    %-*s V%s %-8s %-10s %s\n", w, x->id, p->alias_version,
			    x->alias ? x->alias : "-", x->status, x->title);
		else
			fprintf(out, "    %-*s %-10s %s\n", w, x->id, x->status, x->title);
	}
	json_decref(shown);
}

void
rule_show(FILE *out, const struct ruleset *rs, const struct rule *r)
{
	const char *prof;
	json_t *ids, *v;
	size_t i;

	fprintf(out, "id:          %s\ntitle:       %s\nseverity:    %s\nfile:        %s:%u\n",
	    r->id, r->title, severity_name(r->severity), r->file, r->line);
	fprintf(out, "\napplies when:\n");
	if (r->applies != NULL)
		print_pred(out, r->applies, 1);
	else
		fprintf(out, "  always\n");
	fprintf(out, "passes when:\n");
	print_pred(out, r->require, 1);
	fprintf(out, "  (a fact it needs that is missing makes it not_tested, never pass)\n");
	fprintf(out, "\nprovisions:\n");
	for (size_t k = 0; k < rs->nprofiles; k++)
		print_profile(out, rs->profiles[k], r);
	json_object_foreach(r->provisions, prof, ids) {
		if (ruleset_profile(rs, prof) != NULL)
			continue;
		fprintf(out, "  %s: ", prof);
		lib_print_list(out, ids);
		fprintf(out, "  (no such profile loaded)\n");
	}
	if (json_array_size(r->ts103701) > 0) {
		fprintf(out, "TS 103 701:  ");
		lib_print_list(out, r->ts103701);
		fputc('\n', out);
	}
	fprintf(out, "\nrationale:\n  %s\n\nremediation (the fix):\n  %s\n", r->rationale,
	    r->remediation);
	if (json_array_size(r->references) > 0) {
		fprintf(out, "\nreferences:\n");
		json_array_foreach(r->references, i, v)
			fprintf(out, "  %s\n", json_string_value(v));
	}
}
