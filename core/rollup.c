#include "core/rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/needs.h"

struct rule_key {
	const char *id;
	size_t index;
};

/* Provision results repeat the same few counts objects: each distinct one
 * is made once and shared (nothing changes a provision's counts). */
struct counts_cache {
	int counts[V_COUNT];
	json_t *o;
};

struct rollup {
	const struct ruleset *rs;
	const struct facts *f;
	json_t *const *results;		/* per rule */
	const enum verdict *verdicts;	/* per rule */
	struct rule_key *by_id;		/* rule ids, sorted */
	json_t **entries;	/* per rule: its {id, severity, verdict}, shared by the provisions listing it */
	unsigned *seen;		/* per rule: the stamp of the provision that last listed it */
	unsigned stamp;
	struct counts_cache *counts;
	size_t ncounts, counts_cap;
};

/* What a profile needs beyond the ruleset, built once per profile instead
 * of scanning every rule for every provision: which rules name each
 * provision (in rule order), and each feature's condition, evaluated once. */
struct profile_index {
	const struct profile *p;
	size_t *named;		/* rule indices, grouped by provision */
	size_t *named_at;	/* provision k's: named[named_at[k] .. named_at[k + 1]) */
	signed char *feature;	/* per feature: -1 not evaluated yet, else enum tri */
};

static void
set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v);
}

static int
rule_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule_key *)a)->id, ((const struct rule_key *)b)->id);
}

struct rollup *
rollup_new(const struct ruleset *rs, const struct facts *f,
    json_t *const *results, const enum verdict *verdicts)
{
	struct rollup *ru = calloc(1, sizeof(*ru));

	if (ru == NULL)
		return NULL;
	ru->rs = rs;
	ru->f = f;
	ru->results = results;
	ru->verdicts = verdicts;
	ru->by_id = calloc(rs->nrules + 1, sizeof(*ru->by_id));
	ru->entries = calloc(rs->nrules + 1, sizeof(*ru->entries));
	ru->seen = calloc(rs->nrules + 1, sizeof(*ru->seen));
	if (ru->by_id == NULL || ru->entries == NULL || ru->seen == NULL) {
		rollup_free(ru);
		return NULL;
	}
	for (size_t i = 0; i < rs->nrules; i++)
		ru->by_id[i] = (struct rule_key){ rs->rules[i]->id, i };
	qsort(ru->by_id, rs->nrules, sizeof(*ru->by_id), rule_key_cmp);
	return ru;
}

void
rollup_free(struct rollup *ru)
{
	if (ru == NULL)
		return;
	for (size_t i = 0; ru->entries != NULL && i < ru->rs->nrules; i++)
		json_decref(ru->entries[i]);
	for (size_t i = 0; i < ru->ncounts; i++)
		json_decref(ru->counts[i].o);
	free(ru->by_id);
	free(ru->entries);
	free(ru->seen);
	free(ru->counts);
	free(ru);
}

static json_t *
shared_counts(struct rollup *ru, const int counts[V_COUNT])
{
	struct counts_cache *c;

	for (size_t i = 0; i < ru->ncounts; i++)
		if (memcmp(ru->counts[i].counts, counts, sizeof(ru->counts[i].counts)) == 0)
			return json_incref(ru->counts[i].o);
	if (ru->ncounts == ru->counts_cap) {
		size_t cap = ru->counts_cap * 2 + 16;

		if ((c = realloc(ru->counts, cap * sizeof(*c))) == NULL)
			return verdict_counts_json(counts);
		ru->counts = c;
		ru->counts_cap = cap;
	}
	c = &ru->counts[ru->ncounts];
	if ((c->o = verdict_counts_json(counts)) == NULL)
		return NULL;
	memcpy(c->counts, counts, sizeof(c->counts));
	ru->ncounts++;
	return json_incref(c->o);
}

/* The index of the rule with this id, or (size_t)-1. */
static size_t
rule_index(const struct rollup *ru, const char *id)
{
	struct rule_key key = { id, 0 }, *hit;

	if (id == NULL)	/* a result that lost its id to a failed allocation */
		return (size_t)-1;
	hit = bsearch(&key, ru->by_id, ru->rs->nrules, sizeof(*ru->by_id), rule_key_cmp);
	return hit != NULL ? hit->index : (size_t)-1;
}

struct pair {
	size_t provision, rule;
};

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->provision != y->provision)
		return x->provision < y->provision ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Provisions sorted by id; equal ids in profile order. */
static int
prov_key_cmp(const void *a, const void *b)
{
	const struct rule_key *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c != 0 ? c : (x->index > y->index) - (x->index < y->index);
}

static void
index_free(struct profile_index *ix)
{
	free(ix->named);
	free(ix->named_at);
	free(ix->feature);
}

/* 0, or -1 when out of memory. */
static int
index_profile(const struct rollup *ru, const struct profile *p, struct profile_index *ix)
{
	struct rule_key *keys = calloc(p->nprovisions + 1, sizeof(*keys));
	struct pair *pairs = NULL;
	size_t npairs = 0, cap = 0;
	int rc = -1;

	memset(ix, 0, sizeof(*ix));
	ix->p = p;
	ix->named_at = calloc(p->nprovisions + 1, sizeof(*ix->named_at));
	ix->feature = malloc(p->nfeatures + 1);
	if (keys == NULL || ix->named_at == NULL || ix->feature == NULL)
		goto out;
	memset(ix->feature, -1, p->nfeatures + 1);
	for (size_t k = 0; k < p->nprovisions; k++)
		keys[k] = (struct rule_key){ p->provisions[k].id, k };
	qsort(keys, p->nprovisions, sizeof(*keys), prov_key_cmp);
	for (size_t k = 0; k < ru->rs->nrules; k++) {
		json_t *ids = json_object_get(ru->rs->rules[k]->provisions, p->id), *pid;
		size_t i;

		json_array_foreach(ids, i, pid) {
			const char *id = json_string_value(pid);
			size_t lo = 0, hi = p->nprovisions;

			if (id == NULL)
				continue;
			while (lo < hi) {	/* the first provision with this id */
				size_t mid = lo + (hi - lo) / 2;

				if (strcmp(keys[mid].id, id) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < p->nprovisions && strcmp(keys[lo].id, id) == 0; lo++) {
				if (npairs == cap) {
					struct pair *grown;

					cap = cap * 2 + 64;
					if ((grown = realloc(pairs, cap * sizeof(*pairs))) == NULL)
						goto out;
					pairs = grown;
				}
				pairs[npairs++] = (struct pair){ keys[lo].index, k };
			}
		}
	}
	/* A rule naming a provision twice stays twice here; add_rule lists it once. */
	qsort(pairs, npairs, sizeof(*pairs), pair_cmp);
	if ((ix->named = malloc((npairs + 1) * sizeof(*ix->named))) == NULL)
		goto out;
	for (size_t i = 0; i < npairs; i++) {
		ix->named[i] = pairs[i].rule;
		ix->named_at[pairs[i].provision + 1]++;
	}
	for (size_t k = 0; k < p->nprovisions; k++)
		ix->named_at[k + 1] += ix->named_at[k];
	rc = 0;
out:
	free(keys);
	free(pairs);
	if (rc != 0)
		index_free(ix);
	return rc;
}

/* A feature is absent only when its condition is known to be false. */
static int
feature_absent(const struct rollup *ru, struct profile_index *ix, const char *id,
    char *why, size_t whylen)
{
	const struct profile *p = ix->p;

	for (size_t i = 0; i < p->nfeatures; i++) {
		if (strcmp(p->features[i].id, id) != 0 || p->features[i].when == NULL)
			continue;
		if (ix->feature[i] < 0) {
			struct pred_ctx ctx = { .facts = ru->f };

			ix->feature[i] = (signed char)pred_eval(p->features[i].when, &ctx);
		}
		if (ix->feature[i] == T_FALSE) {
			snprintf(why, whylen, "feature (%s) \"%s\" is absent",
			    id, p->features[i].title);
			return 1;
		}
	}
	return 0;
}

/* Lists rule k once per provision. Its {id, severity, verdict} is made
 * once and shared by every provision listing it: nothing changes it. */
static void
add_rule(struct rollup *ru, json_t *rules, int counts[V_COUNT], size_t k)
{
	enum verdict v = ru->verdicts[k];

	if (ru->seen[k] == ru->stamp)
		return;
	ru->seen[k] = ru->stamp;
	counts[v]++;
	if (ru->entries[k] == NULL) {
		json_t *o = json_object();

		set(o, "id", json_incref(json_object_get(ru->results[k], "id")));
		set(o, "severity", json_incref(json_object_get(ru->results[k], "severity")));
		set(o, "verdict", json_string(verdict_name(v)));
		ru->entries[k] = o;
	}
	json_array_append(rules, ru->entries[k]);
}

/* A rule the profile lists but the ruleset lacks: not tested. */
static void
add_unknown_rule(struct rollup *ru, json_t *rules, int counts[V_COUNT], const char *id)
{
	size_t i;
	json_t *r, *o;

	json_array_foreach(rules, i, r) {
		const char *rid = json_string_value(json_object_get(r, "id"));

		if (rid != NULL && strcmp(rid, id) == 0)
			return;
	}
	counts[V_NOT_TESTED]++;
	o = json_object();
	set(o, "id", json_string(id));
	set(o, "severity", json_string(severity_name(SEV_INFO)));
	set(o, "verdict", json_string(verdict_name(V_NOT_TESTED)));
	json_array_append_new(rules, o);
}

static json_t *
declarations_json(const struct rollup *ru, const struct provision *x, int counts[V_COUNT])
{
	json_t *decls = json_array(), *id;
	size_t i;

	json_array_foreach(x->declarations, i, id) {
		char name[256];
		json_t *rec, *val, *o = json_object(), *loc;

		snprintf(name, sizeof(name), "declared.%s", json_string_value(id));
		val = fact_lookup(ru->f, name, &rec);
		if (val != NULL && !json_is_null(val)) {
			counts[V_DECLARED]++;
			loc = json_object_get(rec, "loc");
			set(o, "input", json_incref(json_object_get(rec, "input")));
			set(o, "key", json_incref(id));
			set(o, "loc", loc != NULL ? json_incref(loc) : json_null());
			set(o, "value", json_incref(val));
		} else {
			counts[V_NOT_TESTED]++;
			set(o, "key", json_incref(id));
			set(o, "value", json_null());
		}
		json_array_append_new(decls, o);
	}
	return decls;
}

/* Rolls rule verdicts up: fail > not_tested > waived > pass > declared >
 * not_applicable. A provision with no evidence at all is not_tested. */
static enum verdict
worst(const int counts[V_COUNT])
{
	static const enum verdict order[] = { V_FAIL, V_NOT_TESTED, V_WAIVED,
	    V_PASS, V_DECLARED, V_NOT_APPLICABLE };

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (counts[order[i]] > 0)
			return order[i];
	return V_NOT_TESTED;
}

static void
provision_reason(char *reason, size_t len, enum verdict v, const int counts[V_COUNT],
    size_t nrules, const struct provision *x)
{
	switch (v) {
	case V_FAIL:
		snprintf(reason, len, "%d of %zu rules fail", counts[V_FAIL], nrules);
		break;
	case V_NOT_TESTED:
		if (nrules == 0 && json_array_size(x->declarations) == 0)
			snprintf(reason, len, "no automated evidence: "
			    "needs assessment by the test lab");
		else
			snprintf(reason, len, "evidence incomplete: %d not "
			    "tested (missing inputs or declarations), %d pass",
			    counts[V_NOT_TESTED], counts[V_PASS]);
		break;
	case V_WAIVED:
		snprintf(reason, len, "%d failing rules waived", counts[V_WAIVED]);
		break;
	case V_PASS:
		snprintf(reason, len, "all %d applicable rules pass", counts[V_PASS]);
		break;
	case V_DECLARED:
		snprintf(reason, len, "answered by the vendor's declaration");
		break;
	default:
		snprintf(reason, len, "no rule applies to these inputs");
		break;
	}
}

/* Whether rule id gave positive evidence: it passed (or was declared, or
 * failed and was waived: evidence gathered, its failure accepted). */
static bool
rule_gave_evidence(const struct rollup *ru, const char *id, enum verdict *v)
{
	size_t k = rule_index(ru, id);

	*v = k != (size_t)-1 ? ru->verdicts[k] : V_NOT_TESTED;
	return *v == V_PASS || *v == V_DECLARED || *v == V_WAIVED;
}

/* The provision's `requires:` as [{evidence, met, rules}]; the first unmet
 * kind of evidence is described in unmet (empty when all are met). */
static json_t *
requires_json(struct rollup *ru, const struct provision *x, char *unmet, size_t len)
{
	json_t *out = json_array(), *grp;
	size_t g;

	unmet[0] = '\0';
	json_array_foreach(x->requires, g, grp) {
		json_t *ids = json_object_get(grp, "rules"), *id;
		const char *what = json_string_value(json_object_get(grp, "evidence"));
		bool met = false;
		size_t i, at;
		enum verdict v;
		json_t *o;

		json_array_foreach(ids, i, id)
			met |= rule_gave_evidence(ru, json_string_value(id), &v);
		if (!met && unmet[0] == '\0') {
			at = (size_t)snprintf(unmet, len, "no rule showed %s (", what);
			json_array_foreach(ids, i, id) {
				rule_gave_evidence(ru, json_string_value(id), &v);
				if (at < len)
					at += (size_t)snprintf(unmet + at, len - at, "%s%s %s",
					    i > 0 ? ", " : "", json_string_value(id), verdict_name(v));
			}
			if (at < len)
				snprintf(unmet + at, len - at, ")");
		}
		o = json_object();
		set(o, "evidence", json_incref(json_object_get(grp, "evidence")));
		set(o, "met", json_boolean(met));
		set(o, "rules", json_incref(ids));
		json_array_append_new(out, o);
	}
	return out;
}

/* What an untested provision waits for: the needs of its untested rules
 * (those of its unmet `requires:` among them: judge_provision lists every
 * rule a provision requires), its unanswered declarations; with neither,
 * an assessment no input gives. */
static unsigned
provision_needs(struct rollup *ru, const json_t *rules, const json_t *decls)
{
	unsigned bits = 0;
	json_t *e;
	size_t i;

	json_array_foreach(rules, i, e) {
		const char *v = json_string_value(json_object_get(e, "verdict"));
		size_t k;

		if (v == NULL || strcmp(v, "not_tested") != 0)
			continue;
		k = rule_index(ru, json_string_value(json_object_get(e, "id")));
		bits |= k != (size_t)-1 ?
		    needs_bits(json_object_get(ru->results[k], "needs")) :
		    1u << need_find("other");
	}
	json_array_foreach(decls, i, e)
		if (json_is_null(json_object_get(e, "value")))
			bits |= 1u << need_find("declarations");
	return bits != 0 ? bits : 1u << need_find("other");
}

static json_t *
judge_provision(struct rollup *ru, struct profile_index *ix, size_t xi, bool alias,
    enum verdict *out)
{
	const struct provision *x = &ix->p->provisions[xi];
	int counts[V_COUNT] = { 0 };
	json_t *o, *rules = json_array(), *decls = NULL, *id, *grp, *reqs;
	char reason[512] = "", unmet[400];
	enum verdict v = V_NOT_APPLICABLE;
	bool feature_na = false;	/* declared absent: not applicable whatever the rules */
	size_t i;

	ru->stamp++;
	json_array_foreach(x->features, i, id) {
		char why[256];

		if (feature_absent(ru, ix, json_string_value(id), why, sizeof(why))) {
			snprintf(reason, sizeof(reason), "not applicable: %s", why);
			counts[V_NOT_APPLICABLE]++;
			decls = json_array();
			feature_na = true;
			break;
		}
	}
	if (decls == NULL) {
		/* The rules that name this provision, then any the profile adds. */
		for (size_t k = ix->named_at[xi]; k < ix->named_at[xi + 1]; k++)
			add_rule(ru, rules, counts, ix->named[k]);
		json_array_foreach(x->rules, i, id) {
			size_t k = rule_index(ru, json_string_value(id));

			if (k != (size_t)-1)
				add_rule(ru, rules, counts, k);
			else
				add_unknown_rule(ru, rules, counts, json_string_value(id));
		}
		/* A rule a provision requires is evidence for it, named or not. */
		json_array_foreach(x->requires, i, grp) {
			size_t j;

			json_array_foreach(json_object_get(grp, "rules"), j, id) {
				size_t k = rule_index(ru, json_string_value(id));

				if (k != (size_t)-1)
					add_rule(ru, rules, counts, k);
			}
		}
		decls = declarations_json(ru, x, counts);
		v = worst(counts);
		provision_reason(reason, sizeof(reason), v, counts, json_array_size(rules), x);
	}
	reqs = requires_json(ru, x, unmet, sizeof(unmet));
	/* Rules that pass or do not apply are not enough: each kind of
	 * evidence the provision's text asks for must have been shown. */
	if (unmet[0] != '\0' && !feature_na && (v == V_PASS || v == V_DECLARED ||
	    v == V_NOT_APPLICABLE)) {
		v = V_NOT_TESTED;
		snprintf(reason, sizeof(reason), "evidence incomplete: %s", unmet);
	}
	o = json_object();
	if (!alias && x->alias != NULL)
		set(o, "alias_id", json_string(x->alias));
	if (x->clause != NULL)
		set(o, "clause", json_string(x->clause));
	set(o, "counts", shared_counts(ru, counts));
	set(o, "declarations", decls);
	if (x->evidence_basis != NULL)
		set(o, "evidence_basis", json_string(x->evidence_basis));
	set(o, "features", json_incref(x->features));
	set(o, "id", json_string(alias ? x->alias : x->id));
	if (v == V_NOT_TESTED)
		set(o, "needs", needs_json(provision_needs(ru, rules, decls)));
	if (x->note != NULL)
		set(o, "note", json_string(x->note));
	set(o, "reason", json_string(reason));
	if (json_array_size(reqs) > 0)
		set(o, "requires", reqs);
	else
		json_decref(reqs);
	set(o, "rules", rules);
	set(o, "status", json_string(x->status));
	set(o, "title", json_string(x->title));
	set(o, "ts103701", json_incref(x->ts103701));
	if (alias)
		set(o, "v3_id", json_string(x->id));
	set(o, "verdict", json_string(verdict_name(v)));
	*out = v;
	return o;
}

json_t *
rollup_profile(struct rollup *ru, const struct profile *p, const char *standard_version)
{
	bool alias = p->alias_version != NULL && standard_version != NULL &&
	    strcmp(standard_version, p->alias_version) == 0;
	int counts[V_COUNT] = { 0 };
	struct profile_index ix;
	json_t *list, *o;

	if (index_profile(ru, p, &ix) != 0)
		return NULL;
	list = json_array();
	for (size_t k = 0; k < p->nprovisions; k++) {
		enum verdict v;

		if (alias && p->provisions[k].alias == NULL)
			continue;	/* new in this version: no ID in the alias version */
		json_array_append_new(list, judge_provision(ru, &ix, k, alias, &v));
		counts[v]++;
	}
	index_free(&ix);
	o = json_object();
	set(o, "id", json_string(p->id));
	if (p->note != NULL)
		set(o, "note", json_string(p->note));
	set(o, "provisions", list);
	set(o, "standard", json_string(p->standard));
	set(o, "summary", verdict_counts_json(counts));
	set(o, "title", json_string(p->title));
	set(o, "version", json_string(alias ? p->alias_version : p->version));
	return o;
}
